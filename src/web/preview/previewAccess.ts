// Who may use the editor's preview: anyone on a loopback address, otherwise only holders of LEADLINE_PREVIEW_TOKEN.
import { isIP } from "node:net";
import { LeadlineError } from "../../errors.ts";

/** Long enough that guessing it over HTTP is hopeless. */
const MIN_TOKEN_LENGTH = 16;

export interface PreviewAccess {
  /** When set, every request to the preview must carry this token (or a session it opened). */
  token?: string;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

/**
 * The preview's access rule for a server bound to `host`: a token, when one is given, is always
 * required; without one, only a loopback address is allowed (anything else refuses to start).
 */
export function previewAccess(host: string, token: string | undefined): PreviewAccess {
  if (token !== undefined && token !== "") {
    if (token.length < MIN_TOKEN_LENGTH) throw new LeadlineError("EINPUT", `LEADLINE_PREVIEW_TOKEN: expected at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}`);
    return { token };
  }
  if (!isLoopbackHost(host)) {
    throw new LeadlineError(
      "EINPUT",
      `preview: refusing to serve the editor on ${host}, which is not a loopback address, without an access token; set LEADLINE_PREVIEW_TOKEN (${MIN_TOKEN_LENGTH}+ characters) or use --host 127.0.0.1`,
    );
  }
  return {};
}
