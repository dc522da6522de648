// The client's parts that work without a page, for Node: the tests (tests/js/), the
// command-line client (tests/js/search-cli.mjs), the benchmark (tests/js/bench-query.mjs)
// and the fold table generator (tests/js/gen-fold-table.mjs).

export { FOLD_RANGES, foldChar, scan, terms } from "./tokenize.js";
export { numbers, pageList, pairList, subValues, headedList, frontDecoded } from "./decode.js";
export { pairFile, pairGroup, ownGroups, knownBits, fragmentPlace, fnv } from "./hash.js";
export { parseQuery, distance, typosFor } from "./query.js";
export { Index, pairEntries } from "./index.js";
export { Marker, excerpt, describe, subResults } from "./excerpt.js";
export * as format from "./format.gen.js";
