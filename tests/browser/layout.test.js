// The page itself never scrolls sideways on a phone, nothing moves while a page loads, and
// screenshots of the home and the R7 page are written to tests/artifacts/ for people to look at.
"use strict";

const path = require("node:path");
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { setUp, browserSkip, sitePages, reportAll, ARTIFACTS, PHONE, DESKTOP } = require("./support.js");

const skip = browserSkip();
let env;

before(async () => { if (!skip) env = await setUp(); });
after(async () => { if (env) await env.tearDown(); });

/** Every built page of both sites, plus a missing address (the 404 page). */
function everyPage() {
  return [
    ...sitePages(env.sites.handbook).map((p) => env.handbook.url(p)),
    env.handbook.url("no/such/page/"),
    ...sitePages(env.sites.fixture).map((p) => env.fixture.url(p)),
  ];
}

for (const [name, viewport] of [["390x844", PHONE], ["320x640", { width: 320, height: 640 }]]) {
  test(`at ${name} no page scrolls horizontally`, { skip }, async () => {
    for (const colorScheme of ["light"]) {
      const context = await env.browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      const problems = [];
      const urls = everyPage();
      assert.ok(urls.length >= 15, `found ${urls.length} pages`);
      for (const url of urls) {
        await page.goto(url);
        const [scrollWidth, width] = await page.evaluate(() =>
          [document.documentElement.scrollWidth, window.innerWidth]);
        if (scrollWidth !== width) problems.push(`${url}: document ${scrollWidth}px wide, viewport ${width}px`);
        // With the menu and the TOC open too.
        await page.evaluate(() => {
          document.querySelector(".menu-button").click();
          const toc = document.querySelector(".toc-toggle");
          if (toc) toc.click();
        });
        const open = await page.evaluate(() => document.documentElement.scrollWidth);
        if (open !== width) problems.push(`${url} (menu open): document ${open}px wide`);
      }
      reportAll(problems, "pages scroll horizontally");
      await context.close();
    }
  });
}

test("no layout shift while the home and the R7 page load", { skip }, async () => {
  const problems = [];
  for (const viewport of [DESKTOP, PHONE]) {
    for (const url of [env.handbook.url(""), env.handbook.url("selling/r7-co-selling/"), env.fixture.url("")]) {
      const context = await env.browser.newContext({ viewport });
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__shift = 0;
        window.__shifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.hadRecentInput) continue;
            window.__shift += entry.value;
            window.__shifts.push(entry.sources.map((s) => s.node && s.node.outerHTML
              ? s.node.outerHTML.slice(0, 60) : String(s.node)).join(" | "));
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(300);
      const [shift, sources] = await page.evaluate(() => [window.__shift, window.__shifts]);
      // A visible shift scores 0.01 and more; CI once saw 0.0001 on the menu button (a
      // sub-pixel move while a loaded machine resolved fonts), which no reader sees.
      if (shift >= 0.001) problems.push(`${url} at ${viewport.width}px: shift ${shift.toFixed(4)} from ${sources.join("; ")}`);
      await context.close();
    }
  }
  reportAll(problems, "pages shift while loading");
});

test("screenshots of the home and the R7 page, desktop and phone", { skip }, async () => {
  const shots = [
    ["home", env.handbook.url("")],
    ["r7", env.handbook.url("selling/r7-co-selling/")],
  ];
  for (const [name, url] of shots) {
    for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
      for (const colorScheme of ["light", "dark"]) {
        const context = await env.browser.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        await page.goto(url);
        const file = path.join(ARTIFACTS, `${name}-${size}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await context.close();
      }
    }
  }
});
