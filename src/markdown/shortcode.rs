//! Shortcodes as Hugo reads them, on the raw text before Markdown (so that they work in
//! code and raw HTML too): `{{< name args >}}` and `{{% name args %}}`, paired with
//! `{{< /name >}}` around inner content or standing alone (`{{< name />}}` says so),
//! positional (`"a"`, `` `raw` ``, `bare`) and named (`key="value"`) arguments, names with
//! `/`, nesting, and the escape `{{</* name */>}}` that prints the call as written.
//!
//! `expand` replaces each top-level shortcode (a paired one with its inner content) by a
//! token: where the call stands on lines of its own, an HTML comment `<!--hbsc7-->`, which
//! Markdown reads as an HTML block (interrupting a paragraph, as a block call should);
//! inside a sentence, an empty element `<hbsc-7/>`, which Markdown reads as inline HTML
//! (and which, unlike a comment, cannot turn the rest of its line into raw HTML). In code
//! either is text. What a token stands for is the parse's business (`super`); what a
//! shortcode renders is the render stage's. `ref` and `relref` are replaced by their target path, so that links
//! written `[x]({{< ref "page.md" >}})` are links.

use std::collections::BTreeMap;
use std::ops::Range;

/// How a call was written. Both forms render their inner content as Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delim {
    /// `{{< >}}`
    Angle,
    /// `{{% %}}`
    Percent,
}

impl Delim {
    /// The opening and closing of a tag: `{{<` and `>}}`.
    pub fn open(self) -> &'static str {
        match self {
            Delim::Angle => "{{<",
            Delim::Percent => "{{%",
        }
    }

    pub fn close(self) -> &'static str {
        match self {
            Delim::Angle => ">}}",
            Delim::Percent => "%}}",
        }
    }
}

/// A parsed call: the shortcode's name and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    /// Named arguments.
    pub args: BTreeMap<String, String>,
    /// Positional arguments, in order.
    pub positional: Vec<String>,
    pub delim: Delim,
}

impl Call {
    /// A named argument, else the positional one at `index`.
    pub fn arg(&self, name: &str, index: usize) -> Option<&str> {
        self.args
            .get(name)
            .or_else(|| self.positional.get(index))
            .map(String::as_str)
    }
}

/// A top-level shortcode of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub call: Call,
    /// The opening tag.
    pub open: Range<usize>,
    /// The text between the opening and the closing tag, for a paired call.
    pub inner: Option<Range<usize>>,
    /// Written `{{< name />}}`: explicitly without inner content.
    pub self_closing: bool,
}

/// What a token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Node(Node),
    /// An escaped call, shown as written (without the `/* */`).
    Escape(String),
}

/// A syntax problem at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
    pub hint: String,
}

/// A text with its shortcodes replaced by tokens.
#[derive(Debug, Default)]
pub struct Expansion {
    pub text: String,
    /// Token number -> what it stands for; numbers start at the `first` given to `expand`.
    pub pieces: BTreeMap<usize, Piece>,
    /// Where each offset of `text` was in the original.
    pub map: OffsetMap,
    pub errors: Vec<SyntaxError>,
}

/// Offsets of an expanded text mapped back to the original: copied runs map one to one,
/// a token maps to the start of what it replaced.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// (offset in the expanded text, offset in the original, copied run or replacement),
    /// sorted.
    runs: Vec<(usize, usize, bool)>,
}

impl OffsetMap {
    /// The original offset of `offset` in the expanded text.
    pub fn original(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|r| r.0 <= offset);
        if i == 0 {
            return offset;
        }
        let (exp, orig, copied) = self.runs[i - 1];
        if copied {
            orig + (offset - exp)
        } else {
            orig
        }
    }
}

/// The token for piece `n`: the block form, for a call on lines of its own, or the
/// inline form.
pub fn token(n: usize, block: bool) -> String {
    if block {
        format!("{BLOCK_TOKEN}{n}-->")
    } else {
        format!("{INLINE_TOKEN}{n}/>")
    }
}

/// The starts of the two forms of token.
const BLOCK_TOKEN: &str = "<!--hbsc";
const INLINE_TOKEN: &str = "<hbsc-";

/// The piece numbers of the tokens in `text`, with their byte ranges, in order.
pub fn find_tokens(text: &str) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<") {
        let start = from + i;
        from = start + 1;
        let (digits_start, end_mark) = if text[start..].starts_with(BLOCK_TOKEN) {
            (start + BLOCK_TOKEN.len(), "-->")
        } else if text[start..].starts_with(INLINE_TOKEN) {
            (start + INLINE_TOKEN.len(), "/>")
        } else {
            continue;
        };
        let digits = text[digits_start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = digits_start + digits;
        if digits > 0 && text[end..].starts_with(end_mark) {
            if let Ok(n) = text[digits_start..end].parse() {
                out.push((n, start..end + end_mark.len()));
            }
            from = end + end_mark.len();
        }
    }
    out
}

/// Whether `range` of `text` stands on lines of its own (nothing but space around it on
/// its first and last line).
fn on_own_lines(text: &str, range: &Range<usize>) -> bool {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    text[line_start..range.start].trim().is_empty() && text[range.end..line_end].trim().is_empty()
}

/// Replaces the top-level shortcodes of `text` by tokens numbered from `first`.
pub fn expand(text: &str, first: usize) -> Expansion {
    let mut errors = Vec::new();
    let tags = lex_all(text, &mut errors);
    let pieces = match_tags(&tags, &mut errors);
    let mut out = Expansion {
        text: String::with_capacity(text.len()),
        errors,
        ..Expansion::default()
    };
    let mut copied_from = 0;
    let mut n = first;
    for (range, piece) in pieces {
        out.map.runs.push((out.text.len(), copied_from, true));
        out.text.push_str(&text[copied_from..range.start]);
        out.map.runs.push((out.text.len(), range.start, false));
        match piece {
            Some(Piece::Node(node)) if is_ref(&node.call.name) => {
                out.text.push_str(node.call.arg("path", 0).unwrap_or(""));
            }
            Some(piece) => {
                out.text.push_str(&token(n, on_own_lines(text, &range)));
                out.pieces.insert(n, piece);
                n += 1;
            }
            // A closing tag that closes nothing: dropped (and reported).
            None => {}
        }
        copied_from = range.end;
    }
    out.map.runs.push((out.text.len(), copied_from, true));
    out.text.push_str(&text[copied_from..]);
    out
}

/// Hugo's `ref` and `relref`: a page's path, resolved as a link.
fn is_ref(name: &str) -> bool {
    name == "ref" || name == "relref"
}

/// One tag as written.
#[derive(Debug, Clone)]
enum Tag {
    Open { call: Call, self_closing: bool },
    Close { name: String },
    Escape(String),
}

/// Every tag of `text`, in order; malformed ones are reported and left as text.
fn lex_all(text: &str, errors: &mut Vec<SyntaxError>) -> Vec<(Range<usize>, Tag)> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        let delim = match text.as_bytes().get(start + 2) {
            Some(b'<') => Delim::Angle,
            Some(b'%') => Delim::Percent,
            _ => {
                from = start + 2;
                continue;
            }
        };
        match Lexer::new(text, start, delim).tag() {
            Ok((tag, end)) => {
                tags.push((start..end, tag));
                from = end;
            }
            Err(e) => {
                errors.push(e);
                from = start + 3;
            }
        }
    }
    tags
}

/// Pairs opening and closing tags; returns the top-level pieces with their ranges (`None`:
/// a closing tag that closes nothing, to drop).
fn match_tags(
    tags: &[(Range<usize>, Tag)],
    errors: &mut Vec<SyntaxError>,
) -> Vec<(Range<usize>, Option<Piece>)> {
    // The closing tag of each opening one, by index.
    let mut closing: BTreeMap<usize, usize> = BTreeMap::new();
    let mut unmatched_close = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (i, (_, tag)) in tags.iter().enumerate() {
        match tag {
            Tag::Open {
                self_closing: false,
                ..
            } => stack.push(i),
            Tag::Close { name } => {
                let opener = stack.iter().rposition(
                    |&o| matches!(&tags[o].1, Tag::Open { call, .. } if call.name == *name),
                );
                match opener {
                    Some(p) => {
                        closing.insert(stack[p], i);
                        stack.truncate(p);
                    }
                    None => unmatched_close.push(i),
                }
            }
            _ => {}
        }
    }
    for &i in &unmatched_close {
        let (range, Tag::Close { name }) = &tags[i] else {
            continue;
        };
        errors.push(SyntaxError {
            at: range.start,
            message: format!("`/{name}` closes no open `{name}` shortcode"),
            hint: format!("open it before with {{{{< {name} >}}}}, or remove the closing tag"),
        });
    }
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let (range, tag) = &tags[i];
        match tag {
            Tag::Open { call, self_closing } => match closing.get(&i) {
                Some(&c) => {
                    let close = &tags[c].0;
                    let node = Node {
                        call: call.clone(),
                        open: range.clone(),
                        inner: Some(range.end..close.start),
                        self_closing: false,
                    };
                    pieces.push((range.start..close.end, Some(Piece::Node(node))));
                    i = c + 1;
                    continue;
                }
                None => {
                    let node = Node {
                        call: call.clone(),
                        open: range.clone(),
                        inner: None,
                        self_closing: *self_closing,
                    };
                    pieces.push((range.clone(), Some(Piece::Node(node))));
                }
            },
            Tag::Close { .. } => pieces.push((range.clone(), None)),
            Tag::Escape(literal) => {
                pieces.push((range.clone(), Some(Piece::Escape(literal.clone()))))
            }
        }
        i += 1;
    }
    pieces
}

/// Reads one tag starting at `{{<` or `{{%`.
struct Lexer<'a> {
    text: &'a str,
    start: usize,
    pos: usize,
    delim: Delim,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str, start: usize, delim: Delim) -> Self {
        Lexer {
            text,
            start,
            pos: start + 3,
            delim,
        }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_space(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.pos += n;
    }

    fn error(&self, at: usize, message: String, hint: &str) -> SyntaxError {
        SyntaxError {
            at,
            message,
            hint: hint.to_string(),
        }
    }

    /// The tag and the offset just after it.
    fn tag(mut self) -> Result<(Tag, usize), SyntaxError> {
        self.skip_space();
        if self.rest().starts_with("/*") {
            return self.escape();
        }
        let closing = self.rest().starts_with('/');
        if closing {
            self.pos += 1;
            self.skip_space();
        }
        let name = self.name()?;
        if closing {
            self.skip_space();
            let end = self.end()?;
            return Ok((Tag::Close { name }, end));
        }
        let mut call = Call {
            name,
            args: BTreeMap::new(),
            positional: Vec::new(),
            delim: self.delim,
        };
        loop {
            self.skip_space();
            if self.rest().starts_with('/') && self.rest()[1..].starts_with(self.delim.close()) {
                self.pos += 1;
                let end = self.end()?;
                return Ok((
                    Tag::Open {
                        call,
                        self_closing: true,
                    },
                    end,
                ));
            }
            if self.rest().starts_with(">}}") || self.rest().starts_with("%}}") {
                let end = self.end()?;
                return Ok((
                    Tag::Open {
                        call,
                        self_closing: false,
                    },
                    end,
                ));
            }
            self.argument(&mut call)?;
        }
    }

    /// `{{</* ... */>}}`: the call as written, without the comment marks.
    fn escape(mut self) -> Result<(Tag, usize), SyntaxError> {
        let inner_start = self.pos + 2;
        let close = format!("*/{}", self.delim.close());
        let Some(i) = self.text[inner_start..].find(&close) else {
            return Err(self.error(
                self.start,
                format!(
                    "the escaped shortcode has no closing `*/{}`",
                    self.delim.close()
                ),
                "write an escaped call as {{</* name */>}}",
            ));
        };
        let inner = &self.text[inner_start..inner_start + i];
        self.pos = inner_start + i + close.len();
        let literal = format!("{}{inner}{}", self.delim.open(), self.delim.close());
        Ok((Tag::Escape(literal), self.pos))
    }

    fn name(&mut self) -> Result<String, SyntaxError> {
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')))
            .unwrap_or(self.rest().len());
        let name = self.rest()[..len].trim_end_matches('/');
        if name.is_empty() {
            return Err(self.error(
                self.start,
                "a shortcode call has no name".into(),
                "write {{< name key=\"value\" >}}",
            ));
        }
        self.pos += name.len();
        Ok(name.to_string())
    }

    /// Past the closing `>}}` (or `%}}`), which must come next.
    fn end(&mut self) -> Result<usize, SyntaxError> {
        self.skip_space();
        if self.rest().starts_with(self.delim.close()) {
            self.pos += 3;
            return Ok(self.pos);
        }
        let other = match self.delim {
            Delim::Angle => Delim::Percent,
            Delim::Percent => Delim::Angle,
        };
        let message = if self.rest().starts_with(other.close()) {
            format!(
                "a shortcode opened with `{}` is closed with `{}`",
                self.delim.open(),
                other.close()
            )
        } else {
            format!("the shortcode is not closed with `{}`", self.delim.close())
        };
        Err(self.error(
            self.start,
            message,
            &format!("end the call with `{}`", self.delim.close()),
        ))
    }

    /// One argument: `value` or `key=value`, a value being `"quoted"` (with `\"`),
    /// `` `raw` `` (may span lines) or a bare word.
    fn argument(&mut self, call: &mut Call) -> Result<(), SyntaxError> {
        let at = self.pos;
        let first = self.value()?;
        if let (Value::Bare(key), Some('=')) = (&first, self.peek()) {
            self.pos += 1;
            let value = self.value()?.into_string();
            if call.args.insert(key.clone(), value).is_some() {
                return Err(self.error(
                    at,
                    format!("argument `{key}` is given twice"),
                    "give each argument once",
                ));
            }
        } else {
            call.positional.push(first.into_string());
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        let at = self.pos;
        match self.peek() {
            // Single quotes too: handbook's own shortcodes took them before Hugo's grammar.
            Some(q @ ('"' | '\'')) => {
                let mut out = String::new();
                let mut chars = self.rest().char_indices().skip(1);
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, n)) = chars.next() {
                                if n != q && n != '\\' {
                                    out.push('\\');
                                }
                                out.push(n);
                            }
                        }
                        c if c == q => {
                            self.pos += i + 1;
                            return Ok(Value::Quoted(out));
                        }
                        c => out.push(c),
                    }
                }
                Err(self.error(
                    at,
                    format!("a quoted argument has no closing `{q}`"),
                    "close the value with the quote it opened with",
                ))
            }
            Some('`') => match self.rest()[1..].find('`') {
                Some(i) => {
                    let v = self.rest()[1..1 + i].to_string();
                    self.pos += i + 2;
                    Ok(Value::Quoted(v))
                }
                None => Err(self.error(
                    at,
                    "a raw argument has no closing backtick".into(),
                    "close the value with `",
                )),
            },
            Some(_) => {
                let rest = self.rest();
                let mut len = 0;
                for (i, c) in rest.char_indices() {
                    let closing = rest[i..].starts_with(">}}") || rest[i..].starts_with("%}}");
                    if c.is_whitespace() || c == '=' || closing {
                        break;
                    }
                    len = i + c.len_utf8();
                }
                if len == 0 {
                    return Err(self.error(
                        at,
                        format!("unexpected `{}` in a shortcode call", &rest[..1]),
                        "write arguments as \"value\" or key=\"value\"",
                    ));
                }
                self.pos += len;
                Ok(Value::Bare(rest[..len].to_string()))
            }
            None => Err(self.error(
                self.start,
                format!("the shortcode is not closed with `{}`", self.delim.close()),
                &format!("end the call with `{}`", self.delim.close()),
            )),
        }
    }
}

enum Value {
    Quoted(String),
    Bare(String),
}

impl Value {
    fn into_string(self) -> String {
        match self {
            Value::Quoted(s) | Value::Bare(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Piece> {
        let e = expand(text, 0);
        assert!(e.errors.is_empty(), "{:?}", e.errors);
        e.pieces.into_values().collect()
    }

    fn node(p: &Piece) -> &Node {
        match p {
            Piece::Node(n) => n,
            Piece::Escape(_) => panic!("an escape"),
        }
    }

    #[test]
    fn arguments_named_positional_quoted_raw_and_bare() {
        let p = calls("{{< table data=\"r7.requirements\" columns='a,b' n=3 >}}");
        let c = &node(&p[0]).call;
        assert_eq!(c.name, "table");
        assert_eq!(c.args["data"], "r7.requirements");
        assert_eq!(c.args["columns"], "a,b");
        assert_eq!(c.args["n"], "3");
        let p = calls("{{% youtube \"abc\" `two\nlines` bare %}}");
        let c = &node(&p[0]).call;
        assert_eq!(c.positional, ["abc", "two\nlines", "bare"]);
        assert_eq!(c.delim, Delim::Percent);
        let p = calls("{{< x \"say \\\"hi\\\"\" >}}");
        assert_eq!(node(&p[0]).call.positional, ["say \"hi\""]);
    }

    #[test]
    fn pairs_nest_and_stand_alone() {
        let text = "{{< a >}}x {{< b >}}y{{< /b >}} {{< c />}}{{< /a >}} {{< d >}}";
        let e = expand(text, 5);
        assert!(e.errors.is_empty());
        assert_eq!(e.text, "<hbsc-5/> <hbsc-6/>");
        let a = node(&e.pieces[&5]);
        assert_eq!(
            &text[a.inner.clone().unwrap()],
            "x {{< b >}}y{{< /b >}} {{< c />}}"
        );
        let d = node(&e.pieces[&6]);
        assert_eq!(d.inner, None);
        assert!(!d.self_closing);
    }

    #[test]
    fn names_with_slashes_and_self_closing() {
        let p = calls("{{< tabs/tab name=\"x\" />}}");
        let n = node(&p[0]);
        assert_eq!(n.call.name, "tabs/tab");
        assert!(n.self_closing);
    }

    #[test]
    fn escapes_print_the_call() {
        let e = expand("see `{{</* alert color=\"x\" */>}}` and {{%/* y */%}}", 0);
        assert_eq!(
            e.pieces.values().cloned().collect::<Vec<_>>(),
            [
                Piece::Escape("{{< alert color=\"x\" >}}".into()),
                Piece::Escape("{{% y %}}".into())
            ]
        );
    }

    #[test]
    fn refs_become_their_path() {
        let e = expand(
            "[x]({{< ref \"a/b.md#c\" >}}) and {{< relref path=\"d.md\" >}}",
            0,
        );
        assert_eq!(e.text, "[x](a/b.md#c) and d.md");
        assert!(e.pieces.is_empty());
    }

    #[test]
    fn unclosed_mismatched_and_stray_tags_are_located() {
        let e = expand("a\n{{< x y=\"1\" \nb", 0);
        assert_eq!(e.errors.len(), 1);
        assert_eq!(e.errors[0].at, 2);
        let e = expand("{{< x >}} {{% y >}}", 0);
        assert!(
            e.errors[0].message.contains("closed with `>}}`"),
            "{:?}",
            e.errors
        );
        let e = expand("ok {{< /z >}}", 0);
        assert_eq!(e.errors[0].at, 3);
        assert!(e.errors[0].message.contains("closes no open"));
        assert_eq!(e.text, "ok ");
        // Crossed tags: `b` is left open inside `a`, and `/b` closes nothing.
        let e = expand("{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}", 0);
        assert_eq!(e.errors.len(), 1);
        assert!(e.errors[0].message.contains("`/b`"));
    }

    #[test]
    fn offsets_map_back() {
        let text = "ab {{< x >}} cd";
        let e = expand(text, 0);
        assert_eq!(e.text, "ab <hbsc-0/> cd");
        assert_eq!(e.map.original(1), 1);
        assert_eq!(e.map.original(3), 3);
        assert_eq!(e.map.original(7), 3);
        let cd = e.text.find("cd").unwrap();
        assert_eq!(e.map.original(cd), text.find("cd").unwrap());
    }

    #[test]
    fn tokens_are_found_in_both_forms() {
        let t = format!("x{}y{}", token(3, true), token(12, false));
        let found: Vec<usize> = find_tokens(&t).into_iter().map(|(n, _)| n).collect();
        assert_eq!(found, [3, 12]);
        assert!(find_tokens("<!--hbsc--> <hbsc-x/>").is_empty());
        let e = expand("a\n  {{< x >}}  \nb {{< y >}}\n", 0);
        assert_eq!(e.text, "a\n  <!--hbsc0-->  \nb <hbsc-1/>\n");
    }
}
