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
