//! DOM objects: one file per interface, each implementing its generated `…Methods` trait.

pub mod console;
pub mod domexception;
pub mod event;
pub mod eventtarget;
pub mod globalscope;
pub mod notification;
pub mod window;

/// The generated bindings.
pub mod bindings {
    #[allow(non_camel_case_types, non_snake_case, non_upper_case_globals, unused_imports, unused_parens, clippy::all)]
    pub mod generated {
        include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
    }
}

/// Every DOM type by its interface (or namespace) name: what the generated code refers to.
pub mod types {
    pub use super::console::Console;
    pub use super::domexception::DOMException;
    pub use super::event::Event;
    pub use super::eventtarget::EventTarget;
    pub use super::notification::Notification;
    pub use super::window::Window;
}
