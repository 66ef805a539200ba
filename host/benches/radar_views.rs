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

#[path = "support/latency_table.rs"]
mod latency_table;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{params, Envelope, Server, ServerConfig, Tenant};
use latency_table::Row;
use samples::setting;
use std::time::Instant;

const CUSTOMERS: i64 = 10_000;
const ACTIONS: i64 = 200_000;
const DAYS: i64 = 60;

fn succeeded(row: &Row<'_>, reply: &Envelope) {
    assert_eq!(reply.code(), 200, "{}: {:?}", row.path, reply.body);
}

#[tokio::main]
async fn main() {
    let requests: usize = setting("LEIDA_BENCH_REQUESTS", 300);
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
    let first = Row::new(time, &user, "first read", params![]);
    let first = latency_table::timed(&client, &first, succeeded).await;
    println!(
        "radar_views: first action/time (marks {ACTIONS} entries seen): {:.1} ms",
        first.as_secs_f64() * 1e3
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

    let row = |path, label, query| Row::new(path, &user, label, query);
    let rows = [
        row(time, "first page", params![]),
        row(
            time,
            "action=1, customer_id",
            params!["action" => 1, "customer_id" => busiest],
        ),
        row("/zhugeleida/qiyeweixin/tongxunlu", "first page", params![]),
        row(
            "/zhugeleida/qiyeweixin/tongxunlu",
            "order=-last_activity_time",
            params!["order" => "-last_activity_time"],
        ),
        row("/zhugeleida/qiyeweixin/action/count", "7 days", params![]),
        row(
            "/zhugeleida/qiyeweixin/action/customer",
            "7 days, first page",
            params![],
        ),
        row(
            "/zhugeleida/qiyeweixin/action/customer_detail",
            "7 days",
            params!["customer_id" => busiest],
        ),
        row(
            "/zhugeleida/qiyeweixin/action/get_new_log",
            "nothing new",
            params![],
        ),
    ];
    latency_table::print(&client, &rows, requests, succeeded).await;
}
