//! How the core's types look in human-readable serde formats (JSON for embedders, the
//! permission store) while staying compact in binary ones (ipc-channel's postcard).

use base64::Engine;
use serde::de::{Error as _, Visitor};
use serde::{Deserializer, Serializer};

/// Bytes (`#[serde(with = "crate::serde_forms::bytes")]`): base64 text in human-readable
/// formats, a byte string in binary ones.
pub mod bytes {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
        } else {
            serializer.serialize_bytes(bytes)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        if deserializer.is_human_readable() {
            let text: String = serde::Deserialize::deserialize(deserializer)?;
            base64::engine::general_purpose::STANDARD.decode(text).map_err(D::Error::custom)
        } else {
            deserializer.deserialize_byte_buf(ByteBufVisitor)
        }
    }

    struct ByteBufVisitor;

    impl<'de> Visitor<'de> for ByteBufVisitor {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
            while let Some(byte) = seq.next_element()? {
                out.push(byte);
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder(#[serde(with = "super::bytes")] Vec<u8>);

    #[test]
    fn bytes_are_base64_in_json_and_round_trip() {
        let holder = Holder(vec![0, 1, 2, 250]);
        let json = serde_json::to_string(&holder).unwrap();
        assert_eq!(json, "\"AAEC+g==\"");
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), holder);
        assert!(serde_json::from_str::<Holder>("\"not base64!\"").is_err());
    }
}
