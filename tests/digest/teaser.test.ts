import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutTeaser } from "../../src/digest/teaser.ts";

describe("cutTeaser", () => {
  it("keeps text that fits, without an ellipsis", () => {
    expect(cutTeaser("Short and sweet.", 40)).toBe("Short and sweet.");
  });

  it("cuts at a word boundary and ends with …", () => {
    const teaser = cutTeaser("The council voted on the budget after a long night of debate", 30);
    expect(teaser).toBe("The council voted on the…");
    expect([...teaser].length).toBeLessThanOrEqual(30);
  });

  it("never leaves trailing punctuation before the ellipsis", () => {
    expect(cutTeaser("Prices rose, wages fell, and rents doubled in a year", 26)).toBe("Prices rose, wages fell…");
  });

  it("counts characters, not bytes, and never splits a multi-byte character", () => {
    const text = "Žluťoučký kůň úpěl ďábelské ódy 🇨🇿🇨🇿 a pak šel domů";
    for (let length = 12; length < 50; length++) {
      const teaser = cutTeaser(text, length);
      expect(teaser.includes("\uFFFD")).toBe(false);
      expect(text.startsWith(teaser.replace(/…$/, ""))).toBe(true);
      const kept = teaser.replace(/…$/, "");
      const next = text.slice(kept.length, kept.length + 1);
      expect(next === "" || next === " " || next === "," ).toBe(true);
    }
  });

  it("cuts a single giant word at a character boundary", () => {
    expect(cutTeaser("Donaudampfschifffahrtsgesellschaftskapitän", 10)).toBe("Donaudamp…");
  });
});

describe("cutTeaser, beyond Latin text", () => {
  const family = "👨‍👩‍👧‍👦";
  const flag = "🇨🇿";

  it("never splits an emoji sequence or a letter with combining marks", () => {
    const text = `Cafe\u0301 owners ${family} celebrate ${flag}${flag} with a long night of music and dancing`;
    for (let length = 5; length < 40; length++) {
      const kept = cutTeaser(text, length).replace(/…$/, "");
      expect(text.startsWith(kept)).toBe(true);
      const rest = text.slice(kept.length);
      // Whatever was cut off starts at a space or at punctuation, never inside a grapheme.
      expect(rest === "" || /^[ ,]/.test(rest)).toBe(true);
      expect(Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(cutTeaser(text, length))).length).toBeLessThanOrEqual(length);
    }
  });

  it("cuts a script without spaces at a word boundary, not between any two letters", () => {
    const thai = "นักวิทยาศาสตร์ค้นพบยาปฏิชีวนะชนิดใหม่ที่สามารถรักษาการติดเชื้อดื้อยาในหนูทดลองได้";
    const teaser = cutTeaser(thai, 20);
    const kept = teaser.replace(/…$/, "");
    expect(teaser.endsWith("…")).toBe(true);
    const boundaries = Array.from(new Intl.Segmenter("th", { granularity: "word" }).segment(thai), (s) => s.index);
    expect(boundaries).toContain(kept.length);
    expect(kept.length).toBeGreaterThan(0);
  });
});

describe("cutTeaser, scripts without spaces in text with spaces", () => {
  it("cuts a Chinese sentence after a Latin name at a word boundary, not after the name", () => {
    expect(cutTeaser("iPhone 16 发布会今天在加州举行，苹果公司发布了新一代手机和多款配件，价格与去年持平。", 40)).toBe(
      "iPhone 16 发布会今天在加州举行，苹果公司发布了新一代手机和多款配件…",
    );
  });

  it("cuts Japanese after a spaced label at a word boundary, not after the label", () => {
    expect(cutTeaser("速報 東京都心で午前十時ごろ、震度四の地震がありました。交通機関に乱れが出ています。", 30)).toBe("速報 東京都心で午前十時ごろ、震度四の地震がありました…");
  });

  it("still backs off to the space before a Latin word that follows Chinese text", () => {
    expect(cutTeaser("Apple 在加州发布了 iPhone16ProMax and more", 22)).toBe("Apple 在加州发布了…");
  });

  const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const wordSegmenter = new Intl.Segmenter(undefined, { granularity: "word" });
  const graphemesOf = (text: string) => Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
  const inLatinWord = /^[\p{Script=Latin}\p{N}\p{M}]+$/u;
  const trailing = /[\s,;:.!?\-–—、。，；：！？]+$/u;

  const token = fc.oneof(
    fc.stringMatching(/^[a-zA-Z]{1,14}$/),
    fc.constantFrom("Apple", "iPhone", "16", "Tokyo", "café", "e-mail"),
    fc.constantFrom("发布会", "今天", "在", "加州", "举行", "苹果公司", "新一代", "速報", "東京", "都心", "ありました", "交通機関", "ยาปฏิชีวนะ"),
    fc.constantFrom("，", "。", "、", ",", ".", "👨‍👩‍👧", "🇨🇿"),
  );
  const text = fc.array(fc.tuple(fc.boolean(), token), { minLength: 1, maxLength: 30 }).map((parts) => parts.map(([space, t]) => (space ? ` ${t}` : t)).join("").trim());

  it("keeps within the length, a prefix of the text, and never cuts a Latin word unless the first word is longer than the room", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 60 }), (input, maxLength) => {
        const teaser = cutTeaser(input, maxLength);
        expect(graphemesOf(teaser).length).toBeLessThanOrEqual(maxLength);
        if (graphemesOf(input).length <= maxLength) {
          expect(teaser).toBe(input);
          return;
        }
        const kept = teaser.slice(0, -1);
        expect(teaser.endsWith("…") && input.startsWith(kept)).toBe(true);
        const [last, next] = [kept.slice(-1), input.slice(kept.length, kept.length + 1)];
        // Only a first word longer than the room ("Donaudampf…", "example.org") is cut inside.
        const firstWord = wordSegmenter.segment(input)[Symbol.iterator]().next().value!.segment;
        if (inLatinWord.test(last + next)) expect(firstWord.length).toBeGreaterThan(kept.length);
      }),
      { numRuns: 2000 },
    );
  });

  it("never stops short of the last space, or the last word boundary beside Chinese, Japanese or Thai, that fits", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 60 }), (input, maxLength) => {
        const chars = graphemesOf(input);
        if (chars.length <= maxLength) return;
        const room = chars.slice(0, maxLength - 1).join("").length;
        const cuts = Array.from(wordSegmenter.segment(input), (s) => s.index).filter(
          (at) => at > 0 && at <= room && (input[at] === " " || unspaced.test(input.slice(0, at).slice(-1)) || unspaced.test(input.slice(at, at + 1))),
        );
        if (cuts.length === 0) return;
        const kept = cutTeaser(input, maxLength).slice(0, -1);
        expect(kept.length).toBeGreaterThanOrEqual(input.slice(0, Math.max(...cuts)).replace(trailing, "").length);
      }),
      { numRuns: 2000 },
    );
  });
});
