// DKIM (RFC 6376, rsa-sha256, relaxed/relaxed) for the raw messages we splice, signed off the main thread.
import { createHash, createPrivateKey, sign, type KeyObject } from "node:crypto";
import { promisify } from "node:util";

const signAsync = promisify(sign);

export interface DkimKey {
  domainName: string;
  keySelector: string;
  /** PEM text. */
  privateKey: string;
}

export interface DkimSigner {
  /**
   * The DKIM-Signature header line (CRLF-terminated) for a message whose header lines are given as
   * written (folded, CRLF-terminated) and whose body is already in relaxed canonical form.
   */
  sign(headerLines: readonly string[], canonicalBody: readonly (Buffer | string)[], now: Date): Promise<string>;
}

/**
 * Why not nodemailer's signer: it canonicalises every 60 KB body byte by byte in JavaScript and signs
 * synchronously with a PEM it parses again each time — three quarters of a message's CPU. Our body
 * is encoded so that it already is its own relaxed canonical form (see mimeTemplate.ts), the key is
 * parsed once, and the RSA operation runs on libuv's thread pool, so the other core does it.
 */
export function createDkimSigner(key: DkimKey): DkimSigner {
  const privateKey: KeyObject = createPrivateKey(key.privateKey);
  return {
    async sign(headerLines, canonicalBody, now) {
      const bodyHash = createHash("sha256");
      // Strings in a body are 7-bit: latin1 is their bytes, without a UTF-8 encoder pass.
      for (const chunk of canonicalBody) typeof chunk === "string" ? bodyHash.update(chunk, "latin1") : bodyHash.update(chunk);
      const signed = headerLines.map(relaxedHeader).filter((h) => SIGNED.has(h.slice(0, h.indexOf(":"))));
      const tags = [
        "v=1",
        "a=rsa-sha256",
        "c=relaxed/relaxed",
        `d=${key.domainName}`,
        `s=${key.keySelector}`,
        `t=${Math.floor(now.getTime() / 1000)}`,
        `h=${signed.map((h) => h.slice(0, h.indexOf(":"))).join(":")}`,
        `bh=${bodyHash.digest("base64")}`,
      ];
      const unsigned = `DKIM-Signature: ${tags.slice(0, 6).join("; ")};\r\n ${tags[6]};\r\n ${tags[7]};\r\n b=`;
      const input = `${signed.map((h) => `${h}\r\n`).join("")}${relaxedHeader(unsigned)}`;
      const signature = await signAsync("sha256", Buffer.from(input), privateKey);
      return `${unsigned}${signature.toString("base64")}\r\n`;
    },
  };
}

/** The headers we sign when present: everything a reader or a filter acts on (RFC 8058 requires the List-Unsubscribe pair). */
const SIGNED = new Set([
  "from",
  "to",
  "reply-to",
  "subject",
  "date",
  "message-id",
  "mime-version",
  "content-type",
  "list-id",
  "list-unsubscribe",
  "list-unsubscribe-post",
  "feedback-id",
]);

/** RFC 6376 §3.4.2: lower-case name, unfolded, runs of white space as one space, none at the ends. */
export function relaxedHeader(line: string): string {
  const colon = line.indexOf(":");
  const name = line.slice(0, colon).trim().toLowerCase();
  const value = line.slice(colon + 1).replace(/\r?\n/g, "").replace(/[ \t]+/g, " ").trim();
  return `${name}:${value}`;
}
