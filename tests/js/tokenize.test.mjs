// The client's tokenizer (themes/default/js/search/tokenize.js): punctuation, dollar
// amounts, hyphens, apostrophes, accents, Japanese, and the cases the Rust indexer is
// tested against too (tokenize-cases.json).
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import * as search from "../../themes/default/js/search/api.js";

const cases = JSON.parse(fs.readFileSync(new URL("./tokenize-cases.json", import.meta.url), "utf8"));

test("shared cases: the client cuts text into the terms the indexer writes", () => {
  for (const c of cases) assert.deepEqual(search.terms(c.text), c.terms, c.text);
});

test("punctuation separates words and is not part of terms", () => {
  assert.deepEqual(search.terms("Hello, world! (Really?) Yes; no: maybe."), ["hello", "world", "really", "yes", "no", "maybe"]);
  assert.deepEqual(search.terms("“Quoted” — dashes… and/or"), ["quoted", "dashes", "and", "or"]);
});

test("dollar amounts and numbers", () => {
  assert.deepEqual(search.terms("$10k"), ["10k"]);
  assert.deepEqual(search.terms("over $10K IACV"), ["over", "10k", "iacv"]);
  assert.deepEqual(search.terms("$10,000 and 2.5%"), ["10000", "and", "2.5"]);
  assert.deepEqual(search.terms("v1.2.3"), ["v1.2.3"]);
});

test("hyphens and underscores give the parts and the joined word", () => {
  assert.deepEqual(search.terms("Mid-Market"), ["mid", "market", "midmarket"]);
  assert.deepEqual(search.terms("co-selling"), ["co", "selling", "coselling"]);
  assert.deepEqual(search.terms("command_plan"), ["command", "plan", "commandplan"]);
  // A dash between spaces is punctuation.
  assert.deepEqual(search.terms("plan - market"), ["plan", "market"]);
});

test("apostrophes: possessives and elisions", () => {
  assert.deepEqual(search.terms("the partner's deal"), ["the", "partner", "deal"]);
  assert.deepEqual(search.terms("the partner’s deal"), ["the", "partner", "deal"]);
  assert.deepEqual(search.terms("don't"), ["dont"]);
  assert.deepEqual(search.terms("l'équipe"), ["equipe"]);
});

test("accents, case and compatibility forms fold", () => {
  assert.deepEqual(search.terms("Café NAÏVE Résumé"), ["cafe", "naive", "resume"]);
  assert.deepEqual(search.terms("Ｆｕｌｌｗｉｄｔｈ"), ["fullwidth"]);
  assert.deepEqual(search.terms("ﬁnance"), ["finance"]);
  assert.deepEqual(search.terms("e\u0301te\u0301"), ["ete"]);
  assert.deepEqual(search.terms("ΟΔΟΣ"), ["οδοσ"]);
});

test("Japanese and Chinese text becomes overlapping pairs", () => {
  assert.deepEqual(search.terms("営業担当"), ["営業", "業担", "担当"]);
  assert.deepEqual(search.terms("東"), ["東"]);
  assert.deepEqual(search.terms("パートナー"), ["パー", "ート", "トナ", "ナー"]);
  // Half-width katakana and separate voicing marks compose like the full-width forms.
  assert.deepEqual(search.terms("ｶﾞｲﾄﾞ"), search.terms("ガイド"));
  assert.deepEqual(search.terms("R7の要件"), ["r7", "の要", "要件"]);
});

test("scan reports where each term is in the original text", () => {
  const text = "Über $10k Mid-Market";
  const toks = search.scan(text);
  assert.deepEqual(toks.map((t) => text.slice(t.s, t.e)), ["Über", "10k", "Mid", "Market", "Mid-Market"]);
  assert.deepEqual(toks.map((t) => t.k), [0, 0, 0, 0, 1]);
});

test("very long tokens are not terms", () => {
  assert.deepEqual(search.terms("a".repeat(41)), []);
  assert.deepEqual(search.terms("a".repeat(40)), ["a".repeat(40)]);
});
