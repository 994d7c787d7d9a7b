// Short teasers: cut at a word boundary, never inside a word or a multi-byte character, ended with "…".
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const words = new Intl.Segmenter(undefined, { granularity: "word" });

export const ELLIPSIS = "…";

/** Scripts written without spaces between words: only Intl.Segmenter knows where their words end. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** `text` when it fits in `maxLength` characters, else its longest word-bounded prefix plus "…". */
export function cutTeaser(text: string, maxLength: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(graphemes.segment(clean), (s) => s.segment);
  if (chars.length <= maxLength) return clean;
  // Room for the ellipsis.
  const kept = chars.slice(0, cutAt(chars, maxLength - 1, clean));
  return kept.join("").replace(/[\s,;:.!?\-–—、。，；：！？]+$/u, "") + ELLIPSIS;
}

/**
 * How many graphemes to keep, at most `room`: up to the last space, or the last word boundary touching a script
 * without spaces, whichever comes later. So "iPhone 16 发布会今天在加州举行…" is cut inside its Chinese sentence, not
 * after "16", while a Latin word is still never cut. When there is neither (one giant word), the last word boundary
 * of any kind ("e-mail" at its hyphen), else a character boundary.
 */
function cutAt(chars: readonly string[], room: number, text: string): number {
  const boundaries = wordBoundaries(chars, room, text);
  for (let i = room; i > 0; i--) {
    if (chars[i] === " ") return i;
    if (boundaries.has(i) && (UNSPACED.test(chars[i - 1]!) || UNSPACED.test(chars[i]!))) return i;
  }
  const last = Math.max(0, ...boundaries);
  return last > 0 ? last : room;
}

/** Intl.Segmenter's word boundaries within the first `room` graphemes, as grapheme counts. */
function wordBoundaries(chars: readonly string[], room: number, text: string): Set<number> {
  const graphemeAt = new Map<number, number>();
  let offset = 0;
  for (let i = 0; i <= room; i++) {
    graphemeAt.set(offset, i);
    offset += chars[i]!.length;
  }
  const found = new Set<number>();
  for (const { index } of words.segment(text)) {
    const at = graphemeAt.get(index);
    if (index > offset) break;
    if (at !== undefined && at > 0) found.add(at);
  }
  return found;
}
