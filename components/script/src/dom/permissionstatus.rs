//! The `PermissionStatus` interface: a permission's state, kept up to date, with `change`.
//! <https://w3c.github.io/permissions/#permissionstatus-interface>

use std::cell::Cell;

use bindings::{Cx, DomRoot, Fallible, Trace, Tracer};
use notifications::{NotificationPermission, PermissionState};

use crate::dom::bindings::generated::PermissionStatusMethods;
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct PermissionStatus {
    pub(crate) event_target: EventTarget,
    name: String,
    state: Cell<PermissionState>,
}

impl Trace for PermissionStatus {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

/// The notifications permission as a permission state ("default" reads as "prompt").
fn state_of(permission: NotificationPermission) -> PermissionState {
    match permission {
        NotificationPermission::Granted => PermissionState::Granted,
        NotificationPermission::Denied => PermissionState::Denied,
        NotificationPermission::Default => PermissionState::Prompt,
    }
}

impl PermissionStatus {
    /// A new status for `name` in `global`, its state the current one (the
    /// PermissionStatus update steps); it follows later changes.
    pub fn create(cx: &mut Cx, global: &GlobalRoot, name: &str) -> Fallible<DomRoot<PermissionStatus>> {
        let proto = bindings::interface::prototype_for(cx, <PermissionStatus as bindings::DomInterface>::ID)?;
        // The update steps: the state is the current permission state (the notification
        // rules' forced denials included).
        let state = state_of(global.notifications.client().permission());
        let status = PermissionStatus {
            event_target: EventTarget::new_inherited(),
            name: name.to_owned(),
            state: Cell::new(state),
        };
        let status = bindings::reflector::reflect_dom_object(cx, Box::new(status), proto.handle())?;
        global.notifications.watch_permission(&status);
        Ok(status)
    }

    /// The permission changed: if this status's state differs, set it and fire `change`.
    /// <https://w3c.github.io/permissions/#dfn-permissionstatus-update-steps>
    pub fn changed(&self, cx: &mut Cx, state: PermissionState) -> Fallible<()> {
        if self.state.replace(state) != state {
            Event::fire(cx, &self.event_target, "change", false)?;
        }
        Ok(())
    }
}

impl PermissionStatusMethods for PermissionStatus {
    /// <https://w3c.github.io/permissions/#dom-permissionstatus-state>
    fn state(&self, _cx: &mut Cx) -> Fallible<PermissionState> {
        Ok(self.state.get())
    }

    /// <https://w3c.github.io/permissions/#dom-permissionstatus-name>
    fn name(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.name.clone())
    }
}
