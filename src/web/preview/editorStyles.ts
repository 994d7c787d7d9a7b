// The editor page's stylesheet, sent inline under the page's CSP nonce.
export const editorStyles = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; padding: 16px 24px; color: #1f2328; background: #f6f7f9; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
header h1 { flex-basis: 100%; }
.schedule { margin: 0; }
form { display: inline; margin: 0; }
.row form { margin-right: 4px; }
button { font: inherit; padding: 4px 10px; border: 1px solid #0b5cad; background: #0b5cad; color: #fff; border-radius: 4px; cursor: pointer; }
button.secondary { background: #fff; color: #0b5cad; }
button.danger { background: #fff; color: #b42318; border-color: #b42318; }
.flash { background: #e6f4ea; border: 1px solid #7ac38f; padding: 6px 10px; border-radius: 4px; }
.problem, .error { background: #fdecea; border: 1px solid #e5837a; padding: 6px 10px; border-radius: 4px; }
.error { border-left: 4px solid #b42318; color: #8a1c12; font-weight: 600; }
.message { display: grid; gap: 6px; margin: 12px 0; max-width: 980px; }
.message p { margin: 0; }
.hint { color: #57606a; } .hint form { margin-left: 8px; }
.field { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.field label, .label { font-weight: 600; min-width: 110px; display: inline-block; }
.field input, .field textarea { flex: 1 1 14em; min-width: 0; font: inherit; padding: 4px 6px; }
.ok { color: #1a7f37; } .warn { color: #9a6700; } .over { color: #b42318; font-weight: 600; }
.frames { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.frames figure { margin: 0; max-width: 100%; overflow-x: auto; } figcaption { color: #57606a; }
code { overflow-wrap: anywhere; } td { overflow-wrap: break-word; }
iframe { display: block; border: 1px solid #999; background: #fff; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
td.actions { white-space: nowrap; } td.actions form { margin-right: 2px; }
td.score { font-variant-numeric: tabular-nums; white-space: nowrap; }
pre { background: #fff; border: 1px solid #d0d7de; padding: 8px; max-width: 80ch; white-space: pre-wrap; overflow-wrap: anywhere; }
/* A phone: each story becomes a block of its own, labelled cells one under the other, buttons wrapping. */
@media (max-width: 720px) {
  body { padding: 12px; }
  table, tbody, tr, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tr { border-bottom: 1px solid #d0d7de; padding: 6px 8px; }
  td { border: 0; padding: 2px 0; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  td.actions, td.score { white-space: normal; }
  td.actions form { display: inline-block; margin: 4px 4px 0 0; }
}
`;
