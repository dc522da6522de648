// The client's ranking (themes/default/static/search.js, the file the browser loads) on
// small indexes made in memory: titles over headings over body text, whole words over
// prefixes over typos, the last word as a prefix, how many typos a word may have, results
// grouped by page with their best sub-results, glossary synonyms both ways, phrases.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { fakeIndex, search } = require("./fake-index.js");

async function titles(index, query, options) {
  const r = await index.search(query, options);
  const out = [];
  for (const p of r.pages) out.push((await index.fragment(p.page)).t);
  return out;
}

test("titles rank over headings, headings over descriptions, descriptions over body text", async () => {
  const index = await fakeIndex([
    { title: "Body", text: "Quota rules live here." },
    { title: "Heading", subs: [{ title: "Quota rules", anchor: "quota-rules", text: "..." }] },
    { title: "Quota", text: "About it." },
    { title: "Description", description: "Where quota is explained." },
  ]).open();
  assert.deepEqual(await titles(index, "quota"), ["Quota", "Heading", "Description", "Body"]);
});

test("whole words rank over prefixes, prefixes over typos", async () => {
  const index = await fakeIndex([
    { title: "Quote desk" },
    { title: "Quotas by region" },
    { title: "Quota basics" },
  ]).open();
  assert.deepEqual(await titles(index, "quota"), ["Quota basics", "Quotas by region", "Quote desk"]);
});

test("the exact title comes first; the closer a title is to the query, the better", async () => {
  const index = await fakeIndex([
    { title: "Partner program overview and history" },
    { title: "Partner program" },
    { title: "Program for every partner", text: "partner program" },
  ]).open();
  assert.deepEqual(await titles(index, "partner program"),
    ["Partner program", "Program for every partner", "Partner program overview and history"]);
});

test("the last word matches as a prefix while it is being typed, other words whole", async () => {
  const units = search.parseQuery("chan manag");
  assert.equal(units[0].prefix, undefined);
  assert.equal(units[1].prefix, true);
  assert.equal(search.parseQuery("chan manag ")[1].prefix, undefined);
  const index = await fakeIndex([{ title: "Channel manager" }, { title: "Chan manager" }]).open();
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
  const index = await fakeIndex([
    { title: "Command plan" },
    { title: "Deal registration" },
    { title: "Plan" },
  ]).open();
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
  const { open } = fakeIndex([
    {
      title: "R7 co-selling",
      url: "selling/r7/",
      text: "Seven requirements.",
      subs: [
        { title: "Who does what", anchor: "who-does-what", text: "The AE writes call notes." },
        { kind: "r7.requirements", title: "Log call notes", anchor: "r7-call-notes", text: "Log every call." },
        { title: "Thresholds", anchor: "thresholds", text: "Dollar amounts." },
      ],
    },
    { title: "Tips", text: "Take notes on every call you make." },
  ]);
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
  const syn = [["=iacv", "iacv", "incremental annual contract value"]];
  const index = await fakeIndex([
    { title: "Quota", text: "Counted on IACV after discounts." },
    { title: "Contracts", text: "The incremental annual contract value of a deal." },
    { title: "Unrelated", text: "Annual value of a contract, incremental or not." },
  ], syn).open();
  assert.deepEqual((await titles(index, "iacv")).sort(), ["Contracts", "Quota"]);
  assert.deepEqual((await titles(index, "incremental annual contract value")).slice(0, 2).sort(), ["Contracts", "Quota"]);
  // The excerpt marks the name found, whichever it is.
  const result = await index.search("IACV");
  const page = result.pages.find((p) => p.page === 1);
  const shown = search.describe(result, page, await index.fragment(1), "/");
  assert.deepEqual(shown.excerpt.filter((s) => s[1]).map((s) => s[0]), ["incremental annual contract value"]);
});

test("a phrase ranks the page holding it over pages with its words apart", async () => {
  const index = await fakeIndex([
    { title: "Apart", text: "Escalate early. Later the partner may call. Partner escalate." },
    { title: "Together", text: "You should escalate the partner tier review." },
    { title: "Other words between", text: "Escalate a partner tier review." },
  ]).open();
  assert.deepEqual(await titles(index, "should escalate the partner", { complete: true }), ["Together", "Other words between", "Apart"]);
  // As the search box asks: the phrase found settles it, the pages holding its words apart
  // left for the full results.
  const box = await index.search("should escalate the partner");
  assert.equal(box.partial, true);
  assert.deepEqual(await titles(index, "should escalate the partner"), ["Together", "Other words between"]);
});

test("hyphenated words: the joined form, or the parts when the index lacks it", async () => {
  const index = await fakeIndex([
    { title: "Mid-Market deals" },
    { title: "Market in the middle", text: "mid market" },
  ]).open();
  assert.deepEqual(await titles(index, "mid-market"), ["Mid-Market deals"]);
  assert.deepEqual(await titles(index, "midmarket"), ["Mid-Market deals"]);
  assert.deepEqual((await titles(index, "mid market")).sort(), ["Market in the middle", "Mid-Market deals"]);
  const other = await fakeIndex([{ title: "Co selling" }]).open();
  assert.deepEqual(await titles(other, "co-selling"), ["Co selling"]);
});

test("Japanese: a query finds the text holding it", async () => {
  const index = await fakeIndex([
    { title: "営業担当者の役割", text: "パートナーと協力します。" },
    { title: "担当", text: "別の話" },
  ]).open();
  assert.deepEqual(await titles(index, "営業担当"), ["営業担当者の役割", "担当"]);
  assert.equal((await index.search("営業担当")).pages[1].matched, 1);
  assert.deepEqual(await titles(index, "パートナー"), ["営業担当者の役割"]);
});

test("accents and case do not matter", async () => {
  const index = await fakeIndex([{ title: "Résumé review", text: "Über café" }]).open();
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
  // The strings the indexer's test writes (src/search/index.rs).
  // (page, sub-result times 8 plus its title's length less one)
  assert.deepEqual(search.headedList(["a b", "BA", "BCAZBI"]), [1, 2, 1, 25, 2, 8]);
  assert.deepEqual(search.headedList(["a b", "AA", "*"]), [0, 2039, 1, 2039]);
  assert.deepEqual(search.headedList(["a b", "~H", "AhB*BA"]), [0, 33, 1, 2039, 2, 2039]);
});

test("word pairs are found in the bucket the indexer wrote them to", () => {
  // The same values the indexer's test expects (src/search/index.rs).
  assert.equal(search.pairBucket("deal reg", 1000003), 859101);
  assert.equal(search.pairBucket("a \u{10400}bc", 1000003), 472056);
  assert.equal(search.pairBucket("deal reg", 1000), search.pairBucket("deal registration!the", 1000));
  assert.equal(search.pairBucket("営業 担当者", 97), search.pairBucket("営業 担当者たち", 97));
  assert.equal(search.pairBucket("a \u{10400}bcd", 1000003), search.pairBucket("a \u{10400}bc", 1000003));
  assert.equal(search.pairBucket("a x!the", 1000003), search.pairBucket("a x", 1000003));
});

test("little words: not looked up beside other words, looked up alone from their own files", async () => {
  const made = fakeIndex([
    { title: "Rules of engagement" },
    { title: "Engagement rules", text: "Rules and more rules." },
    { title: "The handbook", text: "Read the whole of it." },
    { title: "Tools", text: "Tooling notes." },
  ]);
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  assert.equal(made.files["t/0.json"].includes('["the"]'), true, "the term shard holds only the word");
  assert.deepEqual((await titles(index, "rules of engagement")).slice(0, 2), ["Rules of engagement", "Engagement rules"]);
  assert.deepEqual(log.filter((p) => p.startsWith("s/")), [], "a little word beside others is not loaded");
  // Being typed, a little word finds the words it starts.
  assert.deepEqual(await titles(index, "to"), ["Tools"]);
  // Alone, little words are looked up in their own files.
  assert.deepEqual((await titles(index, "the")).slice(0, 1), ["The handbook"]);
  assert.deepEqual(log.filter((p) => p.startsWith("s/")), ["s/3.json"]);
  // Several: the words typed whole from their own files, the one being typed as a start.
  assert.deepEqual((await titles(index, "of to")).sort(), ["Rules of engagement", "The handbook", "Tools"]);
  assert.deepEqual(log.filter((p) => p.startsWith("s/")), ["s/3.json", "s/4.json"]);
});

test("headings of very common words, written as pages only, still rank and show the heading", async () => {
  const docs = [
    { title: "Deal desk", subs: [{ title: "Approval criteria", anchor: "approval-criteria", text: "Who signs." },
      { title: "Exceptions", anchor: "exceptions", text: "Rare." }] },
    { title: "Rebates", subs: [{ title: "Approval", anchor: "approval", text: "Finance approves." },
      { title: "Criteria", anchor: "criteria", text: "Spend over a year." }] },
    { title: "Travel", subs: [{ title: "Approval steps", anchor: "approval-steps", text: "Ask the manager." }],
      text: "The criteria are in the policy." },
    { title: "Glossary", text: "Approval criteria are listed per program." },
  ];
  const made = fakeIndex(docs, [], { wide: 2 });
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
  const full = fakeIndex(docs);
  const exact = await (await full.open()).search("approval criteria", { complete: true });
  assert.deepEqual(new Set(exact.pages.map((p) => p.page)), new Set(result.pages.map((p) => p.page)));
});

test("body lists of very common words are read only when titles and headings do not settle it", async () => {
  const docs = [
    { title: "Rebate rules", text: "Partner rebate terms for every partner." },
    { title: "Deal desk", text: "The partner asks the desk about a rebate." },
    { title: "Onboarding", text: "A new partner signs the agreement." },
    { title: "Glossary", text: "Partner means a reseller." },
  ];
  const made = fakeIndex(docs, [], { defer: 3 });
  const shard = JSON.parse(made.files["t/0.json"]);
  assert.match(shard.find((e) => e[0] === "partner")[5], /^\+\d+$/, "the body list is a file of its own");
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  // A title holds the words: settled without the body list.
  assert.equal((await titles(index, "rebate rules"))[0], "Rebate rules");
  assert.deepEqual(log.filter((p) => p.startsWith("b/")), []);
  // Body text only: the list is read, and every page holding the words is found.
  const r = await index.search("partner agreement");
  assert.equal(r.pages[0].matched, 2);
  assert.equal(r.pages[1].matched, 1);
  assert.equal((await index.fragment(r.pages[0].page)).t, "Onboarding");
  assert.equal(log.filter((p) => p.startsWith("b/")).length, 1);
  // A phrase of the body text: its word pair shows where the words are, no list is read.
  const signs = fakeIndex(docs.concat([{ title: "Signing", text: "Each partner signs online." },
    { title: "Contracts", text: "The partner signs twice." }]), [], { defer: 3 });
  const paired = [];
  const byPairs = await search.Index.open((p) => { paired.push(p); return signs.load(p); });
  const phrase = await byPairs.search("partner signs");
  assert.equal((await byPairs.fragment(phrase.pages[0].page)).t, "Onboarding");
  assert.equal(phrase.pages[0].matched, 2);
  assert.equal(phrase.partial, true);
  assert.ok(paired.some((p) => p.startsWith("p/")));
  assert.deepEqual(paired.filter((p) => p.startsWith("b/")), []);
  // One word found in no title or heading: read too.
  assert.deepEqual((await titles(index, "partner")).sort(), ["Deal desk", "Glossary", "Onboarding", "Rebate rules"]);
  // Every result wanted (the results page): read even when a title settles it.
  const moreDocs = docs.concat([{ title: "Partner portal" }, { title: "Partner tiers" }, { title: "Partner levels" }]);
  const more = fakeIndex(moreDocs, [], { defer: 3 });
  assert.equal((await (await more.open()).search("partner")).pages.length, 3, "the titles settle it");
  assert.equal((await (await more.open()).search("partner", { complete: true })).pages.length, 7);
  // A little word being typed last settles nothing yet: not read until the next letters.
  const typed = [];
  const typing = await search.Index.open((p) => { typed.push(p); return more.load(p); });
  await typing.search("signs partner to");
  assert.deepEqual(typed.filter((p) => p.startsWith("b/")), []);
  await typing.search("signs partner");
  assert.ok(typed.some((p) => p.startsWith("b/")));
  // Fewer pages than the box shows: read.
  const few = fakeIndex(docs.concat([{ title: "Partner portal" }]), [], { defer: 3 });
  assert.equal((await (await few.open()).search("partner")).pages.length, 5);
});

test("sub-results kept in a file of their own are read when titles do not settle it", async () => {
  const docs = [
    { title: "Deal desk", subs: [{ title: "Approval criteria", anchor: "approval-criteria" },
      { title: "Steps", anchor: "steps" }, { title: "Approval owners", anchor: "approval-owners" }] },
    { title: "Travel", subs: [{ title: "Approval steps", anchor: "approval-steps", text: "Ask first." }] },
    { title: "Rebates", subs: [{ title: "Approval", anchor: "approval" }, { title: "Next steps", anchor: "next-steps" }] },
    { title: "Approval steps overview" },
  ];
  const made = fakeIndex(docs, [], { split: 2 });
  const approval = JSON.parse(made.files["t/0.json"]).find((e) => e[0] === "approval");
  assert.match(approval[3], /^\*[^+]+\+\d+$/, "pages, then the file the sub-results are in");
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  // The title settles it (with enough pages found): the sub-results are not read.
  assert.equal((await titles(index, "approval steps"))[0], "Approval steps overview");
  assert.deepEqual(log.filter((p) => p.startsWith("h/")), []);
  // The words of a heading in another order (no word pair holds them): read, and the page
  // with both words in one heading comes first, with it.
  const result = await index.search("owners approval");
  assert.ok(log.some((p) => p.startsWith("h/")));
  const exact = await (await fakeIndex(docs).open()).search("owners approval");
  assert.deepEqual(result.pages.map((p) => p.page), exact.pages.map((p) => p.page));
  assert.deepEqual(result.pages.map((p) => p.subs), exact.pages.map((p) => p.subs));
  const top = result.pages[0];
  const shown = search.describe(result, top, await index.fragment(top.page), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "approval-owners");
});

test("titles' lists in meta.json: titles settle a query without a term shard, the rest ranks the same", async () => {
  const docs = [
    { title: "Deal registration", text: "Register a deal before the quote.", subs: [{ title: "Approval rules", anchor: "approval-rules", text: "Two days." }] },
    { title: "Deal registration for resellers", text: "Resellers register deals too." },
    { title: "Registration of a deal by a distributor" },
    { title: "Quote desk", subs: [{ title: "Deal registration checks", anchor: "checks", text: "The desk checks it." }] },
    { title: "Rebates", text: "A registered deal earns a rebate.", description: "Money back." },
    { title: "Onboarding", subs: [{ title: "Approval rules", anchor: "approval", text: "New partners." }] },
    { title: "Zanzibar territory" },
  ];
  const inMeta = fakeIndex(docs);
  const inShards = fakeIndex(docs, [], { titles: false });
  const meta = JSON.parse(inMeta.files["meta.json"]);
  assert.deepEqual(meta.titles.find((e) => e[0] === "registration"), ["registration", "AAA"], "pages 0, 1, 2");
  assert.equal(JSON.parse(inShards.files["meta.json"]).titles.length, 0);
  const shard = JSON.parse(inMeta.files["t/0.json"]);
  assert.equal(shard.find((e) => e[0] === "deal")[1], "", "the title list is in meta.json");
  assert.equal(shard.find((e) => e[0] === "zanzibar"), undefined, "a word in titles alone is not in the shard");
  assert.ok(!JSON.parse(inMeta.files["e/0.json"]).includes("zanzibar"));

  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return inMeta.load(p); });
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
  log.length = 0;
  const own = await search.Index.open((p) => { log.push(p); return inMeta.load(p); });
  assert.equal((await own.search("zanzibar territory")).pages[0].page, 6);
  assert.ok(!log.includes("e/0.json"), log.join(" "));
  // Otherwise (and for the results page) the shards are read, and the ranking, scores and
  // sub-results are those of the index with the title lists in its shards.
  for (const q of ["approval rules", "registered deal", "deal registr", "regsitration", "quote desk", "zanzibar", "deal registration"]) {
    const a = await index.search(q, { complete: true });
    const b = await full.search(q, { complete: true });
    assert.equal(a.partial, false);
    assert.deepEqual(a.pages.map((p) => [p.page, p.matched, p.typos, Math.round(p.score), p.subs]),
      b.pages.map((p) => [p.page, p.matched, p.typos, Math.round(p.score), p.subs]), q);
  }
  assert.ok(log.includes("t/0.json"));
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
  const docs = [
    { title: "Rebates", text: "How to claim partner deal rebates each quarter." },
    { title: "Deal desk", subs: [{ title: "Partner deal rebates", anchor: "partner-deal-rebates", text: "Ask the desk." }] },
    { title: "Travel", text: "Claim partner deal rebates online." },
    { title: "Quotas", subs: [{ title: "Partner deal rebates by region", anchor: "by-region", text: "Tables." }] },
    { title: "Glossary", text: "A partner may ask for rebates on a deal." },
  ];
  const made = fakeIndex(docs);
  assert.ok(JSON.parse(made.files["p/0.json"]).some((e) => e[0] === "partner deal" && e.length === 3),
    "a pair in a heading lists the pages it is a heading on");
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
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
  const typo = [];
  const other = await search.Index.open((p) => { typo.push(p); return made.load(p); });
  const fixed = await other.search("partner deal rebatse");
  assert.deepEqual(typo.filter((p) => p.startsWith("t/")), [], typo.join(" "));
  assert.deepEqual(fixed.pages.slice(0, 2).map((p) => p.page), r.pages.slice(0, 2).map((p) => p.page));
  assert.equal(fixed.pages[0].typos, 1);
  const marked = search.describe(fixed, fixed.pages[0], await other.fragment(fixed.pages[0].page), "/");
  assert.ok(marked.subs[0].title.some((seg) => seg[1] && seg[0].toLowerCase() === "rebates"));
  // The same for a word in no title ("claim"), found in meta.json's other words.
  const body = [];
  const fourth = await search.Index.open((p) => { body.push(p); return made.load(p); });
  const claim = await fourth.search("clain partner deal rebates");
  assert.deepEqual(body.filter((p) => p.startsWith("t/")), [], body.join(" "));
  assert.deepEqual(claim.pages.slice(0, 2).map((p) => p.page).sort(), [0, 2]);
  assert.ok(claim.pages[0].whole && claim.pages[0].typos === 1);
  // A rare word the index may know unlisted is looked up as typed: no phrase, the shards.
  const rare = [];
  const third = await search.Index.open((p) => { rare.push(p); return made.load(p); });
  await third.search("partner deal rebatsexyz");
  assert.ok(rare.includes("t/0.json"));
});

test("two words found together in text only do not outrank a heading holding them apart", async () => {
  const docs = [
    { title: "Home", text: "See FY21 commissions below." },
    { title: "News", text: "FY21 commissions are paid monthly." },
    { title: "Plans", text: "Old FY21 commissions were quarterly." },
    { title: "Pay", subs: [{ title: "FY21 channel-neutral commissions", anchor: "fy21", text: "How they work." }] },
  ];
  const index = await fakeIndex(docs).open();
  const r = await index.search("fy21 commissions");
  assert.equal(r.pages[0].page, 3);
  const shown = search.describe(r, r.pages[0], await index.fragment(3), "/");
  assert.equal(shown.subs[0].url.split("#")[1], "fy21");
});

test("a long phrase is looked up in two pair buckets, and only one heading holding it all is that heading", async () => {
  const docs = [
    // Both pairs in headings, but in two of them: not the heading asked for (first in page
    // order, so a tie would put it first).
    { title: "Mixed", subs: [
      { title: "Track open deals", anchor: "deals", text: "Weekly." },
      { title: "Quote volume rules", anchor: "rules", text: "Monthly." },
    ] },
    { title: "Payouts", subs: [{ title: "Track open quote volume", anchor: "track", text: "How to." }] },
    { title: "Notes", text: "We track open quote volume weekly." },
  ];
  const made = fakeIndex(docs, [], { buckets: 97 });
  const keys = ["track open", "open quote", "quote volume"];
  assert.equal(new Set(keys.map((k) => search.pairBucket(k, 97))).size, 3, "three pairs, three files");
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
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
  const docs = [
    { title: "Joint business plans", subs: [{ title: "Who handles a joint business", anchor: "who", text: "Someone handles a joint business review." }] },
    { title: "Reviews", text: "The partner manager handles the joint business reviews." },
  ];
  const index = await fakeIndex(docs).open();
  const r = await index.search("handles the joint business", { complete: true });
  assert.equal(r.pages[0].page, 1);
  assert.ok(r.pages[0].whole && !r.pages[1].whole);
  assert.ok(r.pages[1].score > r.pages[0].score, "the other words in the title and a heading score higher");
});

test("a word the index knows in no form: the search box reads no more lists, the results page does", async () => {
  const docs = [
    { title: "Rebate rules", text: "Terms." },
    { title: "Rebate desk", text: "Ask the desk." },
    { title: "Rebate onboarding", text: "Sign here." },
    { title: "Glossary", text: "A rebate is money back." },
    { title: "Deals", text: "The rebate on a deal." },
    { title: "Quotes", text: "Each rebate is capped." },
  ];
  const made = fakeIndex(docs, [], { defer: 3 });
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  const box = await index.search("zqxj rebate");
  assert.equal(box.partial, true);
  assert.deepEqual(log, ["meta.json", "p/0.json", "t/0.json"], "the pairs as typed, the shards, no body list");
  assert.deepEqual(box.pages.map((p) => p.page), [0, 1, 2]);
  const full = await index.search("zqxj rebate", { complete: true });
  assert.equal(full.partial, false);
  assert.equal(log.filter((p) => p.startsWith("b/")).length, 1, log.join(" "));
  assert.deepEqual(full.pages.map((p) => p.page).sort(), [0, 1, 2, 3, 4, 5]);
  // Too few pages to show without it: the body list is read.
  const few = fakeIndex(docs.map((d) => ({ ...d, title: d.title.replace("Rebate ", "") })), [], { defer: 3 });
  const read = [];
  const other = await search.Index.open((p) => { read.push(p); return few.load(p); });
  assert.deepEqual((await other.search("zqxj rebate")).pages.map((p) => p.page).sort(), [3, 4, 5]);
  assert.equal(read.filter((p) => p.startsWith("b/")).length, 1, read.join(" "));
});

test("a word misspelt in its first letters is looked up as the known word closest to it", async () => {
  const docs = [
    { title: "Rebates", text: "How to claim a rebate." },
    { title: "Travel", text: "Claim travel online." },
    { title: "Glossary", text: "A claimant asks." },
  ];
  const made = fakeIndex(docs);
  assert.ok(JSON.parse(made.files["meta.json"]).words.includes("claim"));
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  const r = await index.search("xlaim ");
  assert.deepEqual(r.pages.map((p) => p.page).sort(), [0, 1]);
  assert.ok(r.pages.every((p) => p.typos === 1));
  // From meta.json's words, not the files of words by their endings.
  assert.deepEqual(log.filter((p) => p.startsWith("e/")), [], log.join(" "));
});

test("meta.json's filter of the index's words: a word the index lacks costs no request", async () => {
  const docs = [
    { title: "Cost centres", text: "Each cost centre owns its budget." },
    { title: "Claims", text: "Submit the claim with the invoice. A claim waits for approval." },
    { title: "Rebates", text: "The claim for a rebate follows the deal." },
    { title: "Travel", text: "Costs of travel are claimed monthly." },
  ];
  // Shards: a-c, d-r, s-z (the fixed word "claim" in the first, "xlaim" would be in the last).
  const made = fakeIndex(docs, [], { known: true, shards: ["", "d", "s"], buckets: 16 });
  const meta = JSON.parse(made.files["meta.json"]);
  assert.match(meta.known, /^\d+\./);
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  const unit = (term, prefix) => ({ term, prefix });
  assert.equal(index.mayKnow(unit("claim")), true);
  assert.equal(index.mayKnow(unit("tems")), false);
  assert.equal(index.mayKnow(unit("clai", true)), true, "a known word starts so");
  assert.equal(index.mayKnow(unit("tems", true)), false, "no word starts so");
  assert.equal(index.mayKnow(unit("te", true)), true, "too short to tell");
  assert.equal(index.mayKnow(unit("q1")), true, "not a word of letters: looked up");

  // A short word it lacks, being typed: left out; no word pair, no shard of its own.
  let r = await index.search("cost tems");
  assert.deepEqual(log, ["meta.json", "t/0.json"], log.join(" "));
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
  log.length = 0;
  r = await (await search.Index.open((p) => { log.push(p); return made.load(p); })).search("cost tems centres");
  assert.deepEqual(log.filter((p) => p.startsWith("p/")), [], log.join(" "));
  assert.equal(r.pages[0].page, 0);
  // Alone, it asks for nothing.
  log.length = 0;
  r = await index.search("tems");
  assert.deepEqual(r.pages, []);
  assert.deepEqual(log, []);
  // A misspelt word: the shard of the word it is a typo of, not its own.
  log.length = 0;
  r = await (await search.Index.open((p) => { log.push(p); return made.load(p); })).search("xlaim");
  assert.deepEqual(log.filter((p) => p.startsWith("t/")), ["t/0.json"], log.join(" "));
  assert.deepEqual(r.pages.map((p) => p.page).sort(), [1, 2]);
  assert.ok(r.pages.every((p) => p.typos === 1));
  // The results page reads every list as before, and finds the same pages.
  const all = await index.search("cost tems", { complete: true });
  assert.ok(log.includes("t/2.json"), log.join(" "));
  assert.deepEqual(all.pages.map((p) => p.page).sort(), [0]);
  // Without the filter, the short word is looked up (and its shard read).
  const plain = fakeIndex(docs, [], { shards: ["", "d", "s"] });
  const seen = [];
  const other = await search.Index.open((p) => { seen.push(p); return plain.load(p); });
  await other.search("cost tems");
  assert.ok(seen.includes("t/2.json"), seen.join(" "));
});

test("a pair group with a file of its own is read from it; numbers and hyphenated words", async () => {
  const docs = [
    { title: "Call notes", subs: [{ title: "Log call notes", anchor: "log", text: "After each call." }] },
    { title: "Targets", text: "The mid-market IACV target FY2019 is set for Q1." },
    { title: "Mid-market", text: "Mid-market deals and IACV targets." },
  ];
  const buckets = 64;
  const made = fakeIndex(docs, [], { buckets, own: ["call not"], known: true });
  assert.deepEqual(JSON.parse(made.files["meta.json"]).own, ["call not"]);
  assert.ok(JSON.parse(made.files["p/" + buckets + ".json"]).some((e) => e[0] === "call notes"));
  const log = [];
  const index = await search.Index.open((p) => { log.push(p); return made.load(p); });
  const r = await index.search("call notes");
  assert.deepEqual(log, ["meta.json", "p/" + buckets + ".json"], log.join(" "));
  assert.equal(r.pages[0].page, 0);
  // A number's pairs are grouped by the whole word; no prefix lookup for one.
  assert.equal(search.pairGroup("q1 fy2019!the"), "q1 fy2019");
  assert.equal(search.pairGroup("deal registration!the"), "deal reg");
  assert.notEqual(search.pairBucket("q1 fy2019", 1000), search.pairBucket("q1 fy2020", 1000));
  // The parts of a hyphenated word are not looked up as a pair when there are more pairs
  // than the two a phrase is first looked up by.
  log.length = 0;
  await index.search("mid-market iacv target fy2019");
  const pairFiles = log.filter((p) => p.startsWith("p/"));
  const want = ["market iacv", "target fy2019"].map((k) => "p/" + search.pairBucket(k, buckets) + ".json");
  assert.deepEqual(pairFiles.sort(), Array.from(new Set(want)).sort(), log.join(" "));
});

test("the known-words filter's bits are the indexer's", () => {
  // The same values as the Rust test the_known_words_filter_holds_the_words_and_their_starts.
  assert.deepEqual(search.knownBits("<tems", 1000), [772, 83, 690, 1, 312, 623, 934, 245]);
  assert.deepEqual(search.knownBits("é𐐀", 97), [42, 24, 6, 85, 67, 84, 66, 48]);
});
