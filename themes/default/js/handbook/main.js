// The default theme's script (static/handbook.js is this, bundled and minified by
// build.js): progressive enhancement for pages that work without it. Search box
// shortcuts, theme toggle, navigation menu and tree, "On this page" highlighting, copy
// buttons, scrollable regions, data table sort and filter, glossary tooltips, printing a
// section. The inline script in <head> has already applied the remembered theme and the
// `js` class.

import { startSearchKeys } from "./search-keys.js";
import { startThemeToggle } from "./theme-toggle.js";
import { startNav } from "./nav.js";
import { startToc } from "./toc.js";
import { startCopy } from "./copy.js";
import { startScrollRegions } from "./scroll-regions.js";
import { startDataTables } from "./data-tables.js";
import { startGlossaryTips } from "./glossary-tips.js";
import { startPrintSection } from "./print-section.js";

startSearchKeys();
startThemeToggle();
startNav();
startToc();
startCopy();
startScrollRegions();
startDataTables();
startGlossaryTips();
startPrintSection();
