// Neighbouring query words found as word pairs (`escalate partner!the`): which pages hold
// them, and which hold the whole query as a phrase or in one heading.

import { PAIR_JOIN, PAIR_GAP, PAIR_GAP_JOIN, PAIR_ENTRY, PAIR_PREFIX } from "./format.gen.js";
import { codePoints, isCJK } from "./tokenize.js";
import { pageList, headedList, titleWords } from "./decode.js";
import { numberStart } from "./hash.js";
import { STOPWORDS, wordCount } from "./query.js";
import { closest, entriesFrom } from "./variants.js";
import { PREFIX } from "./weights.js";

/**
 * What the word pairs found: the pages holding some, their phrase score by page, each
 * unit's evidence on a page ([page * units + unit] worth), the pages holding every pair
 * looked up, the heading on a page holding them all (its sub-result value), the words of
 * the pairs, how many pairs were looked up and how many there are, and the query's span
 * in words (a glossary term one).
 * @typedef {Object} Pairs
 * @property {number[]} pages
 * @property {Float32Array} score
 * @property {Float32Array} evidence
 * @property {Set<number>} phrase
 * @property {Map<number, number>} heading
 * @property {Set<string>} words
 * @property {number} pairs
 * @property {number} links
 * @property {number} span
 */

/** No word pairs: what findPairs resolves to when it finds none. @type {Pairs} */
export const NO_PAIRS = { pages: [], score: new Float32Array(0), evidence: new Float32Array(0), phrase: new Set(), heading: new Map(), words: new Set(), pairs: 0, links: 0, span: 0 };

/**
 * Neighbouring query words found as word pairs: at most `most` pairs looked up (all
 * without it), each unit as its closest `variants`. A request per pair file not loaded
 * yet.
 * @returns {Promise<Pairs>}
 */
export function findPairs(index, units, variants, most) {
  var q = pairSequence(units, variants);
  var chosen = choosePairs(q.seq, most), wanted = wantedPairs(q.seq, chosen);
  if (!wanted.length) return Promise.resolve(NO_PAIRS);
  var n = index.meta.pages;
  var files = wanted.map(function (w) { return w[0]; }).filter(function (k, i, a) { return a.indexOf(k) === i; });
  return Promise.all(files.map(function (k) { return index.pairShard(k); })).then(function (shards) {
    var hits = pairHits(shards, wanted, n);
    var found = pairsFound(hits, q.seq, units.length, n);
    found.pairs = chosen.length;
    // Every pair counts here, a hyphenated word's parts too: nothing else read shows its
    // joined form is on the page.
    found.links = pairCandidates(q.seq).length;
    found.span = q.span;
    if (hits.best.size === chosen.length) markPhrases(found, hits, wordCount(units));
    return found;
  });
}

/**
 * The query's words in order, for pairs: {seq: [{unit, word, list: [[term, worth]],
 * prefix, gap: the little words before it, cut: no pair spans the word before, inner: a
 * hyphenated word's part}], span}.
 */
function pairSequence(units, variants) {
  var seq = [], gap = [], span = 0, cut = false;
  var word = function (unit, term, list, prefix) {
    if (STOPWORDS.has(term)) { gap.push(term); return; }
    seq.push({ unit: unit, word: term, list: list, prefix: prefix, gap: gap.join(PAIR_GAP_JOIN), cut: cut });
    gap = [];
    cut = false;
  };
  units.forEach(function (u, i) {
    // No pair spans a word left out (dropUnknown in search.js), or holds CJK text (the
    // writer pairs none).
    if (u.cut) { cut = true; gap = []; }
    if (isCJK(u.term.codePointAt(0))) { cut = true; gap = []; span++; return; }
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
  return { seq: seq, span: span };
}

/**
 * The pairs to look up: [key, gap, worth, pair number, whether a prefix, first word's
 * worth, second word's worth].
 */
function wantedPairs(seq, chosen) {
  var wanted = [];
  chosen.forEach(function (i) {
    var a = seq[i], b = seq[i + 1];
    a.list.forEach(function (x) {
      b.list.forEach(function (y) {
        wanted.push([x[0] + PAIR_JOIN + y[0], b.gap, Math.min(x[1], y[1]), i, false, x[1], y[1]]);
      });
      // A prefix shorter than what picks the file tells little: left out.
      if (b.prefix && codePoints(b.prefix) >= PAIR_PREFIX && !numberStart(b.prefix)) {
        wanted.push([x[0] + PAIR_JOIN + b.prefix, b.gap, x[1] * PREFIX, i, true, x[1], PREFIX]);
      }
    });
  });
  return wanted;
}

/**
 * The neighbouring pairs to look up (the first word of each): all, or at most `most`,
 * covering the longest (rarer) words, apart where they can be: pages holding "a b" and
 * "c d" nearly always hold "a b c d".
 */
export function choosePairs(seq, most) {
  var all = pairCandidates(seq, most);
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
 * The neighbouring pairs a query has (the first word of each). The parts of a hyphenated
 * word are a pair its joined form already says is there: left out when there are more
 * pairs than `most` ("mid-market iacv 0").
 */
function pairCandidates(seq, most) {
  var all = [];
  for (var i = 0; i + 1 < seq.length; i++) if (!seq[i + 1].cut) all.push(i);
  var outer = all.filter(function (k) { return !seq[k + 1].inner; });
  return most && all.length > most && outer.length >= most ? outer : all;
}

/**
 * Each pair's pages, from the loaded files: by pair number, `best` worth by page,
 * `plain` each word's own worth by page (not the gap's), `inHeading` the sub-results
 * whose titles have it as typed by page, `asTyped` whether found with the little words
 * typed between.
 */
function pairHits(shards, wanted, n) {
  var hits = { best: new Map(), plain: new Map(), inHeading: new Map(), asTyped: new Map() };
  wanted.forEach(function (w) {
    var hi = w[4] ? w[0] + "\uffff" : w[0] + PAIR_GAP + "\uffff";
    entriesFrom(shards, w[0], hi).forEach(function (e) {
      var key = e[PAIR_ENTRY.key], bang = key.indexOf(PAIR_GAP);
      var words = bang < 0 ? key : key.slice(0, bang);
      if (!w[4] && words !== w[0]) return;
      if (words.indexOf(PAIR_JOIN) < 0) return;
      var same = (bang < 0 ? "" : key.slice(bang + 1)) === w[1];
      notePair(hits, w, e, same, n);
    });
  });
  return hits;
}

/** One pair entry's pages into the hits of wanted pair `w`. */
function notePair(hits, w, e, same, n) {
  var worth = w[2] * (same ? 1 : 0.5);
  var b = hits.best.get(w[3]), o = hits.plain.get(w[3]), t = hits.asTyped.get(w[3]);
  if (!b) {
    hits.best.set(w[3], b = new Float32Array(n));
    hits.plain.set(w[3], o = [new Float32Array(n), new Float32Array(n)]);
    hits.asTyped.set(w[3], t = new Uint8Array(n));
  }
  var list = e.pages || (e.pages = pageList(e[PAIR_ENTRY.pages]));
  for (var i = 0; i < list.length; i++) {
    if (b[list[i]] < worth) b[list[i]] = worth;
    if (o[0][list[i]] < w[5]) o[0][list[i]] = w[5];
    if (o[1][list[i]] < w[6]) o[1][list[i]] = w[6];
    if (same) t[list[i]] = 1;
  }
  if (e[PAIR_ENTRY.headed] && same) {
    var h = hits.inHeading.get(w[3]);
    if (!h) hits.inHeading.set(w[3], h = new Map());
    var headed = e.headed || (e.headed = headedList(e));
    for (i = 0; i < headed.length; i += 2) {
      var subs = h.get(headed[i]);
      if (!subs) h.set(headed[i], subs = []);
      subs.push(headed[i + 1]);
    }
  }
}

/** The pages the pairs found, with their scores and each unit's evidence. */
function pairsFound(hits, seq, nu, n) {
  var found = { pages: [], score: new Float32Array(n), evidence: new Float32Array(n * nu), phrase: new Set(), heading: new Map(), words: new Set(), pairs: 0, links: 0, span: 0 };
  seq.forEach(function (x) { x.list.forEach(function (v) { found.words.add(v[0]); }); });
  var score = found.score, ev = found.evidence;
  hits.best.forEach(function (b, i) {
    var a = seq[i].unit, z = seq[i + 1].unit, o = hits.plain.get(i);
    for (var p = 0; p < n; p++) {
      if (!b[p]) continue;
      if (!score[p]) found.pages.push(p);
      score[p] += b[p];
      if (ev[p * nu + a] < o[0][p]) ev[p * nu + a] = o[0][p];
      if (ev[p * nu + z] < o[1][p]) ev[p * nu + z] = o[1][p];
    }
  });
  return found;
}

/**
 * Every pair looked up on the page, as typed: a phrase; all in one heading's title, that
 * heading (ANY_SUB only with another ANY_SUB): of several, the one closest in length to
 * the query's `words`, then the first.
 */
function markPhrases(found, hits, words) {
  var away = function (v) { return Math.abs(titleWords(v) - words); };
  var better = function (a, b) { return away(b) < away(a) || (away(b) === away(a) && b < a) ? b : a; };
  var headed = hits.inHeading.size === hits.best.size;
  found.pages.forEach(function (p) {
    var all = true, subs = headed ? null : [];
    hits.best.forEach(function (b, i) {
      if (!hits.asTyped.get(i)[p]) { all = false; return; }
      if (subs && !subs.length) return;
      var mine = hits.inHeading.get(i).get(p) || [];
      subs = subs ? subs.filter(function (x) { return mine.indexOf(x) >= 0; }) : mine.slice();
    });
    if (!all) return;
    found.phrase.add(p);
    if (subs && subs.length) found.heading.set(p, subs.reduce(better));
  });
}
