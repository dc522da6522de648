//! Includes: a file's Markdown parsed in place, as part of the page that includes it.

use super::super::shortcode::Node;
use super::super::{Origin, Source, INCLUDE_DIR_KEY};
use super::{DocumentParse, Mode, Walk, MAX_INCLUDE_DEPTH};
use crate::diagnostics::{Diagnostic, Position, Rule};

impl DocumentParse<'_, '_> {
    /// The key and the path as written of the file a call includes, if there is such a
    /// file (else the problem is reported).
    fn include_target(&mut self, w: &Walk, node: &Node, pos: Position) -> Option<(String, String)> {
        let file = w.src.origin.file.clone();
        let err = |msg: String, hint: &str| {
            Diagnostic::error(file.as_ref(), Rule::Include, msg)
                .at(pos)
                .with_hint(hint.to_string())
        };
        let (key, written) = match (node.call.args.get("path"), node.call.positional.first()) {
            (Some(path), _) => (path.trim_start_matches('/').to_string(), path.clone()),
            (None, Some(path)) => (
                format!("{INCLUDE_DIR_KEY}{}", path.trim_start_matches('/')),
                path.clone(),
            ),
            (None, None) => {
                self.diags.push(err(
                    "`include` needs a file".into(),
                    "write {{% include \"file.md\" %}} (include_dir) or {{< include path=\"_fragments/name.md\" >}}",
                ));
                return None;
            }
        };
        if written.split('/').any(|seg| seg == "..") {
            self.diags.push(err(
                format!("`{written}` points outside the folder includes are read from"),
                "include files of include_dir (or of content/ with path=) by their path there",
            ));
            return None;
        }
        if !self.ctx.fragments.contains_key(&key) {
            let known: Vec<&str> = self.ctx.fragments.keys().map(String::as_str).collect();
            let hint = match crate::diagnostics::nearest(&key, known) {
                Some(n) => format!("did you mean `{}`?", n.trim_start_matches(INCLUDE_DIR_KEY)),
                None if key.starts_with(INCLUDE_DIR_KEY) => {
                    "files named without `path=` are read from `include_dir` (handbook.yaml)".into()
                }
                None => "fragments live in folders starting with `_` under content/, e.g. content/_fragments/".into(),
            };
            self.diags
                .push(err(format!("no file `{written}` to include"), &hint));
            return None;
        }
        Some((key, written))
    }

    /// The text of the file an include inside code pastes in.
    pub(super) fn included_text(&mut self, w: &Walk, node: &Node) -> Option<String> {
        let (key, _) = self.include_target(w, node, w.raw_pos(node.open.start))?;
        if !self.doc.includes.contains(&key) {
            self.doc.includes.push(key.clone());
        }
        self.ctx.fragments.get(&key).map(|f| f.text.clone())
    }

    /// `{{< include path="_fragments/x.md" >}}` (a fragment under `content/`, from the
    /// content folder) or `{{% include "x.md" %}}` (a file of `include_dir`): its Markdown
    /// parsed in place, as part of the page.
    pub(super) fn include(&mut self, w: &Walk, node: &Node, pos: Position) {
        let Some((key, written)) = self.include_target(w, node, pos) else {
            return;
        };
        let fragments = self.ctx.fragments;
        let Some(fragment) = fragments.get(&key) else {
            return;
        };
        let file = w.src.origin.file.clone();
        let err = |msg: String, hint: &str| {
            Diagnostic::error(file.as_ref(), Rule::Include, msg)
                .at(pos)
                .with_hint(hint.to_string())
        };
        if self.include_stack.contains(&key) || self.include_stack.len() >= MAX_INCLUDE_DEPTH {
            self.diags.push(err(
                format!(
                    "including `{written}` would loop: {} -> {written}",
                    self.include_stack.join(" -> ")
                ),
                "a fragment must not include itself, directly or through others",
            ));
            return;
        }
        if !self.doc.includes.contains(&key) {
            self.doc.includes.push(key.clone());
        }
        // A file of `include_dir` is part of the page that includes it, as written (a
        // first `---` is a thematic break, not front matter); its relative links are the
        // page's.
        let from_include_dir = key.starts_with(INCLUDE_DIR_KEY);
        let body_start = if from_include_dir {
            0
        } else {
            crate::content::front_matter::body_start(&fragment.text)
        };
        let origin = if from_include_dir {
            Origin {
                file: fragment.origin.file.clone(),
                rel_dir: w.src.origin.rel_dir.clone(),
            }
        } else {
            fragment.origin.clone()
        };
        let fsrc = Source {
            text: &fragment.text,
            body: body_start..fragment.text.len(),
            lines: &fragment.lines,
            origin,
        };
        self.include_stack.push(key);
        self.parse(&fsrc, false, Mode::Blocks);
        self.include_stack.pop();
    }
}
