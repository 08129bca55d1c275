//! "Create a notification" and the synchronous parts of the two ways to show one.

use std::time::SystemTime;

use url::Url;

use crate::context::{ContextFacts, GlobalKind};
use crate::error::NotificationError;
use crate::notification::{EpochTimeStamp, Notification, NotificationAction, RegistrationId, SerializedData};
use crate::options::NotificationOptionsWithData;
use crate::origin::Origin;

/// The maximum number of actions used when the embedder does not choose one: the value
/// Chromium and Firefox use.
pub const DEFAULT_MAX_ACTIONS: usize = 2;

/// Parses `input` against `base` with the URL parser; failure is `None`.
fn parse_url(input: &Option<String>, base: &Url) -> Option<Url> {
    input.as_deref().and_then(|s| base.join(s).ok())
}

/// Milliseconds from the Unix epoch to `time`, rounded to the nearest integer.
pub fn epoch_milliseconds(time: SystemTime) -> EpochTimeStamp {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => (d.as_secs_f64() * 1000.0).round() as EpochTimeStamp,
        Err(_) => 0,
    }
}

/// <https://notifications.spec.whatwg.org/#create-a-notification>
///
/// `serialize_data` performs `StructuredSerializeForStorage(options["data"])`; it is called
/// at step 4 so that its exception (a "DataCloneError") comes after the TypeErrors of the
/// earlier steps, in the order the standard gives. Steps 2 and 15 concern the vibration
/// pattern, which this implementation leaves out (whatwg/notifications#241).
#[allow(clippy::too_many_arguments)]
pub fn create_notification<D>(
    title: &str,
    options: &NotificationOptionsWithData<D>,
    serialize_data: impl FnOnce(&D) -> Result<SerializedData, NotificationError>,
    origin: &Origin,
    base_url: &Url,
    fallback_timestamp: EpochTimeStamp,
    max_actions: usize,
) -> Result<Notification, NotificationError> {
    // 1. Let notification be a new notification.
    // 2. If options["silent"] is true and options["vibrate"] exists, then throw a TypeError.
    //    (Removed with the vibration pattern by whatwg/notifications#241.)
    // 3. If options["renotify"] is true and options["tag"] is the empty string, then throw a
    //    TypeError.
    if options.renotify && options.tag.is_empty() {
        return Err(NotificationError::type_error("Notification options: renotify requires a non-empty tag"));
    }
    // 4. Set notification's data to StructuredSerializeForStorage(options["data"]).
    let data = serialize_data(&options.data)?;
    // 20. Set notification's actions to « ».
    // 21. For each entry in options["actions"], up to the maximum number of actions supported
    //     (skip any excess entries):
    let actions = options
        .actions
        .iter()
        .take(max_actions)
        .map(|entry| NotificationAction {
            // 1. Let action be a new notification action.
            // 2. Set action's name to entry["action"].
            name: entry.action.clone(),
            // 3. Set action's title to entry["title"].
            title: entry.title.clone(),
            // 4. If entry["navigate"] exists, then parse it using baseURL, and if that does
            //    not return failure, set action's navigation URL to the return value.
            navigation_url: parse_url(&entry.navigate, base_url),
            // 5. If entry["icon"] exists, then parse it using baseURL, and if that does not
            //    return failure, set action's icon URL to the return value.
            icon_url: parse_url(&entry.icon, base_url),
            icon_resource: None,
        })
        // 6. Append action to notification's actions.
        .collect();
    Ok(Notification {
        service_worker_registration: None,
        // 5. Set notification's title to title.
        title: title.to_owned(),
        // 6. Set notification's direction to options["dir"].
        direction: options.dir,
        // 7. Set notification's language to options["lang"].
        language: options.lang.clone(),
        // 8. Set notification's origin to origin.
        origin: origin.clone(),
        // 9. Set notification's body to options["body"].
        body: options.body.clone(),
        // 10. If options["navigate"] exists, then parse it using baseURL, and if that does not
        //     return failure, set notification's navigation URL to the return value.
        navigation_url: parse_url(&options.navigate, base_url),
        // 11. Set notification's tag to options["tag"].
        tag: options.tag.clone(),
        data,
        // 12. If options["image"] exists, then parse it using baseURL, and if that does not
        //     return failure, set notification's image URL to the return value.
        image_url: parse_url(&options.image, base_url),
        // 13. The same for options["icon"] and notification's icon URL.
        icon_url: parse_url(&options.icon, base_url),
        // 14. The same for options["badge"] and notification's badge URL.
        badge_url: parse_url(&options.badge, base_url),
        // 15. (Vibration pattern: removed by whatwg/notifications#241.)
        // 16. If options["timestamp"] exists, then set notification's timestamp to the value.
        //     Otherwise, set notification's timestamp to fallbackTimestamp.
        timestamp: options.timestamp.unwrap_or(fallback_timestamp),
        // 17. Set notification's renotify preference to options["renotify"].
        renotify_preference: options.renotify,
        // 18. Set notification's silent preference to options["silent"].
        silent_preference: options.silent,
        // 19. Set notification's require interaction preference to
        //     options["requireInteraction"].
        require_interaction_preference: options.require_interaction,
        image_resource: None,
        icon_resource: None,
        badge_resource: None,
        actions,
    })
    // 22. Return notification.
}

/// <https://notifications.spec.whatwg.org/#create-a-notification-with-a-settings-object>
pub fn create_notification_with_settings<D>(
    title: &str,
    options: &NotificationOptionsWithData<D>,
    serialize_data: impl FnOnce(&D) -> Result<SerializedData, NotificationError>,
    settings: &ContextFacts,
    current_wall_time: SystemTime,
    max_actions: usize,
) -> Result<Notification, NotificationError> {
    // 1. Let origin be settings's origin.
    let origin = &settings.origin;
    // 2. Let baseURL be settings's API base URL.
    let base_url = &settings.api_base_url;
    // 3. Let fallbackTimestamp be the number of milliseconds from the Unix epoch to settings's
    //    current wall time, rounded to the nearest integer.
    let fallback_timestamp = epoch_milliseconds(current_wall_time);
    // 4. Return the result of creating a notification given title, options, origin, baseURL,
    //    and fallbackTimestamp.
    create_notification(title, options, serialize_data, origin, base_url, fallback_timestamp, max_actions)
}

/// Steps 1–3 of the `new Notification(title, options)` constructor: what happens before the
/// notification is associated with its object and shown in parallel.
/// <https://notifications.spec.whatwg.org/#dom-notification-notification>
pub fn notification_constructor_steps<D>(
    title: &str,
    options: &NotificationOptionsWithData<D>,
    serialize_data: impl FnOnce(&D) -> Result<SerializedData, NotificationError>,
    settings: &ContextFacts,
    current_wall_time: SystemTime,
    max_actions: usize,
) -> Result<Notification, NotificationError> {
    // 1. If this's relevant global object is a ServiceWorkerGlobalScope object, then throw a
    //    TypeError.
    if let GlobalKind::ServiceWorker(_) = settings.global {
        return Err(NotificationError::type_error(
            "Notification constructor: cannot be used in a service worker; use \
             registration.showNotification() instead",
        ));
    }
    // 2. If options["actions"] is not empty, then throw a TypeError.
    if !options.actions.is_empty() {
        return Err(NotificationError::type_error(
            "Notification constructor: actions are only supported for persistent notifications \
             (registration.showNotification())",
        ));
    }
    // 3. Let notification be the result of creating a notification with a settings object
    //    given title, options, and this's relevant settings object.
    create_notification_with_settings(title, options, serialize_data, settings, current_wall_time, max_actions)
}

/// Steps 3–5 of `ServiceWorkerRegistration.showNotification(title, options)`: the
/// synchronous part, whose errors reject the returned promise.
/// <https://notifications.spec.whatwg.org/#dom-serviceworkerregistration-shownotification>
#[allow(clippy::too_many_arguments)]
pub fn show_notification_steps<D>(
    title: &str,
    options: &NotificationOptionsWithData<D>,
    serialize_data: impl FnOnce(&D) -> Result<SerializedData, NotificationError>,
    settings: &ContextFacts,
    registration: &RegistrationId,
    has_active_worker: bool,
    current_wall_time: SystemTime,
    max_actions: usize,
) -> Result<Notification, NotificationError> {
    // 3. If this's active worker is null, then reject promise with a TypeError and return
    //    promise.
    if !has_active_worker {
        return Err(NotificationError::type_error(
            "showNotification: the service worker registration has no active worker",
        ));
    }
    // 4. Let notification be the result of creating a notification with a settings object
    //    given title, options, and this's relevant settings object. If this threw an
    //    exception, then reject promise with that exception and return promise.
    let mut notification =
        create_notification_with_settings(title, options, serialize_data, settings, current_wall_time, max_actions)?;
    // 5. Set notification's service worker registration to this.
    notification.service_worker_registration = Some(registration.clone());
    Ok(notification)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::context::ContextId;
    use crate::error::ErrorKind;
    use crate::notification::Direction;
    use crate::options::{NotificationActionOptions, NotificationOptions};

    fn settings() -> ContextFacts {
        ContextFacts::top_level_window(ContextId(1), &Url::parse("https://a.test/dir/page.html").unwrap())
    }

    fn no_data(_: &()) -> Result<SerializedData, NotificationError> {
        Ok(SerializedData::default())
    }

    fn at(ms: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_micros(ms * 1000 + 600)
    }

    fn create(options: &NotificationOptions) -> Result<Notification, NotificationError> {
        create_notification_with_settings("T", options, no_data, &settings(), at(1000), DEFAULT_MAX_ACTIONS)
    }

    #[test]
    fn every_option_reaches_the_notification() {
        let options = NotificationOptions {
            dir: Direction::Rtl,
            lang: "nl".into(),
            body: "B".into(),
            navigate: Some("next".into()),
            tag: "t".into(),
            image: Some("img.png".into()),
            icon: Some("/icon.png".into()),
            badge: Some("https://cdn.test/badge.png".into()),
            timestamp: Some(42),
            renotify: true,
            silent: Some(false),
            require_interaction: true,
            data: (),
            actions: vec![],
        };
        let n = create(&options).unwrap();
        assert_eq!(n.title, "T");
        assert_eq!(n.direction, Direction::Rtl);
        assert_eq!(n.language, "nl");
        assert_eq!(n.body, "B");
        assert_eq!(n.navigation_url.as_ref().unwrap().as_str(), "https://a.test/dir/next");
        assert_eq!(n.tag, "t");
        assert_eq!(n.image_url.as_ref().unwrap().as_str(), "https://a.test/dir/img.png");
        assert_eq!(n.icon_url.as_ref().unwrap().as_str(), "https://a.test/icon.png");
        assert_eq!(n.badge_url.as_ref().unwrap().as_str(), "https://cdn.test/badge.png");
        assert_eq!(n.timestamp, 42);
        assert!(n.renotify_preference);
        assert_eq!(n.silent_preference, Some(false));
        assert!(n.require_interaction_preference);
        assert_eq!(n.origin, settings().origin);
        assert!(!n.is_persistent());
    }

    #[test]
    fn defaults_leave_urls_unset_silent_null_and_timestamp_rounded_wall_time() {
        let n = create(&NotificationOptions::default()).unwrap();
        assert_eq!(n.direction, Direction::Auto);
        assert!(n.navigation_url.is_none() && n.image_url.is_none());
        assert!(n.icon_url.is_none() && n.badge_url.is_none());
        assert_eq!(n.silent_preference, None);
        // 1000.6 ms rounds to 1001.
        assert_eq!(n.timestamp, 1001);
    }

    #[test]
    fn unparsable_urls_leave_the_url_unset() {
        let options = NotificationOptions {
            icon: Some("https://exa mple.com/".into()),
            navigate: Some("http://[bad".into()),
            ..Default::default()
        };
        let n = create(&options).unwrap();
        assert!(n.icon_url.is_none());
        assert!(n.navigation_url.is_none());
    }

    #[test]
    fn renotify_without_tag_is_a_type_error_before_data_is_serialized() {
        let options = NotificationOptions { renotify: true, ..Default::default() };
        let mut serialized = false;
        let err = create_notification_with_settings(
            "T",
            &options,
            |data| {
                serialized = true;
                no_data(data)
            },
            &settings(),
            at(0),
            2,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::TypeError);
        assert!(!serialized, "data must not be serialized when step 3 throws");
    }

    #[test]
    fn data_clone_errors_propagate() {
        let err = create_notification_with_settings(
            "T",
            &NotificationOptions::default(),
            |_| Err(NotificationError::new(ErrorKind::DataCloneError, "function")),
            &settings(),
            at(0),
            2,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::DataCloneError);
    }

    #[test]
    fn silent_true_is_accepted_now_that_vibrate_is_gone() {
        let options = NotificationOptions { silent: Some(true), ..Default::default() };
        assert_eq!(create(&options).unwrap().silent_preference, Some(true));
    }

    fn action(name: &str) -> NotificationActionOptions {
        NotificationActionOptions {
            action: name.into(),
            title: name.to_uppercase(),
            navigate: Some(format!("/{name}")),
            icon: Some("::bad::".into()),
        }
    }

    #[test]
    fn actions_are_capped_at_the_maximum_and_parsed() {
        let options =
            NotificationOptions { actions: vec![action("a"), action("b"), action("c")], ..Default::default() };
        let registration = RegistrationId("https://a.test/".into());
        let n = show_notification_steps("T", &options, no_data, &settings(), &registration, true, at(0), 2).unwrap();
        assert_eq!(n.actions.len(), 2);
        assert_eq!(n.actions[1].name, "b");
        assert_eq!(n.actions[1].title, "B");
        assert_eq!(n.actions[1].navigation_url.as_ref().unwrap().as_str(), "https://a.test/b");
        // "::bad::" is a valid relative URL path, so it resolves against the base.
        assert_eq!(n.actions[0].icon_url.as_ref().unwrap().as_str(), "https://a.test/dir/::bad::");
        assert_eq!(n.service_worker_registration, Some(registration));
        let none =
            show_notification_steps("T", &options, no_data, &settings(), &RegistrationId("r".into()), true, at(0), 0)
                .unwrap();
        assert!(none.actions.is_empty());
    }

    #[test]
    fn show_notification_without_active_worker_is_a_type_error() {
        let err = show_notification_steps(
            "T",
            &NotificationOptions::default(),
            no_data,
            &settings(),
            &RegistrationId("r".into()),
            false,
            at(0),
            2,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::TypeError);
    }

    #[test]
    fn constructor_rejects_actions_and_service_worker_globals() {
        let with_actions = NotificationOptions { actions: vec![action("a")], ..Default::default() };
        let err = notification_constructor_steps("T", &with_actions, no_data, &settings(), at(0), 2).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TypeError);

        let sw = ContextFacts::service_worker(
            ContextId(9),
            RegistrationId("https://a.test/".into()),
            &Url::parse("https://a.test/sw.js").unwrap(),
        );
        let err =
            notification_constructor_steps("T", &NotificationOptions::default(), no_data, &sw, at(0), 2).unwrap_err();
        assert_eq!(err.kind, ErrorKind::TypeError);
        assert!(notification_constructor_steps("T", &NotificationOptions::default(), no_data, &settings(), at(0), 2)
            .is_ok());
    }
}
