// The words the index knows, as far as meta.json tells without a request: its filter of
// every word (`known`), and the words a typo is likely of (the titles' words and `words`).

import { KNOWN_START, KNOWN_START_MARK, KNOWN_SEPARATOR } from "./format.gen.js";
import { pageList } from "./decode.js";
import { knownBits, upperBound } from "./hash.js";
import { distance, typosFor } from "./query.js";
import { TYPO } from "./weights.js";

/**
 * Whether the index may hold a word (one being typed: one starting with its first
 * KNOWN_START letters): false only when meta.json's filter says not.
 * @param {import("./index.js").Index} index @param {import("./query.js").Unit} unit
 */
export function mayKnow(index, unit) {
  var f = knownFilter(index);
  if (!f || unit.group || unit.parts || !/^\p{L}+$/u.test(unit.term)) return true;
  if (!unit.prefix) return f.has(unit.term);
  var chars = Array.from(unit.term);
  return chars.length < KNOWN_START || f.has(KNOWN_START_MARK + chars.slice(0, KNOWN_START).join(""));
}

/** meta.json's filter, read once (null when it has none). */
function knownFilter(index) {
  if (index.known === undefined) {
    var s = index.meta.known || "", dot = s.indexOf(KNOWN_SEPARATOR), bits = dot > 0 ? Number(s.slice(0, dot)) : 0;
    index.known = null;
    if (bits > 0) {
      var set = new Uint8Array((bits + 7) >> 3);
      pageList(s.slice(dot + 1)).forEach(function (b) { set[b >> 3] |= 1 << (b & 7); });
      index.known = { has: function (entry) { return knownBits(entry, bits).every(function (b) { return (set[b >> 3] >> (b & 7)) & 1; }); } };
    }
  }
  return index.known;
}

/**
 * The closest of the titles' words and meta.json's `words` to a word the index may not
 * know, within the typos its length allows: [word, worth]; null when it is known, starts
 * a known word while typed, or has no such neighbour.
 * @returns {[string, number]|null}
 */
export function typoFix(index, unit) {
  if (unit.group || unit.parts || unit.skip) return null;
  var d = dictionary(index), term = unit.term, key = (unit.prefix ? "+" : "=") + term;
  if (!d || d.known.has(term)) return null;
  if (!d.fixes.has(key)) d.fixes.set(key, closestKnown(unit, d));
  return d.fixes.get(key);
}

/** typoFix, unless meta.json's filter knows the whole word (then it is as typed). */
export function fixFor(index, unit) {
  return knownFilter(index) && !unit.prefix && index.mayKnow(unit) ? null : index.typoFix(unit);
}

/** typoFix's search (it keeps the answers). */
function closestKnown(unit, d) {
  var term = unit.term;
  if (unit.prefix) {
    var at = upperBound(d.sorted, term);
    if (at > 0 && d.sorted[at - 1] === term) return null;
    if (at < d.sorted.length && d.sorted[at].lastIndexOf(term, 0) === 0) return null;
  }
  var chars = Array.from(term), max = typosFor(term);
  if (!max) return null;
  var best = null, away = max + 1;
  for (var len = chars.length - max; len <= chars.length + max; len++) {
    (d.byLength.get(len) || []).forEach(function (w) {
      var k = distance(chars, w[1], max);
      if (k < away || (k === away && best && w[0] < best)) { away = k; best = w[0]; }
    });
  }
  return best && away <= max ? [best, TYPO[away]] : null;
}

/** The words typoFix knows: titles' words and meta.json's `words`, sorted and by length. */
function dictionary(index) {
  if (index.dict === undefined) {
    var tier = index.titleTier(), extra = index.meta.words || [];
    var all = (tier ? tier.keys : []).concat(extra).filter(function (w) { return w.indexOf(" ") < 0; }).sort();
    var byLength = new Map();
    all.forEach(function (w) {
      var chars = Array.from(w);
      if (!byLength.has(chars.length)) byLength.set(chars.length, []);
      byLength.get(chars.length).push([w, chars]);
    });
    index.dict = all.length ? { known: new Set(all), sorted: all, byLength: byLength, fixes: new Map() } : null;
  }
  return index.dict;
}
