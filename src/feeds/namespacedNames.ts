// Names elements and attributes after their namespace rather than the prefix a feed chose (m:content is media:content), and remembers the root element.

/** The prefix each known namespace gets, whatever the feed called it ("" for the feed's own vocabulary); keys without a trailing slash. */
const KNOWN_NAMESPACES: Record<string, string> = {
  "http://purl.org/rss/1.0": "",
  "http://my.netscape.com/rdf/simple/0.9": "",
  "http://backend.userland.com/rss2": "",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
  "http://purl.org/dc/elements/1.1": "dc",
  "http://purl.org/dc/terms": "dcterms",
  "http://purl.org/rss/1.0/modules/content": "content",
  "http://search.yahoo.com/mrss": "media",
  "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
  "http://www.w3.org/1999/xhtml": "xhtml",
  "http://www.w3.org/XML/1998/namespace": "xml",
};

/** Atom 1.0 and 0.3: unprefixed in an Atom document (as rss-parser expects), `atom:` inside RSS. */
export const ATOM_NAMESPACES = new Set(["http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"]);

export interface RootElement {
  /** Namespace-normalised: `rss`, `rdf:RDF`, `feed`… */
  name: string;
  namespace?: string | undefined;
  /** Its attributes, namespace declarations included. */
  attrs: Record<string, string>;
}

/**
 * Hooks for xml2js's name and value processors. xml2js calls them in document order — an element's attribute values
 * first, then its name — so declarations are known before the names that use them. The processors see no end of
 * element, so a prefix declaration holds from where it appears to the end of the document, and unprefixed names are
 * left as written (the root's default namespace is the feed's own vocabulary). Real feeds declare on the root.
 */
export class NamespacedNames {
  #declared = new Map<string, string>([["xml", "http://www.w3.org/XML/1998/namespace"]]);
  #pendingAttrs: Record<string, string> = {};
  #atomDocument = false;
  #seen = new Set<string>();
  root: RootElement | undefined;

  /** attrValueProcessors: records namespace declarations (and the root's attributes) as the parser meets them. */
  observe = (value: string, name: string): string => {
    if (name === "xmlns") this.#declared.set("", value);
    else if (name.startsWith("xmlns:")) this.#declared.set(name.slice(6), value);
    if (!this.root) this.#pendingAttrs[name] = value;
    return value;
  };

  /** tagNameProcessors. */
  element = (qualified: string): string => {
    if (!this.root) this.#readRoot(qualified);
    const name = this.#normalise(qualified);
    this.#seen.add(name);
    return name;
  };

  /** attrNameProcessors. */
  attribute = (qualified: string): string => (qualified === "xmlns" || qualified.startsWith("xmlns:") ? qualified : this.#normalise(qualified));

  /** Whether the document has an element of this (normalised) name anywhere. */
  has(name: string): boolean {
    return this.#seen.has(name);
  }

  #readRoot(qualified: string): void {
    const colon = qualified.indexOf(":");
    const namespace = this.#declared.get(colon === -1 ? "" : qualified.slice(0, colon));
    this.#atomDocument = namespace !== undefined && ATOM_NAMESPACES.has(namespace);
    const attrs = Object.fromEntries(Object.entries(this.#pendingAttrs).map(([key, value]) => [this.attribute(key), value]));
    this.root = { name: this.#normalise(qualified), namespace, attrs };
  }

  #normalise(qualified: string): string {
    const colon = qualified.indexOf(":");
    if (colon === -1) return qualified;
    const uri = this.#declared.get(qualified.slice(0, colon));
    // An undeclared prefix (a common mistake: media: without xmlns:media) keeps the name as written.
    if (uri === undefined) return qualified;
    const prefix = ATOM_NAMESPACES.has(uri) ? (this.#atomDocument ? "" : "atom") : KNOWN_NAMESPACES[uri.replace(/\/$/, "")];
    if (prefix === undefined) return qualified;
    const local = qualified.slice(colon + 1);
    return prefix === "" ? local : `${prefix}:${local}`;
  }
}
