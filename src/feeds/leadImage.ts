// Chooses an article's lead image from the feed's media elements and the images of its content.
import type { ArticleImage } from "./article.ts";
import type { ParsedImage } from "./parsedFeed.ts";
import { absoluteUrl, contentImages, plainText } from "./sanitise.ts";

/**
 * The lead image fills a 552 px column and earns its story the image bonus. An image that says it is under 100 px
 * on a side cannot lead: it is a tracking pixel (1×1, or 0×0: hidden), which every subscriber's mail client would
 * fetch, or a spacer, a rule, an icon, a button or a banner strip. Such a candidate is passed over for the next one.
 */
const MIN_LEAD_PIXELS = 100;

/** Larger than any real image: a feed saying so is wrong. */
const MAX_PIXELS = 10_000;

/** The first usable candidate from the feed's media elements, else from the <img>s of the content, in order. */
export function leadImage(candidates: ParsedImage[], contentHtml: string, base?: string): ArticleImage | undefined {
  // Content images were made absolute (http or https only) when the content was sanitised.
  for (const candidate of [...candidates, ...contentImages(contentHtml)]) {
    const url = absoluteUrl(candidate.url, base);
    if (url?.startsWith("http") && bigEnoughToLead(candidate)) {
      return withText(withSize({ url }, candidate.width, candidate.height), candidate.alt, candidate.credit);
    }
  }
  return undefined;
}

/** False when either stated side is under MIN_LEAD_PIXELS; a side not stated, or not in pixels ("100%"), says nothing. */
function bigEnoughToLead({ width, height }: ParsedImage): boolean {
  return [width, height].every((side) => {
    // Read leniently ("1px", "0.5"), as browsers do: a pixel must not slip through on its spelling.
    const stated = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(side ?? "");
    return !stated || Number(stated[1]) >= MIN_LEAD_PIXELS;
  });
}

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
