// The Rust indexer's fold table (src/search/fold_table.rs) is what the client's folding
// gives: written by tests/js/gen-fold-table.mjs from the client's own code.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { foldTable } from "./gen-fold-table.mjs";

test("src/search/fold_table.rs is the client's folding", () => {
  const have = fs.readFileSync(new URL("../../src/search/fold_table.rs", import.meta.url), "utf8");
  assert.ok(have === foldTable(), "stale: run `node tests/js/gen-fold-table.mjs > src/search/fold_table.rs`");
});
