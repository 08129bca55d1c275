//! The notification concept.
//!
//! <https://notifications.spec.whatwg.org/#notifications>

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::options::NotificationActionOptions;
use crate::origin::Origin;

/// An `EpochTimeStamp`: milliseconds since the Unix epoch.
/// <https://w3c.github.io/hr-time/#dom-epochtimestamp>
pub type EpochTimeStamp = u64;

/// A notification's direction: the `NotificationDirection` enumeration (`webidl/bindings.conf`
/// maps it here, so variants are the IDL values in UpperCamelCase).
/// <https://notifications.spec.whatwg.org/#concept-direction>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Auto,
    Ltr,
    Rtl,
}

impl Direction {
    /// The IDL enumeration value.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Auto => "auto",
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl FromStr for Direction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Direction::Auto),
            "ltr" => Ok(Direction::Ltr),
            "rtl" => Ok(Direction::Rtl),
            other => Err(format!("'{other}' is not a valid value for enumeration NotificationDirection")),
        }
    }
}

/// The name of a service worker registration (its scope URL, as the host serializes it).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RegistrationId(pub String);

/// A notification's data: the bytes of `StructuredSerializeForStorage(options["data"])`, as
/// the script side produced them. The core never looks inside. (Base64 in JSON.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SerializedData(#[serde(with = "crate::serde_forms::bytes")] pub Vec<u8>);

/// A decoded image resource: bytes whose format was recognized as an image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// The final URL the resource came from.
    pub url: Url,
    /// The image MIME type the bytes were recognized as (e.g. `image/png`).
    pub mime_type: String,
    /// The image (base64 in JSON).
    #[serde(with = "crate::serde_forms::bytes")]
    pub bytes: Vec<u8>,
}

/// A notification action. Serialized with the member names of the `NotificationAction`
/// dictionary the `actions` getter returns.
/// <https://notifications.spec.whatwg.org/#action>
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationAction {
    #[serde(rename = "action")]
    pub name: String,
    pub title: String,
    #[serde(rename = "navigate")]
    pub navigation_url: Option<Url>,
    #[serde(rename = "icon")]
    pub icon_url: Option<Url>,
    /// Boxed, as on [`Notification`]: rarely set.
    pub icon_resource: Option<Box<Resource>>,
}

impl NotificationAction {
    /// The action as the `actions` getter presents it, steps 2.1-2.5.
    /// <https://notifications.spec.whatwg.org/#dom-notification-actions>
    pub fn to_dictionary(&self) -> NotificationActionOptions {
        NotificationActionOptions {
            // 2.1. Let action be a new NotificationAction.
            // 2.2. Set action["action"] to entry's name.
            action: self.name.clone(),
            // 2.3. Set action["title"] to entry's title.
            title: self.title.clone(),
            // 2.4. If entry's navigation URL is non-null, then set action["navigate"] to
            //      entry's navigation URL, serialized.
            navigate: self.navigation_url.as_ref().map(|url| url.as_str().to_owned()),
            // 2.5. If entry's icon URL is non-null, then set action["icon"] to entry's icon
            //      URL, serialized.
            icon: self.icon_url.as_ref().map(|url| url.as_str().to_owned()),
        }
    }
}

/// A notification. Serialized with the names of the `Notification` interface's attributes
/// where it has one (`dir`, `lang`, `navigate`, `image`, `renotify`, …), so embedders can
/// hand it to JSON consumers as it is.
/// <https://notifications.spec.whatwg.org/#concept-notification>
///
/// The vibration pattern is absent: whatwg/notifications#241 removed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// Null for a non-persistent notification.
    pub service_worker_registration: Option<RegistrationId>,
    pub title: String,
    #[serde(rename = "dir")]
    pub direction: Direction,
    #[serde(rename = "lang")]
    pub language: String,
    pub body: String,
    #[serde(rename = "navigate")]
    pub navigation_url: Option<Url>,
    pub tag: String,
    pub data: SerializedData,
    pub timestamp: EpochTimeStamp,
    pub origin: Origin,
    #[serde(rename = "renotify")]
    pub renotify_preference: bool,
    /// Null (`None`) leaves sounds to platform conventions.
    #[serde(rename = "silent")]
    pub silent_preference: Option<bool>,
    #[serde(rename = "requireInteraction")]
    pub require_interaction_preference: bool,
    #[serde(rename = "image")]
    pub image_url: Option<Url>,
    #[serde(rename = "icon")]
    pub icon_url: Option<Url>,
    #[serde(rename = "badge")]
    pub badge_url: Option<Url>,
    /// The resources are boxed: only the manager sets them, after fetching, and most
    /// notifications have none, so inline they would triple the size of every notification.
    pub image_resource: Option<Box<Resource>>,
    pub icon_resource: Option<Box<Resource>>,
    pub badge_resource: Option<Box<Resource>>,
    pub actions: Vec<NotificationAction>,
}

impl Notification {
    /// <https://notifications.spec.whatwg.org/#persistent-notification>
    pub fn is_persistent(&self) -> bool {
        self.service_worker_registration.is_some()
    }

    /// Forgets every resource (image, icon, badge, action icons): what content put in a show
    /// request is not trusted, only what the manager fetches and checks itself.
    pub(crate) fn clear_resources(&mut self) {
        self.image_resource = None;
        self.icon_resource = None;
        self.badge_resource = None;
        for action in &mut self.actions {
            action.icon_resource = None;
        }
    }

    /// Drops navigation URLs the scheme policy refuses ([`crate::scheme_policy`]); says which.
    pub(crate) fn drop_refused_navigation(&mut self) -> Vec<Url> {
        let mut refused = Vec::new();
        let urls =
            std::iter::once(&mut self.navigation_url).chain(self.actions.iter_mut().map(|a| &mut a.navigation_url));
        for url in urls {
            if url.as_ref().is_some_and(|u| !crate::scheme_policy::navigation_allowed(u)) {
                refused.extend(url.take());
            }
        }
        refused
    }

    /// Every resource URL the fetch steps would fetch, with the slot it fills.
    pub(crate) fn resource_slots(&self) -> Vec<(ResourceSlot, Url)> {
        let mut slots = Vec::new();
        if let Some(url) = &self.image_url {
            slots.push((ResourceSlot::Image, url.clone()));
        }
        if let Some(url) = &self.icon_url {
            slots.push((ResourceSlot::Icon, url.clone()));
        }
        if let Some(url) = &self.badge_url {
            slots.push((ResourceSlot::Badge, url.clone()));
        }
        for (index, action) in self.actions.iter().enumerate() {
            if let Some(url) = &action.icon_url {
                slots.push((ResourceSlot::ActionIcon(index), url.clone()));
            }
        }
        slots
    }

    pub(crate) fn set_resource(&mut self, slot: ResourceSlot, resource: Resource) {
        let resource = Some(Box::new(resource));
        match slot {
            ResourceSlot::Image => self.image_resource = resource,
            ResourceSlot::Icon => self.icon_resource = resource,
            ResourceSlot::Badge => self.badge_resource = resource,
            ResourceSlot::ActionIcon(index) => {
                if let Some(action) = self.actions.get_mut(index) {
                    action.icon_resource = resource;
                }
            }
        }
    }
}

/// Which resource of a notification a fetch fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResourceSlot {
    Image,
    Icon,
    Badge,
    ActionIcon(usize),
}

/// A notification's identity in the manager: the client that showed it and that client's
/// sequence number. Stable for the notification's life; embedders key their UI by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NotificationId {
    pub client: u64,
    pub seq: u64,
}

impl fmt::Display for NotificationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.client, self.seq)
    }
}

impl FromStr for NotificationId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (client, seq) =
            s.split_once('-').ok_or_else(|| format!("{s:?} is not a notification id (expected CLIENT-SEQ)"))?;
        let parse = |part: &str| {
            part.parse::<u64>().map_err(|_| format!("{s:?} is not a notification id (expected CLIENT-SEQ)"))
        };
        Ok(NotificationId { client: parse(client)?, seq: parse(seq)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_parses_only_the_enumeration_values() {
        assert_eq!("rtl".parse::<Direction>().unwrap(), Direction::Rtl);
        assert_eq!(Direction::Ltr.as_str(), "ltr");
        let err = "RTL".parse::<Direction>().unwrap_err();
        assert!(err.contains("NotificationDirection"), "{err}");
    }

    #[test]
    fn json_uses_the_idl_names() {
        let facts = crate::ContextFacts::top_level_window(crate::ContextId(1), &Url::parse("https://a.test/").unwrap());
        let options = crate::NotificationOptions {
            dir: Direction::Rtl,
            navigate: Some("/go".into()),
            require_interaction: true,
            ..Default::default()
        };
        let notification = crate::create_notification_with_settings(
            "T",
            &options,
            |_| Ok(SerializedData(vec![1, 2])),
            &facts,
            std::time::SystemTime::UNIX_EPOCH,
            2,
        )
        .unwrap();
        let json = serde_json::to_value(&notification).unwrap();
        assert_eq!(json["dir"], "rtl");
        assert_eq!(json["navigate"], "https://a.test/go");
        assert_eq!(json["requireInteraction"], true);
        assert_eq!(json["origin"], "https://a.test");
        assert_eq!(json["data"], "AQI=");
        assert_eq!(serde_json::from_value::<Notification>(json).unwrap(), notification);
        let opaque = Origin::new_opaque();
        let round_trip: Origin = serde_json::from_str(&serde_json::to_string(&opaque).unwrap()).unwrap();
        assert!(round_trip.is_opaque() && round_trip != opaque, "JSON cannot name an opaque origin");
    }

    #[test]
    fn notification_id_round_trips_through_its_display_form() {
        let id = NotificationId { client: 12, seq: 7 };
        assert_eq!(id.to_string(), "12-7");
        assert_eq!("12-7".parse::<NotificationId>().unwrap(), id);
        assert!("12".parse::<NotificationId>().is_err());
        assert!("a-1".parse::<NotificationId>().is_err());
    }
}
