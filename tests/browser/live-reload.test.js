// `handbook serve` in a real browser: an edit reloads the open page and keeps its scroll
// position; a broken build shows an overlay that goes away when the error is fixed.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const readline = require("node:readline");
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { REPO, browserSkip, launch } = require("./support.js");

const skip = browserSkip();
let server;
let browser;
let site;

function handbookBin() {
  return path.resolve(REPO, process.env.HANDBOOK_BIN || path.join("target", "debug", "handbook"));
}

before(async () => {
  if (skip) return;
  site = fs.mkdtempSync(path.join(os.tmpdir(), "handbook-serve-"));
  fs.cpSync(path.join(REPO, "content"), path.join(site, "content"), { recursive: true });
  fs.copyFileSync(path.join(REPO, "handbook.yaml"), path.join(site, "handbook.yaml"));
  const child = spawn(handbookBin(), ["serve", "--root", site, "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const lines = readline.createInterface({ input: child.stderr });
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve did not start")), 30000);
    lines.on("line", (line) => {
      const m = line.match(/(http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  server = { child, origin };
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.child.kill();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

test("an edit reloads the page and keeps the scroll position", { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(`${server.origin}/selling/r7-co-selling/`);
  await page.waitForFunction(() => document.scrollingElement.scrollHeight > 1500);
  await page.evaluate(() => window.scrollTo(0, 700));
  await page.waitForTimeout(200);
  const file = path.join(site, "content", "selling", "r7-co-selling.md");
  const reloaded = page.waitForNavigation({ timeout: 15000 });
  fs.appendFileSync(file, "\nA line the browser should see after reloading.\n");
  await reloaded;
  await page.waitForFunction(() => document.body.textContent.includes("A line the browser should see"));
  await page.waitForFunction(() => Math.abs(window.scrollY - 700) <= 2, null, { timeout: 5000 });
  await page.close();
});

test("a broken build shows an overlay until it is fixed", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/program/tracks/`);
  const file = path.join(site, "content", "program", "tracks.md");
  const good = fs.readFileSync(file, "utf8");
  await page.waitForTimeout(300); // the live-reload socket connects
  fs.writeFileSync(file, good + "\nSee [this](no-such-page.md).\n");
  const overlay = await page.waitForSelector("#handbook-error-overlay", { timeout: 15000 });
  const text = await overlay.textContent();
  assert.match(text, /content\/program\/tracks\.md:\d+:\d+/);
  assert.match(text, /no-such-page\.md/);
  const reloaded = page.waitForNavigation({ timeout: 15000 });
  fs.writeFileSync(file, good + "\nFixed now.\n");
  await reloaded;
  await page.waitForFunction(() => document.body.textContent.includes("Fixed now."));
  assert.equal(await page.$("#handbook-error-overlay"), null);
  await page.close();
});
