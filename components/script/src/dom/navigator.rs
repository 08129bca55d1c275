//! The `Navigator` and `WorkerNavigator` interfaces.
//! <https://html.spec.whatwg.org/multipage/system-state.html#the-navigator-object>

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::{NavigatorMethods, WorkerNavigatorMethods};
use crate::dom::globalscope::GlobalRoot;
use crate::dom::permissions::Permissions;
use crate::dom::serviceworkercontainer::ServiceWorkerContainer;

/// What herald calls itself.
pub const USER_AGENT: &str = concat!("Mozilla/5.0 (X11; Linux x86_64) herald/", env!("CARGO_PKG_VERSION"));

/// The members `Navigator` and `WorkerNavigator` share through the NavigatorID,
/// NavigatorLanguage and NavigatorOnLine mixins.
/// <https://html.spec.whatwg.org/multipage/system-state.html#the-navigator-object>
macro_rules! navigator_mixin_methods {
    () => {
        fn user_agent(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(USER_AGENT.into())
        }
        fn language(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok("en-US".into())
        }
        fn languages(&self, _cx: &mut Cx) -> Fallible<Vec<String>> {
            Ok(vec!["en-US".into()])
        }
        fn on_line(&self, _cx: &mut Cx) -> Fallible<bool> {
            Ok(true)
        }
    };
}

#[repr(C)]
pub struct Navigator {
    pub(crate) reflector: Reflector,
    permissions: DomRefCell<Option<Dom<Permissions>>>,
}

impl Trace for Navigator {
    fn trace(&self, trc: &Tracer) {
        self.permissions.trace(trc);
    }
}

impl Navigator {
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<Navigator>> {
        let proto = bindings::interface::prototype_for(cx, <Navigator as bindings::DomInterface>::ID)?;
        let navigator = Navigator { reflector: Reflector::new(), permissions: DomRefCell::new(None) };
        bindings::reflector::reflect_dom_object(cx, Box::new(navigator), proto.handle())
    }
}

/// `navigator.permissions`: the one Permissions object of the navigator.
/// <https://w3c.github.io/permissions/#dom-navigator-permissions>
fn permissions_object(cx: &mut Cx, slot: &DomRefCell<Option<Dom<Permissions>>>) -> Fallible<DomRoot<Permissions>> {
    if let Some(permissions) = slot.borrow().as_ref() {
        return Ok(permissions.root());
    }
    let permissions = Permissions::create(cx)?;
    *slot.borrow_mut() = Some(Dom::from_ref(&*permissions));
    Ok(permissions)
}

impl NavigatorMethods for Navigator {
    navigator_mixin_methods!();
    /// <https://html.spec.whatwg.org/multipage/system-state.html#dom-navigator-cookieenabled>
    fn cookie_enabled(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(false)
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker>: the
    /// ServiceWorkerContainer object associated with this (`[SameObject]`: created once).
    fn service_worker(&self, cx: &mut Cx) -> Fallible<DomRoot<ServiceWorkerContainer>> {
        GlobalRoot::of(self)?.service_workers.container(cx)
    }

    /// <https://w3c.github.io/permissions/#dom-navigator-permissions>
    fn permissions(&self, cx: &mut Cx) -> Fallible<DomRoot<Permissions>> {
        permissions_object(cx, &self.permissions)
    }
}

#[repr(C)]
pub struct WorkerNavigator {
    pub(crate) reflector: Reflector,
    permissions: DomRefCell<Option<Dom<Permissions>>>,
}

impl Trace for WorkerNavigator {
    fn trace(&self, trc: &Tracer) {
        self.permissions.trace(trc);
    }
}

impl WorkerNavigator {
    pub fn create(cx: &mut Cx) -> Fallible<DomRoot<WorkerNavigator>> {
        let proto = bindings::interface::prototype_for(cx, <WorkerNavigator as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(WorkerNavigator { reflector: Reflector::new(), permissions: DomRefCell::new(None) }),
            proto.handle(),
        )
    }
}

impl WorkerNavigatorMethods for WorkerNavigator {
    navigator_mixin_methods!();

    /// <https://w3c.github.io/permissions/#dom-workernavigator-permissions>
    fn permissions(&self, cx: &mut Cx) -> Fallible<DomRoot<Permissions>> {
        permissions_object(cx, &self.permissions)
    }
}
