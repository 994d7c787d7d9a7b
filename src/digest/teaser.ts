// Short teasers: cut at a word boundary, never inside a word or a multi-byte character, ended with "…".
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

export const ELLIPSIS = "…";

/** `text` when it fits in `maxLength` characters, else its longest word-bounded prefix plus "…". */
export function cutTeaser(text: string, maxLength: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(graphemes.segment(clean), (s) => s.segment);
  if (chars.length <= maxLength) return clean;

  // Room for the ellipsis; then back off to the last space so no word is cut.
  const room = chars.slice(0, maxLength - 1);
  const lastSpace = room.lastIndexOf(" ");
  const kept = lastSpace > 0 ? room.slice(0, lastSpace) : room;
  return kept.join("").replace(/[\s,;:.!?\-–—]+$/u, "") + ELLIPSIS;
}
