//! Signed card views per second: 64 customers, one keep-alive connection
//! each, viewing a salesperson's card (`GET xiaochengxu/mingpian`: popularity
//! +1 and a radar action per view) on the real binary with SQLite, over
//! loopback. Run: `cargo bench --bench card_views` (`LEIDA_BENCH_SECS` to
//! change the 10 s duration).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{card_view, Client, Server, ServerConfig, Tenant};
use samples::{setting, Samples};
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 64;

#[tokio::main]
async fn main() {
    let secs: u64 = setting("LEIDA_BENCH_SECS", 10);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let mut customers = Vec::new();
    for _ in 0..CONNECTIONS {
        customers.push(tenant.authorised_customer(user.id).await);
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let tasks: Vec<_> = customers
        .into_iter()
        .map(|customer| {
            // One client per customer: one keep-alive connection each.
            let client: Client = server.client();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let start = Instant::now();
                    let reply = card_view(&client, &customer.principal, user.id).await;
                    assert_eq!(reply.code(), 200, "{:?}", reply.body);
                    latencies.push(start.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Samples::default();
    for t in tasks {
        latencies.extend(t.await.expect("load task"));
    }
    println!(
        "card_views: {} signed views in {secs} s over {CONNECTIONS} connections (SQLite): {:.0} views/s, median {:.2} ms, p99 {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / secs as f64,
        latencies.ms(0.5),
        latencies.ms(0.99),
    );
}
