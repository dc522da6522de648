//! Reading a search index as the client does, with the format's own types
//! (`handbook::search::format`): for tests of built sites and of the golden fixtures.

use std::collections::BTreeMap;
use std::path::Path;

use handbook::search::format::{self, Fragment, Meta, PairEntry, TermEntry};

/// An index's files, by path under `search/`.
pub struct IndexFiles {
    pub files: BTreeMap<String, String>,
}

impl IndexFiles {
    /// The index of a built site (`<site>/search/`), the results page left out.
    pub fn of_site(public: &Path) -> Self {
        let dir = public.join("search");
        let files = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .filter(|(rel, _)| rel != "index.html")
            .collect();
        IndexFiles { files }
    }

    /// The text of a file, by path under `search/`.
    pub fn text(&self, rel: &str) -> &str {
        self.files
            .get(rel)
            .unwrap_or_else(|| panic!("no {rel} in the index"))
    }

    /// A file as a value of the format's type `T`.
    pub fn read<T: serde::de::DeserializeOwned>(&self, rel: &str) -> T {
        serde_json::from_str(self.text(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn meta(&self) -> Meta {
        self.read(format::META_FILE)
    }

    /// The files of one kind (`format::TERM_SHARDS`, ...), by number.
    pub fn numbered(&self, kind: &str) -> Vec<&str> {
        let mut out = Vec::new();
        while let Some(text) = self.files.get(&format::numbered(kind, out.len())) {
            out.push(text.as_str());
        }
        out
    }

    /// Every term with its entry, from the term shards, and with its title list from
    /// meta.json when that holds it (as the client puts them together; a word in titles
    /// alone has no entry in the term shards).
    pub fn terms(&self) -> BTreeMap<String, TermEntry> {
        let mut out = BTreeMap::new();
        for text in self.numbered(format::TERM_SHARDS) {
            let shard: Vec<TermEntry> = serde_json::from_str(text).unwrap();
            for entry in shard {
                out.insert(entry.term.clone(), entry);
            }
        }
        for (term, pages) in self.meta().titles {
            let entry = out.entry(term.clone()).or_insert_with(|| TermEntry {
                term,
                ..TermEntry::default()
            });
            assert_eq!(
                entry.title, "",
                "a title list in meta.json and in a shard: {entry:?}"
            );
            entry.title = pages;
        }
        out
    }

    /// Every word pair with its entry.
    pub fn pairs(&self) -> BTreeMap<String, PairEntry> {
        let mut out = BTreeMap::new();
        for text in self.numbered(format::PAIR_FILES) {
            let file: Vec<PairEntry> = format::read_pair_file(text).unwrap();
            for entry in file {
                out.insert(entry.key.clone(), entry);
            }
        }
        out
    }

    /// Every fragment, by page URL.
    pub fn fragments(&self) -> BTreeMap<String, Fragment> {
        (0..self.meta().pages as u32)
            .map(|page| {
                let f = self.fragment(page);
                (f.u.clone(), f)
            })
            .collect()
    }

    /// A page's fragment, from the file meta.json says it is in.
    pub fn fragment(&self, page: u32) -> Fragment {
        let firsts = handbook::search::lists::decode_pages(&self.meta().frags).unwrap();
        let (file, place) = format::fragment_place(page, &firsts);
        let mut list: Vec<Fragment> = self.read(&format::numbered(format::FRAGMENT_FILES, file));
        assert!(
            place < list.len(),
            "page {page}: no fragment at {place} of file {file}"
        );
        list.swap_remove(place)
    }
}
