//! Code highlighting with syntect's CSS classes: loaded once per process, shared by all
//! pages. Unknown languages render as escaped plain code, never fail.

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }

    /// HTML for a code block's contents (without the `<pre>` wrapper).
    pub fn highlight(&self, code: &str, lang: Option<&str>) -> String {
        let syntax = lang.and_then(|l| {
            let l = match l {
                "sh" | "shell" | "console" | "zsh" => "bash",
                "yml" => "yaml",
                other => other,
            };
            self.syntaxes.find_syntax_by_token(l)
        });
        let Some(syntax) = syntax else {
            return escape_html(code);
        };
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
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

/// The stylesheet for highlighted code: the light theme by default, the dark theme when the
/// reader's system prefers dark (unless the page forces light) or the page forces dark.
pub fn highlight_css(light: &str, dark: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let get = |name: &str| {
        themes.themes.get(name).ok_or_else(|| {
            let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
            format!(
                "unknown highlight theme `{name}`; available: {}",
                names.join(", ")
            )
        })
    };
    let light_css =
        css_for_theme_with_class_style(get(light)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    let dark_css =
        css_for_theme_with_class_style(get(dark)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    let mut out = String::new();
    out.push_str(&strip_comments(&light_css));
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&prefix_selectors(
        &dark_css,
        ":root:not([data-theme=\"light\"]) ",
    ));
    out.push_str("}\n");
    out.push_str(&prefix_selectors(&dark_css, ":root[data-theme=\"dark\"] "));
    Ok(out)
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

fn prefix_selectors(css: &str, prefix: &str) -> String {
    strip_comments(css)
        .lines()
        .map(|line| {
            let t = line.trim_end();
            if let Some(sel) = t.strip_suffix('{') {
                let parts: Vec<String> = sel
                    .split(',')
                    .map(|s| format!("{prefix}{}", s.trim()))
                    .collect();
                format!("{} {{\n", parts.join(", "))
            } else {
                format!("{line}\n")
            }
        })
        .collect()
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

    #[test]
    fn known_and_unknown_languages() {
        let h = Highlighter::new();
        let html = h.highlight("fn main() {}\n", Some("rust"));
        assert!(html.contains("hl-"), "{html}");
        let plain = h.highlight("<x> & y\n", Some("no-such-language"));
        assert_eq!(plain, "&lt;x&gt; &amp; y\n");
    }

    #[test]
    fn css_has_both_themes() {
        let css = highlight_css("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(css.contains(".hl-code"));
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-code"));
        assert!(highlight_css("nope", "base16-ocean.dark").is_err());
    }
}
