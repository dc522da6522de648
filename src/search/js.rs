//! The client's copy of the index format: `themes/default/js/search/format.gen.js`, written
//! from `format.rs` (its constants, and its types as JSDoc with position names for the
//! entries read by position). The test below fails while the checked-in module differs
//! from what this writes; `UPDATE_GENERATED=1` rewrites it.

use std::fmt::Write as _;

use super::format::*;

/// Where the module is, from the repository's root.
const MODULE: &str = "themes/default/js/search/format.gen.js";
/// The command that rewrites it.
const COMMAND: &str = "UPDATE_GENERATED=1 cargo test --lib search::js";

/// A format type: its name, doc, fields, and whether it is written as an array.
struct Type {
    name: &'static str,
    doc: &'static str,
    fields: &'static [FieldDoc],
    positional: bool,
}

const TYPES: &[Type] = &[
    Type {
        name: "Meta",
        doc: Meta::DOC,
        fields: Meta::FIELDS,
        positional: false,
    },
    Type {
        name: "Filters",
        doc: Filters::DOC,
        fields: Filters::FIELDS,
        positional: false,
    },
    Type {
        name: "SectionFilter",
        doc: SectionFilter::DOC,
        fields: SectionFilter::FIELDS,
        positional: true,
    },
    Type {
        name: "FacetFilter",
        doc: FacetFilter::DOC,
        fields: FacetFilter::FIELDS,
        positional: true,
    },
    Type {
        name: "Fragment",
        doc: Fragment::DOC,
        fields: Fragment::FIELDS,
        positional: false,
    },
    Type {
        name: "FragmentSub",
        doc: FragmentSub::DOC,
        fields: FragmentSub::FIELDS,
        positional: true,
    },
    Type {
        name: "TermEntry",
        doc: TermEntry::DOC,
        fields: TermEntry::FIELDS,
        positional: true,
    },
    Type {
        name: "PairEntry",
        doc: PairEntry::DOC,
        fields: PairEntry::FIELDS,
        positional: true,
    },
];

/// The module's text.
fn module() -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "// Generated from src/search/format.rs by `{COMMAND}`; do not edit.\n\
         // The index format as the writer uses it: each constant is described where it is\n\
         // defined, in src/search/format.rs; the types below are its types.\n\n"
    ));
    constants(&mut out);
    for t in TYPES {
        typedef(&mut out, t);
    }
    out
}

fn constants(out: &mut String) {
    let strings: &[(&str, &str)] = &[
        ("INDEX_DIR", INDEX_DIR),
        ("META_FILE", META_FILE),
        ("FILTERS_FILE", FILTERS_FILE),
        ("TERM_SHARDS", TERM_SHARDS),
        ("SUB_FILES", SUB_FILES),
        ("BODY_FILES", BODY_FILES),
        ("STOPWORD_FILES", STOPWORD_FILES),
        ("PAIR_FILES", PAIR_FILES),
        ("END_FILES", END_FILES),
        ("FRAGMENT_FILES", FRAGMENT_FILES),
        ("BASE64", BASE64),
        ("HEADING_KIND", HEADING_KIND),
    ];
    let chars: &[(&str, char)] = &[
        ("LIST_BITMAP", LIST_BITMAP),
        ("LIST_PAGES", LIST_PAGES),
        ("LIST_ELSEWHERE", LIST_ELSEWHERE),
        ("GROUP_MARK", GROUP_MARK),
        ("PAIR_JOIN", PAIR_JOIN),
        ("PAIR_FIELDS", PAIR_FIELDS),
        ("PAIR_GAP", PAIR_GAP),
        ("PAIR_GAP_JOIN", PAIR_GAP_JOIN),
        ("KNOWN_START_MARK", KNOWN_START_MARK),
        ("KNOWN_SEPARATOR", KNOWN_SEPARATOR),
        ("TITLE_LENS_MARK", TITLE_LENS_MARK),
    ];
    let numbers: &[(&str, u64)] = &[
        ("DIGIT_BITS", u64::from(DIGIT_BITS)),
        ("TITLE_LEN_BITS", u64::from(TITLE_LEN_BITS)),
        ("PAIR_PREFIX", PAIR_PREFIX as u64),
        ("ANY_SUB", u64::from(ANY_SUB)),
        ("KNOWN_BITS", KNOWN_BITS as u64),
        ("KNOWN_HASHES", u64::from(KNOWN_HASHES)),
        ("KNOWN_START", KNOWN_START as u64),
        ("MAX_TERM", MAX_TERM as u64),
        ("FNV_OFFSET", u64::from(FNV_OFFSET)),
        ("FNV_PRIME", u64::from(FNV_PRIME)),
        ("KNOWN_MIX_1", u64::from(KNOWN_MIX[0])),
        ("KNOWN_MIX_2", u64::from(KNOWN_MIX[1])),
    ];
    for (name, v) in strings {
        let _ = writeln!(out, "export const {name} = {};", js_str(v));
    }
    for (name, v) in chars {
        let _ = writeln!(out, "export const {name} = {};", js_str(&v.to_string()));
    }
    for (name, v) in numbers {
        // Hash constants read best in hex.
        if *v > 0xffff {
            let _ = writeln!(out, "export const {name} = {v:#x};");
        } else {
            let _ = writeln!(out, "export const {name} = {v};");
        }
    }
    let words: Vec<String> = PAIR_STOPWORDS.iter().map(|w| js_str(w)).collect();
    let _ = writeln!(out, "export const PAIR_STOPWORDS = [");
    for line in words.chunks(12) {
        let _ = writeln!(out, "  {},", line.join(", "));
    }
    out.push_str("];\n");
}

/// A type's JSDoc, and for one read by position, the names of its positions.
fn typedef(out: &mut String, t: &Type) {
    out.push_str("\n/**\n");
    for line in t.doc.lines() {
        let _ = writeln!(out, " *{}", line);
    }
    if t.positional {
        let items: Vec<String> = t.fields.iter().map(|f| js_type(f.rust)).collect();
        let _ = writeln!(out, " * @typedef {{[{}]}} {}", items.join(", "), t.name);
        for (i, f) in t.fields.iter().enumerate() {
            wrap(out, &format!("- {i} `{}`:{}", f.name, one_line(f.doc)));
        }
    } else {
        let _ = writeln!(out, " * @typedef {{Object}} {}", t.name);
        for f in t.fields {
            let (ty, doc) = (js_type(f.rust), one_line(f.doc));
            wrap(out, &format!("@property {{{ty}}} {}{doc}", f.name));
        }
    }
    out.push_str(" */\n");
    if t.positional {
        let _ = writeln!(out, "/** The positions of a {}'s fields. */", t.name);
        let fields: Vec<String> = t
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{}: {i}", f.name))
            .collect();
        let _ = writeln!(
            out,
            "export const {} = Object.freeze({{ {} }});",
            screaming(t.name),
            fields.join(", ")
        );
    }
}

/// A JSDoc line, wrapped at 100 characters with the rest indented.
fn wrap(out: &mut String, text: &str) {
    let mut line = String::from(" *");
    for word in text.split(' ') {
        if line.len() + 1 + word.len() > 100 && line.len() > 6 {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" *  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// A field's doc on one line, with a space before it.
fn one_line(doc: &str) -> String {
    doc.lines()
        .map(|l| format!(" {}", l.trim()))
        .collect::<String>()
}

/// `FragmentSub` as `FRAGMENT_SUB`.
fn screaming(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// A Rust type of the format as a JSDoc type.
fn js_type(rust: &str) -> String {
    let t: String = rust.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = t.strip_prefix("Vec<").and_then(|s| s.strip_suffix('>')) {
        return format!("{}[]", js_type(inner));
    }
    if let Some(inner) = t.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')) {
        return format!("({}|undefined)", js_type(inner));
    }
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        let items: Vec<String> = inner.split(',').map(js_type).collect();
        return format!("[{}]", items.join(", "));
    }
    match t.as_str() {
        "String" => "string".into(),
        "usize" | "u32" | "u64" => "number".into(),
        name if TYPES.iter().any(|x| x.name == name) => name.into(),
        other => panic!("no JSDoc type for the format's Rust type {other}"),
    }
}

/// A string as a JavaScript literal.
fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

#[test]
fn the_client_s_format_module_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(MODULE);
    let want = module();
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have == want {
        return;
    }
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    panic!("{MODULE} is not what src/search/format.rs says: run `{COMMAND}`");
}

#[test]
fn every_format_type_has_its_fields_documented() {
    for t in TYPES {
        assert!(!t.doc.trim().is_empty(), "{}", t.name);
        for f in t.fields {
            assert!(!f.doc.trim().is_empty(), "{}.{}", t.name, f.name);
            js_type(f.rust);
        }
    }
}
