// Small helpers the theme's parts share: finding and making elements, storage that may be
// missing, and a polite status message for screen readers.

export const doc = document;
export const root = doc.documentElement;
/** Narrow screens: the navigation is a menu, "On this page" folds. */
export const narrow = window.matchMedia("(max-width: 48rem)");

/** The first element matching `sel` (in `ctx`, else the document). */
export function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
/** Every element matching `sel`, as an array. */
export function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
/** A new element with a class and text. */
export function el(tag, className, text) {
  var e = doc.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
/** Calls `fn` when a media query's answer changes. */
export function onChange(query, fn) {
  if (query.addEventListener) query.addEventListener("change", fn);
  else if (query.addListener) query.addListener(fn);
}
/** A storage, or null: it can be missing or throw (privacy modes); the site works without it. */
export function storage(name) {
  try { var s = window[name]; s.getItem("x"); return s; } catch (e) { return null; }
}
export function readJSON(store, key) {
  try { return JSON.parse(store.getItem(key)) || {}; } catch (e) { return {}; }
}
export function writeJSON(store, key, value) {
  try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* full or unavailable */ }
}

var live = doc.getElementById("live-status");
var liveTimer = 0;
/** Announces a visible, polite status message ("Link copied"). */
export function announce(message) {
  if (!live) return;
  clearTimeout(liveTimer);
  live.textContent = "";
  // A fresh text node after a tick makes screen readers repeat a message said before.
  setTimeout(function () {
    live.textContent = message;
    liveTimer = setTimeout(function () { live.textContent = ""; }, 2500);
  }, 50);
}
