//! Terms by number, shared by the threads reading pages: a page's terms are numbers, so
//! merging pages is pushing onto lists, and each term's text is stored once. Each thread
//! keeps what it has numbered (`Known`) so that it rarely takes a lock.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use super::pairs::PairCode;
use crate::search::format;
use crate::search::fxhash::{FxHasher, TermMap};

/// The numbering shared by every thread.
pub struct Interner {
    shards: Vec<Mutex<TermMap<u32>>>,
    next: AtomicU32,
}

impl Interner {
    const SHARDS: usize = 64;

    pub fn new() -> Self {
        Interner {
            shards: (0..Self::SHARDS)
                .map(|_| Mutex::new(TermMap::default()))
                .collect(),
            next: AtomicU32::new(0),
        }
    }

    pub fn id(&self, term: &str) -> u32 {
        let h = std::hash::BuildHasherDefault::<FxHasher>::default().hash_one(term);
        let shard = &self.shards[(h >> 32) as usize % Self::SHARDS];
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = map.get(term) {
            return id;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        map.insert(term.to_string(), id);
        id
    }

    /// How many terms are numbered.
    pub fn len(&self) -> usize {
        self.next.load(Ordering::Relaxed) as usize
    }

    /// The terms, by number.
    pub fn into_terms(self) -> Vec<String> {
        let n = self.next.into_inner() as usize;
        let mut out = vec![String::new(); n];
        for shard in self.shards {
            for (term, id) in shard.into_inner().unwrap_or_else(|e| e.into_inner()) {
                out[id as usize] = term;
            }
        }
        out
    }
}

/// A term of at most 16 bytes as one number: its bytes, zero after them (no term holds a
/// zero byte, so no two terms share a number).
fn short_key(term: &str) -> Option<u128> {
    debug_assert!(
        !term.contains('\0'),
        "the tokenizer makes no term with a zero byte"
    );
    let b = term.as_bytes();
    let n = b.len();
    // Read straight from the term, in at most two loads that may overlap (bytes read
    // twice are the same bytes in the same places): copying it into a zeroed buffer and
    // reading that back stalls the processor on every lookup.
    let key = match n {
        0 => 0,
        1..=3 => {
            u128::from(b[0])
                | u128::from(b[n / 2]) << (8 * (n / 2))
                | u128::from(b[n - 1]) << (8 * (n - 1))
        }
        4..=7 => {
            let first = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let last = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
            u128::from(first) | u128::from(last) << (8 * (n - 4))
        }
        8..=16 => {
            let word = |at: usize| {
                let mut w = [0u8; 8];
                w.copy_from_slice(&b[at..at + 8]);
                u64::from_le_bytes(w)
            };
            let (first, last) = (word(0), word(n - 8));
            u128::from(first) | u128::from(last) << (8 * (n - 8))
        }
        _ => return None,
    };
    Some(key)
}

/// What a thread has numbered, and its scratch space for the page it reads.
#[derive(Default)]
pub struct Known {
    /// Terms of at most 16 bytes (`short_key`), and the others.
    short: HashMap<u128, u32, BuildHasherDefault<FxHasher>>,
    terms: TermMap<u32>,
    /// By term number: 0 not looked up yet, else 1 plus its place in `PAIR_STOPWORDS`, or
    /// `u8::MAX` for a word that is not a stopword.
    stop: Vec<u8>,
    /// The page's word pairs.
    pub pairs: Vec<PairCode>,
    /// The terms of the text being read (reused from text to text).
    pub text_ids: Vec<u32>,
    /// The page being read: each term's fields (`SEEN` once it is on the page), the terms
    /// seen, and the (term, sub-result value, in a record's title) of titles.
    pub fields: Vec<u8>,
    pub seen: Vec<u32>,
    pub subs: Vec<(u32, u32, bool)>,
}

/// A thread's view of the interner: the terms it has numbered already, without locking.
pub struct Ids<'i, 'k> {
    pub interner: &'i Interner,
    pub known: &'k mut Known,
}

impl Ids<'_, '_> {
    pub fn id(&mut self, term: &str) -> u32 {
        // Most terms fit 16 bytes: kept as one number, they hash and compare as one.
        if let Some(short) = short_key(term) {
            if let Some(&id) = self.known.short.get(&short) {
                return id;
            }
            let id = self.interner.id(term);
            self.known.short.insert(short, id);
            return id;
        }
        if let Some(&id) = self.known.terms.get(term) {
            return id;
        }
        let id = self.interner.id(term);
        self.known.terms.insert(term.to_string(), id);
        id
    }

    /// The place in `PAIR_STOPWORDS` of the term numbered `id`, if it is a stopword.
    pub fn stopword(&mut self, id: u32, term: &str) -> Option<usize> {
        let i = id as usize;
        if i >= self.known.stop.len() {
            self.known.stop.resize(i + 1, 0);
        }
        if self.known.stop[i] == 0 {
            self.known.stop[i] = match format::stopword(term) {
                Some(g) => g as u8 + 1,
                None => u8::MAX,
            };
        }
        match self.known.stop[i] {
            u8::MAX => None,
            g => Some(usize::from(g) - 1),
        }
    }
}

/// A thread's `Known`, taken from a pool and put back when the work is done, so that it
/// stays warm for the whole site.
pub struct Lease<'p> {
    known: Option<Known>,
    pool: &'p Mutex<Vec<Known>>,
}

impl<'p> Lease<'p> {
    pub fn take(pool: &'p Mutex<Vec<Known>>) -> Self {
        let known = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Lease {
            known: Some(known.unwrap_or_default()),
            pool,
        }
    }

    pub fn known(&mut self) -> &mut Known {
        self.known.get_or_insert_with(Known::default)
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(k) = self.known.take() {
            self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length gives the term's bytes with zeros after them, as copying them into a
    /// zeroed buffer does.
    #[test]
    fn short_keys_are_the_bytes_then_zeros() {
        let text = "abcdefghijklmnopq";
        for n in 0..=text.len() {
            let term = &text[..n];
            let want = (n <= 16).then(|| {
                let mut w = [0u8; 16];
                w[..n].copy_from_slice(term.as_bytes());
                u128::from_le_bytes(w)
            });
            assert_eq!(short_key(term), want, "{term:?}");
        }
        assert_ne!(short_key("ab"), short_key("ba"));
        assert_ne!(short_key("é"), short_key("e"));
    }
}
