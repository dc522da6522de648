// Search in the browser: a seller's queries typed into the header box of the built bundled
// handbook (first result and its anchor), keyboard use, the linkable results page with its
// filters, highlighting on the page a result opens, a site under a sub-path, and page text
// that looks like markup staying text in the results.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const zlib = require("node:zlib");
const { setUp, serve, browserSkip, REPO, DESKTOP, PHONE } = require("./support.js");

const skip = browserSkip();
let env;
let hostile; // a site whose pages' titles and text look like markup, under /sub/path/

before(async () => {
  if (skip) return;
  env = await setUp();
  hostile = await buildHostile();
});
after(async () => {
  if (hostile) await hostile.close();
  if (env) await env.tearDown();
});

async function open(url, options = {}) {
  const context = await env.browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  return { context, page, errors };
}

/** Types a query into the header box and waits for its results. */
async function typeQuery(page, query) {
  const box = page.locator("#site-search-input");
  await box.fill("");
  await box.pressSequentially(query, { delay: 5 });
  await page.waitForFunction((q) => {
    const all = document.querySelector(".search-popup:not([hidden]) .sr-all");
    return all && all.textContent.includes("\u201c" + q.trim() + "\u201d");
  }, query);
}

/** The first result: its page link and its first sub-result's link, as paths. */
async function firstResult(page) {
  return page.evaluate(() => {
    const group = document.querySelector(".search-popup .sr-group");
    const strip = (href) => {
      const u = new URL(href, location.href);
      return u.pathname + u.hash;
    };
    const sub = group && group.querySelector(".sr-sub");
    return {
      page: group ? strip(group.querySelector(".sr-page").href) : null,
      sub: sub ? strip(sub.href) : null,
    };
  });
}

// What a seller types, and where the first result must take them: the page, and the
// heading or record its first sub-result links to.
const QUERIES = [
  ["deal reg", "/glossary/", "#glossary-deal-reg"],
  ["command plan mid-market", "/selling/r7-co-selling/", "#r7-command-plans"],
  ["channel neutral", "/program/compensation/", "#what-channel-neutral-means"],
  ["IACV", "/glossary/", "#glossary-iacv"], // an acronym
  ["comand plan", "/glossary/", "#glossary-command-plan"], // a typo
  ["call notes", "/selling/r7-co-selling/", "#r7-call-notes"], // an R7 row
  ["pitch deck", "/selling/r7-co-selling/", "#r7-pitch-deck"],
  ["next steps", "/selling/r7-co-selling/", "#r7-next-steps"],
  ["partner types", "/partners/partner-types/", "#the-partner-types"],
  ["reselle", "/partners/partner-types/", "#partner-types-reseller"], // a prefix
  ["solution provider", "/partners/partner-types/", "#partner-types-solution-provider"],
  ["select track", "/program/tracks/", "#select-track"],
  ["open track", "/program/tracks/", "#open-track"],
  ["quota credit", "/program/compensation/", "#quota-credit-and-payout"],
  ["FY21 commissions", "/program/compensation/", "#fy21-channel-neutral-commissions"],
  ["services attach rebate", "/program/services/", "#services-attach-rebate"],
  ["level up session", "/selling/tips/", "#watch-the-level-up-session"], // a multi-word query
  ["chanel manager", "/glossary/", "#glossary-channel-manager"], // a typo in a term
  ["$10k IACV", "/selling/r7-co-selling/", "#r7-command-plans"], // a dollar amount
  ["spiff", "/glossary/", "#glossary-spiff"],
];

test("a seller's queries: the first result and its anchor", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url("program/"));
  await page.keyboard.press("/");
  const wrong = [];
  for (const [query, want, anchor] of QUERIES) {
    await typeQuery(page, query);
    const got = await firstResult(page);
    if (got.page !== want || got.sub !== want + anchor) {
      wrong.push(`"${query}": ${got.page} ${got.sub}, want ${want}${anchor}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("results show excerpts with the words marked, and nothing but text and marks", { skip }, async () => {
  const { context, page } = await open(env.handbook.url(""));
  await page.locator("#site-search-input").focus();
  await typeQuery(page, "call notes");
  const marked = await page.locator(".search-popup .sr-sub").first().locator("mark").allTextContents();
  assert.ok(marked.map((m) => m.toLowerCase()).includes("call"), `marks: ${marked}`);
  const tags = await page.evaluate(() => Array.from(new Set(Array.from(
    document.querySelectorAll(".search-popup .sr-group *")).map((e) => e.tagName))).sort());
  assert.deepEqual(tags, ["A", "MARK", "SPAN"]);
  await context.close();
});

test("keyboard: / and Ctrl+K focus the box, arrows choose, Enter opens the heading, Esc closes", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url("overview/"));
  const box = page.locator("#site-search-input");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await page.locator("main").click();
  await page.keyboard.press("Control+k");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  // "/" typed into the box is text, not a shortcut.
  await box.pressSequentially("a/b");
  assert.equal(await box.inputValue(), "a/b");

  await typeQuery(page, "select track");
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  assert.equal(await box.getAttribute("role"), "combobox");
  await page.keyboard.press("ArrowDown");
  const first = await page.evaluate(() => document.activeElement.getAttribute("aria-activedescendant"));
  assert.equal(await page.locator("#" + first).getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowDown");
  const second = await page.evaluate(() => document.activeElement.getAttribute("aria-activedescendant"));
  assert.notEqual(first, second);
  assert.ok((await page.locator("#" + second).getAttribute("href")).endsWith("#select-track"));
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-activedescendant")), first);
  await page.keyboard.press("ArrowDown");

  // Esc closes the results and keeps the text; ArrowDown opens them again.
  await page.keyboard.press("Escape");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  assert.ok(await page.locator(".search-popup").isHidden());
  assert.equal(await box.inputValue(), "select track");
  await page.keyboard.press("ArrowDown");
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");

  // Enter opens the page at the heading, the query's words marked there.
  await Promise.all([page.waitForURL(/\/program\/tracks\//), page.keyboard.press("Enter")]);
  await page.waitForSelector("mark.search-hit");
  const url = new URL(page.url());
  assert.equal(url.hash, "#select-track");
  assert.equal(url.search, "", "the hl parameter is taken out of the address");
  const inHeading = await page.locator("#select-track mark.search-hit").allTextContents();
  assert.deepEqual(inHeading.map((t) => t.toLowerCase()).sort(), ["select", "track"]);
  // The heading is in view.
  const top = await page.evaluate(() => document.getElementById("select-track").getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 400, `heading at ${top}px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the results page can be linked, and filters by section and record type", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url("search/?q=comand+plan"));
  await page.waitForSelector(".search-page-results .sr-page");
  assert.equal(await page.locator("#search-page-input").inputValue(), "comand plan");
  assert.match(await page.locator(".search-page-status").textContent(), /pages? found for “comand plan”/);
  const pages = await page.locator(".search-page-results .sr-page").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(pages.includes("/selling/r7-co-selling/") && pages.includes("/glossary/"), pages.join(" "));

  // A section: only its pages, and the address says so.
  const selling = await page.locator("#search-page-section option").evaluateAll((os) =>
    os.filter((o) => o.textContent === "Selling with partners").map((o) => o.value)[0]);
  await page.selectOption("#search-page-section", selling);
  await page.waitForFunction(() => /section=/.test(location.search));
  await page.waitForFunction(() => document.querySelector(".search-page-results .sr-page"));
  const inSection = await page.locator(".search-page-results .sr-page").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(inSection.length > 0 && inSection.every((p) => p.startsWith("/selling/")), inSection.join(" "));

  // Records of one kind: R7 requirements only.
  await page.selectOption("#search-page-section", "");
  await page.selectOption("#search-page-kind", "r7.requirements");
  await page.waitForFunction(() => /kind=r7.requirements/.test(location.search));
  await page.waitForFunction(() => document.querySelector(".search-page-results .sr-sub"));
  const subs = await page.locator(".search-page-results .sr-sub").evaluateAll((as) => as.map((a) => new URL(a.href).hash));
  assert.ok(subs.length > 0 && subs.every((h) => h.startsWith("#r7-")), subs.join(" "));

  // The filtered address opens the same results.
  const linked = page.url();
  const again = await context.newPage();
  await again.goto(linked);
  await again.waitForSelector(".search-page-results .sr-sub");
  assert.equal(await again.locator("#search-page-kind").inputValue(), "r7.requirements");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the results page works with the header box on a phone", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url(""), { viewport: PHONE });
  await page.locator("#site-search-input").fill("iacv");
  await Promise.all([page.waitForURL(/\/search\/\?q=iacv/), page.locator("#site-search-input").press("Enter")]);
  await page.waitForSelector(".search-page-results .sr-page");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a site under a sub-path loads its index there and links under it", { skip }, async () => {
  const { context, page, errors } = await open(env.fixture.url(""));
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.locator("#site-search-input").focus();
  // Focus alone loads the script and opens the index, before anything is typed.
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/search/meta.json")));
  await typeQuery(page, "deeper heading");
  const got = await firstResult(page);
  assert.equal(got.page, "/docs/");
  assert.equal(got.sub, "/docs/#a-deeper-heading");
  const index = requests.filter((p) => p.includes("/search/"));
  assert.ok(index.length > 0 && index.every((p) => p.startsWith("/docs/search/")), index.join(" "));
  assert.ok(requests.includes("/docs/search.js"));
  await page.goto(env.fixture.url("search/?q=review"));
  await page.waitForSelector(".search-page-results .sr-page");
  const links = await page.locator(".search-page-results a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(links.every((p) => p.startsWith("/docs/")), links.join(" "));
  assert.deepEqual(errors, []);
  await context.close();
});

test("text that looks like markup stays text in results and on the page", { skip }, async () => {
  const context = await env.browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(hostile.url(""));
  await page.locator("#site-search-input").focus();
  await typeQuery(page, "onerror alert");
  await page.waitForFunction(() => document.querySelectorAll(".search-popup .sr-sub").length > 0);
  const html = await page.locator(".search-popup").innerHTML();
  assert.ok(!/<img|<script|<b>/i.test(html), html);
  const text = await page.locator(".search-popup").innerText();
  assert.ok(text.includes("<img src=x onerror=alert(1)>"), text);
  assert.ok(text.includes("<img src=z onerror=alert(5)> heading alert"), text);
  assert.equal(await page.locator(".search-popup img, .search-popup script").count(), 0);
  // Following the result marks words on the page without making markup either.
  await Promise.all([page.waitForURL(/danger/), page.locator(".search-popup .sr-page").first().click()]);
  await page.waitForSelector("mark.search-hit");
  await page.goto(hostile.url("search/?q=" + encodeURIComponent("<script>alert(2)</script> record")));
  await page.waitForSelector(".search-page-results .sr-page");
  assert.equal(await page.locator(".search-page-results img, .search-page-results script").count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate(() => window.xss), undefined);
  await context.close();
});

test("the search script stays within the JavaScript budget with the theme's own", () => {
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(REPO, "themes/default/static", f)), { level: 9 }).length;
  const total = gz("handbook.js") + gz("search.js");
  assert.ok(total <= 30 * 1024, `handbook.js + search.js = ${total} bytes gzipped`);
});

/** Builds a small site under /sub/path/ whose page titles and text look like markup. */
async function buildHostile() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "handbook-search-"));
  const root = path.join(tmp, "src");
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write("handbook.yaml", "title: Hostile\nbase_url: https://example.com/sub/path/\n");
  write("content/_index.md", "---\ntitle: Home\n---\n\nNothing here.\n");
  write("content/danger.md", [
    "---",
    'title: "<img src=x onerror=alert(1)> onerror alert"',
    'description: "<script>window.xss = 1</script> <b>bold</b> onerror"',
    "---",
    "",
    "Text with `<img src=y onerror=alert(3)>` and &lt;script&gt;alert(4)&lt;/script&gt; onerror alert.",
    "",
    "## &lt;img src=z onerror=alert(5)&gt; heading alert",
    "",
    '{{< record data="things.items" id="one" >}}',
    "",
  ].join("\n"));
  write("content/_data/things.yaml", 'items:\n  - id: one\n    name: "<script>alert(2)</script> record"\n    note: "<img src=q onerror=alert(6)>"\n');
  const bin = path.resolve(REPO, process.env.HANDBOOK_BIN || path.join("target", "debug", "handbook"));
  const out = path.join(tmp, "out");
  execFileSync(bin, ["build", "--root", root, "--output", out], { stdio: ["ignore", "pipe", "pipe"] });
  const server = await serve(out, "/sub/path/");
  return {
    url: server.url,
    async close() {
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
