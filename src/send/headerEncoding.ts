// Header values in 7-bit form (RFC 2047 encoded words), the same for messages we splice and ones nodemailer composes.
import libmime from "libmime";

const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/i;

/**
 * Printable ASCII goes as it is; anything else is Q-encoded word by word. Text that merely looks like
 * an encoded word ("=?UTF-8?B?…?=" in a feed's title) is encoded whole: left bare, a mail client would
 * decode it and show subscribers words the editor never saw (RFC 2047 §5).
 */
export function encodeHeaderValue(value: string): string {
  if (ENCODED_WORD.test(value)) return libmime.encodeWord(value, "Q", 52);
  return /^[\x20-\x7e]*$/.test(value) ? value : libmime.encodeWords(value, "Q", 52);
}

/**
 * The subject and our own headers as nodemailer's "prepared" headers, encoded here rather than by
 * nodemailer: it encodes a whole custom header value, which breaks `List-Id: name <id>` (the id must
 * stay bare, RFC 2919), and it leaves an encoded-word lookalike in a subject bare.
 */
export function preparedHeaders(headers: Record<string, string>): Record<string, { prepared: true; foldLines: true; value: string }> {
  const prepared: Record<string, { prepared: true; foldLines: true; value: string }> = {};
  for (const [name, value] of Object.entries(headers)) prepared[name] = { prepared: true, foldLines: true, value: encodeHeaderValue(value) };
  return prepared;
}
