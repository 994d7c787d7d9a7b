// Short teasers: cut at a word boundary, never inside a word or a multi-byte character, ended with "…".
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const words = new Intl.Segmenter(undefined, { granularity: "word" });

export const ELLIPSIS = "…";

/** `text` when it fits in `maxLength` characters, else its longest word-bounded prefix plus "…". */
export function cutTeaser(text: string, maxLength: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(graphemes.segment(clean), (s) => s.segment);
  if (chars.length <= maxLength) return clean;

  // Room for the ellipsis; then back off to the last space so no word is cut.
  const room = chars.slice(0, maxLength - 1);
  const lastSpace = room.lastIndexOf(" ");
  const kept = lastSpace > 0 ? room.slice(0, lastSpace) : room.slice(0, lastWordEnd(room, clean));
  return kept.join("").replace(/[\s,;:.!?\-–—]+$/u, "") + ELLIPSIS;
}

/**
 * Scripts written without spaces (Thai, Japanese, Chinese) still have word boundaries: the last one
 * that fits, in graphemes. A single word longer than the room is cut at a character boundary.
 */
function lastWordEnd(room: readonly string[], text: string): number {
  const limit = room.join("").length;
  let end = 0;
  for (const segment of words.segment(text)) {
    const segmentEnd = segment.index + segment.segment.length;
    if (segmentEnd > limit) break;
    end = segmentEnd;
  }
  if (end === 0) return room.length;
  return Array.from(graphemes.segment(text.slice(0, end))).length;
}
