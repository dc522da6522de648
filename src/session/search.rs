//! The search index of a kept-loaded site, refreshed off the path from an edit to the
//! reload: the rebuild hands a `SearchRequest` (the pages' records kept between rebuilds,
//! and what to make again the records of pages whose render key changed from) to a
//! `SearchWorker`, a thread of its own at low priority, which makes those records, writes
//! the index and sends back the new records and only the files that changed. Edits that
//! arrive meanwhile are rebuilt and served at once; requests that pile up while the worker
//! writes are merged into the newest.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::LastBuild;
use crate::data::DataSets;
use crate::markdown::Document;
use crate::search::extract::{record_of, RecordPage};
use crate::search::{self, IndexInput, IndexParams, IndexSink, PackedRecord};

/// A search record with the render key of the page it was made from (0: made after an edit
/// that left the key unknown; dropped at the page's next edit).
pub(super) type KeptRecord = (u64, PackedRecord);

/// What the index is to be written from.
pub struct SearchRequest {
    /// Every page's record but the pending ones (placeholders until they are made).
    input: IndexInput<'static>,
    /// Records to make before writing: off the thread that serves edits, which makes none.
    pending: Vec<Pending>,
    data: Arc<DataSets>,
    /// Every index file is to be sent back, not only the changed ones (the site was loaded
    /// afresh and holds no index).
    resend_all: bool,
}

/// A record to make: the page's number in the index, its output path and render key, and
/// what the record is made from.
struct Pending {
    number: usize,
    path: String,
    key: u64,
    page: RecordPage,
    doc: Arc<Document>,
}

/// Index files written for a request: those that differ from the previous update (all of
/// them, for a request that asked), and those no longer written.
pub struct SearchUpdate {
    pub files: Vec<(String, Arc<[u8]>)>,
    pub removed: Vec<String>,
    /// `files` holds every index file.
    pub complete: bool,
    /// The records made for the request, to keep: (output path, render key, record).
    pub records: Vec<(String, u64, PackedRecord)>,
}

impl SearchRequest {
    /// The request for the last good build. Records of pages whose key is unchanged are
    /// reused from `kept`; the others are left for `write` to make.
    pub(super) fn new(
        last: &LastBuild,
        keys: &BTreeMap<String, u64>,
        kept: &mut HashMap<String, KeptRecord>,
        resend_all: bool,
    ) -> SearchRequest {
        let site = &last.site;
        let ids = search::searchable_pages(site);
        if kept.len() > ids.len() + 64 {
            let live: std::collections::HashSet<&String> =
                ids.iter().map(|&pid| &last.page_paths[pid]).collect();
            kept.retain(|path, _| live.contains(path));
        }
        let mut records = Vec::with_capacity(ids.len());
        let mut pending = Vec::new();
        for (number, &pid) in ids.iter().enumerate() {
            let path = &last.page_paths[pid];
            let key = keys.get(path).copied().unwrap_or(0);
            match kept.get(path) {
                Some((k, record)) if *k == key => records.push(record.clone()),
                _ => {
                    let (page, doc) = search::record_source(site, pid);
                    records.push(PackedRecord::default());
                    pending.push(Pending {
                        number,
                        path: path.clone(),
                        key,
                        page,
                        doc,
                    });
                }
            }
        }
        SearchRequest {
            input: IndexInput::from_site_records(site, &ids, records),
            pending,
            data: site.data.clone(),
            resend_all,
        }
    }

    /// Writes the index; `previous` (the files of the last update, by path) becomes the new
    /// files, and what differs from it comes back.
    pub fn write(mut self, previous: &mut BTreeMap<String, Arc<[u8]>>) -> SearchUpdate {
        let data = &self.data;
        let made: Vec<(usize, String, u64, PackedRecord)> = std::mem::take(&mut self.pending)
            .into_par_iter()
            .map(|p| {
                let record = PackedRecord::pack(&record_of(p.page, &p.doc, data));
                (p.number, p.path, p.key, record)
            })
            .collect();
        let mut records = Vec::with_capacity(made.len());
        for (number, path, key, record) in made {
            self.input.set_packed(number, record.clone());
            records.push((path, key, record));
        }
        let sink = Shared {
            previous,
            files: Mutex::new(Vec::new()),
        };
        search::write_index_files(self.input, &IndexParams::default(), &sink);
        let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut next: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
        let mut changed = Vec::new();
        for (path, bytes, same) in files {
            if !same || self.resend_all {
                changed.push((path.clone(), bytes.clone()));
            }
            next.insert(path, bytes);
        }
        changed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let removed = previous
            .keys()
            .filter(|path| !next.contains_key(*path))
            .cloned()
            .collect();
        *previous = next;
        SearchUpdate {
            files: changed,
            removed,
            complete: self.resend_all,
            records,
        }
    }
}

/// The index files as the writer makes them, each shared with the previous update's file
/// when the same (so that only one copy is held), else kept as bytes at once: the index is
/// never held twice over.
struct Shared<'p> {
    previous: &'p BTreeMap<String, Arc<[u8]>>,
    files: Mutex<Vec<SharedFile>>,
}

/// (path, bytes, the same as the previous update's).
type SharedFile = (String, Arc<[u8]>, bool);

impl IndexSink for Shared<'_> {
    fn put(&self, path: String, text: String) {
        let file = match self.previous.get(&path) {
            Some(old) if old[..] == *text.as_bytes() => (path, old.clone(), true),
            _ => (path, Arc::from(text.into_bytes()), false),
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
    }
}

/// A thread that writes search indexes, one at a time, at low priority, on a thread pool
/// of its own (so that a rebuild never waits behind its work).
pub struct SearchWorker {
    requests: mpsc::Sender<SearchRequest>,
}

impl SearchWorker {
    /// Starts the worker; `done` receives each update, in the order of the requests.
    pub fn spawn(mut done: impl FnMut(SearchUpdate) + Send + 'static) -> std::io::Result<Self> {
        let (requests, incoming) = mpsc::channel::<SearchRequest>();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "handbook-search".into())
            .start_handler(|_| lower_priority())
            .build()
            .map_err(std::io::Error::other)?;
        std::thread::Builder::new()
            .name("handbook-search-requests".into())
            .spawn(move || {
                let mut previous = BTreeMap::new();
                while let Ok(mut request) = incoming.recv() {
                    // Only the newest site matters; whether to send everything does not.
                    while let Ok(newer) = incoming.try_recv() {
                        let resend_all = request.resend_all || newer.resend_all;
                        request = newer;
                        request.resend_all = resend_all;
                    }
                    let update = pool.install(|| request.write(&mut previous));
                    done(update);
                }
            })?;
        Ok(SearchWorker { requests })
    }

    /// Asks for the index of a newer build.
    pub fn request(&self, request: SearchRequest) {
        let _ = self.requests.send(request);
    }
}

/// Gives the calling thread the lowest scheduling priority (Linux: threads have their own
/// nice value); elsewhere it keeps the default.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority have no preconditions; a failure leaves the priority.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}
