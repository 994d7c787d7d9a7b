// Chooses an article's lead image from the feed's media elements and the images of its content.
import type { ArticleImage } from "./article.ts";
import type { ParsedImage } from "./parsedFeed.ts";
import { absoluteUrl, firstImage, plainText } from "./sanitise.ts";

/** The first usable candidate from the feed's media elements, else the first <img> of the content. */
export function leadImage(candidates: ParsedImage[], contentHtml: string, base?: string): ArticleImage | undefined {
  for (const candidate of candidates) {
    const url = absoluteUrl(candidate.url, base);
    if (url?.startsWith("http")) return withText(withSize({ url }, candidate.width, candidate.height), candidate.alt, candidate.credit);
  }
  const img = firstImage(contentHtml);
  return img ? withText(withSize({ url: img.src }, img.width, img.height), img.alt, undefined) : undefined;
}

/** Larger than any real image: a feed saying so is wrong. */
const MAX_PIXELS = 10_000;

/** The size when the feed gave both `width` and `height` as whole pixels ("1200"), else none ("100%", "0", "abc"). */
function withSize(image: ArticleImage, width?: string, height?: string): ArticleImage {
  const [w, h] = [pixels(width), pixels(height)];
  if (w !== undefined && h !== undefined) {
    image.width = w;
    image.height = h;
  }
  return image;
}

function pixels(raw: string | undefined): number | undefined {
  if (!raw || !/^\s*\d+\s*$/.test(raw)) return undefined;
  const value = Number(raw);
  return value > 0 && value <= MAX_PIXELS ? value : undefined;
}

function withText(image: ArticleImage, alt?: string, credit?: string): ArticleImage {
  const cleanAlt = plainText(alt ?? "");
  const cleanCredit = plainText(credit ?? "");
  if (cleanAlt) image.alt = cleanAlt;
  if (cleanCredit) image.credit = cleanCredit;
  return image;
}
