//! One soak round, from the parent's side: spawn the content processes, bind each one's
//! clients, let them run, and check both ends: every client received exactly one `show` and
//! one `close` per notification (the content processes' reports), and the embedder was asked
//! to show each notification exactly once, under its client's origin and context, and took
//! each off the screen exactly once (closed, or replaced by a notification with its tag).

use std::collections::{BTreeMap, HashMap};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use ipc_channel::ipc::{IpcOneShotServer, IpcReceiver};
use notifications::{ContextFacts, ContextId, NotificationId, NotificationService, Origin};

use super::plan::{FromChild, Sizes, ToChild, CHILD_ENV};
use super::tally::{Seen, Tally};
use crate::support::{context_id, url, Call, Recorder};

/// A round that takes longer than this has hung.
const ROUND_LIMIT: Duration = Duration::from_secs(15 * 60);

/// How long the embedder may lag behind the content processes' reports (a client can hear
/// of a close before the manager has called the embedder).
const EMBEDDER_LAG: Duration = Duration::from_secs(30);

/// How long to keep watching the embedder once everything expected arrived, to catch late
/// duplicates.
const QUIET: Duration = Duration::from_millis(300);

/// What a round did.
pub struct Outcome {
    /// From the go to the last expected embedder call.
    pub wall: Duration,
    /// `show` and `close` events the clients received.
    pub client_events: u64,
    /// Show and close calls the embedder received.
    pub embedder_calls: u64,
}

/// The embedder's side of the check: a tally per client, and totals per origin.
#[derive(Default)]
struct EmbedderWatch {
    tally: Tally,
    /// Each client's origin and context, as bound.
    bound: HashMap<u64, (Origin, ContextId)>,
    /// Per origin: shows, and ends (closes and replacements).
    per_origin: BTreeMap<String, [u64; 2]>,
}

impl EmbedderWatch {
    fn count(&mut self, id: NotificationId, seen: Seen) {
        self.tally.record(id, seen);
        if let Some((origin, _)) = self.bound.get(&id.client) {
            self.per_origin.entry(origin.ascii_serialization()).or_default()[seen as usize] += 1;
        }
    }

    fn observe(&mut self, call: Call) {
        match call {
            Call::Show { id, request, replaces, .. } => {
                match self.bound.get(&id.client) {
                    Some((origin, context))
                        if (origin, context) != (&request.notification.origin, &request.context) =>
                    {
                        let what = format!(
                            "{id} shown as {} in {:?}; its client is {origin} in {context:?}",
                            request.notification.origin, request.context
                        );
                        self.tally.unexpected(what)
                    }
                    _ => {}
                }
                self.count(id, Seen::Shown);
                if let Some(old) = replaces {
                    self.count(old, Seen::Ended);
                }
            }
            Call::Close(id) => self.count(id, Seen::Ended),
            other => self.tally.unexpected(format!("unexpected embedder call {other:?}")),
        }
    }
}

/// A content process: the child, its end of the report channel, and its clients.
struct ContentProcess {
    child: Child,
    reports: IpcReceiver<FromChild>,
    clients: Vec<u64>,
}

pub fn run(service: &NotificationService, recorder: &Recorder, sizes: Sizes) -> Outcome {
    let watch = Arc::new(Mutex::new(EmbedderWatch::default()));
    let mut processes = Vec::new();
    let mut starts = Vec::new();
    for process in 0..sizes.processes {
        let (server, name) = IpcOneShotServer::<FromChild>::new().expect("a one-shot server");
        let child = Command::new(std::env::current_exe().expect("the test binary"))
            .args(["--exact", "soak_content_process", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, name)
            .stdout(Stdio::null())
            .spawn()
            .expect("the test binary runs again");
        let (reports, hello) = server.accept().expect("the content process connects");
        let FromChild::Hello(to_child) = hello else { panic!("a content process's first message is hello") };
        let mut clients = Vec::new();
        for k in 0..sizes.origins {
            let facts = ContextFacts::top_level_window(context_id(), &url(&sizes.page(process, k)));
            let endpoint = service.bind_ipc(facts.clone()).expect("the OS gives channels");
            let mut watch = watch.lock().unwrap();
            watch.tally.expect(endpoint.client_id, sizes.notifications);
            watch.bound.insert(endpoint.client_id, (facts.origin, facts.context));
            clients.push(endpoint.client_id);
            to_child.send(ToChild::Endpoint(endpoint)).expect("the content process takes its endpoints");
        }
        processes.push(ContentProcess { child, reports, clients });
        starts.push((to_child, ToChild::Start { process, notifications: sizes.notifications }));
    }

    let stop = Arc::new(AtomicBool::new(false));
    let collector = collect(recorder.calls.clone(), watch.clone(), stop.clone());
    let go = Instant::now();
    for (to_child, start) in starts {
        to_child.send(start).expect("the content process waits for the go");
    }

    let mut content_problems = Vec::new();
    let mut client_events = 0;
    for (process, content) in processes.iter_mut().enumerate() {
        let left = ROUND_LIMIT.saturating_sub(go.elapsed());
        let tally = match content.reports.try_recv_timeout(left) {
            Ok(FromChild::Report(tally)) => tally,
            Ok(FromChild::Hello(_)) => panic!("content process {process} said hello twice"),
            Err(e) => panic!("content process {process} sent no report: {e:?}"),
        };
        assert_eq!(tally.clients().collect::<Vec<_>>(), content.clients, "content process {process}'s clients");
        client_events += tally.observations();
        content_problems.extend(tally.problems().into_iter().map(|p| format!("content process {process}: {p}")));
    }
    for (process, content) in processes.iter_mut().enumerate() {
        let status = content.child.wait().expect("the content process ends");
        assert!(status.success(), "content process {process} failed: {status}");
    }

    let lag_limit = Instant::now() + EMBEDDER_LAG;
    while !watch.lock().unwrap().tally.complete() && Instant::now() < lag_limit {
        std::thread::sleep(Duration::from_millis(10));
    }
    let wall = go.elapsed();
    std::thread::sleep(QUIET);
    stop.store(true, Ordering::Relaxed);
    collector.join().expect("the collector does not panic");
    let watch = Arc::try_unwrap(watch).ok().expect("the collector is gone").into_inner().unwrap();
    let mut embedder_problems = watch.tally.problems();

    // Per origin: as many shows and ends as its clients showed notifications.
    let mut clients_per_origin: BTreeMap<String, u64> = BTreeMap::new();
    for (origin, _) in watch.bound.values() {
        *clients_per_origin.entry(origin.ascii_serialization()).or_default() += 1;
    }
    for (origin, clients) in &clients_per_origin {
        let expected = clients * sizes.notifications as u64;
        let [shows, ends] = watch.per_origin.get(origin).copied().unwrap_or_default();
        if [shows, ends] != [expected, expected] {
            embedder_problems.push(format!("{origin} had {shows} shows and {ends} ends, expected {expected} each"));
        }
    }

    if !content_problems.is_empty() || !embedder_problems.is_empty() {
        panic!(
            "soak round {sizes}: {} problems in what the clients received, for example {:#?}\n\
             {} problems in what the embedder was asked, for example {:#?}",
            content_problems.len(),
            &content_problems[..content_problems.len().min(20)],
            embedder_problems.len(),
            &embedder_problems[..embedder_problems.len().min(20)],
        );
    }
    Outcome { wall, client_events, embedder_calls: watch.tally.observations() }
}

/// Feeds the embedder's calls to `watch` until stopped.
fn collect(
    calls: Receiver<Call>,
    watch: Arc<Mutex<EmbedderWatch>>,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let Ok(call) = calls.recv_timeout(Duration::from_millis(20)) else { continue };
            let mut watch = watch.lock().unwrap();
            watch.observe(call);
            // Take what else is waiting under the same lock.
            while let Ok(call) = calls.try_recv() {
                watch.observe(call);
            }
        }
    })
}
