//! Snapshots of a database's schema, handed to the DOM side so that it can answer
//! `objectStoreNames`, `keyPath`, `autoIncrement`, `indexNames`, `unique` and `multiEntry`
//! without asking the manager thread.

use crate::key_path::KeyPath;

/// A [database](https://w3c.github.io/IndexedDB/#database-construct)'s name, version and
/// object stores, as committed (or as changed so far by a running upgrade transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseMetadata {
    /// The database's name.
    pub name: String,
    /// The database's version.
    pub version: u64,
    /// The object stores, sorted by name (code point order; the DOM side sorts
    /// `objectStoreNames` by code unit, which differs only outside the BMP).
    pub stores: Vec<StoreMetadata>,
}

impl DatabaseMetadata {
    /// The object store named `name`, if any.
    pub fn store(&self, name: &str) -> Option<&StoreMetadata> {
        self.stores.iter().find(|s| s.name == name)
    }
}

/// An [object store](https://w3c.github.io/IndexedDB/#object-store-construct)'s schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreMetadata {
    /// The store's name.
    pub name: String,
    /// The key path, or `None` for out-of-line keys.
    pub key_path: Option<KeyPath>,
    /// Whether the store has a [key generator](https://w3c.github.io/IndexedDB/#key-generator-construct).
    pub auto_increment: bool,
    /// The store's indexes, sorted by name.
    pub indexes: Vec<IndexMetadata>,
}

impl StoreMetadata {
    /// The index named `name`, if any.
    pub fn index(&self, name: &str) -> Option<&IndexMetadata> {
        self.indexes.iter().find(|i| i.name == name)
    }
}

/// An [index](https://w3c.github.io/IndexedDB/#index-construct)'s schema (also the
/// parameters of [`OriginDatabases::create_index`](crate::OriginDatabases::create_index)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexMetadata {
    /// The index's name.
    pub name: String,
    /// The key path evaluated on each stored value.
    pub key_path: KeyPath,
    /// Whether two records may not share an index key.
    pub unique: bool,
    /// Whether an array index key adds one index record per subkey.
    pub multi_entry: bool,
}
