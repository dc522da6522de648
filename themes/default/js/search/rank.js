// Ranking pages for a query: every unit must match (pages missing units follow, fewest
// missing first); matches in titles count over headings and records over body text;
// whole words over prefixes over typos; the query as a title, one heading or a phrase
// over its words apart.

import { ANY_SUB } from "./format.gen.js";
import { decoded, has, subOf, titleWords } from "./decode.js";
import { STOPWORDS, wordCount } from "./query.js";
import { FIELD, TYPO, PAIR } from "./weights.js";

/**
 * A ranked page: its score, how many of the required units it matched and how many of
 * them only as typos, its sub-results with their scores ([sub, score], best first), and
 * whether it holds the query as a unit (in its title, one heading or record, or as a
 * phrase).
 * @typedef {Object} RankedPage
 * @property {number} page
 * @property {number} score
 * @property {number} matched
 * @property {number} typos
 * @property {Array<[number, number]>} subs
 * @property {boolean} whole
 */

/** Sub-results are keyed by page * SUB_KEY + sub. */
const SUB_KEY = 65536;

/**
 * Ranks the pages the units' variants and the word pairs found.
 * @param {Object} q
 * @param {Uint8Array} q.titleLens each page's number of title words
 * @param {import("./query.js").Unit[]} q.units
 * @param {import("./variants.js").Variant[][]} q.variants each unit's
 * @param {import("./pairs.js").Pairs} q.pairs
 * @param {Set<number>=} q.allowed the pages a filter leaves (all without it)
 * @returns {RankedPage[]}
 */
export function rank(q) {
  var t = tally(q.titleLens.length, q.units);
  q.variants.forEach(function (list, u) {
    list.forEach(function (v) { tallyVariant(t, u, v); });
  });
  tallyPairs(t, q.pairs);
  var subs = subScores(t);
  headingScores(q.pairs, subs, t.words);
  widePages(t, subs.bonus);
  var out = scorePages(t, q, subs);
  // More words found first; then fewer of them found only as typos; then the pages holding
  // the query as a unit (in the title, one heading or record, or as a phrase); then the
  // score.
  out.sort(function (a, b) {
    return b.matched - a.matched || a.typos - b.typos || b.whole - a.whole || b.score - a.score || a.page - b.page;
  });
  return out;
}

/** Each unit's best field score, best worth, worth in a title and in a heading known by page only, by page. */
function tally(n, units) {
  var perUnit = function () { return units.map(function () { return new Float32Array(n); }); };
  return {
    n: n,
    units: units,
    best: perUnit(),
    exactness: perUnit(),
    titled: perUnit(),
    wide: perUnit(),
    seen: new Uint8Array(n),
    pages: [],
    // page * SUB_KEY + sub -> [unit bits, score, title length, worth]
    subHits: new Map(),
    // How many words the query has.
    words: wordCount(units),
  };
}

/** One variant of unit `u`: its lists' pages scored by field. */
function tallyVariant(t, u, v) {
  var bit = 1 << Math.min(u, 30), b = t.best[u], x = t.exactness[u], w = t.wide[u];
  var l = decoded(v[0]), worth = v[1], i, page, score;
  var note = function (p, s) {
    if (b[p] < s) b[p] = s;
    if (x[p] < worth) x[p] = worth;
    if (!t.seen[p]) { t.seen[p] = 1; t.pages.push(p); }
  };
  for (i = 0; i < l[0].length; i++) {
    page = l[0][i];
    note(page, FIELD.title * worth);
    if (t.titled[u][page] < worth) t.titled[u][page] = worth;
  }
  for (i = 0; i < l[1].length; i++) note(l[1][i], FIELD.description * worth);
  for (var f = 2; f <= 3; f++) {
    var list = l[f];
    score = (f === 2 ? FIELD.heading : FIELD.record) * worth;
    for (i = 0; i < list.length; i += 2) {
      page = list[i];
      note(page, score);
      var key = page * SUB_KEY + subOf(list[i + 1]);
      var h = t.subHits.get(key);
      if (!h) t.subHits.set(key, h = [0, 0, 8, 1]);
      h[0] |= bit;
      h[1] += score;
      h[2] = titleWords(list[i + 1]);
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
}

/** A word in a pair found on a page is in its text (its own list may not be read yet). */
function tallyPairs(t, pairs) {
  var nu = t.units.length;
  pairs.pages.forEach(function (p) {
    for (var u = 0; u < nu; u++) {
      var e = pairs.evidence[p * nu + u];
      if (!(e > 0) || t.best[u][p] >= FIELD.body * e) continue;
      t.best[u][p] = FIELD.body * e;
      if (t.exactness[u][p] < e) t.exactness[u][p] = e;
      if (!t.seen[p]) { t.seen[p] = 1; t.pages.push(p); }
    }
  });
}

/**
 * Each page's sub-results with their scores, and its bonus: every unit in one heading or
 * record title, the closer to the query the better.
 */
function subScores(t) {
  // Little words not looked up are taken as there beside one word ("when to enable"),
  // which no word pair can find as typed, in a heading long enough to hold them.
  var all = (1 << Math.min(t.units.length, 30)) - 1, skipped = 0, asked = 0;
  t.units.forEach(function (u, i) {
    if (!u.skip) asked++;
    else if (i < 30) skipped |= 1 << i;
  });
  if (asked > 1) skipped = 0;
  var bySub = new Map(); // page -> [[sub, score]]
  var bonus = new Float32Array(t.n);
  t.subHits.forEach(function (h, key) {
    var page = Math.floor(key / SUB_KEY), extra = 0;
    if (h[0] === all || ((h[0] | skipped) === all && h[2] >= t.words)) extra = 500 * h[3] - 20 * Math.abs(h[2] - t.words);
    if (extra > bonus[page]) bonus[page] = extra;
    var list = bySub.get(page);
    if (!list) bySub.set(page, list = []);
    list.push([key % SUB_KEY, h[1] + extra]);
  });
  return { bySub: bySub, bonus: bonus };
}

/** The query as a heading, by its word pairs: the page's best sub-result. */
function headingScores(pairs, subs, words) {
  pairs.heading.forEach(function (v, p) {
    // The closer the heading is to the query, the better (as for words in one heading).
    var extra = 500 - 20 * Math.abs(titleWords(v) - words), sub = subOf(v);
    if (subs.bonus[p] < extra) subs.bonus[p] = extra;
    // The page's own title (0) is no sub-result to show.
    if (sub >= ANY_SUB || sub === 0) return;
    var list = subs.bySub.get(p);
    if (!list) subs.bySub.set(p, list = []);
    var at = list.filter(function (x) { return x[0] === sub; })[0];
    if (!at) list.push([sub, extra]);
    else if (at[1] < extra) at[1] += extra;
  });
}

/** Every unit looked up in headings known by page only: as good as one heading. */
function widePages(t, bonus) {
  var asked = [];
  t.units.forEach(function (u, i) { if (!u.skip) asked.push(i); });
  t.pages.forEach(function (p) {
    if (bonus[p] > 0) return;
    var worth = 1;
    for (var k = 0; k < asked.length && worth > 0; k++) worth = Math.min(worth, t.wide[asked[k]][p]);
    if (asked.length && worth > 0) bonus[p] = 500 * worth;
  });
}

/** Each page's score and what it matched. */
function scorePages(t, q, subs) {
  var units = t.units, nu = units.length, titleLen = q.titleLens, pairs = q.pairs;
  // Little words ("the", "of") count for the score but are not required.
  var needed = units.map(function (u) { return !STOPWORDS.has(u.term); });
  var required = needed.filter(Boolean).length;
  // Little words whose own lists were not read (left out, or only their completions).
  var blind = units.map(function (u) { return STOPWORDS.has(u.term) && !u.full && !u.group && !u.parts; });
  var skipped = blind.some(Boolean);
  var idf = idfs(t);
  var out = [];
  t.pages.forEach(function (page) {
    if (q.allowed && !q.allowed.has(page)) return;
    var score = 0, matched = 0, inTitle = 1, typos = 0;
    for (var u = 0; u < nu; u++) {
      var s = t.best[u][page];
      if (s > 0) {
        score += s * idf[u];
        if (needed[u]) matched++;
        if (t.exactness[u][page] < TYPO[1] + 0.01) typos++;
      }
      // A little word not looked up cannot tell titles apart.
      if (!units[u].skip) inTitle = Math.min(inTitle, t.titled[u][page] || (blind[u] ? 1 : 0));
    }
    // With little words not read, only a title as long as the query can be it.
    if (skipped && titleLen[page] !== t.words) inTitle = 0;
    // Every unit in the title: the closer the title is to the query, the better.
    if (inTitle) score += 1000 * inTitle - 20 * Math.max(0, (titleLen[page] || t.words) - t.words);
    score += subs.bonus[page] + PAIR * (pairs.score[page] || 0);
    var list = subs.bySub.get(page) || [];
    list.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    out.push({ page: page, score: score, matched: matched, typos: typos, subs: list,
      whole: matched === required && (inTitle > 0 || subs.bonus[page] > 0 || pairs.phrase.has(page)) });
  });
  return out;
}

/** Rarer units weigh more when not every unit matches. */
function idfs(t) {
  return t.best.map(function (b) {
    var df = 0;
    for (var i = 0; i < t.pages.length; i++) if (b[t.pages[i]] > 0) df++;
    return 1 + Math.log(1 + t.n / Math.max(1, df)) / 4;
  });
}

/**
 * The terms a page was found by (to mark them in what is shown).
 * @param {import("./variants.js").Variant[][]} variants @param {number} page
 * @returns {Set<string>}
 */
export function termsOf(variants, page) {
  var terms = new Set();
  variants.forEach(function (list) {
    list.forEach(function (v) {
      var l = decoded(v[0]);
      if (l.some(function (list, i) { return has(list, page, i === 2 || i === 3 ? 2 : 1); })) terms.add(v[2]);
    });
  });
  return terms;
}
