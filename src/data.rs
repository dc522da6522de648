//! Program data: the YAML data sets under `content/_data/`, their JSON Schemas, and
//! validation with every violation located at the data file's line and column.
//!
//! Owns: loading, locating values, schema validation, data paths (`r7.requirements`),
//! record ids and anchors. Knows nothing of Markdown, links or templates.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::content::SourceFile;
use crate::diagnostics::{nearest, Diagnostic, Position, Rule};
use crate::markdown::slug::heading_slug;
use crate::yaml::{format_path, locate, yaml_error, Locations, PathSeg};

/// One data set: one YAML file under `content/_data/`.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// `r7` for `_data/r7.yaml`; `programs.emea` for `_data/programs/emea.yaml`.
    pub name: String,
    /// Path relative to `content/` (`_data/r7.yaml`).
    pub rel_path: String,
    pub file: Arc<PathBuf>,
    pub value: Value,
    pub locations: Locations,
    /// The schema's path relative to `content/`, if the set has one.
    pub schema: Option<String>,
}

/// All data sets, by name.
#[derive(Debug, Clone, Default)]
pub struct DataSets {
    pub sets: BTreeMap<String, DataSet>,
    /// The data path of the glossary's terms (`glossary.terms`), if the site has one.
    pub glossary: Option<String>,
}

/// A list of records found by a data path, with what is needed to anchor and locate them.
#[derive(Debug)]
pub struct Records<'a> {
    pub set: &'a DataSet,
    pub path: Vec<PathSeg>,
    pub items: &'a [Value],
}

impl<'a> Records<'a> {
    /// The record's id: its `id`, else its slugified `name`, `term` or `title`, else its index.
    pub fn record_id(&self, index: usize) -> String {
        record_id(&self.items[index], index)
    }

    /// The record's anchor on a page: the data set's name and the record's id.
    pub fn anchor(&self, index: usize) -> String {
        format!(
            "{}-{}",
            heading_slug(&self.set.name.replace(['_', '.'], "-")),
            self.record_id(index)
        )
    }

    /// Where the record starts in its file.
    pub fn position(&self, index: usize) -> Position {
        let mut p = self.path.clone();
        p.push(PathSeg::Index(index));
        self.set.locations.find(&p)
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        (0..self.items.len()).find(|&i| self.record_id(i) == id)
    }
}

pub fn record_id(item: &Value, index: usize) -> String {
    for key in ["id", "name", "term", "title"] {
        if let Some(v) = item.get(key) {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            if key == "id" {
                return s;
            }
            return heading_slug(&s);
        }
    }
    format!("{}", index + 1)
}

impl DataSets {
    /// Resolves `set.key.0.key` to a value, or says what is wrong.
    pub fn lookup(&self, data_path: &str) -> Result<(&DataSet, Vec<PathSeg>, &Value), String> {
        let mut parts = data_path.split('.');
        let first = parts.next().unwrap_or("");
        // Data set names may hold dots (nested folders): take the longest matching name.
        let mut name = first.to_string();
        let mut rest: Vec<&str> = parts.collect();
        while !self.sets.contains_key(&name) && !rest.is_empty() {
            name = format!("{name}.{}", rest.remove(0));
        }
        let Some(set) = self.sets.get(&name) else {
            let hint = nearest(first, self.sets.keys().map(String::as_str))
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            return Err(format!("no data set `{first}`{hint}"));
        };
        let mut value = &set.value;
        let mut path = Vec::new();
        for part in rest {
            let next = match value {
                Value::Object(map) => map.get(part).map(|v| (v, PathSeg::Key(part.into()))),
                Value::Array(items) => part
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).map(|v| (v, PathSeg::Index(i)))),
                _ => None,
            };
            match next {
                Some((v, seg)) => {
                    value = v;
                    path.push(seg);
                }
                None => {
                    let keys: Vec<&str> = match value {
                        Value::Object(map) => map.keys().map(String::as_str).collect(),
                        _ => Vec::new(),
                    };
                    let hint = nearest(part, keys.iter().copied())
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    return Err(format!(
                        "`{data_path}`: `{}` has no `{part}`{hint}",
                        if path.is_empty() {
                            set.name.clone()
                        } else {
                            format!("{}.{}", set.name, format_path(&path))
                        }
                    ));
                }
            }
        }
        Ok((set, path, value))
    }

    /// The list of records at a data path.
    pub fn records(&self, data_path: &str) -> Result<Records<'_>, String> {
        let (set, path, value) = self.lookup(data_path)?;
        match value {
            Value::Array(items) => Ok(Records { set, path, items }),
            _ => Err(format!(
                "`{data_path}` is not a list of records; name the list, e.g. `{}.<key>`",
                set.name
            )),
        }
    }
}

/// Whether a data key is a schema: in the data folder's `_schemas/` or `schema/`, or in
/// the site's `schema/`.
fn is_schema(key: &str) -> bool {
    key.starts_with("_data/_schemas/")
        || key.starts_with("_data/schema/")
        || key.starts_with("schema/")
}

/// Whether a data key is a data set: YAML in the data folder, outside its `_` folders and
/// `schema/`.
fn is_data_set(key: &str) -> bool {
    key.strip_prefix("_data/").is_some_and(|rest| {
        !rest.starts_with('_')
            && !rest.split('/').rev().skip(1).any(|c| c.starts_with('_'))
            && !rest.starts_with("schema/")
            && (rest.ends_with(".yaml") || rest.ends_with(".yml"))
    })
}

/// Loads every data set, checks it against its schema, and reports every problem.
/// `glossary` is the data set `handbook.yaml` names as the glossary, if any.
pub fn load_data_sets<'a>(
    files: impl IntoIterator<Item = &'a SourceFile>,
    glossary: Option<&str>,
) -> (DataSets, Vec<Diagnostic>) {
    let files: Vec<&SourceFile> = files.into_iter().collect();
    let mut diags = Vec::new();
    let mut sets = BTreeMap::new();
    let schemas: BTreeMap<&str, &SourceFile> = files
        .iter()
        .filter(|f| is_schema(&f.rel_path))
        .map(|f| (f.rel_path.as_str(), *f))
        .collect();
    let mut compiled: BTreeMap<String, Option<(jsonschema::Validator, Value)>> = BTreeMap::new();

    for f in files.iter().filter(|f| is_data_set(&f.rel_path)) {
        let name = f
            .rel_path
            .trim_start_matches("_data/")
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .replace('/', ".");
        let Some(set) = parse_data_file(f, &name, &mut diags) else {
            continue;
        };
        // The schema: a modeline comment, else one named like the set.
        let schema_path = match modeline_schema(&f.text) {
            Some(p) => {
                let joined = join_rel(crate::content::parent_dir(&f.rel_path), &p);
                if !schemas.contains_key(joined.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            f.file.as_ref(),
                            Rule::DataSchema,
                            format!("schema `{p}` named by the modeline does not exist"),
                        )
                        .at(Position { line: 1, col: 1 })
                        .with_hint("schemas live in the data folder's _schemas/, or in schema/ at the site root"),
                    );
                    None
                } else {
                    Some(joined)
                }
            }
            None => schema_guesses(&name)
                .into_iter()
                .find(|g| schemas.contains_key(g.as_str())),
        };
        let mut set = set;
        if let Some(sp) = &schema_path {
            let validator = compiled
                .entry(sp.clone())
                .or_insert_with(|| compile_schema(schemas[sp.as_str()], &mut diags));
            if let Some((v, schema)) = validator {
                validate(&set, v, schema, &mut diags);
            }
        }
        set.schema = schema_path;
        sets.insert(name, set);
    }
    let mut data = DataSets {
        sets,
        glossary: None,
    };
    data.glossary = glossary_path(&data, glossary, &mut diags);
    (data, diags)
}

/// Where a data set's schema may be, by its name, in order.
fn schema_guesses(name: &str) -> Vec<String> {
    let stem = name.replace('.', "/");
    let mut out: Vec<String> = ["yaml", "yml", "json", "schema.json"]
        .iter()
        .map(|ext| format!("_data/_schemas/{stem}.{ext}"))
        .collect();
    for dir in ["schema", "_data/schema"] {
        out.extend(
            ["schema.json", "json", "yaml", "yml"]
                .iter()
                .map(|ext| format!("{dir}/{stem}.{ext}")),
        );
    }
    out
}

/// The glossary's terms: the data set `handbook.yaml` names (a list of terms, or a map
/// with `terms`), else `glossary` when its `terms` have the glossary's fields. A set of
/// another shape that happens to be called `glossary` is plain data.
fn glossary_path(
    data: &DataSets,
    named: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let is_glossary = |path: &str| {
        data.records(path).is_ok_and(|r| {
            !r.items.is_empty()
                && r.items
                    .iter()
                    .all(|i| i.get("term").is_some_and(Value::is_string))
        })
    };
    match named {
        None => Some("glossary.terms".to_string()).filter(|p| is_glossary(p)),
        Some(name) => {
            let found = [format!("{name}.terms"), name.to_string()]
                .into_iter()
                .find(|p| is_glossary(p));
            if found.is_none() {
                diags.push(
                    Diagnostic::error(
                        crate::layout::CONFIG_FILE,
                        Rule::Config,
                        format!("glossary: `{name}` is not a list of terms"),
                    )
                    .with_hint("name a data set whose records (or `terms`) each have a `term`, and `definition` or `expansion`"),
                );
            }
            found
        }
    }
}

fn parse_data_file(f: &SourceFile, name: &str, diags: &mut Vec<Diagnostic>) -> Option<DataSet> {
    let value: Value = match serde_yaml::from_str(&f.text) {
        Ok(v) => v,
        Err(e) => {
            let mut d = yaml_error(&f.file, &e, 0, Rule::DataYaml);
            if d.line == 0 && d.message.contains("duplicate") {
                if let Some((path, pos)) =
                    locate(&f.text, 0).and_then(|l| l.duplicates.first().cloned())
                {
                    d = d.at(pos);
                    d.message = format!("{}: duplicate key", format_path(&path));
                }
            }
            diags.push(d);
            return None;
        }
    };
    let locations = locate(&f.text, 0).unwrap_or_default();
    // A later duplicate key would silently replace the first: make it an error.
    if !locations.duplicates.is_empty() {
        for (path, pos) in &locations.duplicates {
            diags.push(
                Diagnostic::error(
                    f.file.as_ref(),
                    Rule::DataYaml,
                    format!("{}: duplicate key", format_path(path)),
                )
                .at(*pos)
                .with_hint("remove or rename one of the two keys"),
            );
        }
        return None;
    }
    Some(DataSet {
        name: name.to_string(),
        rel_path: f.rel_path.clone(),
        file: f.file.clone(),
        value,
        locations,
        schema: None,
    })
}

/// `# yaml-language-server: $schema=<path>` in the file's leading comments.
fn modeline_schema(text: &str) -> Option<String> {
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let Some(comment) = t.strip_prefix('#') else {
            break;
        };
        if let Some(rest) = comment.trim().strip_prefix("yaml-language-server:") {
            if let Some(p) = rest.trim().strip_prefix("$schema=") {
                return Some(p.trim().to_string());
            }
        }
    }
    None
}

/// Joins a relative path onto a folder (both relative to `content/`), folding `..`.
pub fn join_rel(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn compile_schema(
    f: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(jsonschema::Validator, Value)> {
    let schema: Value = match serde_yaml::from_str(&f.text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(yaml_error(&f.file, &e, 0, Rule::DataSchema));
            return None;
        }
    };
    match jsonschema::options().build(&schema) {
        Ok(v) => Some((v, schema)),
        Err(e) => {
            let path: Vec<PathSeg> = e
                .instance_path()
                .iter()
                .map(|s| match s {
                    jsonschema::paths::LocationSegment::Property(p) => PathSeg::Key(p.to_string()),
                    jsonschema::paths::LocationSegment::Index(i) => PathSeg::Index(i),
                })
                .collect();
            let pos = locate(&f.text, 0)
                .map(|l| l.find(&path))
                .unwrap_or(Position { line: 1, col: 1 });
            diags.push(
                Diagnostic::error(
                    f.file.as_ref(),
                    Rule::DataSchema,
                    format!("the schema is not valid JSON Schema: {e}"),
                )
                .at(pos)
                .with_hint("see https://json-schema.org/understanding-json-schema/"),
            );
            None
        }
    }
}

fn validate(
    set: &DataSet,
    validator: &jsonschema::Validator,
    schema: &Value,
    diags: &mut Vec<Diagnostic>,
) {
    for err in validator.iter_errors(&set.value) {
        let mut path: Vec<PathSeg> = err
            .instance_path()
            .iter()
            .map(|s| match s {
                jsonschema::paths::LocationSegment::Property(p) => PathSeg::Key(p.to_string()),
                jsonschema::paths::LocationSegment::Index(i) => PathSeg::Index(i),
            })
            .collect();
        let pos_of = |p: &[PathSeg]| set.locations.find(p);
        let (message, hint, pos) = match err.kind() {
            jsonschema::error::ValidationErrorKind::Required { property } => {
                let pos = pos_of(&path);
                let prop = property.as_str().unwrap_or("?").to_string();
                path.push(PathSeg::Key(prop.clone()));
                (
                    "missing required field".to_string(),
                    format!("add `{prop}:` to this record"),
                    pos,
                )
            }
            jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                let key = unexpected.first().cloned().unwrap_or_default();
                let allowed: Vec<String> = schema_properties(schema, err.schema_path());
                path.push(PathSeg::Key(key.clone()));
                let hint = match nearest(&key, allowed.iter().map(String::as_str)) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None if !allowed.is_empty() => {
                        format!("allowed fields: {}", allowed.join(", "))
                    }
                    None => "remove this field or add it to the schema".into(),
                };
                (format!("unknown field `{key}`"), hint, pos_of(&path))
            }
            jsonschema::error::ValidationErrorKind::Enum { options } => (
                format!("{} is not one of the allowed values", err.instance()),
                format!("use one of: {options}"),
                pos_of(&path),
            ),
            jsonschema::error::ValidationErrorKind::Type { .. } => (
                format!("wrong type: {err}"),
                "change the value to the type the schema asks for".into(),
                pos_of(&path),
            ),
            _ => (
                err.to_string(),
                "make the value match the schema".into(),
                pos_of(&path),
            ),
        };
        let shown = if path.is_empty() {
            "(document)".to_string()
        } else {
            format_path(&path)
        };
        let schema = set.schema.clone().unwrap_or_default();
        diags.push(
            Diagnostic::error(
                set.file.as_ref(),
                Rule::DataSchema,
                format!("{shown}: {message}"),
            )
            .at(pos)
            .with_hint(if schema.is_empty() {
                hint
            } else {
                format!("{hint} (schema: content/{schema})")
            }),
        );
    }
}

/// The properties the schema allows where `additionalProperties` failed, for suggestions.
fn schema_properties(schema: &Value, schema_path: &jsonschema::paths::Location) -> Vec<String> {
    let segs: Vec<String> = schema_path
        .iter()
        .map(|s| match s {
            jsonschema::paths::LocationSegment::Property(p) => p.to_string(),
            jsonschema::paths::LocationSegment::Index(i) => i.to_string(),
        })
        .collect();
    let mut node = schema;
    for seg in &segs[..segs.len().saturating_sub(1)] {
        node = match node {
            Value::Object(m) => m.get(seg).unwrap_or(&Value::Null),
            Value::Array(a) => seg
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get(i))
                .unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    node.get("properties")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// One entry of `glossary.terms` (term, aliases, expansion, definition): read once here
/// for the glossary marking and for search synonyms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    pub term: String,
    pub aliases: Vec<String>,
    pub expansion: Option<String>,
    pub definition: Option<String>,
}

/// The glossary's entries, in file order (none without a `glossary` data set).
pub fn glossary_entries(data: &DataSets) -> Vec<GlossaryEntry> {
    let Some(Ok(records)) = data.glossary.as_deref().map(|p| data.records(p)) else {
        return Vec::new();
    };
    records
        .items
        .iter()
        .filter_map(|item| {
            let get = |k: &str| item.get(k).and_then(|v| v.as_str()).map(str::to_string);
            Some(GlossaryEntry {
                term: get("term")?,
                aliases: item
                    .get("aliases")
                    .and_then(|v| v.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                expansion: get("expansion"),
                definition: get("definition"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, text: &str) -> SourceFile {
        SourceFile {
            rel_path: rel.into(),
            file: Arc::new(PathBuf::from(format!("content/{rel}"))),
            text: text.into(),
        }
    }

    const SCHEMA: &str = "type: object\nadditionalProperties: false\nproperties:\n  items:\n    type: array\n    items:\n      type: object\n      additionalProperties: false\n      required: [id, name]\n      properties:\n        id: {type: string}\n        name: {type: string}\n        kind: {enum: [a, b]}\n        n: {type: integer}\n";

    #[test]
    fn schema_violations_are_located() {
        let data =
            "items:\n  - id: x\n    name: X\n  - id: y\n    nmae: Y\n    kind: c\n    n: many\n";
        let files = vec![
            src("_data/_schemas/things.yaml", SCHEMA),
            src("_data/things.yaml", data),
        ];
        let (_, diags) = load_data_sets(&files, None);
        let msgs: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
            .collect();
        assert!(
            msgs.contains(&"4:5: items[1].name: missing required field".to_string()),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("5:5: items[1].nmae: unknown field")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("6:5: items[1].kind:")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("7:5: items[1].n: wrong type")),
            "{msgs:?}"
        );
    }

    #[test]
    fn modeline_names_schema_and_records_resolve() {
        let data =
            "# yaml-language-server: $schema=_schemas/s.yaml\nitems:\n  - id: x\n    name: X\n";
        let files = vec![
            src("_data/_schemas/s.yaml", SCHEMA),
            src("_data/t.yaml", data),
        ];
        let (sets, diags) = load_data_sets(&files, None);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            sets.sets["t"].schema.as_deref(),
            Some("_data/_schemas/s.yaml")
        );
        let recs = sets.records("t.items").unwrap();
        assert_eq!(recs.anchor(0), "t-x");
        assert_eq!(recs.position(0).line, 3);
        assert!(sets
            .records("t.itemz")
            .unwrap_err()
            .contains("did you mean `items`"));
        assert!(sets.records("nope.items").is_err());
    }

    #[test]
    fn alias_bomb_and_duplicates_are_errors() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
        let (_, diags) = load_data_sets(&[src("_data/bomb.yaml", bomb)], None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let (_, diags) = load_data_sets(&[src("_data/dup.yaml", "a: 1\nb: 2\na: 3\n")], None);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3, "{diags:?}");
        let deep = format!("a: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
        let (_, diags) = load_data_sets(&[src("_data/deep.yaml", &deep)], None);
        assert_eq!(diags.len(), 1);
    }
}
