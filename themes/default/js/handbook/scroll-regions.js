// Boxes that scroll sideways are named regions keyboard users can focus and scroll.

import { $, $$ } from "./dom.js";

function nearestHeading(node) {
  for (var n = node.previousElementSibling; n; n = n.previousElementSibling) {
    if (/^H[1-6]$/.test(n.tagName)) return n.textContent.trim();
  }
  return "";
}
function regionLabel(box) {
  var caption = $("caption", box);
  if (box.tagName === "PRE") {
    var lang = box.getAttribute("data-lang");
    return "Code" + (lang ? " (" + lang + ")" : "") + ", scrolls sideways";
  }
  var name = caption ? caption.textContent.trim() : nearestHeading(box);
  return "Table" + (name ? ": " + name : "") + ", scrolls sideways";
}

var scrollBoxes = [];
/** Marks the boxes that overflow now, and unmarks the others. */
export function markScrollable() {
  scrollBoxes.forEach(function (box) {
    var overflows = box.scrollWidth > box.clientWidth + 1;
    var marked = box.hasAttribute("data-scrolls");
    if (overflows && !marked) {
      box.setAttribute("data-scrolls", "");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", regionLabel(box));
    } else if (!overflows && marked) {
      box.removeAttribute("data-scrolls");
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}

export function startScrollRegions() {
  scrollBoxes = $$(".table-wrap, pre.code");
  if (!scrollBoxes.length) return;
  markScrollable();
  var resizeTimer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollable, 150);
  });
}
