//! Key ranges and key comparisons as SQL conditions over encoded keys.

use rusqlite::types::Value;

use crate::key::Key;
use crate::key_range::KeyRange;

/// SQL conditions joined by `AND`, with their positional (`?`) parameters.
#[derive(Default)]
pub(crate) struct Conditions {
    parts: Vec<String>,
    pub params: Vec<Value>,
}

impl Conditions {
    /// Conditions starting with `sql` and its parameters.
    pub fn new(sql: &str, params: Vec<Value>) -> Conditions {
        Conditions { parts: vec![sql.to_owned()], params }
    }

    /// Adds a condition with its parameters.
    pub fn push(&mut self, sql: String, params: impl IntoIterator<Item = Value>) {
        self.parts.push(sql);
        self.params.extend(params);
    }

    /// Adds `column <op> key`.
    pub fn compare(&mut self, column: &str, op: &str, key: &Key) {
        self.push(format!("{column} {op} ?"), [blob(key)]);
    }

    /// Adds the conditions for `column`'s key being [in](https://w3c.github.io/IndexedDB/#in)
    /// `range`.
    pub fn in_range(&mut self, column: &str, range: &KeyRange) {
        if let Some(lower) = &range.lower {
            self.compare(column, if range.lower_open { ">" } else { ">=" }, lower);
        }
        if let Some(upper) = &range.upper {
            self.compare(column, if range.upper_open { "<" } else { "<=" }, upper);
        }
    }

    /// The `WHERE` clause body.
    pub fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1".to_owned()
        } else {
            self.parts.join(" AND ")
        }
    }
}

/// A key as a SQL parameter: the BLOB of its encoding.
pub(crate) fn blob(key: &Key) -> Value {
    Value::Blob(key.encode())
}

/// A SQL `LIMIT` for an optional count where none or 0 means all.
pub(crate) fn limit(count: Option<u32>) -> i64 {
    match count {
        None | Some(0) => -1,
        Some(n) => i64::from(n),
    }
}
