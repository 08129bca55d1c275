//! Errors as values, throwing them as JS exceptions, and reporting uncaught exceptions.

use std::cell::Cell;
use std::ffi::CString;

use mozjs::jsapi::ExceptionStackBehavior;
use mozjs::rust::{error_info_from_exception_stack, wrappers2 as w2};

use crate::root::RootedValue;
use crate::Cx;

/// An error a binding or DOM method returns; the glue throws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A `TypeError`.
    Type(String),
    /// A `RangeError`.
    Range(String),
    /// A `DOMException` with this name ("DataCloneError", "InvalidStateError", …).
    Dom { name: String, message: String },
    /// A JS exception is already pending on the context.
    Pending,
}

/// The result of a binding or DOM method.
pub type Fallible<T> = Result<T, Error>;

impl Error {
    pub fn type_error(message: impl Into<String>) -> Error {
        Error::Type(message.into())
    }

    pub fn dom(name: &str, message: impl Into<String>) -> Error {
        Error::Dom { name: name.into(), message: message.into() }
    }

    /// Prefixes the message with where it happened ("Notification constructor: …").
    pub fn context(self, prefix: &str) -> Error {
        match self {
            Error::Type(m) => Error::Type(format!("{prefix}: {m}")),
            Error::Range(m) => Error::Range(format!("{prefix}: {m}")),
            other => other,
        }
    }
}

/// Creates a `DOMException` object in the current realm: provided by the crate that
/// implements the `DOMException` interface.
pub type DomExceptionFactory = fn(&mut Cx, name: &str, message: &str) -> Fallible<RootedValue>;

thread_local! {
    static DOM_EXCEPTION_FACTORY: Cell<Option<DomExceptionFactory>> = const { Cell::new(None) };
}

/// Registers how `DOMException`s are made on this thread.
pub fn set_dom_exception_factory(factory: DomExceptionFactory) {
    DOM_EXCEPTION_FACTORY.with(|f| f.set(Some(factory)));
}

fn c_message(message: &str) -> CString {
    CString::new(message.replace('\0', "\u{FFFD}")).expect("NULs replaced")
}

/// Throws `error` on `cx` (does nothing for [`Error::Pending`]).
pub fn throw(cx: &mut Cx, error: Error) {
    match error {
        Error::Pending => {}
        Error::Type(message) => mozjs::error::throw_type_error(cx, &c_message(&message)),
        Error::Range(message) => mozjs::error::throw_range_error(cx, &c_message(&message)),
        Error::Dom { name, message } => match DOM_EXCEPTION_FACTORY.with(Cell::get) {
            Some(factory) => match factory(cx, &name, &message) {
                Ok(exception) => set_pending_exception(cx, &exception),
                Err(Error::Pending) => {}
                Err(other) => throw(cx, other),
            },
            None => mozjs::error::throw_type_error(cx, &c_message(&format!("{name}: {message}"))),
        },
    }
}

/// Makes `value` the pending exception.
pub fn set_pending_exception(cx: &mut Cx, value: &RootedValue) {
    // SAFETY: setting a rooted value as the exception.
    unsafe { w2::JS_SetPendingException(cx, value.handle(), ExceptionStackBehavior::Capture) };
}

pub fn is_exception_pending(cx: &Cx) -> bool {
    // SAFETY: a query of the context's state.
    unsafe { w2::JS_IsExceptionPending(cx) }
}

/// Turns the result of a JSAPI call that returns false with a pending exception into a
/// [`Fallible`].
pub(crate) fn js_result(ok: bool) -> Fallible<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::Pending)
    }
}

/// Takes the pending exception off the context, if any.
pub fn take_pending_exception(cx: &mut Cx) -> Option<RootedValue> {
    if !is_exception_pending(cx) {
        return None;
    }
    let mut value = RootedValue::undefined();
    // SAFETY: moving the pending exception into a rooted location, then clearing it.
    unsafe {
        w2::JS_GetPendingException(cx, value.handle_mut());
        w2::JS_ClearPendingException(cx);
    }
    Some(value)
}

/// An uncaught exception, as a person reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorReport {
    pub message: String,
    pub filename: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for ErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.filename.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.filename, self.line, self.column, self.message)
        }
    }
}

/// Takes the pending exception and describes it; `None` when nothing is pending (for
/// example, the script was terminated). Call inside a realm.
pub fn take_exception_report(cx: &mut Cx) -> Option<(ErrorReport, RootedValue)> {
    if !is_exception_pending(cx) {
        return None;
    }
    let mut value = RootedValue::undefined();
    let info = error_info_from_exception_stack(cx, value.handle_mut())?;
    // A thrown value that is not an Error object (a DOMException, a string) comes as
    // "uncaught exception: <its toString()>"; the reporter says "Uncaught" itself.
    let mut message = match info.message.strip_prefix("uncaught exception: ") {
        Some(rest) => rest.to_owned(),
        None => info.message,
    };
    // Name the error's kind ("SyntaxError: …") the way consoles do.
    if let Some(object) = value.to_object() {
        if let Ok(name) = crate::conversions::get_member(cx, &object, c"name") {
            if name.is_string() {
                if let Ok(name) = <String as crate::conversions::FromJs>::from_js(cx, name.handle()) {
                    if !name.is_empty() && !message.starts_with(&name) {
                        message = format!("{name}: {message}");
                    }
                }
            }
        }
        // A getter could have thrown; that is not the exception being reported.
        take_pending_exception(cx);
    }
    Some((ErrorReport { message, filename: info.filename, line: info.line, column: info.col }, value))
}
