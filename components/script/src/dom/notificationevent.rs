//! The `NotificationEvent` interface, and firing `notificationclick` and `notificationclose` at
//! a service worker.
//! <https://notifications.spec.whatwg.org/#service-worker-api>

use bindings::{Castable, Cx, Dom, DomRoot, Fallible, HandleObject, Trace, Tracer};
use notifications::ClientEvent;

use crate::dom::bindings::generated::{NotificationEventInit, NotificationEventMethods};
use crate::dom::extendableevent::ExtendableEvent;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::notification::Notification;

#[repr(C)]
pub struct NotificationEvent {
    pub(crate) extendable_event: ExtendableEvent,
    notification: Dom<Notification>,
    action: String,
}

impl Trace for NotificationEvent {
    fn trace(&self, trc: &Tracer) {
        self.extendable_event.trace(trc);
        self.notification.trace(trc);
    }
}

impl NotificationEvent {
    /// Fire a service worker notification event: `event` (a click or a close from the
    /// notification service) as a NotificationEvent at the current global, a service worker's.
    /// Returns the event, to wait for its extend lifetime promises.
    /// <https://notifications.spec.whatwg.org/#fire-a-service-worker-notification-event>
    pub fn fire(cx: &mut Cx, event: ClientEvent) -> Fallible<()> {
        let (name, init) = match event {
            ClientEvent::NotificationClick(init) => ("notificationclick", *init),
            ClientEvent::NotificationClose(init) => ("notificationclose", *init),
            other => {
                tracing::debug!(?other, "not a service worker notification event");
                return Ok(());
            }
        };
        let global = GlobalRoot::current(cx)?;
        let Some(service_worker) = global.as_service_worker() else {
            tracing::warn!("a service worker notification event reached a global that is not a service worker's");
            return Ok(());
        };
        // Fire Functional Event given name, NotificationEvent, and the initialization:
        // notification: a new Notification object representing notification; action: action.
        // (Over IPC the notification arrives unshared, and taking it out copies nothing.)
        let notifications::NotificationEventInit { id, notification, action } = init;
        let notification = Notification::new_representing(cx, notification, id)?;
        let proto = bindings::interface::prototype_for(cx, <NotificationEvent as bindings::DomInterface>::ID)?;
        let event = NotificationEvent {
            extendable_event: ExtendableEvent::new_inherited(global.now()),
            notification: Dom::from_ref(&*notification),
            action,
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto.handle())?;
        event.extendable_event.event.init(name, false, false);
        event.extendable_event.event.set_trusted();
        // A click lets the worker open and focus windows while it handles it.
        if name == "notificationclick" {
            service_worker.allow_window_interaction();
        }
        let extendable = DomRoot::upcast::<ExtendableEvent>(event);
        let busy = crate::event_loop::Pending::new();
        ExtendableEvent::dispatch_and_wait(
            &extendable,
            cx,
            (*service_worker).upcast(),
            Box::new(move |_, _| drop(busy)),
        )
    }
}

impl NotificationEventMethods for NotificationEvent {
    /// <https://dom.spec.whatwg.org/#concept-event-constructor>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        init: NotificationEventInit,
    ) -> Fallible<DomRoot<NotificationEvent>> {
        let now = GlobalRoot::current(cx)?.now();
        let event = NotificationEvent {
            extendable_event: ExtendableEvent::new_inherited(now),
            notification: Dom::from_ref(&*init.notification),
            action: init.action,
        };
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(event), proto)?;
        event.extendable_event.event.init_from_dictionary(&type_, init.bubbles, init.cancelable, init.composed);
        Ok(event)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notificationevent-notification>
    fn notification(&self, _cx: &mut Cx) -> Fallible<DomRoot<Notification>> {
        Ok(self.notification.root())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notificationevent-action>
    fn action(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.action.clone())
    }
}
