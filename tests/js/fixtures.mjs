// The golden indexes the real writer made (tests/fixtures/search-index/<case>/index.json,
// from spec.json beside it; tests/search_index.rs keeps them current), opened with the
// client's own code.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Index } from "../../themes/default/js/search/api.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "search-index");

/**
 * A case: its spec (the pages, glossary synonyms and writer thresholds it was made
 * from), its files by path under search/, a loader for them and its meta.json.
 */
export function fixture(name) {
  const dir = path.join(root, name);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "spec.json"), "utf8"));
  const files = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  const load = (p) => (p in files ? Promise.resolve(files[p]) : Promise.reject(new Error("no " + p)));
  return { spec, files, load, meta: JSON.parse(files["meta.json"]), open: () => Index.open(load) };
}

/** Every case's name. */
export function fixtureNames() {
  return fs.readdirSync(root).filter((n) => fs.existsSync(path.join(root, n, "spec.json"))).sort();
}

/** An index of a case whose loads are logged. */
export async function logged(made) {
  const log = [];
  const index = await Index.open((p) => { log.push(p); return made.load(p); });
  return { index, log };
}

/** The pinned hashes (tests/search_index.rs writes them from the writer's helpers). */
export function hashes() {
  return JSON.parse(fs.readFileSync(path.join(root, "hashes.json"), "utf8"));
}
