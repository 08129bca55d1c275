//! [Key ranges](https://w3c.github.io/IndexedDB/#range-construct).

use crate::error::DbError;
use crate::key::Key;

/// A [key range](https://w3c.github.io/IndexedDB/#range-construct): an interval over keys,
/// each end absent (unbounded), closed or open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyRange {
    /// The lower bound, or `None` for none.
    pub lower: Option<Key>,
    /// The upper bound, or `None` for none.
    pub upper: Option<Key>,
    /// Whether the lower bound itself is excluded.
    pub lower_open: bool,
    /// Whether the upper bound itself is excluded.
    pub upper_open: bool,
}

impl KeyRange {
    /// The range that [contains only](https://w3c.github.io/IndexedDB/#only) `key`
    /// (`IDBKeyRange.only()`).
    pub fn only(key: Key) -> KeyRange {
        KeyRange { lower: Some(key.clone()), upper: Some(key), lower_open: false, upper_open: false }
    }

    /// The range of every key: [unbounded](https://w3c.github.io/IndexedDB/#unbounded-key-range).
    pub fn unbounded() -> KeyRange {
        KeyRange::default()
    }

    /// `IDBKeyRange.lowerBound()`: every key above `lower` (or equal to it unless `open`).
    pub fn lower_bound(lower: Key, open: bool) -> KeyRange {
        KeyRange { lower: Some(lower), upper: None, lower_open: open, upper_open: false }
    }

    /// `IDBKeyRange.upperBound()`: every key below `upper` (or equal to it unless `open`).
    pub fn upper_bound(upper: Key, open: bool) -> KeyRange {
        KeyRange { lower: None, upper: Some(upper), lower_open: false, upper_open: open }
    }

    /// `IDBKeyRange.bound()`.
    ///
    /// <https://w3c.github.io/IndexedDB/#dom-idbkeyrange-bound>
    pub fn bound(lower: Key, upper: Key, lower_open: bool, upper_open: bool) -> Result<KeyRange, DbError> {
        let range = KeyRange { lower: Some(lower), upper: Some(upper), lower_open, upper_open };
        range.check()?;
        Ok(range)
    }

    /// Checks a range that came from elsewhere: its keys are valid, and (per `bound()`'s
    /// steps) 5. if lower is greater than upper, throw a "DataError" DOMException; 6. if lower
    /// is equal to upper and either lowerOpen or upperOpen is true, throw a "DataError"
    /// DOMException.
    pub fn check(&self) -> Result<(), DbError> {
        for key in self.lower.iter().chain(self.upper.iter()) {
            if !key.is_valid() {
                return Err(DbError::Data("a key range bound is not a valid key".into()));
            }
        }
        if let (Some(lower), Some(upper)) = (&self.lower, &self.upper) {
            if lower > upper {
                return Err(DbError::Data("the lower bound of a key range is greater than its upper bound".into()));
            }
            if lower == upper && (self.lower_open || self.upper_open) {
                return Err(DbError::Data("a key range with equal bounds cannot have an open end".into()));
            }
        }
        Ok(())
    }

    /// Whether `key` is [in](https://w3c.github.io/IndexedDB/#in) this range.
    pub fn includes(&self, key: &Key) -> bool {
        // A key is in a key range if both of the following conditions are fulfilled:
        // * The range's lower bound is null, or it is less than key, or it is both equal to
        //   key and the range's lower open flag is false.
        let above_lower = match &self.lower {
            None => true,
            Some(lower) => lower < key || (lower == key && !self.lower_open),
        };
        // * The range's upper bound is null, or it is greater than key, or it is both equal
        //   to key and the range's upper open flag is false.
        let below_upper = match &self.upper {
            None => true,
            Some(upper) => upper > key || (upper == key && !self.upper_open),
        };
        above_lower && below_upper
    }

    /// Whether this range holds exactly one key (its bounds are equal and closed).
    pub fn is_only(&self) -> bool {
        matches!((&self.lower, &self.upper), (Some(l), Some(u)) if l == u) && !self.lower_open && !self.upper_open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f64) -> Key {
        Key::Number(v)
    }

    #[test]
    fn bound_checks() {
        assert!(KeyRange::bound(n(1.0), n(2.0), true, true).is_ok());
        assert!(KeyRange::bound(n(1.0), n(1.0), false, false).is_ok());
        assert_eq!(KeyRange::bound(n(2.0), n(1.0), false, false).unwrap_err().dom_exception_name(), "DataError");
        assert!(KeyRange::bound(n(1.0), n(1.0), true, false).is_err());
        assert!(KeyRange::bound(n(1.0), n(1.0), false, true).is_err());
        assert!(KeyRange::bound(n(f64::NAN), n(1.0), false, false).is_err());
    }

    #[test]
    fn includes() {
        let r = KeyRange::bound(n(1.0), n(3.0), true, false).unwrap();
        assert!(!r.includes(&n(1.0)));
        assert!(r.includes(&n(2.0)));
        assert!(r.includes(&n(3.0)));
        assert!(!r.includes(&n(4.0)));
        assert!(!r.includes(&Key::string("a")));
        assert!(KeyRange::only(n(1.0)).includes(&n(1.0)));
        assert!(!KeyRange::only(n(1.0)).includes(&n(1.5)));
        assert!(KeyRange::only(n(1.0)).is_only());
        assert!(KeyRange::unbounded().includes(&Key::array(vec![])));
        assert!(KeyRange::lower_bound(n(1.0), false).includes(&Key::string("")));
        assert!(!KeyRange::lower_bound(n(1.0), true).includes(&n(1.0)));
        assert!(KeyRange::upper_bound(Key::string("b"), true).includes(&n(1e300)));
        assert!(!KeyRange::upper_bound(Key::string("b"), true).includes(&Key::string("b")));
    }
}
