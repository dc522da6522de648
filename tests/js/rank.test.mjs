// The client's ranking (themes/default/js/search/, the sources of the script the browser
// loads) on small indexes the real writer made (tests/fixtures/search-index/): titles over
// headings over body text, whole words over prefixes over typos, the last word as a
// prefix, how many typos a word may have, results grouped by page with their best
// sub-results, glossary synonyms both ways, phrases; and which files a query reads.
import test from "node:test";
import assert from "node:assert/strict";
import * as search from "../../themes/default/js/search/api.js";
import { fixture, fixtureNames, hashes, logged } from "./fixtures.mjs";

/** The path of a case's stopword file. */
const stopFile = (w) => "s/" + search.format.PAIR_STOPWORDS.indexOf(w) + ".json";
/** The path of the term shard a word is in. */
const shardFile = (index, w) => "t/" + index.shardOf(w) + ".json";

async function titles(index, query, options) {
  const r = await index.search(query, options);
  const out = [];
  for (const p of r.pages) out.push((await index.fragment(p.page)).t);
  return out;
}

test("titles rank over headings, headings over descriptions, descriptions over body text", async () => {
  // Body, Heading (a heading "Quota rules"), Quota, Description.
  const index = await fixture("field-order").open();
  assert.deepEqual(await titles(index, "quota"), ["Quota", "Heading", "Description", "Body"]);
});

test("whole words rank over prefixes, prefixes over typos", async () => {
  const index = await fixture("word-forms").open();
  assert.deepEqual(await titles(index, "quota"), ["Quota basics", "Quotas by region", "Quote desk"]);
});

test("the exact title comes first; the closer a title is to the query, the better", async () => {
  const index = await fixture("title-closeness").open();
  assert.deepEqual(await titles(index, "partner program"),
    ["Partner program", "Program for every partner", "Partner program overview and history"]);
});

test("the last word matches as a prefix while it is being typed, other words whole", async () => {
  const units = search.parseQuery("chan manag");
  assert.equal(units[0].prefix, undefined);
  assert.equal(units[1].prefix, true);
  assert.equal(search.parseQuery("chan manag ")[1].prefix, undefined);
  const index = await fixture("prefix").open();
  assert.deepEqual(await titles(index, "chan manag"), ["Chan manager", "Channel manager"]);
  // "chan" is not a prefix of "channel" here, so that page misses a word and comes last.
  const r = await index.search("chan manag");
  assert.equal(r.pages[0].matched, 2);
  assert.equal(r.pages[1].matched, 1);
});

test("typos: one from five letters, two from nine, none below", async () => {
  assert.equal(search.typosFor("plan"), 0);
  assert.equal(search.typosFor("quota"), 1);
  assert.equal(search.typosFor("commands"), 1);
  assert.equal(search.typosFor("registers"), 2);
  assert.equal(search.typosFor("10000k"), 0);
  assert.equal(search.typosFor("営業担当者"), 0);
  const index = await fixture("typos").open();
  assert.deepEqual(await titles(index, "comand"), ["Command plan"]);
  assert.deepEqual(await titles(index, "regstraton"), ["Deal registration"]);
  assert.deepEqual(await titles(index, "comnd"), []);
  assert.deepEqual(await titles(index, "plna"), []);
  // A typo in the first two letters is found through word endings.
  assert.deepEqual(await titles(index, "ocmmand"), ["Command plan"]);
  // A typo in a word still being typed: matched against the start of longer words.
  assert.deepEqual(await titles(index, "registar"), ["Deal registration"]);
});

test("results are pages with their best sub-results, linked to their anchors", async () => {
  // "R7 co-selling" (selling/r7/: headings "Who does what", "Thresholds" and the
  // r7.requirements record "Log call notes"), and "Tips" with the words in its text.
  const { open } = fixture("sub-results");
  const index = await open();
  // The search box: the pair in a record's title settles it, on that page alone.
  const box = await index.search("call notes");
  assert.deepEqual(box.pages.map((p) => p.page), [0]);
  assert.equal(box.partial, true);
  const result = await index.search("call notes", { complete: true });
  assert.equal(result.pages.length, 2);
  const top = result.pages[0];
  const shown = search.describe(result, top, await index.fragment(top.page), "/base/");
  assert.equal(shown.url.split("?")[0], "/base/selling/r7/");
  const subs = shown.subs.map((s) => s.url.split("#")[1]);
  assert.deepEqual(subs, ["r7-call-notes", "who-does-what"]);
  assert.equal(shown.subs[0].kind, "r7.requirements");
  // The matched words are marked in the sub-result's title and excerpt.
  assert.deepEqual(shown.subs[0].title.filter((s) => s[1]).map((s) => s[0]), ["call", "notes"]);
  assert.ok(shown.subs[0].url.includes("?hl=call%20notes#"));
});

test("glossary terms are synonyms both ways", async () => {
  // The group =iacv: "iacv" and "incremental annual contract value".
  const index = await fixture("synonyms").open();
  assert.deepEqual((await titles(index, "iacv")).sort(), ["Contracts", "Quota"]);
  assert.deepEqual((await titles(index, "incremental annual contract value")).slice(0, 2).sort(), ["Contracts", "Quota"]);
  // The excerpt marks the name found, whichever it is.
  const result = await index.search("IACV");
  const page = result.pages.find((p) => p.page === 1);
  const shown = search.describe(result, page, await index.fragment(1), "/");
  assert.deepEqual(shown.excerpt.filter((s) => s[1]).map((s) => s[0]), ["incremental annual contract value"]);
});

test("a phrase ranks the page holding it over pages with its words apart", async () => {
  const index = await fixture("phrase").open();
  assert.deepEqual(await titles(index, "should escalate the partner", { complete: true }), ["Together", "Other words between", "Apart"]);
  // As the search box asks: the phrase found settles it, the pages holding its words apart
  // left for the full results.
  const box = await index.search("should escalate the partner");
  assert.equal(box.partial, true);
  assert.deepEqual(await titles(index, "should escalate the partner"), ["Together", "Other words between"]);
});

test("hyphenated words: the joined form, or the parts when the index lacks it", async () => {
  const index = await fixture("hyphens").open();
  assert.deepEqual(await titles(index, "mid-market"), ["Mid-Market deals"]);
  assert.deepEqual(await titles(index, "midmarket"), ["Mid-Market deals"]);
  assert.deepEqual((await titles(index, "mid market")).sort(), ["Market in the middle", "Mid-Market deals"]);
  const other = await fixture("hyphens-parts").open();
  assert.deepEqual(await titles(other, "co-selling"), ["Co selling"]);
});

test("Japanese: a query finds the text holding it", async () => {
  const index = await fixture("japanese").open();
  assert.deepEqual(await titles(index, "営業担当"), ["営業担当者の役割", "担当"]);
  assert.equal((await index.search("営業担当")).pages[1].matched, 1);
  assert.deepEqual(await titles(index, "パートナー"), ["営業担当者の役割"]);
});

test("accents and case do not matter", async () => {
  const index = await fixture("accents").open();
  assert.deepEqual(await titles(index, "resume"), ["Résumé review"]);
  assert.deepEqual(await titles(index, "UBER CAFE"), ["Résumé review"]);
});

test("excerpts: the window with the most query words, marks as text segments", () => {
  const text = "Opening words that say nothing much at all. Later the command plan for a deal is due, " +
    "and the plan is reviewed. Much later an unrelated ending follows here.";
  const marker = new search.Marker(new Set(["command", "plan"]), []);
  const ex = search.excerpt(text, marker, 12);
  const joined = ex.segments.map((s) => s[0]).join("");
  assert.ok(joined.startsWith("\u2026 "), joined);
  assert.ok(joined.includes("command plan for a deal"), joined);
  assert.deepEqual(ex.segments.filter((s) => s[1]).map((s) => s[0]).slice(0, 2), ["command", "plan"]);
  // Markup in the text is text: the segments are strings, never parsed.
  const hostile = search.excerpt("plan <img src=x onerror=alert(1)>", marker, 10);
  assert.equal(hostile.segments.map((s) => s[0]).join(""), "plan <img src=x onerror=alert(1)>");
});

test("index lists decode: gaps, bitmaps and pairs", () => {
  assert.deepEqual(search.numbers("AfgB"), [0, 31, 32]);
  assert.deepEqual(search.pageList("AAAlB"), [0, 1, 2, 40]);
  assert.deepEqual(search.pageList("~HQ"), [0, 1, 2, 10]);
  assert.deepEqual(search.pairList("DJAJBJ", 3), [3, 9, 3, 17, 4, 9]);
  assert.deepEqual(search.pairList("DBABlBB"), [3, 1, 3, 2, 40, 1]);
});

test("a word pair's headings decode: (page, sub-result), then pages of a title many share", () => {
  // The strings the writer's test writes (src/search/write/pairs_tests.rs).
  // (page, sub-result times 8 plus its title's length less one)
  assert.deepEqual(search.headedList(["a b", "BA", "BCAZBI"]), [1, 2, 1, 25, 2, 8]);
  assert.deepEqual(search.headedList(["a b", "AA", "*"]), [0, 2039, 1, 2039]);
  assert.deepEqual(search.headedList(["a b", "~H", "AhB*BA"]), [0, 33, 1, 2039, 2, 2039]);
});

test("word pairs are found in the file the writer wrote them to", () => {
  // The values the writer's helper gives (tests/fixtures/search-index/hashes.json).
  for (const [key, buckets, own, file] of hashes().pair_files) {
    assert.equal(search.pairFile(key, buckets, own), file, `${key} in ${buckets} buckets, own ${own}`);
  }
  assert.equal(search.pairFile("deal reg", 1000, []), search.pairFile("deal registration!the", 1000, []));
  assert.equal(search.pairFile("営業 担当者", 97, []), search.pairFile("営業 担当者たち", 97, []));
  assert.equal(search.pairFile("a \u{10400}bcd", 1000003, []), search.pairFile("a \u{10400}bc", 1000003, []));
  assert.equal(search.pairFile("a x!the", 1000003, []), search.pairFile("a x", 1000003, []));
  // And in every golden index, each pair is in the file the client computes for it.
  for (const name of fixtureNames()) {
    const { files, meta } = fixture(name);
    for (let n = 0; files["p/" + n + ".json"]; n++) {
      for (const e of search.pairEntries(files["p/" + n + ".json"])) {
        assert.equal(search.pairFile(e[0], meta.pairs, search.ownGroups(meta.own)), n, `${name}: ${e[0]}`);
      }
    }
  }
});

test("little words: not looked up beside other words, looked up alone from their own files", async () => {
  // Rules of engagement, Engagement rules, The handbook, Tools.
  const made = fixture("little-words");
  const { index, log } = await logged(made);
  assert.equal(made.files["t/0.json"].includes('["the"]'), true, "the term shard holds only the word");
  assert.deepEqual((await titles(index, "rules of engagement")).slice(0, 2), ["Rules of engagement", "Engagement rules"]);
  assert.deepEqual(log.filter((p) => p.startsWith("s/")), [], "a little word beside others is not loaded");
  // Being typed, a little word finds the words it starts.
  assert.deepEqual(await titles(index, "to"), ["Tools"]);
  // Alone, little words are looked up in their own files.
  assert.deepEqual((await titles(index, "the")).slice(0, 1), ["The handbook"]);
  assert.deepEqual(log.filter((p) => p.startsWith("s/")), [stopFile("the")]);
  // Several: the words typed whole from their own files, the one being typed as a start.
  assert.deepEqual((await titles(index, "of to")).sort(), ["Rules of engagement", "The handbook", "Tools"]);
  assert.deepEqual(log.filter((p) => p.startsWith("s/")), [stopFile("the"), stopFile("of")]);
});

test("headings of very common words, written as pages only, still rank and show the heading", async () => {
  // Deal desk (headings "Approval criteria", "Exceptions"), Rebates ("Approval",
  // "Criteria"), Travel ("Approval steps"; "criteria" in its text), Glossary (both words
  // in its text); heading lists of two or more written as their pages (whatever their
  // titles).
  const made = fixture("wide-headings");
  const shard = JSON.parse(made.files["t/0.json"]);
  const approval = shard.find((e) => e[0] === "approval");
  assert.ok(approval[3].startsWith("*"), "a long heading list is written as pages: " + approval[3]);
  const index = await made.open();
  // Both words in the headings of a page rank it over pages with them in body text only;
  // its sub-results come from its fragment.
  const result = await index.search("approval criteria", { complete: true });
  const got = await Promise.all(result.pages.map(async (p) => (await index.fragment(p.page)).t));
  assert.deepEqual(got.slice(0, 2).sort(), ["Deal desk", "Rebates"]);
  // Then the phrase in text, over the words apart.
  assert.deepEqual(got.slice(2), ["Glossary", "Travel"]);
  const top = result.pages[got.indexOf("Deal desk")];
  const shown = search.describe(result, top, await index.fragment(top.page), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "approval-criteria");
  // One word: pages with it in a heading over the page with it in body text.
  assert.equal((await titles(index, "approval")).pop(), "Glossary");
  // The whole list would have been the same pages.
  const full = fixture("wide-headings-full");
  const exact = await (await full.open()).search("approval criteria", { complete: true });
  assert.deepEqual(new Set(exact.pages.map((p) => p.page)), new Set(result.pages.map((p) => p.page)));
});

test("body lists of very common words are read only when titles and headings do not settle it", async () => {
  // Rebate rules, Deal desk, Onboarding ("A new partner signs the agreement."), Glossary:
  // "partner" in the body of each, its body list in a file of its own.
  const made = fixture("deferred-bodies");
  const shard = JSON.parse(made.files["t/0.json"]);
  assert.match(shard.find((e) => e[0] === "partner")[5], /^\+\d+$/, "the body list is a file of its own");
  const { index, log } = await logged(made);
  // A title holds the words: settled without the body list.
  assert.equal((await titles(index, "rebate rules"))[0], "Rebate rules");
  assert.deepEqual(log.filter((p) => p.startsWith("b/")), []);
  // Body text only: the list is read, and every page holding the words is found.
  const r = await index.search("partner agreement");
  assert.equal(r.pages[0].matched, 2);
  assert.equal(r.pages[1].matched, 1);
  assert.equal((await index.fragment(r.pages[0].page)).t, "Onboarding");
  assert.equal(log.filter((p) => p.startsWith("b/")).length, 1);
  // A phrase of the body text: its word pair shows where the words are, no list is read
  // (two more pages: "Each partner signs online.", "The partner signs twice.").
  const { index: byPairs, log: paired } = await logged(fixture("deferred-bodies-signs"));
  const phrase = await byPairs.search("partner signs");
  assert.equal((await byPairs.fragment(phrase.pages[0].page)).t, "Onboarding");
  assert.equal(phrase.pages[0].matched, 2);
  assert.equal(phrase.partial, true);
  assert.ok(paired.some((p) => p.startsWith("p/")));
  assert.deepEqual(paired.filter((p) => p.startsWith("b/")), []);
  // One word found in no title or heading: read too.
  assert.deepEqual((await titles(index, "partner")).sort(), ["Deal desk", "Glossary", "Onboarding", "Rebate rules"]);
  // Every result wanted (the results page): read even when a title settles it (three more
  // pages: Partner portal, Partner tiers, Partner levels).
  const more = fixture("deferred-bodies-more");
  assert.equal((await (await more.open()).search("partner")).pages.length, 3, "the titles settle it");
  assert.equal((await (await more.open()).search("partner", { complete: true })).pages.length, 7);
  // A little word being typed last settles nothing yet: not read until the next letters.
  const { index: typing, log: typed } = await logged(more);
  await typing.search("signs partner to");
  assert.deepEqual(typed.filter((p) => p.startsWith("b/")), []);
  await typing.search("signs partner");
  assert.ok(typed.some((p) => p.startsWith("b/")));
  // Fewer pages than the box shows: read (one more page: Partner portal).
  const few = fixture("deferred-bodies-few");
  assert.equal((await (await few.open()).search("partner")).pages.length, 5);
});

test("sub-results kept in a file of their own are read when titles do not settle it", async () => {
  // Deal desk (headings "Approval criteria", "Steps", "Approval owners"), Travel
  // ("Approval steps"), Rebates ("Approval", "Next steps"), "Approval steps overview".
  const made = fixture("split-subs");
  const approval = JSON.parse(made.files["t/0.json"]).find((e) => e[0] === "approval");
  assert.match(approval[3], /^\*[^+]+\+\d+$/, "pages, then the file the sub-results are in");
  const { index, log } = await logged(made);
  // The title settles it (with enough pages found): the sub-results are not read.
  assert.equal((await titles(index, "approval steps"))[0], "Approval steps overview");
  assert.deepEqual(log.filter((p) => p.startsWith("h/")), []);
  // The words of a heading in another order (no word pair holds them): read, and the page
  // with both words in one heading comes first, with it.
  const result = await index.search("owners approval");
  assert.ok(log.some((p) => p.startsWith("h/")));
  const exact = await (await fixture("split-subs-full").open()).search("owners approval");
  assert.deepEqual(result.pages.map((p) => p.page), exact.pages.map((p) => p.page));
  assert.deepEqual(result.pages.map((p) => p.subs), exact.pages.map((p) => p.subs));
  const top = result.pages[0];
  const shown = search.describe(result, top, await index.fragment(top.page), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "approval-owners");
});

test("titles' lists in meta.json: titles settle a query without a term shard, the rest ranks the same", async () => {
  // Deal registration, Deal registration for resellers, Registration of a deal by a
  // distributor, Quote desk (heading "Deal registration checks"), Rebates, Onboarding,
  // Zanzibar territory; the same pages with the titles' lists in the term shards.
  const inMeta = fixture("titles-in-meta");
  const inShards = fixture("titles-in-shards");
  const meta = inMeta.meta;
  assert.deepEqual(search.pageList(meta.titles.find((e) => e[0] === "registration")[1]), [0, 1, 2]);
  assert.equal(inShards.meta.titles.length, 0);
  const shard = JSON.parse(inMeta.files["t/0.json"]);
  assert.equal(shard.find((e) => e[0] === "deal")[1], "", "the title list is in meta.json");
  assert.equal(shard.find((e) => e[0] === "zanzibar"), undefined, "a word in titles alone is not in the shard");
  assert.ok(!JSON.parse(inMeta.files["e/0.json"]).includes("zanzibar"));

  const { index, log } = await logged(inMeta);
  const full = await inShards.open();
  // Every word in the best title, and enough pages to show: no term shard is read, and the
  // best page is the one the full lists give.
  const settled = await index.search("deal registration");
  assert.deepEqual(log, ["meta.json"]);
  assert.equal(settled.partial, true);
  assert.equal(settled.pages[0].page, (await full.search("deal registration")).pages[0].page);
  // A typo in a title word's first letters is found among the titles' words.
  assert.equal((await index.search("xanzibar territory")).pages[0].page, 6);
  // Words found in titles alone are whole: no typos or completions are looked for further
  // (the shard is read for other fields; not the files of words by their endings).
  const { index: own, log: ownLog } = await logged(inMeta);
  assert.equal((await own.search("zanzibar territory")).pages[0].page, 6);
  assert.ok(!ownLog.includes("e/0.json"), ownLog.join(" "));
  // Otherwise (and for the results page) the shards are read, and the ranking, scores and
  // sub-results are those of the index with the title lists in its shards.
  for (const q of ["approval rules", "registered deal", "deal registr", "regsitration", "quote desk", "zanzibar", "deal registration"]) {
    const a = await own.search(q, { complete: true });
    const b = await full.search(q, { complete: true });
    assert.equal(a.partial, false);
    assert.deepEqual(a.pages.map((p) => [p.page, p.matched, p.typos, Math.round(p.score), p.subs]),
      b.pages.map((p) => [p.page, p.matched, p.typos, Math.round(p.score), p.subs]), q);
  }
  assert.ok(ownLog.includes("t/0.json"));
  // Fewer pages than the box shows: every list read, so the count is whole...
  const apart = await index.search("earns rebate");
  assert.equal(apart.partial, false);
  assert.deepEqual(apart.pages.map((p) => p.page), [4]);
  // ...unless the words are a heading as typed: those pages come first whatever the rest.
  const heading = await index.search("approval rules");
  assert.equal(heading.partial, true);
  assert.deepEqual(heading.pages.map((p) => p.page), [0, 5]);
  assert.deepEqual((await index.search("approval rules", { complete: true })).pages.map((p) => p.page), [0, 5]);
});

test("a query of several words is first looked up as word pairs: a phrase on enough pages needs no term shard", async () => {
  // Rebates, Deal desk (heading "Partner deal rebates"), Travel, Quotas (heading "Partner
  // deal rebates by region"), Glossary (the words apart).
  const made = fixture("phrase-pairs");
  assert.ok(search.pairEntries(made.files["p/0.json"]).some((e) => e[0] === "partner deal" && e.length === 3),
    "a pair in a heading lists the pages it is a heading on");
  const { index, log } = await logged(made);
  const r = await index.search("partner deal rebates");
  assert.deepEqual(log.filter((p) => p.startsWith("t/")), [], log.join(" "));
  assert.ok(log.some((p) => p.startsWith("p/")));
  assert.equal(r.partial, true);
  // The pages with it as a heading first (the closer heading first), then those with it in
  // their text; the page with the words apart is not among them, as with every list read.
  const full = await (await made.open()).search("partner deal rebates", { complete: true });
  assert.deepEqual(r.pages.slice(0, 4).map((p) => p.page).sort(), [0, 1, 2, 3]);
  assert.deepEqual(r.pages.slice(0, 2).map((p) => p.page), full.pages.slice(0, 2).map((p) => p.page));
  assert.equal(full.pages[4].page, 4);
  // Shown with its heading, and the words marked there.
  const top = r.pages[0];
  const shown = search.describe(r, top, await index.fragment(top.page), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "partner-deal-rebates");
  assert.ok(shown.subs[0].title.some((seg) => seg[1] && seg[0].toLowerCase() === "rebates"));
  // Words apart: the shards are read.
  await index.search("rebates partner deal");
  assert.ok(log.some((p) => p.startsWith("t/")));
  // A word the index does not know, one letter off one it does ("rebates"): looked up as
  // that word, the phrase settles it as before, with the typo counted.
  const { index: other, log: typo } = await logged(made);
  const fixed = await other.search("partner deal rebatse");
  assert.deepEqual(typo.filter((p) => p.startsWith("t/")), [], typo.join(" "));
  assert.deepEqual(fixed.pages.slice(0, 2).map((p) => p.page), r.pages.slice(0, 2).map((p) => p.page));
  assert.equal(fixed.pages[0].typos, 1);
  const marked = search.describe(fixed, fixed.pages[0], await other.fragment(fixed.pages[0].page), "/");
  assert.ok(marked.subs[0].title.some((seg) => seg[1] && seg[0].toLowerCase() === "rebates"));
  // The same for a word in no title ("claim"), found in meta.json's other words.
  const { index: fourth, log: body } = await logged(made);
  const claim = await fourth.search("clain partner deal rebates");
  assert.deepEqual(body.filter((p) => p.startsWith("t/")), [], body.join(" "));
  assert.deepEqual(claim.pages.slice(0, 2).map((p) => p.page).sort(), [0, 2]);
  assert.ok(claim.pages[0].whole && claim.pages[0].typos === 1);
  // A rare word the index may know unlisted is looked up as typed: no phrase, the shards.
  const { index: third, log: rare } = await logged(made);
  await third.search("partner deal rebatsexyz");
  assert.ok(rare.includes("t/0.json"));
});

test("two words found together in text only do not outrank a heading holding them apart", async () => {
  // Home, News, Plans ("FY21 commissions" in their text), Pay (heading "FY21
  // channel-neutral commissions").
  const index = await fixture("heading-apart").open();
  const r = await index.search("fy21 commissions");
  assert.equal(r.pages[0].page, 3);
  const shown = search.describe(r, r.pages[0], await index.fragment(3), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "fy21");
});

test("a long phrase is looked up in two pair buckets, and only one heading holding it all is that heading", async () => {
  // Mixed: both pairs in headings, but in two of them ("Track open deals", "Quote volume
  // rules"): not the heading asked for (first in page order, so a tie would put it
  // first); Payouts: heading "Track open quote volume"; Notes: the phrase in its text.
  const made = fixture("long-phrase");
  const keys = ["track open", "open quote", "quote volume"];
  assert.equal(new Set(keys.map((k) => search.pairFile(k, made.meta.pairs, search.ownGroups(made.meta.own)))).size, 3, "three pairs, three files");
  const { index, log } = await logged(made);
  const r = await index.search("track open quote volume");
  assert.equal(log.filter((p) => p.startsWith("p/")).length, 2, log.join(" "));
  assert.deepEqual(log.filter((p) => p.startsWith("t/")), [], log.join(" "));
  assert.equal(r.partial, true);
  assert.equal(r.pages[0].page, 1);
  const shown = search.describe(r, r.pages[0], await index.fragment(1), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "track");
  // Each page holding it as a phrase is found, the heading first.
  assert.deepEqual(r.pages.map((p) => p.page).sort(), [0, 1, 2]);
});

test("a page holding the query as a phrase ranks over one with its words in other places", async () => {
  // Joint business plans (heading "Who handles a joint business"), Reviews ("...handles
  // the joint business reviews").
  const index = await fixture("phrase-over-places").open();
  const r = await index.search("handles the joint business", { complete: true });
  assert.equal(r.pages[0].page, 1);
  assert.ok(r.pages[0].whole && !r.pages[1].whole);
  assert.ok(r.pages[1].score > r.pages[0].score, "the other words in the title and a heading score higher");
});

test("a word the index knows in no form: the search box reads no more lists, the results page does", async () => {
  // Rebate rules, Rebate desk, Rebate onboarding, Glossary, Deals, Quotes: "rebate" on each.
  const made = fixture("unknown-word");
  const { index, log } = await logged(made);
  const box = await index.search("zqxj rebate");
  assert.equal(box.partial, true);
  assert.deepEqual(log, ["meta.json", "p/0.json", "t/0.json"], "the pairs as typed, the shards, no body list");
  assert.deepEqual(box.pages.map((p) => p.page), [0, 1, 2]);
  const full = await index.search("zqxj rebate", { complete: true });
  assert.equal(full.partial, false);
  assert.equal(log.filter((p) => p.startsWith("b/")).length, 1, log.join(" "));
  assert.deepEqual(full.pages.map((p) => p.page).sort(), [0, 1, 2, 3, 4, 5]);
  // Too few pages to show without it (no "Rebate" in the titles): the body list is read.
  const { index: other, log: read } = await logged(fixture("unknown-word-few"));
  assert.deepEqual((await other.search("zqxj rebate")).pages.map((p) => p.page).sort(), [3, 4, 5]);
  assert.equal(read.filter((p) => p.startsWith("b/")).length, 1, read.join(" "));
});

test("a word misspelt in its first letters is looked up as the known word closest to it", async () => {
  // Rebates ("claim a rebate"), Travel ("Claim travel online."), Glossary ("A claimant asks.").
  const made = fixture("first-letters");
  assert.ok(search.frontDecoded(made.meta.words).includes("claim"));
  const { index, log } = await logged(made);
  const r = await index.search("xlaim ");
  assert.deepEqual(r.pages.map((p) => p.page).sort(), [0, 1]);
  assert.ok(r.pages.every((p) => p.typos === 1));
  // From meta.json's words, not the files of words by their endings.
  assert.deepEqual(log.filter((p) => p.startsWith("e/")), [], log.join(" "));
});

test("meta.json's filter of the index's words: a word the index lacks costs no request", async () => {
  // Cost centres, Claims, Rebates, Travel; several term shards ("claim" and "xlaim" in
  // different ones) and pair files.
  const made = fixture("known-filter");
  assert.match(made.meta.known, /^\d+\./);
  const { index, log } = await logged(made);
  const unit = (term, prefix) => ({ term, prefix });
  assert.equal(index.mayKnow(unit("claim")), true);
  assert.equal(index.mayKnow(unit("tems")), false);
  assert.equal(index.mayKnow(unit("clai", true)), true, "a known word starts so");
  assert.equal(index.mayKnow(unit("tems", true)), false, "no word starts so");
  assert.equal(index.mayKnow(unit("te", true)), true, "too short to tell");
  assert.equal(index.mayKnow(unit("q1")), true, "not a word of letters: looked up");
  assert.notEqual(shardFile(index, "cost"), shardFile(index, "tems"));
  assert.notEqual(shardFile(index, "claim"), shardFile(index, "xlaim"));

  // A short word it lacks, being typed: left out; no word pair, no shard of its own.
  let r = await index.search("cost tems");
  assert.deepEqual(log, ["meta.json", shardFile(index, "cost")], log.join(" "));
  assert.deepEqual(r.pages.map((p) => p.page).sort(), [0]);
  // A word the filter knows is not taken for a typo of a title's word ("centre" is on
  // one page, "centres" in a title): its pairs are looked up as typed.
  const keys = [];
  const spied = await search.Index.open(made.load);
  const pairShard = spied.pairShard.bind(spied);
  spied.pairShard = (k) => { keys.push(k); return pairShard(k); };
  await spied.search("centre owns");
  assert.deepEqual(keys.slice(0, 1), ["centre owns"]);
  // No word pair spans it: "cost centres" is not what was typed.
  const spanned = await logged(made);
  r = await spanned.index.search("cost tems centres");
  assert.deepEqual(spanned.log.filter((p) => p.startsWith("p/")), [], spanned.log.join(" "));
  assert.equal(r.pages[0].page, 0);
  // Alone, it asks for nothing.
  log.length = 0;
  r = await index.search("tems");
  assert.deepEqual(r.pages, []);
  assert.deepEqual(log, []);
  // A misspelt word: the shard of the word it is a typo of, not its own.
  const misspelt = await logged(made);
  r = await misspelt.index.search("xlaim");
  assert.deepEqual(misspelt.log.filter((p) => p.startsWith("t/")), [shardFile(index, "claim")], misspelt.log.join(" "));
  assert.deepEqual(r.pages.map((p) => p.page).sort(), [1, 2]);
  assert.ok(r.pages.every((p) => p.typos === 1));
  // The results page reads every list as before, and finds the same pages.
  const all = await index.search("cost tems", { complete: true });
  assert.ok(log.includes(shardFile(index, "tems")), log.join(" "));
  assert.deepEqual(all.pages.map((p) => p.page).sort(), [0]);
  // Without the filter, the short word is looked up (and its shard read).
  const { index: other, log: seen } = await logged(fixture("known-filter-off"));
  await other.search("cost tems");
  assert.ok(seen.includes(shardFile(other, "tems")), seen.join(" "));
});

test("a pair group with a file of its own is read from it; numbers and hyphenated words", async () => {
  // Call notes (heading "Log call notes"), Targets ("The mid-market IACV target FY2019 is
  // set for Q1."), Mid-market ("Mid-market deals and IACV targets.").
  const made = fixture("own-pairs");
  const buckets = made.meta.pairs;
  assert.deepEqual(made.meta.own, [["call", "not"], ["iacv", "tar"]]);
  const own = search.ownGroups(made.meta.own);
  assert.deepEqual(own, ["call not", "iacv tar"]);
  assert.ok(search.pairEntries(made.files["p/" + buckets + ".json"]).some((e) => e[0] === "call notes"));
  const { index, log } = await logged(made);
  const r = await index.search("call notes");
  assert.deepEqual(log, ["meta.json", "p/" + buckets + ".json"], log.join(" "));
  assert.equal(r.pages[0].page, 0);
  // A number's pairs are grouped by the whole word; no prefix lookup for one.
  assert.equal(search.pairGroup("q1 fy2019!the"), "q1 fy2019");
  assert.equal(search.pairGroup("deal registration!the"), "deal reg");
  assert.notEqual(search.pairFile("q1 fy2019", 1000, []), search.pairFile("q1 fy2020", 1000, []));
  // The parts of a hyphenated word are not looked up as a pair when there are more pairs
  // than the two a phrase is first looked up by.
  log.length = 0;
  await index.search("mid-market iacv target fy2019");
  const pairFiles = log.filter((p) => p.startsWith("p/"));
  const want = ["market iacv", "target fy2019"].map((k) => "p/" + search.pairFile(k, buckets, own) + ".json");
  assert.deepEqual(pairFiles.sort(), Array.from(new Set(want)).sort(), log.join(" "));
});

test("front-coded keys and pair groups by first word read back as the writer wrote them", () => {
  // The values the writer's helpers give (tests/fixtures/search-index/hashes.json):
  // characters outside the BMP, accents, the 63-character cap.
  const [keys, coded] = hashes().front_coded;
  assert.deepEqual(search.frontDecoded(coded), keys);
  const [groups, byFirst] = hashes().own_by_first;
  assert.deepEqual(search.ownGroups(byFirst), groups);
  // A damaged digit shares nothing, rather than failing.
  assert.deepEqual(search.frontDecoded(["Adeal", "!x"]), ["deal", "x"]);
});

test("the known-words filter's bits are the writer's", () => {
  // The values the writer's helper gives (tests/fixtures/search-index/hashes.json).
  for (const [entry, bits, want] of hashes().known_bits) assert.deepEqual(search.knownBits(entry, bits), want, entry);
  // And in every golden index with a filter, every word of letters passes it.
  for (const name of fixtureNames()) {
    const made = fixture(name);
    if (!made.meta.known) continue;
    const index = new search.Index(made.load, made.meta);
    for (let n = 0; made.files["t/" + n + ".json"]; n++) {
      for (const e of JSON.parse(made.files["t/" + n + ".json"])) {
        if (/^\p{L}+$/u.test(e[0])) assert.ok(index.mayKnow({ term: e[0] }), `${name}: ${e[0]}`);
      }
    }
  }
});

test("a large site: a whole title from two pair files, the words they leave out read in the titles shown", async () => {
  // No titles' lists in meta.json. "Referral fees field definitions for EMEA" and its
  // siblings for AMER and APAC share the two pairs looked up; their titles tell them apart.
  const made = fixture("large-titles");
  assert.equal(made.meta.titles.length, 0);
  const { index, log } = await logged(made);
  const asked = countPairs(index);
  const r = await index.search("Referral fees field definitions for EMEA");
  assert.equal((await index.fragment(r.pages[0].page)).t, "Referral fees field definitions for EMEA");
  assert.ok(r.pages[0].whole && !r.pages[1].whole);
  assert.equal(log.filter((p) => p.startsWith("t/")).length, 0, "no term shard: " + log.join(" "));
  assert.deepEqual([...asked], [2], "two pairs looked up, once");
  // The pages shown are those whose fragments were read.
  const before = log.length;
  for (const p of r.pages.slice(0, 3)) await index.fragment(p.page);
  assert.equal(log.length, before);
});

test("a large site: words that are no phrase read their term shards after the first two pairs, not every pair", async () => {
  const made = fixture("large-titles");
  const { index, log } = await logged(made);
  const asked = countPairs(index, log);
  const r = await index.search("fields definitions referral region");
  // The two pairs, then the words' shards; every pair only to rank what those found.
  assert.equal(asked[0], 2);
  const shard = log.findIndex((p) => p.startsWith("t/"));
  assert.ok(shard > 0, log.join(" "));
  asked.slice(1).forEach((_, k) => assert.ok(asked.logged[k + 1] > shard, log.join(" ")));
  assert.ok(r.pages.length > 0);
});

/**
 * Records how many pairs each lookup of word pairs may read (undefined: every pair), and
 * in `asked.logged` how many files `log` held when it was asked.
 */
function countPairs(index, log) {
  const asked = [];
  asked.logged = [];
  const pairs = index.pairs.bind(index);
  index.pairs = (units, variants, most) => {
    asked.push(most);
    asked.logged.push(log ? log.length : 0);
    return pairs(units, variants, most);
  };
  return asked;
}

test("a phrase of four words: with more pages holding its two pairs apart than are shown, the pair between is read", async () => {
  // Weekly holds "partner manager approves discount"; four pages hold "partner manager" and
  // "approves discount" in different sentences.
  const made = fixture("large-phrase");
  const { index, log } = await logged(made);
  const r = await index.search("partner manager approves discount");
  assert.equal(r.pages[0].page, 0);
  assert.ok(r.pages[0].whole && !r.pages[1].whole);
  assert.equal(log.filter((p) => p.startsWith("t/")).length, 0, log.join(" "));
  const pairs = new Set(["partner manager", "manager approves", "approves discount"].map((k) => index.meta.pairs && search.pairFile(k, index.meta.pairs, index.ownGroups())));
  assert.deepEqual(new Set(log.filter((p) => p.startsWith("p/")).map((p) => Number(p.slice(2, -5)))), pairs);
});

test("little words beside one word: a heading long enough to hold them holds the query, a shorter one does not", async () => {
  // Partner setup ("Enable partners"), Tools ("When to enable"), Enable.
  const index = await fixture("heading-little-words").open();
  const r = await index.search("when to enable");
  assert.deepEqual(r.pages.map((p) => p.page), [1, 2, 0]);
  assert.ok(r.pages[0].whole && !r.pages[1].whole && !r.pages[2].whole);
});
