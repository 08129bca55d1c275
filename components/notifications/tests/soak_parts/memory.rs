//! How much memory this process holds: live heap bytes, counted by the test binary's global
//! allocator, and resident set size from `/proc/self/statm` (information only: the C
//! allocator keeps freed pages, so RSS need not come back down).

use std::alloc::System;
use std::fmt;
use std::time::{Duration, Instant};

use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};

/// Every allocation of the test binary (parent and content processes alike) goes through
/// this counting wrapper around the system allocator.
#[global_allocator]
static HEAP: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes allocated and not yet freed, in this whole process.
pub fn live_heap_bytes() -> usize {
    let stats = INSTRUMENTED_SYSTEM.stats();
    // A reallocation's growth or shrinkage is already in these two counters.
    stats.bytes_allocated.saturating_sub(stats.bytes_deallocated)
}

/// Resident set size in bytes, if `/proc` tells it.
pub fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let resident_pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(resident_pages * page_size())
}

/// The page size, from the auxiliary vector the kernel gave this process (`AT_PAGESZ`).
fn page_size() -> u64 {
    const AT_PAGESZ: u64 = 6;
    // The vector is pairs of native words: a key, then its value.
    let word = std::mem::size_of::<usize>();
    let native = |bytes: &[u8]| usize::from_ne_bytes(bytes.try_into().expect("one word")) as u64;
    let from_auxv = std::fs::read("/proc/self/auxv").ok().and_then(|auxv| {
        auxv.chunks_exact(2 * word)
            .map(|pair| pair.split_at(word))
            .find_map(|(key, value)| (native(key) == AT_PAGESZ).then(|| native(value)))
    });
    from_auxv.unwrap_or(4096)
}

/// One reading.
#[derive(Clone, Copy, Debug)]
pub struct Memory {
    pub heap: usize,
    pub rss: Option<u64>,
}

impl Memory {
    pub fn now() -> Memory {
        Memory { heap: live_heap_bytes(), rss: rss_bytes() }
    }
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "heap {}", mib(self.heap as u64))?;
        match self.rss {
            Some(rss) => write!(f, ", RSS {}", mib(rss)),
            None => write!(f, ", RSS unknown"),
        }
    }
}

pub fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Waits until `quiet()` holds and the live heap has stopped moving (three readings 100 ms
/// apart within 4 KiB of each other), or `limit` passes; returns the last reading and whether
/// it settled.
pub fn settle(limit: Duration, quiet: impl Fn() -> bool) -> (Memory, bool) {
    let deadline = Instant::now() + limit;
    let mut steady = 0;
    let mut last = live_heap_bytes();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let heap = live_heap_bytes();
        steady = if quiet() && heap.abs_diff(last) <= 4096 { steady + 1 } else { 0 };
        last = heap;
        if steady >= 2 {
            return (Memory::now(), true);
        }
        if Instant::now() >= deadline {
            return (Memory::now(), false);
        }
    }
}

/// Samples the live heap and RSS every 50 ms on a thread until stopped; keeps the highest.
pub struct PeakSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<(usize, u64)>,
}

impl PeakSampler {
    pub fn start() -> PeakSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut heap, mut rss) = (0, 0);
            while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
                heap = heap.max(live_heap_bytes());
                rss = rss.max(rss_bytes().unwrap_or(0));
                std::thread::sleep(Duration::from_millis(50));
            }
            (heap, rss)
        });
        PeakSampler { stop, thread }
    }

    /// The highest live heap and RSS seen.
    pub fn finish(self) -> (usize, u64) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().expect("the sampler does not panic")
    }
}
