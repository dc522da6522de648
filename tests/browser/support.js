// Shared set-up for the browser tests: build the sites with the handbook binary, serve them
// over HTTP on 127.0.0.1, and launch the system's Chromium (never a downloaded one).
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..");
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARTIFACTS = path.join(REPO, "tests", "artifacts");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** Whether the browser tests can run; without Chromium they skip, or fail under CI. */
function browserSkip() {
  if (fs.existsSync(CHROMIUM)) return false;
  const reason = `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (process.env.CI) {
    throw new Error(`browser tests cannot run under CI: ${reason}`);
  }
  console.log(`skipping browser tests: ${reason}`);
  return reason;
}

function handbookBin() {
  const bin = process.env.HANDBOOK_BIN || path.join("target", "debug", "handbook");
  return path.resolve(REPO, bin);
}

function runBuild(root, output) {
  execFileSync(handbookBin(), ["build", "--root", root, "--output", output], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Builds the bundled handbook (served at /) and the theme fixture (a small site served at
 * /docs/ with code blocks, every callout and an old review date) into a temporary folder.
 */
function buildSites() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "handbook-browser-"));
  const handbook = path.join(tmp, "handbook");
  runBuild(REPO, handbook);
  // The fixture uses this checkout's theme, not the copy built into the binary.
  const fixtureRoot = path.join(tmp, "fixture-src");
  fs.cpSync(path.join(__dirname, "fixture"), fixtureRoot, { recursive: true });
  fs.cpSync(path.join(REPO, "themes", "default"), path.join(fixtureRoot, "themes", "default"), {
    recursive: true,
  });
  const fixture = path.join(tmp, "fixture");
  runBuild(fixtureRoot, fixture);
  return {
    tmp,
    handbook,
    fixture,
    cleanup() { fs.rmSync(tmp, { recursive: true, force: true }); },
  };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * A static server with pretty URLs: `${base}a/b/` serves dir/a/b/index.html, anything
 * missing gets dir/404.html with status 404. Resolves to { url, close }.
 */
function serve(dir, base = "/") {
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const send = (file, status) => {
      res.writeHead(status, {
        "content-type": TYPES[path.extname(file)] || "application/octet-stream",
        "cache-control": "no-store",
      });
      fs.createReadStream(file).pipe(res);
    };
    const notFound = () => {
      const page = path.join(dir, "404.html");
      if (fs.existsSync(page)) send(page, 404);
      else res.writeHead(404).end("not found");
    };
    if (!pathname.startsWith(base)) return notFound();
    const rel = pathname.slice(base.length);
    const file = path.resolve(dir, rel);
    if (file !== dir && !file.startsWith(dir + path.sep)) return notFound();
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { location: pathname + "/" }).end();
        return;
      }
      const index = path.join(file, "index.html");
      stat = fs.statSync(index, { throwIfNoEntry: false });
      if (stat && stat.isFile()) return send(index, 200);
      return notFound();
    }
    if (stat && stat.isFile()) return send(file, 200);
    return notFound();
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        url: (p = "") => `http://127.0.0.1:${port}${base}${p.replace(/^\//, "")}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Site paths (relative to the base, e.g. "selling/r7-co-selling/") of every built page. */
function sitePages(dir) {
  const pages = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "index.html") {
        const rel = path.relative(dir, d).split(path.sep).join("/");
        // Skip alias pages: they only redirect.
        if (!fs.readFileSync(full, "utf8").includes('http-equiv="refresh"')) {
          pages.push(rel ? rel + "/" : "");
        }
      }
    }
  };
  walk(dir);
  return pages.sort();
}

async function launch() {
  const { chromium } = require("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Everything a browser test file needs, started once per file. */
async function setUp() {
  const sites = buildSites();
  const handbook = await serve(sites.handbook, "/");
  const fixture = await serve(sites.fixture, "/docs/");
  const browser = await launch();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    sites,
    handbook,
    fixture,
    browser,
    async tearDown() {
      await browser.close();
      await handbook.close();
      await fixture.close();
      sites.cleanup();
    },
  };
}

/** Fails a test with every message collected, so one run shows all problems. */
function reportAll(problems, what) {
  if (problems.length) {
    throw new Error(`${problems.length} ${what}:\n  ` + problems.join("\n  "));
  }
}

module.exports = {
  REPO,
  ARTIFACTS,
  PHONE,
  DESKTOP,
  browserSkip,
  buildSites,
  serve,
  sitePages,
  launch,
  setUp,
  reportAll,
};
