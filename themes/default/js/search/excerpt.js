// What a result shows: its title, path and a short excerpt around the most query words,
// its best sub-results, each as segments of text with the matched words marked.

import { GROUP_MARK, FRAGMENT_SUB } from "./format.gen.js";
import { scan } from "./tokenize.js";

/**
 * A piece of text and whether it is marked.
 * @typedef {[string, boolean]} Segment
 */

/**
 * What to mark for a result: the terms it matched, and the names of the glossary groups
 * in the query as phrases (so "deal reg" marks "deal registration", not every "deal").
 */
export class Marker {
  /** @param {Set<string>} terms @param {string[][]} phrases */
  constructor(terms, phrases) {
    this.terms = terms;
    this.phrases = phrases;
  }
  /** The marker of a ranked page of a search result. */
  static forResult(result, page) {
    var terms = new Set(), phrases = [];
    if (page && result.termsOf) result.termsOf(page.page).forEach(function (t) { if (t[0] !== GROUP_MARK) terms.add(t); });
    result.units.forEach(function (u) {
      if (u.group) u.group.slice(1).forEach(function (name) { phrases.push(name.split(" ")); });
    });
    return new Marker(terms, phrases);
  }
  /** From a link's `hl` parameter: terms, and phrases with their words joined by `_`. */
  static parse(hl) {
    var terms = new Set(), phrases = [];
    hl.split(/\s+/).filter(Boolean).forEach(function (w) {
      if (w.indexOf("_") > 0) phrases.push(w.split("_"));
      else terms.add(w);
    });
    return new Marker(terms, phrases);
  }
  /** The `hl` parameter of a result's link. */
  param() {
    var words = Array.from(this.terms).slice(0, 12);
    this.phrases.slice(0, 6).forEach(function (p) { words.push(p.join("_")); });
    return words.join(" ");
  }
  /** The spans to mark in scanned text: [start, end, key]. */
  spans(toks) {
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
  }
}

/**
 * The text split into [text, marked] segments: at most `words` words around the best spot.
 * @param {string} text @param {Marker} marker @param {number=} words
 * @returns {{segments: Segment[], hits: number}}
 */
export function excerpt(text, marker, words) {
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
function subText(r) { return r[FRAGMENT_SUB.code] ? r[FRAGMENT_SUB.text] + " " + r[FRAGMENT_SUB.code] : r[FRAGMENT_SUB.text]; }

/**
 * The fragment's sub-results worth showing, best first: scored by the query terms their
 * title and text hold, and by the ranking's score.
 * @returns {number[]} their places in the fragment
 */
export function subResults(fragment, rankedPage, marker, limit, kind) {
  var fromIndex = new Map(rankedPage.subs || []);
  var scored = [];
  var keys = function (text) { return new Set(marker.spans(scan(text)).map(function (m) { return m[2]; })); };
  var most = 0;
  fragment.r.forEach(function (r, i) {
    if (i === 0 || (kind && r[FRAGMENT_SUB.kind] !== kind)) return;
    var inTitle = keys(r[FRAGMENT_SUB.title]), inText = keys(subText(r));
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

/**
 * A shown result.
 * @typedef {Object} Described
 * @property {number} page
 * @property {Segment[]} title
 * @property {string} path
 * @property {string} url
 * @property {Segment[]} excerpt
 * @property {Array<{title: Segment[], kind: string, url: string, excerpt: Segment[]}>} subs
 */

/**
 * What a result shows: title, path, excerpt and sub-results, each excerpt as segments.
 * `kind`: only sub-results of this kind (the results page's record filter).
 * @returns {Described}
 */
export function describe(result, rankedPage, fragment, base, kind) {
  var marker = Marker.forResult(result, rankedPage);
  var hl = marker.param();
  var top = fragment.r[0];
  var subs = subResults(fragment, rankedPage, marker, kind ? 6 : 3, kind).map(function (i) {
    var r = fragment.r[i];
    return {
      title: excerpt(r[FRAGMENT_SUB.title], marker, 40).segments,
      kind: r[FRAGMENT_SUB.kind],
      url: link(base, fragment.u, r[FRAGMENT_SUB.anchor], hl),
      excerpt: excerpt(subText(r), marker, 18).segments
    };
  });
  return {
    page: rankedPage.page,
    title: excerpt(fragment.t, marker, 40).segments,
    path: fragment.p,
    url: link(base, fragment.u, "", hl),
    excerpt: excerpt(top[FRAGMENT_SUB.text], marker, 22).segments,
    subs: subs
  };
}
function link(base, url, anchor, hl) {
  return base + url + (hl ? "?hl=" + encodeURIComponent(hl) : "") + (anchor ? "#" + anchor : "");
}
