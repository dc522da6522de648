//! Template filters and functions for data: `markdown` (inline Markdown of a data value,
//! links resolved, raw HTML escaped), `data_value` (any value as safe HTML), `thousands`,
//! and `records(path=...)` / `record(path=..., id=...)` / `columns(...)`.

use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Parser, Tag};
use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::data::DataSets;
use crate::markdown::highlight::escape_html;
use crate::resolve::Resolver;
use crate::yaml::PathSeg;

/// Inline Markdown for a data value: one paragraph loses its `<p>`, raw HTML is shown as
/// text, links resolve like page links (relative to `content/`), unsafe schemes are dropped.
pub fn inline_markdown(text: &str, resolver: &Resolver) -> String {
    let events = Parser::new_ext(text, crate::markdown::options()).map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_dest(&dest_url, resolver),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_dest(&dest_url, resolver),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::with_capacity(text.len() + 16);
    pulldown_cmark::html::push_html(&mut html, events);
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    trimmed.to_string()
}

fn safe_dest<'a>(dest: &str, resolver: &Resolver) -> CowStr<'a> {
    let lower = dest.trim().to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return CowStr::Borrowed("#");
    }
    CowStr::from(
        resolver
            .resolve(dest, "", None)
            .unwrap_or_else(|_| dest.to_string()),
    )
}

/// `10000` -> `10,000`.
pub fn thousands(n: &str) -> String {
    let (sign, digits) = match n.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", n),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if !int.chars().all(|c| c.is_ascii_digit()) {
        return n.to_string();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn value_html(v: &Value, resolver: &Resolver) -> String {
    if let Some(s) = v.as_str() {
        return inline_markdown(s, resolver);
    }
    if let Some(b) = v.as_bool() {
        return if b { "Yes".into() } else { "No".into() };
    }
    if v.is_number() {
        return thousands(&v.to_string());
    }
    if v.is_none() || v.is_undefined() {
        return String::new();
    }
    if let Some(items) = v.as_array() {
        return items
            .iter()
            .map(|i| value_html(i, resolver))
            .collect::<Vec<_>>()
            .join(", ");
    }
    escape_html(&v.to_string())
}

pub(super) fn register(
    tera: &mut Tera,
    config: &Config,
    data: Arc<DataSets>,
    resolver: Arc<Resolver>,
) {
    let r = resolver.clone();
    tera.register_filter("markdown", move |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&inline_markdown(v, &r))
    });
    let r = resolver.clone();
    tera.register_filter("data_value", move |v: Value, _: Kwargs, _: &State| {
        Value::safe_string(&value_html(&v, &r))
    });
    tera.register_filter("thousands", |v: Value, _: Kwargs, _: &State| {
        thousands(&v.to_string())
    });

    let d = data.clone();
    let edit = config.clone();
    tera.register_function("records", move |kwargs: Kwargs, _: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        records_value(&d, &edit, path, None)
    });
    let d = data;
    let edit = config.clone();
    tera.register_function("record", move |kwargs: Kwargs, _: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        let id = kwargs.must_get::<&str>("id")?;
        let list = records_value(&d, &edit, path, Some(id))?;
        list.as_array()
            .and_then(|a| a.first().cloned())
            .ok_or_else(|| tera::Error::message(format!("`{path}` has no record `{id}`")))
    });
    tera.register_function("columns", |kwargs: Kwargs, _: &State| {
        let cols = kwargs.must_get::<&str>("columns")?;
        let headers = kwargs.get::<&str>("headers")?.unwrap_or("");
        let headers: Vec<&str> = headers.split(',').map(str::trim).collect();
        let list: Vec<serde_json::Value> = cols
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .enumerate()
            .map(|(i, key)| {
                let label = headers
                    .get(i)
                    .filter(|h| !h.is_empty())
                    .map(|h| h.to_string())
                    .unwrap_or_else(|| crate::content::title_from_name(key));
                serde_json::json!({ "key": key, "label": label })
            })
            .collect();
        Ok::<Value, tera::Error>(Value::from_serializable(&list))
    });
}

/// The records at a data path as templates see them: `{id, anchor, line, edit_url, fields}`.
fn records_value(
    data: &DataSets,
    config: &Config,
    path: &str,
    only: Option<&str>,
) -> Result<Value, tera::Error> {
    let records = data.records(path).map_err(tera::Error::message)?;
    let mut out = Vec::new();
    for i in 0..records.items.len() {
        let id = records.record_id(i);
        if only.is_some_and(|o| o != id) {
            continue;
        }
        let line = records.position(i).line;
        let mut record_path = records.path.clone();
        record_path.push(PathSeg::Index(i));
        let edit_url = config
            .repository
            .as_ref()
            .map(|_| blob_url(config, &records.set.file.display().to_string(), line));
        out.push(serde_json::json!({
            "id": id,
            "anchor": records.anchor(i),
            "line": line,
            "source": records.set.file.display().to_string(),
            "edit_url": edit_url,
            "fields": records.items[i],
        }));
    }
    Ok(Value::from_serializable(&out))
}

/// A link to a line of a file in the repository's web view.
fn blob_url(config: &Config, rel_path: &str, line: usize) -> String {
    let edit = config.edit_url(rel_path).unwrap_or_default();
    edit.replacen("/-/edit/", "/-/blob/", 1)
        .replacen("/edit/", "/blob/", 1)
        + &format!("#L{line}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands("5000"), "5,000");
        assert_eq!(thousands("20000"), "20,000");
        assert_eq!(thousands("999"), "999");
        assert_eq!(thousands("-1234567.5"), "-1,234,567.5");
    }

    #[test]
    fn inline_markdown_escapes_html_and_drops_scripts() {
        let r = Resolver::default();
        assert_eq!(
            inline_markdown("*a* <b>x</b>", &r),
            "<em>a</em> &lt;b&gt;x&lt;/b&gt;"
        );
        assert_eq!(
            inline_markdown("[x](javascript:alert(1))", &r),
            "<a href=\"#\">x</a>"
        );
        assert_eq!(
            inline_markdown("<script>alert(1)</script>", &r),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
    }
}
