// handbook default theme: progressive enhancement for pages that work without it.
// Search box shortcuts, theme toggle, navigation menu and tree, "On this page" highlighting,
// copy buttons, scrollable regions, data table sort and filter, glossary tooltips. ES2017,
// no dependencies.
// The inline script in <head> has already applied the remembered theme and the `js` class.
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var narrow = window.matchMedia("(max-width: 48rem)");
  var prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
  var THEME_KEY = "handbook-theme";
  var NAV_OPEN_KEY = "handbook-nav-open";
  var NAV_CACHE_KEY = "handbook-nav-children";

  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
  function el(tag, className, text) {
    var e = doc.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  function onChange(query, fn) {
    if (query.addEventListener) query.addEventListener("change", fn);
    else if (query.addListener) query.addListener(fn);
  }
  // Storage can be missing or throw (privacy modes); the site must work without it.
  function storage(name) {
    try { var s = window[name]; s.getItem("x"); return s; } catch (e) { return null; }
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");
  function readJSON(store, key) {
    try { return JSON.parse(store.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function writeJSON(store, key, value) {
    try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* full or unavailable */ }
  }

  // Announcements: a visible, polite status message ("Link copied").
  var live = doc.getElementById("live-status");
  var liveTimer = 0;
  function announce(message) {
    if (!live) return;
    clearTimeout(liveTimer);
    live.textContent = "";
    // A fresh text node after a tick makes screen readers repeat a message said before.
    setTimeout(function () {
      live.textContent = message;
      liveTimer = setTimeout(function () { live.textContent = ""; }, 2500);
    }, 50);
  }

  // Search: "/" or Ctrl+K focuses the box in the header; search.js (results as the reader
  // types, and marking the words a result link carries) loads on first use.
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

  // Theme: follows the system until the reader picks the other one; the pick is remembered.
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
  if (themeButton) {
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

  // Navigation: a menu button on narrow screens, expandable sections everywhere.
  var nav = doc.getElementById("site-nav");
  var menuButton = $(".menu-button");
  function setMenu(open) {
    nav.classList.toggle("open", open);
    menuButton.setAttribute("aria-expanded", String(open));
  }
  if (nav && menuButton) {
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

  // The build lists a section's pages only along the path to the current page. Lists seen
  // on earlier pages are kept for the session; others are read from the section's own page.
  var navOpen = session ? readJSON(session, NAV_OPEN_KEY) : {};
  var navCache = session ? readJSON(session, NAV_CACHE_KEY) : {};

  function childList(li) {
    for (var c = li.firstElementChild; c; c = c.nextElementSibling) {
      if (c.tagName === "UL") return c;
    }
    return null;
  }
  function describeList(ul) {
    return Array.prototype.map.call(ul.children, function (li) {
      var a = $("a", li);
      return {
        title: a.textContent,
        url: a.getAttribute("href"),
        section: li.getAttribute("data-section") ? 1 : 0,
        isSection: li.classList.contains("nav-section") ? 1 : 0
      };
    });
  }
  function buildList(items) {
    var ul = doc.createElement("ul");
    items.forEach(function (item) {
      var li = el("li", "nav-item" + (item.isSection ? " nav-section" : ""));
      var row = el("div", "nav-row");
      var a = el("a", "", item.title);
      a.href = item.url;
      row.appendChild(a);
      if (item.section) {
        li.setAttribute("data-section", item.url);
        var button = el("button", "nav-toggle");
        button.type = "button";
        button.setAttribute("aria-expanded", "false");
        button.appendChild(el("span", "visually-hidden", "Pages in " + item.title));
        row.appendChild(button);
      }
      li.appendChild(row);
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
        var match = $$("#site-nav [data-section]", page).filter(function (li) {
          return li.getAttribute("data-section") === url;
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
  if (nav) {
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

  // "On this page": folds on narrow screens, highlights the section being read.
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
  if (headings.length && "IntersectionObserver" in window) {
    var spy = new IntersectionObserver(highlightSection, { rootMargin: "0px 0px -70% 0px" });
    headings.forEach(function (h) { if (h) spy.observe(h); });
    var footer = $(".site-footer");
    if (footer) spy.observe(footer);
    highlightSection();
  }

  // Copying: heading links copy their address, code blocks get a Copy button.
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

  // Boxes that scroll sideways are named regions keyboard users can focus and scroll.
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
  var scrollBoxes = $$(".table-wrap, pre.code");
  function markScrollable() {
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
  if (scrollBoxes.length) {
    markScrollable();
    var resizeTimer = 0;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(markScrollable, 150);
    });
  }

  // Data tables: sort by a column, filter rows. Without JS they are plain tables.
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  function cellText(node) {
    var text = "";
    for (var c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) text += c.nodeValue;
      else if (c.nodeType === 1 && !c.matches(".record-edit, .record-anchor")) text += cellText(c);
    }
    return text;
  }
  function sortKey(cell) {
    var text = cellText(cell).trim();
    var number = text.replace(/[$€£,%\s]/g, "");
    return /^-?\d+(\.\d+)?$/.test(number) ? parseFloat(number) : text;
  }
  function compareKeys(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }
  $$("table.data-table").forEach(function (table, t) {
    var body = table.tBodies[0];
    var head = table.tHead && table.tHead.rows[0];
    if (!body || !head) return;
    var rows = Array.prototype.slice.call(body.rows);
    var caption = table.caption;
    var name = caption ? caption.textContent.trim() : "the table";
    var headers = Array.prototype.slice.call(head.cells);
    headers.forEach(function (th, col) {
      var button = el("button", "sort-button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        var sign = direction === "ascending" ? 1 : -1;
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", direction);
        rows
          .map(function (row, i) { return { row: row, key: sortKey(row.cells[col]), i: i }; })
          .sort(function (a, b) { return sign * compareKeys(a.key, b.key) || a.i - b.i; })
          .forEach(function (entry) { body.appendChild(entry.row); });
        announce("Sorted by " + button.textContent.trim() + ", " + direction);
      });
    });
    var wrap = table.parentNode;
    if (rows.length < 5 || !wrap.classList.contains("data-table-wrap")) return;
    var tools = el("div", "table-tools");
    var id = "table-filter-" + t;
    var label = el("label", "", "Filter rows");
    label.htmlFor = id;
    var input = el("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    if (caption) {
      caption.id = caption.id || "table-caption-" + t;
      input.setAttribute("aria-describedby", caption.id);
    }
    var count = el("output");
    count.setAttribute("aria-live", "polite");
    tools.appendChild(label);
    tools.appendChild(input);
    tools.appendChild(count);
    wrap.insertBefore(tools, wrap.firstChild);
    wrap.classList.add("has-tools");
    var texts = rows.map(function (row) { return cellText(row).toLowerCase(); });
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row, i) {
        row.hidden = query !== "" && texts[i].indexOf(query) < 0;
        if (!row.hidden) shown++;
      });
      count.textContent = query ? shown + " of " + rows.length + " rows in " + name : "";
      markScrollable();
    });
  });

  // Glossary terms: the expansion in a tooltip on hover and keyboard focus, which stays
  // while hovered, and closes with Escape (WCAG 1.4.13). Screen readers get it as a description.
  var terms = $$("abbr.gloss[title]");
  if (terms.length) {
    var descriptions = el("div");
    descriptions.hidden = true;
    var tip = el("div", "gloss-tip");
    tip.hidden = true;
    tip.setAttribute("aria-hidden", "true");
    doc.body.appendChild(descriptions);
    doc.body.appendChild(tip);
    var owner = null;
    var hideTimer = 0;
    terms.forEach(function (term, i) {
      var text = term.getAttribute("title");
      term.removeAttribute("title");
      term.setAttribute("data-expansion", text);
      var description = el("span", "", text);
      description.id = "gloss-" + i;
      descriptions.appendChild(description);
      term.setAttribute("aria-describedby", description.id);
    });
    var showTip = function (term) {
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
    };
    var hideTip = function () {
      clearTimeout(hideTimer);
      tip.hidden = true;
      owner = null;
    };
    var hideSoon = function () {
      clearTimeout(hideTimer);
      // Time to move the pointer onto the tooltip without it closing.
      hideTimer = setTimeout(function () {
        if (owner && owner !== doc.activeElement) hideTip();
      }, 300);
    };
    doc.addEventListener("mouseover", function (e) {
      var term = e.target.closest && e.target.closest("abbr.gloss[data-expansion]");
      if (term) showTip(term);
      else if (e.target === tip || tip.contains(e.target)) clearTimeout(hideTimer);
    });
    doc.addEventListener("mouseout", function (e) {
      var from = e.target.closest && e.target.closest("abbr.gloss[data-expansion], .gloss-tip");
      if (from && !(e.relatedTarget && from.contains(e.relatedTarget))) hideSoon();
    });
    doc.addEventListener("focusin", function (e) {
      var term = e.target.closest && e.target.closest("abbr.gloss[data-expansion]");
      if (term) showTip(term);
      else if (owner) hideTip();
    });
    doc.addEventListener("focusout", function (e) {
      if (owner && e.target === owner) hideTip();
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !tip.hidden) {
        hideTip();
        e.stopPropagation();
      }
    }, true);
    window.addEventListener("resize", function () { if (owner) showTip(owner); });
  }

  // "Print this section": fetch each page listed and put their bodies on this page.
  var printView = doc.querySelector("[data-print-section]");
  if (printView && window.fetch && window.DOMParser) {
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
        var page = new DOMParser().parseFromString(html, "text/html");
        var body = page.querySelector(".page-body");
        if (body) {
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
      }).catch(function () {}).then(function () { printNext(k + 1); });
    };
    printNext(0);
  }
})();
