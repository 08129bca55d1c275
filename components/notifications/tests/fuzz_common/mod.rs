//! Shared driver of the `fuzz_*` targets: a seeded generator (splitmix64, no dependencies) and
//! the case budget. Each target runs a smoke size by default (fast enough for `cargo test`);
//! `HERALD_FUZZ_CASES=N` runs N cases and `HERALD_FUZZ_SEED=S` changes the seed, so a long run
//! is `HERALD_FUZZ_CASES=1000000 cargo test --release -p notifications --test fuzz_x`.
//! A failing case prints its seed and case number: rerun with that seed to reproduce it.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// How many cases to run: `HERALD_FUZZ_CASES`, or `smoke`.
pub fn cases(smoke: u64) -> u64 {
    std::env::var("HERALD_FUZZ_CASES").ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(smoke)
}

/// The run's seed: `HERALD_FUZZ_SEED`, or a fixed default so CI runs are reproducible.
pub fn seed() -> u64 {
    std::env::var("HERALD_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x4845_5241_4c44)
}

/// Debug output cut to `max` characters, for assertion messages about huge values.
pub fn short(value: &impl std::fmt::Debug) -> String {
    let s = format!("{value:?}");
    if s.len() <= 400 {
        return s;
    }
    let head: String = s.chars().take(200).collect();
    let tail: String = s.chars().rev().take(150).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{head}…({} bytes)…{tail}", s.len())
}

/// Runs `case` for `cases(smoke)` cases, each with its own generator derived from the seed and
/// the case number (so one case reproduces alone), failing a case that takes longer than
/// `per_case`. Prints what ran and how long it took.
pub fn run(name: &str, smoke: u64, per_case: Duration, mut case: impl FnMut(&mut Gen, u64)) {
    let (n, seed) = (cases(smoke), seed());
    let start = Instant::now();
    let mut slowest = Duration::ZERO;
    let only: Option<u64> = std::env::var("HERALD_FUZZ_ONLY").ok().and_then(|v| v.parse().ok());
    for i in 0..n {
        if only.is_some_and(|only| only != i) {
            continue;
        }
        let mut g = Gen::new(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let t = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case(&mut g, i)));
        let took = t.elapsed();
        if let Err(panic) = result {
            eprintln!("{name}: case {i} failed (HERALD_FUZZ_SEED={seed})");
            std::panic::resume_unwind(panic);
        }
        assert!(took <= per_case, "{name}: case {i} took {took:?} (HERALD_FUZZ_SEED={seed})");
        slowest = slowest.max(took);
    }
    eprintln!("{name}: {n} cases, seed {seed}, {:?} in all, slowest case {slowest:?}", start.elapsed());
}

/// A small deterministic generator with helpers for hostile values.
pub struct Gen(u64);

/// Pieces hostile strings are made of: URL syntax, scheme names, Unicode that tends to trip
/// code (combining marks, bidi controls, noncharacters, U+FFFD, which is what a lone surrogate
/// becomes on the way in), JSON syntax and path tricks.
const PIECES: &[&str] = &[
    "",
    " ",
    "\0",
    "\t",
    "\n",
    "\r\n",
    "%",
    "%00",
    "%2F",
    "%ZZ",
    "/",
    "//",
    "\\",
    "..",
    "../",
    "?",
    "#",
    ":",
    "@",
    "[",
    "]",
    "[::1]",
    "http:",
    "https:",
    "javascript:",
    "data:",
    "blob:",
    "file:",
    "about:blank",
    "web+x:",
    "mailto:",
    "xn--",
    "xn--a",
    "localhost",
    "127.0.0.1",
    "0x7f.1",
    "255.255.255.256",
    ":65535",
    ":65536",
    ":0",
    "a.test",
    "b.test",
    "é",
    "\u{301}",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{FFFF}",
    "\u{10FFFF}",
    "\u{1F600}",
    "\u{E000}",
    "ß",
    "İ",
    "\u{0}",
    "\"",
    "'",
    "{",
    "}",
    ",",
    "null",
    "true",
    "1e999",
    "-0",
    "\\u0000",
    "\\ud800",
    "<script>",
    "auto",
    "ltr",
    "rtl",
    "granted",
    "denied",
    "prompt",
    "tag",
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen(seed)
    }

    pub fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.u64() % n
    }

    pub fn usize(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// True with probability 1/`n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    pub fn bool(&mut self) -> bool {
        self.u64() & 1 == 1
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.usize(items.len())]
    }

    /// An integer biased to edges: 0, 1, MAX, powers of two and their neighbours, or anything.
    pub fn edgy_u64(&mut self) -> u64 {
        match self.below(6) {
            0 => *self.pick(&[0, 1, u64::MAX, u64::MAX - 1, i64::MAX as u64, 1 << 53, (1 << 53) + 1, u32::MAX as u64]),
            1 => (1u64 << self.below(64)).wrapping_add(self.below(3)).wrapping_sub(1),
            2 => self.below(16),
            _ => self.u64(),
        }
    }

    /// A length: usually small, sometimes large, rarely huge (up to `huge`).
    pub fn len(&mut self, huge: usize) -> usize {
        match self.below(100) {
            0 => huge / 2 + self.usize(huge / 2 + 1),
            1..=5 => self.usize(4096),
            _ => self.usize(24),
        }
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            out.extend_from_slice(&self.u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }

    /// A hostile string: pieces, random characters, sometimes one piece repeated to a huge
    /// length (up to `huge` bytes).
    pub fn string(&mut self, huge: usize) -> String {
        let mut s = String::new();
        if self.one_in(200) {
            let piece = *self.pick(PIECES);
            let piece = if piece.is_empty() { "x" } else { piece };
            return piece.repeat(huge / piece.len().max(1) / 2 + self.usize(huge / piece.len().max(1) / 2 + 1));
        }
        for _ in 0..self.len(512).min(64) {
            match self.below(4) {
                0 | 1 => s.push_str(self.pick::<&str>(PIECES)),
                2 => s.push(char::from(b'a' + self.below(26) as u8)),
                _ => s.push(self.char()),
            }
        }
        s
    }

    pub fn char(&mut self) -> char {
        loop {
            let c = match self.below(4) {
                0 => self.below(0x80) as u32,
                1 => self.below(0x800) as u32,
                2 => self.below(0x10000) as u32,
                _ => self.below(0x110000) as u32,
            };
            if let Some(c) = char::from_u32(c) {
                return c;
            }
        }
    }

    /// Something shaped like a URL, relative or absolute, often broken.
    pub fn url_like(&mut self) -> String {
        match self.below(8) {
            0 => self.string(4096),
            1 => format!("{}{}", self.pick(&["/", "./", "../", "?", "#", ""]), self.string(256)),
            _ => {
                let scheme =
                    self.pick(&["https", "http", "javascript", "data", "blob", "file", "ftp", "ws", "web+x", "a", ""]);
                let host = self.pick(&[
                    "a.test",
                    "b.test",
                    "[::1]",
                    "127.0.0.1",
                    "xn--",
                    "ex ample.test",
                    "%41.test",
                    "",
                    "😀.test",
                ]);
                let port = self.pick(&["", ":443", ":8443", ":0", ":65536", ":x"]);
                let path = self.string(256);
                format!("{scheme}://{host}{port}/{path}")
            }
        }
    }

    /// A random `Some(url_like())` or `None`.
    pub fn maybe_url(&mut self) -> Option<String> {
        self.bool().then(|| self.url_like())
    }
}

/// A slow case: `HERALD_FUZZ_SLOW_OK=1` (for debug builds of the long run) lifts the bound.
pub fn bound(d: Duration) -> Duration {
    if std::env::var_os("HERALD_FUZZ_SLOW_OK").is_some() {
        Duration::MAX
    } else {
        d
    }
}
