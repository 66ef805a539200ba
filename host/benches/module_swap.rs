//! Live swaps of a company's card build, on the real binary over loopback
//! (SQLite; PostgreSQL when `LEIDA_TEST_POSTGRES_URL` is set):
//! 1. 64 connections of signed card views for one company, first without
//!    swaps, then while its card build is swapped every 100 ms (through the
//!    back office, bundled ↔ a distinct build): requests served, failed,
//!    p50/p99 of each;
//! 2. the time from a change written to the database (as `leida module use`
//!    writes it) to the first request served by the new build, on the host
//!    and on a second host beside it;
//! 3. the server's resident memory over install-and-swap cycles of distinct
//!    builds: it settles, because a build nobody uses is released.
//!
//! Run: `cargo bench --bench module_swap` (`LEIDA_BENCH_SECS` per load
//! phase, default 30; `LEIDA_BENCH_CYCLES`, default 100).

#[path = "support/card_load.rs"]
mod card_load;
#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{
    built_by, card_view, component, params, sha256, variant, Client, Principal, Server,
    ServerConfig, Tenant,
};
use leida::db::Db;
use leida::modules::assign::{self, Actor, Target};
use samples::{setting, Samples};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;

/// Swaps the company's card between `builds` through the back office every 100 ms until stopped.
async fn swap(
    client: Client,
    admin: Principal,
    builds: Vec<String>,
    stop: Arc<AtomicBool>,
) -> usize {
    let mut swaps = 0;
    while !stop.load(Ordering::Relaxed) {
        let digest = &builds[swaps % builds.len()];
        let reply = client
            .post(
                "/zhugeleida/admin/module/use",
                &admin,
                params!["slot" => "card", "digest" => digest],
            )
            .await;
        assert_eq!(reply.code(), 200, "{}", reply.body);
        swaps += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    swaps
}

/// Uploads `bytes` as the operator and grants the build to `company_id`.
async fn upload(t: &Tenant, operator: &Principal, bytes: Vec<u8>) -> String {
    let up = t
        .client
        .post_bytes("/zhugeleida/admin/module/upload", operator, bytes)
        .await;
    let digest = up.ok()["digest"].as_str().unwrap().to_string();
    t.client
        .post(
            "/zhugeleida/admin/module/grant",
            operator,
            params!["digest" => &digest, "company_id" => t.company_id],
        )
        .await
        .ok();
    digest
}

#[tokio::main]
async fn main() {
    let secs: u64 = setting("LEIDA_BENCH_SECS", 30);
    let cycles: usize = setting("LEIDA_BENCH_CYCLES", 100);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let beside = Server::start_beside(server, &ServerConfig::default());
    println!("module_swap: on {:?}", server.db.engine);
    let t = Tenant::new(server).await;
    let operator = Tenant::with_operator_admin(server).await.admin;
    let user = t.radar_user().await;
    let mut customers = Vec::new();
    for _ in 0..CONNECTIONS {
        customers.push(t.authorised_customer(user.id).await);
    }
    let card = std::fs::read(component("leida_card.wasm")).unwrap();
    let variant_digest = upload(&t, &operator, variant(&card, "swap")).await;
    let bundled = t.slot("card").await["digest"].as_str().unwrap().to_string();

    // 1. Load without swaps, then the same load while swapping.
    let mut calm = card_load::views(server, &customers, &user, secs).await;
    println!("module_swap: no swaps: {}", calm.summary());
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = tokio::spawn(swap(
        server.client(),
        t.admin.clone(),
        vec![variant_digest.clone(), "bundled".into()],
        stop.clone(),
    ));
    let mut swapping = card_load::views(server, &customers, &user, secs).await;
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.await.unwrap();
    println!("module_swap: {swaps} swaps: {}", swapping.summary());
    println!(
        "module_swap: p99 while swapping / without: {:.2}",
        swapping.latencies.ms(0.99) / calm.latencies.ms(0.99)
    );

    // 2. From a change written to the database to the first request the new build serves.
    let db = Db::connect(&server.db.url)
        .await
        .expect("the server's database");
    let actor = Actor {
        name: "bench",
        granted_only: false,
    };
    let (mut here, mut there) = (Samples::default(), Samples::default());
    let customer = &customers[0];
    for i in 0..20 {
        // A random moment, not in step with either host's watcher.
        tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 250)).await;
        let (target, digest) = if i % 2 == 0 {
            (Target::Build(variant_digest.clone()), &variant_digest)
        } else {
            (Target::Bundled, &bundled)
        };
        let started = Instant::now();
        assign::use_build(&db, t.company_id, "card", &target, None, actor)
            .await
            .unwrap();
        let mut pending = vec![(server, &mut here), (&beside, &mut there)];
        while !pending.is_empty() {
            let mut still = Vec::new();
            for (host, samples) in pending {
                let reply = card_view(&host.client(), &customer.principal, user.id).await;
                if built_by(&reply.build, digest) {
                    samples.push(started.elapsed());
                } else {
                    still.push((host, samples));
                }
            }
            pending = still;
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "not applied within 5 s"
            );
        }
    }
    println!(
        "module_swap: change to first request on the new build: this host median {:.0} ms, max {:.0} ms; second host median {:.0} ms, max {:.0} ms",
        here.ms(0.5),
        here.ms(1.0),
        there.ms(0.5),
        there.ms(1.0)
    );

    // 3. Resident memory over install-and-swap cycles of distinct builds.
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    let mut rss = vec![(0, mib(server.resident_bytes()))];
    for i in 1..=cycles {
        let digest = upload(&t, &operator, variant(&card, &format!("cycle-{i}"))).await;
        assert_ne!(digest, sha256(&card));
        let used = t
            .client
            .post(
                "/zhugeleida/admin/module/use",
                &t.admin,
                params!["slot" => "card", "digest" => &digest],
            )
            .await;
        used.ok();
        let reply = card_view(&t.client, &customer.principal, user.id).await;
        assert!(built_by(&reply.build, &digest));
        if i % (cycles / 10).max(1) == 0 {
            rss.push((i, mib(server.resident_bytes())));
        }
    }
    let line: Vec<String> = rss.iter().map(|(i, m)| format!("{i}: {m:.0}")).collect();
    println!(
        "module_swap: resident MiB after n install-and-swap cycles: {}",
        line.join(", ")
    );
}
