// Navigation: a menu button on narrow screens, expandable sections everywhere. The build
// lists a section's pages only along the path to the current page, in a compact form: an
// `li.sec` is a section with pages, and its toggle button is added here (without script
// there is nothing to toggle). Lists seen on earlier pages are kept for the session; others
// are read from the section's own page.

import { doc, narrow, $, $$, el, storage, readJSON, writeJSON } from "./dom.js";

const NAV_OPEN_KEY = "handbook-nav-open";
const NAV_CACHE_KEY = "handbook-nav-children";

var session = storage("sessionStorage");
var navOpen = session ? readJSON(session, NAV_OPEN_KEY) : {};
var navCache = session ? readJSON(session, NAV_CACHE_KEY) : {};

export function startNav() {
  var nav = doc.getElementById("site-nav");
  startMenu(nav, $(".menu-button"));
  if (!nav) return;
  $$("li.sec", nav).forEach(addToggle);
  $$("[data-section]", nav).forEach(function (li) {
    var ul = childList(li);
    if (ul) navCache[li.getAttribute("data-section")] = describeList(ul);
  });
  if (session) writeJSON(session, NAV_CACHE_KEY, navCache);
  restoreSections(nav);
  nav.addEventListener("click", function (e) {
    var button = e.target.closest(".nav-toggle");
    if (!button) return;
    var li = button.closest("[data-section]");
    setSection(li, button.getAttribute("aria-expanded") !== "true", true);
  });
}

/** The menu button opens the navigation on narrow screens; Escape closes it. */
function startMenu(nav, menuButton) {
  function setMenu(open) {
    nav.classList.toggle("open", open);
    menuButton.setAttribute("aria-expanded", String(open));
  }
  if (!nav || !menuButton) return;
  menuButton.addEventListener("click", function () {
    var open = !nav.classList.contains("open");
    setMenu(open);
    // The navigation comes after the header in the page; take the reader there.
    if (open) ($("a[aria-current=page]", nav) || $("a", nav)).focus();
  });
  nav.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && narrow.matches && nav.classList.contains("open")) {
      setMenu(false);
      menuButton.focus();
    }
  });
}

function childList(li) {
  for (var c = li.firstElementChild; c; c = c.nextElementSibling) {
    if (c.tagName === "UL") return c;
  }
  return null;
}
function describeList(ul) {
  return Array.prototype.map.call(ul.children, function (li) {
    var a = $("a", li);
    return { title: a.textContent, url: a.getAttribute("href"), section: li.classList.contains("sec") ? 1 : 0 };
  });
}
/** Gives a section's entry its toggle: open when the build listed its pages. */
function addToggle(li) {
  var a = li.firstElementChild;
  var url = a.getAttribute("href");
  li.setAttribute("data-section", url);
  var button = el("button", "nav-toggle");
  button.type = "button";
  button.setAttribute("aria-expanded", childList(li) ? "true" : "false");
  button.appendChild(el("span", "visually-hidden", "Pages in " + a.textContent));
  a.after(button);
}
function buildList(items) {
  var ul = doc.createElement("ul");
  items.forEach(function (item) {
    var li = el("li", item.section ? "sec" : "");
    var a = el("a", "", item.title);
    a.href = item.url;
    li.appendChild(a);
    if (item.section) addToggle(li);
    ul.appendChild(li);
  });
  return ul;
}
function loadChildren(url) {
  if (navCache[url]) return Promise.resolve(navCache[url]);
  return fetch(url, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    })
    .then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var match = $$("#site-nav li.sec", page).filter(function (li) {
        return li.firstElementChild.getAttribute("href") === url;
      })[0];
      var ul = match && childList(match);
      if (!ul) throw new Error("no list");
      navCache[url] = describeList(ul);
      writeJSON(session, NAV_CACHE_KEY, navCache);
      return navCache[url];
    });
}
function setSection(li, open, remember) {
  var button = $(".nav-toggle", li);
  var url = li.getAttribute("data-section");
  var ul = childList(li);
  if (remember) {
    navOpen[url] = open;
    writeJSON(session, NAV_OPEN_KEY, navOpen);
  }
  if (!open) {
    if (ul) ul.hidden = true;
    button.setAttribute("aria-expanded", "false");
    return Promise.resolve();
  }
  if (ul) {
    ul.hidden = false;
    button.setAttribute("aria-expanded", "true");
    return Promise.resolve();
  }
  button.setAttribute("aria-busy", "true");
  return loadChildren(url).then(function (items) {
    button.removeAttribute("aria-busy");
    if (childList(li)) return;
    li.appendChild(buildList(items));
    button.setAttribute("aria-expanded", "true");
    restoreSections(li);
  }, function () {
    // Offline or not served over HTTP: the section's page lists its pages too.
    button.removeAttribute("aria-busy");
    if (remember) window.location.href = url;
  });
}
function restoreSections(scope) {
  $$("[data-section]", scope).forEach(function (li) {
    if (li === scope) return;
    var url = li.getAttribute("data-section");
    var ul = childList(li);
    if (li.classList.contains("active")) return; // the path to this page stays open
    if (navOpen[url] === true && !ul) setSection(li, true, false);
    else if (navOpen[url] === false && ul) setSection(li, false, false);
  });
}
