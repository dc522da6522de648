#!/usr/bin/env node
// Answers queries from a built site's index with the client's own code (the sources of
// the script the browser loads), for tests and for trying queries out:
//   node tests/js/search-cli.mjs public "deal reg" "comand plan"
// Prints, per query, the ranked pages with their best sub-results, as JSON lines when
// --json is given.
import fs from "node:fs";
import path from "node:path";
import * as search from "../../themes/default/js/search/api.js";

async function main() {
  const args = process.argv.slice(2);
  const asJson = args[0] === "--json" ? Boolean(args.shift()) : false;
  const site = args.shift();
  if (!site || !args.length) {
    console.error("usage: search-cli.mjs [--json] <built site> <query>...");
    process.exit(2);
  }
  const dir = path.join(site, "search");
  const index = await search.Index.open((p) => fs.promises.readFile(path.join(dir, p), "utf8"));
  for (const query of args) {
    const result = await index.search(query);
    const top = result.pages.slice(0, 5);
    const shown = [];
    for (const p of top) {
      const fragment = await index.fragment(p.page);
      const d = search.describe(result, p, fragment, "/");
      const text = (segs) => segs.map((s) => (s[1] ? `[${s[0]}]` : s[0])).join("");
      shown.push({
        url: d.url,
        title: text(d.title),
        path: d.path,
        excerpt: text(d.excerpt),
        subs: d.subs.map((s) => ({ url: s.url, title: text(s.title), excerpt: text(s.excerpt) })),
      });
    }
    if (asJson) {
      console.log(JSON.stringify({ query, total: result.pages.length, results: shown }));
      continue;
    }
    console.log(`\n${query}  (${result.pages.length} pages)`);
    for (const r of shown) {
      console.log(`  ${r.title}  <${r.url}>  ${r.path}`);
      console.log(`      ${r.excerpt}`);
      for (const s of r.subs) console.log(`    > ${s.title}  <${s.url}>\n        ${s.excerpt}`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
