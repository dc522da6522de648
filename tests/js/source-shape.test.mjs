// The theme's JavaScript sources stay readable: no function over 80 lines.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { functions, parse } from "./js-source.mjs";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "themes", "default", "js");
const MAX_LINES = 80;

function sources(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const f = path.join(d, e.name);
    return e.isDirectory() ? sources(f) : e.name.endsWith(".js") ? [f] : [];
  });
}

test("no function in the theme's JavaScript is over 80 lines", () => {
  const files = sources(dir);
  assert.ok(files.length > 10, files.join(" "));
  const long = [];
  for (const file of files) {
    for (const f of functions(parse(fs.readFileSync(file, "utf8"), true))) {
      if (f.lines > MAX_LINES) long.push(`${path.relative(dir, file)}:${f.line} ${f.name}: ${f.lines} lines`);
    }
  }
  assert.deepEqual(long, []);
});
