//! The `Permissions` interface (`navigator.permissions`).
//! <https://w3c.github.io/permissions/#permissions-interface>

use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, Promise, Reflector, RootedObject, Trace, Tracer};

use crate::dom::bindings::generated::{permission_descriptor_from_js, PermissionsMethods};
use crate::dom::globalscope::GlobalRoot;
use crate::dom::permissionstatus::PermissionStatus;

#[repr(C)]
pub struct Permissions {
    pub(crate) reflector: Reflector,
}

impl Trace for Permissions {
    fn trace(&self, _: &Tracer) {}
}

impl Permissions {
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<Permissions>> {
        let proto = bindings::interface::prototype_for(cx, <Permissions as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(Permissions { reflector: Reflector::new() }),
            proto.handle(),
        )
    }
}

impl PermissionsMethods for Permissions {
    /// <https://w3c.github.io/permissions/#dom-permissions-query>
    fn query(&self, cx: &mut Cx, permission_desc: RootedObject) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let global = GlobalRoot::of(self)?;
        // 1. If this's relevant global object is a Window object and its associated Document
        //    is not fully active, return a promise rejected with an "InvalidStateError".
        if let GlobalRoot::Window(window) = &global {
            if window.is_discarded() {
                promise.reject(cx, Error::dom("InvalidStateError", "the document is not fully active"))?;
                return Ok(promise);
            }
        }
        // 2-3. Let rootDesc be permissionDesc converted to a PermissionDescriptor; rethrow (as
        //      a rejection).
        let descriptor = match permission_descriptor_from_js(cx, permission_desc.to_value().handle()) {
            Ok(descriptor) => descriptor,
            Err(error) => {
                promise.reject(cx, error)?;
                return Ok(promise);
            }
        };
        // 4. If rootDesc["name"] is not supported, return a promise rejected with a TypeError.
        if descriptor.name != "notifications" {
            let error = Error::type_error(format!("'{}' is not a permission this browser knows", descriptor.name));
            promise.reject(cx, error)?;
            return Ok(promise);
        }
        // 5-6. In parallel: let status be a new PermissionStatus for the descriptor, run its
        //      update steps (getting the current permission state), and resolve promise with it
        //      in a task.
        let status = PermissionStatus::create(cx, &global, &descriptor.name)?;
        let settle = promise.clone();
        crate::event_loop::queue_task(global.global_id(), move |cx: &mut Cx| settle.resolve(cx, &status));
        Ok(promise)
    }
}
