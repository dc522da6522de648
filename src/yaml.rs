//! YAML helpers shared by config, front matter and data: turning serde_yaml errors into
//! located diagnostics with a hint, and finding where each value of a document stands.
//!
//! serde_yaml gives values without positions; the saphyr event parser gives positions.
//! `locate` walks the events once (iteratively, so deep nesting cannot overflow the stack)
//! and records the line and column of every path, and duplicate keys, which serde_yaml
//! reports without a location.

use std::collections::BTreeMap;
use std::path::Path;

use saphyr_parser::{Event, Parser};

use crate::diagnostics::{nearest, Diagnostic, Position, Rule};

/// Converts a serde_yaml error into a diagnostic. `line_offset` is added to the error's
/// line (front matter starts after the `---` line of its file).
pub fn yaml_error(
    file: &Path,
    err: &serde_yaml::Error,
    line_offset: usize,
    rule: Rule,
) -> Diagnostic {
    let raw = err.to_string();
    // serde_yaml appends " at line L column C" (and maybe ", <context> at line L column C")
    // to its message; we print our own location and keep the context with its line shifted.
    let message = match raw.find(" at line ") {
        Some(i) => {
            let mut m = raw[..i].to_string();
            if let Some((_, context)) = raw[i..].split_once(", ") {
                m.push_str(", ");
                m.push_str(&shift_lines(context, line_offset));
            }
            m
        }
        None => raw.clone(),
    };
    let mut diag = Diagnostic::error(file, rule, message.clone());
    if let Some(loc) = err.location() {
        diag = diag.at(Position {
            line: loc.line() + line_offset,
            col: loc.column(),
        });
    }
    if let Some(hint) = unknown_field_hint(&message) {
        diag = diag.with_hint(hint);
    } else if message.contains("repetition limit exceeded") {
        diag = diag.with_hint(
            "aliases expand to too many values (an \"alias bomb\"); reference fewer anchors",
        );
    } else if message.contains("recursion limit exceeded") {
        diag = diag.with_hint("the document nests too deeply; flatten the structure");
    } else if let Some((_, expected)) = message.split_once(", expected ") {
        let key = message.split(':').next().unwrap_or("the value");
        let key = if key.contains(' ') { "the value" } else { key };
        diag = diag.with_hint(format!("`{key}` expects {expected}"));
    } else if message.contains("duplicate") {
        diag = diag.with_hint("remove or rename one of the two keys");
    } else {
        diag = diag.with_hint("fix the YAML syntax at this position");
    }
    diag
}

/// Rewrites "at line L column C" with the line shifted to the author's file.
fn shift_lines(text: &str, line_offset: usize) -> String {
    match text.find(" at line ") {
        Some(i) => {
            let rest = &text[i + " at line ".len()..];
            let (num, tail) = rest.split_at(
                rest.find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len()),
            );
            match num.parse::<usize>() {
                Ok(n) => format!(
                    "{} that starts at line {}{tail}",
                    &text[..i],
                    n + line_offset
                ),
                Err(_) => text.to_string(),
            }
        }
        None => text.to_string(),
    }
}

/// For "unknown field `titel`, expected one of `title`, ...": names the nearest valid key.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let candidates: Vec<&str> = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect();
    Some(match nearest(name, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("valid keys are: {}", candidates.join(", ")),
    })
}

/// One segment of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// Formats a path as authors read it: `requirements[4].guidance`.
pub fn format_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    out
}

/// Where each value of a YAML document stands, and the key duplicates found on the way.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    /// Position of each value (for a key's value, the key's position: that is the line an
    /// author looks for).
    pub values: BTreeMap<Vec<PathSeg>, Position>,
    /// Duplicate keys: the path of the second occurrence and its position.
    pub duplicates: Vec<(Vec<PathSeg>, Position)>,
}

impl Locations {
    /// The position of `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &[PathSeg]) -> Position {
        let mut p = path.to_vec();
        loop {
            if let Some(pos) = self.values.get(&p) {
                return *pos;
            }
            if p.pop().is_none() {
                return Position { line: 1, col: 1 };
            }
        }
    }
}

enum Frame {
    Map {
        path: Vec<PathSeg>,
        pending_key: Option<(String, Position)>,
        seen: std::collections::BTreeSet<String>,
    },
    Seq {
        path: Vec<PathSeg>,
        next: usize,
    },
}

/// Walks a YAML text's events and records positions. Returns `None` on a syntax error
/// (serde_yaml reports those with better messages). `line_offset` is added to lines.
pub fn locate(text: &str, line_offset: usize) -> Option<Locations> {
    let mut locs = Locations::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut first_doc_done = false;
    while let Some(item) = parser.next_event() {
        let (event, span) = item.ok()?;
        let pos = Position {
            line: span.start.line() + line_offset,
            col: span.start.col() + 1,
        };
        // Where does this value go, given the innermost open container?
        let is_value_start = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        let mut value_path: Option<(Vec<PathSeg>, Position)> = None;
        if is_value_start {
            match stack.last_mut() {
                None => value_path = Some((Vec::new(), pos)),
                Some(Frame::Seq { path, next }) => {
                    let mut p = path.clone();
                    p.push(PathSeg::Index(*next));
                    *next += 1;
                    value_path = Some((p, pos));
                }
                Some(Frame::Map {
                    path,
                    pending_key,
                    seen,
                }) => match pending_key.take() {
                    Some((key, key_pos)) => {
                        let mut p = path.clone();
                        p.push(PathSeg::Key(key));
                        value_path = Some((p, key_pos));
                    }
                    None => {
                        // This is a key. Only scalar keys are tracked.
                        if let Event::Scalar(ref s, ..) = event {
                            let key = s.to_string();
                            if !seen.insert(key.clone()) {
                                let mut p = path.clone();
                                p.push(PathSeg::Key(key.clone()));
                                locs.duplicates.push((p, pos));
                            }
                            *pending_key = Some((key, pos));
                        } else {
                            *pending_key = Some((String::from("?"), pos));
                        }
                        // A complex key's contents are walked under a throwaway path.
                        match event {
                            Event::MappingStart(..) => stack.push(Frame::Map {
                                path: vec![PathSeg::Key("?".into())],
                                pending_key: None,
                                seen: Default::default(),
                            }),
                            Event::SequenceStart(..) => stack.push(Frame::Seq {
                                path: vec![PathSeg::Key("?".into())],
                                next: 0,
                            }),
                            _ => {}
                        }
                        continue;
                    }
                },
            }
        }
        match event {
            Event::DocumentStart(_) if first_doc_done => break,
            Event::DocumentEnd => first_doc_done = true,
            Event::MappingStart(..) => {
                let (p, vpos) = value_path.unwrap_or_default();
                locs.values.entry(p.clone()).or_insert(vpos);
                stack.push(Frame::Map {
                    path: p,
                    pending_key: None,
                    seen: Default::default(),
                });
            }
            Event::SequenceStart(..) => {
                let (p, vpos) = value_path.unwrap_or_default();
                locs.values.entry(p.clone()).or_insert(vpos);
                stack.push(Frame::Seq { path: p, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Scalar(..) | Event::Alias(_) => {
                if let Some((p, vpos)) = value_path {
                    locs.values.entry(p).or_insert(vpos);
                }
            }
            _ => {}
        }
    }
    Some(locs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values_and_duplicates() {
        let text = "a: 1\nlist:\n  - id: x\n    name: X\n  - id: y\na: 2\n";
        let locs = locate(text, 0).unwrap();
        let p = |segs: &[PathSeg]| locs.values.get(segs).copied();
        assert_eq!(
            p(&[PathSeg::Key("a".into())]),
            Some(Position { line: 1, col: 1 })
        );
        assert_eq!(
            p(&[
                PathSeg::Key("list".into()),
                PathSeg::Index(1),
                PathSeg::Key("id".into())
            ]),
            Some(Position { line: 5, col: 5 })
        );
        assert_eq!(locs.duplicates.len(), 1);
        assert_eq!(locs.duplicates[0].1.line, 6);
    }

    #[test]
    fn formats_paths() {
        let path = vec![
            PathSeg::Key("requirements".into()),
            PathSeg::Index(4),
            PathSeg::Key("guidance".into()),
        ];
        assert_eq!(format_path(&path), "requirements[4].guidance");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000));
        // Either located or rejected, never a crash.
        let _ = locate(&text, 0);
    }

    #[test]
    fn unknown_field_gets_nearest_key() {
        let hint = unknown_field_hint("unknown field `titel`, expected one of `title`, `weight`");
        assert_eq!(hint.as_deref(), Some("did you mean `title`?"));
    }
}
