// Personal unsubscribe tokens: the subscriber id plus an HMAC over id and address, so none can be forged.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";

/** The secret as a key object, for signing many tokens: a string key is converted again on every HMAC. */
export function unsubscribeKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret));
}

function mac(secret: string | KeyObject, subscriberId: number, email: string): string {
  return createHmac("sha256", secret).update(`unsubscribe\n${subscriberId}\n${email}`).digest("base64url").slice(0, 32);
}

export function signUnsubscribeToken(secret: string | KeyObject, subscriberId: number, email: string): string {
  return `${subscriberId}.${mac(secret, subscriberId, email)}`;
}

/** The subscriber id the token claims; check it with verifyUnsubscribeToken once the address is known. */
export function tokenSubscriberId(token: string): number | undefined {
  const match = /^(\d{1,15})\.[\w-]{32}$/.exec(token);
  return match ? Number(match[1]) : undefined;
}

export function verifyUnsubscribeToken(secret: string, token: string, email: string): boolean {
  const id = tokenSubscriberId(token);
  if (id === undefined) return false;
  const expected = Buffer.from(signUnsubscribeToken(secret, id, email));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
