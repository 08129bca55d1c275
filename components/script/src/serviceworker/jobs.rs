//! Jobs: Schedule Job, Register, Update and Unregister (Install and Activate are in
//! `lifecycle`). What drives them answers as messages to the manager (a script fetch,
//! the script's evaluation, a lifecycle event), so a job waits without blocking it.
//!
//! <https://w3c.github.io/ServiceWorker/#algorithms>

use std::collections::BTreeMap;

use notifications::{Origin, RegistrationId};
use url::Url;

use super::global::Answer;
use super::manager::{Manager, Msg, Registration, Worker};
use super::model::*;
use super::script_check::{check_script_response, FetchedScript};
use crate::event_loop::Pending;

/// A job's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Register,
    Update,
    Unregister,
}

/// A job.
/// <https://w3c.github.io/ServiceWorker/#dfn-job>
pub struct Job {
    pub kind: JobKind,
    /// Set by the manager when it schedules the job.
    pub id: u64,
    pub storage_key: StorageKey,
    pub scope: Url,
    pub script_url: Option<Url>,
    pub script_type: ScriptType,
    pub update_via_cache: ServiceWorkerUpdateViaCache,
    /// The client's creation URL.
    pub referrer: Url,
    /// The client, and its request (the job promise) there.
    pub client: ClientId,
    pub request: u64,
    /// Keeps the client's event loop alive until the job (and the lifecycle it starts) ends.
    pub keep_alive: Option<Pending>,
    /// Equivalent jobs scheduled while this one ran: settled with it.
    pub equivalent: Vec<(ClientId, u64, Option<Pending>)>,
    /// Whether the job promise has settled.
    pub settled: bool,
    /// The worker the job is installing, once it has one.
    pub worker: Option<WorkerKey>,
}

impl Job {
    /// Two jobs are equivalent when their type, scope (and for register and update, script
    /// URL, worker type and update via cache mode) are the same.
    pub(super) fn is_equivalent(&self, other: &Job) -> bool {
        self.kind == other.kind
            && self.scope == other.scope
            && (self.kind == JobKind::Unregister
                || (self.script_url == other.script_url
                    && self.script_type == other.script_type
                    && self.update_via_cache == other.update_via_cache))
    }
}

impl Manager {
    /// <https://w3c.github.io/ServiceWorker/#schedule-job-algorithm>
    pub fn schedule_job(&mut self, mut job: Job) {
        job.id = self.next_job;
        self.next_job += 1;
        // 1-4. The job queue for the job's scope (and storage key).
        let key = (job.storage_key.clone(), job.scope.clone());
        let queue = self.job_queues.entry(key.clone()).or_default();
        // 5. If jobQueue is empty: enqueue job and invoke Run Job.
        let Some(last) = queue.back_mut() else {
            queue.push_back(job);
            return self.run_job(&key);
        };
        // 6.1-6.2. If job is equivalent to the last job and that job's promise has not settled,
        //          append job to its list of equivalent jobs; else enqueue it.
        if last.is_equivalent(&job) && !last.settled {
            last.equivalent.push((job.client, job.request, job.keep_alive));
        } else {
            queue.push_back(job);
        }
    }

    /// Run Job: the first job of the queue for `key` runs.
    /// <https://w3c.github.io/ServiceWorker/#run-job-algorithm>
    pub(super) fn run_job(&mut self, key: &(StorageKey, Url)) {
        let Some(job) = self.job_queues.get(key).and_then(|q| q.front()) else { return };
        match job.kind {
            JobKind::Register => self.register(key),
            JobKind::Update => self.update(key),
            JobKind::Unregister => self.unregister(key),
        }
    }

    /// <https://w3c.github.io/ServiceWorker/#finish-job-algorithm>
    pub(super) fn finish_job(&mut self, key: &(StorageKey, Url)) {
        let Some(queue) = self.job_queues.get_mut(key) else { return };
        // 3. Dequeue from jobQueue (dropping it releases its clients' event loops).
        queue.pop_front();
        // 4. If jobQueue is not empty, invoke Run Job with jobQueue.
        if queue.is_empty() {
            self.job_queues.remove(key);
        } else {
            self.run_job(key);
        }
    }

    pub(super) fn front_job(&mut self, key: &(StorageKey, Url)) -> Option<&mut Job> {
        self.job_queues.get_mut(key).and_then(|q| q.front_mut())
    }

    /// Resolve Job Promise (and those of the equivalent jobs): register and update jobs
    /// resolve with the registration object, unregister jobs with the value.
    /// <https://w3c.github.io/ServiceWorker/#resolve-job-promise-algorithm>
    pub(super) fn resolve_job(&mut self, key: &(StorageKey, Url), answer: impl Fn() -> Answer) {
        let Some(job) = self.front_job(key) else { return };
        job.settled = true;
        let targets: Vec<(ClientId, u64)> = std::iter::once((job.client.clone(), job.request))
            .chain(job.equivalent.iter().map(|(client, request, _)| (client.clone(), *request)))
            .collect();
        for (client, request) in targets {
            self.answer(&client, request, Ok(answer()));
        }
    }

    /// <https://w3c.github.io/ServiceWorker/#reject-job-promise-algorithm>
    pub(super) fn reject_job(&mut self, key: &(StorageKey, Url), error: JobError) {
        let Some(job) = self.front_job(key) else { return };
        if job.settled {
            return;
        }
        job.settled = true;
        let targets: Vec<(ClientId, u64)> = std::iter::once((job.client.clone(), job.request))
            .chain(job.equivalent.iter().map(|(client, request, _)| (client.clone(), *request)))
            .collect();
        for (client, request) in targets {
            self.answer(&client, request, Err(error.clone()));
        }
    }

    /// Get Registration: the registration in the map for the storage key and scope.
    pub(super) fn registration_for_scope(&self, key: &StorageKey, scope: &Url) -> Option<RegistrationId> {
        self.registrations
            .values()
            .find(|r| r.in_map && &r.storage_key == key && &r.scope == scope)
            .map(|r| r.id.clone())
    }

    /// Get Newest Worker: the installing worker, else the waiting one, else the active one.
    /// <https://w3c.github.io/ServiceWorker/#get-newest-worker>
    pub(super) fn newest_worker(&self, registration: &RegistrationId) -> Option<WorkerKey> {
        let r = self.registrations.get(registration)?;
        r.installing.or(r.waiting).or(r.active)
    }

    /// <https://w3c.github.io/ServiceWorker/#register-algorithm>
    pub(super) fn register(&mut self, key: &(StorageKey, Url)) {
        let job = self.job_queues[key].front().expect("run_job checked");
        let script_url = job.script_url.clone().expect("register jobs have a script URL");
        let referrer = Origin::from_url(&job.referrer);
        // 1. If the script URL's origin is not potentially trustworthy, reject with SecurityError.
        if !Origin::from_url(&script_url).is_potentially_trustworthy() {
            self.reject_job(key, JobError::Security(format!("{script_url} is not potentially trustworthy")));
            return self.finish_job(key);
        }
        // 2. If the script URL's origin and the referrer's origin are not same origin, reject
        //    with SecurityError.
        if Origin::from_url(&script_url) != referrer {
            self.reject_job(key, JobError::Security(format!("{script_url} is not same origin with the page")));
            return self.finish_job(key);
        }
        // 3. The same for the scope URL.
        if Origin::from_url(&job.scope) != referrer {
            self.reject_job(
                key,
                JobError::Security(format!("the scope {} is not same origin with the page", job.scope)),
            );
            return self.finish_job(key);
        }
        // 4. Let registration be the result of running Get Registration.
        let (storage_key, scope, update_via_cache, script_type) =
            (job.storage_key.clone(), job.scope.clone(), job.update_via_cache, job.script_type);
        match self.registration_for_scope(&storage_key, &scope) {
            // 5. If registration is not null: if its newest worker has the job's script URL,
            //    worker type and update via cache mode, resolve with registration and finish.
            Some(registration) => {
                let same = self.newest_worker(&registration).and_then(|w| self.workers.get(&w)).is_some_and(|w| {
                    w.script_url == script_url
                        && w.script_type == script_type
                        && self.registrations[&registration].update_via_cache == update_via_cache
                });
                if same {
                    let snapshot = self.registration_snapshot(&registration);
                    self.resolve_job(key, || Answer::Registration(Some(snapshot.clone())));
                    return self.finish_job(key);
                }
            }
            // 6. Else: invoke Set Registration.
            None => {
                self.set_registration(storage_key, scope, update_via_cache);
            }
        }
        // 7. Invoke Update with job.
        self.update(key);
    }

    /// <https://w3c.github.io/ServiceWorker/#set-registration-algorithm>
    pub(super) fn set_registration(
        &mut self,
        storage_key: StorageKey,
        scope: Url,
        update_via_cache: ServiceWorkerUpdateViaCache,
    ) -> RegistrationId {
        let n = self.next_registration;
        self.next_registration += 1;
        // The registration's name for the notifications core: its scope, with a fragment that
        // makes it unique (a new registration for the same scope is a different one).
        let id = RegistrationId(format!("{scope}#sw-{n}"));
        let registration = Registration {
            id: id.clone(),
            storage_key,
            scope,
            update_via_cache,
            installing: None,
            waiting: None,
            active: None,
            in_map: true,
        };
        self.registrations.insert(id.clone(), registration);
        id
    }

    /// Update, up to the script fetch (which finishes in [`Manager::script_fetched`]).
    /// <https://w3c.github.io/ServiceWorker/#update-algorithm>
    pub(super) fn update(&mut self, key: &(StorageKey, Url)) {
        let job = self.job_queues[key].front().expect("run_job checked");
        // 1-2. Let registration be Get Registration; if it is null, reject with a TypeError.
        let Some(registration) = self.registration_for_scope(&job.storage_key, &job.scope) else {
            self.reject_job(key, JobError::Type(format!("no registration for {}", key.1)));
            return self.finish_job(key);
        };
        // 3-4. For an update job, the newest worker's script URL must be the job's.
        let newest = self.newest_worker(&registration).and_then(|w| self.workers.get(&w));
        let script_url = match (&job.script_url, newest) {
            (Some(url), Some(newest)) if job.kind == JobKind::Update && &newest.script_url != url => {
                self.reject_job(key, JobError::Type("the script URL is not the newest worker's".into()));
                return self.finish_job(key);
            }
            (Some(url), _) => url.clone(),
            (None, Some(newest)) => newest.script_url.clone(),
            (None, None) => {
                self.reject_job(key, JobError::Type("the registration has no worker to update".into()));
                return self.finish_job(key);
            }
        };
        // An update job runs its newest worker's type, with the registration's update via cache
        // mode.
        if job.kind == JobKind::Update {
            let (script_type, update_via_cache) = (
                newest.map_or(ScriptType::Classic, |w| w.script_type),
                self.registrations[&registration].update_via_cache,
            );
            let job = self.job_queues.get_mut(key).and_then(|q| q.front_mut()).expect("running");
            job.script_type = script_type;
            job.update_via_cache = update_via_cache;
        }
        let job = self.job_queues[key].front().expect("running");
        // 5-7. Fetch the script (classic or module: the module's imports are fetched when it
        //      is evaluated), with `Service-Worker: script`, on a thread of its own.
        let (job_id, scope) = (job.id, job.scope.clone());
        let host = self.host.clone();
        let manager = self.tx.clone();
        let spawned = std::thread::Builder::new().name(format!("fetch {script_url}")).spawn(move || {
            let request = net::Request {
                method: "GET".into(),
                headers: vec![("Service-Worker".into(), "script".into())],
                body: None,
            };
            let result = host
                .request(&script_url, &request)
                .map_err(|e| JobError::Type(format!("failed to fetch {script_url}: {e}")))
                .and_then(|response| check_script_response(&script_url, &scope, &response));
            let _ = manager.send(Msg::ScriptFetched { job: job_id, result });
        });
        if let Err(e) = spawned {
            self.reject_job(key, JobError::Type(format!("cannot fetch the script: {e}")));
            self.finish_job(key);
        }
    }

    pub(super) fn job_key(&self, job_id: u64) -> Option<(StorageKey, Url)> {
        self.job_queues.iter().find(|(_, q)| q.front().is_some_and(|j| j.id == job_id)).map(|(k, _)| k.clone())
    }

    /// The rest of Update, once the script is fetched.
    pub fn script_fetched(&mut self, job_id: u64, result: Result<FetchedScript, JobError>) {
        let Some(key) = self.job_key(job_id) else { return };
        let job = self.job_queues[&key].front().expect("found above");
        let Some(registration) = self.registration_for_scope(&job.storage_key, &job.scope) else {
            self.reject_job(&key, JobError::Type("the registration was removed during the update".into()));
            return self.finish_job(&key);
        };
        let newest = self.newest_worker(&registration);
        let script = match result {
            Ok(script) => script,
            // If script is null: reject with the error (a SecurityError from the checks, else a
            // TypeError); if newestWorker is null, remove the registration map entry.
            Err(error) => {
                self.reject_job(&key, error);
                if newest.is_none() {
                    self.remove_from_map(&registration);
                }
                return self.finish_job(&key);
            }
        };
        let job = self.job_queues[&key].front().expect("found above");
        let (script_type, update_via_cache, job_script_url) =
            (job.script_type, job.update_via_cache, job.script_url.clone());
        // Set hasUpdatedResources to true if newestWorker is null, its script URL or type
        // differs, or its script is not byte-for-byte identical.
        let has_updated = match newest.and_then(|w| self.workers.get(&w)) {
            None => true,
            Some(w) => {
                Some(&w.script_url) != job_script_url.as_ref()
                    || w.script_type != script_type
                    || w.script != script.source
            }
        };
        // If hasUpdatedResources is false: set the update via cache mode, resolve with the
        // registration, and finish the job.
        if !has_updated {
            self.registrations.get_mut(&registration).expect("found above").update_via_cache = update_via_cache;
            let snapshot = self.registration_snapshot(&registration);
            self.resolve_job(&key, || Answer::Registration(Some(snapshot.clone())));
            return self.finish_job(&key);
        }
        // Let worker be a new service worker with the script URL, script resource and type;
        // run it (Run Service Worker), then Install once it evaluated (see `evaluated`).
        let worker = WorkerKey(self.next_worker);
        self.next_worker += 1;
        self.workers.insert(
            worker,
            Worker {
                key: worker,
                registration: registration.clone(),
                script_url: job_script_url.unwrap_or(script.url),
                script_type,
                script: script.source,
                imported: BTreeMap::new(),
                state: ServiceWorkerState::Parsed,
                skip_waiting: false,
                running: None,
            },
        );
        if let Some(job) = self.front_job(&key) {
            job.worker = Some(worker);
        }
        self.ensure_running(worker);
    }

    /// <https://w3c.github.io/ServiceWorker/#unregister-algorithm>
    pub(super) fn unregister(&mut self, key: &(StorageKey, Url)) {
        let job = self.job_queues[key].front().expect("run_job checked");
        // 1-2. Let registration be Get Registration; if null, resolve with false and finish.
        let Some(registration) = self.registration_for_scope(&job.storage_key, &job.scope) else {
            self.resolve_job(key, || Answer::Bool(false));
            return self.finish_job(key);
        };
        // 3. Remove the registration map entry.
        self.remove_from_map(&registration);
        // 4. Invoke Resolve Job Promise with job and true.
        self.resolve_job(key, || Answer::Bool(true));
        // 5. Invoke Try Clear Registration with registration.
        self.try_clear_registration(&registration);
        // 6. Invoke Finish Job with job.
        self.finish_job(key);
    }

    /// Removes the registration map entry: the registration is no longer found by scope, and
    /// its persistent notifications are dissociated (closed).
    pub(super) fn remove_from_map(&mut self, registration: &RegistrationId) {
        if let Some(r) = self.registrations.get_mut(registration) {
            r.in_map = false;
        }
        self.host.service.forget_registration(registration);
        self.save(registration);
    }

    /// <https://w3c.github.io/ServiceWorker/#try-clear-registration-algorithm>
    pub fn try_clear_registration(&mut self, registration: &RegistrationId) {
        let Some(r) = self.registrations.get(registration) else { return };
        let workers = [r.installing, r.waiting, r.active];
        let in_use = self.clients.values().any(|c| c.controller.is_some_and(|w| workers.contains(&Some(w))));
        if !in_use {
            self.clear_registration(registration);
        }
    }

    /// <https://w3c.github.io/ServiceWorker/#clear-registration-algorithm>
    pub(super) fn clear_registration(&mut self, registration: &RegistrationId) {
        let Some(r) = self.registrations.get_mut(registration) else { return };
        let workers = [r.installing.take(), r.waiting.take(), r.active.take()];
        for worker in workers.into_iter().flatten() {
            self.terminate(worker);
            self.set_worker_state(worker, ServiceWorkerState::Redundant);
        }
        self.broadcast_registration(registration);
    }
}
