// Search: "/" or Ctrl+K focuses the box in the header; search.js (results as the reader
// types, and marking the words a result link carries) loads on first use.

import { doc, $, el } from "./dom.js";

export function startSearchKeys() {
  var searchForm = $(".site-search");
  var searchBox = doc.getElementById("site-search-input");
  function loadSearch() {
    if (!searchForm || $("script[src$='search.js']")) return;
    var script = el("script");
    script.src = searchForm.getAttribute("action").replace(/search\/?$/, "") + "search.js";
    script.async = true;
    doc.head.appendChild(script);
  }
  if (searchBox) {
    searchBox.addEventListener("focus", loadSearch);
    doc.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
      var slash = e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
      var ctrlK = (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "k" || e.key === "K");
      if (!slash && !ctrlK) return;
      e.preventDefault();
      var box = $("[data-search-page] input[name=q]") || searchBox;
      box.focus();
      box.select();
    });
  }
  if (/[?&]hl=/.test(window.location.search)) loadSearch();
}
