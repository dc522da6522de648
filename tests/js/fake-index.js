// A tiny index in the layout the build writes (src/search/), made in memory from a few
// documents, so that the client's ranking can be tested on its own. The build's real
// output is tested from Rust (tests/search.rs), through this same client.
"use strict";

const path = require("node:path");
const search = require(path.join(__dirname, "..", "..", "themes", "default", "static", "search.js"));

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
function num(v) {
  let out = "";
  for (;;) {
    const d = v % 32;
    v = Math.floor(v / 32);
    if (!v) return out + B64[d];
    out += B64[d | 32];
  }
}
const pages = (list) => {
  let prev = -1, out = "";
  for (const p of list) { out += num(p - prev - 1); prev = p; }
  return out;
};
function pairs(list, low) {
  let out = "", prev = 0, prevSub = 0;
  list.forEach(([p, v], i) => {
    const sub = v >> low, rest = v & ((1 << low) - 1);
    const step = i > 0 && p === prev ? sub - prevSub : sub;
    out += num(p - prev) + num(step * (1 << low) + rest);
    prev = p;
    prevSub = sub;
  });
  return out;
}

const STOP = ["a", "an", "and", "the", "of", "to", "with", "should"];

/**
 * docs: [{title, description, text, subs: [{kind: "h" | facet, title, anchor, text}]}].
 * synonyms: [["=group", "name words", ...]]. options.wide: how long a sub-result list
 * must be to be written as its pages only; options.defer: how many pages' body text a word
 * must be in for its body list to be a file of its own; options.titles: false to keep the
 * title lists in the term shards (the build does past a size) rather than in meta.json;
 * options.buckets: how many files the word pairs are in (one unless given); options.own: the
 * pair groups (pairGroup) with files of their own; options.known: write meta.json's filter
 * of the index's words (known_filter in src/search/index.rs); options.shards: the first key of
 * each term shard (one shard unless given).
 * Returns a loader for Index.open.
 */
function fakeIndex(docs, synonyms = [], options = {}) {
  // Sub-result lists this long or longer are written as their pages (WIDE_SUBS).
  const wide = options.wide || 800;
  // Body lists of this many pages or more are files of their own (DEFER_BODY).
  const defer = options.defer || Infinity;
  // Sub-result lists this long or longer (and shorter than `wide`) are written as their
  // pages, their values in a file of their own.
  const split = options.split || Infinity;
  // Files the word pairs are in.
  const buckets = options.buckets || 1;
  const bodies = [], subFiles = [];
  const terms = new Map();
  const at = (t) => {
    if (!terms.has(t)) terms.set(t, { title: [], description: [], heading: [], record: [], body: [], code: [] });
    return terms.get(t);
  };
  const words = (text) => search.scan(text).filter((t) => t.k !== 1).map((t) => t.t);
  const termsOf = (text) => {
    const out = new Set(search.terms(text));
    const w = words(text);
    for (const g of synonyms) {
      for (const name of g.slice(1)) {
        const n = name.split(" ");
        for (let i = 0; i + n.length <= w.length; i++) {
          if (n.every((x, k) => w[i + k] === x)) out.add(g[0]);
        }
      }
    }
    return out;
  };
  const pairsOf = (text) => {
    const out = new Set();
    let prev = null, gap = [];
    for (const w of words(text)) {
      if (STOP.includes(w)) { gap.push(w); continue; }
      if (prev) out.add(prev + " " + w + (gap.length ? "!" + gap.join("+") : ""));
      prev = w;
      gap = [];
    }
    return out;
  };
  const fragments = [], lens = [];
  docs.forEach((doc, id) => {
    const subs = [["", doc.title, "", [doc.description || "", doc.text || ""].join(" ").trim()]]
      .concat((doc.subs || []).map((s) => [s.kind || "h", s.title, s.anchor, s.text || ""]));
    fragments.push({ u: doc.url || "p" + id + "/", t: doc.title, p: doc.path || "", r: subs });
    const fields = new Map();
    const flag = (t, f) => fields.set(t, (fields.get(t) || 0) | f);
    const inSub = new Set();
    termsOf(doc.title).forEach((t) => flag(t, 1));
    termsOf(doc.description || "").forEach((t) => flag(t, 2));
    subs.forEach((s, i) => {
      if (i > 0) {
        const len = Math.min(8, Math.max(1, words(s[1]).length)) - 1;
        termsOf(s[1]).forEach((t) => {
          at(t)[s[0] === "h" ? "heading" : "record"].push([id, (i << 3) | len]);
          inSub.add(t);
        });
        pairsOf(s[1]).forEach((t) => { at(t).body.push(id); at(t).code.push([id, (i << 3) | len]); });
      } else {
        pairsOf(s[1]).forEach((t) => at(t).body.push(id));
      }
      termsOf(s[3]).forEach((t) => flag(t, 4));
      pairsOf(s[3]).forEach((t) => at(t).body.push(id));
    });
    lens.push(B64[Math.min(31, words(doc.title).length)]);
    fields.forEach((f, t) => {
      const p = at(t);
      if (f & 1) p.title.push(id);
      else if (inSub.has(t)) { /* the sub-result lists have it */ }
      else if (f & 2) p.description.push(id);
      else if (f & 4) p.body.push(id);
    });
  });
  const entry = (t, p) => {
    const uniq = (l) => Array.from(new Set(l)).sort((a, b) => a - b);
    const subs = (l) => {
      if (l.length >= wide) return "*" + pages(uniq(l.map((x) => x[0])));
      if (l.length < split) return pairs(l, 3);
      // The values in a file of their own (encode_sub_values in src/search/index.rs).
      let values = "", prevSub = 0;
      l.forEach(([p, v], i) => {
        const sub = v >> 3, low = v & 7;
        const step = i > 0 && l[i - 1][0] === p ? sub - prevSub : sub;
        const more = i + 1 < l.length && l[i + 1][0] === p ? 1 : 0;
        values += num((((step << 3) | low) << 1) | more);
        prevSub = sub;
      });
      subFiles.push(values);
      return "*" + pages(uniq(l.map((x) => x[0]))) + "+" + (subFiles.length - 1);
    };
    let body = pages(uniq(p.body));
    if (!STOP.includes(t) && uniq(p.body).length >= defer) {
      bodies.push(body);
      body = "+" + (bodies.length - 1);
    }
    const f = [inMeta(t) ? "" : pages(uniq(p.title)), pages(uniq(p.description)), subs(p.heading), subs(p.record), body, pages(uniq(p.code))];
    while (f.length && !f[f.length - 1]) f.pop();
    return [t].concat(f);
  };
  const keys = Array.from(terms.keys()).sort();
  const isPair = (k) => k.includes(" ") && k[0] !== "=";
  // The title lists in meta.json (not the stopwords': theirs are in their own files), and
  // the words in nothing but titles only there.
  const inMeta = (k) => options.titles !== false && !STOP.includes(k) && terms.get(k).title.length > 0;
  const onlyTitle = (k) => ["description", "heading", "record", "body", "code"].every((f) => !terms.get(k)[f].length);
  const words_ = keys.filter((k) => !isPair(k));
  const shardKeys = words_.filter((k) => !(inMeta(k) && onlyTitle(k)));
  const titles = words_.filter(inMeta).map((k) => [k, pages(Array.from(new Set(terms.get(k).title)).sort((a, b) => a - b))]);
  // The other words a typo is most likely of (typo_words): five letters or more, in two
  // places or more.
  const places = (k) => ["title", "description", "heading", "record", "body", "code"].reduce((n, f) => n + terms.get(k)[f].length, 0);
  const typoWords = words_.filter((k) => !inMeta(k) && !STOP.includes(k) && /^\p{L}{5,}$/u.test(k) && places(k) >= 2);
  // The words of letters only and their first four letters, in a Bloom filter of twelve
  // bits an entry (known_filter).
  let known = "";
  if (options.known) {
    const entries = new Set();
    words_.filter((k) => /^\p{L}+$/u.test(k)).forEach((k) => {
      entries.add(k);
      if (Array.from(k).length >= 4) entries.add("<" + Array.from(k).slice(0, 4).join(""));
    });
    const bits = entries.size * 12, on = new Set();
    entries.forEach((e) => search.knownBits(e, bits).forEach((b) => on.add(b)));
    known = bits + "." + pages(Array.from(on).sort((a, b) => a - b));
  }
  const own = (options.own || []).slice().sort();
  const starts = options.shards || [""];
  const fileOf = (k) => (own.includes(search.pairGroup(k)) ? buckets + own.indexOf(search.pairGroup(k)) : search.pairBucket(k, buckets));
  const files = {
    "meta.json": JSON.stringify({ v: "test", pages: docs.length, shards: starts, pairs: buckets, own, ends: [""], syn: synonyms, stop: STOP, lens: lens.join(""), titles, words: typoWords, known }),
    // Stopwords in their own files, only the word in the term shard (as src/search/ writes).
    ...Object.fromEntries(starts.map((start, i) => ["t/" + i + ".json", JSON.stringify(shardKeys
      .filter((k) => k >= start && (i + 1 === starts.length || k < starts[i + 1]))
      .map((k) => (STOP.includes(k) ? [k] : entry(k, terms.get(k)))))])),
    // A pair's pages, then (page, sub-result) where it is in a heading's title (kept in
    // `code` here), in `options.buckets` files (by pairBucket, as the indexer writes them).
    ...Object.fromEntries(Array.from({ length: buckets + own.length }, (_, b) => ["p/" + b + ".json", JSON.stringify(keys.filter(isPair)
      .filter((k) => fileOf(k) === b).map((k) => {
        const list = (l) => pages(Array.from(new Set(l)).sort((a, b) => a - b));
        const p = terms.get(k);
        return p.code.length ? [k, list(p.body), pairs(p.code, 3)] : [k, list(p.body)];
      }))])),
    "e/0.json": JSON.stringify(shardKeys.filter((k) => /^\p{L}{4,}$/u.test(k))
      .sort((a, b) => (Array.from(a).reverse().join("") < Array.from(b).reverse().join("") ? -1 : 1))),
  };
  STOP.forEach((w, i) => { files["s/" + i + ".json"] = JSON.stringify(terms.has(w) ? entry(w, terms.get(w)) : [w]); });
  fragments.forEach((f, i) => { files[search.fragmentPath(i)] = JSON.stringify(f); });
  bodies.forEach((b, i) => { files["b/" + i + ".json"] = JSON.stringify(b); });
  subFiles.forEach((b, i) => { files["h/" + i + ".json"] = JSON.stringify(b); });
  const load = (p) => (p in files ? Promise.resolve(files[p]) : Promise.reject(new Error("no " + p)));
  return { load, files, open: () => search.Index.open(load) };
}

module.exports = { fakeIndex, search };
