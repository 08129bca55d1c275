//! The `Notification` interface, on top of the notifications core.
//! <https://notifications.spec.whatwg.org/#api>

use std::cell::Cell;
use std::rc::Rc;

use bindings::{Cx, DomRoot, Error, Fallible, HandleObject, MutableHandleValue, Promise, Trace, Tracer};
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
    /// The notification this object represents.
    notification: notifications::Notification,
    /// Its id once shown (the constructor's in-parallel steps started).
    id: Cell<Option<NotificationId>>,
}

impl Trace for Notification {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
    }
}

/// The core's permission as the IDL enumeration.
pub fn idl_permission(permission: notifications::NotificationPermission) -> NotificationPermission {
    match permission {
        notifications::NotificationPermission::Default => NotificationPermission::Default,
        notifications::NotificationPermission::Denied => NotificationPermission::Denied,
        notifications::NotificationPermission::Granted => NotificationPermission::Granted,
    }
}

fn core_direction(dir: NotificationDirection) -> notifications::Direction {
    match dir {
        NotificationDirection::Auto => notifications::Direction::Auto,
        NotificationDirection::Ltr => notifications::Direction::Ltr,
        NotificationDirection::Rtl => notifications::Direction::Rtl,
    }
}

fn idl_direction(dir: notifications::Direction) -> NotificationDirection {
    match dir {
        notifications::Direction::Auto => NotificationDirection::Auto,
        notifications::Direction::Ltr => NotificationDirection::Ltr,
        notifications::Direction::Rtl => NotificationDirection::Rtl,
    }
}

/// The converted dictionary, minus `data` (serialized separately, at its step).
fn core_options(options: &NotificationOptions) -> notifications::NotificationOptions {
    notifications::NotificationOptions {
        dir: core_direction(options.dir),
        lang: options.lang.clone(),
        body: options.body.clone(),
        navigate: options.navigate.clone(),
        tag: options.tag.clone(),
        image: options.image.clone(),
        icon: options.icon.clone(),
        badge: options.badge.clone(),
        timestamp: options.timestamp,
        renotify: options.renotify,
        silent: options.silent,
        require_interaction: options.require_interaction,
        actions: options
            .actions
            .iter()
            .map(|a| notifications::NotificationActionOptions {
                action: a.action.clone(),
                title: a.title.clone(),
                navigate: a.navigate.clone(),
                icon: a.icon.clone(),
            })
            .collect(),
    }
}

/// A core error as the exception the bindings throw.
pub fn dom_error(error: NotificationError) -> Error {
    match error.kind.dom_exception_name() {
        None => Error::Type(error.message),
        Some(name) => Error::dom(name, error.message),
    }
}

fn url_string(url: &Option<url::Url>) -> String {
    url.as_ref().map(|u| u.as_str().to_owned()).unwrap_or_default()
}

impl Notification {
    /// A new Notification object (in the current realm) representing `notification`, which
    /// is already in the list of notifications: what getNotifications() and service worker
    /// notification events create.
    pub fn new_representing(
        cx: &mut Cx,
        notification: notifications::Notification,
        id: NotificationId,
    ) -> Fallible<DomRoot<Notification>> {
        let proto = bindings::interface::prototype_for(cx, <Notification as bindings::DomInterface>::ID)?;
        let object = Notification { event_target: EventTarget::new_inherited(), notification, id: Cell::new(Some(id)) };
        bindings::reflector::reflect_dom_object(cx, Box::new(object), proto.handle())
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
        // Steps 1-3 run in the core: the ServiceWorkerGlobalScope and actions checks, then
        // "create a notification with a settings object" with this's relevant settings object.
        // Its step 4, StructuredSerializeForStorage(options["data"]), runs here when asked.
        let mut serialize_error = None;
        let created = global.client().construct(&title, &core_options(&options), || {
            match bindings::structured::serialize_for_storage(cx, options.data.handle()) {
                Ok(bytes) => Ok(SerializedData(bytes)),
                Err(error) => {
                    serialize_error = Some(error);
                    Err(NotificationError::new(ErrorKind::DataCloneError, "data could not be serialized"))
                }
            }
        });
        let notification = match created {
            Ok(notification) => notification,
            Err(_) if serialize_error.is_some() => return Err(serialize_error.expect("checked")),
            Err(error) => return Err(dom_error(error)),
        };
        // 4. Associate this with notification.
        let object = Notification { event_target: EventTarget::new_inherited(), notification, id: Cell::new(None) };
        let this = bindings::reflector::reflect_dom_object(cx, Box::new(object), proto)?;
        // 5. Run these steps in parallel: the permission check, then the notification show
        //    steps (the manager does both and reports show or error).
        let id = global.show_notification(this.notification.clone(), &this);
        this.id.set(Some(id));
        Ok(this)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-permission>
    fn permission(cx: &mut Cx) -> Fallible<NotificationPermission> {
        // The result of getting the notifications permission state.
        Ok(idl_permission(GlobalRoot::current(cx)?.client().permission()))
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
        //    GlobalScope::handle_client_event).
        global.request_permission(promise.clone(), deprecated_callback);
        // 4. Return promise.
        Ok(promise)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-maxactions>
    fn max_actions(cx: &mut Cx) -> Fallible<u32> {
        Ok(GlobalRoot::current(cx)?.client().max_actions() as u32)
    }

    fn title(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.title.clone())
    }

    fn dir(&self, _cx: &mut Cx) -> Fallible<NotificationDirection> {
        Ok(idl_direction(self.notification.direction))
    }

    fn lang(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.language.clone())
    }

    fn body(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.notification.body.clone())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-navigate>
    fn navigate(&self, _cx: &mut Cx) -> Fallible<String> {
        // 1. If the navigation URL is null, return the empty string. 2. Return it serialized.
        Ok(url_string(&self.notification.navigation_url))
    }

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

    fn timestamp(&self, _cx: &mut Cx) -> Fallible<u64> {
        Ok(self.notification.timestamp)
    }

    fn renotify(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.notification.renotify_preference)
    }

    fn silent(&self, _cx: &mut Cx) -> Fallible<Option<bool>> {
        Ok(self.notification.silent_preference)
    }

    fn require_interaction(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.notification.require_interaction_preference)
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-data>
    fn data(&self, cx: &mut Cx, mut rval: MutableHandleValue) -> Fallible<()> {
        // Return StructuredDeserialize(this's notification's data, this's relevant Realm). If
        // this throws an exception, then return null. ([SameObject]: the bindings cache it.)
        match bindings::structured::deserialize(cx, &self.notification.data.0) {
            Ok(value) => rval.set(value.get()),
            Err(_) => {
                bindings::error::take_pending_exception(cx);
                rval.set(bindings::NullValue());
            }
        }
        Ok(())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-actions>
    fn actions(&self, _cx: &mut Cx) -> Fallible<Vec<NotificationAction>> {
        // 1. Let frozenActions be an empty list of type NotificationAction.
        // 2. For each entry of this's notification's actions: a new NotificationAction with
        //    action, title, navigate and icon (URLs serialized, when non-null).
        // 3. The bindings freeze each action and create a frozen array from frozenActions.
        Ok(self
            .notification
            .actions
            .iter()
            .map(|entry| NotificationAction {
                action: entry.name.clone(),
                title: entry.title.clone(),
                navigate: entry.navigation_url.as_ref().map(|u| u.as_str().to_owned()),
                icon: entry.icon_url.as_ref().map(|u| u.as_str().to_owned()),
            })
            .collect())
    }

    /// <https://notifications.spec.whatwg.org/#dom-notification-close>
    fn close(&self, _cx: &mut Cx) -> Fallible<()> {
        // Run the close steps for this's notification.
        if let Some(id) = self.id.get() {
            GlobalRoot::of(self)?.close_notification(id);
        }
        Ok(())
    }
}
