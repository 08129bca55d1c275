//! The script side: DOM objects implemented on the generated bindings, wired to the
//! notifications core, and the script thread's event loop.
//!
//! DOM code is safe Rust: everything unsafe lives in the `bindings` runtime crate.
#![forbid(unsafe_code)]

pub mod dom;
pub mod script_thread;

pub use dom::globalscope::{ConsoleLevel, ConsoleSink};
pub use script_thread::{ScriptThread, WindowId};
