//! How the dev server's allocator gives memory back. mimalloc returns the memory a thread
//! frees to the system only after a delay (its `purge_delay`, 1,000 ms by default), and
//! only when that thread allocates again. A build frees most of what it allocates within
//! that time and stays busy, so the default suits it; a dev server that has just loaded a
//! site, or written its search index, sits idle holding that scratch memory. With a short
//! delay its memory stays close to what the loaded site holds.

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (`mimalloc.h`); the crate names
/// only the options older versions share.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// The dev server's purge delay, ms (mimalloc 2's default).
const SERVE_PURGE_DELAY_MS: std::os::raw::c_long = 10;

/// Makes the allocator return freed memory after `SERVE_PURGE_DELAY_MS`.
pub fn return_freed_memory_promptly() {
    // SAFETY: setting an option has no preconditions; mimalloc reads it when it purges.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, SERVE_PURGE_DELAY_MS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number is the purge delay's: it holds mimalloc 3's default for it, or the
    /// value the environment gave it (tests never start the server, which changes it).
    #[test]
    fn the_option_set_is_the_purge_delay() {
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        // SAFETY: reading an option has no preconditions.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, expected);
    }
}
