//! Giving memory back after a burst: a hash map keeps the capacity it grew to when entries are
//! removed, so a map that once held tens of thousands of notifications (or clients) would hold
//! that much memory for as long as the service runs. The maps that follow notifications and
//! clients shrink once they are mostly empty.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

/// Maps with at most this capacity are left alone: shrinking them saves too little.
const KEEP_CAPACITY: usize = 64;

pub(crate) trait ShrinkWhenSparse {
    /// Shrinks the map to twice its length once it fills less than a quarter of its capacity.
    /// The next shrink then needs half of the remaining entries gone, and a regrowth as many
    /// added, so the rehashing costs O(1) per insert or removal, amortized.
    fn shrink_when_sparse(&mut self);
}

impl<K: Eq + Hash, V, S: BuildHasher> ShrinkWhenSparse for HashMap<K, V, S> {
    fn shrink_when_sparse(&mut self) {
        if self.capacity() > KEEP_CAPACITY && self.len() < self.capacity() / 4 {
            self.shrink_to(self.len() * 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_emptied_after_a_burst_gives_its_memory_back() {
        let mut map = HashMap::new();
        for i in 0..100_000u64 {
            map.insert(i, i);
        }
        for i in 0..100_000u64 {
            map.remove(&i);
            map.shrink_when_sparse();
            // At most about four times what is left.
            assert!(map.capacity() <= (4 * map.len() + 3).max(KEEP_CAPACITY), "{} for {}", map.capacity(), map.len());
        }
        assert!(map.capacity() <= KEEP_CAPACITY, "capacity {} after emptying", map.capacity());
    }

    #[test]
    fn a_small_or_full_map_is_left_alone() {
        let mut map: HashMap<u64, u64> = HashMap::with_capacity(KEEP_CAPACITY / 2);
        let capacity = map.capacity();
        map.shrink_when_sparse();
        assert_eq!(map.capacity(), capacity);
        for i in 0..1000 {
            map.insert(i, i);
        }
        let capacity = map.capacity();
        map.shrink_when_sparse();
        assert_eq!(map.capacity(), capacity, "a map more than a quarter full keeps its capacity");
    }
}
