// Copying: heading links copy their address, code blocks get a Copy button.

import { doc, $$, el, announce } from "./dom.js";

function legacyCopy(text) {
  var active = doc.activeElement;
  var area = el("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
  doc.body.appendChild(area);
  area.select();
  var ok = false;
  try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
  area.remove();
  if (active && active.focus) active.focus();
  return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
}
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
  }
  return legacyCopy(text);
}
function flash(target, className) {
  target.classList.add(className);
  setTimeout(function () { target.classList.remove(className); }, 2000);
}

export function startCopy() {
  doc.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.anchor, a.record-anchor");
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    // The link still jumps to the section, so the address bar shows it too.
    copyText(link.href).then(function () {
      flash(link, "copied");
      announce("Link copied");
    }, function () { announce("Could not copy the link; use the address bar"); });
  });
  $$("pre.code").forEach(function (pre) {
    var wrap = el("div", "code-block");
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = el("button", "copy-code", "Copy");
    button.type = "button";
    button.setAttribute("aria-label", "Copy code");
    wrap.appendChild(button);
    button.addEventListener("click", function () {
      copyText(pre.textContent.replace(/\n$/, "")).then(function () {
        button.textContent = "Copied";
        announce("Code copied");
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () { announce("Could not copy the code"); });
    });
  });
}
