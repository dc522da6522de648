// Per-page weight budgets (issue 4): at most 30 KB of JavaScript and 20 KB of CSS gzipped
// (highlight.css included), HTML under 40 KB gzipped, and no render-blocking script: every
// external script is `defer` or `async`; inline scripts in <head> stay tiny.
// Reads the built files, so it runs without a browser.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { test, before, after } = require("node:test");
const { buildSites, sitePages, reportAll } = require("./support.js");

const KB = 1024;
const BUDGET = { js: 30 * KB, css: 20 * KB, html: 40 * KB, inlineHeadScript: 1 * KB };
let sites;

before(() => { sites = buildSites(); });
after(() => { if (sites) sites.cleanup(); });

const gz = (data) => zlib.gzipSync(data, { level: 9 }).length;
const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[2] ?? m[3] ?? m[4]) : null;
};

/** The CSS and JS a page loads, resolved to files of the built site. */
function pageAssets(root, base, html) {
  const resolve = (href) => {
    if (/^[a-z]+:|^\/\//i.test(href)) throw new Error(`external asset ${href}`);
    const rel = href.split(/[?#]/)[0].replace(new RegExp("^" + base), "");
    return path.join(root, rel);
  };
  const css = [];
  const js = [];
  const blocking = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) || []) {
    if ((attr(tag, "rel") || "").split(/\s+/).includes("stylesheet")) css.push(resolve(attr(tag, "href")));
  }
  const head = html.slice(0, html.search(/<\/head>/i));
  const inline = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(m[0], "src");
    if (src) {
      js.push(resolve(src));
      if (!/\s(defer|async)\b/i.test(m[1]) && !/type\s*=\s*"?module/i.test(m[1]) && head.includes(m[0])) {
        blocking.push(src);
      }
    } else if (m[2].trim()) {
      inline.push({ body: m[2], inHead: head.includes(m[0]) });
    }
  }
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
  return { css, js, inline, styles, blocking };
}

function measure(root, base) {
  const cache = new Map();
  const fileGz = (file) => {
    if (!cache.has(file)) cache.set(file, gz(fs.readFileSync(file)));
    return cache.get(file);
  };
  const pages = sitePages(root).map((p) => path.join(root, p, "index.html"));
  pages.push(path.join(root, "404.html"));
  return pages.map((file) => {
    const html = fs.readFileSync(file, "utf8");
    const a = pageAssets(root, base, html);
    return {
      page: "/" + path.relative(root, file).split(path.sep).join("/"),
      html: gz(html),
      css: a.css.reduce((n, f) => n + fileGz(f), 0) + a.styles.reduce((n, s) => n + gz(s), 0),
      js: a.js.reduce((n, f) => n + fileGz(f), 0) + a.inline.reduce((n, s) => n + gz(s.body), 0),
      headScripts: a.inline.filter((s) => s.inHead).map((s) => Buffer.byteLength(s.body)),
      blocking: a.blocking,
    };
  });
}

function check(results) {
  const problems = [];
  for (const r of results) {
    if (r.js > BUDGET.js) problems.push(`${r.page}: JS ${r.js} B gzipped > ${BUDGET.js}`);
    if (r.css > BUDGET.css) problems.push(`${r.page}: CSS ${r.css} B gzipped > ${BUDGET.css}`);
    if (r.html > BUDGET.html) problems.push(`${r.page}: HTML ${r.html} B gzipped > ${BUDGET.html}`);
    for (const src of r.blocking) problems.push(`${r.page}: render-blocking script ${src}`);
    for (const n of r.headScripts) {
      if (n > BUDGET.inlineHeadScript) problems.push(`${r.page}: inline <head> script of ${n} B`);
    }
  }
  return problems;
}

test("every page of the bundled handbook is within the CSS, JS and HTML budgets", (t) => {
  const results = measure(sites.handbook, "/");
  t.diagnostic("page: html / css / js, bytes gzipped (level 9)");
  for (const r of results) t.diagnostic(`${r.page}: ${r.html} / ${r.css} / ${r.js}`);
  reportAll(check(results), "budget problems");
});

test("the fixture site (code blocks, base path /docs/) is within budget too", () => {
  reportAll(check(measure(sites.fixture, "/docs/")), "budget problems");
});
