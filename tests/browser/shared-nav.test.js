// A site whose navigation's top level is shared (`shared_nav_from`, one cached script every
// page calls while it is parsed) shows the reader the same navigation as when every page
// holds it whole: the theme fixture built both ways, every page compared in Chromium once
// the page's script has run, and a section opened by its toggle in the shared one.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { browserSkip, serve, sitePages, launch, reportAll, REPO } = require("./support.js");

const skip = browserSkip();
let env;

/** The theme fixture with `extra` appended to its config, built into `name` under `tmp`. */
function buildFixture(tmp, name, extra) {
  const root = path.join(tmp, `${name}-src`);
  fs.cpSync(path.join(__dirname, "fixture"), root, { recursive: true });
  fs.cpSync(path.join(REPO, "themes", "default"), path.join(root, "themes", "default"), { recursive: true });
  fs.appendFileSync(path.join(root, "handbook.yaml"), extra);
  // Top-level sections around the fixture's own, so that a page's entry has shared ones
  // on both sides.
  for (let s = 0; s < 6; s++) {
    const dir = path.join(root, "content", `area-${s}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "_index.md"), `---\ntitle: Area ${s} <&>\nweight: ${s * 10}\n---\n\nText.\n`);
    for (let p = 0; p < 2; p++) {
      fs.writeFileSync(path.join(dir, `page-${p}.md`), `---\ntitle: Page ${s}.${p}\n---\n\nBody.\n`);
    }
  }
  const out = path.join(tmp, name);
  const bin = path.resolve(REPO, process.env.HANDBOOK_BIN || path.join("target", "debug", "handbook"));
  execFileSync(bin, ["build", "--root", root, "--output", out], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  return out;
}

before(async () => {
  if (skip) return;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "handbook-shared-nav-"));
  const shared = buildFixture(tmp, "shared", "shared_nav_from: 1\n");
  const whole = buildFixture(tmp, "whole", "shared_nav_from: 0\n");
  env = {
    tmp,
    shared: await serve(shared, "/docs/"),
    whole: await serve(whole, "/docs/"),
    pages: sitePages(whole),
    browser: await launch(),
  };
  assert.ok(fs.existsSync(path.join(shared, "nav-top.js")), "the shared build writes nav-top.js");
});

after(async () => {
  if (!env) return;
  await env.browser.close();
  await env.shared.close();
  await env.whole.close();
  fs.rmSync(env.tmp, { recursive: true, force: true });
});

/** The navigation as the reader's browser holds it, the calls to the shared script aside. */
async function navOf(page, url) {
  await page.goto(url);
  return page.evaluate(() =>
    document.getElementById("site-nav").innerHTML.replace(/<script>[^<]*<\/script>/g, ""));
}

test("a shared top level shows the same navigation on every page", { skip }, async () => {
  const page = await env.browser.newPage();
  const problems = [];
  assert.ok(env.pages.length >= 15, `found ${env.pages.length} pages`);
  for (const p of [...env.pages, "no/such/page/"]) {
    const shared = await navOf(page, env.shared.url(p));
    const whole = await navOf(page, env.whole.url(p));
    if (shared !== whole) problems.push(`/${p}: ${shared.length} characters shared, ${whole.length} whole`);
    if (!shared.includes("nav-toggle")) problems.push(`/${p}: no toggles`);
  }
  reportAll(problems, "pages whose navigation differs");
  await page.close();
});

test("a section the shared script wrote opens with its toggle", { skip }, async () => {
  const page = await env.browser.newPage();
  await page.goto(env.shared.url(""));
  const closed = page.locator("#site-nav li.sec > .nav-toggle[aria-expanded=false]").first();
  assert.ok(await closed.count(), "a closed section at the top");
  const url = await closed.locator("xpath=..").getAttribute("data-section");
  await closed.click();
  const opened = page.locator(`#site-nav li[data-section="${url}"]`);
  await opened.locator(":scope > ul > li").first().waitFor();
  assert.equal(await opened.locator(":scope > .nav-toggle").getAttribute("aria-expanded"), "true");
  await page.close();
});
