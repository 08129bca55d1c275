//! [Keys](https://w3c.github.io/IndexedDB/#key-construct), their order, and an
//! order-preserving byte encoding.
//!
//! The encoding is what the database stores: SQLite compares BLOBs with `memcmp`, so
//! `ORDER BY key` and `WHERE key >= ?` over encoded keys follow the standard's order.
//!
//! Layout of an encoding (all multi-byte numbers big-endian):
//!
//! | key | bytes |
//! | --- | --- |
//! | number | `0x10`, then 8 bytes of the ordered float (below) |
//! | date | `0x20`, then 8 bytes of the ordered float |
//! | string | `0x30`, then each UTF-16 code unit as 1–3 bytes (below), then `0x00` |
//! | binary | `0x40`, then each byte as 1–2 bytes (below), then `0x00` |
//! | array | `0x50`, then each item's encoding, then `0x00` |
//!
//! The ordered float is the IEEE 754 bit pattern with `-0` turned into `+0`, with every bit
//! flipped for negative numbers and only the sign bit flipped for positive ones, so that the
//! unsigned patterns sort like the numbers.
//!
//! A code unit or byte `u` is written as `u + 1` (one byte, `0x01..=0x7F`) when `u < 0x7F`;
//! as `0x80 | (v >> 8), v & 0xFF` with `v = u - 0x7F` when `u <= 0x407E`; and as
//! `0xC0, u >> 8, u & 0xFF` otherwise. Each form sorts above the shorter ones and above the
//! `0x00` terminator, so a prefix sorts first ("a" < "ab") and a NUL code unit needs no escape.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// Type tag of a number key in the encoding.
const TAG_NUMBER: u8 = 0x10;
/// Type tag of a date key in the encoding.
const TAG_DATE: u8 = 0x20;
/// Type tag of a string key in the encoding.
const TAG_STRING: u8 = 0x30;
/// Type tag of a binary key in the encoding.
const TAG_BINARY: u8 = 0x40;
/// Type tag of an array key in the encoding.
const TAG_ARRAY: u8 = 0x50;
/// Ends a string, binary or array encoding; lower than every tag and every unit.
const TERMINATOR: u8 = 0x00;

/// The first code unit (or byte) written in the two-byte form.
const TWO_BYTE_START: u32 = 0x7F;
/// The first code unit written in the three-byte form.
const THREE_BYTE_START: u32 = TWO_BYTE_START + 0x4000;

/// A [key](https://w3c.github.io/IndexedDB/#key-construct): the type and value the
/// DOM side converted from a JavaScript value.
///
/// `Number` and `Date` never hold NaN in a valid key: build them with [`Key::number`] and
/// [`Key::date`], and check keys that come from elsewhere with [`Key::is_valid`] (the storage
/// operations do, and answer `DataError`).
#[derive(Debug, Clone)]
pub enum Key {
    /// A *number* key.
    Number(f64),
    /// A *date* key: the date's time value in milliseconds.
    Date(f64),
    /// A *string* key, as UTF-16 code units (compared by code unit, as the standard says).
    String(Vec<u16>),
    /// A *binary* key (from an `ArrayBuffer` or a view on one).
    Binary(Vec<u8>),
    /// An *array* key; its items are its subkeys.
    Array(Vec<Key>),
}

impl Key {
    /// A number key, or `None` for NaN (which is never a valid key).
    pub fn number(value: f64) -> Option<Key> {
        (!value.is_nan()).then_some(Key::Number(value))
    }

    /// A date key from a time value, or `None` for NaN (an invalid date).
    pub fn date(value: f64) -> Option<Key> {
        (!value.is_nan()).then_some(Key::Date(value))
    }

    /// A string key from a Rust string (converted to UTF-16 code units).
    pub fn string(value: &str) -> Key {
        Key::String(value.encode_utf16().collect())
    }

    /// A binary key.
    pub fn binary(value: impl Into<Vec<u8>>) -> Key {
        Key::Binary(value.into())
    }

    /// An array key.
    pub fn array(items: Vec<Key>) -> Key {
        Key::Array(items)
    }

    /// Whether this key and every subkey is valid: no NaN number or date.
    pub fn is_valid(&self) -> bool {
        match self {
            Key::Number(v) | Key::Date(v) => !v.is_nan(),
            Key::String(_) | Key::Binary(_) => true,
            Key::Array(items) => items.iter().all(Key::is_valid),
        }
    }

    /// The position of this key's type in the standard's order: number < date < string <
    /// binary < array.
    fn type_rank(&self) -> u8 {
        match self {
            Key::Number(_) => 0,
            Key::Date(_) => 1,
            Key::String(_) => 2,
            Key::Binary(_) => 3,
            Key::Array(_) => 4,
        }
    }

    /// The order-preserving encoding of this key (see the module documentation):
    /// `a.encode().cmp(&b.encode()) == a.cmp(&b)` for valid keys.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    /// Appends this key's encoding to `out`.
    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Key::Number(v) => {
                out.push(TAG_NUMBER);
                out.extend_from_slice(&ordered_float(*v));
            }
            Key::Date(v) => {
                out.push(TAG_DATE);
                out.extend_from_slice(&ordered_float(*v));
            }
            Key::String(units) => {
                out.push(TAG_STRING);
                units.iter().for_each(|&u| encode_unit(u32::from(u), out));
                out.push(TERMINATOR);
            }
            Key::Binary(bytes) => {
                out.push(TAG_BINARY);
                bytes.iter().for_each(|&b| encode_unit(u32::from(b), out));
                out.push(TERMINATOR);
            }
            Key::Array(items) => {
                out.push(TAG_ARRAY);
                items.iter().for_each(|item| item.encode_into(out));
                out.push(TERMINATOR);
            }
        }
    }

    /// Decodes an encoding made by [`Key::encode`]; `None` if `bytes` is not exactly one
    /// well-formed encoding.
    pub fn decode(bytes: &[u8]) -> Option<Key> {
        let mut reader = Reader { bytes, pos: 0 };
        let key = reader.key()?;
        (reader.pos == bytes.len()).then_some(key)
    }
}

/// The 8 bytes of `value` that sort like the number (see the module documentation).
fn ordered_float(value: f64) -> [u8; 8] {
    // -0 and +0 are equal keys, so they get one encoding.
    let value = if value == 0.0 { 0.0 } else { value };
    let bits = value.to_bits();
    let ordered = if bits >> 63 == 1 { !bits } else { bits ^ (1 << 63) };
    ordered.to_be_bytes()
}

/// The number whose [`ordered_float`] bytes are `bytes`.
fn float_from_ordered(bytes: [u8; 8]) -> Option<f64> {
    let ordered = u64::from_be_bytes(bytes);
    let bits = if ordered >> 63 == 1 { ordered ^ (1 << 63) } else { !ordered };
    let value = f64::from_bits(bits);
    (!value.is_nan()).then_some(value)
}

/// Writes one code unit (or byte) in the 1-, 2- or 3-byte form.
fn encode_unit(unit: u32, out: &mut Vec<u8>) {
    if unit < TWO_BYTE_START {
        out.push(unit as u8 + 1);
    } else if unit < THREE_BYTE_START {
        let v = unit - TWO_BYTE_START;
        out.push(0x80 | (v >> 8) as u8);
        out.push((v & 0xFF) as u8);
    } else {
        out.push(0xC0);
        out.push((unit >> 8) as u8);
        out.push((unit & 0xFF) as u8);
    }
}

/// A cursor over an encoding being decoded.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn key(&mut self) -> Option<Key> {
        match self.next()? {
            TAG_NUMBER => Some(Key::Number(self.float()?)),
            TAG_DATE => Some(Key::Date(self.float()?)),
            TAG_STRING => {
                let units = self.units(0xFFFF)?;
                Some(Key::String(units.into_iter().map(|u| u as u16).collect()))
            }
            TAG_BINARY => {
                let units = self.units(0xFF)?;
                Some(Key::Binary(units.into_iter().map(|u| u as u8).collect()))
            }
            TAG_ARRAY => {
                let mut items = Vec::new();
                while self.peek()? != TERMINATOR {
                    items.push(self.key()?);
                }
                self.pos += 1;
                Some(Key::Array(items))
            }
            _ => None,
        }
    }

    fn float(&mut self) -> Option<f64> {
        let end = self.pos.checked_add(8)?;
        let bytes: [u8; 8] = self.bytes.get(self.pos..end)?.try_into().ok()?;
        self.pos = end;
        let value = float_from_ordered(bytes)?;
        // Only +0 is ever written; a -0 pattern is not an encoding.
        (value != 0.0 || value.is_sign_positive()).then_some(value)
    }

    /// Reads units up to the terminator, rejecting units above `max` and non-shortest forms.
    fn units(&mut self, max: u32) -> Option<Vec<u32>> {
        let mut units = Vec::new();
        loop {
            let first = self.next()?;
            let unit = match first {
                TERMINATOR => return Some(units),
                0x01..=0x7F => u32::from(first) - 1,
                0x80..=0xBF => {
                    let low = self.next()?;
                    (u32::from(first & 0x3F) << 8 | u32::from(low)) + TWO_BYTE_START
                }
                0xC0 => {
                    let high = self.next()?;
                    let low = self.next()?;
                    let unit = u32::from(high) << 8 | u32::from(low);
                    if unit < THREE_BYTE_START {
                        return None;
                    }
                    unit
                }
                _ => return None,
            };
            if unit > max {
                return None;
            }
            units.push(unit);
        }
    }
}

/// Compares two numbers (or dates) as the standard does; NaN, which no valid key holds,
/// compares equal to everything rather than panicking.
fn compare_numbers(a: f64, b: f64) -> Ordering {
    if a > b {
        Ordering::Greater
    } else if a < b {
        Ordering::Less
    } else {
        Ordering::Equal
    }
}

impl Ord for Key {
    /// <https://w3c.github.io/IndexedDB/#compare-two-keys>
    fn cmp(&self, other: &Self) -> Ordering {
        // 1. Let ta be the type of a.
        // 2. Let tb be the type of b.
        // 3. If ta does not equal tb, then: array > binary > string > date > number.
        let (ta, tb) = (self.type_rank(), other.type_rank());
        if ta != tb {
            return ta.cmp(&tb);
        }
        // 4. Let va be the value of a. 5. Let vb be the value of b.
        // 6. Switch on ta:
        match (self, other) {
            // number, date: 1. If va is greater than vb, then return 1. 2. If va is less
            // than vb, then return -1. 3. Return 0.
            (Key::Number(a), Key::Number(b)) | (Key::Date(a), Key::Date(b)) => compare_numbers(*a, *b),
            // string: compare by code unit ("code unit less than").
            (Key::String(a), Key::String(b)) => a.cmp(b),
            // binary: compare by unsigned byte ("byte less than").
            (Key::Binary(a), Key::Binary(b)) => a.cmp(b),
            // array: 1. Let length be the lesser of the sizes. 2.–3. Compare the subkeys in
            // turn and return the first non-zero result. 4. The longer array is greater.
            // 5. Return 0.
            (Key::Array(a), Key::Array(b)) => a.cmp(b),
            _ => unreachable!("keys of the same type rank have the same variant"),
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Key {
    /// Keys are [equal](https://w3c.github.io/IndexedDB/#equal-to) when comparing them gives
    /// 0 (so `Number(0.0) == Number(-0.0)`).
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.encode().hash(state);
    }
}

impl From<&str> for Key {
    fn from(value: &str) -> Self {
        Key::string(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_order() {
        let keys = [
            Key::Number(f64::INFINITY),
            Key::Date(f64::NEG_INFINITY),
            Key::string(""),
            Key::binary(vec![]),
            Key::array(vec![]),
        ];
        for pair in keys.windows(2) {
            assert!(pair[0] < pair[1], "{:?} < {:?}", pair[0], pair[1]);
            assert!(pair[0].encode() < pair[1].encode());
        }
    }

    #[test]
    fn zero_and_negative_zero_are_one_key() {
        assert_eq!(Key::Number(0.0), Key::Number(-0.0));
        assert_eq!(Key::Number(0.0).encode(), Key::Number(-0.0).encode());
        assert_eq!(Key::decode(&Key::Number(-0.0).encode()), Some(Key::Number(0.0)));
    }

    #[test]
    fn nan_is_no_key() {
        assert!(Key::number(f64::NAN).is_none());
        assert!(Key::date(f64::NAN).is_none());
        assert!(!Key::array(vec![Key::Number(f64::NAN)]).is_valid());
        assert!(Key::array(vec![Key::Number(1.0)]).is_valid());
    }

    #[test]
    fn strings_compare_by_code_unit() {
        // U+FF61 is one code unit; U+1F600 is a surrogate pair starting with 0xD83D, so it
        // sorts below U+FF61 by code unit although its code point is higher.
        let a = Key::string("\u{1F600}");
        let b = Key::string("\u{FF61}");
        assert!(a < b);
        assert!(a.encode() < b.encode());
        let nul = Key::String(vec![0x61, 0]);
        assert!(Key::string("a") < nul && nul < Key::string("a\u{1}"));
        assert!(Key::string("a").encode() < nul.encode() && nul.encode() < Key::string("a\u{1}").encode());
    }

    #[test]
    fn round_trip_and_malformed() {
        let key = Key::array(vec![
            Key::Number(-1.5),
            Key::Date(0.0),
            Key::String(vec![0, 0x7E, 0x7F, 0x407E, 0x407F, 0xFFFF]),
            Key::binary(vec![0, 0x7E, 0x7F, 0xFF]),
            Key::array(vec![Key::array(vec![])]),
        ]);
        assert_eq!(Key::decode(&key.encode()), Some(key.clone()));
        let mut bytes = key.encode();
        bytes.push(0);
        assert_eq!(Key::decode(&bytes), None);
        assert_eq!(Key::decode(&[]), None);
        assert_eq!(Key::decode(&[TAG_STRING]), None);
        assert_eq!(Key::decode(&[0x99]), None);
        assert_eq!(Key::decode(&[TAG_STRING, 0xC0, 0x00, 0x01, 0]), None, "non-shortest form");
        assert_eq!(Key::decode(&[TAG_BINARY, 0xC0, 0xFF, 0xFF, 0]), None, "byte above 0xFF");
    }
}
