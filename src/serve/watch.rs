//! Watching the site's folders with notify, debounced by a few tens of milliseconds, and
//! turning each burst of changes into one incremental rebuild. The search index is written
//! by a `SearchWorker` meanwhile; its updates come back through the same queue as changes.
//!
//! Folders are watched, not files: editors save by writing a temporary file and renaming
//! it over the original. The site root is watched without recursion, for the config file
//! and for watched folders created later.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use super::{Event, Live, Shared};
use crate::diagnostics::Diagnostic;
use crate::session::{ChangeKind, Rebuilt, SearchUpdate, SearchWorker, Session};

/// Keeps the watcher alive; dropping it does not stop the thread, which ends with the
/// process.
pub struct WatchHandle {
    _thread: std::thread::JoinHandle<()>,
}

const DEBOUNCE: Duration = Duration::from_millis(20);

/// What is told of each rebuild (and of each search index written).
type OnRebuild<'a> = dyn FnMut(&Session, Result<&Rebuilt, &Vec<Diagnostic>>) + 'a;

/// What the rebuild loop waits for.
enum Message {
    /// Paths that changed on disk.
    Changed(Vec<PathBuf>),
    /// The search worker wrote an index.
    Index(SearchUpdate),
}

pub(crate) fn start(
    session: Session,
    timings: bool,
    shared: Arc<Shared>,
) -> Result<WatchHandle, String> {
    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("handbook-watch".into())
        .spawn(move || {
            watch_with_ready(
                session,
                Some(ready_tx),
                timings,
                |session, outcome| match outcome {
                    Ok(r) if r.search_index_only => {
                        let mut live = shared.live.write().unwrap_or_else(|e| e.into_inner());
                        publish(&mut live, session, r);
                    }
                    Ok(r) => {
                        let mut live = shared.live.write().unwrap_or_else(|e| e.into_inner());
                        let had_errors = !live.errors.is_empty();
                        live.errors.clear();
                        publish(&mut live, session, r);
                        drop(live);
                        if had_errors {
                            let _ = shared.events.send(Event::Fixed);
                        }
                        if r.css_only && !had_errors {
                            let _ = shared.events.send(Event::Css);
                        } else if !r.changed.is_empty() || had_errors {
                            let _ = shared.events.send(Event::Reload);
                        }
                    }
                    Err(errors) => {
                        let mut live = shared.live.write().unwrap_or_else(|e| e.into_inner());
                        live.errors = errors.clone();
                        drop(live);
                        let _ = shared.events.send(Event::Errors(errors.clone()));
                    }
                },
            )
        })
        .map_err(|e| format!("cannot start the watcher: {e}"))?;
    // Serve only once changes are seen: an edit right after start must not be missed.
    ready_rx
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the file watcher did not start".to_string())?;
    Ok(WatchHandle { _thread: thread })
}

/// Brings the served files up to date with the session's: the changed ones only (readers
/// never keep the output beyond the lock, so it is changed in place), or all of them after
/// the config changed (the site was loaded afresh).
fn publish(live: &mut Live, session: &Session, rebuilt: &Rebuilt) {
    let Some(out) = session.output() else {
        return;
    };
    if rebuilt.kinds.contains(&ChangeKind::Config) {
        live.output = Arc::new(out.clone());
        return;
    }
    let files = &mut Arc::make_mut(&mut live.output).files;
    for path in &rebuilt.changed {
        match out.files.get(path) {
            Some(file) => {
                files.insert(path.clone(), file.clone());
            }
            None => {
                files.remove(path);
            }
        }
    }
}

/// Watches the site of `session`, rebuilds after each debounced burst of changes, prints
/// one line per rebuild (and its steps' times with `timings`), and hands each outcome to
/// `on_rebuild`. Runs until the watcher stops.
pub fn watch_and_rebuild(
    session: Session,
    timings: bool,
    on_rebuild: impl FnMut(&Session, Result<&Rebuilt, &Vec<Diagnostic>>),
) {
    watch_with_ready(session, None, timings, on_rebuild)
}

fn watch_with_ready(
    mut session: Session,
    ready: Option<mpsc::Sender<()>>,
    timings: bool,
    mut on_rebuild: impl FnMut(&Session, Result<&Rebuilt, &Vec<Diagnostic>>),
) {
    let root = session.root().to_path_buf();
    session.defer_search(true);
    let (tx, rx) = mpsc::channel::<Message>();
    let index_tx = tx.clone();
    let worker = SearchWorker::spawn(move |update| {
        let _ = index_tx.send(Message::Index(update));
    });
    let worker = match worker {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot start the search index thread ({e}); the index is refreshed after each rebuild");
            None
        }
    };
    let debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
        if let Ok(events) = res {
            // Reads (ours included) are not changes.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !e.event.kind.is_access())
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(Message::Changed(paths));
            }
        }
    });
    let mut debouncer = match debouncer {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return;
        }
    };
    if let Err(e) = debouncer.watch(&root, RecursiveMode::NonRecursive) {
        eprintln!("error: cannot watch {}: {e}", root.display());
        return;
    }
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut follow_new_dirs =
        |session: &Session, debouncer: &mut notify_debouncer_full::Debouncer<_, _>| {
            for dir in session.layout().watched_dirs() {
                if dir.is_dir()
                    && !watched.contains(&dir)
                    && debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
                {
                    watched.insert(dir);
                }
            }
        };
    follow_new_dirs(&session, &mut debouncer);
    if let Some(ready) = ready {
        let _ = ready.send(());
    }
    // The worker has a request it has not answered yet. One at a time: every request holds
    // what each page's record is made from, and the worker would write only the newest of
    // those queued; the session's index stays stale meanwhile, and the next request goes
    // when the answer comes.
    let waiting = std::cell::Cell::new(false);
    // The first build's index, if it was left for later.
    let refresh_index = |session: &mut Session, on_rebuild: &mut OnRebuild<'_>| match &worker {
        Some(worker) => {
            if waiting.get() {
                return;
            }
            if let Some(request) = session.search_request() {
                worker.request(request);
                waiting.set(true);
            }
        }
        None => {
            let changed = session.refresh_search();
            index_written(session, changed, on_rebuild);
        }
    };
    refresh_index(&mut session, &mut on_rebuild);
    while let Ok(message) = rx.recv() {
        let mut paths = Vec::new();
        let mut updates = Vec::new();
        let mut sort = |message| match message {
            Message::Changed(p) => paths.extend(p),
            Message::Index(update) => updates.push(update),
        };
        sort(message);
        // Everything that arrived meanwhile goes into the same rebuild.
        while let Ok(more) = rx.try_recv() {
            sort(more);
        }
        for update in updates {
            waiting.set(false);
            let changed = session.apply_search(update);
            index_written(&session, changed, &mut on_rebuild);
        }
        let relevant: Vec<PathBuf> = paths
            .into_iter()
            .filter(|p| session.classify(p) != ChangeKind::Ignored)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if relevant.is_empty() {
            // An answer came: the edits made meanwhile are indexed next.
            refresh_index(&mut session, &mut on_rebuild);
            continue;
        }
        match session.rebuild(&relevant) {
            Ok(r) => {
                let what: Vec<String> = r
                    .kinds
                    .iter()
                    .filter(|k| **k != ChangeKind::Ignored)
                    .map(|k| format!("{k:?}").to_lowercase())
                    .collect();
                eprintln!(
                    "Rebuilt in {:.1} ms ({}): {} pages rendered, {} files changed",
                    r.took.as_secs_f64() * 1000.0,
                    what.join(", "),
                    r.rendered,
                    r.changed.len()
                );
                if let (true, Some(t)) = (timings, &r.timings) {
                    eprint!("{}", t.report());
                }
                for w in &r.warnings {
                    eprintln!("{w}");
                }
                on_rebuild(&session, Ok(&r));
                // The search index comes after the pages: it is not on the path from an
                // edit to the reload.
                refresh_index(&mut session, &mut on_rebuild);
            }
            Err(errors) => {
                eprintln!("Rebuild failed; the last good site stays:");
                for e in &errors {
                    eprintln!("{e}");
                }
                on_rebuild(&session, Err(&errors));
            }
        }
        // A watched folder created meanwhile (templates/, static/) is followed from now on.
        follow_new_dirs(&session, &mut debouncer);
    }
}

/// Tells `on_rebuild` which index files changed, if any did.
fn index_written(session: &Session, changed: Vec<String>, on_rebuild: &mut OnRebuild<'_>) {
    if !changed.is_empty() {
        let done = Rebuilt {
            changed,
            search_index_only: true,
            ..Rebuilt::default()
        };
        on_rebuild(session, Ok(&done));
    }
}
