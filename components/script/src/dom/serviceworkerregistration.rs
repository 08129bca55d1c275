//! The `ServiceWorkerRegistration` interface, with the Notifications API's
//! `showNotification()` and `getNotifications()`.
//! <https://w3c.github.io/ServiceWorker/#serviceworkerregistration-interface>
//! <https://notifications.spec.whatwg.org/#service-worker-api>

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Error, Fallible, Promise, RootedValue, Trace, Tracer};
use notifications::{ErrorKind, NotificationError, RegistrationId, SerializedData};

use crate::dom::bindings::generated::{
    GetNotificationOptions, NotificationOptions, ServiceWorkerRegistrationMethods, ServiceWorkerUpdateViaCache,
};
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::notification::dom_error;
use crate::dom::serviceworker::ServiceWorker;
use crate::serviceworker::jobs::JobKind;
use crate::serviceworker::{global, RegistrationSnapshot, ServiceWorkerState, WorkerSnapshot};

#[repr(C)]
pub struct ServiceWorkerRegistration {
    pub(crate) event_target: EventTarget,
    id: RegistrationId,
    scope: url::Url,
    update_via_cache: Cell<ServiceWorkerUpdateViaCache>,
    /// The manager's registration as last heard (the newest worker's script URL and type, for
    /// update()).
    snapshot: RefCell<RegistrationSnapshot>,
    installing: DomRefCell<Option<Dom<ServiceWorker>>>,
    waiting: DomRefCell<Option<Dom<ServiceWorker>>>,
    active: DomRefCell<Option<Dom<ServiceWorker>>>,
}

impl Trace for ServiceWorkerRegistration {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.installing.trace(trc);
        self.waiting.trace(trc);
        self.active.trace(trc);
    }
}

impl ServiceWorkerRegistration {
    /// A new object (in the current realm) for the registration `snapshot` describes; its
    /// worker attributes are set by [`ServiceWorkerRegistration::update`].
    pub fn create(cx: &mut Cx, snapshot: &RegistrationSnapshot) -> Fallible<DomRoot<ServiceWorkerRegistration>> {
        let proto = bindings::interface::prototype_for(cx, <ServiceWorkerRegistration as bindings::DomInterface>::ID)?;
        let registration = ServiceWorkerRegistration {
            event_target: EventTarget::new_inherited(),
            id: snapshot.id.clone(),
            scope: snapshot.scope.clone(),
            update_via_cache: Cell::new(snapshot.update_via_cache),
            snapshot: RefCell::new(snapshot.clone()),
            installing: DomRefCell::new(None),
            waiting: DomRefCell::new(None),
            active: DomRefCell::new(None),
        };
        bindings::reflector::reflect_dom_object(cx, Box::new(registration), proto.handle())
    }

    pub fn id(&self) -> &RegistrationId {
        &self.id
    }

    /// Update Registration State, in this global: the installing, waiting and active
    /// attributes become the objects for the manager's workers.
    /// <https://w3c.github.io/ServiceWorker/#update-registration-state-algorithm>
    pub fn update(&self, cx: &mut Cx, snapshot: &RegistrationSnapshot) -> Fallible<()> {
        let global = GlobalRoot::of(self)?;
        let mut object = |worker: &Option<WorkerSnapshot>| -> Fallible<Option<Dom<ServiceWorker>>> {
            Ok(match worker {
                Some(worker) => Some(Dom::from_ref(&*global.service_workers.worker_object(cx, worker)?)),
                None => None,
            })
        };
        let (installing, waiting, active) =
            (object(&snapshot.installing)?, object(&snapshot.waiting)?, object(&snapshot.active)?);
        *self.installing.borrow_mut() = installing;
        *self.waiting.borrow_mut() = waiting;
        *self.active.borrow_mut() = active;
        self.update_via_cache.set(snapshot.update_via_cache);
        *self.snapshot.borrow_mut() = snapshot.clone();
        Ok(())
    }

    fn active_worker(&self) -> Option<DomRoot<ServiceWorker>> {
        self.active.borrow().as_ref().map(Dom::root)
    }

    /// Schedules an update or unregister job for this registration; its promise settles when
    /// the manager answers.
    fn schedule(&self, cx: &mut Cx, kind: JobKind, newest: Option<WorkerSnapshot>) -> Fallible<Rc<Promise>> {
        let promise = Promise::new(cx)?;
        let global = GlobalRoot::of(self)?;
        let script_url = newest.as_ref().map(|w| w.script_url.clone());
        global::schedule_job(cx, &global, kind, self.scope.clone(), script_url, None, promise.clone())?;
        Ok(promise)
    }
}

impl ServiceWorkerRegistrationMethods for ServiceWorkerRegistration {
    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkerregistration-installing>
    fn installing(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<ServiceWorker>>> {
        Ok(self.installing.borrow().as_ref().map(Dom::root))
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkerregistration-waiting>
    fn waiting(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<ServiceWorker>>> {
        Ok(self.waiting.borrow().as_ref().map(Dom::root))
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkerregistration-active>
    fn active(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<ServiceWorker>>> {
        Ok(self.active_worker())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkerregistration-scope>
    fn scope(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.scope.as_str().to_owned())
    }

    /// <https://w3c.github.io/ServiceWorker/#dom-serviceworkerregistration-updateviacache>
    fn update_via_cache(&self, _cx: &mut Cx) -> Fallible<ServiceWorkerUpdateViaCache> {
        Ok(self.update_via_cache.get())
    }

    /// <https://w3c.github.io/ServiceWorker/#service-worker-registration-update>
    fn update(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        // 1. Let registration be the service worker registration.
        // 2. Let newestWorker be the result of running Get Newest Worker algorithm passing
        //    registration as its argument.
        let snapshot = self.snapshot.borrow().clone();
        let newest = snapshot.installing.or(snapshot.waiting).or(snapshot.active);
        // 3. If newestWorker is null, return a promise rejected with an "InvalidStateError"
        //    DOMException and abort these steps.
        let Some(newest) = newest else {
            return reject(cx, Error::dom("InvalidStateError", "the registration has no worker to update"));
        };
        // 4. If this's relevant global object globalObject is a ServiceWorkerGlobalScope
        //    object, and globalObject's associated service worker's state is "installing",
        //    return a promise rejected with an "InvalidStateError" DOMException.
        if let Some(service_worker) = GlobalRoot::of(self)?.as_service_worker() {
            if service_worker.own_state() == Some(ServiceWorkerState::Installing) {
                return reject(
                    cx,
                    Error::dom("InvalidStateError", "an installing worker cannot update its registration"),
                );
            }
        }
        // 5-9. Let job be the result of running Create Job with update, the storage key, the
        //      registration's scope URL, newestWorker's script URL, promise and the relevant
        //      settings object; set its worker type to newestWorker's type; Schedule Job.
        self.schedule(cx, JobKind::Update, Some(newest))
    }

    /// <https://w3c.github.io/ServiceWorker/#navigator-service-worker-unregister>
    fn unregister(&self, cx: &mut Cx) -> Fallible<Rc<Promise>> {
        // 1-4. Let job be the result of running Create Job with unregister, the storage key,
        //      the registration's scope URL, null, promise and the relevant settings object;
        //      Schedule Job; return promise.
        self.schedule(cx, JobKind::Unregister, None)
    }

    /// <https://notifications.spec.whatwg.org/#dom-serviceworkerregistration-shownotification>
    fn show_notification(&self, cx: &mut Cx, title: String, options: NotificationOptions) -> Fallible<Rc<Promise>> {
        // 1. Let global be this's relevant global object.
        let global = GlobalRoot::of(self)?;
        // 2. Let promise be a new promise in this's relevant Realm.
        let promise = Promise::new(cx)?;
        // 3. If this's active worker is null, then reject promise with a TypeError and return
        //    promise. 4. Let notification be the result of creating a notification with a
        //    settings object given title, options, and this's relevant settings object. If this
        //    threw an exception, then reject promise with that exception and return promise.
        //    5. Set notification's service worker registration to this. (Steps 3-5 run in the
        //    core; serializing data runs here when it asks.)
        let mut serialize_error = None;
        let created = global.notifications.client().create_persistent(
            &title,
            &options,
            |data: &RootedValue| match bindings::structured::serialize_for_storage(cx, data.handle()) {
                Ok(bytes) => Ok(SerializedData(bytes)),
                Err(error) => {
                    serialize_error = Some(error);
                    Err(NotificationError::new(ErrorKind::DataCloneError, "data could not be serialized"))
                }
            },
            &self.id,
            self.active_worker().is_some(),
        );
        let notification = match (created, serialize_error) {
            (Ok(notification), _) => notification,
            (Err(_), Some(error)) => {
                promise.reject(cx, error)?;
                return Ok(promise);
            }
            (Err(error), None) => {
                promise.reject(cx, dom_error(error))?;
                return Ok(promise);
            }
        };
        // 6. Run these steps in parallel: the permission check (a TypeError when it is not
        //    "granted"), the notification show steps, then a global task resolves promise
        //    (see dom::notification::client).
        global.notifications.show_persistent(notification, promise.clone());
        // 7. Return promise.
        Ok(promise)
    }

    /// <https://notifications.spec.whatwg.org/#dom-serviceworkerregistration-getnotifications>
    fn get_notifications(&self, cx: &mut Cx, filter: GetNotificationOptions) -> Fallible<Rc<Promise>> {
        // 1. Let global be this's relevant global object. 2. Let realm be this's relevant Realm.
        let global = GlobalRoot::of(self)?;
        // 3. Let origin be this's relevant settings object's origin.
        // 4. Let promise be a new promise in realm.
        let promise = Promise::new(cx)?;
        // 5. Run these steps in parallel: let tag be filter["tag"]; the notifications of origin
        //    whose registration is this and whose tag (if tag is not empty) is tag, in creation
        //    order; then a global task resolves promise with new Notification objects for them
        //    (see dom::notification::client).
        global.notifications.get_notifications(&self.id, &filter.tag, promise.clone());
        // 6. Return promise.
        Ok(promise)
    }
}

/// A promise rejected with `error`.
fn reject(cx: &mut Cx, error: Error) -> Fallible<Rc<Promise>> {
    let promise = Promise::new(cx)?;
    promise.reject(cx, error)?;
    Ok(promise)
}
