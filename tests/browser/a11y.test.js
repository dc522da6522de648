// axe-core (from npm, injected into the page) finds no violations on the home page, a
// section, the R7 page, the glossary and the 404 page, in light and in dark mode, on a
// desktop and on a phone, and on the fixture page with code blocks and every callout.
"use strict";

const path = require("node:path");
const { test, before, after } = require("node:test");
const { setUp, browserSkip, reportAll, REPO, PHONE, DESKTOP } = require("./support.js");

const skip = browserSkip();
const AXE = path.join(REPO, "node_modules", "axe-core", "axe.min.js");
let env;

before(async () => { if (!skip) env = await setUp(); });
after(async () => { if (env) await env.tearDown(); });

function pages() {
  return [
    ["home", env.handbook.url("")],
    ["section", env.handbook.url("program/")],
    ["R7", env.handbook.url("selling/r7-co-selling/")],
    ["glossary", env.handbook.url("glossary/")],
    ["404", env.handbook.url("no/such/page/")],
    ["fixture", env.fixture.url("")],
  ];
}

async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help} — ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(" ") + (n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, " ").slice(0, 160)}]` : "")).join("; "));
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`axe: no violations in ${colorScheme} mode`, { skip }, async () => {
    const problems = [];
    for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
      const context = await env.browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      for (const [name, url] of pages()) {
        await page.goto(url);
        for (const v of await axeViolations(page)) problems.push(`${name} ${size}: ${v}`);
      }
      // The toggle's choice, not only the system's: the other theme picked by hand.
      await page.goto(env.handbook.url("selling/r7-co-selling/"));
      await page.locator(".theme-toggle").click();
      for (const v of await axeViolations(page)) problems.push(`R7 ${size} toggled from ${colorScheme}: ${v}`);
      await page.locator(".theme-toggle").click();
      await context.close();
    }
    reportAll(problems, "accessibility violations");
  });
}

test("axe: no violations with the menu, TOC, tooltip and filter in use on a phone", { skip }, async () => {
  const problems = [];
  const context = await env.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(env.handbook.url("selling/r7-co-selling/"));
  await page.locator(".menu-button").click();
  await page.locator(".toc-toggle").click();
  await page.getByLabel("Filter rows").first().fill("partner");
  await page.locator("abbr.gloss").first().focus();
  for (const v of await axeViolations(page)) problems.push(v);
  await context.close();
  reportAll(problems, "accessibility violations");
});
