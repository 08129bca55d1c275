//! The bindings runtime: everything the generated bindings and the DOM need from SpiderMonkey
//! (through the `mozjs` crate), behind safe functions and types. This is the one crate of the
//! project with `unsafe` code.
//!
//! - [`engine`]: the per-thread runtime, microtask checkpoints, evaluation, realms.
//! - [`reflector`]: DOM objects and their JS reflectors ([`DomRoot`], [`Dom`]).
//! - [`interface`]: interface and prototype objects, globals.
//! - [`trampoline`]: the generic JSNatives behind generated properties.
//! - [`conversions`]: WebIDL value conversions ([`FromJs`], [`ToJs`]).
//! - [`root`]: tracing ([`Trace`]) and rooting of JS values held from Rust.
//! - [`callback`], [`promise`], [`structured`], [`error`].

pub mod callback;
pub mod conversions;
pub mod engine;
pub mod error;
pub mod interface;
pub mod module;
pub mod promise;
pub mod reflector;
pub mod root;
pub mod structured;
pub mod trampoline;

/// The JS context type every binding function takes.
pub use mozjs::context::JSContext as Cx;
pub use mozjs::jsapi::{JSClass, JSClassOps, JSNative, JSObject};
pub use mozjs::jsval::{BooleanValue, DoubleValue, Int32Value, JSVal, NullValue, ObjectValue, UndefinedValue};
pub use mozjs::rust::{HandleObject, HandleValue, MutableHandleValue};

pub use callback::CallbackObject;
pub use conversions::{FromJs, ToJs};
pub use engine::JsThread;
pub use error::{Error, Fallible};
pub use promise::Promise;
pub use reflector::{ConcreteInterface, Dom, DomClass, DomInterface, DomObject, DomRoot, Reflector};
pub use root::{DomRefCell, Rooted, RootedObject, RootedValue, Trace, TracedObject, TracedValue, Tracer};
pub use trampoline::Args;
