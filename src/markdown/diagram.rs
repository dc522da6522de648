//! Diagrams drawn at build time: a ```` ```mermaid ```` fence becomes an inline SVG, drawn
//! by merman (a pure-Rust Mermaid renderer), so readers get the picture without Mermaid's
//! JavaScript.
//!
//! Each distinct source is drawn once per process (`Diagrams` keeps what it drew, keyed by
//! the source and the renderer's version), under a deadline, with a panic caught and
//! reported like a syntax error. The SVG is then made the site's: its colours follow the
//! theme's custom properties (`--fg`, `--bg`, mixed by `--dg-tint`, so that light fills
//! turn dark in dark mode and dark ink light), its font is the site's, it is an image with
//! a title and description for assistive technology, and its ids carry a per-occurrence
//! prefix so that two diagrams on a page never share one.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::highlight::escape_html;
use super::html::decode_references;

/// What the drawing depends on besides the source: a new renderer version draws anew.
const RENDERER: &str = "merman 0.9.3";
/// A diagram that takes longer than this is reported instead of drawn.
const DEADLINE: Duration = Duration::from_secs(5);
/// The part of every id that `place` makes unique per occurrence.
const ID_TOKEN: &str = "hbdg";

/// A drawn diagram, ready to place on pages.
#[derive(Debug)]
pub struct Svg {
    /// The SVG, its ids all starting with `ID_TOKEN` + the source's hash.
    markup: String,
    /// The source's hash as it stands in the ids.
    key: String,
    /// The text of its labels, for search and as its description.
    pub labels: String,
    /// The kind of diagram (`flowchart`, `sequence`...).
    pub kind: String,
    /// Its title (Mermaid's `accTitle`, else made from its kind and labels).
    pub title: String,
}

/// Why a diagram was not drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// The line of the diagram's own source, when the renderer knows it.
    pub line: Option<usize>,
}

/// One source's drawing, once made.
type Slot = std::sync::OnceLock<Result<Arc<Svg>, Failure>>;

/// Drawn diagrams, by source.
pub struct Diagrams {
    renderer: merman::Renderer,
    /// Each source's drawing, made by the first page that needs it; a page needing it
    /// meanwhile waits for it rather than drawing it again.
    drawn: Mutex<HashMap<u64, Arc<Slot>>>,
    /// How many times the renderer ran.
    renders: std::sync::atomic::AtomicUsize,
}

impl Default for Diagrams {
    fn default() -> Self {
        Diagrams {
            renderer: merman::Renderer::new(),
            drawn: Mutex::new(HashMap::new()),
            renders: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl Svg {
    /// What tells this diagram from another (its source's hash).
    pub fn id(&self) -> &str {
        &self.key
    }
}

impl Diagrams {
    /// The diagram of a Mermaid source, drawn now or earlier.
    pub fn draw(&self, source: &str) -> Result<Arc<Svg>, Failure> {
        let mut h = DefaultHasher::new();
        (RENDERER, source).hash(&mut h);
        let hash = h.finish();
        let slot = self
            .drawn
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(hash)
            .or_default()
            .clone();
        slot.get_or_init(|| self.render(source, &format!("{hash:016x}")).map(Arc::new))
            .clone()
    }

    /// How many diagrams were drawn (each distinct source once).
    pub fn renders(&self) -> usize {
        self.renders.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn render(&self, source: &str, key: &str) -> Result<Svg, Failure> {
        self.renders
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // merman rejects a trailing space after a quoted subgraph title; Mermaid does not.
        let source: String = source
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n");
        let id = format!("{ID_TOKEN}{key}");
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let request = merman::SvgRequest {
                options: merman::svg::SvgRenderOptions {
                    diagram_id: Some(merman::svg::sanitize_svg_id(&id)),
                    ..Default::default()
                },
                ..Default::default()
            };
            let control = merman::OperationControl::new().with_deadline(DEADLINE);
            self.renderer
                .render(merman::RenderRequest::svg(&source, control, request))
        }));
        let svg = match drawn {
            Ok(Ok(merman::RenderOutput::Svg(Some(svg)))) => svg.svg().to_string(),
            Ok(Ok(_)) => {
                return Err(Failure {
                    message: "no diagram found in the block".into(),
                    line: None,
                })
            }
            Ok(Err(merman::RenderError::Parse(d))) => {
                let line = d
                    .terminal_diagnostic_details()
                    .span
                    .map(|span| source[..span.start.min(source.len())].matches('\n').count() + 1);
                return Err(Failure {
                    message: d.to_string(),
                    line,
                });
            }
            Ok(Err(e)) => {
                return Err(Failure {
                    message: e.to_string(),
                    line: None,
                })
            }
            Err(_) => {
                return Err(Failure {
                    message: "the diagram renderer failed on this diagram".into(),
                    line: None,
                })
            }
        };
        Ok(make_ours(&svg, &id, key))
    }
}

/// Where a diagram is placed: its SVG with ids unique to this occurrence, in a figure that
/// scrolls when the diagram is wider than the page.
pub fn place(svg: &Svg, occurrence: usize) -> String {
    let markup = if occurrence == 0 {
        svg.markup.clone()
    } else {
        svg.markup.replace(
            &format!("{ID_TOKEN}{}", svg.key),
            &format!("{ID_TOKEN}{}x{occurrence}", svg.key),
        )
    };
    let label = &svg.title;
    format!(
        "<figure class=\"diagram diagram-{}\"><div class=\"diagram-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">{markup}</div></figure>\n",
        escape_html(&svg.kind),
        escape_html(label)
    )
}

/// Mermaid's SVG made the site's: ids, colours, font, role and title.
fn make_ours(svg: &str, id: &str, key: &str) -> Svg {
    let kind = attribute(svg, "aria-roledescription")
        .unwrap_or_default()
        .trim_end_matches("-v2")
        .to_string();
    let labels = label_text(svg);
    let mut out = drop_unused_symbols(svg);
    out = rewrite_ids(&out, id);
    out = theme_colors(&out);
    out = accessible(&out, id, &labels, &kind);
    let title = out
        .find("<title")
        .and_then(|i| {
            let start = out[i..].find('>')? + i + 1;
            let end = out[start..].find("</title>")? + start;
            Some(decode_references(&out[start..end]))
        })
        .unwrap_or_else(|| "Diagram".into());
    Svg {
        markup: out,
        key: key.to_string(),
        labels,
        kind: if kind.is_empty() {
            "diagram".into()
        } else {
            kind
        },
        title,
    }
}

/// Leaves out the icon symbols a diagram defines but never uses (sequence diagrams define
/// every actor icon).
fn drop_unused_symbols(svg: &str) -> String {
    let mut out = svg.to_string();
    let mut from = 0;
    while let Some(i) = out[from..].find("<symbol id=\"") {
        let start = from + i;
        let id_start = start + 13;
        let Some(id_len) = out[id_start..].find('"') else {
            break;
        };
        let id = out[id_start..id_start + id_len].to_string();
        let Some(end) = out[start..].find("</symbol>").map(|e| start + e + 9) else {
            break;
        };
        if out.contains(&format!("href=\"#{id}\"")) {
            from = end;
        } else {
            out.replace_range(start..end, "");
            from = start;
        }
    }
    out.replace("<defs></defs>", "")
}

/// The first value of an attribute in a tag soup.
fn attribute(svg: &str, name: &str) -> Option<String> {
    let at = svg.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = svg[at..].find('"')? + at;
    Some(decode_references(&svg[at..end]))
}

/// The text of every label (`<text>` and HTML labels), in order, for search and for the
/// diagram's description.
fn label_text(svg: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let body = match svg.find("</style>") {
        Some(i) => &svg[i..],
        None => svg,
    };
    let mut rest = body;
    while let Some(start) = rest.find('>') {
        rest = &rest[start + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        let text = decode_references(rest[..end].trim())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() && out.last() != Some(&text) {
            out.push(text);
        }
        rest = &rest[end..];
    }
    out.join(" ")
}

/// Gives every id the diagram's prefix (merman leaves a few without it) and keeps each
/// unique, rewriting the references to them.
fn rewrite_ids(svg: &str, prefix: &str) -> String {
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg;
    while let Some(i) = rest.find(" id=\"") {
        let value_start = i + 5;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let old = &rest[value_start..value_start + len];
        let mut new = if old.starts_with(prefix) {
            old.to_string()
        } else {
            format!("{prefix}-{old}")
        };
        let base = new.clone();
        let mut n = 1;
        while seen.contains(&new) {
            n += 1;
            new = format!("{base}-{n}");
        }
        seen.insert(new.clone());
        renamed
            .entry(old.to_string())
            .or_insert_with(|| new.clone());
        out.push_str(&rest[..value_start]);
        out.push_str(&new);
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    // References: url(#x), href="#x", aria-labelledby/describedby="x".
    for (old, new) in renamed.iter().filter(|(o, n)| o != n) {
        for (from, to) in [
            (format!("url(#{old})"), format!("url(#{new})")),
            (format!("href=\"#{old}\""), format!("href=\"#{new}\"")),
            (
                format!("-labelledby=\"{old}\""),
                format!("-labelledby=\"{new}\""),
            ),
            (
                format!("-describedby=\"{old}\""),
                format!("-describedby=\"{new}\""),
            ),
        ] {
            out = out.replace(&from, &to);
        }
    }
    out
}

/// Colours as the site's: a light colour is mixed toward the page background and a dark
/// one toward the text colour by `--dg-tint` (100% in light mode: the colour as drawn;
/// less in dark mode), in the stylesheet, in styles and in presentation attributes (made
/// styles, since attributes cannot read custom properties). The font is the site's.
fn theme_colors(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + svg.len() / 4);
    let (style_start, style_end) = match (svg.find("<style>"), svg.find("</style>")) {
        (Some(a), Some(b)) if a < b => (a + 7, b),
        _ => (0, 0),
    };
    if style_end > 0 {
        out.push_str(&rewrite_tags(&svg[..style_start]));
        out.push_str(&theme_css(&svg[style_start..style_end]));
        out.push_str(&rewrite_tags(&svg[style_end..]));
    } else {
        out.push_str(&rewrite_tags(svg));
    }
    out
}

/// The colours of a stylesheet, and its fonts made the site's.
fn theme_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len() + css.len() / 4);
    for (i, decl) in css.split(';').enumerate() {
        if i > 0 {
            out.push(';');
        }
        if let Some(at) = decl.find("font-family:") {
            out.push_str(&decl[..at]);
            out.push_str("font-family:var(--dg-font)");
            continue;
        }
        out.push_str(&theme_value(decl));
    }
    out
}

/// Every colour in a CSS value (or declaration) replaced by its themed expression.
fn theme_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    loop {
        let next = [rest.find('#'), rest.find("rgb"), rest.find("hsl")]
            .into_iter()
            .flatten()
            .min();
        let Some(i) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let token_end = if rest[i..].starts_with('#') {
            i + 1
                + rest[i + 1..]
                    .find(|c: char| !c.is_ascii_hexdigit())
                    .unwrap_or(rest.len() - i - 1)
        } else {
            rest[i..].find(')').map_or(rest.len(), |e| i + e + 1)
        };
        let token = &rest[i..token_end];
        match parse_color(token) {
            Some(rgb) => out.push_str(&themed(token, rgb)),
            None => out.push_str(token),
        }
        rest = &rest[token_end..];
    }
}

/// The CSS expression a colour becomes.
fn themed(written: &str, rgb: (f64, f64, f64)) -> String {
    let l = luminance(rgb);
    if l > 0.6 {
        format!("color-mix(in srgb,{written} var(--dg-tint,100%),var(--bg))")
    } else if l < 0.06 {
        format!("color-mix(in srgb,{written} var(--dg-tint,100%),var(--fg))")
    } else {
        written.to_string()
    }
}

/// Presentation attributes with colours (`fill`, `stroke`, `stop-color`, `flood-color`)
/// moved into the element's style, themed; colours in `style` themed.
fn rewrite_tags(svg: &str) -> String {
    const COLOR_ATTRS: [&str; 4] = ["fill", "stroke", "stop-color", "flood-color"];
    let mut out = String::with_capacity(svg.len() + svg.len() / 4);
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            out.push_str(&rest[lt..]);
            return out;
        };
        let tag = &rest[lt..lt + gt + 1];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with("</") || tag.starts_with("<!") || !tag.contains('=') {
            out.push_str(tag);
            continue;
        }
        let mut style = String::new();
        let mut kept = String::with_capacity(tag.len());
        let mut t = tag;
        while let Some(eq) = t.find("=\"") {
            let name_start = t[..eq].rfind(' ').map_or(0, |s| s + 1);
            let name = &t[name_start..eq];
            let Some(len) = t[eq + 2..].find('"') else {
                break;
            };
            let value = &t[eq + 2..eq + 2 + len];
            if COLOR_ATTRS.contains(&name) && parse_color(value).is_some() {
                kept.push_str(t[..name_start].trim_end_matches(' '));
                style.push_str(&format!("{name}:{};", theme_value(value)));
            } else if name == "style" {
                kept.push_str(t[..name_start].trim_end_matches(' '));
                style.push_str(&theme_value(value));
                if !style.ends_with(';') {
                    style.push(';');
                }
            } else {
                kept.push_str(&t[..eq + 2 + len + 1]);
            }
            t = &t[eq + 2 + len + 1..];
        }
        kept.push_str(t);
        if style.is_empty() {
            out.push_str(&kept);
        } else {
            // Back in as one style attribute, before the tag's end.
            let end = if kept.ends_with("/>") {
                kept.len() - 2
            } else {
                kept.len() - 1
            };
            let head = kept[..end].trim_end();
            out.push_str(head);
            out.push_str(&format!(" style=\"{}\"", style.replace('"', "'")));
            out.push_str(&kept[end..]);
        }
    }
    out.push_str(rest);
    out
}

/// `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()`, `hsl()`/`hsla()` as 0..1 channels.
fn parse_color(c: &str) -> Option<(f64, f64, f64)> {
    let c = c.trim();
    if let Some(h) = c.strip_prefix('#') {
        let full: String = match h.len() {
            3 | 4 => h.chars().take(3).flat_map(|x| [x, x]).collect(),
            6 | 8 => h[..6].to_string(),
            _ => return None,
        };
        let ch = |i: usize| {
            u8::from_str_radix(&full[i..i + 2], 16)
                .ok()
                .map(|v| f64::from(v) / 255.0)
        };
        return Some((ch(0)?, ch(2)?, ch(4)?));
    }
    let inner = c.split_once('(')?.1.strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| p.trim_end_matches(['%', 'd', 'e', 'g']).parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    if parts.len() < 3 {
        return None;
    }
    if c.starts_with("rgb") {
        Some((parts[0] / 255.0, parts[1] / 255.0, parts[2] / 255.0))
    } else {
        Some(hsl_to_rgb(parts[0], parts[1] / 100.0, parts[2] / 100.0))
    }
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (f64, f64, f64) {
    let h = h.rem_euclid(360.0) / 360.0;
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let hue = |t: f64| {
        let t = t.rem_euclid(1.0);
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    (hue(h + 1.0 / 3.0), hue(h), hue(h - 1.0 / 3.0))
}

fn luminance((r, g, b): (f64, f64, f64)) -> f64 {
    let ch = |v: f64| {
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

/// An image to assistive technology, with a title (Mermaid's `accTitle`, else derived
/// from its kind and first labels) and a description (`accDescr`, else its labels).
fn accessible(svg: &str, id: &str, labels: &str, kind: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let open = &svg[..open_end];
    let mut out = String::with_capacity(svg.len() + 256);
    let mut head = open.replace("role=\"graphics-document document\"", "role=\"img\"");
    // Its natural width, so that the page's CSS lets it shrink only so far (then scroll).
    if let Some(at) = head.find("max-width: ") {
        let width: String = head[at + 11..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if !width.is_empty() {
            head = head.replacen("max-width: ", &format!("--dg-w: {width}px; max-width: "), 1);
        }
    }
    if !head.contains(" role=") {
        head.push_str(" role=\"img\"");
    }
    let has_title = open.contains("aria-labelledby=");
    if !has_title {
        let title_id = format!("{id}-title");
        let desc_id = format!("{id}-desc");
        head.push_str(&format!(
            " aria-labelledby=\"{title_id}\" aria-describedby=\"{desc_id}\""
        ));
        out.push_str(&head);
        out.push('>');
        let shown: String = labels.chars().take(80).collect();
        let name = if kind.is_empty() { "Diagram" } else { kind };
        out.push_str(&format!(
            "<title id=\"{title_id}\">{}: {}</title><desc id=\"{desc_id}\">{}</desc>",
            escape_html(&capitalize(name)),
            escape_html(shown.trim()),
            escape_html(labels)
        ));
    } else {
        out.push_str(&head);
        out.push('>');
    }
    out.push_str(&svg[open_end + 1..]);
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_themed_by_lightness() {
        assert_eq!(
            theme_value("fill:#ffffff"),
            "fill:color-mix(in srgb,#ffffff var(--dg-tint,100%),var(--bg))"
        );
        assert_eq!(
            theme_value("stroke:#28253D"),
            "stroke:color-mix(in srgb,#28253D var(--dg-tint,100%),var(--fg))"
        );
        assert_eq!(theme_value("stroke:#f87171"), "stroke:#f87171");
        assert!(theme_value("background-color:hsl(-120, 0%, 80%)").contains("var(--bg)"));
    }

    #[test]
    fn attributes_become_styles_and_ids_get_the_prefix() {
        let svg = r##"<svg id="hbdgab"><rect fill="#ffffff" x="1"/><g id="actor0"><use href="#actor0"/></g><g id="actor0"/></svg>"##;
        let out = rewrite_tags(&rewrite_ids(svg, "hbdgab"));
        assert!(
            out.contains("<rect x=\"1\" style=\"fill:color-mix("),
            "{out}"
        );
        assert!(out.contains("id=\"hbdgab-actor0\""), "{out}");
        assert!(out.contains("href=\"#hbdgab-actor0\""), "{out}");
        assert!(out.contains("id=\"hbdgab-actor0-2\""), "{out}");
    }

    #[test]
    fn draws_and_reports() {
        let d = Diagrams::default();
        let svg = d
            .draw("flowchart LR\n  A[Register deal] --> B{Approved?}\n  B -->|yes| C[Close]\n")
            .unwrap();
        assert!(svg.labels.contains("Register deal"), "{}", svg.labels);
        assert_eq!(svg.kind, "flowchart");
        let placed = place(&svg, 1);
        assert!(placed.contains("role=\"img\""));
        assert!(!placed.contains("<script"));
        assert!(placed.contains(&format!("{ID_TOKEN}{}x1", svg.key)));
        let err = d.draw("flowchart LR\n  A --> \n  B[[[\n").unwrap_err();
        assert!(!err.message.is_empty());
    }
}
