//! Latency of the radar views and the address book of a busy salesperson:
//! 10,000 related customers and 200,000 actions over the last 60 days, on
//! the real binary with SQLite (PostgreSQL when `LEIDA_TEST_POSTGRES_URL` is
//! set; its fresh database has no statistics yet), over loopback, one
//! keep-alive connection, one request at a time. Prints the median and p99
//! per query. Run: `cargo bench --bench radar_views`
//! (`LEIDA_BENCH_REQUESTS` per query, default 300).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

use harness::{params, Client, Params, Principal, Server, ServerConfig, Tenant};
use std::time::{Duration, Instant};

const CUSTOMERS: i64 = 10_000;
const ACTIONS: i64 = 200_000;
const DAYS: i64 = 60;
const WARM_UP: usize = 10;

/// One timed request, asserting success.
async fn timed(client: &Client, user: &Principal, path: &str, query: &Params) -> Duration {
    let start = Instant::now();
    let reply = client.get(path, user, query.clone()).await;
    let elapsed = start.elapsed();
    assert_eq!(reply.code(), 200, "{path}: {:?}", reply.body);
    elapsed
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let requests: usize = std::env::var("LEIDA_BENCH_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let start = Instant::now();
    server
        .db
        .seed_radar_load(tenant.company_id, user.id, CUSTOMERS, ACTIONS, DAYS)
        .await;
    println!(
        "radar_views: seeded {CUSTOMERS} customers and {ACTIONS} actions over {DAYS} days in {:.1} s ({:?})",
        start.elapsed().as_secs_f64(),
        server.db.engine
    );
    let client = server.client();
    let time = "/zhugeleida/qiyeweixin/action/time";
    // The first read of the timeline marks all 200,000 unseen entries seen.
    let first = timed(&client, &user, time, &params![]).await;
    println!(
        "radar_views: first action/time (marks {ACTIONS} entries seen): {:.1} ms",
        ms(first)
    );
    let ranked = client
        .get(
            "/zhugeleida/qiyeweixin/action/customer",
            &user,
            params!["length" => 1],
        )
        .await;
    let busiest = ranked.ok()[0]["customer_id"]
        .as_i64()
        .expect("a customer with entries this week");

    let queries: Vec<(&str, &str, Params)> = vec![
        (time, "first page", params![]),
        (
            time,
            "action=1, customer_id",
            params!["action" => 1, "customer_id" => busiest],
        ),
        ("/zhugeleida/qiyeweixin/tongxunlu", "first page", params![]),
        (
            "/zhugeleida/qiyeweixin/tongxunlu",
            "order=-last_activity_time",
            params!["order" => "-last_activity_time"],
        ),
        ("/zhugeleida/qiyeweixin/action/count", "7 days", params![]),
        (
            "/zhugeleida/qiyeweixin/action/customer",
            "7 days, first page",
            params![],
        ),
        (
            "/zhugeleida/qiyeweixin/action/customer_detail",
            "7 days",
            params!["customer_id" => busiest],
        ),
        (
            "/zhugeleida/qiyeweixin/action/get_new_log",
            "nothing new",
            params![],
        ),
    ];
    println!();
    println!("| query | params | requests | median ms | p99 ms |");
    println!("|---|---|---:|---:|---:|");
    for (path, label, query) in &queries {
        for _ in 0..WARM_UP {
            timed(&client, &user, path, query).await;
        }
        let mut latencies = Vec::with_capacity(requests);
        for _ in 0..requests {
            latencies.push(timed(&client, &user, path, query).await);
        }
        latencies.sort();
        let pct =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        println!(
            "| GET {} | {label} | {requests} | {:.2} | {:.2} |",
            path.trim_start_matches("/zhugeleida/qiyeweixin/"),
            ms(pct(0.5)),
            ms(pct(0.99)),
        );
    }
}
