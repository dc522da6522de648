// "On this page": folds on narrow screens, highlights the section being read.

import { doc, root, narrow, $, $$, onChange } from "./dom.js";

export function startToc() {
  var toc = $(".toc");
  var tocList = toc && $(".toc-list", toc);
  var tocButton = toc && $(".toc-toggle", toc);
  function syncTocButton() {
    tocButton.setAttribute("aria-expanded", String(getComputedStyle(tocList).display !== "none"));
  }
  if (toc && tocList && tocButton) {
    syncTocButton();
    onChange(narrow, syncTocButton);
    tocButton.addEventListener("click", function () {
      toc.classList.toggle(narrow.matches ? "is-open" : "is-closed");
      syncTocButton();
    });
  }
  var tocLinks = tocList ? $$("a[href^='#']", tocList) : [];
  var headings = tocLinks.map(function (a) {
    return doc.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  if (headings.length && "IntersectionObserver" in window) spySections(tocLinks, headings);
}

/** Marks the link of the section being read as the reader scrolls. */
function spySections(tocLinks, headings) {
  var currentLink = null;
  function highlightSection() {
    var line = (narrow.matches ? 0 : $(".site-header").offsetHeight) + window.innerHeight * 0.25;
    var index = -1;
    headings.forEach(function (h, i) {
      if (h && h.getBoundingClientRect().top <= line) index = i;
    });
    var atEnd = window.innerHeight + window.pageYOffset >= root.scrollHeight - 2;
    if (atEnd && window.pageYOffset > 0) index = headings.length - 1;
    var link = tocLinks[index] || null;
    if (link === currentLink) return;
    if (currentLink) {
      currentLink.classList.remove("active");
      currentLink.removeAttribute("aria-current");
    }
    currentLink = link;
    if (link) {
      link.classList.add("active");
      link.setAttribute("aria-current", "location");
    }
  }
  var spy = new IntersectionObserver(highlightSection, { rootMargin: "0px 0px -70% 0px" });
  headings.forEach(function (h) { if (h) spy.observe(h); });
  var footer = $(".site-footer");
  if (footer) spy.observe(footer);
  highlightSection();
}
