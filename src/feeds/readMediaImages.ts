// Image candidates from the Media RSS and iTunes extensions, shared by RSS and Atom entries.
import type { ParsedImage } from "./parsedFeed.ts";
import { child, children, textOf, type XmlElement } from "./xmlDocument.ts";

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i;

/** media:content images, then media:thumbnail, then itunes:image; each with the nearest caption and credit. */
export function readMediaImages(entry: XmlElement): ParsedImage[] {
  const containers = [entry, ...children(entry, "media:group")];
  const contents = containers.flatMap((container) => children(container, "media:content").map((content) => ({ content, container })));
  const fromContent = contents
    .filter(({ content }) => isImage(content))
    .map(({ content, container }) => image(content.attrs.url, [content, container, entry]));
  const thumbnails = [...containers, ...contents.map((c) => c.content)].flatMap((holder) =>
    children(holder, "media:thumbnail").map((thumbnail) => image(thumbnail.attrs.url, [thumbnail, holder, entry])),
  );
  const itunes = children(entry, "itunes:image").map((el) => image(el.attrs.href ?? textOf(el), [entry]));
  return [...fromContent, ...thumbnails, ...itunes].filter((i): i is ParsedImage => i !== undefined);
}

function isImage(content: XmlElement): boolean {
  const { medium, type, url } = content.attrs;
  if (medium) return medium === "image";
  if (type) return type.startsWith("image/");
  return IMAGE_FILE.test(url ?? "");
}

/** Caption and credit come from the closest element that has them. */
function image(url: string | undefined, around: XmlElement[]): ParsedImage | undefined {
  if (!url?.trim()) return undefined;
  const nearest = (name: string) => around.map((el) => textOf(child(el, name))).find(Boolean);
  return { url: url.trim(), alt: nearest("media:description") ?? nearest("media:title"), credit: nearest("media:credit") };
}
