// The hostile-feed corpus: XSS and injection vectors, each carrying a marker (XSSn) so a survivor names its vector.
import { rssFeed, type ItemSpec } from "../helpers/fixtures.ts";

const escape = (html: string) => html.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** HTML put into item descriptions (escaped, as RSS carries HTML). */
export const CONTENT_VECTORS = [
  `<script>alert('XSS1')</script>`,
  `<img src=x onerror="alert('XSS2')">`,
  `<a href="javascript:alert('XSS3')">a</a>`,
  `<a href="JaVaScRiPt&#58;alert('XSS4')">a</a>`,
  `<a href="&#106;avascript:alert('XSS5')">a</a>`,
  `<a href=" &#14; javascript:alert('XSS6')">a</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5YU1M3PC9zY3JpcHQ+">XSS7</a>`,
  `<img src="data:image/svg+xml,&lt;svg onload=alert('XSS8')&gt;">`,
  `<svg><script>alert('XSS9')</script></svg>`,
  `<svg onload="alert('XSS10')"/>`,
  `<div style="width: expression(alert('XSS11'))">css</div>`,
  `<p style="background:url(javascript:alert('XSS12'))">css</p>`,
  `<style>@import 'javascript:alert("XSS13")';</style>`,
  `<<script>script>alert('XSS14')<</script>/script>`,
  `<scr<script>ipt>alert('XSS15')</script>`,
  `<img """><script>alert("XSS16")</script>">`,
  `<a href="x" <img src=x onerror=alert('XSS17')>`,
  `<iframe src="javascript:alert('XSS18')"></iframe>`,
  `<object data="javascript:alert('XSS19')"></object>`,
  `<embed src="https://evil.example.org/XSS20.swf">`,
  `<form action="javascript:alert('XSS21')"><button>go</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert('XSS22')">`,
  `<base href="javascript:alert('XSS23')//">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS24')>`,
  `<noscript><p title="</noscript><img src=x onerror=alert('XSS25')>">`,
  `<a href="vbscript:msgbox('XSS26')">vb</a>`,
  `<div><p><b><i>nested <u>unclosed <a href="javascript:alert('XSS27')">deep`,
  `<mj-include path="/etc/passwd" /><mj-raw><script>alert('XSS28')</script></mj-raw>`,
  `<img src="https://img.example.org/a.jpg" srcset="javascript:alert('XSS29') 1x">`,
  `<a href="https://example.org/" formaction="javascript:alert('XSS30')" xlink:href="javascript:alert('XSS30')">x</a>`,
];

/** Text put into titles (as XML character data): CRLF header injection, control characters, RTL overrides, markup, templates. */
export const TITLE_VECTORS = [
  `Breaking&#13;&#10;Bcc: xss40@evil.example.org`,
  `Control&#7;&#27;[31m chars&#8; XSS41`,
  `&#8238;gpj.exe XSS42 override`,
  `&#8237;left override XSS43 &#8294;isolate&#8297;`,
  `&lt;script&gt;alert('XSS44')&lt;/script&gt;`,
  `&lt;img src=x onerror=alert('XSS45')&gt;`,
  `{{constructor.constructor('return XSS46')()}} {{{lead.title}}}`,
  `&lt;mj-include path="/etc/passwd" /&gt; XSS47`,
  `Subject: spoofed&#10;X-Injected: XSS48`,
];

/** Item links and images no digest may use. */
export const URL_VECTORS = [
  { link: "javascript:alert('XSS50')", image: "javascript:alert('XSS51')" },
  { link: "data:text/html,&lt;script&gt;XSS52&lt;/script&gt;", image: "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9WFNTNTM+" },
  { link: "vbscript:XSS54", image: "https://img.example.org/ok.jpg&quot; onerror=&quot;alert('XSS55')" },
];

export const VECTOR_COUNT = CONTENT_VECTORS.length + TITLE_VECTORS.length + URL_VECTORS.length * 2;

/** One feed carrying every vector, one item per vector, newest first so each can make the digest. */
export function hostileFeed(): string {
  const date = (i: number) => new Date(Date.UTC(2026, 10, 25, 11, 59 - i)).toUTCString();
  const items: ItemSpec[] = [
    ...CONTENT_VECTORS.map((html, i) => ({ title: `Content vector ${i + 1} story`, guid: `c${i}`, description: escape(html), date: date(i) })),
    ...TITLE_VECTORS.map((title, i) => ({ title, guid: `t${i}`, description: `Title vector ${i}`, date: date(30 + i) })),
    ...URL_VECTORS.map((v, i) => ({ title: `Url vector ${i} story`, guid: `u${i}`, link: v.link, image: v.image, date: date(45 + i) })),
  ];
  return rssFeed("Hostile", items);
}
