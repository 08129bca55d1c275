//! The `Notification` interface, on top of the notifications core; [`client`] is the script
//! side of a global's notification client (event routing, promise settlement).
//! <https://notifications.spec.whatwg.org/#api>

pub mod client;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use bindings::{Cx, DomRoot, Error, Fallible, HandleObject, Promise, RootedValue, Trace, Tracer};
use notifications::{ErrorKind, NotificationError, NotificationId, SerializedData};

use crate::dom::bindings::generated::{
    NotificationAction, NotificationDirection, NotificationMethods, NotificationOptions, NotificationPermission,
    NotificationPermissionCallback,
};
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct Notification {
    pub(crate) event_target: EventTarget,
    /// The notification this object represents: the same copy the notification service has.
    notification: Arc<notifications::Notification>,
    /// Its id once shown (the constructor's in-parallel steps started).
    id: Cell<Option<NotificationId>>,
}

impl Trace for Notification {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

/// A core error as the exception the bindings throw.
pub fn dom_error(error: NotificationError) -> Error {
    match error.kind.dom_exception_name() {
        None => Error::Type(error.message),
        Some(name) => Error::dom(name, error.message),
    }
}

/// A URL getter's steps: 1. if the URL is null (not set), return the empty string; 2. return it,
/// serialized.
fn url_string(url: &Option<url::Url>) -> String {
    url.as_ref().map(|u| u.as_str().to_owned()).unwrap_or_default()
}

impl Notification {
    /// A new Notification object (in the current realm) representing `notification`, which
    /// is already in the list of notifications: what getNotifications() and service worker
    /// notification events create.
    pub fn new_representing(
        cx: &mut Cx,
        notification: impl Into<Arc<notifications::Notification>>,
        id: NotificationId,
    ) -> Fallible<DomRoot<Notification>> {
        let notification = notification.into();
        let proto = bindings::interface::prototype_for(cx, <Notification as bindings::DomInterface>::ID)?;
        let object = Notification { event_target: EventTarget::new_inherited(), notification, id: Cell::new(Some(id)) };
        bindings::reflector::reflect_dom_object(cx, Box::new(object), proto.handle())
    }
}

impl Notification {
    /// The notification's id with the notification service, once it was shown (or for an
    /// object representing a shown one).
    pub fn id(&self) -> Option<NotificationId> {
        self.id.get()
    }
}

impl NotificationMethods for Notification {
    /// <https://notifications.spec.whatwg.org/#dom-notification-notification>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        title: String,
        options: NotificationOptions,
    ) -> Fallible<DomRoot<Notification>> {
        let global = GlobalRoot::current(cx)?;
        // 1-3. (In the core.) If this's relevant global object is a ServiceWorkerGlobalScope,
        //      throw a TypeError; if options["actions"] is not empty, throw a TypeError; let
        //      notification be the result of creating a notification with a settings object
        //      given title, options and this's relevant settings object. That algorithm's step 4,
        //      StructuredSerializeForStorage(options["data"]), runs here when it asks.
        let mut serialize_error = None;
        let created = global.notifications.client().construct(&title, &options, |data: &RootedValue| {
            match bindings::structured::serialize_for_storage(cx, data.handle()) {
                Ok(bytes) => Ok(SerializedData(bytes)),
                Err(error) => {
                    serialize_error = Some(error);
                    Err(NotificationError::new(ErrorKind::DataCloneError, "data could not be serialized"))
                }
            }
        });
        let notification = match (created, serialize_error) {
            (Ok(notification), _) => notification,
            (Err(_), Some(error)) => return Err(error),
            (Err(error), None) => return Err(dom_error(error)),
        };
        // 4. Associate this with notification.
        let notification = Arc::new(notification);
        let object = Notification { event_target: EventTarget::new_inherited(), notification, id: Cell::new(None) };
        let this = bindings::reflector::reflect_dom_object(cx, Box::new(object), proto)?;
        // 5. Run these steps in parallel: the permission check, then the notification show
        //    steps (the manager does both and reports show or error).
        let id = global.notifications.show(this.notification.clone(), &this);
        this.id.set(Some(id));
        Ok(this)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-permission>
    fn permission(cx: &mut Cx) -> Fallible<NotificationPermission> {
        // Return the result of getting the notifications permission state.
        Ok(GlobalRoot::current(cx)?.notifications.client().permission())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-requestpermission>
    fn request_permission(
        cx: &mut Cx,
        deprecated_callback: Option<NotificationPermissionCallback>,
    ) -> Fallible<Rc<Promise>> {
        // 1. Let global be the current global object.
        let global = GlobalRoot::current(cx)?;
        // 2. Let promise be a new promise in this's relevant Realm.
        let promise = Promise::new(cx)?;
        // 3. Run these steps in parallel: request permission to use "notifications", then
        //    queue a global task to call the callback and resolve the promise (see
        //    client::GlobalNotifications).
        global.notifications.request_permission(promise.clone(), deprecated_callback);
        // 4. Return promise.
        Ok(promise)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-maxactions>
    fn max_actions(cx: &mut Cx) -> Fallible<u32> {
        // Return the maximum number of actions supported.
        Ok(GlobalRoot::current(cx)?.notifications.client().max_actions() as u32)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-title>
    fn title(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.title.clone())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-dir>
    fn dir(&self, _cx: &mut Cx) -> Fallible<NotificationDirection> {
        Ok(self.notification.direction)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-lang>
    fn lang(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.language.clone())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-body>
    fn body(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.body.clone())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-navigate>
    fn navigate(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(url_string(&self.notification.navigation_url))
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-tag>
    fn tag(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.tag.clone())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-image>
    fn image(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(url_string(&self.notification.image_url))
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-icon>
    fn icon(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(url_string(&self.notification.icon_url))
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-badge>
    fn badge(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(url_string(&self.notification.badge_url))
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-timestamp>
    fn timestamp(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.notification.timestamp)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-renotify>
    fn renotify(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.notification.renotify_preference)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-silent>
    fn silent(&self, _cx: &mut Cx) -> Fallible<Option<bool>> {
        Ok(self.notification.silent_preference)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-requireinteraction>
    fn require_interaction(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.notification.require_interaction_preference)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-data>
    fn data(&self, cx: &mut Cx) -> Fallible<RootedValue> {
        // Return StructuredDeserialize(this's notification's data, this's relevant Realm). If
        // this throws an exception, then return null. ([SameObject]: the bindings cache it.)
        match bindings::structured::deserialize(cx, &self.notification.data.0) {
            Ok(value) => Ok(value),
            Err(_) => {
                bindings::error::take_pending_exception(cx);
                Ok(RootedValue::null())
            }
        }
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-actions>
    fn actions(&self, _cx: &mut Cx) -> Fallible<Vec<NotificationAction>> {
        // 1. Let frozenActions be an empty list of type NotificationAction.
        // 2. For each entry of this's notification's actions: a new NotificationAction (see
        //    notifications::NotificationAction::to_dictionary); the bindings freeze each.
        // 3. Return the result of creating a frozen array from frozenActions.
        Ok(self.notification.actions.iter().map(notifications::NotificationAction::to_dictionary).collect())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-close>
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        // Run the close steps for this's notification.
        if let Some(id) = self.id.get() {
            GlobalRoot::of(self)?.notifications.close(id);
        }
        Ok(())
    }
}
