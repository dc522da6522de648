// The hashes the writer and the client compute alike (src/search/format.rs): the file a
// word pair is in, and the bits of the known-words filter. tests/fixtures/search-index/
// hashes.json pins both sides to the same values.

import {
  PAIR_PREFIX, PAIR_JOIN, PAIR_GAP, KNOWN_HASHES, FNV_OFFSET, FNV_PRIME, KNOWN_MIX_1,
  KNOWN_MIX_2,
} from "./format.gen.js";

/**
 * FNV-1a over a string's UTF-16 code units (fnv1a in format.rs).
 * @param {string} s @returns {number}
 */
export function fnv(s) {
  var h = FNV_OFFSET;
  for (var i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h;
}

/**
 * Whether a pair's second word has a digit in its first PAIR_PREFIX characters: then the
 * whole word picks the file (numbers starting alike would fill one), and a prefix of it
 * finds no pairs.
 * @param {string} word
 */
export function numberStart(word) { return /[0-9]/.test(Array.from(word).slice(0, PAIR_PREFIX).join("")); }

/**
 * The group of pairs a key is looked up with (pair_group in format.rs): the key up to and
 * including the second word's first PAIR_PREFIX characters (the whole word for a number;
 * not past the gap).
 * @param {string} key @returns {string}
 */
export function pairGroup(key) {
  var sp = key.indexOf(PAIR_JOIN), end = key.length;
  if (sp >= 0) {
    var bang = key.indexOf(PAIR_GAP, sp);
    end = bang < 0 ? key.length : bang;
    if (!numberStart(key.slice(sp + 1, end))) {
      end = sp + 1;
      for (var c = 0; c < PAIR_PREFIX && end < key.length && key[end] !== PAIR_GAP; c++) {
        end += (key.charCodeAt(end) & 0xfc00) === 0xd800 && end + 1 < key.length ? 2 : 1;
      }
    }
  }
  return key.slice(0, end);
}

/**
 * The pair groups meta.json's `own` lists by first word ([word, rests joined by
 * PAIR_JOIN]), listed out in its order (own_groups in format.rs).
 * @param {Array<[string, string]>} own @returns {string[]}
 */
export function ownGroups(own) {
  var out = [];
  own.forEach(function (e) {
    e[1].split(PAIR_JOIN).forEach(function (rest) { out.push(e[0] + PAIR_JOIN + rest); });
  });
  return out;
}

/**
 * The pair file a key is in (pair_file in format.rs): its group's own file (`own`, in
 * key order, numbered after the buckets), or the bucket its group's hash picks.
 * @param {string} key @param {number} buckets @param {string[]} own @returns {number}
 */
export function pairFile(key, buckets, own) {
  var group = pairGroup(key), at = upperBound(own, group) - 1;
  return at >= 0 && own[at] === group ? buckets + at : fnv(group) % buckets;
}

/**
 * The bits of meta.json's known-words filter an entry sets (known_bits in format.rs):
 * FNV-1a of it, a second hash mixed from it, (h1 + i * h2) mod bits for each of
 * KNOWN_HASHES.
 * @param {string} entry @param {number} bits @returns {number[]}
 */
export function knownBits(entry, bits) {
  var h1 = fnv(entry), h2 = h1;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, KNOWN_MIX_1) >>> 0;
  h2 ^= h2 >>> 13;
  h2 = Math.imul(h2, KNOWN_MIX_2) >>> 0;
  h2 ^= h2 >>> 16;
  h2 = (h2 | 1) >>> 0;
  var out = [];
  for (var k = 0; k < KNOWN_HASHES; k++) out.push(((h1 + Math.imul(k, h2)) >>> 0) % bits);
  return out;
}

/**
 * Where a page's fragment is (fragment_place in format.rs): its fragment file's number and
 * its place there, from the first page of each file (meta.json's `frags`, decoded).
 * @param {number} page @param {number[]} firsts @returns {[number, number]}
 */
export function fragmentPlace(page, firsts) {
  var lo = 0, hi = firsts.length;
  while (lo < hi) { var mid = (lo + hi) >> 1; if (firsts[mid] <= page) lo = mid + 1; else hi = mid; }
  var file = Math.max(0, lo - 1);
  return [file, page - (firsts[file] || 0)];
}

/**
 * The first place in a sorted list whose key is past `key`.
 * @param {string[]} keys @param {string} key @returns {number}
 */
export function upperBound(keys, key) {
  var lo = 0, hi = keys.length;
  while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] <= key) lo = mid + 1; else hi = mid; }
  return lo;
}
