// Bytes to text: the charset from a BOM, the HTTP header or the XML declaration, checked against the bytes so mislabelled feeds read correctly or fail clearly.
import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { LeadlineError } from "../errors.ts";
import { firstInvalidUtf8 } from "../firstInvalidUtf8.ts";

/** Labels browsers read as Windows-1252, because that is what such documents really are. */
const WINDOWS_1252_ALIASES = new Set(["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252"]);

export function decodeFeed(body: Uint8Array, contentType?: string): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const bom = charsetFromBom(bytes);
  if (bom) return iconv.decode(bytes, bom);
  const fromHeader = charsetFromHeader(contentType);
  const fromXml = charsetFromDeclaration(bytes);
  const declared = fromHeader ?? fromXml;
  const charset = canonical(declared ?? "utf-8");
  if (!iconv.encodingExists(charset)) throw new LeadlineError("EFEED", `unsupported character set "${declared}"`);
  if (charset === "utf-8") {
    if (isUtf8(bytes)) return bytes.toString("utf8");
    // A server's default charset (Apache's AddDefaultCharset UTF-8) over a document that names its
    // own: the document knows what it is.
    const own = fromHeader && fromXml ? canonical(fromXml) : undefined;
    if (own && own !== "utf-8" && iconv.encodingExists(own)) return iconv.decode(bytes, own);
    return notUtf8(bytes, fromHeader ? `declared as ${fromHeader} by the server (Content-Type)` : fromXml ? `declared as ${fromXml} by its XML declaration` : undefined);
  }
  // UTF-8 labelled as a single-byte charset: valid multi-byte UTF-8 is almost never meant as Latin text.
  if (charset === "windows-1252" && !isAscii(bytes) && isUtf8(bytes)) return bytes.toString("utf8");
  return iconv.decode(bytes, charset);
}

function notUtf8(bytes: Buffer, declared: string | undefined): string {
  // Old feeds that declare nothing are usually Windows-1252; one that says UTF-8 and is not gets an error, not mojibake.
  if (declared === undefined) return iconv.decode(bytes, "windows-1252");
  const offset = firstInvalidUtf8(bytes);
  throw new LeadlineError(
    "EFEED",
    `${declared} but is not valid UTF-8 (byte 0x${bytes[offset]?.toString(16).toUpperCase()} at offset ${offset}); the feed's charset declaration is wrong`,
  );
}

function canonical(label: string): string {
  const lower = label.trim().toLowerCase();
  if (lower === "utf8" || lower === "utf-8") return "utf-8";
  return WINDOWS_1252_ALIASES.has(lower) ? "windows-1252" : lower;
}

function isAscii(bytes: Buffer): boolean {
  return bytes.every((b) => b < 0x80);
}

/** A BOM, or the first "<" of a UTF-16 document that has none. */
function charsetFromBom(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f) return "utf-16le";
  if (body[0] === 0x00 && body[1] === 0x3c && body[3] === 0x3f) return "utf-16be";
  return undefined;
}

function charsetFromHeader(contentType?: string): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
}

function charsetFromDeclaration(body: Buffer): string | undefined {
  const head = body.subarray(0, 200).toString("latin1");
  return /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
}
