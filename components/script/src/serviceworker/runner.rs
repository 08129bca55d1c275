//! Service worker threads: Run Service Worker (a thread with its own runtime and a
//! `ServiceWorkerGlobalScope`, the worker's script, then its event loop until the manager stops
//! it), and the tasks the manager queues on them: lifecycle events and messages.
//!
//! <https://w3c.github.io/ServiceWorker/#run-service-worker-algorithm>

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bindings::{Castable, Cx, DomRoot, Fallible, RootedValue};
use crossbeam_channel::Sender;
use notifications::ContextFacts;
use url::Url;

use super::manager::{ClientRecord, ClientRoute, MessageSource, Msg};
use super::model::*;
use crate::dom::extendableevent::ExtendableEvent;
use crate::dom::extendablemessageevent::ExtendableMessageEvent;
use crate::dom::globalscope::{ConsoleLevel, GlobalRoot, GlobalScope};
use crate::dom::serviceworkerglobalscope::ServiceWorkerGlobalScope;
use crate::event_loop::{self, Pending, RunOutcome};
use crate::host::{self, Host};
use crate::script_thread::ScriptThread;

/// What a service worker thread runs.
pub(crate) struct Launch {
    pub worker: WorkerSnapshot,
    pub registration: RegistrationSnapshot,
    pub storage_key: StorageKey,
    pub script_type: ScriptType,
    /// The main script's source text.
    pub script: String,
    /// The script resource map.
    pub imported: BTreeMap<Url, String>,
}

/// How long a worker with nothing to do keeps running before it asks the manager to stop it.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Starts the worker's thread.
pub(crate) fn spawn(
    host: Host,
    launch: Launch,
    manager: Sender<Msg>,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let name = format!("service worker {}", launch.worker.script_url);
    std::thread::Builder::new().name(name).spawn(move || run(host, launch, manager, stop))
}

/// The worker's thread.
fn run(host: Host, launch: Launch, manager: Sender<Msg>, stop: Arc<AtomicBool>) {
    let Launch { worker, registration, storage_key, script_type, script, imported } = launch;
    let key = worker.key;
    let console = host.console.clone();
    let idle_timeout = host.service_workers.idle_timeout();
    let mut thread = ScriptThread::new(host.clone());
    // Run Service Worker, 7-8: a new ServiceWorkerGlobalScope whose settings object's origin is
    // the script URL's, in a secure context; its notification client is the registration's.
    let mut facts = ContextFacts::service_worker(host::next_context_id(), registration.id.clone(), &worker.script_url);
    facts.top_level_origin = storage_key.top_level_origin.clone();
    let context = facts.context;
    let client = host.service.bind(facts);
    let scope = GlobalScope::new(client, console.clone(), worker.script_url.clone());
    let object = Box::new(ServiceWorkerGlobalScope::new(scope, key, script_type, imported));
    let global =
        match crate::dom::bindings::generated::create_service_worker_global_scope_global(thread.cx(), object, true) {
            Ok(global) => global,
            Err(e) => {
                console(
                    ConsoleLevel::Error,
                    &format!("cannot create the service worker global for {}: {e:?}", worker.script_url),
                );
                let _ =
                    manager.send(Msg::Evaluated { worker: key, result: Err("the global could not be created".into()) });
                let _ = manager.send(Msg::WorkerStopped { worker: key });
                return;
            }
        };
    let global_object = global.reflector_object();
    let global_id = global.scope().register(&global_object);
    let route = ClientRoute { inbox: event_loop::remote_sender(), global: global_id };
    // The global is known to the manager from here on: registration and worker changes reach
    // it, and it learns its registration as it is now.
    let record = ClientRecord {
        id: super::global::new_client_id(),
        kind: ClientKind::ServiceWorker,
        url: worker.script_url.clone(),
        storage_key,
        frame_type: FrameType::None,
        secure_context: true,
        context,
        route: route.clone(),
        keep_alive: event_loop::KeepAlive::of_this_thread(),
        worker: Some(key),
    };
    let registration =
        global.scope().service_workers.register_client(&host.service_workers, record).unwrap_or(registration);
    let objects = bindings::engine::in_realm(thread.cx(), &global_object, |cx| -> Fallible<()> {
        crate::dom::heraldtest::set_up_test_hooks(cx, &global_object)?;
        let own = [&registration.installing, &registration.waiting, &registration.active]
            .into_iter()
            .flatten()
            .find(|w| w.key == key)
            .cloned()
            .unwrap_or(worker.clone());
        let service_workers = &global.scope().service_workers;
        let registration_object = service_workers.registration_object(cx, &registration)?;
        let worker_object = service_workers.worker_object(cx, &own)?;
        global.set_objects(&registration_object, &worker_object);
        Ok(())
    });
    if let Err(e) = objects {
        console(ConsoleLevel::Error, &format!("cannot set up the service worker global: {e:?}"));
    }
    let _ = manager.send(Msg::WorkerStarted { worker: key, route });

    // Run Service Worker, 12-14: run the script; an exception is the failure Update reports.
    let ok = match script_type {
        ScriptType::Classic => thread.run_script_in(&global_object, &script, worker.script_url.as_str()),
        ScriptType::Module => thread.run_module_in(&global_object, &script, worker.script_url.as_str()),
    };
    let result = if ok { Ok(()) } else { Err("the script threw an exception".to_owned()) };
    let _ = manager.send(Msg::Evaluated { worker: key, result });

    // The event loop, until the manager stops the worker (it asks when the worker has been
    // idle for a while).
    let mut idle_since = Instant::now();
    loop {
        let outcome = thread.run_until_idle(Instant::now() + Duration::from_millis(100));
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if outcome == RunOutcome::Idle {
            if idle_since.elapsed() >= idle_timeout {
                let _ = manager.send(Msg::WorkerIdle { worker: key });
                idle_since = Instant::now();
            }
            event_loop::wait_for_input(Instant::now() + Duration::from_secs(1).min(idle_timeout));
        } else {
            idle_since = Instant::now();
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
    }
    // Tasks the manager queued before it stopped the worker still run.
    thread.run_until_idle(Instant::now() + Duration::from_millis(500));
    global.scope().service_workers.unregister_client(&host.service_workers);
    let _ = manager.send(Msg::WorkerStopped { worker: key });
    drop(global);
}

/// The current global, as a service worker's.
fn service_worker_global(cx: &mut Cx) -> Fallible<DomRoot<ServiceWorkerGlobalScope>> {
    GlobalRoot::current(cx)?
        .as_service_worker()
        .ok_or_else(|| bindings::Error::type_error("not a service worker global"))
}

/// Install, step 11 (and Activate, step 11): fire `type_` (install or activate) as an
/// ExtendableEvent at the worker's global, and tell the manager once its extend lifetime
/// promises settle (whether one was rejected).
/// <https://w3c.github.io/ServiceWorker/#installation-algorithm>
pub(crate) fn fire_lifecycle_event(cx: &mut Cx, type_: &str, worker: WorkerKey, manager: Sender<Msg>) -> Fallible<()> {
    let global = service_worker_global(cx)?;
    let event = ExtendableEvent::new_trusted(cx, type_)?;
    let busy = Pending::new();
    let done = Box::new(move |_: &mut Cx, failed: bool| {
        drop(busy);
        let _ = manager.send(Msg::LifecycleDone { worker, failed });
    });
    ExtendableEvent::dispatch_and_wait(&event, cx, (*global).upcast(), done)
}

/// ServiceWorker.postMessage(), the task on the worker: fire an ExtendableMessageEvent named
/// message (messageerror when the data cannot be deserialized) at the global, whose source is
/// the sender.
/// <https://w3c.github.io/ServiceWorker/#service-worker-postmessage-options> (step 6.2)
pub fn dispatch_message(cx: &mut Cx, data: &[u8], origin: String, source: MessageSource) -> Fallible<()> {
    let global = service_worker_global(cx)?;
    let source = super::global::source_object(cx, &source)?;
    let (kind, value, ports) = match bindings::structured::deserialize_with_transfer(cx, data) {
        Ok((value, transferred)) => ("message", value, crate::dom::messageevent::received_ports(&transferred)),
        Err(_) => {
            bindings::error::take_pending_exception(cx);
            ("messageerror", RootedValue::null(), Vec::new())
        }
    };
    let event = ExtendableMessageEvent::new_trusted(cx, kind, &value, origin, &source, &ports)?;
    let extendable = DomRoot::upcast::<ExtendableEvent>(event);
    let busy = Pending::new();
    ExtendableEvent::dispatch_and_wait(&extendable, cx, (*global).upcast(), Box::new(move |_, _| drop(busy)))
}

/// Handle Fetch, the task on the worker: a fetch event for `request` from `client`; the
/// decision goes back to whoever is waiting for it.
/// <https://w3c.github.io/ServiceWorker/#handle-fetch>
pub(crate) fn dispatch_fetch(
    cx: &mut Cx,
    request: crate::dom::request::RequestData,
    client: ClientId,
    reply: Sender<crate::dom::fetchevent::FetchOutcome>,
) -> Fallible<()> {
    let request = crate::dom::request::Request::create(cx, request)?;
    crate::dom::fetchevent::FetchEvent::dispatch(cx, &request, client.0, move |outcome| {
        let _ = reply.send(outcome);
    })
}
