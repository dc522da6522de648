// The shipped scripts (themes/default/static/search.js and handbook.js) are what
// themes/default/js/build.js makes of their sources now: rebuilt in memory and compared
// byte for byte. esbuild comes from `npm ci`: without it the test is skipped with the
// reason, or fails under CI.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLES, bundleText, shippedPath } from "../../themes/default/js/build.js";
import { functions, parse, regexFlags } from "./js-source.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const inCI = ["", "0", "false"].indexOf(process.env.CI || "") < 0;

let esbuild = null;
try { esbuild = await import("esbuild"); } catch { /* reported below */ }
const skip = !esbuild && !inCI && "esbuild is missing (npm ci)";

for (const bundle of BUNDLES) {
  test(`${shippedPath(bundle)} is its sources, bundled and minified`, { skip }, async () => {
    assert.ok(esbuild, "esbuild is missing (npm ci), needed under CI");
    const want = await bundleText(esbuild, bundle);
    const have = fs.readFileSync(path.join(repo, shippedPath(bundle)), "utf8");
    assert.ok(have === want, `${shippedPath(bundle)} is stale: run \`npm run build:js\``);
  });
}

test("the shipped search script keeps the sources' Unicode regular expressions", () => {
  const shipped = fs.readFileSync(path.join(repo, "themes/default/static/search.js"), "utf8");
  const sources = fs.readdirSync(path.join(repo, "themes/default/js/search"))
    .map((f) => fs.readFileSync(path.join(repo, "themes/default/js/search", f), "utf8"));
  const unicode = (text, module) => regexFlags(parse(text, module)).filter((f) => f.includes("u")).length;
  const inSources = sources.reduce((n, text) => n + unicode(text, true), 0);
  assert.ok(inSources > 0);
  assert.equal(unicode(shipped, false), inSources);
  // And it parses as the JavaScript its target allows.
  assert.ok(functions(parse(shipped, false)).length > 0);
});
