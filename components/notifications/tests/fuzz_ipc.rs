//! Fuzz targets: what a content process can send the manager over ipc-channel.
//!
//! - `fuzz_ipc_decoding`: random bytes and mutated encodings of real messages (bit flips,
//!   truncation, spliced huge lengths) through ipc-channel's own decode step
//!   (`IpcMessage::to`, postcard) as every message type of the protocol (requests and events
//!   travel in batches: `Vec<ClientRequest>`, `Vec<ClientEvent>`). Nothing panics or takes
//!   long, and an intact encoding decodes.
//! - `fuzz_ipc_hostile_client`: a content process of `https://evil.test` bound over real IPC
//!   channels sends random bytes, batches longer than `MAX_REQUESTS_PER_MESSAGE`, and batches of
//!   structurally valid but hostile requests (huge strings,
//!   forged ids of another origin's notifications, notifications claiming another origin or
//!   registration, content-supplied image bytes, any number of actions, edge sequence numbers)
//!   while `https://victim.test` uses the same service. The manager keeps answering both (every
//!   64 messages both clients' permission queries are answered in bounded time), the embedder
//!   never shows anything of the hostile client's under another origin or with resources it
//!   did not fetch, never closes the victim's notification, the hostile client never sees the
//!   victim's notifications, and the victim's notifications stay listed and closable.
//!
//! `HERALD_FUZZ_CASES=1000000 cargo test --release -p notifications --test fuzz_ipc`

mod fuzz_common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use fuzz_common::*;
use ipc_channel::ipc::{IpcMessage, IpcSender};
use notifications::*;
use serde::{Deserialize, Serialize};
use url::Url;

const ORIGINS: &[&str] = &["https://evil.test", "https://victim.test", "http://evil.test", "file:///x", "data:,x"];

fn notification(g: &mut Gen, huge: usize) -> Notification {
    let page: &str = if g.bool() { "https://evil.test/" } else { g.pick::<&str>(ORIGINS) };
    let page = Url::parse(page).unwrap();
    let origin = Origin::from_url(&page);
    let options = NotificationOptions {
        dir: *g.pick(&[Direction::Auto, Direction::Ltr, Direction::Rtl]),
        lang: g.string(64),
        body: g.string(huge),
        navigate: g.maybe_url(),
        tag: match g.below(4) {
            0 => String::new(),
            1 => g.string(64),
            _ => g.pick(&["a", "b", "c"]).to_string(),
        },
        image: g.maybe_url(),
        icon: g.maybe_url(),
        badge: g.maybe_url(),
        timestamp: g.bool().then(|| g.edgy_u64()),
        renotify: false,
        silent: *g.pick(&[None, Some(true), Some(false)]),
        require_interaction: g.bool(),
        data: (),
        actions: (0..if g.one_in(4) { g.usize(5) } else { g.usize(3) })
            .map(|_| NotificationActionOptions {
                action: g.string(64),
                title: g.string(64),
                navigate: g.maybe_url(),
                icon: g.maybe_url(),
            })
            .collect(),
    };
    let len = g.len(1 << 16);
    let data = SerializedData(g.bytes(len));
    let mut n = create_notification(&g.string(huge), &options, |_| Ok(data), &origin, &page, 0, usize::MAX).unwrap();
    if g.one_in(3) {
        n.service_worker_registration =
            Some(RegistrationId(g.pick(&["https://victim.test/sw/", "https://evil.test/sw/", ""]).to_string()));
    }
    if g.one_in(4) {
        let resource = |g: &mut Gen| {
            Box::new(Resource {
                url: Url::parse("https://victim.test/i.png").unwrap(),
                mime_type: g.pick(&["image/png", "text/html", ""]).to_string(),
                bytes: {
                    let len = g.len(1 << 16);
                    g.bytes(len)
                },
            })
        };
        n.image_resource = Some(resource(g));
        n.icon_resource = Some(resource(g));
        n.badge_resource = Some(resource(g));
        if let Some(a) = n.actions.first_mut() {
            a.icon_resource = Some(resource(g));
        }
    }
    if g.one_in(20) {
        let extra = n.actions.first().cloned();
        if let Some(a) = extra {
            n.actions.extend(std::iter::repeat_n(a, g.len(2000)));
        }
    }
    n
}

/// Sequence numbers a client reuses: a hostile client mostly shows and closes among these, so
/// its own notifications come and go under the cap.
fn seq(g: &mut Gen) -> u64 {
    if g.one_in(4) {
        g.edgy_u64()
    } else {
        g.below(96)
    }
}

/// A notification id: one of `known` (another origin's), one of client `own`'s, or anything.
fn id(g: &mut Gen, known: &[NotificationId], own: u64) -> NotificationId {
    match g.below(4) {
        0 if !known.is_empty() => *g.pick(known),
        1 | 2 => NotificationId { client: own, seq: seq(g) },
        _ => NotificationId { client: g.edgy_u64(), seq: g.edgy_u64() },
    }
}

fn request(g: &mut Gen, known: &[NotificationId], own: u64, huge: usize) -> ClientRequest {
    match g.below(8) {
        // Mostly well-formed apart from what is under test, so that many reach the embedder.
        0 | 1 => {
            let mut notification = notification(g, huge);
            if !g.one_in(4) {
                notification.service_worker_registration = None;
            }
            ClientRequest::Show { seq: seq(g), notification: notification.into() }
        }
        2 => {
            let mut notification = notification(g, huge);
            if !g.one_in(4) {
                notification.service_worker_registration = Some(RegistrationId("https://evil.test/sw/".into()));
            }
            ClientRequest::ShowPersistent { request: g.edgy_u64(), seq: seq(g), notification: notification.into() }
        }
        3 | 4 => ClientRequest::Close { id: id(g, known, own) },
        5 => ClientRequest::RequestPermission { request: g.edgy_u64() },
        6 => ClientRequest::GetNotifications {
            request: g.edgy_u64(),
            registration: RegistrationId(g.pick(&["https://victim.test/sw/", "https://evil.test/sw/", ""]).to_string()),
            tag: if g.bool() { String::new() } else { g.string(64) },
        },
        _ => ClientRequest::WatchPermission,
    }
}

fn event(g: &mut Gen) -> ClientEvent {
    let id = id(g, &[], 0);
    match g.below(6) {
        0 => ClientEvent::Show(id),
        1 => ClientEvent::Notifications {
            request: g.u64(),
            notifications: Box::new(vec![(id, notification(g, 4096).into())]),
        },
        2 => ClientEvent::NotificationClick(Box::new(NotificationEventInit {
            id,
            notification: notification(g, 4096).into(),
            action: g.string(64),
        })),
        3 => ClientEvent::ShowNotificationSettled {
            request: g.u64(),
            result: Box::new(Err(NotificationError::type_error(g.string(64)))),
        },
        4 => ClientEvent::PermissionChanged(*g.pick(&[PermissionState::Granted, PermissionState::Prompt])),
        _ => ClientEvent::PermissionRequested { request: g.u64(), permission: NotificationPermission::Denied },
    }
}

/// Mutates an encoding: flips bytes, truncates, inserts a huge varint length, duplicates.
fn mutate(g: &mut Gen, bytes: &mut Vec<u8>) {
    for _ in 0..1 + g.usize(3) {
        match g.below(5) {
            0 if !bytes.is_empty() => {
                let at = g.usize(bytes.len());
                bytes[at] = g.u64() as u8;
            }
            1 => bytes.truncate(g.usize(bytes.len() + 1)),
            2 => {
                let at = g.usize(bytes.len() + 1);
                const HUGE: [&[u8]; 4] =
                    [&[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], &[0xFF; 10], &[0x80; 9], &[0xFE, 0xFF, 0x7F]];
                let huge = *g.pick(&HUGE);
                bytes.splice(at..at, huge.iter().copied());
            }
            3 if !bytes.is_empty() => {
                let at = g.usize(bytes.len());
                let tail = bytes[at..].to_vec();
                bytes.extend_from_slice(&tail);
            }
            _ => bytes.push(g.u64() as u8),
        }
    }
}

fn decode_all(bytes: &[u8]) {
    let _ = IpcMessage::from_data(bytes.to_vec()).to::<Vec<ClientRequest>>();
    let _ = IpcMessage::from_data(bytes.to_vec()).to::<Query>();
    let _ = IpcMessage::from_data(bytes.to_vec()).to::<QueryReply>();
    let _ = IpcMessage::from_data(bytes.to_vec()).to::<Vec<ClientEvent>>();
}

/// A batch of one to four requests, as a client's writer sends them.
fn batch(g: &mut Gen, known: &[NotificationId], own: u64, huge: usize) -> Vec<ClientRequest> {
    let len = 1 + g.below(4) as usize;
    (0..len).map(|_| request(g, known, own, huge)).collect()
}

#[test]
fn fuzz_ipc_decoding() {
    run("fuzz_ipc_decoding", 3000, bound(Duration::from_secs(5)), |g, _| {
        if g.one_in(4) {
            let len = g.len(1 << 16);
            decode_all(&g.bytes(len));
            return;
        }
        // An intact encoding decodes, and to itself up to URLs: a URL crosses as its
        // serialization, which the URL parser does not always read back as the same URL (see
        // fuzz_options), so the check is that a second trip changes nothing.
        let mut bytes = if g.one_in(4) {
            let events: Vec<ClientEvent> = (0..1 + g.below(4)).map(|_| event(g)).collect();
            let bytes = postcard::to_stdvec(&events).unwrap();
            let back =
                IpcMessage::from_data(bytes.clone()).to::<Vec<ClientEvent>>().expect("an intact encoding decodes");
            let once = postcard::to_stdvec(&back).unwrap();
            let twice = IpcMessage::from_data(once.clone()).to::<Vec<ClientEvent>>().unwrap();
            assert!(postcard::to_stdvec(&twice).unwrap() == once, "{} changed on a second trip", short(&back));
            bytes
        } else {
            let bytes = postcard::to_stdvec(&batch(g, &[], 0, 1 << 14)).unwrap();
            let back =
                IpcMessage::from_data(bytes.clone()).to::<Vec<ClientRequest>>().expect("an intact encoding decodes");
            let once = postcard::to_stdvec(&back).unwrap();
            let twice = IpcMessage::from_data(once.clone()).to::<Vec<ClientRequest>>().unwrap();
            assert!(postcard::to_stdvec(&twice).unwrap() == once, "{} changed on a second trip", short(&back));
            bytes
        };
        mutate(g, &mut bytes);
        decode_all(&bytes);
    });
}

/// Bytes sent as they are: postcard writes a tuple's elements with no length, and a `u8` as
/// one byte, so the receiving end decodes exactly these bytes (as a `Vec<ClientRequest>`).
struct RawBytes(Vec<u8>);

impl Serialize for RawBytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut tuple = serializer.serialize_tuple(self.0.len())?;
        for byte in &self.0 {
            tuple.serialize_element(byte)?;
        }
        tuple.end()
    }
}

impl<'de> Deserialize<'de> for RawBytes {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("only ever sent"))
    }
}

/// Checks every embedder call against what a hostile client may cause.
#[derive(Default)]
struct Watch {
    hostile: AtomicU64,
    victim: AtomicU64,
    violations: Mutex<Vec<String>>,
    shows: AtomicU64,
}

struct CheckingEmbedder(Arc<Watch>);

impl Embedder for CheckingEmbedder {
    fn show(&self, request: &ShowRequest) {
        let w = &self.0;
        w.shows.fetch_add(1, Ordering::Relaxed);
        let n = &request.notification;
        if request.id.client == w.hostile.load(Ordering::Relaxed) {
            let mut v = w.violations.lock().unwrap();
            if n.origin != Origin::parse("https://evil.test").unwrap() {
                v.push(format!("hostile notification shown as {:?}", n.origin));
            }
            if n.image_resource.is_some() || n.icon_resource.is_some() || n.badge_resource.is_some() {
                v.push("content-supplied resources reached the embedder".into());
            }
            if n.actions.iter().any(|a| a.icon_resource.is_some()) || n.actions.len() > DEFAULT_MAX_ACTIONS {
                v.push(format!("{} actions or content-supplied action icons", n.actions.len()));
            }
            if n.service_worker_registration.as_ref().is_some_and(|r| r.0.starts_with("https://victim.test")) {
                v.push("hostile notification shown under the victim's registration".into());
            }
        }
    }
    fn close(&self, id: NotificationId) {
        if id.client == self.0.victim.load(Ordering::Relaxed) {
            self.0.violations.lock().unwrap().push(format!("the victim's notification {id} was closed"));
        }
    }
    fn prompt(&self, _: PermissionPrompt, responder: PromptResponder) {
        responder.respond(PermissionDecision::Dismiss);
    }
    fn navigate(&self, id: NotificationId, _: &Url) {
        if id.client == self.0.victim.load(Ordering::Relaxed) {
            self.0.violations.lock().unwrap().push(format!("navigated for the victim's {id}"));
        }
    }
}

fn next_event(client: &NotificationClient) -> ClientEvent {
    client.events().recv_timeout(Duration::from_secs(10)).expect("an event in time")
}

#[test]
fn fuzz_ipc_hostile_client() {
    let watch = Arc::new(Watch::default());
    let config = ServiceConfig { max_notifications_per_origin: 64, ..ServiceConfig::default() };
    let service = NotificationService::builder(CheckingEmbedder(watch.clone())).config(config).build();
    let evil = ContextFacts::top_level_window(ContextId(1), &Url::parse("https://evil.test/").unwrap());
    let victim_facts = ContextFacts::top_level_window(ContextId(2), &Url::parse("https://victim.test/").unwrap());
    service.preset_permission(&evil.origin, PermissionState::Granted);
    service.preset_permission(&victim_facts.origin, PermissionState::Granted);

    let victim = NotificationClient::from_ipc(service.bind_ipc(victim_facts).unwrap());
    watch.victim.store(victim.facts().context.0, Ordering::Relaxed);
    let endpoint = service.bind_ipc(evil).unwrap();
    let forged: IpcSender<Vec<ClientRequest>> = endpoint.requests.clone();
    let raw: IpcSender<RawBytes> = endpoint.requests.clone().to_opaque().to();
    let own = endpoint.client_id;
    let hostile = Arc::new(NotificationClient::from_ipc(endpoint));

    // The victim's notifications: a non-persistent one and a persistent one.
    let no_data = |_: &()| Ok(SerializedData::default());
    let shown =
        victim.construct("mine", &NotificationOptions { tag: "t".into(), ..Default::default() }, no_data).unwrap();
    let shown = victim.show(shown);
    assert_eq!(next_event(&victim), ClientEvent::Show(shown));
    watch.victim.store(shown.client, Ordering::Relaxed);
    let registration = RegistrationId("https://victim.test/sw/".into());
    let persistent =
        victim.create_persistent("kept", &NotificationOptions::default(), no_data, &registration, true).unwrap();
    victim.show_persistent(persistent);
    let persistent = match next_event(&victim) {
        ClientEvent::ShowNotificationSettled { result, .. } if result.is_ok() => result.unwrap(),
        other => panic!("expected the persistent show to settle, got {other:?}"),
    };
    let known = [shown, persistent];

    // The hostile client's events are read as they come; it must never see the victim's.
    let leaks = Arc::new(Mutex::new(Vec::<String>::new()));
    let events_seen = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (hostile, leaks, seen, stop) = (hostile.clone(), leaks.clone(), events_seen.clone(), stop.clone());
        let victim_origin = Origin::parse("https://victim.test").unwrap();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let Ok(event) = hostile.events().recv_timeout(Duration::from_millis(20)) else { continue };
                seen.fetch_add(1, Ordering::Relaxed);
                let leaked = match &event {
                    ClientEvent::Notifications { notifications, .. } => {
                        notifications.iter().any(|(id, n)| known.contains(id) || n.origin == victim_origin)
                    }
                    ClientEvent::Close(id) | ClientEvent::Click(id) | ClientEvent::Show(id) => known.contains(id),
                    _ => false,
                };
                if leaked {
                    leaks.lock().unwrap().push(short(&event));
                }
            }
        })
    };

    let mut slowest_sync = Duration::ZERO;
    let sync = |slowest: &mut Duration| {
        let start = Instant::now();
        assert_eq!(hostile.permission(), NotificationPermission::Granted, "the hostile client's query");
        assert_eq!(victim.permission(), NotificationPermission::Granted, "the victim's query");
        let took = start.elapsed();
        assert!(took < bound(Duration::from_secs(5)), "a permission query took {took:?}");
        *slowest = (*slowest).max(took);
    };
    let started = SystemTime::now();
    let mut shown_seqs = Vec::new();
    run("fuzz_ipc_hostile_client", 2000, Duration::MAX, |g, i| {
        if g.one_in(3) {
            let mut bytes = if g.bool() {
                let len = g.len(1 << 16);
                g.bytes(len)
            } else {
                postcard::to_stdvec(&batch(g, &known, own, 1 << 14)).unwrap()
            };
            mutate(g, &mut bytes);
            // A send fails only if the manager's end is gone, which would be the bug.
            raw.send(RawBytes(bytes)).expect("the manager's end is still open");
        } else if g.one_in(100) {
            // Past the cap: rejected whole (it would otherwise show these).
            let over = MAX_REQUESTS_PER_MESSAGE + 1 + g.below(64) as usize;
            let requests = (0..over).map(|_| request(g, &known, own, 16)).collect();
            forged.send(requests).expect("the manager's end is still open");
        } else {
            let huge = if g.one_in(50) { 1 << 20 } else { 1 << 10 };
            let requests = batch(g, &known, own, huge);
            for request in &requests {
                if let ClientRequest::Show { seq, .. } | ClientRequest::ShowPersistent { seq, .. } = request {
                    shown_seqs.push(*seq);
                }
            }
            forged.send(requests).expect("the manager's end is still open");
        }
        if i % 64 == 63 {
            sync(&mut slowest_sync);
        }
        // Now and then the hostile client closes what it showed, so that its shows keep
        // reaching the embedder instead of meeting the per-origin cap.
        if i % 1024 == 1023 {
            for seqs in shown_seqs.chunks(MAX_REQUESTS_PER_MESSAGE) {
                let closes = seqs.iter().map(|&seq| ClientRequest::Close { id: NotificationId { client: own, seq } });
                let _ = forged.send(closes.collect());
            }
            shown_seqs.clear();
        }
        if i % 4096 == 4095 {
            victim.get_notifications(&registration, "");
            match next_event(&victim) {
                ClientEvent::Notifications { notifications, .. } => {
                    assert_eq!(notifications.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![persistent]);
                }
                other => panic!("expected the victim's notifications, got {other:?}"),
            }
            let violations = watch.violations.lock().unwrap();
            assert!(violations.is_empty(), "{}", short(&*violations));
        }
    });
    sync(&mut slowest_sync);
    let violations = watch.violations.lock().unwrap().clone();
    assert!(violations.is_empty(), "{}", short(&violations));
    // The victim's notifications are still its own: listed, and closed when it closes them.
    victim.get_notifications(&registration, "");
    assert!(
        matches!(next_event(&victim), ClientEvent::Notifications { notifications, .. } if notifications.len() == 1)
    );
    victim.close(shown);
    assert_eq!(next_event(&victim), ClientEvent::Close(shown));
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    let leaks = leaks.lock().unwrap();
    assert!(leaks.is_empty(), "the hostile client saw the victim's notifications: {}", short(&*leaks));
    eprintln!(
        "fuzz_ipc_hostile_client: {} shows reached the embedder, the hostile client read {} events, slowest sync {slowest_sync:?}, {:?}",
        watch.shows.load(Ordering::Relaxed),
        events_seen.load(Ordering::Relaxed),
        started.elapsed().unwrap()
    );
}
