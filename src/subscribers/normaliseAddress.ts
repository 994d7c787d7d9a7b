// Email addresses as we store them: trimmed, the domain lower-cased and in ASCII (IDN), syntax checked.
import { domainToASCII } from "node:url";

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The normalised address, or an explanation of why it is not one. */
export function normaliseAddress(input: string): { ok: true; address: string } | { ok: false; reason: string } {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, reason: `invalid address "${trimmed}": expected local@domain` };
  const local = trimmed.slice(0, at);
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  if (local.length > 64 || !LOCAL_PART.test(local)) return { ok: false, reason: `invalid address "${trimmed}": bad local part` };
  const labels = domain.split(".");
  if (domain === "" || labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) {
    return { ok: false, reason: `invalid address "${trimmed}": bad domain` };
  }
  return { ok: true, address: `${local}@${domain}` };
}

/**
 * What makes two stored addresses one subscriber: the address with its local part in lower case,
 * letters outside ASCII too (SQLite's NOCASE folds A–Z only, so "Élodie@" and "élodie@" were two).
 */
export function addressKey(address: string): string {
  return address.normalize("NFC").toLowerCase();
}
