//! Errors as values: each variant names the `DOMException` the DOM side throws or sets as a
//! request's error.

use thiserror::Error;

/// A failed storage operation.
///
/// Each variant names the [`DOMException`](https://webidl.spec.whatwg.org/#idl-DOMException-error-names)
/// that the DOM side creates for it ([`DbError::dom_exception_name`]) and carries a message for
/// the exception's `message` (and for logs). Messages never contain stored values.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DbError {
    /// A mutation failed because a constraint was not satisfied: a key already exists with
    /// `add()`, a unique index would hold the same key twice, a name is taken, or the key
    /// generator is exhausted. `ConstraintError`.
    #[error("ConstraintError: {0}")]
    Constraint(String),
    /// The data given is not a valid key or key range, or does not fit the operation.
    /// `DataError`.
    #[error("DataError: {0}")]
    Data(String),
    /// A database was opened with a version lower than its current version. `VersionError`.
    #[error("VersionError: {0}")]
    Version(String),
    /// An object store, index or transaction scope member does not exist. `NotFoundError`.
    #[error("NotFoundError: {0}")]
    NotFound(String),
    /// The operation is not allowed in the current state: an unknown, foreign or finished
    /// transaction or connection, a connection that is closing, a deleted object store.
    /// `InvalidStateError`.
    #[error("InvalidStateError: {0}")]
    InvalidState(String),
    /// The request is not allowed for the object it names: `autoIncrement` with an empty or
    /// sequence key path, `multiEntry` with a sequence key path, an empty scope.
    /// `InvalidAccessError`.
    #[error("InvalidAccessError: {0}")]
    InvalidAccess(String),
    /// A write was attempted in a read-only transaction. `ReadOnlyError`.
    #[error("ReadOnlyError: {0}")]
    ReadOnly(String),
    /// The transaction is not started yet, or has finished. `TransactionInactiveError`.
    #[error("TransactionInactiveError: {0}")]
    TransactionInactive(String),
    /// The operation was aborted. `AbortError`.
    #[error("AbortError: {0}")]
    Abort(String),
    /// The storage failed (SQLite error, unreadable or corrupt file). `UnknownError`.
    #[error("UnknownError: {0}")]
    Unknown(String),
    /// The storage is full. `QuotaExceededError`.
    #[error("QuotaExceededError: {0}")]
    QuotaExceeded(String),
    /// A key path is not a [valid key path](https://w3c.github.io/IndexedDB/#valid-key-path).
    /// `SyntaxError`.
    #[error("SyntaxError: {0}")]
    Syntax(String),
}

impl DbError {
    /// The name of the `DOMException` to create for this error, e.g. `"ConstraintError"`.
    pub fn dom_exception_name(&self) -> &'static str {
        match self {
            DbError::Constraint(_) => "ConstraintError",
            DbError::Data(_) => "DataError",
            DbError::Version(_) => "VersionError",
            DbError::NotFound(_) => "NotFoundError",
            DbError::InvalidState(_) => "InvalidStateError",
            DbError::InvalidAccess(_) => "InvalidAccessError",
            DbError::ReadOnly(_) => "ReadOnlyError",
            DbError::TransactionInactive(_) => "TransactionInactiveError",
            DbError::Abort(_) => "AbortError",
            DbError::Unknown(_) => "UnknownError",
            DbError::QuotaExceeded(_) => "QuotaExceededError",
            DbError::Syntax(_) => "SyntaxError",
        }
    }

    /// The message, without the exception name.
    pub fn message(&self) -> &str {
        match self {
            DbError::Constraint(m)
            | DbError::Data(m)
            | DbError::Version(m)
            | DbError::NotFound(m)
            | DbError::InvalidState(m)
            | DbError::InvalidAccess(m)
            | DbError::ReadOnly(m)
            | DbError::TransactionInactive(m)
            | DbError::Abort(m)
            | DbError::Unknown(m)
            | DbError::QuotaExceeded(m)
            | DbError::Syntax(m) => m,
        }
    }
}

impl From<rusqlite::Error> for DbError {
    /// SQLite failures: a full disk becomes `QuotaExceededError`, everything else
    /// `UnknownError` carrying SQLite's message.
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(code, _) = &error {
            if code.code == rusqlite::ErrorCode::DiskFull {
                return DbError::QuotaExceeded(format!("storage is full: {error}"));
            }
        }
        DbError::Unknown(format!("storage failure: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_messages() {
        let e = DbError::Constraint("key exists".into());
        assert_eq!(e.dom_exception_name(), "ConstraintError");
        assert_eq!(e.message(), "key exists");
        assert_eq!(e.to_string(), "ConstraintError: key exists");
        assert_eq!(DbError::TransactionInactive(String::new()).dom_exception_name(), "TransactionInactiveError");
        assert_eq!(DbError::Syntax(String::new()).dom_exception_name(), "SyntaxError");
    }

    #[test]
    fn sqlite_errors_become_unknown() {
        let e: DbError = rusqlite::Error::InvalidQuery.into();
        assert_eq!(e.dom_exception_name(), "UnknownError");
    }
}
