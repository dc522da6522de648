// What a reader does: keyboard use of navigation and "On this page", the theme toggle,
// copy buttons, glossary tooltips, data tables, the review notice, and the page without JS.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { setUp, browserSkip, PHONE, DESKTOP } = require("./support.js");

const skip = browserSkip();
const R7 = "selling/r7-co-selling/";
let env;

before(async () => { if (!skip) env = await setUp(); });
after(async () => { if (env) await env.tearDown(); });

async function open(url, options = {}) {
  const context = await env.browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  return { context, page, errors };
}

/** Presses Tab until `predicate(document.activeElement)` holds, at most `limit` times. */
async function tabTo(page, predicate, arg, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(predicate, arg)) return;
  }
  throw new Error("never reached by Tab: " + predicate.toString());
}

test("skip link, navigation tree and section state work by keyboard", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url(R7));
  // The skip link comes first and moves focus to the main content.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  assert.ok(await page.locator(".skip-link").isVisible(), "skip link visible when focused");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");

  // The current page is open and marked in the tree.
  const current = page.locator('#site-nav a[aria-current="page"]');
  assert.equal(await current.getAttribute("href"), "/selling/r7-co-selling/");
  const selling = page.locator('#site-nav [data-section="/selling/"] > .nav-toggle');
  assert.equal(await selling.getAttribute("aria-expanded"), "true");

  // Expand "Program" with the keyboard; its pages appear and can be reached with Tab.
  await page.locator(".skip-link").focus();
  await tabTo(page, () => {
    const b = document.activeElement;
    return b.matches(".nav-toggle") && b.closest("[data-section]").dataset.section === "/program/";
  });
  const program = page.locator('#site-nav [data-section="/program/"]');
  const toggle = program.locator("> .nav-toggle");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await toggle.evaluate((b) => b.textContent.trim()), "Pages in Program");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    document.querySelector('#site-nav [data-section="/program/"] > ul'));
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")),
    "/program/tracks/");

  // The state is kept when moving to another page (sessionStorage).
  await page.goto(env.handbook.url("glossary/"));
  await page.waitForFunction(() =>
    document.querySelector('#site-nav [data-section="/program/"] > ul'));
  assert.equal(await page.locator('#site-nav [data-section="/program/"] .nav-toggle').first()
    .getAttribute("aria-expanded"), "true");
  // ...and collapsing is remembered too.
  await page.locator('#site-nav [data-section="/program/"] > .nav-toggle').focus();
  await page.keyboard.press("Space");
  assert.equal(await page.locator('#site-nav [data-section="/program/"] > ul').isVisible(), false);
  await page.reload();
  assert.equal(await page.locator('#site-nav [data-section="/program/"] > ul').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("'On this page' works by keyboard and highlights the section in view", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url(R7));
  const toc = page.locator("nav.toc");
  assert.equal(await toc.getAttribute("aria-labelledby"), "toc-title");
  await tabTo(page, () => document.activeElement.closest("nav.toc") &&
    document.activeElement.getAttribute("href") === "#who-does-what");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash === "#who-does-what");
  // The heading is below the sticky header, not under it.
  const gap = await page.evaluate(() =>
    document.getElementById("who-does-what").getBoundingClientRect().top -
    document.querySelector(".site-header").getBoundingClientRect().bottom);
  assert.ok(gap >= 0, `heading hidden ${-gap}px under the header`);
  await page.waitForFunction(() => {
    const a = document.querySelector('nav.toc a[aria-current="location"]');
    return a && a.getAttribute("href") === "#who-does-what";
  });
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard focus is never hidden under the sticky header", { skip }, async () => {
  const { context, page } = await open(env.handbook.url(R7));
  // Scroll down so that Tab order has to bring elements up from under the header.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.locator(".site-footer a").focus().catch(() => {});
  const hidden = [];
  for (let i = 0; i < 70; i++) {
    await page.keyboard.press("Shift+Tab");
    const r = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body || el.closest(".site-header")) return null;
      // Focus is hidden when what is drawn at the element's visible centre is something else.
      const box = el.getBoundingClientRect();
      const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(box.top + Math.min(box.height, 20) / 2, 0), innerHeight - 1);
      const seen = document.elementFromPoint(x, y);
      return seen && (el.contains(seen) || seen.contains(el)) ? null : el.outerHTML.slice(0, 80);
    });
    if (r) hidden.push(r);
  }
  assert.deepEqual(hidden, []);
  await context.close();
});

test("narrow screens: the menu button opens the navigation, the TOC folds", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url(R7), { viewport: PHONE });
  const menu = page.locator(".menu-button");
  const nav = page.locator("#site-nav");
  assert.ok(await menu.isVisible());
  assert.equal(await nav.isVisible(), false);
  await menu.focus();
  await page.keyboard.press("Enter");
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  assert.ok(await nav.isVisible());
  // Focus moves into the navigation, to the current page.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-current")), "page");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => !!document.activeElement.closest("#site-nav")));
  await page.keyboard.press("Escape");
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  assert.equal(await nav.isVisible(), false);
  assert.ok(await page.evaluate(() => document.activeElement.matches(".menu-button")));

  // The TOC sits above the content, folded.
  const tocButton = page.locator(".toc-toggle");
  const list = page.locator(".toc-list");
  assert.equal(await tocButton.getAttribute("aria-expanded"), "false");
  assert.equal(await list.isVisible(), false);
  const tocTop = await page.locator("nav.toc").evaluate((e) => e.getBoundingClientRect().top);
  const bodyTop = await page.locator(".page-body").evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(tocTop < bodyTop, "TOC above the content");
  await tocButton.focus();
  await page.keyboard.press("Enter");
  assert.equal(await tocButton.getAttribute("aria-expanded"), "true");
  assert.ok(await list.isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test("the theme toggle says its state and is remembered across reloads", { skip }, async () => {
  for (const system of ["light", "dark"]) {
    const { context, page, errors } = await open(env.handbook.url(""), { colorScheme: system });
    const toggle = page.locator(".theme-toggle");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const systemBackground = await background();
    assert.equal(await toggle.getAttribute("aria-pressed"), String(system === "dark"));
    assert.equal(await toggle.evaluate((b) => b.textContent.trim()), "Dark theme");
    await toggle.click();
    const other = system === "dark" ? "light" : "dark";
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), other);
    assert.equal(await toggle.getAttribute("aria-pressed"), String(other === "dark"));
    assert.notEqual(await background(), systemBackground);
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), other);
    assert.equal(await toggle.getAttribute("aria-pressed"), String(other === "dark"));
    assert.notEqual(await background(), systemBackground);
    // Another page of the site too.
    await page.goto(env.handbook.url(R7));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), other);
    // Toggling back follows the system again.
    await page.locator(".theme-toggle").click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
    assert.equal(await page.evaluate(() => localStorage.getItem("handbook-theme")), null);
    assert.equal(await background(), systemBackground);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("copy buttons on code blocks and copy-link on headings", { skip }, async () => {
  const { context, page, errors } = await open(env.fixture.url(""), {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const blocks = await page.locator("pre.code").count();
  assert.ok(blocks >= 2);
  assert.equal(await page.locator(".code-block > pre.code + button.copy-code").count(), blocks);
  const button = page.locator(".copy-code").first();
  assert.equal(await button.getAttribute("aria-label"), "Copy code");
  await button.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("live-status").textContent === "Code copied");
  assert.ok(await page.locator("#live-status").isVisible());
  const code = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(code, /^\/\/ A comment that explains why, not what\.\nfn main\(\) \{/);
  assert.equal(await button.textContent(), "Copied");

  // Every heading in the body has a link that copies its address.
  const headings = await page.locator(".page-body :is(h2, h3, h4)").count();
  assert.equal(await page.locator(".page-body :is(h2, h3, h4) > a.anchor").count(), headings);
  await page.locator("#callouts > a.anchor").click();
  await page.waitForFunction(() => document.getElementById("live-status").textContent === "Link copied");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
    env.fixture.url("#callouts"));
  assert.equal(await page.evaluate(() => location.hash), "#callouts");

  // Bundled handbook pages have heading links on every heading too.
  await page.goto(env.handbook.url(R7));
  assert.equal(await page.locator(".page-body h2:not(:has(> a.anchor))").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("glossary tooltips: hover, focus, hoverable, Escape (WCAG 1.4.13)", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url(R7));
  const term = page.locator("abbr.gloss", { hasText: "IACV" }).first();
  const tip = page.locator(".gloss-tip");
  // The native tooltip does not double up, the expansion is still the term's description.
  assert.equal(await term.getAttribute("title"), null);
  assert.equal(await term.getAttribute("data-expansion"), "Incremental annual contract value");
  const described = await term.evaluate((t) =>
    document.getElementById(t.getAttribute("aria-describedby")).textContent);
  assert.equal(described, "Incremental annual contract value");

  await term.focus();
  assert.ok(await tip.isVisible(), "shown on focus");
  assert.equal(await tip.textContent(), "Incremental annual contract value");
  await page.keyboard.press("Escape");
  assert.equal(await tip.isVisible(), false, "Escape dismisses");
  await page.evaluate(() => document.activeElement.blur());

  await term.hover();
  assert.ok(await tip.isVisible(), "shown on hover");
  const box = await tip.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.waitForTimeout(500);
  assert.ok(await tip.isVisible(), "stays while the pointer is on it");
  await page.mouse.move(5, 700);
  await page.waitForTimeout(500);
  assert.equal(await tip.isVisible(), false, "hides when the pointer leaves");
  assert.deepEqual(errors, []);
  await context.close();
});

test("data tables sort and filter on wide screens, reflow into cards on phones", { skip }, async () => {
  const { context, page, errors } = await open(env.handbook.url(R7));
  const table = page.locator('table[data-set="r7.requirements"]');
  const firstColumn = () => table.locator("tbody tr").evaluateAll((rows) =>
    rows.filter((r) => !r.hidden).map((r) => r.cells[0].firstChild.textContent.trim()));
  const original = await firstColumn();
  const sort = table.locator("th").first().locator("button.sort-button");
  assert.equal(await sort.textContent(), "Required component");
  await sort.focus();
  await page.keyboard.press("Enter");
  assert.equal(await table.locator("th").first().getAttribute("aria-sort"), "ascending");
  const ascending = await firstColumn();
  assert.deepEqual(ascending, [...original].sort((a, b) => a.localeCompare(b)));
  await page.keyboard.press("Enter");
  assert.equal(await table.locator("th").first().getAttribute("aria-sort"), "descending");
  assert.deepEqual(await firstColumn(), [...ascending].reverse());

  const filter = page.getByLabel("Filter rows").first();
  await filter.fill("pitch deck");
  assert.deepEqual(await firstColumn(),
    ["Custom pitch deck for every opp over $5k amount (SMB) or $10k amount (Mid-Market)"]);
  assert.match(await page.locator(".table-tools output").first().textContent(), /^1 of 7 rows/);
  await filter.fill("");
  assert.equal((await firstColumn()).length, 7);
  // Small tables get sorting but no filter.
  assert.equal(await page.locator('table[data-set="r7.thresholds"]').locator("xpath=..")
    .locator(".table-tools").count(), 0);

  // Phone: each row is a card labelled from data-label, no JS needed for that.
  await page.setViewportSize(PHONE);
  const cell = table.locator("tbody tr").first().locator("td").nth(1);
  assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), "block");
  assert.equal(await cell.evaluate((td) => getComputedStyle(td, "::before").content),
    '"What it requires"');
  assert.deepEqual(errors, []);
  await context.close();
});

test("a wide Markdown table scrolls in its own box, which keyboard users can focus", { skip }, async () => {
  const { context, page } = await open(env.fixture.url(""), { viewport: PHONE });
  const wrap = page.locator("#a-wide-table ~ .table-wrap").first();
  assert.equal(await wrap.getAttribute("tabindex"), "0");
  assert.equal(await wrap.getAttribute("role"), "region");
  assert.equal(await wrap.getAttribute("aria-label"), "Table: A wide table, scrolls sideways");
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.equal(widths[0], widths[1]);
  await context.close();
});

test("the review notice shows only when the review is over 12 months old", { skip }, async () => {
  // The bundled pages were reviewed 2026-11-01; the reader's clock decides.
  for (const [now, shown] of [["2027-10-31T12:00:00", false], ["2027-11-02T12:00:00", true]]) {
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(now));
    await page.goto(env.handbook.url(R7));
    const notice = page.locator(".review-notice");
    assert.equal(await notice.isVisible(), shown, `notice at ${now}`);
    if (shown) {
      assert.equal(await notice.textContent().then((t) => t.replace(/\s+/g, " ").trim()),
        "This page was last reviewed on 1 November 2026. It may be out of date; " +
        "contact Channel Programs team if something here does not match what you know.");
    }
    await context.close();
  }
  const { context, page } = await open(env.fixture.url(""));
  assert.ok(await page.locator(".review-notice").isVisible(), "reviewed in 2020");
  await page.goto(env.fixture.url("guide/first/"));
  assert.equal(await page.locator(".review-notice").isVisible(), false, "reviewed in 2099");
  // Page facts and the edit link.
  assert.equal(await page.locator(".page-facts .edit-link").getAttribute("href"),
    "https://github.com/example/fixture/edit/main/content/guide/first.md");
  await context.close();
});

test("without JavaScript the pages are complete and readable", { skip }, async () => {
  const { context, page } = await open(env.handbook.url(R7),
    { viewport: PHONE, javaScriptEnabled: false });
  assert.ok(await page.locator("#site-nav").isVisible(), "navigation shown");
  assert.ok(await page.locator(".toc-list").isVisible(), "TOC shown");
  assert.equal(await page.locator(".menu-button").isVisible(), false);
  assert.equal(await page.locator("abbr.gloss[title]").count() > 0, true);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.equal(widths[0], widths[1]);
  await context.close();
});

test("print: no navigation or controls, external link addresses shown", { skip }, async () => {
  const { context, page } = await open(env.fixture.url(""));
  await page.emulateMedia({ media: "print" });
  for (const selector of [".site-header", "#site-nav", "nav.toc", ".prev-next", ".copy-code", ".site-footer"]) {
    assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} printed`);
  }
  const after = await page.locator('.page-body a[href="https://example.com/"]')
    .evaluate((a) => getComputedStyle(a, "::after").content);
  assert.equal(after, '" (https://example.com/)"');
  assert.ok(await page.locator(".page-body").isVisible());
  await context.close();
});
