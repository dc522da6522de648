#!/usr/bin/env node
// Measures search on a built site with the client the browser runs (the sources of
// search.js, themes/default/js/search/):
//   node tests/js/bench-query.mjs <built site> [--sample N] [--json]
//
// - Index size: all files under search/, raw and gzipped, against the text indexed.
// - Download: a cold client answers one query the way the search box does (ranking, then
//   the fragments of the pages it shows): requests and gzipped bytes; then, already warm
//   from another query, what one more query adds.
// - Query time once the files are loaded: ranking plus describing the shown results.
// - Quality on queries generated from the site's own pages: whole titles (the exact title
//   must come first), headings, four-word body phrases, and each with one typo (the page,
//   or for a phrase any page holding it, in the top 5).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import * as search from "../../themes/default/js/search/api.js";

const args = process.argv.slice(2);
const asJson = args.includes("--json");
const sampleAt = args.indexOf("--sample");
const SAMPLE = sampleAt >= 0 ? Number(args[sampleAt + 1]) : 200;
const site = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--sample");
if (!site) {
  console.error("usage: bench-query.mjs <built site> [--sample N] [--json]");
  process.exit(2);
}
const dir = path.join(site, "search");
const SHOWN = 3; // pages the search box shows with their excerpts

// A seeded generator, so every run asks the same queries.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20261128);
const pick = (list) => list[Math.floor(random() * list.length)];

const gzCache = new Map();
function gzSize(p) {
  if (!gzCache.has(p)) gzCache.set(p, zlib.gzipSync(fs.readFileSync(path.join(dir, p)), { level: 6 }).length);
  return gzCache.get(p);
}
function client() {
  const log = [];
  const load = (p) => {
    log.push(p);
    return fs.promises.readFile(path.join(dir, p), "utf8");
  };
  return { log, open: () => search.Index.open(load) };
}
async function answer(index, query) {
  const result = await index.search(query);
  const top = result.pages.slice(0, SHOWN);
  const described = [];
  for (const p of top) described.push(search.describe(result, p, await index.fragment(p.page), "/"));
  return { result, described };
}
const cost = (log, from = 0) => ({
  requests: log.length - from,
  bytes: log.slice(from).reduce((n, p) => n + gzSize(p), 0),
});

function walk(d) {
  let out = [];
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const f = path.join(d, e.name);
    out = e.isDirectory() ? out.concat(walk(f)) : out.concat([f]);
  }
  return out;
}

// One typo in the longest word of 5+ letters: a letter changed, dropped, added or swapped.
function typo(query) {
  const words = query.split(/(\s+)/);
  let best = -1;
  words.forEach((w, i) => {
    if (/^\p{L}{5,}$/u.test(w) && (best < 0 || w.length > words[best].length)) best = i;
  });
  if (best < 0) return null;
  const w = Array.from(words[best]);
  const at = Math.floor(random() * w.length);
  const letter = "abcdefghijklmnopqrstuvwxyz"[Math.floor(random() * 26)];
  switch (Math.floor(random() * 4)) {
    case 0: if (w[at].toLowerCase() === letter) return typo(query); w[at] = letter; break;
    case 1: w.splice(at, 1); break;
    case 2: w.splice(at, 0, letter); break;
    default:
      if (at + 1 >= w.length || w[at] === w[at + 1]) return typo(query);
      [w[at], w[at + 1]] = [w[at + 1], w[at]];
  }
  words[best] = w.join("");
  return words.join("");
}

const textCache = new Map();
async function pageText(index, page, known) {
  if (!textCache.has(page)) {
    const f = known || (await index.fragment(page));
    const html = fs.readFileSync(path.join(site, f.u, "index.html"), "utf8");
    // The page's own text: what the theme adds after it (a section's list of pages, the
    // print link, previous and next) is chrome, not indexed.
    const body = (html.match(/<div class="page-body">([\s\S]*?)(?:<ul class="section-list"|<p class="print-link"|<nav class="prev-next"|<\/article>)/) || [, html])[1];
    // Blocks end sentences (a phrase never runs from a heading into its paragraph).
    const text = body.replace(/<pre[\s\S]*?<\/pre>/g, " ").replace(/<\/(?:h[1-6]|p|li|td|th|dd|dt|caption)>/g, " . ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
      .replace(/\s+/g, " ");
    textCache.set(page, f.t + " . " + text);
  }
  return textCache.get(page);
}

const pct = (xs, p) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const share = (xs) => (xs.length ? xs.filter(Boolean).length / xs.length : 0);

/** A page's fragment, read from its file at once (the sample and the checks). */
let fragmentFirsts = null;
const fragmentFiles = new Map();
function fragmentOf(meta, page) {
  if (!fragmentFirsts) fragmentFirsts = search.pageList(meta.frags);
  const [file, place] = search.fragmentPlace(page, fragmentFirsts);
  if (!fragmentFiles.has(file)) {
    const p = path.join(dir, search.format.FRAGMENT_FILES + file + ".json");
    fragmentFiles.set(file, JSON.parse(fs.readFileSync(p, "utf8")));
  }
  return fragmentFiles.get(file)[place];
}

async function main() {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
  const files = walk(dir);
  const indexBytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

  // The sample: pages spread over the site, with what to ask about each.
  const pages = meta.pages;
  const ids = new Set();
  while (ids.size < Math.min(SAMPLE, pages)) ids.add(Math.floor(random() * pages));
  const samples = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const f = fragmentOf(meta, id);
    const headings = f.r.filter((r) => r[0] === "h" && search.terms(r[1]).length >= 2 && r[1] !== "Related");
    const heading = headings.length ? pick(headings) : null;
    // A phrase: four words in a row from a sentence of the built page (not the stored,
    // cut text), as written with their punctuation, starting and ending with a word that
    // is not a stopword (the way a reader remembers a phrase: "customer accepts the quote",
    // not "if the customer accepts").
    const stop = new Set(meta.stop);
    const text = (await pageText(null, id, f)).split(" . ").slice(1).join(" . ");
    const sentences = text.split(/[.!?\u2026](?:\s|$)/)
      .map((s) => ({ s, toks: search.scan(s).filter((t) => t.k === 0) }))
      .filter((x) => x.toks.length >= 5);
    let phrase = null;
    for (let tries = 0; tries < 8 && sentences.length && !phrase; tries++) {
      const { s, toks } = pick(sentences);
      const at = Math.floor(random() * (toks.length - 3));
      if (stop.has(toks[at].t) || stop.has(toks[at + 3].t)) continue;
      phrase = s.slice(toks[at].s, toks[at + 3].e).replace(/\*/g, "");
    }
    samples.push({ id, title: f.t, heading: heading && { text: heading[1], anchor: heading[2] }, phrase });
  }

  // Quality and query time.
  const q = { title: [], titleTypo: [], heading: [], headingAnchor: [], headingTypo: [], body: [], bodyTypo: [] };
  const times = [];
  const warm = await client().open();
  const seq = (text) => " " + search.scan(text).filter((t) => t.k !== 1).map((t) => t.t).join(" ") + " ";
  async function timed(query) {
    await answer(warm, query); // loads what it needs
    const t = process.hrtime.bigint();
    const r = await answer(warm, query);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    return r;
  }
  // A query cannot tell apart pages with the same title (or heading): any of them counts.
  const titleOf = (page) => fragmentOf(meta, page).t;
  const headingsOf = (page) => fragmentOf(meta, page).r
    .filter((r) => r[0] === "h").map((r) => r[1]);
  const titleInTop = (r, s, n = 5) => r.result.pages.slice(0, n).some((p) => p.page === s.id || titleOf(p.page) === s.title);
  const headingInTop = (r, s, n = 5) =>
    r.result.pages.slice(0, n).some((p) => p.page === s.id || headingsOf(p.page).includes(s.heading.text));
  for (const s of samples) {
    let r = await timed(s.title);
    const first = r.result.pages[0];
    const firstTitle = first && titleOf(first.page);
    q.title.push(Boolean(first && (first.page === s.id || firstTitle === s.title)));
    const tt = typo(s.title);
    if (tt) q.titleTypo.push(titleInTop(await timed(tt), s));
    if (s.heading) {
      r = await timed(s.heading.text);
      q.heading.push(headingInTop(r, s));
      if (process.env.BENCH_DEBUG && !q.heading[q.heading.length - 1]) console.error(`heading miss: "${s.heading.text}" got ${r.result.pages.slice(0, 3).map((p) => titleOf(p.page)).join(" | ")}`);
      q.headingAnchor.push(r.described.some((d) => d.subs.some((x) => x.url.endsWith("#" + s.heading.anchor))));
      const ht = typo(s.heading.text);
      if (ht) q.headingTypo.push(headingInTop(await timed(ht), s));
    }
    if (s.phrase) {
      const want = seq(s.phrase);
      // Whether a page holds the phrase: its whole text, from the built page (stored
      // text is cut short), tags and code left out.
      const holds = async (res) => {
        for (const p of res.result.pages.slice(0, 5)) {
          if (seq(await pageText(warm, p.page)).includes(want)) return true;
        }
        return false;
      };
      q.body.push(await holds(await timed(s.phrase)));
      if (process.env.BENCH_DEBUG && !q.body[q.body.length - 1]) console.error("miss:", s.phrase);
      const bt = typo(s.phrase);
      if (bt) q.bodyTypo.push(await holds(await timed(bt)));
    }
  }

  // Downloads: queries a reader types (one, two or three words of a heading or title,
  // or a whole title), each by a cold client; then one more by the same, warm client.
  const kinds = { "1 word": [], "2 words": [], "3 words": [], "whole title": [], "3-word heading": [], "body phrase": [], "one typo": [] };
  for (const s of samples.slice(0, 50)) {
    const words = (s.heading ? s.heading.text : s.title).split(/\s+/);
    kinds["1 word"].push(words[0]);
    kinds["2 words"].push(words.slice(0, 2).join(" "));
    kinds["3 words"].push(s.title.split(/\s+/).slice(0, 3).join(" "));
    kinds["whole title"].push(s.title);
    if (words.length >= 3 && s.heading) kinds["3-word heading"].push(words.slice(0, 3).join(" "));
    if (s.phrase) kinds["body phrase"].push(s.phrase);
    // A heading's (or the title's) first three words with a typo, as a reader types them.
    const typed = typo(words.slice(0, 3).join(" "));
    if (typed) kinds["one typo"].push(typed);
  }
  const all = Object.values(kinds).flat();
  const kindOf = Object.entries(kinds).flatMap(([k, qs]) => qs.map(() => k));
  // The later query by what it is: one to three words or a whole title, or longer text.
  const PHRASES = new Set(["3-word heading", "body phrase", "one typo"]);
  const byKind = {};
  const first = [], later = [], keystroke = [];
  // Every later query a different one of the set, spread over the kinds: a stride
  // sharing no factor with the set's size.
  let asked = 0;
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  let stride = 7;
  while (gcd(stride, all.length) !== 1) stride++;
  for (const [kind, queries] of Object.entries(kinds)) {
    const mine = [];
    for (let i = 0; i < queries.length; i++) {
      const c = client();
      const index = await c.open();
      await answer(index, queries[i]);
      // In the page, meta.json loads when the box gets focus: what the query itself asks.
      const f = { query: queries[i], ...cost(c.log), typed: cost(c.log, 1) };
      if (process.env.BENCH_DEBUG && f.requests > 6) console.error(`first: "${queries[i]}" ${c.log.join(" ")}`);
      mine.push(f);
      first.push(f);
      const before = c.log.length;
      const at = (asked++ * stride + 3) % all.length;
      const next = all[at];
      await answer(index, next);
      later.push({ ...cost(c.log, before), phrase: PHRASES.has(kindOf[at]) });
      if (process.env.BENCH_DEBUG && later[later.length - 1].bytes > 10240) {
        const files = c.log.slice(before).map((f) => `${f}:${(gzSize(f) / 1024).toFixed(1)}`).join(" ");
        console.error(`later: "${next}" after "${queries[i]}": ${files}`);
      }
      // As the reader types: the query one letter short, then the last letter.
      const t = client();
      const typed = await t.open();
      await answer(typed, queries[i].slice(0, -1));
      const mark = t.log.length;
      await answer(typed, queries[i]);
      keystroke.push(cost(t.log, mark));
    }
    const b = mine.map((x) => x.bytes), r = mine.map((x) => x.requests);
    byKind[kind] = {
      bytes_p50: pct(b, 50), bytes_max: Math.max(...b),
      requests_p50: pct(r, 50), requests_p95: pct(r, 95), requests_max: Math.max(...r),
      within_6: share(r.map((x) => x <= 6)),
      after_focus_requests_p95: pct(mine.map((x) => x.typed.requests), 95),
    };
  }
  const firstBytes = first.map((x) => x.bytes), firstReq = first.map((x) => x.requests);
  const laterBytes = later.map((x) => x.bytes);
  const laterShort = later.filter((x) => !x.phrase).map((x) => x.bytes);
  const laterLong = later.filter((x) => x.phrase).map((x) => x.bytes);
  const keyBytes = keystroke.map((x) => x.bytes);
  const out = {
    pages,
    index_bytes: indexBytes,
    index_files: files.length,
    text_bytes: meta.text,
    index_to_text: indexBytes / meta.text,
    shards: meta.shards.length,
    first_query: {
      bytes_p50: pct(firstBytes, 50), bytes_p95: pct(firstBytes, 95), bytes_max: Math.max(...firstBytes),
      requests_p50: pct(firstReq, 50), requests_p95: pct(firstReq, 95), requests_max: Math.max(...firstReq),
      worst: first.reduce((a, b) => (b.bytes > a.bytes ? b : a)),
      by_kind: byKind,
    },
    later_query: { bytes_p50: pct(laterBytes, 50), bytes_p95: pct(laterBytes, 95), bytes_max: Math.max(...laterBytes),
      short_p95: pct(laterShort, 95), phrase_p95: pct(laterLong, 95) },
    next_letter: { bytes_p50: pct(keyBytes, 50), bytes_p95: pct(keyBytes, 95), bytes_max: Math.max(...keyBytes) },
    query_ms: { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), n: times.length },
    quality: {
      title_first: share(q.title), title_typo_top5: share(q.titleTypo),
      heading_top5: share(q.heading), heading_anchor_shown: share(q.headingAnchor), heading_typo_top5: share(q.headingTypo),
      body_top5: share(q.body), body_typo_top5: share(q.bodyTypo),
      typo_top5: share([...q.titleTypo, ...q.headingTypo, ...q.bodyTypo]),
      n: { title: q.title.length, heading: q.heading.length, body: q.body.length,
        typo: q.titleTypo.length + q.headingTypo.length + q.bodyTypo.length },
    },
  };
  if (asJson) {
    console.log(JSON.stringify(out));
    return;
  }
  const kb = (b) => (b / 1024).toFixed(1) + " KB";
  const p = (x) => (100 * x).toFixed(1) + "%";
  console.log(`pages ${pages}, index ${(indexBytes / 1048576).toFixed(1)} MB in ${files.length} files (${out.index_to_text.toFixed(2)}x the ${(meta.text / 1048576).toFixed(1)} MB of text), ${out.shards} term shards`);
  console.log(`first query: ${kb(out.first_query.bytes_p50)} p50, ${kb(out.first_query.bytes_p95)} p95, ${kb(out.first_query.bytes_max)} max (gzip); requests ${out.first_query.requests_p50} p50, ${out.first_query.requests_p95} p95, ${out.first_query.requests_max} max`);
  console.log(`  heaviest: "${out.first_query.worst.query}" ${kb(out.first_query.worst.bytes)} in ${out.first_query.worst.requests} requests`);
  for (const [kind, k] of Object.entries(out.first_query.by_kind)) {
    console.log(`  ${kind}: ${kb(k.bytes_p50)} p50, ${kb(k.bytes_max)} max; requests ${k.requests_p50} p50, ${k.requests_p95} p95, ${k.requests_max} max; ${p(k.within_6)} in at most 6 (${k.after_focus_requests_p95} p95 once meta.json is in)`);
  }
  console.log(`later query: +${kb(out.later_query.bytes_p50)} p50, +${kb(out.later_query.bytes_p95)} p95, +${kb(out.later_query.bytes_max)} max (p95: +${kb(out.later_query.short_p95)} for 1-3 words and titles, +${kb(out.later_query.phrase_p95)} for 3-word headings, body phrases and typos)`);
  console.log(`next letter typed: +${kb(out.next_letter.bytes_p50)} p50, +${kb(out.next_letter.bytes_p95)} p95, +${kb(out.next_letter.bytes_max)} max`);
  console.log(`query time (loaded): ${out.query_ms.p50.toFixed(1)} ms p50, ${out.query_ms.p95.toFixed(1)} ms p95, ${out.query_ms.max.toFixed(1)} ms max over ${out.query_ms.n} queries`);
  const ql = out.quality;
  console.log(`quality: exact title first ${p(ql.title_first)} (${ql.n.title}); one-typo query finds its page in the top 5 ${p(ql.typo_top5)} (${ql.n.typo}: titles ${p(ql.title_typo_top5)}, headings ${p(ql.heading_typo_top5)}, body phrases ${p(ql.body_typo_top5)})`);
  console.log(`         headings in the top 5 ${p(ql.heading_top5)} (anchor shown ${p(ql.heading_anchor_shown)}), body phrases in the top 5 ${p(ql.body_top5)} (${ql.n.body})`);
}

main().catch((e) => { console.error(e); process.exit(1); });
