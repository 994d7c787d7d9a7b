// A static page that shows a built digest side by side at phone and desktop widths, in sandboxed frames.
import { escapeHtml } from "./personalFields.ts";

export const PREVIEW_WIDTHS = [375, 600] as const;

/** Figures with the message at each preview width; the sandbox runs no scripts and keeps the frame from the page. */
export function previewFrames(src: string, title: string): string {
  return PREVIEW_WIDTHS.map(
    (width) => `    <figure>
      <figcaption>${width} px</figcaption>
      <iframe sandbox src="${escapeHtml(src)}" width="${width}" height="900" title="${escapeHtml(title)} at ${width} px"></iframe>
    </figure>`,
  ).join("\n");
}

/** `htmlFile` is the digest's path relative to the page. */
export function previewPage(title: string, htmlFile: string): string {
  const frames = previewFrames(htmlFile, title);
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
