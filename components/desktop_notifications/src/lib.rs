//! A small client for the freedesktop Desktop Notifications Specification
//! (<https://specifications.freedesktop.org/notification-spec/latest/>): the
//! `org.freedesktop.Notifications` service on the D-Bus session bus, which GNOME Shell, KDE
//! Plasma, dunst, mako and xfce4-notifyd implement. Blocking (zbus's blocking API), no engine
//! types: any embedder can use it.
//!
//! - [`Server::connect`] finds the server and asks `GetCapabilities` and `GetServerInformation`.
//! - [`Server::notify`] and [`Server::close`] are `Notify` and `CloseNotification`.
//! - [`Server::listen`] delivers the `ActionInvoked` and `NotificationClosed` signals.
//! - [`image`] decodes images into the `image-data` hint's raw RGBA form.

pub mod image;

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use zbus::blocking::{Connection, MessageIterator, Proxy};
use zbus::message::Type as MessageType;
use zbus::zvariant::{Structure, Value};
use zbus::MatchRule;

pub use crate::image::RgbaImage;

/// The well-known bus name, object path and interface of a notification server.
pub const SERVICE: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// Why talking to the notification server failed.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<zbus::Error> for Error {
    fn from(e: zbus::Error) -> Self {
        Error(e.to_string())
    }
}

/// `GetServerInformation`'s answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerInformation {
    pub name: String,
    pub vendor: String,
    pub version: String,
    pub spec_version: String,
}

/// The spec's urgency levels ("urgency" hint, a byte): 0 low, 1 normal, 2 critical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Low = 0,
    Normal = 1,
    Critical = 2,
}

/// One `Notify` call.
#[derive(Clone, Debug, Default)]
pub struct Notification {
    /// "The optional name of the application sending the notification."
    pub app_name: String,
    /// "The optional notification ID that this notification replaces. The server must
    /// atomically (ie with no flicker or other visual cues) replace the given notification
    /// with this one." 0 replaces nothing.
    pub replaces_id: u32,
    /// "The optional program icon of the calling application." Empty for none.
    pub app_icon: String,
    pub summary: String,
    /// Sent as it is: see [`escape_markup`] for servers with `body-markup`.
    pub body: String,
    /// (key, label) pairs; "default" is the key of the action invoked by clicking the
    /// notification itself.
    pub actions: Vec<(String, String)>,
    pub hints: Hints,
    /// Milliseconds; -1 leaves it to the server, 0 never expires.
    pub expire_timeout: i32,
}

/// The standard hints this client sends.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    pub urgency: Option<Urgency>,
    /// "image-data (iiibiiay): Raw data image format."
    pub image: Option<RgbaImage>,
    /// "This specifies the name of the desktop filename representing the calling program."
    pub desktop_entry: Option<String>,
    /// "Causes the server to suppress playing any sounds, if it has that ability."
    pub suppress_sound: bool,
    /// "When set the server will not automatically remove the notification when an action has
    /// been invoked."
    pub resident: bool,
}

impl Hints {
    fn to_dbus(&self) -> HashMap<&'static str, Value<'_>> {
        let mut hints = HashMap::new();
        if let Some(urgency) = self.urgency {
            hints.insert("urgency", Value::U8(urgency as u8));
        }
        if let Some(image) = &self.image {
            // "width, height, rowstride, has alpha, bits per sample, channels, image data"
            let rowstride = image.width as i32 * 4;
            let data: Structure =
                (image.width as i32, image.height as i32, rowstride, true, 8i32, 4i32, image.rgba.as_slice()).into();
            hints.insert("image-data", Value::Structure(data));
        }
        if let Some(entry) = &self.desktop_entry {
            hints.insert("desktop-entry", Value::from(entry.as_str()));
        }
        if self.suppress_sound {
            hints.insert("suppress-sound", Value::Bool(true));
        }
        if self.resident {
            hints.insert("resident", Value::Bool(true));
        }
        hints
    }
}

/// "The reason the notification was closed": the `NotificationClosed` signal's second argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseReason {
    /// 1: "The notification expired."
    Expired,
    /// 2: "The notification was dismissed by the user."
    Dismissed,
    /// 3: "The notification was closed by a call to CloseNotification."
    Closed,
    /// 4: "Undefined/reserved reasons."
    Other,
}

impl CloseReason {
    fn from_code(code: u32) -> CloseReason {
        match code {
            1 => CloseReason::Expired,
            2 => CloseReason::Dismissed,
            3 => CloseReason::Closed,
            _ => CloseReason::Other,
        }
    }
}

/// A signal from the server about one of its notifications (by the server's id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `ActionInvoked(id, action_key)`: "This signal is emitted when one of the following
    /// occurs: The user performs some global "invoking" action upon a notification. For
    /// instance, clicking somewhere on the notification itself. The user invokes a specific
    /// action as specified in the original Notify request."
    ActionInvoked { id: u32, action_key: String },
    /// `NotificationClosed(id, reason)`.
    Closed { id: u32, reason: CloseReason },
}

/// A connection to the session bus's notification server.
pub struct Server {
    connection: Connection,
    proxy: Proxy<'static>,
    capabilities: Vec<String>,
    information: ServerInformation,
}

impl Server {
    /// Connects to the session bus (`DBUS_SESSION_BUS_ADDRESS`) and asks the server for its
    /// capabilities and information. Fails when there is no session bus or nothing owns
    /// `org.freedesktop.Notifications` (and the bus cannot start it).
    pub fn connect() -> Result<Server, Error> {
        let connection = zbus::blocking::connection::Builder::session()
            .and_then(|b| b.method_timeout(Duration::from_secs(10)).build())
            .map_err(|e| Error(format!("no D-Bus session bus to find {SERVICE} on: {e}")))?;
        let proxy = Proxy::new(&connection, SERVICE, PATH, SERVICE)?;
        let unavailable = |e: zbus::Error| Error(format!("no desktop notification server ({SERVICE}) answers: {e}"));
        // "GetCapabilities: This message returns the optional capabilities implemented by the
        // server."
        let capabilities: Vec<String> = proxy.call("GetCapabilities", &()).map_err(unavailable)?;
        // "GetServerInformation: This message returns the information on the server."
        let (name, vendor, version, spec_version): (String, String, String, String) =
            proxy.call("GetServerInformation", &()).map_err(unavailable)?;
        let information = ServerInformation { name, vendor, version, spec_version };
        Ok(Server { connection, proxy, capabilities, information })
    }

    pub fn capabilities(&self) -> &[String] {
        &self.capabilities
    }

    /// Whether the server announced `capability` (`actions`, `body-markup`, `persistence`, …).
    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.iter().any(|c| c == capability)
    }

    pub fn information(&self) -> &ServerInformation {
        &self.information
    }

    /// `Notify`: shows (or replaces) a notification; returns the server's id for it. "If
    /// replaces_id is 0, the return value is a UINT32 that represent the notification. ... If
    /// replaces_id is not 0, the returned value is the same value as replaces_id."
    pub fn notify(&self, n: &Notification) -> Result<u32, Error> {
        let actions: Vec<&str> = n.actions.iter().flat_map(|(key, label)| [key.as_str(), label.as_str()]).collect();
        let body = (
            n.app_name.as_str(),
            n.replaces_id,
            n.app_icon.as_str(),
            n.summary.as_str(),
            n.body.as_str(),
            actions,
            n.hints.to_dbus(),
            n.expire_timeout,
        );
        Ok(self.proxy.call("Notify", &body)?)
    }

    /// `CloseNotification`: "Causes a notification to be forcefully closed and removed from
    /// the user's view. ... The NotificationClosed signal is emitted by this method. If the
    /// notification no longer exists, an empty D-BUS Error message is sent back."
    pub fn close(&self, id: u32) -> Result<(), Error> {
        self.proxy.call::<_, _, ()>("CloseNotification", &(id,))?;
        Ok(())
    }

    /// Subscribes to the server's signals now (so none is missed from here on) and delivers
    /// them to `on_event` on a thread of their own, until the connection ends.
    pub fn listen(&self, mut on_event: impl FnMut(Event) + Send + 'static) -> Result<(), Error> {
        let rule = MatchRule::builder().msg_type(MessageType::Signal).interface(SERVICE)?.path(PATH)?.build();
        let messages = MessageIterator::for_match_rule(rule, &self.connection, None)?;
        std::thread::Builder::new()
            .name("desktop-notifications-signals".into())
            .spawn(move || {
                for message in messages {
                    let Ok(message) = message else { continue };
                    let header = message.header();
                    let event = match header.member().map(|m| m.as_str()) {
                        Some("ActionInvoked") => message
                            .body()
                            .deserialize::<(u32, String)>()
                            .ok()
                            .map(|(id, action_key)| Event::ActionInvoked { id, action_key }),
                        Some("NotificationClosed") => message
                            .body()
                            .deserialize::<(u32, u32)>()
                            .ok()
                            .map(|(id, reason)| Event::Closed { id, reason: CloseReason::from_code(reason) }),
                        _ => None,
                    };
                    if let Some(event) = event {
                        on_event(event);
                    }
                }
            })
            .map_err(|e| Error(format!("cannot start the signal thread: {e}")))?;
        Ok(())
    }
}

/// Escapes text for a server with `body-markup`: "Body text may contain markup. The markup is
/// XML-based, and consists of a small subset of HTML", so a plain-text body's `&`, `<` and `>`
/// must be written as entities to show as themselves.
pub fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape_markup("a < b & <b>c</b>"), "a &lt; b &amp; &lt;b&gt;c&lt;/b&gt;");
    }

    #[test]
    fn hints_carry_the_image_as_iiibiiay() {
        let hints = Hints {
            urgency: Some(Urgency::Critical),
            image: Some(RgbaImage { width: 2, height: 1, rgba: vec![1; 8] }),
            resident: true,
            ..Hints::default()
        };
        let dbus = hints.to_dbus();
        assert_eq!(dbus["urgency"], Value::U8(2));
        assert_eq!(dbus["resident"], Value::Bool(true));
        let Value::Structure(image) = &dbus["image-data"] else { panic!("image-data is not a structure") };
        assert_eq!(image.signature().to_string(), "(iiibiiay)");
        assert_eq!(image.fields()[2], Value::I32(8));
        assert!(!dbus.contains_key("suppress-sound"));
    }
}
