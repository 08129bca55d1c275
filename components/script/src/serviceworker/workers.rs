//! The manager's handling of worker threads: Run Service Worker (start one when an event
//! needs it), queueing tasks on a worker, stopping idle and redundant ones, and the events the
//! manager fires at workers (notification events, fetch events) and at every global of a
//! storage key (state changes).
//!
//! <https://w3c.github.io/ServiceWorker/#run-service-worker-algorithm>

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bindings::Cx;
use crossbeam_channel::Sender;
use notifications::RegistrationId;

use super::global;
use super::manager::{ClientRoute, FetchClient, Manager, Running};
use super::model::*;
use crate::dom::fetchevent::FetchOutcome;
use crate::dom::request::RequestData;
use crate::event_loop::ThreadMessage;

impl Manager {
    /// Run Service Worker, when the worker is not running: starts its thread.
    /// <https://w3c.github.io/ServiceWorker/#run-service-worker-algorithm>
    pub fn ensure_running(&mut self, key: WorkerKey) {
        let Some(worker) = self.workers.get(&key) else { return };
        if worker.running.is_some() || worker.state == ServiceWorkerState::Redundant || self.shutting_down {
            return;
        }
        let Some(registration) = self.registrations.get(&worker.registration) else { return };
        let launch = super::runner::Launch {
            worker: worker.snapshot(),
            registration: self.registration_snapshot(&worker.registration),
            storage_key: registration.storage_key.clone(),
            script_type: worker.script_type,
            script: worker.script.clone(),
            imported: worker.imported.clone(),
        };
        let stop = Arc::new(AtomicBool::new(false));
        let thread = super::runner::spawn(self.host.clone(), launch, self.tx.clone(), stop.clone());
        let worker = self.workers.get_mut(&key).expect("looked up above");
        match thread {
            Ok(handle) => {
                worker.running = Some(Running { route: None, stop, thread: Some(handle), queued: Vec::new() })
            }
            Err(e) => tracing::error!("cannot start service worker {}: {e}", worker.script_url),
        }
    }

    pub(super) fn worker_started(&mut self, key: WorkerKey, route: ClientRoute) {
        let Some(running) = self.workers.get_mut(&key).and_then(|w| w.running.as_mut()) else { return };
        for task in running.queued.drain(..) {
            let _ = route.inbox.send(ThreadMessage::Task { global: route.global, task });
        }
        running.route = Some(route);
    }

    /// Queues `task` on the worker's global, starting the worker if it is not running.
    pub fn queue_on_worker(
        &mut self,
        key: WorkerKey,
        task: impl FnOnce(&mut Cx) -> bindings::Fallible<()> + Send + 'static,
    ) {
        self.ensure_running(key);
        let Some(running) = self.workers.get_mut(&key).and_then(|w| w.running.as_mut()) else { return };
        match &running.route {
            Some(route) => route.queue(task),
            None => running.queued.push(Box::new(task)),
        }
    }

    /// A service worker notification event: queued on the registration's active worker
    /// (started if needed), which fires it as a NotificationEvent.
    /// <https://notifications.spec.whatwg.org/#fire-a-service-worker-notification-event>
    pub(super) fn notification_event(&mut self, registration: &RegistrationId, event: notifications::ClientEvent) {
        let Some(active) = self.registrations.get(registration).filter(|r| r.in_map).and_then(|r| r.active) else {
            tracing::warn!(registration = %registration.0, "a notification event for a registration without an active worker");
            return;
        };
        self.queue_on_worker(active, move |cx| crate::dom::notificationevent::NotificationEvent::fire(cx, event));
    }

    /// Handle Fetch, in the manager: the client's active service worker (its controller) gets
    /// a fetch event; an uncontrolled client's request goes to the network.
    /// <https://w3c.github.io/ServiceWorker/#handle-fetch>
    pub(super) fn handle_fetch(&mut self, client: FetchClient, request: RequestData, reply: Sender<FetchOutcome>) {
        let found = match &client {
            FetchClient::Id(id) => self.clients.get(id),
            FetchClient::Context(context) => self.clients.values().find(|c| c.record.context == *context),
        };
        // 13-16. Let registration be the client's active service worker's registration; if there
        //        is none, return null (the network).
        let Some((client_id, worker)) = found.and_then(|c| c.controller.map(|w| (c.record.id.clone(), w))) else {
            let _ = reply.send(FetchOutcome::Fallback);
            return;
        };
        // 17-24. Run the worker (if needed) and fire the fetch event there.
        self.queue_on_worker(worker, move |cx| super::runner::dispatch_fetch(cx, request, client_id, reply));
    }

    /// The worker has been idle: stop it, unless a job is installing it or it is not the
    /// registration's active worker in use (the next event starts it again).
    pub(super) fn worker_idle(&mut self, key: WorkerKey) {
        if self.job_queues.values().any(|q| q.front().is_some_and(|j| j.worker == Some(key))) {
            return;
        }
        let busy = self.workers.get(&key).is_some_and(|w| {
            matches!(
                w.state,
                ServiceWorkerState::Parsed | ServiceWorkerState::Installing | ServiceWorkerState::Activating
            )
        });
        if !busy {
            self.terminate(key);
        }
    }

    /// Terminate Service Worker.
    /// <https://w3c.github.io/ServiceWorker/#terminate-service-worker>
    pub fn terminate(&mut self, key: WorkerKey) {
        let Some(mut running) = self.workers.get_mut(&key).and_then(|w| w.running.take()) else { return };
        running.stop.store(true, Ordering::SeqCst);
        if let Some(route) = &running.route {
            route.queue(|_| Ok(()));
        }
        // The thread ends on its own; joining here would make the manager wait on script. It is
        // kept to wait for at shutdown.
        self.stopping.retain(|thread| !thread.is_finished());
        self.stopping.extend(running.thread.take());
    }

    /// Update Worker State: every global of the storage key updates its ServiceWorker objects
    /// for `key` and fires statechange.
    /// <https://w3c.github.io/ServiceWorker/#update-state-algorithm>
    pub fn set_worker_state(&mut self, key: WorkerKey, state: ServiceWorkerState) {
        let Some(worker) = self.workers.get_mut(&key) else { return };
        // 2. Set worker's state to state.
        worker.state = state;
        let registration = worker.registration.clone();
        let Some(storage_key) = self.registrations.get(&registration).map(|r| r.storage_key.clone()) else { return };
        // 3-4. For each settings object of the origin, queue a task to set the ServiceWorker
        //      object's state and fire statechange at it.
        for route in self.routes_of(&storage_key) {
            route.queue(move |cx| global::update_worker_state(cx, key, state));
        }
    }

    /// Update Registration State: every global updates the registration object's installing,
    /// waiting and active attributes.
    /// <https://w3c.github.io/ServiceWorker/#update-registration-state-algorithm>
    pub fn broadcast_registration(&self, id: &RegistrationId) {
        let snapshot = self.registration_snapshot(id);
        for route in self.routes_of(&self.registrations[id].storage_key) {
            let snapshot = snapshot.clone();
            route.queue(move |cx| global::update_registration(cx, snapshot));
        }
    }
}
