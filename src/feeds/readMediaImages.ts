// Image candidates from the Media RSS and iTunes extensions, shared by RSS and Atom entries.
import type { ParsedImage } from "./parsedFeed.ts";
import { attr, child, children, textOf, type XmlNode } from "./xmlNode.ts";

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i;

/** media:content images, then media:thumbnail, then itunes:image; each with the nearest caption and credit, and its own width and height. */
export function readMediaImages(entry: XmlNode): ParsedImage[] {
  const containers = [entry, ...children(entry, "media:group")];
  const contents = containers.flatMap((container) => children(container, "media:content").map((content) => ({ content, container })));
  const fromContent = contents
    .filter(({ content }) => isImage(content))
    .map(({ content, container }) => image(attr(content, "url"), [content, container, entry], content));
  const thumbnails = [...containers, ...contents.map((c) => c.content)].flatMap((holder) =>
    children(holder, "media:thumbnail").map((thumbnail) => image(attr(thumbnail, "url"), [thumbnail, holder, entry], thumbnail)),
  );
  const itunes = children(entry, "itunes:image").map((el) => image(attr(el, "href") ?? textOf(el), [entry]));
  return [...fromContent, ...thumbnails, ...itunes].filter((i): i is ParsedImage => i !== undefined);
}

function isImage(content: XmlNode): boolean {
  const medium = attr(content, "medium");
  const type = attr(content, "type");
  if (medium) return medium === "image";
  if (type) return type.startsWith("image/");
  return IMAGE_FILE.test(attr(content, "url") ?? "");
}

/** Caption and credit come from the closest element that has them; the size only from the image's own element. */
function image(url: string | undefined, around: XmlNode[], sized?: XmlNode): ParsedImage | undefined {
  if (!url?.trim()) return undefined;
  const nearest = (name: string) => around.map((el) => textOf(child(el, name))).find(Boolean);
  return {
    url: url.trim(),
    alt: nearest("media:description") ?? nearest("media:title"),
    credit: nearest("media:credit"),
    width: attr(sized, "width"),
    height: attr(sized, "height"),
  };
}
