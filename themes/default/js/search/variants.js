// The variants a unit of the query matches among the index's terms: [entry, worth, term],
// the word itself, then the words it starts while typed, then its typos.

import { codePoints } from "./tokenize.js";
import { upperBound } from "./hash.js";
import { distance, typosFor } from "./query.js";
import { EXACT, PREFIX, TYPO } from "./weights.js";

/**
 * A term a unit matches: its entry, what the match is worth, the term.
 * @typedef {[Object, number, string]} Variant
 */

/**
 * The entries of the loaded shards with keys from `lo` up to `hi`.
 * @param {{keys: string[], entries: Object[]}[]} shards
 * @param {string} lo @param {string} hi @returns {Object[]}
 */
export function entriesFrom(shards, lo, hi) {
  var out = [];
  shards.forEach(function (s) {
    for (var i = upperBound(s.keys, lo) - 1, n = s.keys.length; i < n; i++) {
      if (i < 0) continue;
      var key = s.keys[i];
      if (key < lo) continue;
      if (key > hi) break;
      out.push(s.entries[i]);
    }
  });
  return out;
}

/**
 * The variants of a unit worth reading more files for (lists of their own, word pairs):
 * the word itself when the index has it, else the three closest.
 * @param {Variant[]} list @returns {Variant[]}
 */
export function closest(list) {
  var exact = list.filter(function (v) { return v[1] === EXACT; });
  if (exact.length) return exact;
  return list.slice().sort(function (a, b) { return b[1] - a[1]; }).slice(0, 3);
}

/** How long an entry's lists are together. */
function size(entry) { var n = 0; for (var i = 1; i < entry.length; i++) n += entry[i].length; return n; }

/**
 * What one unit matches among entries, each term once, in the order found (the word
 * itself, its completions, then typos).
 */
class Matcher {
  constructor(unit) {
    this.unit = unit;
    this.chars = Array.from(unit.term);
    this.max = typosFor(unit.term);
    this.block = this.chars.slice(0, 2).join("");
    this.prefix = unit.prefix && codePoints(unit.term) >= 2;
    /** @type {Variant[]} */
    this.found = [];
    this.seen = new Set();
  }
  add(e, worth) {
    if (!this.seen.has(e[0])) { this.seen.add(e[0]); this.found.push([e, worth, e[0]]); }
  }
  /** The completions of a word being typed, the ones with the most postings first. */
  complete(shards) {
    var self = this, term = this.unit.term;
    // Word pairs ("term next") sort among the completions: leave them out.
    var completions = entriesFrom(shards, term, term + "\uffff").filter(function (e) { return e[0].indexOf(" ") < 0; });
    completions.sort(function (a, b) { return size(b) - size(a); });
    completions.slice(0, 40).forEach(function (e) {
      self.add(e, PREFIX - 0.01 * Math.min(10, codePoints(e[0]) - self.chars.length));
    });
  }
  /** The entries that are the word with a typo or two (or start so, while typing). */
  typos(entries) {
    var self = this, chars = this.chars, max = this.max, unit = this.unit;
    entries.forEach(function (e) {
      if (!/^\p{L}+$/u.test(e[0])) return;
      var cand = Array.from(e[0]);
      if (cand.length + max < chars.length) return;
      var dist = distance(chars, cand, max);
      var worth = TYPO[dist];
      if (unit.prefix && cand.length > chars.length) {
        for (var cut = chars.length - 1; cut <= chars.length + 1 && dist > max; cut++) {
          var dp = distance(chars, cand.slice(0, cut), max);
          if (dp <= max) { dist = dp; worth = TYPO[dp] * PREFIX; }
        }
      }
      if (dist > 0 && dist <= max) self.add(e, worth);
    });
  }
}

/**
 * The variants one unit matches among the words found in titles (meta.json holds their
 * title lists when they fit): all in memory, so typos anywhere in the word are found.
 * Null when there are no such lists or the unit needs its own file.
 * @returns {Variant[]|null}
 */
export function titleVariants(index, unit) {
  var tier = index.titleTier();
  if (!tier || unit.full) return null;
  if (unit.skip) return [];
  var m = new Matcher(unit), term = unit.term;
  entriesFrom([tier], term, term).forEach(function (e) { m.add(e, EXACT); });
  if (unit.group) return m.found;
  if (m.prefix) m.complete([tier]);
  if (!m.max) return m.found;
  var whole = m.found.length;
  m.typos(entriesFrom([tier], m.block, m.block + "\uffff"));
  if (!whole && !m.found.length) m.typos(tier.entries);
  return m.found;
}

/**
 * The variants one unit matches, exact first; loads what it needs. With the titles' lists
 * in meta.json, words found in titles alone come from there (`titled`).
 * @returns {Promise<Variant[]>}
 */
export function variants(index, unit, titled) {
  if (titled === undefined) titled = index.titleVariants(unit);
  return shardVariants(index, unit).then(function (found) {
    if (!titled) return found;
    var terms = new Set(found.map(function (v) { return v[2]; }));
    return found.concat(titled.filter(function (v) { return !terms.has(v[2]); }));
  });
}

/** The variants of a unit in the term shards (and a little word's own file). */
function shardVariants(index, unit) {
  var term = unit.term;
  if (unit.full && !unit.prefix) {
    return index.stopword(term).then(function (e) { return e && e.length > 1 ? [[e, EXACT, term]] : []; });
  }
  if (unit.group) {
    return index.shard(index.shardOf(term)).then(function (s) {
      var e = entriesFrom([s], term, term)[0];
      return e ? [[e, EXACT, term]] : [];
    });
  }
  var m = new Matcher(unit);
  // A word the index lacks (mayKnow), close to a known one: that one's shard alone.
  if (unit.fix) {
    return index.shardList([index.shardOf(unit.fix[0])]).then(function (more) {
      m.typos(entriesFrom(more, unit.fix[0], unit.fix[0]));
      return m.found;
    });
  }
  // A word in titles (meta.json) is whole: no typos or completions further off.
  var inTitles = Boolean(index.titleTier() && index.titleLists.has(term));
  // The word's shard (and a little word's own file); completions in the next ones only
  // if the word is not complete.
  return index.shardList([index.shardOf(term)]).then(function (shards) {
    var exact = entriesFrom(shards, term, term);
    if (unit.full && exact.length) {
      return index.stopword(term).then(function (e) { return [shards, e ? [e] : exact]; });
    }
    if (!m.prefix || exact.length || inTitles) return [shards, exact];
    return index.shardList(index.shardsFor(term, term + "\uffff", 3)).then(function (more) { return [more, exact]; });
  }).then(function (loaded) {
    var shards = loaded[0];
    loaded[1].forEach(function (e) { m.add(e, EXACT); });
    if (m.prefix) m.complete(shards);
    if (!m.max) return m.found;
    // Typos among the words loaded that share its first two letters (ranked below the
    // word itself and its completions); when neither is there, look further.
    var whole = m.found.length || inTitles;
    m.typos(entriesFrom(shards, m.block, m.block + "\uffff"));
    if (whole) return m.found;
    return farTypos(index, unit, m);
  });
}

/**
 * Typos of a word neither the index nor its completions have: the known word it is most
 * likely meant for (typoFix), in its shard; else in the shards on either side (a shard
 * holds only some of the words starting alike); else, for a typo in its first letters,
 * among the words ending like it.
 */
function farTypos(index, unit, m) {
  var term = unit.term, block = m.block, chars = m.chars, max = m.max;
  var fix = index.typoFix(unit);
  if (fix) {
    return index.shardList([index.shardOf(fix[0])]).then(function (more) {
      m.typos(entriesFrom(more, fix[0], fix[0]));
      return m.found;
    });
  }
  var own = index.shardOf(term), lo = index.shardOf(block), hi = index.shardOf(block + "\uffff"), near = [];
  for (var i = Math.max(lo, own - 1); i <= Math.min(hi, own + 1); i++) near.push(i);
  return index.shardList(near).then(function (more) {
    m.typos(entriesFrom(more, block, block + "\uffff"));
    if (m.found.length) return m.found;
    return index.endings(term).then(function (words) {
      var close = words.filter(function (w) { return distance(chars, Array.from(w), max) <= max; }).slice(0, 3);
      return index.shardList(close.map(function (w) { return index.shardOf(w); })).then(function (last) {
        m.typos(entriesFrom(last, "", "\uffff").filter(function (e) { return close.indexOf(e[0]) >= 0; }));
        return m.found;
      });
    }, function () { return m.found; });
  });
}
