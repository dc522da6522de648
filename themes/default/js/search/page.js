// The page's search: the header box's results as the reader types, the results page, and
// marking the words a result was found by on the page it opens.

import { INDEX_DIR, META_FILE } from "./format.gen.js";
import { scan } from "./tokenize.js";
import { Index } from "./index.js";
import { Marker } from "./excerpt.js";
import { elementMakers } from "./render.js";
import { startBox } from "./box.js";
import { startResultsPage } from "./results-page.js";

/**
 * Starts search on a page.
 * @param {Document} doc
 */
export function startPage(doc) {
  var win = doc.defaultView;
  var form = doc.querySelector(".site-search");
  var base = (form ? form.getAttribute("action") : INDEX_DIR).replace(/search\/?$/, "");
  var makers = elementMakers(doc);
  /** @type {import("./render.js").Page} */
  var page = { doc: doc, win: win, open: opener(win, base + INDEX_DIR), base: base, el: makers.el, segments: makers.segments };
  highlightHere(doc, win);
  var input = doc.getElementById("site-search-input");
  if (input && form && !doc.querySelector("[data-search-page]")) startBox(page, form, input);
  var pageRoot = doc.querySelector("[data-search-page]");
  if (pageRoot) startResultsPage(page, pageRoot);
}

/** Opens the index at `indexUrl` once (again after a failure). */
function opener(win, indexUrl) {
  var opened = null;
  return function open() {
    if (!opened) {
      opened = Index.open(function (path) {
        var bust = opened && opened.version ? "?v=" + opened.version : "";
        // meta.json names the build's version, so it is always revalidated (a cheap 304
        // when nothing changed): a stale copy would point at another build's files.
        // The other files carry the version in their URL.
        var meta = path === META_FILE;
        return win.fetch(indexUrl + path + (meta ? "" : bust), { credentials: "same-origin", cache: meta ? "no-cache" : "default" })
          .then(function (r) { if (!r.ok) throw new Error(r.status + " " + path); return r.text(); });
      }).then(function (index) {
        opened.version = index.meta.v;
        return index;
      });
      opened.catch(function () { opened = null; });
    }
    return opened;
  };
}

/** The words a result link carries (?hl=) are marked in the page, and the link is cleaned. */
function highlightHere(doc, win) {
  var params = new URLSearchParams(win.location.search);
  var hl = params.get("hl");
  if (!hl) return;
  var marker = Marker.parse(hl);
  var main = doc.querySelector(".page-body") || doc.getElementById("main");
  var scopes = [doc.querySelector(".page-header h1"), main].filter(Boolean);
  var first = null;
  scopes.forEach(function (scope) {
    var walker = doc.createTreeWalker(scope, 4, {
      acceptNode: function (n) {
        return n.parentNode.closest("pre, script, style, .toc, mark, .record-anchor, .anchor") ? 2 : 1;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var m = markText(doc, node, marker);
      if (m && !first) first = m;
    });
  });
  params.delete("hl");
  var rest = params.toString();
  win.history.replaceState(win.history.state, "", win.location.pathname + (rest ? "?" + rest : "") + win.location.hash);
  var target = win.location.hash && doc.getElementById(decodeURIComponent(win.location.hash.slice(1)));
  if (target) target.scrollIntoView();
  else if (first && !win.location.hash) first.scrollIntoView({ block: "center" });
}

/** Marks the marker's words in a text node; returns the first mark, if any. */
function markText(doc, node, marker) {
  var text = node.nodeValue;
  var hits = marker.spans(scan(text));
  if (!hits.length) return null;
  var frag = doc.createDocumentFragment(), at = 0, first = null;
  hits.forEach(function (t) {
    if (t[0] < at) return;
    if (t[0] > at) frag.appendChild(doc.createTextNode(text.slice(at, t[0])));
    var m = doc.createElement("mark");
    m.className = "search-hit";
    m.textContent = text.slice(t[0], t[1]);
    frag.appendChild(m);
    if (!first) first = m;
    at = t[1];
  });
  if (at < text.length) frag.appendChild(doc.createTextNode(text.slice(at)));
  node.parentNode.replaceChild(frag, node);
  return first;
}
