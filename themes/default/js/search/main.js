// The search script the theme ships (static/search.js is this, bundled and minified by
// build.js): search starts on the page that loads it.

import { startPage } from "./page.js";

startPage(document);
