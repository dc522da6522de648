// Reading the theme's JavaScript as syntax (acorn, a development dependency): its
// functions with their lengths, and its regular expressions' flags.
import { Parser } from "acorn";

/** The program, as a module or a script. */
export function parse(text, module) {
  return Parser.parse(text, { ecmaVersion: "latest", sourceType: module ? "module" : "script", locations: true });
}

/** Every node of a tree, depth first. */
function* nodes(node) {
  if (!node || typeof node.type !== "string") return;
  yield node;
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const x of v) yield* nodes(x);
    else if (v && typeof v === "object" && typeof v.type === "string") yield* nodes(v);
  }
}

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** Every function: {name, line, lines}. */
export function functions(program) {
  const out = [];
  for (const n of nodes(program)) {
    if (!FUNCTIONS.has(n.type)) continue;
    const name = n.id ? n.id.name : "(anonymous)";
    out.push({ name, line: n.loc.start.line, lines: n.loc.end.line - n.loc.start.line + 1 });
  }
  return out;
}

/** The flags of every regular expression literal. */
export function regexFlags(program) {
  const out = [];
  for (const n of nodes(program)) if (n.type === "Literal" && n.regex) out.push(n.regex.flags);
  return out;
}
