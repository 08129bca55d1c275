//! Throughput and memory of the notification service, each figure next to a bare baseline
//! measured in the same run (what the same machine does with no notification logic at all),
//! printed as a table and, with `--json FILE`, as JSON.
//!
//! ```text
//! cargo bench -p notifications --bench throughput -- [--json FILE] [--quick] [--trials N] [--only memory,local,one,many,ipc]
//! ```
//!
//! - **shows/s, one origin**: one client constructs and shows notifications (title and body, 9
//!   bytes), the origin's manager runs the show steps and calls the embedder's `show`; a show
//!   counts once its `show` event has reached the client. Rounds of 5000 shows (then the client
//!   closes them all, untimed). Baseline: a crossbeam relay, the same number of two-word
//!   messages sent to a thread that sends each back (the two channel hops a show takes).
//! - **shows/s, 1000 origins**: 1000 clients, one per origin, each showing a burst of 10 per
//!   round (and, as a second figure, one each per round: every show is then for an origin with
//!   nothing else to do). Same baseline.
//! - **shows/s over IPC**: the client is in a child process (this binary re-executed), bound with
//!   `bind_ipc`. Baselines between the same two processes: ipc-channel one-way messages (a
//!   stream of `u64`s, unbatched) and echoes (one `u64` there and back at a time).
//! - **heap per live notification**: 100,000 notifications shown (10 origins × 10,000, the
//!   default per-origin cap), live heap counted by the binary's global allocator
//!   (`stats_alloc`), less the heap before; the title and body are 9 bytes of it.
//! - **idle client**: 1000 clients bound on one origin, each having shown and closed one
//!   notification, then idle.
//! - **heap after a burst**: 1000 origins × 1000 notifications shown and closed, the clients
//!   gone and the origin threads stopped; the live heap against the baseline before the burst.
//! - **OS threads for 1000 origins**: threads of this process while 1000 origins each have a
//!   notification up, less those before the service started, against the number of origins
//!   (the managers run on a pool of at most 4 threads, one per processor).
//!
//! Throughput figures are the median of `--trials` runs (default 5; min and max are in the
//! JSON). The allocator counts with atomics shared by every thread, which costs the
//! throughput figures a little; the baselines pay it too.

mod common;

use common::Headless;
use std::alloc::System;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use ipc_channel::ipc::{self, IpcOneShotServer, IpcReceiver, IpcSender};
use notifications::*;
use serde::{Deserialize, Serialize};
use stats_alloc::{StatsAlloc, INSTRUMENTED_SYSTEM};
use url::Url;

#[global_allocator]
static HEAP: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Set in the re-executed binary: the name of the parent's one-shot IPC server.
const CHILD_ENV: &str = "HERALD_THROUGHPUT_CHILD";

/// How long any one wait for an event may take before the benchmark is taken to have hung.
const WAIT: Duration = Duration::from_secs(60);

/// Live heap bytes of this process.
fn live_heap() -> usize {
    let stats = INSTRUMENTED_SYSTEM.stats();
    stats.bytes_allocated.saturating_sub(stats.bytes_deallocated)
}

/// OS threads of this process.
fn os_threads() -> usize {
    std::fs::read_dir("/proc/self/task").map(|d| d.count()).unwrap_or(0)
}

fn page(origin: usize) -> Url {
    Url::parse(&format!("https://site{origin}.test/")).unwrap()
}

fn facts(context: u64, origin: usize) -> ContextFacts {
    ContextFacts::top_level_window(ContextId(context), &page(origin))
}

/// A service whose origin threads stop soon after they are idle, and which waits for them to
/// stop when dropped: what one figure leaves running must not weigh on the next.
struct Service(NotificationService);

impl std::ops::Deref for Service {
    type Target = NotificationService;
    fn deref(&self) -> &NotificationService {
        &self.0
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.0.running_origin_threads() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn service(config: ServiceConfig, origins: usize) -> Service {
    let idle_timeout = config.idle_timeout.min(Duration::from_millis(200));
    let service = NotificationService::builder(Headless).config(ServiceConfig { idle_timeout, ..config }).build();
    for n in 0..origins {
        service.preset_permission(&Origin::from_url(&page(n)), PermissionState::Granted);
    }
    Service(service)
}

/// Constructs (`new Notification("title", {body: "body"})`'s steps) and shows one notification.
fn show(client: &NotificationClient) -> NotificationId {
    let options = NotificationOptions { body: "body".into(), ..Default::default() };
    client.show(client.construct("title", &options, |_| Ok(SerializedData::default())).expect("valid options"))
}

/// Reads `count` events of the kind `expected` picks out.
fn expect(client: &NotificationClient, count: usize, expected: fn(&ClientEvent) -> bool) {
    for _ in 0..count {
        let event = client.events().recv_timeout(WAIT).expect("the manager answers");
        assert!(expected(&event), "unexpected event {event:?}");
    }
}

fn is_show(event: &ClientEvent) -> bool {
    matches!(event, ClientEvent::Show(_))
}

fn is_close(event: &ClientEvent) -> bool {
    matches!(event, ClientEvent::Close(_))
}

/// Shows `per_round` notifications and waits for their `show` events, `rounds` times; closes
/// them after each round (untimed). Returns shows per second.
fn shows_on(clients: &[NotificationClient], burst: usize, rounds: usize) -> f64 {
    let mut timed = Duration::ZERO;
    let mut ids = Vec::with_capacity(clients.len() * burst);
    for _ in 0..rounds {
        let start = Instant::now();
        for client in clients {
            for _ in 0..burst {
                ids.push(show(client));
            }
        }
        for client in clients {
            expect(client, burst, is_show);
        }
        timed += start.elapsed();
        for (client, ids) in clients.iter().zip(ids.chunks(burst)) {
            for &id in ids {
                client.close(id);
            }
        }
        for client in clients {
            expect(client, burst, is_close);
        }
        ids.clear();
    }
    (clients.len() * burst * rounds) as f64 / timed.as_secs_f64()
}

/// The in-process baseline: `per_round` two-word messages to a thread that sends each back,
/// `rounds` times. Returns messages per second.
fn crossbeam_relay(per_round: usize, rounds: usize) -> f64 {
    let (requests, relay_in) = crossbeam_channel::unbounded::<(u64, u64)>();
    let (relay_out, replies) = crossbeam_channel::unbounded::<(u64, u64)>();
    let relay = std::thread::spawn(move || {
        for message in relay_in {
            relay_out.send(message).unwrap();
        }
    });
    let mut timed = Duration::ZERO;
    for _ in 0..rounds {
        let start = Instant::now();
        for i in 0..per_round as u64 {
            requests.send((i, i)).unwrap();
        }
        for _ in 0..per_round {
            replies.recv().unwrap();
        }
        timed += start.elapsed();
    }
    drop(requests);
    relay.join().unwrap();
    (per_round * rounds) as f64 / timed.as_secs_f64()
}

/// Parent → child.
#[derive(Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)]
enum ToChild {
    /// Send `count` `u64`s on `ping`: a stream (only the last asks for an echo on `pong`), then
    /// one at a time, each waiting for its echo.
    Echo {
        ping: IpcSender<u64>,
        pong: IpcReceiver<u64>,
        count: usize,
    },
    /// Show through this client, as `shows_on` does.
    Shows {
        endpoint: IpcClientEndpoint,
        per_round: usize,
        rounds: usize,
    },
    Exit,
}

/// Child → parent.
#[derive(Serialize, Deserialize)]
enum FromChild {
    Hello(IpcSender<ToChild>),
    /// One-way messages per second, echoes per second.
    Echoed(f64, f64),
    Shown(f64),
}

/// A `u64` with this bit set asks for an echo.
const ECHO: u64 = 1 << 63;

/// The child process: does what the parent asks and reports its measurements.
fn child(server: String) {
    let to_parent = IpcSender::<FromChild>::connect(server).expect("the parent's server is up");
    let (tx, from_parent) = ipc::channel::<ToChild>().unwrap();
    to_parent.send(FromChild::Hello(tx)).unwrap();
    loop {
        match from_parent.recv().expect("the parent sends work") {
            ToChild::Echo { ping, pong, count } => {
                let start = Instant::now();
                for i in 0..count as u64 - 1 {
                    ping.send(i).unwrap();
                }
                ping.send(ECHO).unwrap();
                pong.recv().unwrap();
                let one_way = count as f64 / start.elapsed().as_secs_f64();
                let start = Instant::now();
                for i in 0..count as u64 {
                    ping.send(i | ECHO).unwrap();
                    pong.recv().unwrap();
                }
                let echoes = count as f64 / start.elapsed().as_secs_f64();
                to_parent.send(FromChild::Echoed(one_way, echoes)).unwrap();
            }
            ToChild::Shows { endpoint, per_round, rounds } => {
                let client = NotificationClient::from_ipc(endpoint);
                let clients = [client];
                shows_on(&clients, per_round, 1); // warm-up
                let rate = shows_on(&clients, per_round, rounds);
                to_parent.send(FromChild::Shown(rate)).unwrap();
            }
            ToChild::Exit => return,
        }
    }
}

/// The parent's side of the child process.
struct Child {
    process: std::process::Child,
    to_child: IpcSender<ToChild>,
    from_child: IpcReceiver<FromChild>,
}

impl Child {
    fn spawn() -> Child {
        let (server, name) = IpcOneShotServer::<FromChild>::new().unwrap();
        let process = Command::new(std::env::current_exe().unwrap())
            .env(CHILD_ENV, name)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("this binary runs again");
        let (from_child, hello) = server.accept().expect("the child connects");
        let FromChild::Hello(to_child) = hello else { panic!("the child's first message is hello") };
        Child { process, to_child, from_child }
    }

    /// One-way messages per second and echoes per second between the two processes.
    fn echo(&self, count: usize) -> (f64, f64) {
        let (ping, pings) = ipc::channel::<u64>().unwrap();
        let (pong, pongs) = ipc::channel::<u64>().unwrap();
        let echoer = std::thread::spawn(move || {
            let mut echoed = 0;
            while echoed < count + 1 {
                let message = pings.recv().unwrap();
                if message & ECHO != 0 {
                    pong.send(message).unwrap();
                    echoed += 1;
                }
            }
        });
        self.to_child.send(ToChild::Echo { ping, pong: pongs, count }).unwrap();
        let answer = self.from_child.recv().unwrap();
        echoer.join().unwrap();
        match answer {
            FromChild::Echoed(one_way, echoes) => (one_way, echoes),
            _ => panic!("expected the echo figures"),
        }
    }

    fn shows(&self, service: &NotificationService, per_round: usize, rounds: usize) -> f64 {
        let endpoint = service.bind_ipc(facts(1, 0)).unwrap();
        self.to_child.send(ToChild::Shows { endpoint, per_round, rounds }).unwrap();
        match self.from_child.recv().unwrap() {
            FromChild::Shown(rate) => rate,
            _ => panic!("expected the show figure"),
        }
    }

    fn exit(mut self) {
        self.to_child.send(ToChild::Exit).unwrap();
        self.process.wait().unwrap();
    }
}

/// Waits until `quiet()` holds and the live heap has stopped moving; returns it.
fn settled_heap(quiet: impl Fn() -> bool) -> usize {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = live_heap();
    let mut steady = 0;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let heap = live_heap();
        steady = if quiet() && heap.abs_diff(last) <= 4096 { steady + 1 } else { 0 };
        last = heap;
        if steady >= 2 || Instant::now() > deadline {
            return heap;
        }
    }
}

/// Heap bytes per live notification: 10 origins × 10,000 notifications.
fn heap_per_notification() -> f64 {
    const ORIGINS: usize = 10;
    const EACH: usize = 10_000;
    let service = service(ServiceConfig::default(), ORIGINS);
    let clients: Vec<_> = (0..ORIGINS).map(|n| service.bind(facts(n as u64 + 1, n))).collect();
    // Warm up: threads started, channels allocated.
    shows_on(&clients, 1, 1);
    let before = live_heap();
    let ids: Vec<Vec<NotificationId>> =
        clients.iter().map(|client| (0..EACH).map(|_| show(client)).collect()).collect();
    for client in &clients {
        expect(client, EACH, is_show);
    }
    let after = live_heap();
    for (client, ids) in clients.iter().zip(&ids) {
        for &id in ids {
            client.close(id);
        }
        expect(client, EACH, is_close);
    }
    (after as f64 - before as f64) / (ORIGINS * EACH) as f64
}

/// Heap bytes per idle client: 1000 clients of one origin, each having shown and closed one
/// notification.
fn idle_client_bytes() -> f64 {
    const CLIENTS: usize = 1000;
    let service = service(ServiceConfig::default(), 1);
    // Keeps the origin's thread running and warm.
    let first = [service.bind(facts(1, 0))];
    shows_on(&first, 1, 1);
    let before = live_heap();
    let clients: Vec<_> = (0..CLIENTS).map(|n| service.bind(facts(n as u64 + 2, 0))).collect();
    shows_on(&clients, 1, 1);
    let after = live_heap();
    drop(clients);
    (after as f64 - before as f64) / CLIENTS as f64
}

/// The live heap before and after 1000 origins × 1000 shows and closes, and the OS threads
/// before and while the 1000 origins have work.
fn burst(origins: usize, each: usize) -> (usize, usize, usize, usize) {
    let config = ServiceConfig { idle_timeout: Duration::from_millis(200), ..ServiceConfig::default() };
    // Before the service starts any thread of its own (and once those of the services before
    // it have ended).
    let deadline = Instant::now() + Duration::from_secs(5);
    while os_threads() > 1 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let threads_before = os_threads();
    let service = service(config, origins);
    let stopped = || service.running_origin_threads() == 0;
    // Warm-up: whatever the first use of each part allocates for good.
    let warm: Vec<_> = (0..10).map(|n| service.bind(facts(n as u64 + 1, n))).collect();
    shows_on(&warm, 10, 1);
    drop(warm);
    let before = settled_heap(stopped);
    let clients: Vec<_> = (0..origins).map(|n| service.bind(facts(n as u64 + 100, n))).collect();
    // Every origin has one notification up: count the threads.
    let first: Vec<NotificationId> = clients.iter().map(show).collect();
    for client in &clients {
        expect(client, 1, is_show);
    }
    let threads_busy = os_threads();
    for (client, id) in clients.iter().zip(first) {
        client.close(id);
        expect(client, 1, is_close);
    }
    for client in &clients {
        let ids: Vec<NotificationId> = (0..each).map(|_| show(client)).collect();
        for id in ids {
            client.close(id);
        }
        for _ in 0..2 * each {
            client.events().recv_timeout(WAIT).expect("the manager answers");
        }
    }
    drop(clients);
    let after = settled_heap(stopped);
    (before, after, threads_before, threads_busy)
}

/// A measured figure, with the bare baseline it is compared to.
struct Figure {
    name: &'static str,
    unit: &'static str,
    value: Stats,
    baseline: Option<(&'static str, Stats)>,
    /// The goal, and whether higher is better.
    goal: Option<(f64, bool)>,
}

#[derive(Clone, Copy)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(mut samples: Vec<f64>) -> Stats {
        samples.sort_by(f64::total_cmp);
        Stats { median: samples[samples.len() / 2], min: samples[0], max: samples[samples.len() - 1] }
    }

    fn one(value: f64) -> Stats {
        Stats { median: value, min: value, max: value }
    }
}

fn trials(n: usize, mut f: impl FnMut() -> f64) -> Stats {
    Stats::of((0..n).map(|_| f()).collect())
}

fn human(value: f64) -> String {
    match value.abs() {
        v if v >= 10_000_000.0 => format!("{:.1}M", value / 1e6),
        v if v >= 1_000_000.0 => format!("{:.2}M", value / 1e6),
        v if v >= 10_000.0 => format!("{:.0}k", value / 1e3),
        _ => format!("{value:.0}"),
    }
}

fn main() {
    if let Ok(server) = std::env::var(CHILD_ENV) {
        return child(server);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let json = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1)).cloned();
    let trial_count = args
        .iter()
        .position(|a| a == "--trials")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick { 2 } else { 5 });
    let rounds = if quick { 2 } else { 10 };
    // `--only memory,local,ipc`: some of the figures (for profiling one part).
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    // (`local` is `one` and `many`.)
    let wanted = |part: &str| {
        only.as_ref().is_none_or(|only| {
            only.split(',').any(|p| {
                p == part
                    || (p == "local" && ["one", "many"].contains(&part))
                    || (part == "local" && ["one", "many"].contains(&p))
            })
        })
    };
    const PER_ROUND: usize = 5000;
    let mut figures = Vec::new();

    if wanted("memory") {
        eprintln!("memory…");
        let per_notification = heap_per_notification();
        figures.push(Figure {
            name: "heap per live notification",
            unit: "bytes",
            value: Stats::one(per_notification),
            baseline: Some(("its title + body", Stats::one(9.0))),
            goal: Some((1024.0 + 9.0, false)),
        });
        figures.push(Figure {
            name: "heap per idle client",
            unit: "bytes",
            value: Stats::one(idle_client_bytes()),
            baseline: None,
            goal: Some((2048.0, false)),
        });
        let (origins, each) = if quick { (1000, 100) } else { (1000, 1000) };
        let (before, after, threads_before, threads_busy) = burst(origins, each);
        figures.push(Figure {
            name: "heap after 1000 origins × 1000 show+close",
            unit: "bytes",
            value: Stats::one(after as f64),
            baseline: Some(("heap before the burst", Stats::one(before as f64))),
            // The soak test's tolerance: 64 KiB, and 256 bytes per client.
            goal: Some((before as f64 + (64 << 10) as f64 + 256.0 * origins as f64, false)),
        });
        figures.push(Figure {
            name: "OS threads added, 1000 origins busy",
            unit: "threads",
            value: Stats::one(threads_busy as f64 - threads_before as f64),
            baseline: Some(("busy origins", Stats::one(origins as f64))),
            goal: None,
        });
    }

    if wanted("local") {
        eprintln!("in process…");
        let relay = trials(trial_count, || crossbeam_relay(PER_ROUND, rounds));
        let one_origin = if !wanted("many") || wanted("one") {
            let service = service(ServiceConfig::default(), 1);
            let client = [service.bind(facts(1, 0))];
            shows_on(&client, PER_ROUND, 1);
            trials(trial_count, || shows_on(&client, PER_ROUND, rounds))
        } else {
            Stats::one(0.0)
        };
        figures.push(Figure {
            name: "shows/s, one origin",
            unit: "shows/s",
            value: one_origin,
            baseline: Some(("crossbeam relay msgs/s", relay)),
            goal: Some((1e6, true)),
        });
        let (bursts, singles) = if !wanted("one") || wanted("many") {
            let service = service(ServiceConfig::default(), 1000);
            let clients: Vec<_> = (0..1000).map(|n| service.bind(facts(n as u64 + 1, n))).collect();
            shows_on(&clients, 1, 1);
            let bursts = trials(trial_count, || shows_on(&clients, 10, rounds / 2));
            let singles = trials(trial_count, || shows_on(&clients, 1, rounds * 2));
            (bursts, singles)
        } else {
            (Stats::one(0.0), Stats::one(0.0))
        };
        figures.push(Figure {
            name: "shows/s, 1000 origins, 10 each per round",
            unit: "shows/s",
            value: bursts,
            baseline: Some(("crossbeam relay msgs/s", relay)),
            goal: Some((1e6, true)),
        });
        figures.push(Figure {
            name: "shows/s, 1000 origins, 1 each per round",
            unit: "shows/s",
            value: singles,
            baseline: Some(("crossbeam relay msgs/s", relay)),
            goal: None,
        });
    }

    if wanted("ipc") {
        eprintln!("over IPC…");
        let child = Child::spawn();
        let echo: Vec<(f64, f64)> = (0..trial_count).map(|_| child.echo(if quick { 5000 } else { 20_000 })).collect();
        let one_way = Stats::of(echo.iter().map(|e| e.0).collect());
        let echoes = Stats::of(echo.iter().map(|e| e.1).collect());
        let ipc_shows = {
            let service = service(ServiceConfig::default(), 1);
            trials(trial_count, || child.shows(&service, PER_ROUND, rounds / 2))
        };
        child.exit();
        figures.push(Figure {
            name: "shows/s over IPC",
            unit: "shows/s",
            value: ipc_shows,
            baseline: Some(("ipc-channel one-way msgs/s", one_way)),
            goal: Some((1e5, true)),
        });
        figures.push(Figure {
            name: "shows/s over IPC vs echo",
            unit: "shows/s",
            value: ipc_shows,
            baseline: Some(("ipc-channel echoes/s", echoes)),
            goal: None,
        });
    }

    println!();
    println!(
        "{:<44} {:>12} {:>12}  {:<28} {:>8}  {:>10}",
        "figure", "value", "baseline", "(baseline is)", "ratio", "goal"
    );
    for f in &figures {
        let (base_name, base) = match &f.baseline {
            Some((name, stats)) => (*name, human(stats.median)),
            None => ("", String::new()),
        };
        let ratio = f.baseline.map(|(_, b)| format!("{:.2}", f.value.median / b.median)).unwrap_or_default();
        let goal = match f.goal {
            Some((goal, higher)) => {
                let met = if higher { f.value.median >= goal } else { f.value.median <= goal };
                format!("{}{} {}", if higher { "≥" } else { "≤" }, human(goal), if met { "met" } else { "MISSED" })
            }
            None => String::new(),
        };
        println!(
            "{:<44} {:>12} {:>12}  {:<28} {:>8}  {:>10}",
            f.name,
            human(f.value.median),
            base,
            base_name,
            ratio,
            goal
        );
    }

    if let Some(path) = json {
        let stats = |s: &Stats| serde_json::json!({"median": s.median, "min": s.min, "max": s.max});
        let figures: Vec<_> = figures
            .iter()
            .map(|f| {
                serde_json::json!({
                    "figure": f.name,
                    "unit": f.unit,
                    "value": stats(&f.value),
                    "baseline": f.baseline.as_ref().map(|(name, s)| serde_json::json!({"what": name, "value": stats(s)})),
                    "ratio": f.baseline.as_ref().map(|(_, b)| f.value.median / b.median),
                    "goal": f.goal.map(|(goal, higher)| serde_json::json!({
                        "value": goal,
                        "higher_is_better": higher,
                        "met": if higher { f.value.median >= goal } else { f.value.median <= goal },
                    })),
                })
            })
            .collect();
        let mut document = BTreeMap::new();
        document.insert("trials", serde_json::json!(trial_count));
        document.insert("quick", serde_json::json!(quick));
        document.insert(
            "unix_time",
            serde_json::json!(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs()),
        );
        document.insert("figures", serde_json::json!(figures));
        std::fs::write(&path, serde_json::to_string_pretty(&document).unwrap() + "\n")
            .expect("the JSON file is writable");
        eprintln!("wrote {path}");
    }
}
