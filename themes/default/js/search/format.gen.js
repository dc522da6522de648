// Generated from src/search/format.rs by `UPDATE_GENERATED=1 cargo test --lib search::js`; do not edit.
// The index format as the writer uses it: each constant is described where it is
// defined, in src/search/format.rs; the types below are its types.

export const INDEX_DIR = "search/";
export const META_FILE = "meta.json";
export const FILTERS_FILE = "filters.json";
export const TERM_SHARDS = "t/";
export const SUB_FILES = "h/";
export const BODY_FILES = "b/";
export const STOPWORD_FILES = "s/";
export const PAIR_FILES = "p/";
export const END_FILES = "e/";
export const FRAGMENT_FILES = "f/";
export const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
export const HEADING_KIND = "h";
export const LIST_BITMAP = "~";
export const LIST_PAGES = "*";
export const LIST_ELSEWHERE = "+";
export const GROUP_MARK = "=";
export const PAIR_JOIN = " ";
export const PAIR_FIELDS = " ";
export const PAIR_GAP = "!";
export const PAIR_GAP_JOIN = "+";
export const KNOWN_START_MARK = "<";
export const KNOWN_SEPARATOR = ".";
export const TITLE_LENS_MARK = ":";
export const DIGIT_BITS = 5;
export const TITLE_LEN_BITS = 3;
export const PAIR_PREFIX = 3;
export const ANY_SUB = 254;
export const KNOWN_BITS = 12;
export const KNOWN_HASHES = 8;
export const KNOWN_START = 4;
export const MAX_TERM = 40;
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x1000193;
export const KNOWN_MIX_1 = 0x85ebca6b;
export const KNOWN_MIX_2 = 0xc2b2ae35;
export const PAIR_STOPWORDS = [
  "a", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "before",
  "but", "by", "can", "do", "does", "each", "every", "for", "from", "has", "have", "if",
  "in", "into", "is", "it", "its", "may", "must", "no", "not", "of", "on", "or",
  "our", "should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
  "this", "to", "was", "we", "were", "what", "when", "where", "which", "while", "who", "will",
  "with", "within", "would", "you", "your",
];

/**
 * `meta.json`: what the client reads first (when the search box gets focus), and all
 * a query the titles settle needs.
 * @typedef {Object} Meta
 * @property {string} v The build's version: a hash of every other index file. The client adds it to
 *   its other requests, so that a cached file of another build is never mixed in.
 * @property {number} pages How many pages there are.
 * @property {string[]} shards The first key of each term shard (`t/<n>.json`), front-coded
 *   (`front_coded`); the first is empty.
 * @property {number} pairs How many hashed word-pair buckets there are (`p/0.json` on).
 * @property {string} frags The first page of each fragment file (`f/<n>.json`), a page list: the
 *   first is page 0.
 * @property {[string, string][]} own The pair groups (`pair_group`) with files of their own, by
 *   first word: the word, and the rest of each of its groups (after `PAIR_JOIN`) joined by
 *   `PAIR_JOIN` (a listing of the groups gzips to a fifth of this at 100,000 pages). Listed out
 *   (`own_groups`) they are sorted by `key_cmp`, and the `i`th is `p/<pairs + i>.json`.
 * @property {string[]} ends The first reversed word of each word-ending file (`e/<n>.json`); the
 *   first is empty, and there are none when no word is long enough.
 * @property {string[][]} syn The glossary's synonym groups: the group's term (`=iacv`), then each
 *   of its names as its words joined by spaces.
 * @property {string[]} stop The stopwords (`PAIR_STOPWORDS`), in the order of their files
 *   (`s/<n>.json`).
 * @property {string} lens Each page's number of title words, up to 31, a base-64 digit a page;
 *   empty when the titles' lists are in the term shards, whose title lists then carry their pages'
 *   numbers (`TITLE_LENS_MARK`), so that this grows with no page count.
 * @property {[string, string][]} titles The title lists (`[term, pages]`, sorted by term) of every
 *   word in a title but the stopwords, when they fit the writer's budget; otherwise empty, and the
 *   term shards hold them. A word in titles alone is then not in the term shards.
 * @property {string[]} words Other words a typo is likely of: five letters or more, in two places
 *   or more, the most used first up to the writer's budget; sorted, front-coded (`front_coded`).
 * @property {string} known A Bloom filter of the index's words of letters and their first
 *   `KNOWN_START` letters (after `KNOWN_START_MARK`): the size in bits, `KNOWN_SEPARATOR`, and the
 *   set bits as a page list. Empty when the vocabulary is too large.
 * @property {number} text Bytes of text indexed (titles, descriptions, headings, body text,
 *   records, code).
 */

/**
 * `filters.json`: what the results page's filters offer.
 * @typedef {Object} Filters
 * @property {SectionFilter[]} sections The top-level sections holding pages, in the site's order of
 *   sections.
 * @property {FacetFilter[]} facets The kinds of data record, by data path.
 */

/**
 * A top-level section of `filters.json`.
 * @typedef {[string, string, string]} SectionFilter
 * - 0 `title`: The section's title.
 * - 1 `url`: Its URL below the base path.
 * - 2 `pages`: The pages in it (a page list).
 */
/** The positions of a SectionFilter's fields. */
export const SECTION_FILTER = Object.freeze({ title: 0, url: 1, pages: 2 });

/**
 * A kind of data record of `filters.json`.
 * @typedef {[string, string, string]} FacetFilter
 * - 0 `path`: The data path the records come from (`r7.requirements`).
 * - 1 `label`: What the filter shows (`R7 requirements`).
 * - 2 `pages`: The pages showing such records (a page list).
 */
/** The positions of a FacetFilter's fields. */
export const FACET_FILTER = Object.freeze({ path: 0, label: 1, pages: 2 });

/**
 * A page's fragment (in `f/<n>.json` with its neighbours'): what a result shows, read
 * only for the results on screen.
 * @typedef {Object} Fragment
 * @property {string} u The page's URL below the base path.
 * @property {string} t Its title.
 * @property {string} p The titles of the sections above it, joined by ` › `.
 * @property {FragmentSub[]} r Its sub-results: the page itself first, then its headings and records
 *   in document order.
 */

/**
 * A place on a page a result can link to.
 * @typedef {[string, string, string, string, (string|undefined)]} FragmentSub
 * - 0 `kind`: Empty for the page itself, `HEADING_KIND` for a heading, the data path for a data
 *   record.
 * - 1 `title`: The heading's or record's title (the page's title for the page).
 * - 2 `anchor`: The anchor on the page (empty for the page).
 * - 3 `text`: The text under it, cut short (the page's starts with its description).
 * - 4 `code`: The start of its code, when it has some (left out otherwise).
 */
/** The positions of a FragmentSub's fields. */
export const FRAGMENT_SUB = Object.freeze({ kind: 0, title: 1, anchor: 2, text: 3, code: 4 });

/**
 * A term's entry in a term shard (or a stopword's file): where the term is, by field.
 * Empty lists at the end are left out.
 * @typedef {[string, string, string, string, string, string, string]} TermEntry
 * - 0 `term`: The term: a word, the joined form of a hyphenated word, a pair of CJK characters, or
 *   a glossary group (`GROUP_MARK`).
 * - 1 `title`: The pages with it in their title (empty when `Meta::titles` holds the list); when
 *   `Meta::lens` is empty, followed by `TITLE_LENS_MARK` and each of the pages' number of title
 *   words, up to 31, a base-64 digit a page.
 * - 2 `description`: The pages with it in their description (and not in their title).
 * - 3 `heading`: Where it is in a heading's title: (page, sub-result value) pairs; or, for a word
 *   in hundreds of headings, `LIST_PAGES` and its pages, then `LIST_ELSEWHERE` and the number of
 *   the `h/` file holding the values when the headings differ.
 * - 4 `record`: The same for data records' titles.
 * - 5 `body`: The other pages with it in their text; or `LIST_ELSEWHERE` and the number of the `b/`
 *   file holding the list.
 * - 6 `code`: The other pages with it in their code.
 */
/** The positions of a TermEntry's fields. */
export const TERM_ENTRY = Object.freeze({ term: 0, title: 1, description: 2, heading: 3, record: 4, body: 5, code: 6 });

/**
 * A word pair's entry, as the client holds it once it has read a pair file (the file
 * writes it shorter: `PAIR_FILES`).
 * @typedef {[string, string, string]} PairEntry
 * - 0 `key`: `first second`, then `PAIR_GAP` and the stopwords between joined by `PAIR_GAP_JOIN`:
 *   `escalate partner!the`.
 * - 1 `pages`: The pages holding the pair.
 * - 2 `headed`: Where it is in a heading's or record's title, or the page's (sub-result 0): (page,
 *   sub-result value) pairs (the sub-result `ANY_SUB` for one past the numbers a pair can name);
 *   then, for a title hundreds of pages share, `LIST_PAGES` and those pages (nothing after it when
 *   they are all of the pair's pages). Left out when empty.
 */
/** The positions of a PairEntry's fields. */
export const PAIR_ENTRY = Object.freeze({ key: 0, pages: 1, headed: 2 });
