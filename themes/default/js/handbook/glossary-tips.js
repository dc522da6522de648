// Glossary terms: the expansion in a tooltip on hover and keyboard focus, which stays
// while hovered, and closes with Escape (WCAG 1.4.13). Screen readers get it as a
// description.

import { doc, root, $$, el } from "./dom.js";

export function startGlossaryTips() {
  var terms = $$("abbr.gloss[title]");
  if (!terms.length) return;
  var descriptions = el("div");
  descriptions.hidden = true;
  var tip = el("div", "gloss-tip");
  tip.hidden = true;
  tip.setAttribute("aria-hidden", "true");
  doc.body.appendChild(descriptions);
  doc.body.appendChild(tip);
  terms.forEach(function (term, i) {
    var text = term.getAttribute("title");
    term.removeAttribute("title");
    term.setAttribute("data-expansion", text);
    var description = el("span", "", text);
    description.id = "gloss-" + i;
    descriptions.appendChild(description);
    term.setAttribute("aria-describedby", description.id);
  });
  listenForTips(tipControl(tip));
}

/** Showing and hiding the tooltip: {tip, owner(), show(term), hide(), hideSoon(), stay()}. */
function tipControl(tip) {
  var owner = null, hideTimer = 0;
  return {
    tip: tip,
    owner: function () { return owner; },
    show: function (term) {
      clearTimeout(hideTimer);
      owner = term;
      tip.textContent = term.getAttribute("data-expansion");
      tip.hidden = false;
      var box = term.getBoundingClientRect();
      var width = tip.offsetWidth;
      var height = tip.offsetHeight;
      var viewWidth = root.clientWidth;
      var left = Math.max(8, Math.min(box.left, viewWidth - width - 8));
      var below = box.bottom + 6 + height <= window.innerHeight || box.top < height + 6;
      var top = below ? box.bottom + 6 : box.top - height - 6;
      tip.style.left = left + window.pageXOffset + "px";
      tip.style.top = top + window.pageYOffset + "px";
    },
    hide: function () {
      clearTimeout(hideTimer);
      tip.hidden = true;
      owner = null;
    },
    hideSoon: function () {
      var self = this;
      clearTimeout(hideTimer);
      // Time to move the pointer onto the tooltip without it closing.
      hideTimer = setTimeout(function () {
        if (owner && owner !== doc.activeElement) self.hide();
      }, 300);
    },
    stay: function () { clearTimeout(hideTimer); },
  };
}

function listenForTips(c) {
  var tip = c.tip;
  doc.addEventListener("mouseover", function (e) {
    var term = e.target.closest && e.target.closest("abbr.gloss[data-expansion]");
    if (term) c.show(term);
    else if (e.target === tip || tip.contains(e.target)) c.stay();
  });
  doc.addEventListener("mouseout", function (e) {
    var from = e.target.closest && e.target.closest("abbr.gloss[data-expansion], .gloss-tip");
    if (from && !(e.relatedTarget && from.contains(e.relatedTarget))) c.hideSoon();
  });
  doc.addEventListener("focusin", function (e) {
    var term = e.target.closest && e.target.closest("abbr.gloss[data-expansion]");
    if (term) c.show(term);
    else if (c.owner()) c.hide();
  });
  doc.addEventListener("focusout", function (e) {
    if (c.owner() && e.target === c.owner()) c.hide();
  });
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !tip.hidden) {
      c.hide();
      e.stopPropagation();
    }
  }, true);
  window.addEventListener("resize", function () { if (c.owner()) c.show(c.owner()); });
}
