//! Code in a page: inline code and code blocks (highlighted, with the shortcodes standing
//! in them), and the blocks that are not code but drawn: Mermaid diagrams, PlantUML (not
//! drawn, reported), and math.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event};

use super::super::diagram;
use super::super::highlight::escape_html;
use super::super::shortcode::{self, Piece};
use super::{DocumentParse, Walk};
use crate::diagnostics::{Diagnostic, Position, Rule};

impl DocumentParse<'_, '_> {
    /// Inline code: escaped calls written out; other calls recorded.
    pub(super) fn inline_code(&mut self, w: &Walk, code: &str) {
        let mut code = code.to_string();
        for (n, range) in shortcode::find_tokens(&code).into_iter().rev() {
            match w.pieces.get(&n) {
                Some(Piece::Escape(literal)) => code.replace_range(range, literal),
                Some(Piece::Node(_)) => {
                    let token = code[range].to_string();
                    self.embedded(w, n, token);
                }
                None => {}
            }
        }
        self.push(Event::Code(CowStr::from(code)));
    }

    /// A fenced or indented code block, highlighted now. A call inside is replaced by a
    /// word the highlighter keeps whole, and recorded.
    pub(super) fn code_block(
        &mut self,
        w: &Walk,
        kind: &CodeBlockKind,
        body: &[(Event<'_>, Range<usize>)],
        offset: usize,
    ) {
        let mut code = String::new();
        for (e, _) in body {
            if let Event::Text(t) = e {
                code.push_str(t);
            }
        }
        let mut searchable = code.clone();
        for (n, range) in shortcode::find_tokens(&code).into_iter().rev() {
            match w.pieces.get(&n) {
                Some(Piece::Escape(literal)) => {
                    code.replace_range(range.clone(), literal);
                    searchable.replace_range(range, literal);
                }
                Some(Piece::Node(node)) if node.call.name == "include" => {
                    // Hugo pastes the file in: its text becomes code.
                    let text = self.included_text(w, node).unwrap_or_default();
                    code.replace_range(range.clone(), text.trim_end_matches('\n'));
                    searchable.replace_range(range, text.trim_end_matches('\n'));
                }
                Some(Piece::Node(_)) => {
                    let word = format!("HbScCode{n}X");
                    code.replace_range(range.clone(), &word);
                    searchable.replace_range(range, "");
                    self.embedded(w, n, word);
                }
                None => {}
            }
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .filter(|l| !l.is_empty())
                .map(str::to_string),
            CodeBlockKind::Indented => None,
        };
        let note = match lang.as_deref() {
            Some("mermaid") => match self.ctx.diagrams.draw(&code) {
                Ok(svg) => return self.diagram(&svg),
                Err(failure) => Some(self.diagram_failed(w, offset, failure)),
            },
            Some("plantuml" | "puml") => Some(self.unsupported_diagram(w, offset)),
            Some("math") => return self.math_block(w, &code, offset),
            _ => None,
        };
        let html = self
            .ctx
            .highlighter
            .highlight(&code, lang.as_deref(), self.ctx.code_theme);
        let lang_attr = lang
            .as_deref()
            .map(|l| format!(" data-lang=\"{}\"", escape_html(l)))
            .unwrap_or_default();
        self.doc
            .code_blocks
            .push((self.doc.events.len(), searchable));
        let note = note
            .map(|n| format!("<p class=\"diagram-note\">{}</p>", escape_html(n)))
            .unwrap_or_default();
        self.push(Event::Html(CowStr::from(format!(
            "{note}<pre class=\"code\"{lang_attr}><code>{html}</code></pre>\n"
        ))));
    }

    /// A diagram drawn: placed with ids unique on the page; its labels indexed as code
    /// (low weight).
    fn diagram(&mut self, svg: &diagram::Svg) {
        let placed = self
            .diagrams_placed
            .entry(svg.id().to_string())
            .or_insert(0);
        let occurrence = *placed;
        *placed += 1;
        let html = diagram::place(svg, occurrence);
        self.doc
            .code_blocks
            .push((self.doc.events.len(), svg.labels.clone()));
        self.push(Event::Html(CowStr::from(html)));
    }

    /// A diagram the renderer rejected: a warning at the fence (and the diagram's own
    /// line), and the source shown as code with a note.
    fn diagram_failed(
        &mut self,
        w: &Walk,
        offset: usize,
        failure: diagram::Failure,
    ) -> &'static str {
        let fence = w.pos(offset);
        let (pos, at) = match failure.line {
            Some(line) => (
                Position {
                    line: fence.line + line,
                    col: 1,
                },
                format!(" (line {line} of the diagram)"),
            ),
            None => (fence, String::new()),
        };
        self.diags.push(
            Diagnostic::warning(
                w.src.origin.file.as_ref(),
                Rule::Diagram,
                format!(
                    "the Mermaid diagram cannot be drawn{at}: {}",
                    failure.message
                ),
            )
            .at(pos)
            .with_hint("check the diagram's syntax; the page shows its source meanwhile"),
        );
        "This diagram could not be drawn; its source is shown instead."
    }

    /// PlantUML needs a Java server the build does not run.
    fn unsupported_diagram(&mut self, w: &Walk, offset: usize) -> &'static str {
        self.diags.push(
            Diagnostic::warning(
                w.src.origin.file.as_ref(),
                Rule::UnsupportedDiagram,
                "PlantUML diagrams are not drawn: they need a PlantUML server this build does not run",
            )
            .at(w.pos(offset))
            .with_hint("redraw it as a ```mermaid block, or set `severity: {unsupported-diagram: off}`; the page shows its source"),
        );
        "PlantUML diagram, shown as its source."
    }

    /// Inline or display math (`$...$`, `$$...$$`) as MathML; invalid LaTeX is an error at
    /// its place, shown as written. `offset` is where the expression starts.
    pub(super) fn math(&mut self, w: &Walk, tex: &str, block: bool, offset: usize) {
        match self.ctx.math.to_mathml(tex, block) {
            Ok(mathml) => self.push(Event::InlineHtml(CowStr::from(mathml))),
            Err(e) => {
                let pos = w.pos(offset + e.at);
                self.math_error(w, &e.message, pos);
                self.push(Event::Code(CowStr::from(tex.to_string())));
            }
        }
    }

    /// A ```` ```math ```` fence: display math. `offset` is the fence's.
    fn math_block(&mut self, w: &Walk, tex: &str, offset: usize) {
        match self.ctx.math.to_mathml(tex, true) {
            Ok(mathml) => self.push(Event::Html(CowStr::from(format!(
                "<div class=\"math\">{mathml}</div>\n"
            )))),
            Err(e) => {
                // The expression starts on the line after the fence.
                let before = &tex[..e.at.min(tex.len())];
                let line = w.pos(offset).line + 1 + before.matches('\n').count();
                let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                self.math_error(w, &e.message, Position { line, col });
                self.push(Event::Html(CowStr::from(format!(
                    "<pre class=\"code\" data-lang=\"math\"><code>{}</code></pre>\n",
                    escape_html(tex)
                ))));
            }
        }
    }

    fn math_error(&mut self, w: &Walk, message: &str, pos: Position) {
        self.diags.push(
            Diagnostic::error(
                w.src.origin.file.as_ref(),
                Rule::Math,
                format!("invalid LaTeX: {message}"),
            )
            .at(pos)
            .with_hint("fix the expression; a `$` that is not math is written `\\$`"),
        );
    }
}
