// "Print this section": fetch each page listed and put their bodies on this page.

import { doc } from "./dom.js";

export function startPrintSection() {
  var printView = doc.querySelector("[data-print-section]");
  if (!printView || !window.fetch || !window.DOMParser) return;
  var printItems = Array.prototype.slice.call(printView.querySelectorAll(".print-list > li"));
  var printButton = printView.querySelector(".print-now");
  var printDone = function () {
    if (printButton) {
      printButton.hidden = false;
      printButton.addEventListener("click", function () { window.print(); });
    }
    printView.setAttribute("data-ready", "");
  };
  var printNext = function (k) {
    if (k >= printItems.length) return printDone();
    var link = printItems[k].querySelector("a");
    fetch(link.href).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (html) {
      var body = new DOMParser().parseFromString(html, "text/html").querySelector(".page-body");
      if (body) addPage(printView, link, body, k);
    }).catch(function () {}).then(function () { printNext(k + 1); });
  };
  printNext(0);
}

/** The `k`th page's body on this page, its ids and links prefixed, its link pointing here. */
function addPage(printView, link, body, k) {
  var prefix = "p" + k + "-";
  body.querySelectorAll("[id]").forEach(function (el) { el.id = prefix + el.id; });
  body.querySelectorAll('a[href^="#"]').forEach(function (el) {
    el.setAttribute("href", "#" + prefix + el.getAttribute("href").slice(1));
  });
  var part = doc.createElement("section");
  part.className = "print-page";
  part.id = prefix + "page";
  var heading = doc.createElement("h2");
  heading.textContent = link.textContent;
  part.appendChild(heading);
  part.appendChild(doc.importNode(body, true));
  printView.appendChild(part);
  link.setAttribute("href", "#" + part.id);
}
