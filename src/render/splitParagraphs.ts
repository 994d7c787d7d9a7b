// An editor's text as they wrote it: paragraphs at blank lines, lines at line breaks (LF, CRLF from a browser form, or CR).
export function splitParagraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split("\n").map((line) => line.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0);
}
