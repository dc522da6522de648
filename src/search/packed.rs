//! A search record kept compressed: the dev server keeps one per page between rebuilds
//! (remade only for pages whose HTML changed), and the index writer unpacks them a batch
//! at a time. The record's strings are written one after another, each after its length,
//! and the whole is LZ4-compressed (page text compresses about threefold).

use std::sync::Arc;

use super::extract::{SearchRecord, SubKind, SubResult};

/// A `SearchRecord`, compressed.
#[derive(Clone, Default)]
pub struct PackedRecord(Arc<[u8]>);

impl PackedRecord {
    pub fn pack(record: &SearchRecord) -> PackedRecord {
        let mut w = Writer(Vec::with_capacity(1024));
        w.str(&record.url);
        w.str(&record.title);
        w.str(&record.description);
        w.str(&record.path);
        w.number(record.subs.len());
        for sub in &record.subs {
            match &sub.kind {
                SubKind::Page => w.number(0),
                SubKind::Heading => w.number(1),
                SubKind::Record { facet } => {
                    w.number(2);
                    w.str(facet);
                }
            }
            w.str(&sub.title);
            w.str(&sub.anchor);
            w.str(&sub.text);
            w.str(&sub.code);
        }
        PackedRecord(lz4_flex::compress_prepend_size(&w.0).into())
    }

    /// The record; `None` only if the bytes were not written by `pack`.
    pub fn unpack(&self) -> Option<SearchRecord> {
        let bytes = lz4_flex::decompress_size_prepended(&self.0).ok()?;
        let mut r = Reader(&bytes);
        let mut record = SearchRecord {
            url: r.str()?,
            title: r.str()?,
            description: r.str()?,
            path: r.str()?,
            subs: Vec::new(),
        };
        let subs = r.number()?;
        record.subs.reserve(subs.min(bytes.len()));
        for _ in 0..subs {
            let kind = match r.number()? {
                0 => SubKind::Page,
                1 => SubKind::Heading,
                2 => SubKind::Record { facet: r.str()? },
                _ => return None,
            };
            record.subs.push(SubResult {
                kind,
                title: r.str()?,
                anchor: r.str()?,
                text: r.str()?,
                code: r.str()?,
            });
        }
        r.0.is_empty().then_some(record)
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

struct Writer(Vec<u8>);

impl Writer {
    /// A number, seven bits a byte, low bits first.
    fn number(&mut self, mut n: usize) {
        while n >= 0x80 {
            self.0.push((n & 0x7f) as u8 | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn str(&mut self, s: &str) {
        self.number(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn number(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn str(&mut self) -> Option<String> {
        let len = self.number()?;
        if len > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8(s.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> SearchRecord {
        let sub = |kind, title: &str, text: &str| SubResult {
            kind,
            title: title.to_string(),
            anchor: title.to_lowercase().replace(' ', "-"),
            text: text.repeat(40),
            code: String::new(),
        };
        SearchRecord {
            url: "program/tracks/".into(),
            title: "Program tracks".into(),
            description: "Which track fits a partner — and why.".into(),
            path: "Program › Tracks".into(),
            subs: vec![
                sub(
                    SubKind::Page,
                    "Program tracks",
                    "Before the first heading. ",
                ),
                sub(
                    SubKind::Heading,
                    "Deal registration",
                    "Register deals with 営業. ",
                ),
                SubResult {
                    code: "partner:\n  tier: select\n".into(),
                    ..sub(
                        SubKind::Record {
                            facet: "r7.requirements".into(),
                        },
                        "R7 step",
                        "$10k IACV. ",
                    )
                },
            ],
        }
    }

    #[test]
    fn a_record_unpacks_as_it_was_packed_and_smaller() {
        let r = record();
        let packed = PackedRecord::pack(&r);
        let back = packed.unpack().expect("unpacks");
        assert_eq!(format!("{back:?}"), format!("{r:?}"));
        let text: usize = r.subs.iter().map(|s| s.text.len()).sum();
        assert!(packed.len() * 3 < text, "{} of {text}", packed.len());
    }

    #[test]
    fn bytes_not_written_by_pack_are_refused_not_a_panic() {
        let packed = PackedRecord::pack(&record());
        let mut raw = lz4_flex::decompress_size_prepended(&packed.0).unwrap();
        for cut in [0, 1, 5, raw.len() / 2, raw.len() - 1] {
            let short = PackedRecord(lz4_flex::compress_prepend_size(&raw[..cut]).into());
            assert!(short.unpack().is_none(), "cut at {cut}");
        }
        raw.push(0);
        let long = PackedRecord(lz4_flex::compress_prepend_size(&raw).into());
        assert!(long.unpack().is_none());
        assert!(PackedRecord(Arc::from(&b"garbage"[..])).unpack().is_none());
    }
}
