// Unsubscribe endpoints: GET shows a confirmation page, POST unsubscribes at once (RFC 8058 one-click).
import { Hono } from "hono";
import type { Db } from "../store/openStore.ts";
import { findSubscriberById, setSubscriberStatus, type Subscriber } from "../store/subscribers.ts";
import { tokenSubscriberId, verifyUnsubscribeToken } from "../send/unsubscribeToken.ts";
import { escapeHtml, page } from "./page.ts";

export interface UnsubscribeDeps {
  db: Db;
  secret: string;
  newsletterName: string;
  clock: () => Date;
}

export function unsubscribeRoutes(deps: UnsubscribeDeps): Hono {
  const app = new Hono();
  const invalid = page("Link not valid", "<h1>This unsubscribe link is not valid</h1><p>It may have been changed or cut short. Use the link from the newsletter's footer.</p>");

  // A GET must not unsubscribe: mail scanners follow links. It asks for a click that POSTs.
  app.get("/unsubscribe/:token", (c) => {
    const subscriber = subscriberFor(deps, c.req.param("token"));
    if (!subscriber) return c.html(invalid, 404);
    const name = escapeHtml(deps.newsletterName);
    if (subscriber.status === "unsubscribed") {
      return c.html(page("Unsubscribed", `<h1>You are unsubscribed</h1><p>${escapeHtml(subscriber.email)} no longer receives ${name}.</p>`));
    }
    return c.html(
      page(
        `Unsubscribe from ${deps.newsletterName}`,
        `<h1>Unsubscribe from ${name}?</h1>
<p>${escapeHtml(subscriber.email)} will receive no more issues.</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  // One-click: mail clients POST "List-Unsubscribe=One-Click" with no cookies and no confirmation.
  app.post("/unsubscribe/:token", (c) => {
    const subscriber = subscriberFor(deps, c.req.param("token"));
    if (!subscriber) return c.html(invalid, 404);
    // Whatever the status: a bounce or a complaint may be undone by an operator later, an opt-out must not be lost.
    if (subscriber.status !== "unsubscribed") setSubscriberStatus(deps.db, subscriber.id, "unsubscribed", deps.clock());
    const name = escapeHtml(deps.newsletterName);
    return c.html(page("Unsubscribed", `<h1>You are unsubscribed</h1><p>${escapeHtml(subscriber.email)} will receive no more issues of ${name}.</p>`));
  });

  return app;
}

function subscriberFor(deps: UnsubscribeDeps, token: string): Subscriber | undefined {
  const id = tokenSubscriberId(token);
  if (id === undefined) return undefined;
  const subscriber = findSubscriberById(deps.db, id);
  if (!subscriber || !verifyUnsubscribeToken(deps.secret, token, subscriber.email)) return undefined;
  return subscriber;
}
