//! Install and Activate: what runs once a job's new worker has evaluated its script, through
//! its install and activate events, to the worker becoming the registration's active worker
//! (or redundant).
//!
//! <https://w3c.github.io/ServiceWorker/#installation-algorithm>
//! <https://w3c.github.io/ServiceWorker/#activation-algorithm>

use notifications::RegistrationId;
use url::Url;

use super::global::Answer;
use super::manager::Manager;
use super::model::*;

impl Manager {
    pub(super) fn job_installing(&self, worker: WorkerKey) -> Option<(StorageKey, Url)> {
        self.job_queues
            .iter()
            .find(|(_, q)| q.front().is_some_and(|j| j.worker == Some(worker)))
            .map(|(k, _)| k.clone())
    }

    /// The worker's script ran: for a job's new worker, Install (or the failure branch of
    /// Update when it threw).
    pub fn evaluated(&mut self, worker: WorkerKey, result: Result<(), String>) {
        let Some(key) = self.job_installing(worker) else { return };
        let Some(registration) = self.workers.get(&worker).map(|w| w.registration.clone()) else { return };
        if let Err(message) = result {
            // If runResult is failure or an abrupt completion: reject with a TypeError; if
            // newestWorker is null, remove the registration map entry; finish the job.
            self.reject_job(&key, JobError::Type(format!("the service worker script failed: {message}")));
            self.terminate(worker);
            self.workers.remove(&worker);
            if self.newest_worker(&registration).is_none() {
                self.remove_from_map(&registration);
            }
            return self.finish_job(&key);
        }
        self.install(&key, worker, &registration);
    }

    /// Install, up to the install event (which finishes in [`Manager::lifecycle_done`]).
    /// <https://w3c.github.io/ServiceWorker/#installation-algorithm>
    pub(super) fn install(&mut self, key: &(StorageKey, Url), worker: WorkerKey, registration: &RegistrationId) {
        let update_via_cache = self.job_queues[key].front().expect("running").update_via_cache;
        // 3. Set registration's update via cache mode to the job's.
        self.registrations.get_mut(registration).expect("exists").update_via_cache = update_via_cache;
        // 4. Run Update Registration State with "installing" and worker.
        self.registrations.get_mut(registration).expect("exists").installing = Some(worker);
        self.broadcast_registration(registration);
        // 5. Run Update Worker State with "installing".
        self.set_worker_state(worker, ServiceWorkerState::Installing);
        // 7. Invoke Resolve Job Promise with job and registration.
        let snapshot = self.registration_snapshot(registration);
        self.resolve_job(key, || Answer::Registration(Some(snapshot.clone())));
        // 8-9. Queue a task on every settings object of the origin to fire updatefound at its
        //      registration objects.
        let storage_key = self.registrations[registration].storage_key.clone();
        for route in self.routes_of(&storage_key) {
            let id = registration.clone();
            route.queue(move |cx| super::global::fire_updatefound(cx, &id));
        }
        // 11. Queue a task on the installing worker's event loop: dispatch install and wait for
        //     its extend lifetime promises.
        let manager = self.tx.clone();
        self.queue_on_worker(worker, move |cx| super::runner::fire_lifecycle_event(cx, "install", worker, manager));
    }

    /// An install or activate event finished (its extend lifetime promises settled).
    pub fn lifecycle_done(&mut self, worker: WorkerKey, failed: bool) {
        let Some(state) = self.workers.get(&worker).map(|w| w.state) else { return };
        let registration = self.workers[&worker].registration.clone();
        match state {
            ServiceWorkerState::Installing => self.installed(worker, &registration, failed),
            ServiceWorkerState::Activating => {
                // Activate, last step: run Update Worker State with "activated".
                self.set_worker_state(worker, ServiceWorkerState::Activated);
                self.save(&registration);
                // A waiting worker that came in meanwhile may activate now.
                self.try_activate(&registration);
            }
            _ => {}
        }
    }

    /// The rest of Install, once the install event is done.
    pub(super) fn installed(&mut self, worker: WorkerKey, registration: &RegistrationId, failed: bool) {
        let Some(key) = self.job_installing(worker) else { return };
        // 12. If installFailed is true: the worker becomes redundant, installing becomes null,
        //     and the registration map entry goes if there is no newest worker; finish.
        if failed {
            self.set_worker_state(worker, ServiceWorkerState::Redundant);
            self.terminate(worker);
            self.registrations.get_mut(registration).expect("exists").installing = None;
            self.broadcast_registration(registration);
            if self.newest_worker(registration).is_none() {
                self.remove_from_map(registration);
            }
            return self.finish_job(&key);
        }
        // 15. If registration's waiting worker is not null, terminate it and make it redundant.
        if let Some(waiting) = self.registrations[registration].waiting {
            self.terminate(waiting);
            self.set_worker_state(waiting, ServiceWorkerState::Redundant);
        }
        // 16-17. Waiting becomes the installing worker; installing becomes null.
        {
            let r = self.registrations.get_mut(registration).expect("exists");
            r.waiting = r.installing.take();
        }
        self.broadcast_registration(registration);
        // 18. Run Update Worker State with "installed".
        self.set_worker_state(worker, ServiceWorkerState::Installed);
        self.save(registration);
        // 19. Invoke Finish Job with job.
        self.finish_job(&key);
        // 21. Invoke Try Activate with registration.
        self.try_activate(registration);
    }

    /// <https://w3c.github.io/ServiceWorker/#try-activate-algorithm>
    pub fn try_activate(&mut self, registration: &RegistrationId) {
        let Some(r) = self.registrations.get(registration) else { return };
        // 1. If registration's waiting worker is null, return.
        let Some(waiting) = r.waiting else { return };
        // 2. If the active worker is activating, return.
        let active_state = r.active.and_then(|a| self.workers.get(&a)).map(|w| w.state);
        if active_state == Some(ServiceWorkerState::Activating) {
            return;
        }
        // 3. Activate if the active worker is null, or no client is using the registration, or
        //    the waiting worker's skip waiting flag is set.
        let in_use = r.active.is_some_and(|active| self.clients.values().any(|c| c.controller == Some(active)));
        let skip = self.workers.get(&waiting).is_some_and(|w| w.skip_waiting);
        if r.active.is_none() || !in_use || skip {
            self.activate(registration);
        }
    }

    /// Activate, up to the activate event.
    /// <https://w3c.github.io/ServiceWorker/#activation-algorithm>
    pub(super) fn activate(&mut self, registration: &RegistrationId) {
        // 1. If registration's waiting worker is null, abort.
        let Some(waiting) = self.registrations[registration].waiting else { return };
        // 2. If the active worker is not null, terminate it and make it redundant.
        if let Some(active) = self.registrations[registration].active {
            self.terminate(active);
            self.set_worker_state(active, ServiceWorkerState::Redundant);
        }
        // 3-4. Active becomes the waiting worker; waiting becomes null.
        {
            let r = self.registrations.get_mut(registration).expect("exists");
            r.active = Some(waiting);
            r.waiting = None;
        }
        self.broadcast_registration(registration);
        // 5. Run Update Worker State with "activating".
        self.set_worker_state(waiting, ServiceWorkerState::Activating);
        // 6-7. Resolve the ready promises of the clients whose URL the registration matches.
        self.notify_ready();
        // 8. For each client using the registration: its active worker becomes the new one,
        //    and Notify Controller Change.
        let using: Vec<ClientId> = self
            .clients
            .values()
            .filter(|c| {
                c.controller.and_then(|w| self.workers.get(&w)).is_some_and(|w| &w.registration == registration)
            })
            .map(|c| c.record.id.clone())
            .collect();
        let snapshot = self.registration_snapshot(registration);
        for id in using {
            let client = self.clients.get_mut(&id).expect("listed above");
            client.controller = Some(waiting);
            let snapshot = snapshot.clone();
            client.record.route.queue(move |cx| super::global::set_controller(cx, snapshot, waiting));
        }
        // 10-11. Dispatch activate at the active worker's global; the rest of the steps run when
        //        its extend lifetime promises settle.
        let manager = self.tx.clone();
        self.queue_on_worker(waiting, move |cx| super::runner::fire_lifecycle_event(cx, "activate", waiting, manager));
    }
}
