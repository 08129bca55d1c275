//! Errors as values, with a kind the bindings map to a JS exception.

use serde::{Deserialize, Serialize};

/// Which JS exception an error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// An ECMAScript `TypeError`.
    TypeError,
    /// A `DOMException` named "DataCloneError".
    DataCloneError,
    /// A `DOMException` named "InvalidStateError".
    InvalidStateError,
    /// A `DOMException` named "NotAllowedError".
    NotAllowedError,
}

impl ErrorKind {
    /// The `DOMException` name, or `None` for a `TypeError`.
    pub fn dom_exception_name(self) -> Option<&'static str> {
        match self {
            ErrorKind::TypeError => None,
            ErrorKind::DataCloneError => Some("DataCloneError"),
            ErrorKind::InvalidStateError => Some("InvalidStateError"),
            ErrorKind::NotAllowedError => Some("NotAllowedError"),
        }
    }
}

/// An error from a Notifications API algorithm.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{message}")]
pub struct NotificationError {
    pub kind: ErrorKind,
    pub message: String,
}

impl NotificationError {
    pub fn type_error(message: impl Into<String>) -> Self {
        NotificationError { kind: ErrorKind::TypeError, message: message.into() }
    }

    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        NotificationError { kind, message: message.into() }
    }
}
