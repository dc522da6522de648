//! The generated handbook's words: a seeded random source, a fixed vocabulary, sentences
//! and paragraphs made from it, and small PNG images.

/// SplitMix64 seeded by a string: the same corpus on every run and machine.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: &str) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Rng(h)
    }
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(super) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub(super) const SUBJECTS: &[&str] = &[
    "the account executive",
    "the channel manager",
    "the partner",
    "the reseller",
    "the distributor",
    "the deal desk",
    "the solutions architect",
    "channel operations",
    "the regional director",
    "the services partner",
    "the customer success manager",
    "finance",
];
pub(super) const ACTIONS: &[&str] = &[
    "registers",
    "reviews",
    "approves",
    "updates",
    "forecasts",
    "qualifies",
    "escalates",
    "documents",
    "shares",
    "confirms",
    "tracks",
    "routes",
];
pub(super) const OBJECTS: &[&str] = &[
    "the deal registration",
    "the quote",
    "the command plan",
    "the partner discount",
    "the renewal",
    "the order form",
    "the close plan",
    "the joint business plan",
    "the referral fee",
    "the rebate claim",
    "the opportunity",
    "the next steps",
    "the pitch deck",
    "the market development funds",
];
pub(super) const WHENS: &[&str] = &[
    "before the first quote",
    "within two business days",
    "at the end of each quarter",
    "before the forecast call",
    "when the customer signs",
    "after the technical evaluation",
    "once the registration is approved",
    "every week",
];
/// Heading words: lower case letters only, so that an id is the same under every rule.
pub(super) const HEAD_WORDS: &[&str] = &[
    "partner",
    "registration",
    "approval",
    "discount",
    "quote",
    "renewal",
    "forecast",
    "territory",
    "incentive",
    "rebate",
    "pipeline",
    "handoff",
    "escalation",
    "tiers",
    "checklist",
    "contacts",
    "exceptions",
    "examples",
    "timeline",
    "ownership",
];
pub(super) const HEAD_ADJS: &[&str] = &[
    "open",
    "select",
    "regional",
    "quarterly",
    "annual",
    "new",
    "existing",
    "strategic",
    "standard",
    "partner",
    "services",
    "channel",
];
pub(super) const LABELS: &[&str] = &[
    "workflow::ready",
    "workflow::in-review",
    "dealreg::approved",
    "partner::select",
    "partner::open",
    "deal-desk::new",
];
pub(super) const COLORS: &[&str] = &["info", "warning", "success", "primary", "danger"];
pub(super) const OWNERS: &[&str] = &[
    "Channel Programs",
    "Channel Operations",
    "Deal Desk",
    "Commercial Sales",
    "Sales Enablement",
    "Field Operations",
];

pub(super) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn sentence(r: &mut Rng) -> String {
    let s = match r.below(4) {
        0 => format!(
            "{} {} {} {}.",
            r.pick(SUBJECTS),
            r.pick(ACTIONS),
            r.pick(OBJECTS),
            r.pick(WHENS)
        ),
        1 => format!(
            "When a deal is above ${}k, {} {} {} and {} {}.",
            r.range(5, 100),
            r.pick(SUBJECTS),
            r.pick(ACTIONS),
            r.pick(OBJECTS),
            r.pick(ACTIONS),
            r.pick(OBJECTS)
        ),
        2 => format!(
            "{} {} {}, so that {} can plan {}.",
            r.pick(SUBJECTS),
            r.pick(ACTIONS),
            r.pick(OBJECTS),
            r.pick(SUBJECTS),
            r.pick(OBJECTS)
        ),
        _ => format!(
            "If {} is late, {} {} it with **{}** {}.",
            r.pick(OBJECTS),
            r.pick(SUBJECTS),
            r.pick(ACTIONS),
            r.pick(SUBJECTS),
            r.pick(WHENS)
        ),
    };
    capitalized(&s)
}

pub(super) fn paragraph(r: &mut Rng, lo: usize, hi: usize) -> String {
    let n = r.range(lo, hi);
    (0..n).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}

/// A tiny valid PNG (one colour), for `static/images/`.
pub(super) fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn adler32(data: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in data {
            a = (a + u32::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        (b << 16) | a
    }
    pub(super) fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend_from_slice(data);
        out.extend_from_slice(&c);
        out.extend_from_slice(&crc32(&c).to_be_bytes());
    }
    // Each row: filter type 0, then the pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain(rgb.iter().copied().cycle().take(3 * w as usize))
        .collect();
    let raw: Vec<u8> = row.repeat(h as usize);
    // zlib stream of stored (uncompressed) blocks.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (k, b) in blocks.iter().enumerate() {
        z.push(u8::from(k + 1 == blocks.len()));
        let len = b.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(b);
    }
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}
