// Bundles and minifies the theme's scripts into static/, where the build embeds them:
//   node themes/default/js/build.js      (npm run build:js)
// The bundles are checked in; tests/js/bundle.test.mjs fails when one is not what this
// makes of the sources. esbuild's version is pinned in package-lock.json, so the bytes
// are the same on every machine.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Each shipped script: its entry module, the file it becomes, the JavaScript it may use. */
export const BUNDLES = [
  { entry: "search/main.js", out: "../static/search.js", target: "es2018" },
  { entry: "handbook/main.js", out: "../static/handbook.js", target: "es2017" },
];

/** The bundle's path from the repository's root. */
export function shippedPath(bundle) {
  return path.relative(path.join(here, "..", "..", ".."), path.join(here, bundle.out));
}

/**
 * What a bundle is: its sources as one script, minified.
 * @param {typeof import("esbuild")} esbuild
 * @returns {Promise<string>}
 */
export async function bundleText(esbuild, bundle) {
  const result = await esbuild.build({
    entryPoints: [path.join(here, bundle.entry)],
    bundle: true,
    format: "iife",
    minify: true,
    target: bundle.target,
    legalComments: "none",
    banner: { js: `// Built from themes/default/js/${bundle.entry} by themes/default/js/build.js; do not edit.\n"use strict";` },
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

async function main() {
  const esbuild = await import("esbuild");
  for (const bundle of BUNDLES) {
    const text = await bundleText(esbuild, bundle);
    fs.writeFileSync(path.join(here, bundle.out), text);
    console.log(`${shippedPath(bundle)}: ${text.length} bytes`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(e.message); process.exit(1); });
}
