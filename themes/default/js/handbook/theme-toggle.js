// Theme: follows the system until the reader picks the other one; the pick is remembered.
// (The inline script in <head> has already applied the remembered theme.)

import { root, $, onChange, storage } from "./dom.js";

const THEME_KEY = "handbook-theme";

export function startThemeToggle() {
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
  var local = storage("localStorage");
  var themeButton = $(".theme-toggle");
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : prefersDark.matches;
  }
  function syncThemeButton() {
    if (themeButton) themeButton.setAttribute("aria-pressed", String(isDark()));
  }
  function applyTheme(theme) {
    if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
    syncThemeButton();
  }
  if (!themeButton) return;
  syncThemeButton();
  themeButton.addEventListener("click", function () {
    var next = isDark() ? "light" : "dark";
    var system = prefersDark.matches ? "dark" : "light";
    // Picking what the system already says means "follow the system" again.
    var remembered = next === system ? null : next;
    applyTheme(remembered);
    try {
      if (remembered) local.setItem(THEME_KEY, remembered);
      else local.removeItem(THEME_KEY);
    } catch (e) { /* not remembered, still applied */ }
  });
  onChange(prefersDark, syncThemeButton);
  window.addEventListener("storage", function (e) {
    if (e.key === THEME_KEY) applyTheme(e.newValue);
  });
}
