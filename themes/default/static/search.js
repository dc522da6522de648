// handbook search client: the query language, ranking and excerpts over the index files
// the build writes under search/, and the search box and results page that use them.
// No dependencies. The same file is loaded by the browser (lazily, by handbook.js) and by
// Node (unit tests and the benchmark), which gets the core without the page parts.
(function (factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else if (typeof document !== "undefined") api.startPage(document);
})(function () {
  "use strict";

  // ---- Terms: normalizing and tokenizing (the indexer in src/search/tokenize.rs does
  // exactly this; tests/js/tokenize-cases.json holds cases both are tested against).

  // Characters folded like NFKD without accents, then recomposed (src/search/fold_table.rs
  // is generated from foldChar over these ranges).
  var FOLD_RANGES = [[0xa0, 0x5ff], [0x1e00, 0x24ff], [0x3000, 0x30ff], [0xfb00, 0xfb4f], [0xff00, 0xffef]];
  var FOLD_RE = /[\u00a0-\u05ff\u1e00-\u24ff\u3000-\u30ff\ufb00-\ufb4f\uff00-\uffef]/;
  var WORD_RE = /[\p{Alphabetic}\p{N}]/u;
  var MAX_TERM = 40;

  function foldChar(c) {
    return FOLD_RE.test(c) ? c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").normalize("NFC") : c;
  }
  var normCache = new Map();
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
  function isCJK(cp) {
    return cp === 0x3005 || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fa1f);
  }
  // W word, K CJK, A apostrophe, H hyphen or underscore, D dot, C comma, S anything else.
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
  function codePoints(s) { var n = 0; for (var i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) !== 0xdc00) n++; return n; }

  /** The text as normalized characters, each with the range of the original it came from. */
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
   * The terms of a text, in order: {t: term, s, e: range in the text, k: 0 word, 1 joined
   * form of a hyphenated compound, 2 CJK bigram, c: compound number}.
   * "Mid-Market" gives mid, market and midmarket; "$10k" 10k; "1,000" 1000; "partner's"
   * partner; Japanese runs give overlapping pairs of characters.
   */
  function scan(text) {
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
      var words = [], kinds = [], cur = { t: "", s: i, e: i }, p = i;
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
      for (var w = 0; w < words.length; w++) emit(words[w].t, words[w].s, words[w].e, 0);
      if (words.length > 1) {
        var hyphen = kinds.indexOf("H") >= 0;
        var acronym = words.every(function (x) { return codePoints(x.t) === 1; });
        if (hyphen || acronym) {
          emit(words.map(function (x) { return x.t; }).join(""), words[0].s, words[words.length - 1].e, 1);
        }
      }
      compound++;
      i = p;
    }
    return out;
  }

  /** Just the terms, as the indexer emits them. */
  function terms(text) { return scan(text).map(function (x) { return x.t; }); }

  // ---- Index files: meta.json, term shards t/N.json, word endings e/N.json, page fragments
  // f/N.json. Lists are base64 variable-length numbers (5 bits a digit, 6th bit continues).

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DEC = new Int8Array(128).fill(-1);
  for (var d = 0; d < 64; d++) DEC[B64.charCodeAt(d)] = d;

  function numbers(s, start) {
    var out = [], v = 0, mul = 1;
    for (var i = start || 0; i < s.length; i++) {
      var x = DEC[s.charCodeAt(i)];
      v += (x & 31) * mul;
      if (x & 32) mul *= 32;
      else { out.push(v); v = 0; mul = 1; }
    }
    return out;
  }
  /** A sorted page list: `~` and a bitmap, or gaps. */
  function pageList(s) {
    var out = [];
    if (!s) return out;
    if (s.charCodeAt(0) === 126) {
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
   * Pairs (page, value) with page gaps, flattened. Title lists carry the title's length.
   * Sub-result lists carry the sub-result shifted left by `low` bits plus a small number
   * (a title's length), the sub-result stepping from the one before within a page.
   */
  function pairList(s, low) {
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
   */
  function subValues(pages, s) {
    var nums = numbers(s), out = [], k = 0, sub = 0, first = true;
    for (var j = 0; j < nums.length && k < pages.length; j++) {
      var x = nums[j], more = x % 2, y = Math.floor(x / 2), step = Math.floor(y / 8);
      sub = first ? step : sub + step;
      out.push(pages[k], sub * 8 + (y % 8));
      first = !more;
      if (!more) k++;
    }
    return out;
  }

  function upperBound(keys, key) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] <= key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function reverse(s) { return Array.from(s).reverse().join(""); }
  /**
   * The bucket of word pairs a key (`first second...`) is hashed to (pair_bucket in
   * src/search/index.rs): FNV-1a over the UTF-16 code units of its group (pairGroup).
   */
  function pairBucket(key, n) { return fnv(pairGroup(key)) % n; }
  function fnv(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }
  /**
   * The group of pairs a key is looked up with (pair_group in src/search/index.rs): the
   * key up to and including the second word's first PAIR_PREFIX characters (the whole
   * word for a number; not past a `!`).
   */
  function pairGroup(key) {
    var sp = key.indexOf(" "), end = key.length;
    if (sp >= 0) {
      var bang = key.indexOf("!", sp);
      end = bang < 0 ? key.length : bang;
      if (!numberStart(key.slice(sp + 1, end))) {
        end = sp + 1;
        for (var c = 0; c < PAIR_PREFIX && end < key.length && key.charCodeAt(end) !== 33; c++) {
          end += (key.charCodeAt(end) & 0xfc00) === 0xd800 && end + 1 < key.length ? 2 : 1;
        }
      }
    }
    return key.slice(0, end);
  }
  /**
   * The bits of meta.json's known-words filter an entry sets (as known_bits in
   * src/search/index.rs): FNV-1a over its UTF-16 code units, a second hash mixed from it,
   * (h1 + i * h2) mod bits for each of KNOWN_HASHES.
   */
  function knownBits(entry, bits) {
    var h1 = fnv(entry), h2 = h1;
    h2 ^= h2 >>> 16;
    h2 = Math.imul(h2, 0x85ebca6b) >>> 0;
    h2 ^= h2 >>> 13;
    h2 = Math.imul(h2, 0xc2b2ae35) >>> 0;
    h2 ^= h2 >>> 16;
    h2 = (h2 | 1) >>> 0;
    var out = [];
    for (var k = 0; k < KNOWN_HASHES; k++) out.push(((h1 + Math.imul(k, h2)) >>> 0) % bits);
    return out;
  }
  var KNOWN_HASHES = 8, KNOWN_START = 4;
  /**
   * Whether a pair's second word has a digit in its first PAIR_PREFIX characters: then
   * the whole word picks the bucket (numbers starting alike would fill one), and a prefix
   * of it finds no pairs.
   */
  function numberStart(word) { return /[0-9]/.test(Array.from(word).slice(0, PAIR_PREFIX).join("")); }
  /** How many of the second word's characters pick a pair's bucket (PAIR_PREFIX). */
  var PAIR_PREFIX = 3;
  /** A page's fragment: f/<page / 128>/<page>.json (folders of 128 files). */
  function fragmentPath(page) { return "f/" + Math.floor(page / 128) + "/" + page + ".json"; }

  // Damerau-Levenshtein (adjacent transpositions) between code point arrays, or max+1.
  function distance(a, b, max) {
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
  /** Typos allowed in a word: one from 5 letters, two from 9. */
  function typosFor(word) {
    var n = codePoints(word);
    if (n < 5 || !/^\p{L}+$/u.test(word) || isCJK(word.codePointAt(0))) return 0;
    return n >= 9 ? 2 : 1;
  }

  // How much a match is worth: field weights, and what the kind of match keeps of them.
  var FIELD = { title: 100, description: 35, heading: 70, record: 70, body: 15, code: 4 };
  var EXACT = 1, PREFIX = 0.8, TYPO = [1, 0.55, 0.4];
  // Results a query wants before it may leave out the body lists of very common words (the
  // pages the search box shows).
  var ENOUGH = 3;
  /** The most word-pair buckets a query's phrase is first looked up in (requests). */
  var PHRASE_PAIRS = 2;
  // Each pair of neighbouring query words found together on a page.
  var PAIR = 400;

  /**
   * The parsed query: units that must all match (a word, the joined form of a hyphenated
   * word, a CJK pair, or a glossary term standing for all its names), the last one also as
   * a prefix while the reader is still typing it.
   */
  function parseQuery(query, synonyms) {
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
    // Glossary terms: the longest name found at each place stands for the whole group.
    if (synonyms && synonyms.length) {
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
      units = out;
    }
    return units;
  }

  /**
   * An index in some place: `load(path)` resolves to a file's text (fetch in the browser,
   * the file system in tests and the benchmark).
   */
  function Index(load, meta) {
    this.load = load;
    this.meta = meta;
    this.shards = new Map();
    this.ends = new Map();
    this.fragments = new Map();
  }
  Index.open = function (load) {
    return load("meta.json").then(function (text) { return new Index(load, JSON.parse(text)); });
  };

  Index.prototype.file = function (cache, path, parse) {
    var self = this;
    if (!cache.has(path)) {
      cache.set(path, this.load(path).then(parse, function (e) { cache.delete(path); throw e; }));
    }
    return cache.get(path);
  };
  Index.prototype.shard = function (i) {
    var self = this;
    return this.file(this.shards, "t/" + i + ".json", function (text) {
      var entries = JSON.parse(text);
      // A word's title list, when meta.json holds them.
      if (self.titleTier()) {
        entries.forEach(function (e) {
          var t = self.titleLists.get(e[0]);
          if (t) e[1] = t;
        });
      }
      return { keys: entries.map(function (e) { return e[0]; }), entries: entries };
    });
  };
  /**
   * The lists the entries among `variants` keep in files of their own, loaded into them:
   * body lists (`+n`: `b/<n>.json`) if `body`, else sub-results (`*pages+n`:
   * `h/<n>.json`); only the closest variants'. Resolves to whether there were any.
   */
  Index.prototype.more = function (variants, body) {
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
        v[0].away.forEach(function (a) { if ((a[0] === 5) === body) want(v[0], a[0], a[1], a[2]); });
      });
    });
    return Promise.all(jobs).then(function () { return jobs.length > 0; });
  };
  /**
   * The variants of a unit worth reading more files for (lists of their own, word pairs):
   * the word itself when the index has it, else the three closest.
   */
  function closest(list) {
    var exact = list.filter(function (v) { return v[1] === EXACT; });
    if (exact.length) return exact;
    return list.slice().sort(function (a, b) { return b[1] - a[1]; }).slice(0, 3);
  }
  Index.prototype.shardOf = function (key) { return Math.max(0, upperBound(this.meta.shards, key) - 1); };
  Index.prototype.pairShard = function (key) {
    var n = this.meta.pairs || 0;
    if (!n) return Promise.resolve({ keys: [], entries: [] });
    // A group of pairs with a file of its own (meta.json's `own`, in key order) is
    // numbered after the buckets.
    var own = this.meta.own || [], group = pairGroup(key), at = upperBound(own, group) - 1;
    var file = at >= 0 && own[at] === group ? n + at : fnv(group) % n;
    return this.file(this.shards, "p/" + file + ".json", function (text) {
      var entries = JSON.parse(text);
      return { keys: entries.map(function (e) { return e[0]; }), entries: entries };
    });
  };
  /** The shards holding keys from `lo` up to `hi`, at most `limit` of them. */
  Index.prototype.shardsFor = function (lo, hi, limit) {
    var a = this.shardOf(lo), b = Math.min(this.shardOf(hi), a + (limit || 1) - 1), out = [];
    for (var i = a; i <= b; i++) out.push(i);
    return out;
  };
  /** A stopword's entry, from its own file (null if it has none). */
  Index.prototype.stopword = function (term) {
    var i = (this.meta.stop || []).indexOf(term);
    if (i < 0) return Promise.resolve(null);
    return this.file(this.shards, "s/" + i + ".json", function (text) {
      var e = JSON.parse(text);
      return e[0] === term ? e : null;
    });
  };
  /** Each page's number of title words (meta.json has them, a base64 digit a page). */
  Index.prototype.titleLens = function () {
    if (!this.lens) {
      var s = this.meta.lens || "", n = this.meta.pages;
      this.lens = new Uint8Array(n);
      for (var i = 0; i < n && i < s.length; i++) this.lens[i] = DEC[s.charCodeAt(i)] & 31;
    }
    return this.lens;
  };
  Index.prototype.fragment = function (page) {
    return this.file(this.fragments, fragmentPath(page), JSON.parse);
  };
  Index.prototype.endings = function (word) {
    var r = reverse(word);
    var i = Math.max(0, upperBound(this.meta.ends, r) - 1);
    if (!this.meta.ends.length) return Promise.resolve([]);
    return this.file(this.ends, "e/" + i + ".json", JSON.parse);
  };
  Index.prototype.filters = function () {
    if (!this.filterData) {
      var self = this;
      this.filterData = this.load("filters.json").then(JSON.parse, function (e) { self.filterData = null; throw e; });
    }
    return this.filterData;
  };

  /** The entries of the loaded shards whose key starts with `prefix` (all keys if absent). */
  function entriesFrom(shards, lo, hi) {
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
   * What one unit matches among entries: [entry, worth, term], each term once, in the
   * order found (the word itself, its completions, then typos).
   */
  function Matcher(unit) {
    this.unit = unit;
    this.chars = Array.from(unit.term);
    this.max = typosFor(unit.term);
    this.block = this.chars.slice(0, 2).join("");
    this.prefix = unit.prefix && codePoints(unit.term) >= 2;
    this.found = [];
    this.seen = new Set();
  }
  Matcher.prototype.add = function (e, worth) {
    if (!this.seen.has(e[0])) { this.seen.add(e[0]); this.found.push([e, worth, e[0]]); }
  };
  /** The completions of a word being typed, the ones with the most postings first. */
  Matcher.prototype.complete = function (shards) {
    var self = this, term = this.unit.term;
    // Word pairs ("term next") sort among the completions: leave them out.
    var completions = entriesFrom(shards, term, term + "\uffff").filter(function (e) { return e[0].indexOf(" ") < 0; });
    completions.sort(function (a, b) { return size(b) - size(a); });
    completions.slice(0, 40).forEach(function (e) {
      self.add(e, PREFIX - 0.01 * Math.min(10, codePoints(e[0]) - self.chars.length));
    });
  };
  /** The entries that are the word with a typo or two (or start so, while typing). */
  Matcher.prototype.typos = function (entries) {
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
  };

  /**
   * The variants one unit matches among the words found in titles (meta.json holds their
   * title lists when they fit): all in memory, so typos anywhere in the word are found.
   * Null when there are no such lists or the unit needs its own file.
   */
  Index.prototype.titleVariants = function (unit) {
    var tier = this.titleTier();
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
  };
  /**
   * The closest of the titles' words and meta.json's `words` to a word the index may not
   * know, within the typos its length allows: [word, worth]; null when it is known,
   * starts a known word while typed, or has no such neighbour.
   */
  Index.prototype.typoFix = function (unit) {
    if (unit.group || unit.parts || unit.skip) return null;
    var d = this.dictionary(), term = unit.term, key = (unit.prefix ? "+" : "=") + term;
    if (!d || d.known.has(term)) return null;
    if (!d.fixes.has(key)) d.fixes.set(key, this.closestKnown(unit, d));
    return d.fixes.get(key);
  };
  /** typoFix, unless meta.json's filter knows the whole word (then it is as typed). */
  Index.prototype.fixFor = function (unit) {
    return this.knownFilter() && !unit.prefix && this.mayKnow(unit) ? null : this.typoFix(unit);
  };
  /** typoFix's search (it keeps the answers). */
  Index.prototype.closestKnown = function (unit, d) {
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
  };
  /** The words typoFix knows: titles' words and meta.json's `words`, sorted and by length. */
  Index.prototype.dictionary = function () {
    if (this.dict === undefined) {
      var tier = this.titleTier(), extra = this.meta.words || [];
      var all = (tier ? tier.keys : []).concat(extra).filter(function (w) { return w.indexOf(" ") < 0; }).sort();
      var byLength = new Map();
      all.forEach(function (w) {
        var chars = Array.from(w);
        if (!byLength.has(chars.length)) byLength.set(chars.length, []);
        byLength.get(chars.length).push([w, chars]);
      });
      this.dict = all.length ? { known: new Set(all), sorted: all, byLength: byLength, fixes: new Map() } : null;
    }
    return this.dict;
  };
  /** The titles' lists from meta.json as a shard (null if the term shards hold them). */
  Index.prototype.titleTier = function () {
    if (this.tier === undefined) {
      var list = this.meta.titles || [];
      this.tier = list.length ? { keys: list.map(function (e) { return e[0]; }), entries: list } : null;
      if (this.tier) {
        var byTerm = this.titleLists = new Map();
        list.forEach(function (e) { byTerm.set(e[0], e[1]); });
      }
    }
    return this.tier;
  };

  /**
   * Whether the index may hold a word (one being typed: one starting with its first
   * KNOWN_START letters): false only when meta.json's Bloom filter (`known`,
   * known_filter in src/search/index.rs) says not.
   */
  Index.prototype.mayKnow = function (unit) {
    var f = this.knownFilter();
    if (!f || unit.group || unit.parts || !/^\p{L}+$/u.test(unit.term)) return true;
    if (!unit.prefix) return f.has(unit.term);
    var chars = Array.from(unit.term);
    return chars.length < KNOWN_START || f.has("<" + chars.slice(0, KNOWN_START).join(""));
  };
  Index.prototype.knownFilter = function () {
    if (this.known === undefined) {
      var s = this.meta.known || "", dot = s.indexOf("."), bits = dot > 0 ? Number(s.slice(0, dot)) : 0;
      this.known = null;
      if (bits > 0) {
        var set = new Uint8Array((bits + 7) >> 3);
        pageList(s.slice(dot + 1)).forEach(function (b) { set[b >> 3] |= 1 << (b & 7); });
        this.known = { has: function (entry) { return knownBits(entry, bits).every(function (b) { return (set[b >> 3] >> (b & 7)) & 1; }); } };
      }
    }
    return this.known;
  };

  /**
   * The variants one unit matches: [entry, worth, term], exact first. Loads what it needs.
   * With the titles' lists in meta.json, words found in titles alone come from there.
   */
  Index.prototype.variants = function (unit, titled) {
    if (titled === undefined) titled = this.titleVariants(unit);
    return this.shardVariants(unit).then(function (found) {
      if (!titled) return found;
      var terms = new Set(found.map(function (v) { return v[2]; }));
      return found.concat(titled.filter(function (v) { return !terms.has(v[2]); }));
    });
  };
  Index.prototype.shardVariants = function (unit) {
    var self = this, term = unit.term;
    if (unit.full && !unit.prefix) {
      return this.stopword(term).then(function (e) { return e && e.length > 1 ? [[e, EXACT, term]] : []; });
    }
    if (unit.group) {
      return this.shard(this.shardOf(term)).then(function (s) {
        var e = entriesFrom([s], term, term)[0];
        return e ? [[e, EXACT, term]] : [];
      });
    }
    var m = new Matcher(unit), max = m.max, block = m.block, chars = m.chars;
    // A word the index lacks (mayKnow), close to a known one: that one's shard alone.
    if (unit.fix) {
      return this.shardList([this.shardOf(unit.fix[0])]).then(function (more) {
        m.typos(entriesFrom(more, unit.fix[0], unit.fix[0]));
        return m.found;
      });
    }
    // A word in titles (meta.json) is whole: no typos or completions further off.
    var inTitles = Boolean(this.titleTier() && this.titleLists.has(term));
    // The word's shard (and a little word's own file); completions in the next ones only
    // if the word is not complete.
    return this.shardList([this.shardOf(term)]).then(function (shards) {
      var exact = entriesFrom(shards, term, term);
      if (unit.full && exact.length) {
        return self.stopword(term).then(function (e) { return [shards, e ? [e] : exact]; });
      }
      if (!m.prefix || exact.length || inTitles) return [shards, exact];
      return self.shardList(self.shardsFor(term, term + "\uffff", 3)).then(function (more) { return [more, exact]; });
    }).then(function (loaded) {
      var shards = loaded[0];
      loaded[1].forEach(function (e) { m.add(e, EXACT); });
      if (m.prefix) m.complete(shards);
      if (!max) return m.found;
      // Typos among the words loaded that share its first two letters (ranked below the
      // word itself and its completions); when neither is there, also...
      var whole = m.found.length || inTitles;
      m.typos(entriesFrom(shards, block, block + "\uffff"));
      if (whole) return m.found;
      // ...the known word it is most likely meant for (typoFix), in its shard...
      var fix = self.typoFix(unit);
      if (fix) {
        return self.shardList([self.shardOf(fix[0])]).then(function (more) {
          m.typos(entriesFrom(more, fix[0], fix[0]));
          return m.found;
        });
      }
      // ...in the shards on either side (a shard holds only some of them)...
      var own = self.shardOf(term), lo = self.shardOf(block), hi = self.shardOf(block + "\uffff"), near = [];
      for (var i = Math.max(lo, own - 1); i <= Math.min(hi, own + 1); i++) near.push(i);
      return self.shardList(near).then(function (more) {
        m.typos(entriesFrom(more, block, block + "\uffff"));
        if (m.found.length) return m.found;
        // ...or, for a typo in those letters, among the words ending like it.
        return self.endings(term).then(function (words) {
          var close = words.filter(function (w) { return distance(chars, Array.from(w), max) <= max; }).slice(0, 3);
          return self.shardList(close.map(function (w) { return self.shardOf(w); })).then(function (last) {
            m.typos(entriesFrom(last, "", "\uffff").filter(function (e) { return close.indexOf(e[0]) >= 0; }));
            return m.found;
          });
        }, function () { return m.found; });
      });
    });
  };
  Index.prototype.shardList = function (list) {
    var self = this;
    return Promise.all(list.filter(function (v, i) { return list.indexOf(v) === i; }).map(function (i) { return self.shard(i); }));
  };
  function size(entry) { var n = 0; for (var i = 1; i < entry.length; i++) n += entry[i].length; return n; }

  /**
   * Ranks pages for a query: every unit must match (pages missing units follow, fewest
   * missing first); matches in titles count over headings and records over body text;
   * whole words over prefixes over typos. Resolves to {units, pages: [{page, score,
   * matched, subs: [[sub, score]], terms}]}.
   */
  Index.prototype.search = function (query, options) {
    var self = this, opts = options || {};
    var units = parseQuery(query, this.meta.syn);
    // In the box, a word the index lacks (mayKnow) is read as its typo fix, or if too
    // short for one ("roue") left out, and no pair spans it.
    var dropped = false;
    if (!opts.complete) {
      units = units.filter(function (u, i) {
        if (self.mayKnow(u)) return true;
        var fix = self.fixFor(u);
        if (fix) u.fix = fix;
        if (fix || typosFor(u.term)) return true;
        dropped = true;
        if (i + 1 < units.length) units[i + 1].cut = true;
        return false;
      });
    }
    if (!units.length) return Promise.resolve({ units: units, pages: [] });
    // Little words ("for", "the") beside others are not looked up (not required; the
    // word pairs see them); a query of nothing else reads their own files.
    var stop = new Set(this.meta.stop || []);
    var word = function (u) { return stop.has(u.term) && !u.group && !u.parts; };
    var little = function (u) { return word(u) && !u.prefix; };
    if (units.every(word)) {
      units.forEach(function (u) { if (!u.prefix || units.length === 1) u.full = true; });
    }
    else units.forEach(function (u) { if (little(u)) u.skip = true; });
    // A little word being typed last settles nothing yet: the next letters will. Till then
    // the titles' words it starts stand for it (when meta.json has them), not a request.
    var last = units[units.length - 1];
    var typing = units.length > 1 && last.prefix && word(last);
    // Each unit's variants among the titles' words, found once for the query.
    var titled = units.map(function (u) { return self.titleVariants(u); });
    var lookUp = function (u, i) {
      if (u.skip) return [];
      return (u === last && typing && titled[i]) || self.variants(u, titled[i]);
    };
    // `partial`: settled before every list was read, so there may be more pages. The words
    // of the word pairs found on a page are marked there too.
    var result = function (variants, ranked, partial, pairs) {
      return {
        units: units,
        pages: ranked,
        partial: Boolean(partial),
        termsOf: function (page) {
          var terms = termsOf(variants, page);
          if (pairs && pairs.score[page] > 0) pairs.words.forEach(function (w) { terms.add(w); });
          return terms;
        }
      };
    };
    // Titles first (meta.json), then the words as typed as word pairs: either may settle
    // it without a term shard.
    if (!opts.complete && titled.every(Boolean)) {
      var first = rank(this.titleLens(), units, titled, NO_PAIRS, opts, stop);
      if (first.length >= ENOUGH && first[0].whole) return Promise.resolve(result(titled, first, true));
      // A word the index does not know as its typo fix (fixFor): "approal criteria" as
      // "approval criteria".
      var typed = units.map(function (u) {
        var fix = self.fixFor(u);
        var list = [[null, fix ? fix[1] : EXACT, fix ? fix[0] : u.term]];
        // (Not the misspelt start of a word either.)
        list.fixed = Boolean(fix);
        return list;
      });
      return this.pairs(units, typed, PHRASE_PAIRS).then(function (found) {
        // Two words settle it as a heading (in text, a heading elsewhere may hold them
        // apart); three or more as a phrase ("checklist after the escalation"). On however
        // few pages: the words' lists would only add pages with them apart, below.
        if (found.phrase.size) {
          var ranked = rank(self.titleLens(), units, titled, found, opts, stop);
          var top = ranked[0];
          if (top.whole && (found.span > 2 || found.heading.has(top.page))) {
            return result(titled, ranked, true, found);
          }
        }
        return words();
      });
    }
    return words();
    function words() { return Promise.all(units.map(lookUp)).then(function (variants) {
      // Hyphenated words the index does not know joined: match their parts instead.
      var retry = [];
      units.forEach(function (u, i) {
        if (u.parts && !variants[i].length) retry.push(i);
      });
      if (!retry.length) return variants;
      var expanded = [], expandedVariants = [];
      var jobs = units.map(function (u, i) {
        if (retry.indexOf(i) < 0) return Promise.resolve([[u, variants[i]]]);
        var parts = u.parts.map(function (p, k) { return { term: p, prefix: u.prefix && k === u.parts.length - 1 }; });
        return Promise.all(parts.map(function (p) { return self.variants(p); })).then(function (vs) {
          return parts.map(function (p, k) { return [p, vs[k]]; });
        });
      });
      return Promise.all(jobs).then(function (lists) {
        lists.forEach(function (l) { l.forEach(function (x) { expanded.push(x[0]); expandedVariants.push(x[1]); }); });
        units = expanded;
        return expandedVariants;
      });
    }).then(function (variants) {
      var done = function (ranked, partial) { return result(variants, ranked, partial, pairs); };
      // Settled when the best page has every word in its title or one heading, with
      // enough pages to show. If not, in turn: sub-result files (h/), word pairs, body
      // list files (b/).
      var pairs = NO_PAIRS;
      var ranking = function () { return rank(self.titleLens(), units, variants, pairs, opts, stop); };
      var ranked = ranking();
      var settled = function () { return !opts.complete && ranked.length >= ENOUGH && (typing || ranked[0].whole); };
      if (settled()) return done(ranked, true);
      // A word the index knows in no form ("roue"): no page has them all, and more lists
      // only order pages that miss it. With enough to show, the search box shows these;
      // the results page reads on.
      var unknown = dropped || units.some(function (u, i) { return !u.skip && !stop.has(u.term) && !variants[i].length; });
      if (unknown && !opts.complete && ranked.length >= ENOUGH) return done(ranked, true);
      return self.more(variants, false).then(function (more) {
        if (more) ranked = ranking();
        if (settled()) return done(ranked, true);
        var paired = units.length < 2 ? Promise.resolve(NO_PAIRS) : self.pairs(units, variants);
        return paired.then(function (found) {
          if (found.pages.length) {
            pairs = found;
            ranked = ranking();
            if (settled()) return done(ranked, true);
          }
          return self.more(variants, true).then(function (more) {
            return done(more ? ranking() : ranked);
          });
        });
      });
    }); }
  };

  /**
   * Neighbouring query words found as word pairs (`escalate partner!the`): {pages,
   * score: phrase score by page, evidence: [page * units + unit] worth, phrase: pages
   * holding every pair looked up, heading: page -> the heading holding them all
   * (headedList), words, pairs: how many looked up, span: the query's words, a glossary
   * term one}. A request per pair file not loaded yet.
   */
  Index.prototype.pairs = function (units, variants, most) {
    var self = this, stop = new Set(this.meta.stop || []);
    var seq = [], gap = [], span = 0, cut = false;
    var word = function (unit, term, list, prefix) {
      if (stop.has(term)) { gap.push(term); return; }
      seq.push({ unit: unit, word: term, list: list, prefix: prefix, gap: gap.join("+"), cut: cut });
      gap = [];
      cut = false;
    };
    units.forEach(function (u, i) {
      // No pair spans a word left out (Index.prototype.search).
      if (u.cut) { cut = true; gap = []; }
      span += u.parts ? u.parts.length : 1;
      // A glossary term or a hyphenated word pairs by the words typed.
      var words = u.group ? [].concat.apply([], u.words.map(function (w) { return w.parts || [w.term]; })) : u.parts;
      if (words) {
        words.forEach(function (w) {
          var had = seq.length;
          word(i, w, [[w, 1]], null);
          if (u.parts && seq.length > had && had && seq[had - 1].unit === i) seq[had].inner = true;
        });
        return;
      }
      word(i, u.term, closest(variants[i].filter(function (v) { return /^[^ !=]+$/.test(v[2]); }))
        .map(function (v) { return [v[2], v[1]]; }), u.prefix && !variants[i].fixed ? u.term : null);
    });
    var wanted = [], chosen = choosePairs(seq, most);
    chosen.forEach(function (i) {
      var a = seq[i], b = seq[i + 1];
      a.list.forEach(function (x) {
        b.list.forEach(function (y) {
          wanted.push([x[0] + " " + y[0], b.gap, Math.min(x[1], y[1]), i, false, x[1], y[1]]);
        });
        // A prefix shorter than what picks the bucket tells little: left out.
        if (b.prefix && codePoints(b.prefix) >= PAIR_PREFIX && !numberStart(b.prefix)) wanted.push([x[0] + " " + b.prefix, b.gap, x[1] * PREFIX, i, true, x[1], PREFIX]);
      });
    });
    if (!wanted.length) return Promise.resolve(NO_PAIRS);
    var N = this.meta.pages;
    var files = wanted.map(function (w) { return w[0]; }).filter(function (k, i, a) { return a.indexOf(k) === i; });
    return Promise.all(files.map(function (k) { return self.pairShard(k); })).then(function (shards) {
      var best = new Map(); // pair number -> Float32Array of worth by page
      var plain = new Map(); // pair number -> [first, second]: each word's own worth by page (not the gap's)
      var inHeading = new Map(); // pair number -> Map page -> the sub-results whose titles have it, as typed
      var asTyped = new Map(); // pair number -> Uint8Array: found with the little words typed between
      wanted.forEach(function (w) {
        var hi = w[4] ? w[0] + "\uffff" : w[0] + "!\uffff";
        entriesFrom(shards, w[0], hi).forEach(function (e) {
          var key = e[0], bang = key.indexOf("!");
          var words = bang < 0 ? key : key.slice(0, bang);
          if (!w[4] && words !== w[0]) return;
          if (words.indexOf(" ") < 0) return;
          var same = (bang < 0 ? "" : key.slice(bang + 1)) === w[1];
          var worth = w[2] * (same ? 1 : 0.5);
          var b = best.get(w[3]), o = plain.get(w[3]), t = asTyped.get(w[3]);
          if (!b) {
            best.set(w[3], b = new Float32Array(N));
            plain.set(w[3], o = [new Float32Array(N), new Float32Array(N)]);
            asTyped.set(w[3], t = new Uint8Array(N));
          }
          var list = e.pages || (e.pages = pageList(e[1]));
          for (var i = 0; i < list.length; i++) {
            if (b[list[i]] < worth) b[list[i]] = worth;
            if (o[0][list[i]] < w[5]) o[0][list[i]] = w[5];
            if (o[1][list[i]] < w[6]) o[1][list[i]] = w[6];
            if (same) t[list[i]] = 1;
          }
          if (e[2] && same) {
            var h = inHeading.get(w[3]);
            if (!h) inHeading.set(w[3], h = new Map());
            var headed = e.headed || (e.headed = headedList(e));
            for (i = 0; i < headed.length; i += 2) {
              var subs = h.get(headed[i]);
              if (!subs) h.set(headed[i], subs = []);
              subs.push(headed[i + 1]);
            }
          }
        });
      });
      var nu = units.length;
      var found = { pages: [], score: new Float32Array(N), evidence: new Float32Array(N * nu), phrase: new Set(), heading: new Map(), words: new Set(), pairs: chosen.length, span: span };
      seq.forEach(function (x) { x.list.forEach(function (v) { found.words.add(v[0]); }); });
      var score = found.score, ev = found.evidence;
      best.forEach(function (b, i) {
        var a = seq[i].unit, z = seq[i + 1].unit, o = plain.get(i);
        for (var p = 0; p < N; p++) {
          if (!b[p]) continue;
          if (!score[p]) found.pages.push(p);
          score[p] += b[p];
          if (ev[p * nu + a] < o[0][p]) ev[p * nu + a] = o[0][p];
          if (ev[p * nu + z] < o[1][p]) ev[p * nu + z] = o[1][p];
        }
      });
      // Every pair looked up on the page, as typed: a phrase; all in one heading's title,
      // that heading (ANY_SUB only with another ANY_SUB).
      if (best.size === chosen.length) {
        var headed = inHeading.size === best.size;
        found.pages.forEach(function (p) {
          var all = true, subs = headed ? null : [];
          best.forEach(function (b, i) {
            if (!asTyped.get(i)[p]) { all = false; return; }
            if (subs && !subs.length) return;
            var mine = inHeading.get(i).get(p) || [];
            subs = subs ? subs.filter(function (x) { return mine.indexOf(x) >= 0; }) : mine.slice();
          });
          if (!all) return;
          found.phrase.add(p);
          if (subs && subs.length) found.heading.set(p, Math.min.apply(null, subs));
        });
      }
      return found;
    });
  };
  /**
   * The neighbouring pairs to look up (the first word of each): all, or at most `most`,
   * covering the longest (rarer) words, apart where they can be: pages holding "a b" and
   * "c d" nearly always hold "a b c d".
   */
  function choosePairs(seq, most) {
    var all = [];
    for (var i = 0; i + 1 < seq.length; i++) if (!seq[i + 1].cut) all.push(i);
    // The parts of a hyphenated word are a pair its joined form already says is there:
    // left out when there are more pairs than `most` ("mid-market iacv 0").
    var outer = all.filter(function (k) { return !seq[k + 1].inner; });
    if (most && all.length > most && outer.length >= most) all = outer;
    if (!most || all.length <= most) return all;
    var len = function (k) { return codePoints(seq[k].word); };
    var best = null, bestScore = -1;
    (function pick(from, picked) {
      if (picked.length === most) {
        var covered = new Set(), score = 0;
        picked.forEach(function (k) { covered.add(k); covered.add(k + 1); });
        covered.forEach(function (k) { score += len(k); });
        if (score > bestScore) { bestScore = score; best = picked.slice(); }
        return;
      }
      for (var k = from; k < all.length; k++) pick(k + 1, picked.concat([all[k]]));
    })(0, []);
    return best;
  }
  /**
   * Where a word pair is in a heading's title: (page, sub * 8 + title words - 1) pairs,
   * then after a `*` the pages of a title hundreds share (none: all), as SOME_HEADING.
   */
  function headedList(e) {
    var star = e[2].indexOf("*");
    if (star < 0) return pairList(e[2], 3);
    var out = pairList(e[2].slice(0, star), 3);
    pageList(star + 1 < e[2].length ? e[2].slice(star + 1) : e[1]).forEach(function (p) { out.push(p, SOME_HEADING); });
    return out;
  }
  /** No word pairs: what Index.prototype.pairs resolves to when it finds none. */
  var NO_PAIRS = { pages: [], score: new Float32Array(0), evidence: new Float32Array(0), phrase: new Set(), heading: new Map(), words: new Set(), pairs: 0, span: 0 };
  /** A word pair's sub-result past the numbers the indexer tags (ANY_SUB in src/search/). */
  var ANY_SUB = 254;
  /** A headed pair's value when which heading it is in is not written (headedList). */
  var SOME_HEADING = ANY_SUB * 8 + 7;

  /**
   * An entry's lists, decoded once: [title, description, heading pairs, record pairs,
   * body, code, heading pages, record pages, and those two whose sub-results are in
   * `h/<n>.json` (`*pages+n`; `*pages` alone: nearly all one heading text)].
   */
  function decoded(e) {
    if (!e.lists) {
      // [sub-results, pages only, pages whose sub-results are in a file of their own]
      var subs = function (s) {
        if (Array.isArray(s)) return [s, [], []];
        if (!s || s.charCodeAt(0) !== 42) return [pairList(s, 3), [], []];
        var plus = s.indexOf("+");
        return plus < 0 ? [[], pageList(s.slice(1)), []] : [[], [], pageList(s.slice(1, plus)), s.slice(plus + 1)];
      };
      var h = subs(e[3]), r = subs(e[4]), away = typeof e[5] === "string" && e[5].charCodeAt(0) === 43;
      e.lists = [pageList(e[1]), pageList(e[2]), h[0], r[0], away ? [] : pageList(e[5]),
        pageList(e[6]), h[1], r[1], h[2], r[2]];
      // The lists in files of their own: [field, path, pages] (Index.prototype.more).
      e.away = [];
      if (away) e.away.push([5, "b/" + e[5].slice(1) + ".json", null]);
      [[3, h], [4, r]].forEach(function (x) {
        if (x[1][3] !== undefined) e.away.push([x[0], "h/" + x[1][3] + ".json", x[1][2]]);
      });
    }
    return e.lists;
  }
  function has(sorted, page, step) {
    var lo = 0, hi = sorted.length / step;
    while (lo < hi) {
      var mid = (lo + hi) >> 1, v = sorted[mid * step];
      if (v === page) return true;
      if (v < page) lo = mid + 1; else hi = mid;
    }
    return false;
  }

  function rank(titleLen, units, variants, pairs, opts, stop) {
    var N = titleLen.length, nu = units.length;
    // Little words ("the", "of") count for the score but are not required.
    var needed = units.map(function (u) { return !(stop && stop.has(u.term)); });
    var best = units.map(function () { return new Float32Array(N); }); // best field score
    var exactness = units.map(function () { return new Float32Array(N); }); // best worth of a variant
    var titled = units.map(function () { return new Float32Array(N); }); // worth in the title
    var seen = new Uint8Array(N), pages = [];
    var subHits = new Map(); // page * 65536 + sub -> [unit bits, score, title length, worth]
    // Every unit in one heading or record (little words not looked up cannot be there: the
    // word pairs decide those).
    var all = (1 << Math.min(nu, 30)) - 1;
    var words = units.reduce(function (n, u) { return n + (u.size || 1); }, 0);
    // Little words whose own lists were not read (left out, or only their completions).
    var blind = units.map(function (u) { return stop.has(u.term) && !u.full && !u.group && !u.parts; });
    var skipped = blind.some(Boolean);
    var wide = units.map(function () { return new Float32Array(N); }); // worth in a heading known by page only
    variants.forEach(function (list, u) {
      var bit = 1 << Math.min(u, 30), b = best[u], x = exactness[u];
      var w = wide[u];
      list.forEach(function (v) {
        var l = decoded(v[0]), worth = v[1], i, page, score;
        var note = function (p, s) {
          if (b[p] < s) b[p] = s;
          if (x[p] < worth) x[p] = worth;
          if (!seen[p]) { seen[p] = 1; pages.push(p); }
        };
        for (i = 0; i < l[0].length; i++) {
          page = l[0][i];
          note(page, FIELD.title * worth);
          if (titled[u][page] < worth) titled[u][page] = worth;
        }
        for (i = 0; i < l[1].length; i++) note(l[1][i], FIELD.description * worth);
        for (var f = 2; f <= 3; f++) {
          var list2 = l[f];
          score = (f === 2 ? FIELD.heading : FIELD.record) * worth;
          for (i = 0; i < list2.length; i += 2) {
            page = list2[i];
            note(page, score);
            var key = page * 65536 + (list2[i + 1] >> 3);
            var h = subHits.get(key);
            if (!h) subHits.set(key, h = [0, 0, 8, 1]);
            h[0] |= bit;
            h[1] += score;
            h[2] = (list2[i + 1] & 7) + 1;
            if (worth < h[3]) h[3] = worth;
          }
        }
        // Headings and records known by page only: any of the page's sub-results may be it.
        for (f = 6; f <= 9; f++) {
          score = (f % 2 === 0 ? FIELD.heading : FIELD.record) * worth;
          for (i = 0; i < l[f].length; i++) {
            note(l[f][i], score);
            if (f <= 7 && w[l[f][i]] < worth) w[l[f][i]] = worth;
          }
        }
        score = FIELD.body * worth;
        for (i = 0; i < l[4].length; i++) note(l[4][i], score);
        score = FIELD.code * worth;
        for (i = 0; i < l[5].length; i++) note(l[5][i], score);
      });
    });
    // A word in a pair found on a page is in its text (its own list may not be read yet).
    pairs.pages.forEach(function (p) {
      for (var u = 0; u < nu; u++) {
        var e = pairs.evidence[p * nu + u];
        if (!(e > 0) || best[u][p] >= FIELD.body * e) continue;
        best[u][p] = FIELD.body * e;
        if (exactness[u][p] < e) exactness[u][p] = e;
        if (!seen[p]) { seen[p] = 1; pages.push(p); }
      }
    });
    // Rarer units weigh more when not every unit matches.
    var idf = best.map(function (b) {
      var df = 0;
      for (var i = 0; i < pages.length; i++) if (b[pages[i]] > 0) df++;
      return 1 + Math.log(1 + N / Math.max(1, df)) / 4;
    });
    var bySub = new Map(); // page -> [[sub, score]]
    var bonus = new Float32Array(N);
    subHits.forEach(function (h, key) {
      var page = Math.floor(key / 65536), extra = 0;
      // Every unit in one heading or record title: the closer to the query, the better.
      if (h[0] === all) extra = 500 * h[3] - 20 * Math.max(0, h[2] - words);
      if (extra > bonus[page]) bonus[page] = extra;
      var list = bySub.get(page);
      if (!list) bySub.set(page, list = []);
      list.push([key % 65536, h[1] + extra]);
    });
    // The query as a heading, by its word pairs: the page's best sub-result.
    pairs.heading.forEach(function (v, p) {
      // The closer the heading is to the query, the better (as for words in one heading).
      var extra = 500 - 20 * Math.max(0, (v & 7) + 1 - words), sub = v >> 3;
      if (bonus[p] < extra) bonus[p] = extra;
      if (sub >= ANY_SUB) return;
      var list = bySub.get(p);
      if (!list) bySub.set(p, list = []);
      var at = list.filter(function (x) { return x[0] === sub; })[0];
      if (!at) list.push([sub, extra]);
      else if (at[1] < extra) at[1] += extra;
    });
    var asked = [];
    units.forEach(function (u, i) { if (!u.skip) asked.push(i); });
    pages.forEach(function (p) {
      if (bonus[p] > 0) return;
      var worth = 1;
      for (var k = 0; k < asked.length && worth > 0; k++) worth = Math.min(worth, wide[asked[k]][p]);
      if (asked.length && worth > 0) bonus[p] = 500 * worth;
    });
    var out = [], required = needed.filter(Boolean).length;
    for (var k = 0; k < pages.length; k++) {
      var page = pages[k];
      if (opts.pages && !opts.pages.has(page)) continue;
      var score = 0, matched = 0, inTitle = 1, typos = 0;
      for (var u = 0; u < nu; u++) {
        var s = best[u][page];
        if (s > 0) {
          score += s * idf[u];
          if (needed[u]) matched++;
          if (exactness[u][page] < TYPO[1] + 0.01) typos++;
        }
        // A little word not looked up cannot tell titles apart.
        if (!units[u].skip) inTitle = Math.min(inTitle, titled[u][page] || (blind[u] ? 1 : 0));
      }
      // With little words not read, only a title as long as the query can be it.
      if (skipped && titleLen[page] !== words) inTitle = 0;
      // Every unit in the title: the closer the title is to the query, the better.
      if (inTitle) score += 1000 * inTitle - 20 * Math.max(0, (titleLen[page] || words) - words);
      score += bonus[page] + PAIR * (pairs.score[page] || 0);
      var subs = bySub.get(page) || [];
      subs.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      out.push({ page: page, score: score, matched: matched, typos: typos, subs: subs,
        whole: matched === required && (inTitle > 0 || bonus[page] > 0 || pairs.phrase.has(page)) });
    }
    // More words found first; then fewer of them found only as typos; then the pages holding
    // the query as a unit (in the title, one heading or record, or as a phrase); then the
    // score.
    out.sort(function (a, b) {
      return b.matched - a.matched || a.typos - b.typos || b.whole - a.whole || b.score - a.score || a.page - b.page;
    });
    return out;
  }

  /** The terms a page was found by (to mark them in what is shown). */
  function termsOf(variants, page) {
    var terms = new Set();
    variants.forEach(function (list) {
      list.forEach(function (v) {
        var l = decoded(v[0]);
        if (l.some(function (list, i) { return has(list, page, i === 2 || i === 3 ? 2 : 1); })) terms.add(v[2]);
      });
    });
    return terms;
  }

  // ---- Excerpts: a short piece of text around the most query words, as segments.

  /**
   * What to mark for a result: the terms it matched, and the names of the glossary groups
   * in the query as phrases (so "deal reg" marks "deal registration", not every "deal").
   */
  function Marker(terms, phrases) {
    this.terms = terms;
    this.phrases = phrases;
  }
  Marker.forResult = function (result, page) {
    var terms = new Set(), phrases = [];
    if (page && result.termsOf) result.termsOf(page.page).forEach(function (t) { if (t.charAt(0) !== "=") terms.add(t); });
    result.units.forEach(function (u) {
      if (u.group) u.group.slice(1).forEach(function (name) { phrases.push(name.split(" ")); });
    });
    return new Marker(terms, phrases);
  };
  /** From a link's `hl` parameter: terms, and phrases with their words joined by `_`. */
  Marker.parse = function (hl) {
    var terms = new Set(), phrases = [];
    hl.split(/\s+/).filter(Boolean).forEach(function (w) {
      if (w.indexOf("_") > 0) phrases.push(w.split("_"));
      else terms.add(w);
    });
    return new Marker(terms, phrases);
  };
  Marker.prototype.param = function () {
    var words = Array.from(this.terms).slice(0, 12);
    this.phrases.slice(0, 6).forEach(function (p) { words.push(p.join("_")); });
    return words.join(" ");
  };
  /** The spans to mark in scanned text: [start, end, key]. */
  Marker.prototype.spans = function (toks) {
    var out = [], self = this;
    toks.forEach(function (t) { if (self.terms.has(t.t)) out.push([t.s, t.e, t.t]); });
    if (this.phrases.length) {
      var words = toks.filter(function (t) { return t.k !== 1; });
      for (var i = 0; i < words.length; i++) {
        this.phrases.forEach(function (p) {
          if (p[0] !== words[i].t || i + p.length > words.length) return;
          for (var k = 1; k < p.length; k++) if (words[i + k].t !== p[k]) return;
          out.push([words[i].s, words[i + p.length - 1].e, p.join(" ")]);
        });
      }
    }
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return out;
  };

  /** The text split into [text, marked] segments: at most `words` words around the best spot. */
  function excerpt(text, marker, words) {
    var toks = scan(text);
    var limit = words || 24;
    var hits = marker.spans(toks);
    var start = 0;
    if (hits.length) {
      // The window holding the most different terms.
      var bestCount = -1;
      for (var i = 0; i < hits.length; i++) {
        var seen = new Set();
        for (var j = i; j < hits.length && hits[j][0] - hits[i][0] < limit * 7; j++) seen.add(hits[j][2]);
        if (seen.size > bestCount) { bestCount = seen.size; start = hits[i][0]; }
      }
    }
    // Back up a few words for context.
    var plain = toks.filter(function (t) { return t.k !== 1; });
    var before = plain.filter(function (t) { return t.s < start; });
    var from = before.length > 4 ? before[before.length - 4].s : 0;
    var endTok = plain.filter(function (t) { return t.s >= from; })[limit];
    var to = endTok ? endTok.s : text.length;
    var segs = [], at = from;
    if (from > 0) segs.push(["\u2026 ", false]);
    hits.forEach(function (m) {
      if (m[0] < at || m[1] > to) return;
      if (m[0] > at) segs.push([text.slice(at, m[0]), false]);
      segs.push([text.slice(m[0], m[1]), true]);
      at = m[1];
    });
    if (to > at) segs.push([text.slice(at, to).replace(/\s+$/, ""), false]);
    if (to < text.length) segs.push([" \u2026", false]);
    return { segments: segs, hits: hits.length };
  }

  /** A sub-result's stored text, and the start of its code if it has some. */
  function subText(r) { return r[4] ? r[3] + " " + r[4] : r[3]; }

  /** Scores a fragment's sub-results by the query terms their heading and text hold. */
  function subResults(fragment, rankedPage, marker, limit, kind) {
    var fromIndex = new Map(rankedPage.subs || []);
    var scored = [];
    var keys = function (text) { return new Set(marker.spans(scan(text)).map(function (m) { return m[2]; })); };
    var most = 0;
    fragment.r.forEach(function (r, i) {
      if (i === 0 || (kind && r[0] !== kind)) return;
      var inTitle = keys(r[1]), inText = keys(subText(r));
      var count = new Set(Array.from(inTitle).concat(Array.from(inText))).size;
      var score = (fromIndex.get(i) || 0) + 30 * inTitle.size + 10 * inText.size;
      if (score > 0) scored.push([i, score, count]);
      most = Math.max(most, count);
    });
    // Sub-results holding far fewer of the words than the best one are noise.
    scored = scored.filter(function (s) { return s[2] >= most - 1; });
    scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return scored.slice(0, limit || 3).map(function (s) { return s[0]; });
  }

  /** What a result shows: title, path, excerpt and sub-results, each excerpt as segments. */
  function describe(result, rankedPage, fragment, base, kind) {
    var marker = Marker.forResult(result, rankedPage);
    var hl = marker.param();
    var top = fragment.r[0];
    var subs = subResults(fragment, rankedPage, marker, kind ? 6 : 3, kind).map(function (i) {
      var r = fragment.r[i];
      return {
        title: excerpt(r[1], marker, 40).segments,
        kind: r[0],
        url: link(base, fragment.u, r[2], hl),
        excerpt: excerpt(subText(r), marker, 18).segments
      };
    });
    return {
      page: rankedPage.page,
      title: excerpt(fragment.t, marker, 40).segments,
      path: fragment.p,
      url: link(base, fragment.u, "", hl),
      excerpt: excerpt(top[3], marker, 22).segments,
      subs: subs
    };
  }
  function link(base, url, anchor, hl) {
    return base + url + (hl ? "?hl=" + encodeURIComponent(hl) : "") + (anchor ? "#" + anchor : "");
  }

  var api = {
    FOLD_RANGES: FOLD_RANGES,
    foldChar: foldChar,
    normChar: normChar,
    scan: scan,
    terms: terms,
    numbers: numbers,
    pageList: pageList,
    pairList: pairList,
    distance: distance,
    typosFor: typosFor,
    parseQuery: parseQuery,
    Index: Index,
    excerpt: excerpt,
    describe: describe,
    Marker: Marker,
    fragmentPath: fragmentPath,
    pairBucket: pairBucket,
    pairGroup: pairGroup,
    knownBits: knownBits,
    headedList: headedList,
    subResults: subResults
  };

  // ---- The page: the header box's results as the reader types, the results page, and
  // highlighting the words a result was found by on the page it opens.
  api.startPage = function (doc) {
    var win = doc.defaultView;
    var form = doc.querySelector(".site-search");
    var base = (form ? form.getAttribute("action") : "search/").replace(/search\/?$/, "");
    var indexUrl = base + "search/";
    var opened = null;
    function open() {
      if (!opened) {
        opened = Index.open(function (path) {
          var bust = opened && opened.version ? "?v=" + opened.version : "";
          // meta.json names the build's version, so it is always revalidated (a cheap 304
          // when nothing changed): a stale copy would point at another build's files.
          // The other files carry the version in their URL.
          var meta = path === "meta.json";
          return win.fetch(indexUrl + path + (meta ? "" : bust), { credentials: "same-origin", cache: meta ? "no-cache" : "default" })
            .then(function (r) { if (!r.ok) throw new Error(r.status + " " + path); return r.text(); });
        }).then(function (index) {
          opened.version = index.meta.v;
          return index;
        });
        opened.catch(function () { opened = null; });
      }
      return opened;
    }
    function el(tag, className, text) {
      var e = doc.createElement(tag);
      if (className) e.className = className;
      if (text) e.textContent = text;
      return e;
    }
    /** Segments as text nodes and <mark> elements: page text is never parsed as HTML. */
    function segments(parent, segs) {
      segs.forEach(function (s) {
        if (s[1]) parent.appendChild(el("mark", "", s[0]));
        else parent.appendChild(doc.createTextNode(s[0]));
      });
      return parent;
    }

    highlightHere(doc, win);

    var input = doc.getElementById("site-search-input");
    if (input && form && !doc.querySelector("[data-search-page]")) startBox(doc, win, form, input, open, el, segments, base);
    var pageRoot = doc.querySelector("[data-search-page]");
    if (pageRoot) startResultsPage(doc, win, pageRoot, open, el, segments, base);
  };

  // The words a result link carries (?hl=) are marked in the page, and the link is cleaned.
  function highlightHere(doc, win) {
    var params = new URLSearchParams(win.location.search);
    var hl = params.get("hl");
    if (!hl) return;
    var marker = Marker.parse(hl);
    var main = doc.querySelector(".page-body") || doc.getElementById("main");
    var scopes = [doc.querySelector(".page-header h1"), main].filter(Boolean);
    var first = null;
    scopes.forEach(function (scope) {
      var walker = doc.createTreeWalker(scope, 4, {
        acceptNode: function (n) {
          return n.parentNode.closest("pre, script, style, .toc, mark, .record-anchor, .anchor") ? 2 : 1;
        }
      });
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        var hits = marker.spans(scan(text));
        if (!hits.length) return;
        var frag = doc.createDocumentFragment(), at = 0;
        hits.forEach(function (t) {
          if (t[0] < at) return;
          if (t[0] > at) frag.appendChild(doc.createTextNode(text.slice(at, t[0])));
          var m = doc.createElement("mark");
          m.className = "search-hit";
          m.textContent = text.slice(t[0], t[1]);
          frag.appendChild(m);
          if (!first) first = m;
          at = t[1];
        });
        if (at < text.length) frag.appendChild(doc.createTextNode(text.slice(at)));
        node.parentNode.replaceChild(frag, node);
      });
    });
    params.delete("hl");
    var rest = params.toString();
    win.history.replaceState(win.history.state, "", win.location.pathname + (rest ? "?" + rest : "") + win.location.hash);
    var target = win.location.hash && doc.getElementById(decodeURIComponent(win.location.hash.slice(1)));
    if (target) target.scrollIntoView();
    else if (first && !win.location.hash) first.scrollIntoView({ block: "center" });
  }

  var DROPDOWN_PAGES = 3;
  var RESULTS_PER_PAGE = 10;

  /** Renders described results into `list` as options; returns the option elements. */
  function renderResults(doc, list, described, el, segments, idPrefix) {
    var options = [];
    described.forEach(function (d) {
      var group = el("li", "sr-group");
      group.setAttribute("role", "presentation");
      var a = el("a", "sr-page");
      a.href = d.url;
      segments(a.appendChild(el("span", "sr-title")), d.title);
      if (d.path) a.appendChild(el("span", "sr-path", d.path));
      if (d.excerpt.length) segments(a.appendChild(el("span", "sr-excerpt")), d.excerpt);
      group.appendChild(a);
      options.push(a);
      d.subs.forEach(function (s) {
        var sub = el("a", "sr-sub" + (s.kind && s.kind !== "h" ? " sr-record" : ""));
        sub.href = s.url;
        segments(sub.appendChild(el("span", "sr-title")), s.title);
        if (s.excerpt.length) segments(sub.appendChild(el("span", "sr-excerpt")), s.excerpt);
        group.appendChild(sub);
        options.push(sub);
      });
      list.appendChild(group);
    });
    options.forEach(function (o, i) {
      o.id = idPrefix + i;
      o.setAttribute("role", "option");
      o.setAttribute("aria-selected", "false");
      o.tabIndex = -1;
    });
    return options;
  }

  function describeAll(index, result, ranked, base, kind) {
    return Promise.all(ranked.map(function (p) {
      return index.fragment(p.page).then(function (f) { return describe(result, p, f, base, kind); });
    }));
  }

  function startBox(doc, win, form, input, open, el, segments, base) {
    var box = el("div", "search-popup");
    box.hidden = true;
    var status = el("p", "search-status");
    status.setAttribute("role", "status");
    var list = el("ul", "search-list");
    list.id = "search-listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    box.appendChild(status);
    box.appendChild(list);
    form.appendChild(box);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var options = [], active = -1, seq = 0, timer = 0;

    function show(on) {
      box.hidden = !on;
      input.setAttribute("aria-expanded", String(on));
      if (!on) setActive(-1);
    }
    function setActive(i) {
      if (options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function run() {
      var query = input.value;
      var mine = ++seq;
      if (query.trim().length < 2 && !/[\u3040-\u9fff]/.test(query)) {
        list.textContent = "";
        options = [];
        show(false);
        return;
      }
      open().then(function (index) {
        return index.search(query).then(function (result) {
          var top = result.pages.slice(0, DROPDOWN_PAGES);
          return describeAll(index, result, top, base).then(function (described) {
            return { result: result, described: described };
          });
        });
      }).then(function (r) {
        if (mine !== seq) return;
        list.textContent = "";
        options = renderResults(doc, list, r.described, el, segments, "sr-opt-");
        var more = el("li", "sr-group");
        more.setAttribute("role", "presentation");
        // A query settled early has found the best pages, not all of them: no count.
        var n = r.result.pages.length, partial = r.result.partial;
        var all = el("a", "sr-all", (n ? (partial ? "All results" : "All " + n + " results") : "No results") +
          " for \u201c" + query.trim() + "\u201d");
        all.href = base + "search/?q=" + encodeURIComponent(query.trim());
        more.appendChild(all);
        list.appendChild(more);
        options.push(all);
        all.id = "sr-opt-" + (options.length - 1);
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.tabIndex = -1;
        status.textContent = n ? (partial ? "Best results" : n + " results") : "No results";
        active = -1;
        show(doc.activeElement === input || box.contains(doc.activeElement));
      }, function () {
        if (mine !== seq) return;
        status.textContent = "Search is not available right now";
        list.textContent = "";
        options = [];
        show(true);
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener("focus", function () {
      open();
      if (options.length && input.value.trim()) show(true);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (box.hidden) { if (options.length) show(true); return; }
        e.preventDefault();
        var n = options.length;
        if (!n) return;
        setActive(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
      } else if (e.key === "Enter") {
        if (active >= 0 && options[active] && !box.hidden) {
          e.preventDefault();
          win.location.href = options[active].href;
        }
      } else if (e.key === "Escape") {
        if (!box.hidden) {
          e.preventDefault();
          e.stopPropagation();
          show(false);
        } else if (input.value) {
          input.value = "";
        } else input.blur();
      }
    });
    doc.addEventListener("click", function (e) {
      if (!form.contains(e.target)) show(false);
    });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) setTimeout(function () {
        if (!form.contains(doc.activeElement)) show(false);
      }, 0);
    });
    // This script loads when the box is first focused: the focus event has passed, so the
    // index opens now, while the reader starts typing (not on the first query's path).
    if (doc.activeElement === input) {
      if (input.value) run();
      else open();
    }
  }

  function startResultsPage(doc, win, root, open, el, segments, base) {
    var form = root.querySelector("form");
    var input = root.querySelector("input[name=q]");
    var section = root.querySelector("select[name=section]");
    var kind = root.querySelector("select[name=kind]");
    var status = root.querySelector(".search-page-status");
    var list = root.querySelector(".search-page-results");
    var moreButton = root.querySelector(".search-more");
    var params = new URLSearchParams(win.location.search);
    input.value = params.get("q") || "";
    var header = doc.getElementById("site-search-input");
    if (header) header.value = input.value;
    var ranked = [], shown = 0, result = null, seq = 0, filled = false;

    function fillFilters(f) {
      f.sections.forEach(function (s, i) {
        var o = el("option", "", s[0]);
        o.value = String(i);
        section.appendChild(o);
      });
      f.facets.forEach(function (s) {
        var o = el("option", "", s[1]);
        o.value = s[0];
        kind.appendChild(o);
      });
      section.value = params.get("section") || "";
      kind.value = params.get("kind") || "";
      if (section.value !== (params.get("section") || "")) section.value = "";
      if (kind.value !== (params.get("kind") || "")) kind.value = "";
    }
    function allowed(f) {
      var set = null;
      var add = function (pages) {
        var s = new Set(pages);
        set = set ? new Set(Array.from(set).filter(function (p) { return s.has(p); })) : s;
      };
      if (section.value !== "") add(pageList(f.sections[+section.value][2]));
      var facet = f.facets.filter(function (x) { return x[0] === kind.value; })[0];
      if (facet) add(pageList(facet[2]));
      return set;
    }
    function showMore(index) {
      var next = ranked.slice(shown, shown + RESULTS_PER_PAGE);
      var mine = seq;
      return describeAll(index, result, next, base, kind.value).then(function (described) {
        if (mine !== seq) return;
        renderResults(doc, list, described, el, segments, "sr-page-" + shown + "-");
        shown += next.length;
        moreButton.hidden = shown >= ranked.length;
      });
    }
    function run(push) {
      var query = input.value.trim();
      var mine = ++seq;
      list.textContent = "";
      moreButton.hidden = true;
      var p = new URLSearchParams();
      if (query) p.set("q", query);
      if (section.value) p.set("section", section.value);
      if (kind.value) p.set("kind", kind.value);
      var url = win.location.pathname + (p.toString() ? "?" + p.toString() : "");
      if (push) win.history.pushState(null, "", url);
      else win.history.replaceState(null, "", url);
      doc.title = (query ? "\u201c" + query + "\u201d \u00b7 " : "") + doc.title.replace(/^\u201c.*?\u201d \u00b7 /, "");
      if (!query) { status.textContent = "Type what you are looking for."; return; }
      status.textContent = "Searching\u2026";
      open().then(function (index) {
        return index.filters().then(function (f) {
          if (!filled) { filled = true; fillFilters(f); }
          return index.search(query, { pages: allowed(f), complete: true }).then(function (r) {
            if (mine !== seq) return;
            result = r;
            ranked = r.pages;
            shown = 0;
            status.textContent = ranked.length
              ? ranked.length + (ranked.length === 1 ? " page" : " pages") + " found for \u201c" + query + "\u201d"
              : "Nothing found for \u201c" + query + "\u201d. Check the spelling, or try fewer words.";
            return showMore(index);
          });
        });
      }).catch(function () {
        if (mine === seq) status.textContent = "Search is not available right now.";
      });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
    section.addEventListener("change", function () { run(false); });
    kind.addEventListener("change", function () { run(false); });
    moreButton.addEventListener("click", function () { open().then(showMore); });
    win.addEventListener("popstate", function () {
      params = new URLSearchParams(win.location.search);
      input.value = params.get("q") || "";
      section.value = params.get("section") || "";
      kind.value = params.get("kind") || "";
      run(false);
    });
    var timer = 0;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 150); });
    run(false);
  }

  return api;
});
