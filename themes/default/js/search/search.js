// A query, from typed text to ranked pages, reading as few files as settle it: the titles
// in meta.json first, then the words as typed as word pairs, then each word's term shard,
// then the lists kept in files of their own (sub-results, then very common words' body
// lists).

import { parseQuery, typosFor, wordCount, STOPWORDS } from "./query.js";
import { ANY_SUB, FRAGMENT_SUB } from "./format.gen.js";
import { MAX_TITLE_WORDS, subOf, titleWords } from "./decode.js";
import { terms } from "./tokenize.js";
import { NO_PAIRS } from "./pairs.js";
import { rank, termsOf } from "./rank.js";
import { EXACT, ENOUGH, PHRASE_PAIRS, PREFIX } from "./weights.js";

/**
 * What a search found: the query's units, the ranked pages, whether it settled before
 * every list was read (so there may be more pages), and the terms each page was found by.
 * @typedef {Object} Result
 * @property {import("./query.js").Unit[]} units
 * @property {import("./rank.js").RankedPage[]} pages
 * @property {boolean} partial
 * @property {function(number): Set<string>} termsOf
 */

/**
 * Ranks pages for a query. `options.complete`: every result is wanted (the results page),
 * so nothing is left unread; `options.pages`: only these pages.
 * @param {import("./index.js").Index} index
 * @param {string} query
 * @param {{complete?: boolean, pages?: Set<number>}=} options
 * @returns {Promise<Result>}
 */
export function search(index, query, options) {
  var q = { index: index, opts: options || {}, units: parseQuery(query, index.meta.syn), dropped: false };
  if (!q.opts.complete) dropUnknown(q);
  if (!q.units.length) return Promise.resolve({ units: q.units, pages: [] });
  markLittleWords(q.units);
  // A little word being typed last settles nothing yet: the next letters will. Till then
  // the titles' words it starts stand for it (when meta.json has them), not a request.
  var last = q.units[q.units.length - 1];
  q.typing = q.units.length > 1 && last.prefix && isLittle(last);
  // Each unit's variants among the titles' words, found once for the query.
  q.titled = q.units.map(function (u) { return index.titleVariants(u); });
  if (!q.opts.complete && q.titled.every(Boolean)) return titlesFirst(q);
  // Without the titles' lists (a large site), a query of several words is looked up as
  // word pairs first: a page title's pairs are its sub-result 0's, so two pair files find
  // a title, a heading or a phrase.
  if (!q.opts.complete && !index.titleTier() && q.units.length > 1) return titlesFirst(q);
  return byWords(q);
}

/** A little word ("for", "the") typed as itself. */
function isLittle(u) { return STOPWORDS.has(u.term) && !u.group && !u.parts; }

/**
 * In the box, a word the index lacks (mayKnow) is read as its typo fix, or if too short
 * for one ("roue") left out, and no pair spans it.
 */
function dropUnknown(q) {
  var units = q.units;
  q.units = units.filter(function (u, i) {
    if (q.index.mayKnow(u)) return true;
    var fix = q.index.fixFor(u);
    if (fix) u.fix = fix;
    if (fix || typosFor(u.term)) return true;
    q.dropped = true;
    if (i + 1 < units.length) units[i + 1].cut = true;
    return false;
  });
}

/**
 * Little words beside others are not looked up (not required; the word pairs see them);
 * a query of nothing else reads their own files.
 */
function markLittleWords(units) {
  if (units.every(isLittle)) {
    units.forEach(function (u) { if (!u.prefix || units.length === 1) u.full = true; });
  } else units.forEach(function (u) { if (isLittle(u) && !u.prefix) u.skip = true; });
}

/**
 * The result of a query. `pairs`: the word pairs found, whose words are marked on the
 * pages holding them too.
 */
function result(q, variants, ranked, partial, pairs) {
  return {
    units: q.units,
    pages: ranked,
    partial: Boolean(partial),
    termsOf: function (page) {
      var terms = termsOf(variants, page);
      if (pairs && pairs.score[page] > 0) pairs.words.forEach(function (w) { terms.add(w); });
      return terms;
    }
  };
}

function ranking(q, variants, pairs) {
  return rank({ titleLens: q.index.titleLens(), units: q.units, variants: variants, pairs: pairs, allowed: q.opts.pages });
}

/**
 * Titles first (meta.json), then the words as typed as word pairs: either may settle it
 * without a term shard.
 */
function titlesFirst(q) {
  var titled = q.titled.map(function (t) { return t || []; });
  q.words = wordCount(q.units);
  if (q.index.titleTier()) {
    var first = ranking(q, titled, NO_PAIRS);
    if (first.length >= ENOUGH && first[0].whole) return Promise.resolve(result(q, titled, first, true));
  }
  // One word, a hyphenated one too: its own lists, not its parts as a pair ("mid-market"
  // is not "mid market" in a text when the index knows it joined).
  if (q.units.length < 2) return byWords(q);
  // A word the index does not know as its typo fix (fixFor): "approal criteria" as
  // "approval criteria".
  var typed = q.units.map(function (u) {
    var fix = q.index.fixFor(u);
    var list = [[null, fix ? fix[1] : EXACT, fix ? fix[0] : u.term]];
    // (Not the misspelt start of a word either.)
    list.fixed = Boolean(fix);
    return list;
  });
  var ranked = null;
  var asTyped = function (found) {
    // Two words settle it as a heading (in text, a heading elsewhere may hold them
    // apart); three or more as a phrase ("checklist after the escalation"). On however
    // few pages: the words' lists would only add pages with them apart, below.
    if (!found.phrase.size) return null;
    ranked = ranking(q, titled, found);
    var top = ranked[0];
    return top.whole && (found.span > 2 || found.heading.has(top.page)) ? result(q, titled, ranked, true, found) : null;
  };
  return q.index.pairs(q.units, typed, PHRASE_PAIRS).then(function (found) {
    var settled = asTyped(found);
    // No page holds the pairs looked up as typed: none holds them all.
    if (found.pairs === found.links || !found.phrase.size) return settled || byWords(q);
    // Pages holding "a b" and "c d" of "a b c d" need not hold "b c": when more of them
    // than are shown do, and not as a heading of the query's length, every pair of the
    // phrase is looked up. A heading or title with the pairs looked up and as many words
    // as the query is read in its fragment (which shows it) for the words left out.
    if (settled && (found.phrase.size <= ENOUGH || isHeading(q, found, settled.pages[0].page))) return settled;
    var read = settled ? Promise.resolve(false) : readHeadings(q, ranked, found, typed);
    return read.then(function (any) {
      return (any && asTyped(found)) || q.index.pairs(q.units, typed).then(function (all) { return asTyped(all) || byWords(q); });
    });
  });
}

/**
 * The headings (and titles) with every pair looked up and the query's length among the
 * best pages, read in the fragment files of the first ENOUGH files of them (those the
 * search box shows): each holding every unit becomes evidence of all units on its page.
 * Resolves to whether one did.
 */
function readHeadings(q, ranked, found, typed) {
  var pages = [], files = new Set();
  ranked.some(function (r) {
    var file = q.index.fragmentAt(r.page)[0];
    if (!files.has(file) && files.size >= ENOUGH) return true;
    files.add(file);
    if (isHeading(q, found, r.page)) pages.push(r.page);
    return false;
  });
  return Promise.all(pages.map(function (p) { return q.index.fragment(p); })).then(function (frags) {
    var nu = q.units.length, any = false;
    frags.forEach(function (f, k) {
      var p = pages[k], sub = f && f.r[subOf(found.heading.get(p))];
      var worths = sub && holdsUnits(q, typed, terms(sub[FRAGMENT_SUB.title]));
      if (!worths) return;
      any = true;
      q.units.forEach(function (u, i) {
        if (!u.skip && found.evidence[p * nu + i] < worths[i]) found.evidence[p * nu + i] = worths[i];
      });
    });
    return any;
  }, function () { return false; });
}

/**
 * Whether a heading's terms hold every unit looked up, as `typed` (typos fixed): each
 * unit's worth there (a word being typed that starts one is worth PREFIX), or null.
 */
function holdsUnits(q, typed, heading) {
  var worths = [];
  var all = q.units.every(function (u, i) {
    var worth = typed[i][0][1];
    if (u.skip) worth = 0;
    else if (u.group) return false;
    else if (u.parts) {
      if (!u.parts.every(function (t) { return heading.indexOf(t) >= 0; })) return false;
    } else if (heading.indexOf(typed[i][0][2]) < 0) {
      if (!u.prefix || !heading.some(function (t) { return t.lastIndexOf(u.term, 0) === 0; })) return false;
      worth = PREFIX;
    }
    worths.push(worth);
    return true;
  });
  return all ? worths : null;
}

/**
 * Whether the pairs looked up are all in one heading or title of `page` of as many words
 * as the query: then it is that heading, whichever pairs were left out.
 */
function isHeading(q, found, page) {
  var v = found.heading.get(page);
  // A length of MAX_TITLE_WORDS is that many or more; ANY_SUB is any of the page's.
  return v !== undefined && subOf(v) < ANY_SUB && q.words < MAX_TITLE_WORDS && titleWords(v) === q.words;
}

/** Each unit's variants from the term shards, then the ranking they settle. */
function byWords(q) {
  var last = q.units[q.units.length - 1];
  var lookUp = function (u, i) {
    if (u.skip) return [];
    return (u === last && q.typing && q.titled[i]) || q.index.variants(u, q.titled[i]);
  };
  return Promise.all(q.units.map(lookUp)).then(function (variants) {
    return withParts(q, variants);
  }).then(function (variants) {
    return settle(q, variants);
  });
}

/** Hyphenated words the index does not know joined: their parts are matched instead. */
function withParts(q, variants) {
  var retry = [];
  q.units.forEach(function (u, i) {
    if (u.parts && !variants[i].length) retry.push(i);
  });
  if (!retry.length) return variants;
  var jobs = q.units.map(function (u, i) {
    if (retry.indexOf(i) < 0) return Promise.resolve([[u, variants[i]]]);
    var parts = u.parts.map(function (p, k) { return { term: p, prefix: u.prefix && k === u.parts.length - 1 }; });
    return Promise.all(parts.map(function (p) { return q.index.variants(p); })).then(function (vs) {
      return parts.map(function (p, k) { return [p, vs[k]]; });
    });
  });
  return Promise.all(jobs).then(function (lists) {
    var expanded = [], expandedVariants = [];
    lists.forEach(function (l) { l.forEach(function (x) { expanded.push(x[0]); expandedVariants.push(x[1]); }); });
    q.units = expanded;
    return expandedVariants;
  });
}

/**
 * Settled when the best page has every word in its title or one heading, with enough
 * pages to show. If not, in turn: sub-result files (h/), word pairs, body list files (b/).
 */
function settle(q, variants) {
  var opts = q.opts, units = q.units, pairs = NO_PAIRS;
  var done = function (ranked, partial) { return result(q, variants, ranked, partial, pairs); };
  var ranked = ranking(q, variants, pairs);
  var settled = function () { return !opts.complete && ranked.length >= ENOUGH && (q.typing || ranked[0].whole); };
  if (settled()) return done(ranked, true);
  // A word the index knows in no form ("roue"): no page has them all, and more lists
  // only order pages that miss it. With enough to show, the search box shows these;
  // the results page reads on.
  var unknown = q.dropped || units.some(function (u, i) { return !u.skip && !STOPWORDS.has(u.term) && !variants[i].length; });
  if (unknown && !opts.complete && ranked.length >= ENOUGH) return done(ranked, true);
  return q.index.more(variants, false).then(function (more) {
    if (more) ranked = ranking(q, variants, pairs);
    if (settled()) return done(ranked, true);
    var paired = units.length < 2 ? Promise.resolve(NO_PAIRS) : q.index.pairs(units, variants);
    return paired.then(function (found) {
      if (found.pages.length) {
        pairs = found;
        ranked = ranking(q, variants, pairs);
        if (settled()) return done(ranked, true);
      }
      return q.index.more(variants, true).then(function (more) {
        return done(more ? ranking(q, variants, pairs) : ranked);
      });
    });
  });
}
