// Results as elements: text nodes and <mark>s, never page text parsed as HTML.

import { HEADING_KIND } from "./format.gen.js";

/**
 * What the page's parts share: the document, its window, the index (opened once), the
 * site's base path, and element makers.
 * @typedef {Object} Page
 * @property {Document} doc
 * @property {Window} win
 * @property {function(): Promise<import("./index.js").Index>} open
 * @property {string} base
 * @property {function(string, string=, string=): HTMLElement} el
 * @property {function(HTMLElement, import("./excerpt.js").Segment[]): HTMLElement} segments
 */

/** The element makers of a document. @param {Document} doc */
export function elementMakers(doc) {
  function el(tag, className, text) {
    var e = doc.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  /** Segments as text nodes and <mark> elements: page text is never parsed as HTML. */
  function segments(parent, segs) {
    segs.forEach(function (s) {
      if (s[1]) parent.appendChild(el("mark", "", s[0]));
      else parent.appendChild(doc.createTextNode(s[0]));
    });
    return parent;
  }
  return { el: el, segments: segments };
}

/**
 * Renders described results into `list` as options; returns the option elements.
 * @param {Page} page @param {HTMLElement} list
 * @param {import("./excerpt.js").Described[]} described @param {string} idPrefix
 * @returns {HTMLElement[]}
 */
export function renderResults(page, list, described, idPrefix) {
  var el = page.el, segments = page.segments, options = [];
  described.forEach(function (d) {
    var group = el("li", "sr-group");
    group.setAttribute("role", "presentation");
    var a = el("a", "sr-page");
    a.href = d.url;
    segments(a.appendChild(el("span", "sr-title")), d.title);
    if (d.path) a.appendChild(el("span", "sr-path", d.path));
    if (d.excerpt.length) segments(a.appendChild(el("span", "sr-excerpt")), d.excerpt);
    group.appendChild(a);
    options.push(a);
    d.subs.forEach(function (s) {
      var sub = el("a", "sr-sub" + (s.kind && s.kind !== HEADING_KIND ? " sr-record" : ""));
      sub.href = s.url;
      segments(sub.appendChild(el("span", "sr-title")), s.title);
      if (s.excerpt.length) segments(sub.appendChild(el("span", "sr-excerpt")), s.excerpt);
      group.appendChild(sub);
      options.push(sub);
    });
    list.appendChild(group);
  });
  options.forEach(function (o, i) {
    o.id = idPrefix + i;
    o.setAttribute("role", "option");
    o.setAttribute("aria-selected", "false");
    o.tabIndex = -1;
  });
  return options;
}
