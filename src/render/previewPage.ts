// A static page that shows a built digest side by side at phone and desktop widths, in sandboxed frames.
import { escapeHtml } from "./personalFields.ts";

export const PREVIEW_WIDTHS = [375, 600] as const;

/** `htmlFile` is the digest's path relative to the page; the frames run no scripts and reach nothing of the page. */
export function previewPage(title: string, htmlFile: string): string {
  const frames = PREVIEW_WIDTHS.map(
    (width) => `    <figure>
      <figcaption>${width} px</figcaption>
      <iframe sandbox src="${escapeHtml(htmlFile)}" width="${width}" height="900" title="${escapeHtml(title)} at ${width} px"></iframe>
    </figure>`,
  ).join("\n");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Preview: ${escapeHtml(title)}</title>
    <style>
      body { margin: 16px; font: 14px system-ui, sans-serif; background: #eaeaea; }
      main { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
      figure { margin: 0; }
      iframe { display: block; border: 1px solid #999; background: #fff; }
    </style>
  </head>
  <body>
    <h1>${escapeHtml(title)}</h1>
    <main>
${frames}
    </main>
  </body>
</html>
`;
}
