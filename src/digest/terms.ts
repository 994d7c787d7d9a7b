// Turns an article into weighted terms for similarity: words and named entities, stemmed, minus stopwords.
import { createRequire } from "node:module";
import { stemmer } from "stemmer";
import type { Article } from "../feeds/article.ts";

/** A bag of terms: term → weight. */
export type TermBag = Map<string, number>;

// Titles carry the story; entities (names, places) tell stories apart better than common words.
const TITLE_WEIGHT = 2;
const SUMMARY_WEIGHT = 1;
const ENTITY_BONUS = 1;
const ENTITY_PREFIX = "@";

const stopwordLists = createRequire(import.meta.url)("stopwords-iso") as Record<string, string[]>;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export interface TermOptions {
  /** The newsletter's language (`newsletter.lang`): picks the stopword list; English words are also stemmed. */
  lang: string;
}

/** Makes the term extractor for one language; call it once per selection. */
export function makeTermExtractor({ lang }: TermOptions): (article: Article) => TermBag {
  const language = lang.toLowerCase().split(/[-_]/)[0] ?? "en";
  const stopwords = new Set(stopwordLists[language] ?? []);
  const normalise = language === "en" ? (w: string) => stemmer(w) : (w: string) => w;
  return (article) => {
    const bag: TermBag = new Map();
    addText(bag, article.title, TITLE_WEIGHT, stopwords, normalise);
    addText(bag, article.summary, SUMMARY_WEIGHT, stopwords, normalise);
    return bag;
  };
}

function addText(bag: TermBag, text: string, weight: number, stopwords: Set<string>, normalise: (w: string) => string): void {
  for (const sentence of text.split(/(?<=[.!?:;])\s+/u)) {
    const words = sentence.match(WORD) ?? [];
    // In Title Case Headlines Every Word Is Capitalised, which says nothing about names.
    const titleCase = words.filter(isCapitalised).length > words.length * 0.6;
    words.forEach((raw, index) => {
      const word = raw.replace(/['’]s$/u, "").replace(/['’-]+$/u, "");
      const lower = word.toLocaleLowerCase();
      if (lower.length < 2 || stopwords.has(lower)) return;
      add(bag, normalise(lower), weight);
      // A capitalised word that does not open the sentence is taken as a name: a rough entity.
      if (index > 0 && !titleCase && isCapitalised(word)) add(bag, ENTITY_PREFIX + lower, weight * ENTITY_BONUS);
    });
  }
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function add(bag: TermBag, term: string, weight: number): void {
  bag.set(term, (bag.get(term) ?? 0) + weight);
}

