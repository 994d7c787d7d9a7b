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
