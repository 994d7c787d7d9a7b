// Small server-rendered pages: one shell, escaped text, no client JavaScript.
import { escapeHtml } from "../render/personalFields.ts";

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
  button { font: inherit; padding: .5rem 1rem; background: #0b5cad; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export { escapeHtml };
