//! [Key generators](https://w3c.github.io/IndexedDB/#key-generator-construct). The current
//! number lives in the object store's row, so a rolled back transaction reverts it.

use crate::key::Key;

/// 2^53 (9007199254740992): the largest number a key generator hands out.
pub const MAX_GENERATED_KEY: i64 = 1 << 53;

/// <https://w3c.github.io/IndexedDB/#generate-a-key>
///
/// `current` is the generator's current number; `None` is failure.
pub(crate) fn generate_key(current: &mut i64) -> Option<Key> {
    // 1. Let generator be store's key generator.
    // 2. Let key be generator's current number.
    let key = *current;
    // 3. If key is greater than 2^53 (9007199254740992), then return failure.
    if key > MAX_GENERATED_KEY {
        return None;
    }
    // 4. Increase generator's current number by 1.
    *current += 1;
    // 5. Return key.
    Some(Key::Number(key as f64))
}

/// <https://w3c.github.io/IndexedDB/#possibly-update-the-key-generator>
pub(crate) fn possibly_update_key_generator(current: &mut i64, key: &Key) {
    // 1. If the type of key is not number, abort these steps.
    let Key::Number(value) = key else { return };
    // 2. Let value be the value of key.
    // 3. Set value to the minimum of value and 2^53 (9007199254740992).
    let value = value.min(MAX_GENERATED_KEY as f64);
    // 4. Set value to the largest integer not greater than value.
    let value = value.floor();
    // 5. Let generator be store's key generator.
    // 6. If value is greater than or equal to generator's current number, then set
    //    generator's current number to value + 1.
    if value >= *current as f64 {
        *current = value as i64 + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_up_to_two_to_the_53() {
        let mut current = MAX_GENERATED_KEY - 1;
        assert_eq!(generate_key(&mut current), Some(Key::Number((MAX_GENERATED_KEY - 1) as f64)));
        assert_eq!(generate_key(&mut current), Some(Key::Number(MAX_GENERATED_KEY as f64)));
        assert_eq!(generate_key(&mut current), None);
        assert_eq!(generate_key(&mut current), None);
    }

    #[test]
    fn explicit_numbers_raise_the_generator() {
        let mut current = 1;
        possibly_update_key_generator(&mut current, &Key::Number(4.5));
        assert_eq!(current, 5);
        possibly_update_key_generator(&mut current, &Key::Number(2.0));
        assert_eq!(current, 5);
        possibly_update_key_generator(&mut current, &Key::Number(f64::NEG_INFINITY));
        assert_eq!(current, 5);
        possibly_update_key_generator(&mut current, &Key::string("100"));
        assert_eq!(current, 5);
        possibly_update_key_generator(&mut current, &Key::Number(f64::INFINITY));
        assert_eq!(current, MAX_GENERATED_KEY + 1);
    }
}
