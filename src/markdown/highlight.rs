//! Code highlighting: syntect's grammars, loaded once per process and shared by all pages,
//! and a light and a dark syntect theme resolved at build time into a palette.
//!
//! Each run of code with one colour becomes `<span class="lN dM">`: `N` numbers the light
//! theme's colour, `M` the dark theme's, and the stylesheet (`CodeTheme::css`) gives each
//! number its colour, the dark ones under the dark colour scheme. Colours are adjusted to
//! 4.5:1 against the code background. Unknown languages render as escaped plain code,
//! never fail.

use std::collections::HashMap;
use std::fmt::Write as _;

use std::rc::Rc;
use std::sync::{Arc, Mutex};

use syntect::highlighting::{
    Color, FontStyle, Highlighter as StyleMatcher, Style, Theme, ThemeSet,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The default theme's code backgrounds (`--soft` in handbook.css), light and dark: code
/// colours are made to read on them.
const LIGHT_BACKGROUND: Color = Color {
    r: 0xf6,
    g: 0xf8,
    b: 0xfa,
    a: 0xff,
};
const DARK_BACKGROUND: Color = Color {
    r: 0x16,
    g: 0x1b,
    b: 0x22,
    a: 0xff,
};
/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

/// One theme as the palette sees it: its colours numbered, and its default style.
struct Side {
    theme: Theme,
    index: HashMap<(u8, u8, u8, u8), usize>,
    colors: Vec<Color>,
    default: Style,
}

impl Side {
    fn new(theme: Theme) -> Side {
        let mut colors: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|item| item.style.foreground)
            .chain(theme.settings.foreground)
            .collect();
        colors.sort_by_key(|c| (c.r, c.g, c.b, c.a));
        colors.dedup();
        let index = colors
            .iter()
            .enumerate()
            .map(|(i, c)| ((c.r, c.g, c.b, c.a), i))
            .collect();
        let default = StyleMatcher::new(&theme).get_default();
        Side {
            theme,
            index,
            colors,
            default,
        }
    }

    /// The palette number of a style's colour (`None`: the theme's default text colour).
    fn number(&self, style: &Style) -> Option<usize> {
        if style.foreground == self.default.foreground {
            return None;
        }
        let c = style.foreground;
        self.index.get(&(c.r, c.g, c.b, c.a)).copied()
    }
}

/// The light and dark themes code is coloured with.
pub struct CodeTheme {
    light: Side,
    dark: Side,
    /// Tells this palette's cached classes from another's.
    id: u64,
    /// Code blocks highlighted with this palette so far.
    blocks: Mutex<Blocks>,
}

/// The HTML of code blocks already highlighted, by language and code: a snippet repeated
/// across pages (an install command, a config example) is highlighted once. It holds up to
/// `BLOCKS_BYTES`; a block that would take it over empties it first.
struct Blocks {
    /// (language, code, HTML) by a hash of language and code.
    html: HashMap<u64, Vec<Block>, FxBuild>,
    bytes: usize,
    /// What it may hold (`BLOCKS_BYTES`).
    limit: usize,
}

impl Default for Blocks {
    fn default() -> Self {
        Blocks {
            html: HashMap::default(),
            bytes: 0,
            limit: BLOCKS_BYTES,
        }
    }
}

/// A highlighted block: its language, its code and its HTML.
type Block = (Option<Box<str>>, Box<str>, Arc<str>);

impl Blocks {
    fn key(code: &str, lang: Option<&str>) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::search::fxhash::FxHasher::default();
        (code, lang).hash(&mut h);
        h.finish()
    }

    fn get(&self, key: u64, code: &str, lang: Option<&str>) -> Option<Arc<str>> {
        let same = |(l, c, _): &&Block| l.as_deref() == lang && &**c == code;
        Some(self.html.get(&key)?.iter().find(same)?.2.clone())
    }
}

/// What the cache of highlighted blocks may hold: code, HTML and `BLOCK_COST` a block.
const BLOCKS_BYTES: usize = 48 << 20;
/// What a cached block takes besides its code and HTML (its entry, its language, the
/// shared HTML's counts).
const BLOCK_COST: usize = 96;

/// Classes by palette, then by scope stack (looked up by slice: no key is made to look).
type ClassCache = HashMap<u64, HashMap<Vec<Scope>, Rc<str>, FxBuild>>;
type FxBuild = std::hash::BuildHasherDefault<crate::search::fxhash::FxHasher>;

thread_local! {
    /// The classes of scope stacks met so far, by palette: stacks repeat, and matching a
    /// stack against a theme's selectors costs far more than finding it here.
    static CLASSES: std::cell::RefCell<ClassCache> = std::cell::RefCell::new(HashMap::new());
}

impl CodeTheme {
    /// The syntect themes named `light` and `dark` (`ThemeSet::load_defaults` names).
    pub fn load(light: &str, dark: &str) -> Result<CodeTheme, String> {
        let themes = ThemeSet::load_defaults();
        let names: Vec<String> = themes.themes.keys().cloned().collect();
        let take = |name: &str| {
            themes.themes.get(name).cloned().ok_or_else(|| {
                format!(
                    "unknown highlight theme `{name}`; available: {}",
                    names.join(", ")
                )
            })
        };
        let light = take(light)?;
        let dark = take(dark)?;
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Ok(CodeTheme {
            light: Side::new(light),
            dark: Side::new(dark),
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            blocks: Mutex::default(),
        })
    }

    /// The classes of text under a scope stack.
    fn class_of(&self, stack: &[Scope]) -> Rc<str> {
        CLASSES.with(|cache| {
            let mut cache = cache.borrow_mut();
            let classes = cache.entry(self.id).or_default();
            if let Some(class) = classes.get(stack) {
                return class.clone();
            }
            let light = StyleMatcher::new(&self.light.theme).style_for_stack(stack);
            let dark = StyleMatcher::new(&self.dark.theme).style_for_stack(stack);
            let class: Rc<str> = Rc::from(class_for(self, &light, &dark));
            classes.insert(stack.to_vec(), class.clone());
            class
        })
    }

    /// The default pair, for when the configured one cannot be loaded (reported apart).
    pub fn fallback() -> CodeTheme {
        let config = crate::config::HighlightThemes::default();
        CodeTheme::load(&config.light, &config.dark).expect("the default syntect themes exist")
    }

    /// The stylesheet for highlighted code: light colours by default, dark ones when the
    /// reader's system prefers dark (unless the page forces light) or the page forces dark.
    pub fn css(&self) -> String {
        let mut out = String::new();
        for (i, c) in self.light.colors.iter().enumerate() {
            let c = readable(*c, LIGHT_BACKGROUND);
            let _ = writeln!(out, "pre.code .l{i} {{ color: {} }}", hex(c));
        }
        out.push_str("pre.code .fb { font-weight: bold }\npre.code .fi { font-style: italic }\npre.code .fu { text-decoration: underline }\n");
        let dark_rules = |prefix: &str| -> String {
            self.dark
                .colors
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let c = readable(*c, DARK_BACKGROUND);
                    format!("{prefix}pre.code .d{i} {{ color: {} }}\n", hex(c))
                })
                .collect()
        };
        out.push_str("@media (prefers-color-scheme: dark) {\n");
        out.push_str(&dark_rules(":root:not([data-theme=\"light\"]) "));
        out.push_str("}\n");
        out.push_str(&dark_rules(":root[data-theme=\"dark\"] "));
        out
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }

    fn syntax(&self, lang: Option<&str>) -> Option<&SyntaxReference> {
        lang.and_then(|l| {
            let l = match l {
                "sh" | "shell" | "console" | "zsh" => "bash",
                "yml" => "yaml",
                other => other,
            };
            self.syntaxes.find_syntax_by_token(l)
        })
    }

    /// HTML for a code block's contents (without the `<pre>` wrapper).
    pub fn highlight(&self, code: &str, lang: Option<&str>, theme: &CodeTheme) -> Arc<str> {
        let Some(syntax) = self.syntax(lang) else {
            return escape_html(code).into();
        };
        let key = Blocks::key(code, lang);
        let lock = || theme.blocks.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(html) = lock().get(key, code, lang) {
            return html;
        }
        let html: Arc<str> = self.highlight_with(code, syntax, theme).into();
        let mut blocks = lock();
        let size = code.len() + html.len() + BLOCK_COST;
        if size <= blocks.limit && blocks.get(key, code, lang).is_none() {
            if blocks.bytes + size > blocks.limit {
                blocks.html.clear();
                blocks.bytes = 0;
            }
            blocks.bytes += size;
            let entry = (lang.map(Box::from), Box::from(code), html.clone());
            blocks.html.entry(key).or_default().push(entry);
        }
        html
    }

    fn highlight_with(&self, code: &str, syntax: &SyntaxReference, theme: &CodeTheme) -> String {
        let mut parse = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Runs::default();
        let mut class = theme.class_of(stack.as_slice());
        for line in LinesWithEndings::from(code) {
            let Ok(ops) = parse.parse_line(line, &self.syntaxes) else {
                return escape_html(code);
            };
            let mut pos = 0;
            for (at, op) in &ops {
                let at = (*at).min(line.len());
                if at > pos {
                    out.push(&class, &line[pos..at]);
                    pos = at;
                }
                if stack.apply(op).is_err() {
                    return escape_html(code);
                }
                class = theme.class_of(stack.as_slice());
            }
            out.push(&class, &line[pos..]);
        }
        out.finish()
    }

    /// What syntect's own classed HTML takes (the benchmark's floor).
    pub fn highlight_classed(&self, code: &str, lang: Option<&str>) -> String {
        let Some(syntax) = self.syntax(lang) else {
            return escape_html(code);
        };
        let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, style);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape_html(code);
            }
        }
        gen.finalize()
    }

    /// Whether a language name is known (for the benchmark's floor and for tests).
    pub fn knows(&self, lang: &str) -> bool {
        self.syntaxes.find_syntax_by_token(lang).is_some()
    }
}

/// The classes of a run: `lN dM` and the font styles both themes give it; empty for the
/// default text of both.
fn class_for(theme: &CodeTheme, light: &Style, dark: &Style) -> String {
    let (l, d) = (theme.light.number(light), theme.dark.number(dark));
    let font = light.font_style & dark.font_style;
    if l.is_none() && d.is_none() && font.is_empty() {
        return String::new();
    }
    let mut class = String::new();
    // Both colours, so that neither scheme falls back to the other's.
    let _ = write!(
        class,
        "l{} d{}",
        l.map_or(theme.light.default_number(), Some).unwrap_or(0),
        d.map_or(theme.dark.default_number(), Some).unwrap_or(0)
    );
    for (flag, name) in [
        (FontStyle::BOLD, " fb"),
        (FontStyle::ITALIC, " fi"),
        (FontStyle::UNDERLINE, " fu"),
    ] {
        if font.contains(flag) {
            class.push_str(name);
        }
    }
    class
}

impl Side {
    /// The palette number of the default text colour.
    fn default_number(&self) -> Option<usize> {
        let c = self.default.foreground;
        self.index.get(&(c.r, c.g, c.b, c.a)).copied()
    }
}

/// Highlighted runs, merged while their classes are equal.
#[derive(Default)]
struct Runs {
    out: String,
    class: String,
    text: String,
}

impl Runs {
    fn push(&mut self, class: &Rc<str>, text: &str) {
        if **class != *self.class {
            self.flush();
            self.class = class.to_string();
        }
        self.text.push_str(text);
    }

    fn flush(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = escape_html(&self.text);
        if self.class.is_empty() {
            self.out.push_str(&text);
        } else {
            let _ = write!(self.out, "<span class=\"{}\">{text}</span>", self.class);
        }
        self.text.clear();
    }

    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// `#rrggbb`.
fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// The colour as seen on `bg` (its alpha blended), moved toward black or white until it
/// has `MIN_CONTRAST` against `bg`.
fn readable(c: Color, bg: Color) -> Color {
    let blend = |x: u8, y: u8| -> u8 {
        let a = f64::from(c.a) / 255.0;
        (f64::from(x) * a + f64::from(y) * (1.0 - a)).round() as u8
    };
    let mut c = Color {
        r: blend(c.r, bg.r),
        g: blend(c.g, bg.g),
        b: blend(c.b, bg.b),
        a: 0xff,
    };
    let toward = if luminance(bg) > 0.5 { 0u8 } else { 255u8 };
    for _ in 0..40 {
        if contrast(c, bg) >= MIN_CONTRAST {
            break;
        }
        let step = |x: u8| -> u8 { (f64::from(x) * 0.92 + f64::from(toward) * 0.08).round() as u8 };
        c = Color {
            r: step(c.r),
            g: step(c.g),
            b: step(c.b),
            a: 0xff,
        };
    }
    c
}

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> CodeTheme {
        CodeTheme::load("InspiredGitHub", "base16-ocean.dark").unwrap()
    }

    #[test]
    fn known_and_unknown_languages() {
        let h = Highlighter::new();
        let html = h.highlight("fn main() {}\n", Some("rust"), &theme());
        assert!(html.contains("<span class=\"l"), "{html}");
        assert!(html.contains(" d"), "{html}");
        let plain = h.highlight("<x> & y\n", Some("no-such-language"), &theme());
        assert_eq!(&*plain, "&lt;x&gt; &amp; y\n");
    }

    #[test]
    fn runs_of_one_colour_are_one_span_and_text_is_escaped() {
        let h = Highlighter::new();
        let html = h.highlight("# a <b> comment\nkey: \"v\"\n", Some("yaml"), &theme());
        assert!(html.contains("&lt;b&gt;"), "{html}");
        // The comment, its `#` included, is one run.
        assert!(html.contains("\"># a &lt;b&gt; comment\n</span>"), "{html}");
    }

    #[test]
    fn a_repeated_block_is_highlighted_once_with_the_same_html() {
        let h = Highlighter::new();
        let t = theme();
        let code = "let x = 1;\n";
        let first = h.highlight(code, Some("rust"), &t);
        let again = h.highlight(code, Some("rust"), &t);
        assert!(Arc::ptr_eq(&first, &again));
        // The same code in another language, or with another palette, is its own block.
        let other_lang = h.highlight(code, Some("js"), &t);
        assert!(!Arc::ptr_eq(&first, &other_lang));
        assert_ne!(first, other_lang);
        let fresh = h.highlight(code, Some("rust"), &theme());
        assert!(!Arc::ptr_eq(&first, &fresh));
        assert_eq!(first, fresh);
        // Other code is not taken for it.
        let longer = h.highlight("let x = 12;\n", Some("rust"), &t);
        assert!(longer.contains("12"), "{longer}");
        assert_eq!(t.blocks.lock().unwrap().html.values().flatten().count(), 3);
    }

    #[test]
    fn the_block_cache_empties_when_full_and_keeps_highlighting() {
        let h = Highlighter::new();
        let t = theme();
        t.blocks.lock().unwrap().limit = 1000;
        for i in 0..40 {
            let code = format!("let x{i} = {i};\n");
            let html = h.highlight(&code, Some("rust"), &t);
            assert_eq!(html, h.highlight(&code, Some("rust"), &theme()));
            let blocks = t.blocks.lock().unwrap();
            assert!(blocks.bytes <= 1000, "{}", blocks.bytes);
            assert!(blocks
                .get(Blocks::key(&code, Some("rust")), &code, Some("rust"))
                .is_some());
        }
        // A block larger than the whole cache is highlighted and not kept.
        let big = "let y = 1;\n".repeat(200);
        h.highlight(&big, Some("rust"), &t);
        let blocks = t.blocks.lock().unwrap();
        assert!(blocks
            .get(Blocks::key(&big, Some("rust")), &big, Some("rust"))
            .is_none());
    }

    #[test]
    fn css_has_both_themes_and_readable_colours() {
        let t = theme();
        let css = t.css();
        assert!(css.contains("pre.code .l0 {"), "{css}");
        assert!(
            css.contains(":root[data-theme=\"dark\"] pre.code .d0 {"),
            "{css}"
        );
        for line in css.lines().filter(|l| l.contains("color: #")) {
            let hexs = line.split("color: #").nth(1).unwrap();
            let v = u32::from_str_radix(&hexs[..6], 16).unwrap();
            let c = Color {
                r: (v >> 16) as u8,
                g: (v >> 8) as u8,
                b: v as u8,
                a: 255,
            };
            let bg = if line.contains(".d") {
                DARK_BACKGROUND
            } else {
                LIGHT_BACKGROUND
            };
            assert!(contrast(c, bg) >= MIN_CONTRAST, "{line}");
        }
        assert!(CodeTheme::load("nope", "base16-ocean.dark").is_err());
    }
}
