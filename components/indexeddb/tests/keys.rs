//! Key order ("compare two keys") and the order-preserving encoding, with randomized keys.

use std::cmp::Ordering;

use indexeddb::Key;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

const NUMBERS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.0,
    -2.0,
    1e-300,
    -1e-300,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1e300,
    -1e300,
    f64::MAX,
    f64::MIN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    9007199254740992.0,
];

const UNITS: &[u16] =
    &[0, 1, 0x41, 0x61, 0x7E, 0x7F, 0x80, 0xFF, 0x100, 0x407E, 0x407F, 0xD800, 0xDC00, 0xFFFE, 0xFFFF];
const BYTES: &[u8] = &[0, 1, 0x7E, 0x7F, 0x80, 0xFE, 0xFF];

fn number(rng: &mut Rng) -> f64 {
    if rng.below(2) == 0 {
        rng.pick(NUMBERS)
    } else {
        loop {
            let v = f64::from_bits(rng.next());
            if !v.is_nan() {
                return v;
            }
        }
    }
}

fn random_key(rng: &mut Rng, depth: u32) -> Key {
    let kinds = if depth >= 3 { 4 } else { 5 };
    match rng.below(kinds) {
        0 => Key::Number(number(rng)),
        1 => Key::Date(number(rng)),
        2 => Key::String((0..rng.below(5)).map(|_| rng.pick(UNITS)).collect()),
        3 => Key::Binary((0..rng.below(5)).map(|_| rng.pick(BYTES)).collect()),
        _ => Key::Array((0..rng.below(4)).map(|_| random_key(rng, depth + 1)).collect()),
    }
}

/// The standard's comparison written out independently of `Ord`, as a reference.
fn reference_compare(a: &Key, b: &Key) -> Ordering {
    fn rank(k: &Key) -> u8 {
        match k {
            Key::Number(_) => 1,
            Key::Date(_) => 2,
            Key::String(_) => 3,
            Key::Binary(_) => 4,
            Key::Array(_) => 5,
        }
    }
    match (a, b) {
        _ if rank(a) != rank(b) => rank(a).cmp(&rank(b)),
        (Key::Number(x), Key::Number(y)) | (Key::Date(x), Key::Date(y)) => x.partial_cmp(y).unwrap(),
        (Key::String(x), Key::String(y)) => x.cmp(y),
        (Key::Binary(x), Key::Binary(y)) => x.cmp(y),
        (Key::Array(x), Key::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                let c = reference_compare(p, q);
                if c != Ordering::Equal {
                    return c;
                }
            }
            x.len().cmp(&y.len())
        }
        _ => unreachable!(),
    }
}

#[test]
fn encoding_order_agrees_with_ord_on_random_keys() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let a = random_key(&mut rng, 0);
        let b = if rng.below(4) == 0 { a.clone() } else { random_key(&mut rng, 0) };
        let ord = a.cmp(&b);
        assert_eq!(ord, reference_compare(&a, &b), "{a:?} vs {b:?}");
        assert_eq!(a.encode().cmp(&b.encode()), ord, "{a:?} vs {b:?}");
        assert_eq!(b.cmp(&a), ord.reverse());
    }
}

#[test]
fn encoding_round_trips_on_random_keys() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let key = random_key(&mut rng, 0);
        let decoded = Key::decode(&key.encode()).expect("decodes");
        assert_eq!(decoded, key);
        assert_eq!(decoded.encode(), key.encode());
    }
}

#[test]
fn sorting_by_encoding_is_sorting_by_key() {
    let mut rng = Rng(7);
    let mut keys: Vec<Key> = (0..2_000).map(|_| random_key(&mut rng, 0)).collect();
    let mut by_encoding = keys.clone();
    keys.sort();
    by_encoding.sort_by_key(Key::encode);
    for (a, b) in keys.iter().zip(&by_encoding) {
        assert_eq!(a.cmp(b), Ordering::Equal, "{a:?} vs {b:?}");
    }
    for pair in keys.windows(2) {
        assert!(pair[0] <= pair[1]);
    }
}

#[test]
fn spec_examples() {
    let n = Key::Number;
    // Type order: number < date < string < binary < array.
    assert!(n(f64::INFINITY) < Key::Date(f64::NEG_INFINITY));
    assert!(Key::Date(f64::INFINITY) < Key::string(""));
    assert!(Key::string("\u{FFFF}") < Key::binary(vec![]));
    assert!(Key::binary(vec![0xFF; 8]) < Key::array(vec![]));
    // Negative infinity is the lowest key.
    assert!(n(f64::NEG_INFINITY) < n(f64::MIN));
    // Numbers: negatives below positives, -0 == 0.
    assert!(n(-2.0) < n(-1.0) && n(-1.0) < n(-0.0) && n(0.0) < n(5e-324));
    assert_eq!(n(-0.0), n(0.0));
    // Arrays: item by item, then length.
    let a = |items: Vec<Key>| Key::array(items);
    assert!(a(vec![n(1.0)]) < a(vec![n(1.0), n(0.0)]));
    assert!(a(vec![n(2.0)]) > a(vec![n(1.0), n(9.0)]));
    assert!(a(vec![a(vec![])]) > a(vec![Key::string("z")]));
    assert!(a(vec![a(vec![n(1.0)])]) > a(vec![a(vec![]), n(3.0)]));
    // Strings with NUL code units.
    assert!(Key::String(vec![0x61]) < Key::String(vec![0x61, 0]));
    assert!(Key::String(vec![0x61, 0]) < Key::String(vec![0x61, 0, 0]));
    assert!(Key::String(vec![0x61, 0, 0]) < Key::String(vec![0x61, 1]));
    for (x, y) in [
        (Key::String(vec![0x61]), Key::String(vec![0x61, 0])),
        (Key::String(vec![0x61, 0, 0]), Key::String(vec![0x61, 1])),
        (Key::binary(vec![1]), Key::binary(vec![1, 0])),
        (a(vec![Key::String(vec![0])]), a(vec![Key::String(vec![0]), n(0.0)])),
    ] {
        assert!(x.encode() < y.encode(), "{x:?} < {y:?}");
    }
    // Binary compares unsigned bytes.
    assert!(Key::binary(vec![0x7F]) < Key::binary(vec![0x80]));
}

#[test]
fn malformed_encodings_decode_to_none() {
    let mut rng = Rng(99);
    for _ in 0..2_000 {
        let key = random_key(&mut rng, 0);
        let mut bytes = key.encode();
        let cut = rng.below(bytes.len() as u64) as usize;
        bytes.truncate(cut);
        // A strict prefix of one encoding is never a whole encoding.
        assert_eq!(Key::decode(&bytes), None, "{key:?} cut at {cut}");
    }
}
