//! Cutting sorted keys into files of about a given size (term shards, word-ending
//! files), near the boundaries of their first two letters, so that a word's typos usually
//! sit in the file the word is in.

use crate::search::format::{GROUP_MARK, PAIR_JOIN};

/// The first two characters of a key (the block typos of a word are looked for in).
fn block(key: &str) -> &str {
    match key.char_indices().nth(2) {
        Some((i, _)) => &key[..i],
        None => key,
    }
}

/// A key's first word: a word and its pairs (`plan`, `plan mid`) go together.
fn first_word(key: &str) -> &str {
    match key.find(PAIR_JOIN) {
        Some(i) if !key.starts_with(GROUP_MARK) => &key[..i],
        _ => key,
    }
}

/// Cuts sorted (key, bytes) items into files of about `target` bytes. Cuts fall where the
/// first two characters change when they can, else between words (a word stays with its
/// pairs), else anywhere. Returns the index of each file's first item.
pub fn partition(items: &[(&str, usize)], target: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    cut(items, 0, target, 0, &mut starts, &mut size);
    starts
}

fn cut(
    items: &[(&str, usize)],
    offset: usize,
    target: usize,
    level: u8,
    starts: &mut Vec<usize>,
    size: &mut usize,
) {
    let group = |key: &str| -> String {
        match level {
            0 => block(key).to_string(),
            1 => first_word(key).to_string(),
            _ => key.to_string(),
        }
    };
    let mut i = 0;
    while i < items.len() {
        let g = group(items[i].0);
        let mut j = i;
        let mut run = 0;
        while j < items.len() && group(items[j].0) == g {
            run += items[j].1;
            j += 1;
        }
        if run > target && level < 2 {
            cut(&items[i..j], offset + i, target, level + 1, starts, size);
        } else {
            if starts.is_empty() || (*size > 0 && *size + run > target) {
                starts.push(offset + i);
                *size = 0;
            }
            *size += run;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_prefer_block_boundaries() {
        let items = [
            ("aa", 4),
            ("aab", 4),
            ("ab", 4),
            ("ac", 4),
            ("ad", 20),
            ("b", 1),
        ];
        assert_eq!(partition(&items, 10), vec![0, 2, 4, 5]);
        // A block too big is cut between words, a word staying with its pairs.
        let items = [
            ("pa", 2),
            ("pa x", 2),
            ("pan", 3),
            ("pan a", 3),
            ("pan b", 3),
            ("par", 1),
        ];
        assert_eq!(partition(&items, 9), vec![0, 2, 5]);
    }
}
