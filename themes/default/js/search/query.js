// The query: its units (words, joined forms, CJK pairs, glossary terms), and how far a
// word may be from what is typed.

import { PAIR_STOPWORDS } from "./format.gen.js";
import { scan, codePoints, isCJK } from "./tokenize.js";

/**
 * Little words ("the", "for"): not looked up beside other words (the word pairs see
 * them), and not required.
 * @type {Set<string>}
 */
export const STOPWORDS = new Set(PAIR_STOPWORDS);

/**
 * A unit of a query: what must match.
 * @typedef {Object} Unit
 * @property {string} term the term looked up
 * @property {boolean=} prefix the last unit, still being typed: also as a prefix
 * @property {string[]=} parts a hyphenated word's parts (the term is the joined form)
 * @property {string[]=} group a glossary group (the term is the group's)
 * @property {Unit[]=} words the units a glossary name covers
 * @property {number} size how many words it stands for
 * @property {number=} from where its words start among the query's words
 * @property {number=} to where they end
 */

/**
 * How many words the units stand for (a glossary term's names count as typed).
 * @param {Unit[]} units @returns {number}
 */
export function wordCount(units) {
  return units.reduce(function (k, u) { return k + (u.size || 1); }, 0);
}

/**
 * The parsed query: units that must all match (a word, the joined form of a hyphenated
 * word, a CJK pair, or a glossary term standing for all its names), the last one also as
 * a prefix while the reader is still typing it.
 * @param {string} query
 * @param {string[][]=} synonyms meta.json's `syn`
 * @returns {Unit[]}
 */
export function parseQuery(query, synonyms) {
  var toks = scan(query);
  var units = [], words = [];
  var byCompound = new Map();
  toks.forEach(function (t) {
    if (!byCompound.has(t.c)) byCompound.set(t.c, []);
    byCompound.get(t.c).push(t);
  });
  byCompound.forEach(function (list) {
    var joined = list.filter(function (t) { return t.k === 1; })[0];
    var parts = list.filter(function (t) { return t.k !== 1; });
    var first = words.length;
    parts.forEach(function (t) { words.push(t.t); });
    if (joined) units.push({ term: joined.t, parts: parts.map(function (t) { return t.t; }), from: first, to: words.length, size: parts.length });
    else parts.forEach(function (t, i) { units.push({ term: t.t, from: first + i, to: first + i + 1, size: 1 }); });
  });
  var typing = query.length > 0 && toks.length > 0 && toks[toks.length - 1].e === query.length;
  if (units.length && typing) units[units.length - 1].prefix = true;
  return synonyms && synonyms.length ? withGroups(units, words, synonyms) : units;
}

/** Glossary terms: the longest name found at each place stands for the whole group. */
function withGroups(units, words, synonyms) {
  var out = [];
  for (var u = 0; u < units.length;) {
    var best = null;
    synonyms.forEach(function (group) {
      for (var g = 1; g < group.length; g++) {
        var names = group[g].split(" ");
        var start = units[u].from;
        if (start + names.length > words.length) continue;
        var ok = names.every(function (nm, x) { return words[start + x] === nm; });
        if (!ok) continue;
        var end = start + names.length;
        var v = u;
        while (v < units.length && units[v].to <= end) v++;
        if (v === u || units[v - 1].to !== end) continue;
        if (!best || names.length > best.len) best = { len: names.length, next: v, group: group };
      }
    });
    if (best) {
      var covered = units.slice(u, best.next);
      out.push({ term: best.group[0], group: best.group, words: covered, size: best.len });
      u = best.next;
    } else out.push(units[u++]);
  }
  return out;
}

/**
 * Damerau-Levenshtein (adjacent transpositions) between code point arrays, or max + 1.
 * @param {string[]} a @param {string[]} b @param {number} max @returns {number}
 */
export function distance(a, b, max) {
  var n = a.length, m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  var prev2 = null, prev = new Array(m + 1), row;
  for (var j = 0; j <= m; j++) prev[j] = j;
  for (var i = 1; i <= n; i++) {
    row = new Array(m + 1);
    row[0] = i;
    var best = i;
    for (j = 1; j <= m; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      row[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[m];
}

/** Typos allowed in a word: one from 5 letters, two from 9. @param {string} word */
export function typosFor(word) {
  var n = codePoints(word);
  if (n < 5 || !/^\p{L}+$/u.test(word) || isCJK(word.codePointAt(0))) return 0;
  return n >= 9 ? 2 : 1;
}
