//! Shortcode calls as authors write them: `{{< name key="value" other=bare >}}`.
//!
//! This module finds and parses calls in Markdown source; what a shortcode renders is the
//! render stage's business.

use std::collections::BTreeMap;
use std::ops::Range;

/// A parsed call: the shortcode's name and its keyword arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, String>,
}

/// Byte ranges of `{{< ... >}}` calls in `text` (each on one line).
pub fn find_calls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = text[from..].find("{{<") {
        let start = from + rel;
        let line_end = text[start..]
            .find('\n')
            .map(|i| start + i)
            .unwrap_or(text.len());
        match text[start..line_end].find(">}}") {
            Some(end_rel) => {
                let end = start + end_rel + 3;
                out.push(start..end);
                from = end;
            }
            None => from = start + 3,
        }
    }
    out
}

/// Parses the text of one call, `{{< name a="b" >}}`.
pub fn parse_call(text: &str) -> Result<Call, String> {
    let inner = text
        .trim()
        .strip_prefix("{{<")
        .and_then(|s| s.strip_suffix(">}}"))
        .ok_or_else(|| "a shortcode is written {{< name key=\"value\" >}}".to_string())?
        .trim();
    let mut chars = inner.char_indices().peekable();
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "`{name}` is not a shortcode name (letters, digits, `_` and `-`)"
        ));
    }
    while chars.peek().is_some_and(|(i, _)| *i < name_end) {
        chars.next();
    }
    let mut args = BTreeMap::new();
    loop {
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        let Some(&(key_start, _)) = chars.peek() else {
            break;
        };
        let mut key_end = key_start;
        while let Some(&(i, c)) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key_end = i + c.len_utf8();
            chars.next();
        }
        let key = &inner[key_start..key_end];
        if chars.next().map(|(_, c)| c) != Some('=') {
            return Err(format!(
                "argument `{key}` has no value: write {key}=\"value\""
            ));
        }
        let value = match chars.peek().map(|&(_, c)| c) {
            Some(q @ ('"' | '\'')) => {
                chars.next();
                let mut v = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == q {
                        closed = true;
                        break;
                    }
                    v.push(c);
                }
                if !closed {
                    return Err(format!("the value of `{key}` has no closing {q}"));
                }
                v
            }
            _ => {
                let mut v = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    v.push(c);
                    chars.next();
                }
                v
            }
        };
        if key.is_empty() {
            return Err("an argument has no name".into());
        }
        if args.insert(key.to_string(), value).is_some() {
            return Err(format!("argument `{key}` is given twice"));
        }
    }
    Ok(Call {
        name: name.to_string(),
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_on_one_line() {
        let text = "a {{< x >}} b\n{{< y k=\"v\" >}}\n{{< broken\n>}}";
        let found: Vec<&str> = find_calls(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, vec!["{{< x >}}", "{{< y k=\"v\" >}}"]);
    }

    #[test]
    fn parses_arguments() {
        let call = parse_call(r#"{{< table data="r7.requirements" columns='a,b' n=3 >}}"#).unwrap();
        assert_eq!(call.name, "table");
        assert_eq!(call.args["data"], "r7.requirements");
        assert_eq!(call.args["columns"], "a,b");
        assert_eq!(call.args["n"], "3");
    }

    #[test]
    fn rejects_bad_calls() {
        assert!(parse_call("{{< >}}").is_err());
        assert!(parse_call(r#"{{< t a="x >}}"#).is_err());
        assert!(parse_call(r#"{{< t a >}}"#).is_err());
        assert!(parse_call(r#"{{< t a=1 a=2 >}}"#).is_err());
    }
}
