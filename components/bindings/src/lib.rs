//! The bindings runtime: everything the generated bindings and the DOM need from SpiderMonkey
//! (through the `mozjs` crate), behind safe functions and types. This is the one crate of the
//! project with `unsafe` code, and its boundary is sound: no safe function takes or returns a
//! raw `JSObject` or `JSContext` pointer, or makes up a lifetime; the few functions that trust
//! a raw pointer are private or `unsafe fn` with a `# Safety` section; every `unsafe` block
//! says why it holds. DOM code holds JS values only as roots ([`RootedValue`],
//! [`RootedObject`], [`DomRoot`]) or traced fields ([`TracedValue`], [`TracedObject`],
//! [`Dom`]), and moves between interfaces with the checked casts of [`Castable`].
//!
//! - [`engine`]: the per-thread runtime, microtask checkpoints, evaluation, realms.
//! - [`reflector`]: DOM objects and their JS reflectors; [`dom_root`]: [`DomRoot`], [`Dom`],
//!   [`Castable`] and [`DerivedFrom`].
//! - [`interface`]: interface and prototype objects, globals.
//! - [`trampoline`]: the generic JSNatives behind generated properties.
//! - [`conversions`]: WebIDL value conversions ([`FromJs`], [`ToJs`]).
//! - [`root`]: tracing ([`Trace`]) and rooting of JS values held from Rust.
//! - [`callback`], [`promise`], [`structured`], [`typed_array`], [`error`].

#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks, clippy::missing_safety_doc)]

pub mod callback;
pub mod conversions;
pub mod dom_root;
pub mod engine;
pub mod error;
pub mod interface;
pub mod iterable;
pub mod module;
pub mod named_map;
pub mod named_properties;
pub mod promise;
pub mod reflector;
pub mod root;
pub mod security;
pub mod structured;
pub mod trampoline;
pub mod typed_array;
pub mod values;

/// The JS context type every binding function takes.
pub use mozjs::context::JSContext as Cx;
/// For the generated class and property tables (static data).
pub use mozjs::jsapi::{JSClass, JSClassOps, JSNative};
pub use mozjs::rust::{HandleObject, HandleValue, MutableHandleValue};

pub use callback::CallbackObject;
pub use conversions::{ByteString, FromJs, ToJs};
pub use dom_root::{Castable, DerivedFrom, Dom, DomRoot};
pub use engine::JsThread;
pub use error::{Error, Fallible};
pub use promise::{Promise, Settled};
pub use reflector::{ConcreteInterface, DomClass, DomInterface, DomObject, Reflector};
pub use root::{DomRefCell, Rooted, RootedObject, RootedValue, Trace, TracedObject, TracedValue, Tracer};
pub use trampoline::Args;
