//! Latency of the case library's customer reads at 10,000 cases and 50,000
//! diaries in one company, written as the cases and diary modules keep
//! them, on the real binary with SQLite (PostgreSQL when
//! `LEIDA_TEST_POSTGRES_URL` is set), over loopback, one keep-alive
//! connection, one request at a time: the merged case list's first page
//! and page 50 (both sides read to the page's end and merged, with the
//! diary module's part a peer read), a tag's list, a keyword search, and a
//! 200-diary timeline (its first page, and one diary opened). Prints the
//! median and p99 per read. Run: `cargo bench --bench case_library`
//! (`LEIDA_BENCH_REQUESTS` per read, default 300).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

#[path = "support/latency_table.rs"]
mod latency_table;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{
    params, Envelope, Server, ServerConfig, Tenant, CASE_MANAGE, CASE_TAG, DIARY_MANAGE,
};
use latency_table::Row;
use samples::setting;
use std::time::Instant;

fn succeeded(row: &Row<'_>, reply: &Envelope) {
    assert_eq!(reply.code(), 200, "{}: {:?}", row.path, reply.body);
    assert!(
        !reply.data()["ret_data"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{}: an empty page measures nothing",
        row.path
    );
}

#[tokio::main]
async fn main() {
    let requests: usize = setting("LEIDA_BENCH_REQUESTS", 300);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let customer = tenant.customer(user.id).await;
    let start = Instant::now();
    let library = server
        .db
        .seed_case_library(tenant.company_id, tenant.admin.id)
        .await;
    println!(
        "case_library: seeded 10,000 cases and 50,000 diaries in {:.1} s ({:?})",
        start.elapsed().as_secs_f64(),
        server.db.engine
    );
    let client = server.client();
    let cases = format!("{CASE_MANAGE}/case_list");
    let tags = format!("{CASE_TAG}/case_list");
    let diaries = format!("{DIARY_MANAGE}/diary_list");

    // The list is the whole library: 5,000 timeline cases less the held
    // back, and the normal cases' diaries that are due and published.
    let first = client.get(&cases, &customer.principal, params![]).await;
    let total = first.ok()["data_count"].as_u64().unwrap();
    assert!(total > 20_000, "data_count {total}");
    let timeline = client
        .get(
            &diaries,
            &customer.principal,
            params!["case_id" => library.long_timeline, "length" => 0],
        )
        .await;
    assert_eq!(
        timeline.ok()["data_count"],
        180,
        "200 diaries less the future and held back"
    );

    let who = &customer.principal;
    let row = |path, label, query| Row::new(path, who, label, query);
    let rows = [
        row(&cases, "first page", params![]),
        row(&cases, "page 50", params!["current_page" => 50]),
        row(
            &cases,
            "search_tag_id (1,000 cases)",
            params!["search_tag_id" => library.tag],
        ),
        row(
            &tags,
            "name (keyword, with data_list)",
            params!["name" => library.tag_name.clone()],
        ),
        row(
            &diaries,
            "case_id (200-diary timeline)",
            params!["case_id" => library.long_timeline],
        ),
        row(
            &diaries,
            "diary_id (opened, read counted)",
            params!["diary_id" => library.long_timeline_diary, "uid" => user.id],
        ),
    ];
    latency_table::print(&client, &rows, requests, succeeded).await;
}
