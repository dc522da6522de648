// Data tables: sort by a column, filter rows. Without JS they are plain tables.

import { $$, el, announce } from "./dom.js";
import { markScrollable } from "./scroll-regions.js";

var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function cellText(node) {
  var text = "";
  for (var c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3) text += c.nodeValue;
    else if (c.nodeType === 1 && !c.matches(".record-edit, .record-anchor")) text += cellText(c);
  }
  return text;
}
function sortKey(cell) {
  var text = cellText(cell).trim();
  var number = text.replace(/[$€£,%\s]/g, "");
  return /^-?\d+(\.\d+)?$/.test(number) ? parseFloat(number) : text;
}
function compareKeys(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

export function startDataTables() {
  $$("table.data-table").forEach(function (table, t) {
    var body = table.tBodies[0];
    var head = table.tHead && table.tHead.rows[0];
    if (!body || !head) return;
    var rows = Array.prototype.slice.call(body.rows);
    makeSortable(body, rows, Array.prototype.slice.call(head.cells));
    var wrap = table.parentNode;
    if (rows.length < 5 || !wrap.classList.contains("data-table-wrap")) return;
    makeFilterable(table, t, rows);
  });
}

/** Each column's header becomes a button that sorts the rows by it. */
function makeSortable(body, rows, headers) {
  headers.forEach(function (th, col) {
    var button = el("button", "sort-button");
    button.type = "button";
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener("click", function () {
      var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      var sign = direction === "ascending" ? 1 : -1;
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", direction);
      rows
        .map(function (row, i) { return { row: row, key: sortKey(row.cells[col]), i: i }; })
        .sort(function (a, b) { return sign * compareKeys(a.key, b.key) || a.i - b.i; })
        .forEach(function (entry) { body.appendChild(entry.row); });
      announce("Sorted by " + button.textContent.trim() + ", " + direction);
    });
  });
}

/** A box above the table (the `t`th) that shows only the rows holding what is typed. */
function makeFilterable(table, t, rows) {
  var wrap = table.parentNode, caption = table.caption;
  var name = caption ? caption.textContent.trim() : "the table";
  var tools = el("div", "table-tools");
  var id = "table-filter-" + t;
  var label = el("label", "", "Filter rows");
  label.htmlFor = id;
  var input = el("input");
  input.type = "search";
  input.id = id;
  input.autocomplete = "off";
  if (caption) {
    caption.id = caption.id || "table-caption-" + t;
    input.setAttribute("aria-describedby", caption.id);
  }
  var count = el("output");
  count.setAttribute("aria-live", "polite");
  tools.appendChild(label);
  tools.appendChild(input);
  tools.appendChild(count);
  wrap.insertBefore(tools, wrap.firstChild);
  wrap.classList.add("has-tools");
  var texts = rows.map(function (row) { return cellText(row).toLowerCase(); });
  input.addEventListener("input", function () {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row, i) {
      row.hidden = query !== "" && texts[i].indexOf(query) < 0;
      if (!row.hidden) shown++;
    });
    count.textContent = query ? shown + " of " + rows.length + " rows in " + name : "";
    markScrollable();
  });
}
