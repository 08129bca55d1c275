//! A content process of the soak: the test binary re-executed by the parent. It turns the
//! endpoints the parent bound into clients, has every client show its notifications, waits for
//! every `show`, closes them all, waits for every `close`, and sends the parent what each
//! client received, counted per notification.

use std::time::Duration;

use crossbeam_channel::Select;
use ipc_channel::ipc::{self, IpcSender};
use notifications::{ClientEvent, NotificationClient, NotificationId};

use super::plan::{tag, FromChild, ToChild, CHILD_ENV};
use super::tally::{Seen, Tally};
use crate::support::{options, show};

/// With no event at all for this long, the manager is taken to have stopped: what is missing
/// then is reported lost.
const STALL: Duration = Duration::from_secs(30);

/// How long to keep listening once everything expected has arrived, to catch duplicates that
/// come late.
const QUIET: Duration = Duration::from_millis(300);

pub fn main() {
    let server = std::env::var(CHILD_ENV).expect("spawned by the soak test");
    let to_parent = IpcSender::<FromChild>::connect(server).expect("the parent's server is up");
    let (tx, from_parent) = ipc::channel::<ToChild>().expect("a channel");
    to_parent.send(FromChild::Hello(tx)).expect("the parent is listening");

    let mut clients = Vec::new();
    let mut tally = Tally::default();
    let (process, notifications) = loop {
        match from_parent.recv().expect("the parent sends endpoints, then start") {
            ToChild::Endpoint(endpoint) => {
                clients.push((endpoint.client_id, NotificationClient::from_ipc(endpoint)));
            }
            ToChild::Start { process, notifications } => break (process, notifications),
        }
    };
    for (client_id, _) in &clients {
        tally.expect(*client_id, notifications);
    }
    let clients: Vec<NotificationClient> = clients.into_iter().map(|(_, client)| client).collect();

    // Round robin over the clients, so that every origin's manager is busy at once.
    let mut ids: Vec<Vec<NotificationId>> = vec![Vec::with_capacity(notifications); clients.len()];
    for seq in 1..=notifications as u64 {
        for (client, ids) in clients.iter().zip(&mut ids) {
            let id = show(client, &format!("soak {seq}"), &options(&tag(process, seq)));
            assert_eq!(id.seq, seq, "a client numbers its notifications from 1");
            ids.push(id);
        }
    }
    read_events(&clients, &mut tally, Tally::all_shown);

    // Every notification was shown (or, for some with the shared tag, already replaced and so
    // closed): close them all. A replaced one is no longer listed and gets no second close.
    for index in 0..notifications {
        for (client, ids) in clients.iter().zip(&ids) {
            client.close(ids[index]);
        }
    }
    read_events(&clients, &mut tally, Tally::complete);
    std::thread::sleep(QUIET);
    for client in &clients {
        while let Ok(event) = client.events().try_recv() {
            record(&mut tally, event);
        }
    }
    to_parent.send(FromChild::Report(tally)).expect("the parent takes the report");
}

/// Reads every client's events into `tally` until `done` holds, or nothing comes for
/// [`STALL`].
fn read_events(clients: &[NotificationClient], tally: &mut Tally, done: fn(&Tally) -> bool) {
    let mut select = Select::new();
    for client in clients {
        select.recv(client.events());
    }
    while !done(tally) {
        let Ok(ready) = select.ready_timeout(STALL) else {
            eprintln!("soak content process: no event for {STALL:?}; reporting what arrived");
            return;
        };
        while let Ok(event) = clients[ready].events().try_recv() {
            record(tally, event);
        }
    }
}

fn record(tally: &mut Tally, event: ClientEvent) {
    match event {
        ClientEvent::Show(id) => tally.record(id, Seen::Shown),
        ClientEvent::Close(id) => tally.record(id, Seen::Ended),
        other => tally.unexpected(format!("unexpected event {other:?}")),
    }
}
