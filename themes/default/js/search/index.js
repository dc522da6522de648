// An index in some place: its files loaded on demand and kept, and the lookups a query
// makes (each in its own module, reached through the Index so that tests can watch them).

import {
  META_FILE, FILTERS_FILE, TERM_SHARDS, STOPWORD_FILES, END_FILES, PAIR_FILES, PAIR_STOPWORDS,
  FRAGMENT_FILES, PAIR_JOIN, PAIR_FIELDS, TERM_ENTRY, TITLE_LENS_MARK,
} from "./format.gen.js";
import { DEC, LOW, subValues, decoded, pageList, frontDecoded } from "./decode.js";
import { pairFile, ownGroups, fragmentPlace, upperBound } from "./hash.js";
import { closest, variants, titleVariants } from "./variants.js";
import { mayKnow, fixFor, typoFix } from "./words.js";
import { findPairs } from "./pairs.js";
import { search } from "./search.js";

/**
 * Resolves to a file's text, by its path under search/ (fetch in the browser, the file
 * system in tests and the benchmark).
 * @callback Load
 * @param {string} path
 * @returns {Promise<string>}
 */

/** A loaded shard: its keys, and its entries in the same order. */
function asShard(text) {
  var entries = JSON.parse(text);
  return { keys: entries.map(function (e) { return e[0]; }), entries: entries };
}

/**
 * A pair file's entries (`[first, [rest, ...], ...]`, each rest the key after the first
 * word, the pages and the headed list joined by PAIR_FIELDS) as PairEntry arrays.
 * @param {string} text @returns {import("./format.gen.js").PairEntry[]}
 */
export function pairEntries(text) {
  var flat = JSON.parse(text), out = [];
  for (var i = 0; i + 1 < flat.length; i += 2) {
    var first = flat[i] + PAIR_JOIN;
    flat[i + 1].forEach(function (rest) {
      var f = rest.split(PAIR_FIELDS);
      f[0] = first + f[0];
      out.push(f);
    });
  }
  return out;
}

/** A loaded pair file, as a shard. */
function asPairShard(text) {
  var entries = pairEntries(text);
  return { keys: entries.map(function (e) { return e[0]; }), entries: entries };
}

export class Index {
  /** @param {Load} load @param {import("./format.gen.js").Meta} meta */
  constructor(load, meta) {
    this.load = load;
    // The sorted lists meta.json front-codes, as plain lists (in a copy: the caller's
    // object stays as read).
    this.meta = Object.assign({}, meta, { shards: frontDecoded(meta.shards), words: frontDecoded(meta.words) });
    this.shards = new Map();
    this.ends = new Map();
    this.fragments = new Map();
  }

  /** Opens the index: reads meta.json. @param {Load} load @returns {Promise<Index>} */
  static open(load) {
    return load(META_FILE).then(function (text) { return new Index(load, JSON.parse(text)); });
  }

  /** A file, parsed, loaded once into `cache` (a failed load is tried again next time). */
  file(cache, path, parse) {
    if (!cache.has(path)) {
      cache.set(path, this.load(path).then(parse, function (e) { cache.delete(path); throw e; }));
    }
    return cache.get(path);
  }

  /**
   * Term shard `i`, with the words' title lists from meta.json when it holds them (none
   * when every word is in titles alone).
   */
  shard(i) {
    var self = this;
    if (!this.meta.shards.length) return Promise.resolve({ keys: [], entries: [] });
    return this.file(this.shards, TERM_SHARDS + i + ".json", function (text) {
      var shard = asShard(text);
      shard.entries.forEach(function (e) { self.takeLens(e); });
      if (self.titleTier()) {
        shard.entries.forEach(function (e) {
          var t = self.titleLists.get(e[0]);
          if (t) e[1] = t;
        });
      }
      return shard;
    });
  }
  /** The shards numbered in `list`, each once. @param {number[]} list */
  shardList(list) {
    var self = this;
    return Promise.all(list.filter(function (v, i) { return list.indexOf(v) === i; }).map(function (i) { return self.shard(i); }));
  }
  /** The shard a key would be in. @param {string} key */
  shardOf(key) { return Math.max(0, upperBound(this.meta.shards, key) - 1); }
  /** The shards holding keys from `lo` up to `hi`, at most `limit` of them. */
  shardsFor(lo, hi, limit) {
    var a = this.shardOf(lo), b = Math.min(this.shardOf(hi), a + (limit || 1) - 1), out = [];
    for (var i = a; i <= b; i++) out.push(i);
    return out;
  }
  /** The pair file a key (`first second...`) is in. @param {string} key */
  pairShard(key) {
    var n = this.meta.pairs || 0;
    if (!n) return Promise.resolve({ keys: [], entries: [] });
    var file = pairFile(key, n, this.ownGroups());
    return this.file(this.shards, PAIR_FILES + file + ".json", asPairShard);
  }
  /** The pair groups with files of their own, in key order (meta.json's `own`, listed out). */
  ownGroups() {
    if (!this.own) this.own = ownGroups(this.meta.own || []);
    return this.own;
  }
  /** A stopword's entry, from its own file (null if it has none). @param {string} term */
  stopword(term) {
    var i = PAIR_STOPWORDS.indexOf(term);
    if (i < 0) return Promise.resolve(null);
    var self = this;
    return this.file(this.shards, STOPWORD_FILES + i + ".json", function (text) {
      var e = JSON.parse(text);
      self.takeLens(e);
      return e[0] === term ? e : null;
    });
  }
  /**
   * A title list that carries its pages' title lengths (`list:lens`, when meta.json has no
   * `lens`): the lengths noted in titleLens(), the list left plain.
   * @param {import("./format.gen.js").TermEntry} e
   */
  takeLens(e) {
    var list = e[TERM_ENTRY.title] || "", at = list.indexOf(TITLE_LENS_MARK);
    if (at < 0) return;
    var lens = this.titleLens(), digits = list.slice(at + 1);
    e[TERM_ENTRY.title] = list.slice(0, at);
    pageList(e[TERM_ENTRY.title]).forEach(function (page, k) {
      if (page < lens.length && k < digits.length) lens[page] = DEC[digits.charCodeAt(k)] & LOW;
    });
  }
  /**
   * Each page's number of title words: from meta.json (a base-64 digit a page), or when it
   * has none, noted from the title lists as they are read (takeLens).
   */
  titleLens() {
    if (!this.lens) {
      var s = this.meta.lens || "", n = this.meta.pages;
      this.lens = new Uint8Array(n);
      for (var i = 0; i < n && i < s.length; i++) this.lens[i] = DEC[s.charCodeAt(i)] & LOW;
    }
    return this.lens;
  }
  /**
   * A page's fragment, from the file it shares with its neighbours.
   * @returns {Promise<import("./format.gen.js").Fragment>}
   */
  fragment(page) {
    var at = this.fragmentAt(page);
    return this.file(this.fragments, FRAGMENT_FILES + at[0] + ".json", JSON.parse).then(function (list) { return list[at[1]]; });
  }
  /** The fragment file a page's fragment is in, and its place there. @returns {number[]} */
  fragmentAt(page) {
    if (!this.firsts) this.firsts = pageList(this.meta.frags);
    return fragmentPlace(page, this.firsts);
  }
  /** The word-ending file a word's reversed spelling would be in. */
  endings(word) {
    var r = Array.from(word).reverse().join("");
    var i = Math.max(0, upperBound(this.meta.ends, r) - 1);
    if (!this.meta.ends.length) return Promise.resolve([]);
    return this.file(this.ends, END_FILES + i + ".json", JSON.parse);
  }
  /** filters.json. @returns {Promise<import("./format.gen.js").Filters>} */
  filters() {
    if (!this.filterData) {
      var self = this;
      this.filterData = this.load(FILTERS_FILE).then(JSON.parse, function (e) { self.filterData = null; throw e; });
    }
    return this.filterData;
  }
  /** The titles' lists from meta.json as a shard (null if the term shards hold them). */
  titleTier() {
    if (this.tier === undefined) {
      var list = this.meta.titles || [];
      this.tier = list.length ? { keys: list.map(function (e) { return e[0]; }), entries: list } : null;
      if (this.tier) {
        var byTerm = this.titleLists = new Map();
        list.forEach(function (e) { byTerm.set(e[0], e[1]); });
      }
    }
    return this.tier;
  }
  /**
   * The lists the entries among `variants` keep in files of their own, loaded into them:
   * body lists (`+n`: `b/<n>.json`) if `body`, else sub-results (`*pages+n`:
   * `h/<n>.json`); only the closest variants'. Resolves to whether there were any.
   */
  more(variants, body) {
    var self = this, jobs = [], seen = new Set();
    var want = function (e, field, path, pages) {
      if (seen.has(path)) return;
      seen.add(path);
      jobs.push(self.file(self.shards, path, JSON.parse).then(function (list) {
        e[field] = pages ? subValues(pages, list) : list;
        e.lists = null;
      }));
    };
    variants.forEach(function (list) {
      closest(list).forEach(function (v) {
        decoded(v[0]);
        v[0].away.forEach(function (a) { if ((a[0] === TERM_ENTRY.body) === body) want(v[0], a[0], a[1], a[2]); });
      });
    });
    return Promise.all(jobs).then(function () { return jobs.length > 0; });
  }

  /** Ranks pages for a query (search.js). */
  search(query, options) { return search(this, query, options); }
  /** Neighbouring query words found as word pairs (pairs.js). */
  pairs(units, variants, most) { return findPairs(this, units, variants, most); }
  /** The variants one unit matches (variants.js). */
  variants(unit, titled) { return variants(this, unit, titled); }
  /** The variants one unit matches among the titles' words (variants.js). */
  titleVariants(unit) { return titleVariants(this, unit); }
  /** Whether the index may hold a word (words.js). */
  mayKnow(unit) { return mayKnow(this, unit); }
  /** The typo fix a word is looked up as, if any (words.js). */
  fixFor(unit) { return fixFor(this, unit); }
  /** The closest known word to one the index may not know (words.js). */
  typoFix(unit) { return typoFix(this, unit); }
}
