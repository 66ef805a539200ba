//! The Boss radar at scale, on the real binary with SQLite (PostgreSQL when
//! `LEIDA_TEST_POSTGRES_URL` is set), over loopback:
//! 1. two companies of the same size, each with 200 radar users, 100,000
//!    customers (about 130,000 relations), 1,000,000 action-log events,
//!    200,000 chat messages and 50,000 follow-up notes over the last 35
//!    days, loaded through the triggers that keep the per-day roll-up;
//! 2. every Boss-radar endpoint, for the company (a tenant-admin radar user
//!    or the back-office admin) and `type=personal`, one keep-alive
//!    connection, one request at a time: median and p99 per request;
//! 3. what the roll-up adds to recording one event: 64 connections of
//!    signed card views (each records an action) with the roll-up's
//!    triggers on and off, alternating, in the same run.
//!
//! Run: `cargo bench --bench boss_radar` (`LEIDA_BENCH_REQUESTS` per
//! request, default 200; `LEIDA_BENCH_SECS` per card-view phase, default 5;
//! `LEIDA_BENCH_ACTIONS` per company, default 1,000,000).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

#[path = "support/card_load.rs"]
mod card_load;
#[path = "support/latency_table.rs"]
mod latency_table;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{params, Envelope, Principal, Server, ServerConfig, Tenant, Volume};
use latency_table::Row;
use samples::setting;
use std::time::Instant;

const BOSS: &str = "/zhugeleida/boosleida/home_page";
const ADMIN: &str = "/zhugeleida/admin/home_page";
const USERS: i64 = 200;
const CONNECTIONS: usize = 64;
/// Card-view phases per setting of the roll-up, alternating.
const ROUNDS: usize = 2;

fn succeeded(row: &Row<'_>, reply: &Envelope) {
    assert_eq!(reply.code(), 200, "{}: {:?}", row.path, reply.body);
    let data = reply.data();
    assert!(
        !data["ret_data"].as_array().is_some_and(Vec::is_empty),
        "{} {}: an empty answer measures nothing",
        row.path,
        row.label
    );
}

/// A company of the benchmark's size: its tenant-admin radar user first,
/// then the members.
async fn company(server: &'static Server, volume: Volume, seed: u64) -> (Tenant, Vec<Principal>) {
    let tenant = Tenant::new(server).await;
    let mut users = vec![tenant.admin_user().await];
    users.extend(
        server
            .db
            .add_radar_users(tenant.company_id, USERS - 1)
            .await,
    );
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    server
        .db
        .load_activity(tenant.company_id, &ids, volume, seed)
        .await;
    (tenant, users)
}

#[tokio::main]
async fn main() {
    let requests: usize = setting("LEIDA_BENCH_REQUESTS", 200);
    let secs: u64 = setting("LEIDA_BENCH_SECS", 5);
    let volume = Volume {
        customers: 100_000,
        actions: setting("LEIDA_BENCH_ACTIONS", 1_000_000),
        messages: 200_000,
        follow_ups: 50_000,
    };
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let start = Instant::now();
    let (tenant, users) = company(server, volume, 1).await;
    company(server, volume, 2).await;
    server
        .db
        .settle(&[
            "customers",
            "relations",
            "actions",
            "action_days",
            "chat_messages",
            "follow_infos",
            "customer_days",
            "user_log_days",
            "customer_last_days",
            "relation_days",
            "new_customer_days",
            "customer_action_days",
            "action_code_set_days",
            "last_day_counts",
            "prior_day_counts",
        ])
        .await;
    println!(
        "boss_radar: loaded 2 companies of {USERS} users, {volume:?} in {:.0} s ({:?})",
        start.elapsed().as_secs_f64(),
        server.db.engine
    );

    let client = server.client();
    let (boss, member) = (&users[0], &users[1]);
    let paths: Vec<String> = [
        "acount_data",
        "line_info",
        "sales_ranking_customer_num",
        "hudong_pinlv_customer_num",
        "expect_chengjiaolv_customer_num",
        "query_have_customer_detail_people",
        "query_hudong_have_customer_detail_people",
    ]
    .iter()
    .map(|op| format!("{BOSS}/{op}"))
    .collect();
    let admin_paths = [
        ADMIN.to_string(),
        format!("{ADMIN}/acount_data"),
        format!("{ADMIN}/line_info"),
    ];
    let mut rows = Vec::new();
    for path in &paths[..5] {
        rows.push(Row::new(path, boss, "company", params![]));
        rows.push(Row::new(
            path,
            member,
            "type=personal",
            params!["type" => "personal"],
        ));
    }
    let drill = &paths[5];
    rows.push(Row::post(
        drill,
        boss,
        "a member, all time",
        params!["query_user_id" => member.id, "days" => 0],
    ));
    rows.push(Row::post(
        drill,
        boss,
        "a member, 30 days, 51_80_pr",
        params!["query_user_id" => member.id, "days" => 30, "expedted_pr" => "51_80_pr"],
    ));
    let hudong = &paths[6];
    rows.push(Row::post(
        hudong,
        boss,
        "a member, chat, 30 days",
        params!["query_user_id" => member.id, "days" => 30, "type" => "chat"],
    ));
    rows.push(Row::post(
        hudong,
        boss,
        "a member, follow, 7 days",
        params!["query_user_id" => member.id, "days" => 7, "type" => "follow"],
    ));
    let admin = &tenant.admin;
    rows.push(Row::new(&admin_paths[0], admin, "home", params![]));
    rows.push(Row::new(&admin_paths[1], admin, "five windows", params![]));
    rows.push(Row::post(
        &admin_paths[2],
        admin,
        "15 days, new customers",
        params!["days" => 15, "index_type" => 1],
    ));
    rows.push(Row::post(
        &admin_paths[2],
        admin,
        "15 days, views",
        params!["days" => 15, "index_type" => 3],
    ));
    latency_table::print(&client, &rows, requests, succeeded).await;

    // What the roll-up adds to recording an event: card views (each an
    // action) with its triggers on and off, alternating, so drift of the
    // shared machine falls on both.
    let viewed = tenant.radar_user().await;
    let mut customers = Vec::new();
    for _ in 0..CONNECTIONS {
        customers.push(tenant.authorised_customer(viewed.id).await);
    }
    let (mut on, mut off) = (0.0, 0.0);
    println!();
    for round in 0..ROUNDS * 2 {
        let rollup = round % 2 == 0;
        server.db.set_action_rollups(rollup).await;
        let mut load = card_load::views(server, &customers, &viewed, secs).await;
        assert_eq!(load.failed, 0, "every view answers 200");
        *(if rollup { &mut on } else { &mut off }) += load.per_second();
        println!(
            "boss_radar: card views, roll-up {}: {}",
            if rollup { "on " } else { "off" },
            load.summary()
        );
    }
    server.db.set_action_rollups(true).await;
    println!(
        "boss_radar: card views/s with the roll-up / without: {:.0} / {:.0} = {:.3}",
        on / ROUNDS as f64,
        off / ROUNDS as f64,
        on / off
    );
}
