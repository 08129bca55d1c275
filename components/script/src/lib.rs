//! The script side: DOM objects implemented on the generated bindings, wired to the
//! notifications core; HTML loading; and the script thread's event loop.
//!
//! DOM code is safe Rust: everything unsafe lives in the `bindings` runtime crate.
#![forbid(unsafe_code)]

pub mod activation;
pub mod cors;
pub mod css_declarations;
pub mod dialogs;
pub mod dom;
pub mod error_reporting;
pub mod event_handlers;
pub mod event_loop;
pub mod fetch;
pub mod focus;
pub mod forms;
pub mod headers;
pub mod host;
pub mod html;
pub mod indexeddb;
pub mod keyed_objects;
pub mod loader;
pub mod markup;
pub mod message_ports;
pub mod mime;
pub mod reflect;
pub mod script_runner;
pub mod script_thread;
pub mod selectors;
pub mod serviceworker;
pub mod shared_workers;
pub mod timers;
pub mod visibility;
pub mod webstorage;
pub mod xhr;

pub use dom::globalscope::{ConsoleLevel, ConsoleSink};
pub use host::Host;
pub use script_thread::{RunOutcome, ScriptThread, WindowId};
