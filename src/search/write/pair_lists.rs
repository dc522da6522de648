//! The word pairs of every page as they are read, kept by first word in a compact form
//! until the pair files are written. A site has millions of pair occurrences (5.6 million
//! on the neutral 10,000-page corpus): as a `PairCode` by page each took 12 bytes; here
//! each takes about five, as variable-length numbers, and each first word's list is
//! dropped as soon as its entries are written.

use super::pairs::PairCode;

/// The bits of a pair code's gap below its heading tag (`pairs::heading_tag`).
const GAP_BITS: u32 = 24;

/// The pairs by first word (term number).
#[derive(Default)]
pub struct PairLists {
    /// For each pair of the first word, in page order: its page as the step from the
    /// word's previous pair (doubled, plus one when its heading tag follows as a byte),
    /// its second word, and the stopwords between (`PairCode`'s digits).
    lists: Vec<Vec<u8>>,
    /// Each first word's last page.
    last: Vec<u32>,
}

/// One pair of a first word's list: (second word, stopwords with the heading tag in the
/// top 8 bits as in a `PairCode`, page).
pub type ListedPair = (u32, u32, u32);

impl PairLists {
    /// Adds a page's pairs; pages come in order.
    pub fn add(&mut self, page: u32, pairs: &[PairCode]) {
        for &(first, second, gap) in pairs {
            let a = first as usize;
            if a >= self.lists.len() {
                self.lists.resize_with(a + 1, Vec::new);
                self.last.resize(a + 1, 0);
            }
            let list = &mut self.lists[a];
            let tag = gap >> GAP_BITS;
            push(list, (page - self.last[a]) << 1 | u32::from(tag != 0));
            if tag != 0 {
                list.push(tag as u8);
            }
            push(list, second);
            push(list, gap & ((1 << GAP_BITS) - 1));
            self.last[a] = page;
        }
    }

    /// The lists, by first word, for the writer to take one at a time.
    pub fn into_lists(self) -> Vec<Vec<u8>> {
        self.lists
    }

    /// The pairs of a list, in page order.
    pub fn read(list: &[u8]) -> impl Iterator<Item = ListedPair> + '_ {
        let mut at = 0;
        let mut page = 0;
        std::iter::from_fn(move || {
            if at >= list.len() {
                return None;
            }
            let step = pull(list, &mut at);
            page += step >> 1;
            let tag = if step & 1 == 1 {
                at += 1;
                u32::from(list[at - 1])
            } else {
                0
            };
            let second = pull(list, &mut at);
            let gap = pull(list, &mut at);
            Some((second, gap | tag << GAP_BITS, page))
        })
    }

    /// The lists of each page's pairs (tests).
    #[cfg(test)]
    pub fn of_pages(page_pairs: &[Vec<PairCode>]) -> Self {
        let mut lists = PairLists::default();
        for (page, pairs) in page_pairs.iter().enumerate() {
            lists.add(page as u32, pairs);
        }
        lists
    }
}

/// Appends a number, seven bits a byte, low first; the top bit says another byte follows.
fn push(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The number at `at` (as `push` writes it); moves `at` past it.
fn pull(list: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = list[*at];
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_read_back_as_they_were_added() {
        let pages: Vec<Vec<PairCode>> = vec![
            vec![(0, 5, 0), (1, 300, 0x0102), (1, 300, 0x0102 | 3 << 24)],
            vec![],
            vec![(1, 70_000, 0x41_4142 | 255 << 24), (3, 0, 0)],
        ];
        let lists = PairLists::of_pages(&pages).into_lists();
        let read = |a: usize| PairLists::read(&lists[a]).collect::<Vec<_>>();
        assert_eq!(read(0), [(5, 0, 0)]);
        assert_eq!(
            read(1),
            [
                (300, 0x0102, 0),
                (300, 0x0102 | 3 << 24, 0),
                (70_000, 0x41_4142 | 255 << 24, 2)
            ]
        );
        assert!(lists[2].is_empty());
        assert_eq!(read(3), [(0, 0, 2)]);
    }
}
