//! The `SharedWorker` interface: a window's handle on a shared worker, talking to it through
//! `port`. The worker itself is found (or started) by [`crate::shared_workers`].
//! <https://html.spec.whatwg.org/multipage/workers.html#shared-workers-and-the-sharedworker-interface>

use std::sync::atomic::{AtomicU64, Ordering};

use bindings::{Castable, Cx, Dom, DomRoot, Fallible, HandleObject, Trace, Tracer};

use crate::dom::bindings::generated::{SharedWorkerMethods, StringOrWorkerOptions, WorkerOptions, WorkerType};
use crate::dom::event::Event;
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;
use crate::dom::messageport::MessagePort;
use crate::event_loop;
use crate::shared_workers::{self, Connection, SharedWorkerKey, SharedWorkerLink};

static NEXT_SHARED_WORKER: AtomicU64 = AtomicU64::new(1);

#[repr(C)]
pub struct SharedWorker {
    pub(crate) event_target: EventTarget,
    port: Dom<MessagePort>,
}

impl Trace for SharedWorker {
    fn trace(&self, trc: &Tracer) {
        self.event_target.trace(trc);
        self.port.trace(trc);
    }
}

/// The SharedWorker objects a global made, by key: their worker reaches them through it (to
/// fire error).
pub type SharedWorkers = crate::keyed_objects::KeyedObjects<SharedWorker>;

/// The task that fires `error` at the SharedWorker object `key` of the global it runs in: its
/// worker's script could not be fetched, or the worker it matched cannot serve it.
pub(crate) fn fire_error(key: u64) -> event_loop::RemoteTaskFn {
    Box::new(move |cx: &mut Cx| match GlobalRoot::current(cx)?.shared_workers.get(key) {
        Some(worker) => Event::fire(cx, worker.upcast(), "error", false).map(|_| ()),
        None => Ok(()),
    })
}

impl SharedWorkerMethods for SharedWorker {
    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        script_url: String,
        options: StringOrWorkerOptions,
    ) -> Fallible<DomRoot<SharedWorker>> {
        // 2. If options is a DOMString, set options to a new WorkerOptions dictionary whose name
        //    member is set to the value of options and whose other members are set to their
        //    default values.
        let options = match options {
            StringOrWorkerOptions::String(name) => WorkerOptions { name, type_: WorkerType::Classic },
            StringOrWorkerOptions::WorkerOptions(options) => options,
        };
        // 3. Let outside settings be the current settings object.
        let global = GlobalRoot::current(cx)?;
        // 4. Let urlRecord be the result of encoding-parsing a URL given scriptURL, relative to
        //    outside settings. 5. If urlRecord is failure, then throw a "SyntaxError".
        let url = global.parse_url(&script_url)?;
        // 6-8. Let worker be a new SharedWorker object, with a new MessagePort in outside
        //      settings's realm as its port (entangled, once the worker is found, with the
        //      inside port the connect event carries).
        let (port, inside_port) = MessagePort::new_entangled_with_remote(cx)?;
        let key = NEXT_SHARED_WORKER.fetch_add(1, Ordering::Relaxed);
        let worker = SharedWorker { event_target: EventTarget::new_inherited(), port: Dom::from_ref(&*port) };
        let worker = bindings::reflector::reflect_dom_object(cx, Box::new(worker), proto)?;
        global.shared_workers.add(key, &worker);
        // 9. Let callerIsSecureContext be true if outside settings is a secure context.
        // 10. Let outside storage key be the result of running obtain a storage key for
        //     non-storage purposes given outside settings (its origin, partitioned by its
        //     top-level origin).
        let facts = global.facts();
        let worker_key = SharedWorkerKey {
            origin: facts.origin.clone(),
            top_level_origin: facts.top_level_origin.clone(),
            url,
            name: options.name,
        };
        // 11. Enqueue the rest to the shared worker manager: find or start the worker, then
        //     connect.
        shared_workers::connect(
            &global,
            worker_key,
            options.type_ == WorkerType::Module,
            Connection { inside_port, owner: SharedWorkerLink::new(&global, key) },
        );
        // 12. Return worker.
        Ok(worker)
    }

    /// <https://html.spec.whatwg.org/multipage/workers.html#dom-sharedworker-port>
    fn port(&self, _cx: &mut Cx) -> Fallible<DomRoot<MessagePort>> {
        Ok(self.port.root())
    }
}
