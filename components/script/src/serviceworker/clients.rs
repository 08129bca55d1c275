//! The manager's handlers for what a service worker asks of its clients and what clients and
//! workers send each other: messages both ways, and the `Clients` interface (`get`,
//! `matchAll`, `openWindow`, `claim`), `WindowClient.focus()`/`navigate()`, and `skipWaiting()`.
//!
//! <https://w3c.github.io/ServiceWorker/#clients-interface>

use url::Url;

use super::global::{self, Answer};
use super::manager::{Client, Manager, MessageSource, Msg};
use super::model::*;
use crate::event_loop::Pending;

impl Manager {
    /// ServiceWorker.postMessage(): an ExtendableMessageEvent at the worker's global, whose
    /// source is the sending client.
    /// <https://w3c.github.io/ServiceWorker/#service-worker-postmessage-options>
    pub(super) fn post_to_worker(&mut self, from: &ClientId, worker: WorkerKey, data: Vec<u8>, keep_alive: Pending) {
        let source = match self.clients.get(from) {
            Some(client) if client.record.kind == ClientKind::ServiceWorker => {
                let key = client.record.worker.expect("a service worker global names its worker");
                match self.workers.get(&key) {
                    Some(w) => MessageSource::Worker(w.snapshot()),
                    None => return,
                }
            }
            Some(client) => MessageSource::Client(client.snapshot()),
            None => return,
        };
        let origin = self.clients[from].record.storage_key.origin.ascii_serialization();
        if !self.workers.contains_key(&worker) || self.workers[&worker].state == ServiceWorkerState::Redundant {
            return;
        }
        self.ensure_running(worker);
        self.queue_on_worker(worker, move |cx| {
            let _keep_alive = keep_alive;
            super::runner::dispatch_message(cx, &data, origin, source)
        });
    }

    /// Client.postMessage() from a service worker: a message at the client's
    /// ServiceWorkerContainer, whose source is the worker.
    /// <https://w3c.github.io/ServiceWorker/#client-postmessage-options>
    pub(super) fn post_to_client(&mut self, from: WorkerKey, client: &ClientId, data: Vec<u8>) {
        let (Some(worker), Some(target)) = (self.workers.get(&from), self.clients.get(client)) else { return };
        let source = worker.snapshot();
        let origin = target.record.storage_key.origin.ascii_serialization();
        target.record.route.queue(move |cx| global::deliver_message(cx, &data, origin, source));
    }

    pub(super) fn storage_key_of_worker(&self, worker: WorkerKey) -> Option<StorageKey> {
        let registration = &self.workers.get(&worker)?.registration;
        self.registrations.get(registration).map(|r| r.storage_key.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#clients-matchall>
    pub(super) fn match_all(
        &mut self,
        worker: WorkerKey,
        include_uncontrolled: bool,
        kind: Option<ClientKind>,
        request: u64,
    ) {
        let Some(key) = self.storage_key_of_worker(worker) else { return };
        let mut matched: Vec<ClientSnapshot> = self
            .clients_of(&key)
            .filter(|c| include_uncontrolled || c.controller == Some(worker))
            .filter(|c| kind.is_none_or(|k| k == c.record.kind))
            .map(Client::snapshot)
            .collect();
        matched.sort_by(|a, b| a.id.cmp(&b.id));
        self.answer_worker(worker, request, Ok(Answer::Clients(matched)));
    }

    /// <https://w3c.github.io/ServiceWorker/#clients-get>
    pub(super) fn get_client(&mut self, worker: WorkerKey, id: &ClientId, request: u64) {
        let Some(key) = self.storage_key_of_worker(worker) else { return };
        let found = self.clients_of(&key).find(|c| &c.record.id == id).map(Client::snapshot);
        self.answer_worker(worker, request, Ok(Answer::OptionalClient(found)));
    }

    /// clients.openWindow(url): the host opens a new top-level page; its client answers.
    /// <https://w3c.github.io/ServiceWorker/#clients-openwindow>
    pub(super) fn open_window(&mut self, worker: WorkerKey, url: Url, request: u64) {
        let Some(opener) = self.host.window_opener.clone() else {
            let error = JobError::Type("this host cannot open windows".into());
            return self.answer_worker(worker, request, Err(error));
        };
        let manager = self.tx.clone();
        opener.open(
            url,
            Box::new(move |client| {
                let _ = manager.send(Msg::WindowOpened { worker, request, client });
            }),
        );
    }

    /// The window clients.openWindow() (or navigate()) opened has loaded: resolve with a
    /// WindowClient for it, or with null when it is not of the worker's storage key.
    pub(super) fn window_opened(&mut self, worker: WorkerKey, request: u64, client: Option<ClientId>) {
        let key = self.storage_key_of_worker(worker);
        let snapshot = client
            .and_then(|id| self.clients.get(&id))
            .filter(|c| Some(&c.record.storage_key) == key.as_ref())
            .map(Client::snapshot);
        self.answer_worker(worker, request, Ok(Answer::WindowClient(snapshot)));
    }

    /// WindowClient.navigate(url): the window is replaced by a new top-level page at url (the
    /// old document is unloaded and its client goes away), and the promise resolves with the new
    /// page's WindowClient.
    /// <https://w3c.github.io/ServiceWorker/#client-navigate>
    pub(super) fn navigate(&mut self, worker: WorkerKey, client: &ClientId, url: Url, request: u64) {
        // 4. If the client's active service worker is not this worker, reject with a TypeError.
        let Some(target) = self.clients.get(client).filter(|c| c.controller == Some(worker)) else {
            let error = JobError::Type("the client is not controlled by this service worker".into());
            return self.answer_worker(worker, request, Err(error));
        };
        target.record.route.queue(global::discard_window);
        self.clients.remove(client);
        self.open_window(worker, url, request);
    }

    /// <https://w3c.github.io/ServiceWorker/#clients-claim>
    pub(super) fn claim(&mut self, worker: WorkerKey, request: u64) {
        // 2. If the service worker is not an active worker, reject with InvalidStateError.
        let Some(registration) = self.workers.get(&worker).map(|w| w.registration.clone()) else { return };
        let is_active = self.registrations.get(&registration).is_some_and(|r| r.active == Some(worker));
        if !is_active {
            let error = JobError::InvalidState("only the active worker can claim clients".into());
            return self.answer_worker(worker, request, Err(error));
        }
        // 3.1-3.2. For each client whose creation URL matches the registration (and is not
        //          controlled by it), set its active service worker and fire controllerchange.
        let key = self.registrations[&registration].storage_key.clone();
        let claimed: Vec<ClientId> = self
            .clients_of(&key)
            .filter(|c| c.record.kind == ClientKind::Window)
            .filter(|c| self.match_registration(&key, &c.record.url).as_ref() == Some(&registration))
            .filter(|c| c.controller != Some(worker))
            .map(|c| c.record.id.clone())
            .collect();
        let snapshot = self.registration_snapshot(&registration);
        for id in claimed {
            let client = self.clients.get_mut(&id).expect("listed above");
            client.controller = Some(worker);
            let snapshot = snapshot.clone();
            client.record.route.queue(move |cx| global::set_controller(cx, snapshot, worker));
        }
        // 3.3. Resolve promise with undefined.
        self.answer_worker(worker, request, Ok(Answer::Unit));
    }

    /// <https://w3c.github.io/ServiceWorker/#service-worker-global-scope-skipwaiting>
    pub(super) fn skip_waiting(&mut self, worker: WorkerKey, request: u64) {
        // 2.1. Set service worker's skip waiting flag.
        if let Some(w) = self.workers.get_mut(&worker) {
            w.skip_waiting = true;
        }
        // 2.2. Invoke Try Activate with service worker's containing registration.
        if let Some(registration) = self.workers.get(&worker).map(|w| w.registration.clone()) {
            self.try_activate(&registration);
        }
        // 2.3. Resolve promise with undefined.
        self.answer_worker(worker, request, Ok(Answer::Unit));
    }
}
