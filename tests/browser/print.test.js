// "Print this section": the print view gathers every page of the section onto one page,
// in navigation order, with ids kept unique and in-page links still working.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { setUp, browserSkip } = require("./support.js");

const skip = browserSkip();
let env;

before(async () => { if (!skip) env = await setUp(); });
after(async () => { if (env) await env.tearDown(); });

test("a section's print view assembles its pages in navigation order", { skip }, async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(env.handbook.url("program/"));
  const href = await page.getAttribute(".print-link a", "href");
  assert.ok(href.endsWith("/program/print/"), href);
  await page.goto(env.handbook.url("program/print/"));
  await page.waitForSelector("[data-print-section][data-ready]", { timeout: 15000 });
  const parts = await page.$$eval(".print-page > h2", (hs) => hs.map((h) => h.textContent));
  const listed = await page.$$eval(".print-list a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(parts, listed, "every listed page is on the print page, in order");
  assert.ok(parts.length >= 4, parts.join(", "));
  // The R7-free program section still carries data tables (tracks) and headings.
  const ids = await page.$$eval("[id]", (els) => els.map((e) => e.id));
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(dupes, [], "ids stay unique");
  assert.ok(await page.isVisible(".print-now"), "the Print button appears when ready");
  // Links in the list jump to the gathered pages.
  const first = await page.getAttribute(".print-list a", "href");
  assert.match(first, /^#p0-page$/);
  await context.close();
});
