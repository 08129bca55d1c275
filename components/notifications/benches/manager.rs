//! Throughput of the notification service.
//!
//! - `show/one_origin`: 1000 notifications shown and closed through one origin's thread.
//! - `show/1000_origins`: one notification shown and closed on each of 1000 origins.
//! - `ipc/permission_round_trip` vs `local/permission_round_trip`: a synchronous query.
//! - `ipc/show_round_trip` vs `local/show_round_trip`: show request → show event.
//!
//! Run with `cargo bench -p notifications`.

mod common;

use common::Headless;
use std::time::{Duration, SystemTime};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use notifications::*;
use url::Url;

fn page(n: usize) -> ContextFacts {
    let url = Url::parse(&format!("https://site{n}.test/")).unwrap();
    ContextFacts::top_level_window(ContextId(n as u64), &url)
}

fn granted_service(origins: usize) -> NotificationService {
    // A thousand live notifications on one origin: past the default per-origin caps, which
    // this benchmark is not about.
    let config =
        ServiceConfig { max_notifications_per_origin: 2000, max_pending_per_origin: 4000, ..Default::default() };
    let service = NotificationService::builder(Headless).config(config).build();
    for n in 0..origins {
        service.set_permission(&page(n).origin, PermissionState::Granted).unwrap();
    }
    service
}

fn notification(client: &NotificationClient) -> Notification {
    let options = NotificationOptions { body: "body".into(), ..Default::default() };
    notifications::notification_constructor_steps(
        "title",
        &options,
        |_| Ok(SerializedData::default()),
        client.facts(),
        SystemTime::now(),
        DEFAULT_MAX_ACTIONS,
    )
    .unwrap()
}

fn expect(client: &NotificationClient, count: usize) {
    for _ in 0..count {
        client.events().recv_timeout(Duration::from_secs(10)).expect("event");
    }
}

fn show_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("show");
    group.throughput(Throughput::Elements(1000));

    let service = granted_service(1);
    let client = service.bind(page(0));
    group.bench_function("one_origin", |b| {
        b.iter(|| {
            let ids: Vec<_> = (0..1000).map(|_| client.show(notification(&client))).collect();
            expect(&client, 1000);
            for id in ids {
                client.close(id);
            }
            expect(&client, 1000);
        })
    });

    let service = granted_service(1000);
    let clients: Vec<_> = (0..1000).map(|n| service.bind(page(n))).collect();
    group.bench_function("1000_origins", |b| {
        b.iter(|| {
            let ids: Vec<_> = clients.iter().map(|c| c.show(notification(c))).collect();
            for c in &clients {
                expect(c, 1);
            }
            for (c, id) in clients.iter().zip(ids) {
                c.close(id);
            }
            for c in &clients {
                expect(c, 1);
            }
        })
    });
    group.finish();
}

fn round_trip_benches(c: &mut Criterion) {
    let service = granted_service(1);
    let local = service.bind(page(0));
    let remote = NotificationClient::from_ipc(service.bind_ipc(page(0)).unwrap());

    for (name, client) in [("local", &local), ("ipc", &remote)] {
        let mut group = c.benchmark_group(name);
        group.bench_function("permission_round_trip", |b| {
            b.iter(|| assert_eq!(client.permission(), NotificationPermission::Granted))
        });
        group.bench_function("show_round_trip", |b| {
            b.iter(|| {
                let id = client.show(notification(client));
                expect(client, 1);
                client.close(id);
                expect(client, 1);
            })
        });
        group.finish();
    }
}

criterion_group!(benches, show_benches, round_trip_benches);
criterion_main!(benches);
