//! The search index of a kept-loaded site, refreshed off the path from an edit to the
//! reload: the rebuild hands a `SearchRequest` (the pages' parses, shared, and what else
//! their records take) to a `SearchWorker`, a thread of its own at low priority, which
//! makes each page's record as it reads the page for the index (none is kept between
//! requests: a site's records are as large as its index) and sends back only the files
//! that changed. Edits that arrive meanwhile are rebuilt and served at once; requests that
//! pile up while the worker writes are merged into the newest.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::Mutex;

use super::LastBuild;
use crate::output::Packed;
use crate::search::{self, IndexInput, IndexParams, IndexSink};

/// What the index is to be written from.
pub struct SearchRequest {
    /// The pages' parses and what else their records take, each made into a record as the
    /// writer reads the page.
    input: IndexInput<'static>,
    /// Every index file is to be sent back, not only the changed ones (the site was loaded
    /// afresh and holds no index).
    resend_all: bool,
}

/// Index files written for a request: those that differ from the previous update (all of
/// them, for a request that asked), and those no longer written.
pub struct SearchUpdate {
    /// Deflated (the server holds them so: they are as large as the pages packed).
    pub files: Vec<(String, Packed)>,
    pub removed: Vec<String>,
    /// `files` holds every index file.
    pub complete: bool,
}

impl SearchRequest {
    /// The request for the last good build.
    pub(super) fn new(last: &LastBuild, resend_all: bool) -> SearchRequest {
        SearchRequest {
            input: IndexInput::from_site_sources(&last.site),
            resend_all,
        }
    }

    /// Writes the index; `previous` (the files of the last update, by path) becomes the new
    /// files, and what differs from it comes back.
    pub fn write(self, previous: &mut BTreeMap<String, Packed>) -> SearchUpdate {
        let sink = Shared {
            previous,
            files: Mutex::new(Vec::new()),
        };
        search::write_index_files(self.input, &IndexParams::default(), &sink);
        let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut next: BTreeMap<String, Packed> = BTreeMap::new();
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
        }
    }
}

/// The index files as the writer makes them, each shared with the previous update's file
/// when the same (so that only one copy is held), else deflated at once: the index is
/// never held twice over.
struct Shared<'p> {
    previous: &'p BTreeMap<String, Packed>,
    files: Mutex<Vec<SharedFile>>,
}

/// (path, file, the same as the previous update's).
type SharedFile = (String, Packed, bool);

impl IndexSink for Shared<'_> {
    fn put(&self, path: String, text: String) {
        // After an edit most files are the same: inflating the old one to compare costs a
        // fraction of deflating the new one, which only a changed file needs.
        let file = match self.previous.get(&path) {
            Some(old) if old.unpack().is_ok_and(|bytes| bytes == text.as_bytes()) => {
                (path, old.clone(), true)
            }
            _ => (path, Packed::deflated(text.as_bytes()), false),
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
