// Terms: normalizing and tokenizing a text as the indexer does (src/search/tokenize.rs;
// tests/js/tokenize-cases.json holds cases both are tested against).

import { MAX_TERM } from "./format.gen.js";

/**
 * Characters folded like NFKD without accents, then recomposed (src/search/fold_table.rs
 * is generated from foldChar over these ranges by tests/js/gen-fold-table.mjs).
 * @type {Array<[number, number]>}
 */
export const FOLD_RANGES = [[0xa0, 0x5ff], [0x1e00, 0x24ff], [0x3000, 0x30ff], [0xfb00, 0xfb4f], [0xff00, 0xffef]];
const FOLD_RE = /[\u00a0-\u05ff\u1e00-\u24ff\u3000-\u30ff\ufb00-\ufb4f\uff00-\uffef]/;
const WORD_RE = /[\p{Alphabetic}\p{N}]/u;

/**
 * A term found in a text.
 * @typedef {Object} Token
 * @property {string} t the term
 * @property {number} s where it starts in the text
 * @property {number} e where it ends
 * @property {number} k 0 a word, 1 the joined form of a hyphenated compound, 2 a CJK pair
 * @property {number} c the number of the compound it is part of
 */

/** @param {string} c a character @returns {string} it folded */
export function foldChar(c) {
  return FOLD_RE.test(c) ? c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").normalize("NFC") : c;
}
const normCache = new Map();
/** @param {string} c @returns {string} the character folded and lower-cased */
function normChar(c) {
  var n = normCache.get(c);
  if (n !== undefined) return n;
  n = "";
  for (var x of foldChar(c)) {
    x = x.toLowerCase();
    n += x === "\u03c2" ? "\u03c3" : x;
  }
  normCache.set(c, n);
  return n;
}
/** @param {number} cp a code point @returns {boolean} whether it is Chinese or Japanese */
export function isCJK(cp) {
  return cp === 0x3005 || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f);
}
/**
 * W word, K CJK, A apostrophe, H hyphen or underscore, D dot, C comma, S anything else.
 * @param {string} ch @returns {string}
 */
function charClass(ch) {
  if (isCJK(ch.codePointAt(0))) return "K";
  if (WORD_RE.test(ch)) return "W";
  if (ch === "'" || ch === "\u2019") return "A";
  if (ch === "-" || ch === "\u2010" || ch === "_") return "H";
  if (ch === ".") return "D";
  if (ch === ",") return "C";
  return "S";
}
function isDigit(ch) { return ch >= "0" && ch <= "9"; }
/** @param {string} s @returns {number} how many code points it has */
export function codePoints(s) { var n = 0; for (var i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) !== 0xdc00) n++; return n; }

/**
 * The text as normalized characters, each with the range of the original it came from.
 * @param {string} text
 * @returns {{chars: string[], from: number[], to: number[]}}
 */
function normalize(text) {
  var chars = [], from = [], to = [];
  for (var i = 0; i < text.length;) {
    var cp = text.codePointAt(i);
    var len = cp > 0xffff ? 2 : 1;
    var n = normChar(text.substr(i, len));
    if ((n === "\u3099" || n === "\u309a") && chars.length) {
      var prev = chars[chars.length - 1], pcp = prev.codePointAt(0);
      if (pcp >= 0x3040 && pcp <= 0x30ff) {
        var composed = (prev + n).normalize("NFC");
        if (composed.length === 1) {
          chars[chars.length - 1] = composed;
          to[to.length - 1] = i + len;
          i += len;
          continue;
        }
      }
    }
    for (var x of n) { chars.push(x); from.push(i); to.push(i + len); }
    i += len;
  }
  return { chars: chars, from: from, to: to };
}

/**
 * The words of a run of word characters starting at `i`, joined by hyphens, dots, commas
 * in numbers and apostrophes: {words, kinds: the separators between them, end}.
 * "partner's" is partner (a possessive 's is dropped); "l'équipe" équipe (a single letter
 * before an apostrophe is dropped); "1,000" 1000; "2.5" stays.
 */
function wordRun(ch, cls, i) {
  var n = ch.length, words = [], kinds = [], cur = { t: "", s: i, e: i }, p = i;
  outer: for (;;) {
    var a = p;
    while (p < n && cls[p] === "W") p++;
    cur.t += ch.slice(a, p).join("");
    cur.e = p;
    for (;;) {
      if (!(p + 1 < n && cls[p + 1] === "W")) break outer;
      var sep = cls[p];
      if (sep === "A") {
        var b = p + 1;
        while (b < n && cls[b] === "W") b++;
        if (b === p + 2 && ch[p + 1] === "s" && !(b + 1 < n && cls[b] === "A" && cls[b + 1] === "W")) {
          cur.e = b; // a possessive 's is dropped
          p = b;
          continue;
        }
        // Elision (l'équipe): a single letter before the apostrophe is dropped.
        if (codePoints(cur.t) === 1 && b > p + 2) { cur.t = ""; cur.s = p + 1; }
        p++;
        continue outer;
      }
      if ((sep === "D" || sep === "C") && isDigit(ch[p - 1]) && isDigit(ch[p + 1])) {
        if (sep === "D") cur.t += ".";
        p++;
        continue outer;
      }
      if (sep === "H" || sep === "D") {
        words.push(cur);
        kinds.push(sep);
        p++;
        cur = { t: "", s: p, e: p };
        continue outer;
      }
      break outer;
    }
  }
  words.push(cur);
  return { words: words, kinds: kinds, end: p };
}

/**
 * The terms of a text, in order. "Mid-Market" gives mid, market and midmarket; "$10k"
 * 10k; "1,000" 1000; "partner's" partner; Japanese runs give overlapping pairs of
 * characters.
 * @param {string} text
 * @returns {Token[]}
 */
export function scan(text) {
  var norm = normalize(text), ch = norm.chars, n = ch.length;
  var cls = ch.map(charClass);
  var out = [], compound = 0;
  function emit(t, a, b, k) {
    if (codePoints(t) <= MAX_TERM) out.push({ t: t, s: norm.from[a], e: norm.to[b - 1], k: k, c: compound });
  }
  var i = 0;
  while (i < n) {
    var k = cls[i];
    if (k === "K") {
      var j = i;
      while (j < n && cls[j] === "K") j++;
      if (j - i === 1) emit(ch[i], i, j, 2);
      for (var m = i; m + 1 < j; m++) emit(ch[m] + ch[m + 1], m, m + 2, 2);
      compound++;
      i = j;
      continue;
    }
    if (k !== "W") { i++; continue; }
    var run = wordRun(ch, cls, i), words = run.words;
    for (var w = 0; w < words.length; w++) emit(words[w].t, words[w].s, words[w].e, 0);
    if (words.length > 1) {
      var hyphen = run.kinds.indexOf("H") >= 0;
      var acronym = words.every(function (x) { return codePoints(x.t) === 1; });
      if (hyphen || acronym) {
        emit(words.map(function (x) { return x.t; }).join(""), words[0].s, words[words.length - 1].e, 1);
      }
    }
    compound++;
    i = run.end;
  }
  return out;
}

/** Just the terms, as the indexer emits them. @param {string} text @returns {string[]} */
export function terms(text) { return scan(text).map(function (x) { return x.t; }); }
