// The results page (search/?q=...): every result, ten at a time, filtered by section and
// by kind of record; the query and filters are in the URL, so the page can be linked.

import { SECTION_FILTER, FACET_FILTER } from "./format.gen.js";
import { pageList } from "./decode.js";
import { renderResults } from "./render.js";
import { describeAll } from "./box.js";

const RESULTS_PER_PAGE = 10;

/** The page's form and the state of its query. */
function makeState(root) {
  return {
    form: root.querySelector("form"),
    input: root.querySelector("input[name=q]"),
    section: root.querySelector("select[name=section]"),
    kind: root.querySelector("select[name=kind]"),
    status: root.querySelector(".search-page-status"),
    list: root.querySelector(".search-page-results"),
    moreButton: root.querySelector(".search-more"),
    ranked: [], shown: 0, result: null, seq: 0, filled: false,
  };
}

/**
 * Starts the results page.
 * @param {import("./render.js").Page} page @param {HTMLElement} root
 */
export function startResultsPage(page, root) {
  var win = page.win, s = makeState(root);
  var params = new URLSearchParams(win.location.search);
  s.input.value = params.get("q") || "";
  var header = page.doc.getElementById("site-search-input");
  if (header) header.value = s.input.value;
  s.params = params;
  var run = function (push) { runQuery(page, s, push); };
  s.form.addEventListener("submit", function (e) { e.preventDefault(); run(true); });
  s.section.addEventListener("change", function () { run(false); });
  s.kind.addEventListener("change", function () { run(false); });
  s.moreButton.addEventListener("click", function () { page.open().then(function (index) { showMore(page, s, index); }); });
  win.addEventListener("popstate", function () {
    s.params = new URLSearchParams(win.location.search);
    s.input.value = s.params.get("q") || "";
    s.section.value = s.params.get("section") || "";
    s.kind.value = s.params.get("kind") || "";
    run(false);
  });
  var timer = 0;
  s.input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 150); });
  run(false);
}

/** The filters' options, from filters.json, and their values from the URL. */
function fillFilters(page, s, f) {
  f.sections.forEach(function (x, i) {
    var o = page.el("option", "", x[SECTION_FILTER.title]);
    o.value = String(i);
    s.section.appendChild(o);
  });
  f.facets.forEach(function (x) {
    var o = page.el("option", "", x[FACET_FILTER.label]);
    o.value = x[FACET_FILTER.path];
    s.kind.appendChild(o);
  });
  var section = s.params.get("section") || "", kind = s.params.get("kind") || "";
  s.section.value = section;
  s.kind.value = kind;
  if (s.section.value !== section) s.section.value = "";
  if (s.kind.value !== kind) s.kind.value = "";
}

/** The pages the filters leave (null: all). */
function allowed(s, f) {
  var set = null;
  var add = function (pages) {
    var p = new Set(pages);
    set = set ? new Set(Array.from(set).filter(function (x) { return p.has(x); })) : p;
  };
  if (s.section.value !== "") add(pageList(f.sections[+s.section.value][SECTION_FILTER.pages]));
  var facet = f.facets.filter(function (x) { return x[FACET_FILTER.path] === s.kind.value; })[0];
  if (facet) add(pageList(facet[FACET_FILTER.pages]));
  return set;
}

/** The next results, described and shown. */
function showMore(page, s, index) {
  var next = s.ranked.slice(s.shown, s.shown + RESULTS_PER_PAGE);
  var mine = s.seq;
  return describeAll(index, s.result, next, page.base, s.kind.value).then(function (described) {
    if (mine !== s.seq) return;
    renderResults(page, s.list, described, "sr-page-" + s.shown + "-");
    s.shown += next.length;
    s.moreButton.hidden = s.shown >= s.ranked.length;
  });
}

/** Runs the query in the form: the URL and title follow it, then its results. */
function runQuery(page, s, push) {
  var win = page.win, doc = page.doc;
  var query = s.input.value.trim();
  var mine = ++s.seq;
  s.list.textContent = "";
  s.moreButton.hidden = true;
  var p = new URLSearchParams();
  if (query) p.set("q", query);
  if (s.section.value) p.set("section", s.section.value);
  if (s.kind.value) p.set("kind", s.kind.value);
  var url = win.location.pathname + (p.toString() ? "?" + p.toString() : "");
  if (push) win.history.pushState(null, "", url);
  else win.history.replaceState(null, "", url);
  doc.title = (query ? "\u201c" + query + "\u201d \u00b7 " : "") + doc.title.replace(/^\u201c.*?\u201d \u00b7 /, "");
  if (!query) { s.status.textContent = "Type what you are looking for."; return; }
  s.status.textContent = "Searching\u2026";
  page.open().then(function (index) {
    return index.filters().then(function (f) {
      if (!s.filled) { s.filled = true; fillFilters(page, s, f); }
      return index.search(query, { pages: allowed(s, f), complete: true }).then(function (r) {
        if (mine !== s.seq) return;
        s.result = r;
        s.ranked = r.pages;
        s.shown = 0;
        var n = s.ranked.length;
        s.status.textContent = n
          ? n + (n === 1 ? " page" : " pages") + " found for \u201c" + query + "\u201d"
          : "Nothing found for \u201c" + query + "\u201d. Check the spelling, or try fewer words.";
        return showMore(page, s, index);
      });
    });
  }).catch(function () {
    if (mine === s.seq) s.status.textContent = "Search is not available right now.";
  });
}
