// The search box in the header: results as the reader types, in a listbox under it,
// chosen with the arrow keys and Enter; Escape closes it.

import { describe } from "./excerpt.js";
import { renderResults } from "./render.js";

/** Pages the box shows. */
const DROPDOWN_PAGES = 3;

/** The described results of ranked pages, their fragments loaded. */
export function describeAll(index, result, ranked, base, kind) {
  return Promise.all(ranked.map(function (p) {
    return index.fragment(p.page).then(function (f) { return describe(result, p, f, base, kind); });
  }));
}

/** The popup under the box: a status line and the list of results. */
function makePopup(page, form, input) {
  var box = page.el("div", "search-popup");
  box.hidden = true;
  var status = page.el("p", "search-status");
  status.setAttribute("role", "status");
  var list = page.el("ul", "search-list");
  list.id = "search-listbox";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Search results");
  box.appendChild(status);
  box.appendChild(list);
  form.appendChild(box);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  return { box: box, status: status, list: list, input: input, form: form, options: [], active: -1 };
}

/**
 * Starts the header box.
 * @param {import("./render.js").Page} page @param {HTMLFormElement} form
 * @param {HTMLInputElement} input
 */
export function startBox(page, form, input) {
  var ui = makePopup(page, form, input), seq = 0, timer = 0;
  function run() {
    var query = input.value;
    var mine = ++seq;
    if (query.trim().length < 2 && !/[\u3040-\u9fff]/.test(query)) {
      ui.list.textContent = "";
      ui.options = [];
      show(ui, false);
      return;
    }
    page.open().then(function (index) {
      return index.search(query).then(function (result) {
        var top = result.pages.slice(0, DROPDOWN_PAGES);
        return describeAll(index, result, top, page.base).then(function (described) {
          return { result: result, described: described };
        });
      });
    }).then(function (r) {
      if (mine !== seq) return;
      showResults(page, ui, query, r);
      show(ui, page.doc.activeElement === input || ui.box.contains(page.doc.activeElement));
    }, function () {
      if (mine !== seq) return;
      ui.status.textContent = "Search is not available right now";
      ui.list.textContent = "";
      ui.options = [];
      show(ui, true);
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("focus", function () {
    page.open();
    if (ui.options.length && input.value.trim()) show(ui, true);
  });
  input.addEventListener("keydown", function (e) { onKey(page, ui, e); });
  listenForLeaving(page, ui);
  // This script loads when the box is first focused: the focus event has passed, so the
  // index opens now, while the reader starts typing (not on the first query's path).
  if (page.doc.activeElement === input) {
    if (input.value) run();
    else page.open();
  }
}

function show(ui, on) {
  ui.box.hidden = !on;
  ui.input.setAttribute("aria-expanded", String(on));
  if (!on) setActive(ui, -1);
}

function setActive(ui, i) {
  var options = ui.options;
  if (options[ui.active]) options[ui.active].setAttribute("aria-selected", "false");
  ui.active = i;
  if (options[i]) {
    options[i].setAttribute("aria-selected", "true");
    ui.input.setAttribute("aria-activedescendant", options[i].id);
    options[i].scrollIntoView({ block: "nearest" });
  } else ui.input.removeAttribute("aria-activedescendant");
}

/** The results of a query in the list, with a last option for the results page. */
function showResults(page, ui, query, r) {
  var el = page.el;
  ui.list.textContent = "";
  ui.options = renderResults(page, ui.list, r.described, "sr-opt-");
  var more = el("li", "sr-group");
  more.setAttribute("role", "presentation");
  // A query settled early has found the best pages, not all of them: no count.
  var n = r.result.pages.length, partial = r.result.partial;
  var all = el("a", "sr-all", (n ? (partial ? "All results" : "All " + n + " results") : "No results") +
    " for \u201c" + query.trim() + "\u201d");
  all.href = page.base + "search/?q=" + encodeURIComponent(query.trim());
  more.appendChild(all);
  ui.list.appendChild(more);
  ui.options.push(all);
  all.id = "sr-opt-" + (ui.options.length - 1);
  all.setAttribute("role", "option");
  all.setAttribute("aria-selected", "false");
  all.tabIndex = -1;
  ui.status.textContent = n ? (partial ? "Best results" : n + " results") : "No results";
  ui.active = -1;
}

/** Arrow keys move through the options, Enter follows one, Escape closes or clears. */
function onKey(page, ui, e) {
  var input = ui.input, box = ui.box;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    if (box.hidden) { if (ui.options.length) show(ui, true); return; }
    e.preventDefault();
    var n = ui.options.length;
    if (!n) return;
    setActive(ui, e.key === "ArrowDown" ? (ui.active + 1) % n : (ui.active <= 0 ? n - 1 : ui.active - 1));
  } else if (e.key === "Enter") {
    if (ui.active >= 0 && ui.options[ui.active] && !box.hidden) {
      e.preventDefault();
      page.win.location.href = ui.options[ui.active].href;
    }
  } else if (e.key === "Escape") {
    if (!box.hidden) {
      e.preventDefault();
      e.stopPropagation();
      show(ui, false);
    } else if (input.value) {
      input.value = "";
    } else input.blur();
  }
}

/** The popup closes when the reader clicks or tabs away from the form. */
function listenForLeaving(page, ui) {
  var doc = page.doc, form = ui.form;
  doc.addEventListener("click", function (e) {
    if (!form.contains(e.target)) show(ui, false);
  });
  form.addEventListener("focusout", function (e) {
    if (!e.relatedTarget || !form.contains(e.relatedTarget)) setTimeout(function () {
      if (!form.contains(doc.activeElement)) show(ui, false);
    }, 0);
  });
}
