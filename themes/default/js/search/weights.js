// How much a match is worth, and how much a query reads before it settles.

/** Field weights: a match in a title counts over one in a heading or record, and so on. */
export const FIELD = { title: 100, description: 35, heading: 70, record: 70, body: 15, code: 4 };
/** What the kind of match keeps of a field's weight: the word as typed... */
export const EXACT = 1;
/** ...a word it starts, while it is being typed... */
export const PREFIX = 0.8;
/** ...and a word with one or two typos. */
export const TYPO = [1, 0.55, 0.4];
/**
 * Results a query wants before it may leave lists out (the pages the search box shows).
 */
export const ENOUGH = 3;
/** The most word-pair files a query's phrase is first looked up in (requests). */
export const PHRASE_PAIRS = 2;
/** Each pair of neighbouring query words found together on a page. */
export const PAIR = 400;
