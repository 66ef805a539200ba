//! Latency of the radar's views of one article's forward tree: 100,000
//! readers over 10 levels, written as the article module keeps them, on the
//! real binary with SQLite (PostgreSQL when `LEIDA_TEST_POSTGRES_URL` is
//! set), over loopback, one keep-alive connection, one request at a time.
//! Prints the median and p99 per view. Run: `cargo bench --bench
//! article_tree` (`LEIDA_BENCH_REQUESTS` per view, default 300).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

#[path = "support/latency_table.rs"]
mod latency_table;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{params, Envelope, Server, ServerConfig, Tenant, RADAR_ARTICLE};
use latency_table::Row;
use samples::setting;
use std::time::Instant;

/// Readers per level, level 1 first: 100,000 in all.
const LEVELS: [usize; 10] = [
    3_000, 5_000, 7_000, 9_000, 11_000, 12_000, 13_000, 13_000, 13_500, 13_500,
];

fn succeeded(row: &Row<'_>, reply: &Envelope) {
    assert_eq!(reply.code(), 200, "{}: {:?}", row.path, reply.body);
}

#[tokio::main]
async fn main() {
    let requests: usize = setting("LEIDA_BENCH_REQUESTS", 300);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let article = tenant.add_article("百万传播", params![]).await;
    let start = Instant::now();
    let tree = server
        .db
        .seed_article_tree(tenant.company_id, user.id, article, &LEVELS)
        .await;
    println!(
        "article_tree: seeded {} readers over {} levels in {:.1} s ({:?})",
        tree.customers.len(),
        tree.depth,
        start.elapsed().as_secs_f64(),
        server.db.engine
    );
    let client = server.client();
    let path = |op: &str| format!("{RADAR_ARTICLE}/{op}/{article}");
    let (hidden, ranking, transmit, table) = (
        path("hide_customer_data"),
        path("customer_effect_ranking_by_level"),
        path("query_customer_transmit_path"),
        path("query_customer_table_by_level"),
    );

    // The views see the whole tree: every reader under the radar user, ten
    // levels, a path of eleven from the deepest reader.
    let root = client.get(&table, &user, params!["level" => 0]).await;
    let row = &root.ok()["ret_data"][0];
    assert_eq!(row["lower_people_count"], 100_000, "{row}");
    assert_eq!(row["lower_level"], 10, "{row}");
    let deep = client
        .get(
            &transmit,
            &user,
            params!["customer_id" => tree.deepest, "level" => 10],
        )
        .await;
    assert_eq!(deep.ok()["ret_data"].as_array().map(Vec::len), Some(11));
    let first = client.get(&hidden, &user, params![]).await;
    assert_eq!(first.ok()["total_customer_num"], 100_000);

    let row = |path, label, query| Row::new(path, &user, label, query);
    let rows = [
        row(&hidden, "first page", params![]),
        row(
            &hidden,
            "order=-stay_time",
            params!["order" => "-stay_time"],
        ),
        row(
            &ranking,
            "level=10 (13,500 readers)",
            params!["level" => 10],
        ),
        row(&ranking, "level=1", params!["level" => 1]),
        row(
            &transmit,
            "deepest reader (level 10)",
            params!["customer_id" => tree.deepest, "level" => 10],
        ),
        row(
            &table,
            "level=0 (sums over the tree)",
            params!["level" => 0],
        ),
        row(
            &table,
            "level=1 (people and levels below)",
            params!["level" => 1],
        ),
    ];
    latency_table::print(&client, &rows, requests, succeeded).await;
}
