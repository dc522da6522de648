// Reading the index's lists (src/search/lists.rs writes them): numbers in base-64 digits,
// page lists as gaps or a bitmap, (page, value) pairs, and a term entry's lists decoded
// once.

import {
  BASE64, DIGIT_BITS, LIST_BITMAP, LIST_PAGES, LIST_ELSEWHERE, TITLE_LEN_BITS, ANY_SUB,
  TERM_ENTRY, PAIR_ENTRY, BODY_FILES, SUB_FILES,
} from "./format.gen.js";

/** Each base-64 digit's value, by character code. */
export const DEC = new Int8Array(128).fill(-1);
for (var d = 0; d < 64; d++) DEC[BASE64.charCodeAt(d)] = d;
/** A digit's value bits, and the bit that says another digit follows. */
export const LOW = (1 << DIGIT_BITS) - 1;
const MORE = 1 << DIGIT_BITS;
/** A sub-result value's title length bits. */
const LEN_MASK = (1 << TITLE_LEN_BITS) - 1;

/**
 * A sub-result value's title length tells it exactly below this many words (this many
 * stands for as many or more).
 */
export const MAX_TITLE_WORDS = LEN_MASK + 1;
/** The sub-result a sub-result value names. @param {number} v */
export function subOf(v) { return v >> TITLE_LEN_BITS; }
/** The words of a sub-result value's title (up to MAX_TITLE_WORDS). @param {number} v */
export function titleWords(v) { return (v & LEN_MASK) + 1; }

/** A headed pair's value when which heading it is in is not written (headedList). */
export const SOME_HEADING = (ANY_SUB << TITLE_LEN_BITS) | LEN_MASK;

/**
 * Sorted keys meta.json front-codes (front_coded in format.rs): each a base-64 digit, the
 * characters (code points) it shares with the key before, then its others.
 * @param {string[]} coded @returns {string[]}
 */
export function frontDecoded(coded) {
  var out = [], prev = [];
  (coded || []).forEach(function (c) {
    // A digit that is not one (a damaged file) shares nothing.
    var shared = DEC[c.charCodeAt(0)] > 0 ? DEC[c.charCodeAt(0)] : 0;
    var key = prev.slice(0, shared).concat(Array.from(c.slice(1)));
    out.push(key.join(""));
    prev = key;
  });
  return out;
}

/**
 * The numbers of a list.
 * @param {string} s @param {number=} start @returns {number[]}
 */
export function numbers(s, start) {
  var out = [], v = 0, mul = 1;
  for (var i = start || 0; i < s.length; i++) {
    var x = DEC[s.charCodeAt(i)];
    v += (x & LOW) * mul;
    if (x & MORE) mul *= MORE;
    else { out.push(v); v = 0; mul = 1; }
  }
  return out;
}
/**
 * A sorted page list: `~` and a bitmap, or gaps.
 * @param {string|undefined} s @returns {number[]}
 */
export function pageList(s) {
  var out = [];
  if (!s) return out;
  if (s[0] === LIST_BITMAP) {
    for (var i = 1; i < s.length; i++) {
      var x = DEC[s.charCodeAt(i)];
      for (var b = 0; b < 6; b++) if (x & (1 << b)) out.push((i - 1) * 6 + b);
    }
    return out;
  }
  var nums = numbers(s), page = -1;
  for (var j = 0; j < nums.length; j++) { page += nums[j] + 1; out.push(page); }
  return out;
}
/**
 * Pairs (page, value) with page gaps, flattened. Sub-result lists carry the sub-result
 * shifted left by `low` bits plus a small number (a title's length), the sub-result
 * stepping from the one before within a page.
 * @param {string|undefined} s @param {number=} low @returns {number[]}
 */
export function pairList(s, low) {
  var nums = numbers(s || ""), out = [], page = 0, sub = 0, mul = 1 << (low || 0);
  for (var j = 0; j + 1 < nums.length; j += 2) {
    var v = nums[j + 1], step = Math.floor(v / mul), rest = v % mul;
    if (nums[j] || !j) sub = step;
    else sub += step;
    page += nums[j];
    out.push(page, sub * mul + rest);
  }
  return out;
}

/**
 * A sub-result list from its pages and its values (`h/<n>.json`): each value doubled,
 * plus one when the next is on the same page; flattened (page, value) as pairList.
 * @param {number[]} pages @param {string} s @returns {number[]}
 */
export function subValues(pages, s) {
  var nums = numbers(s), out = [], k = 0, sub = 0, first = true, mul = 1 << TITLE_LEN_BITS;
  for (var j = 0; j < nums.length && k < pages.length; j++) {
    var x = nums[j], more = x % 2, y = Math.floor(x / 2), step = Math.floor(y / mul);
    sub = first ? step : sub + step;
    out.push(pages[k], sub * mul + (y % mul));
    first = !more;
    if (!more) k++;
  }
  return out;
}

/**
 * Where a word pair is in a heading's title: (page, sub-result value) pairs, then after a
 * `*` the pages of a title hundreds share (none: all the pair's), as SOME_HEADING.
 * @param {import("./format.gen.js").PairEntry} e @returns {number[]}
 */
export function headedList(e) {
  var headed = e[PAIR_ENTRY.headed], star = headed.indexOf(LIST_PAGES);
  if (star < 0) return pairList(headed, TITLE_LEN_BITS);
  var out = pairList(headed.slice(0, star), TITLE_LEN_BITS);
  var pages = star + 1 < headed.length ? headed.slice(star + 1) : e[PAIR_ENTRY.pages];
  pageList(pages).forEach(function (p) { out.push(p, SOME_HEADING); });
  return out;
}

/**
 * A term entry's lists, decoded once (kept on the entry as `lists`): [title, description,
 * heading pairs, record pairs, body, code, heading pages, record pages, and the pages of
 * those two whose sub-results are in `h/<n>.json` (`*pages+n`; `*pages` alone: nearly all
 * one heading text)]. The entry's `away` lists what is in files of its own: [field, path,
 * pages] (Index.more reads them into the entry).
 * @param {Object} e a term entry (TermEntry) @returns {number[][]}
 */
export function decoded(e) {
  if (!e.lists) {
    var h = subLists(e[TERM_ENTRY.heading]), r = subLists(e[TERM_ENTRY.record]);
    var body = e[TERM_ENTRY.body], away = typeof body === "string" && body[0] === LIST_ELSEWHERE;
    e.lists = [pageList(e[TERM_ENTRY.title]), pageList(e[TERM_ENTRY.description]), h[0], r[0],
      away ? [] : pageList(body), pageList(e[TERM_ENTRY.code]), h[1], r[1], h[2], r[2]];
    e.away = [];
    if (away) e.away.push([TERM_ENTRY.body, BODY_FILES + body.slice(1) + ".json", null]);
    [[TERM_ENTRY.heading, h], [TERM_ENTRY.record, r]].forEach(function (x) {
      if (x[1][3] !== undefined) e.away.push([x[0], SUB_FILES + x[1][3] + ".json", x[1][2]]);
    });
  }
  return e.lists;
}
/**
 * A heading or record list: [sub-results, pages only, pages whose sub-results are in a
 * file of their own, that file's number].
 */
function subLists(s) {
  if (Array.isArray(s)) return [s, [], []];
  if (!s || s[0] !== LIST_PAGES) return [pairList(s, TITLE_LEN_BITS), [], []];
  var plus = s.indexOf(LIST_ELSEWHERE);
  return plus < 0 ? [[], pageList(s.slice(1)), []] : [[], [], pageList(s.slice(1, plus)), s.slice(plus + 1)];
}

/**
 * Whether a sorted list (of pages, or of (page, value) pairs with `step` 2) holds a page.
 * @param {number[]} sorted @param {number} page @param {number} step
 */
export function has(sorted, page, step) {
  var lo = 0, hi = sorted.length / step;
  while (lo < hi) {
    var mid = (lo + hi) >> 1, v = sorted[mid * step];
    if (v === page) return true;
    if (v < page) lo = mid + 1; else hi = mid;
  }
  return false;
}
