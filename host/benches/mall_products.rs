//! Latency of the mall's product lists with 10,000 products in the tenant
//! (8,000 company products, 1,000 of the salesperson, 1,000 of a colleague;
//! every 10th recommended, every 7th off the shelf), on the real binary with
//! SQLite (PostgreSQL when `LEIDA_TEST_POSTGRES_URL` is set), over loopback,
//! one keep-alive connection, one request at a time. Each list call runs the
//! mall module (a fresh instance per request). Prints the median and p99 per
//! list. Run: `cargo bench --bench mall_products`
//! (`LEIDA_BENCH_REQUESTS` per list, default 300).

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

const COMPANY_PRODUCTS: i64 = 8_000;
const OWN_PRODUCTS: i64 = 1_000;
const COLLEAGUE_PRODUCTS: i64 = 1_000;

/// Every list answers a full page.
fn full_page(row: &Row<'_>, reply: &Envelope) {
    assert_eq!(reply.code(), 200, "{}: {:?}", row.path, reply.body);
    assert_eq!(
        reply.data()["ret_data"].as_array().map(Vec::len),
        Some(20),
        "{}: not a full page",
        row.path
    );
}

#[tokio::main]
async fn main() {
    let requests: usize = setting("LEIDA_BENCH_REQUESTS", 300);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let (user, colleague) = (tenant.radar_user().await, tenant.radar_user().await);
    let start = Instant::now();
    for (owner, count) in [
        (0, COMPANY_PRODUCTS),
        (user.id, OWN_PRODUCTS),
        (colleague.id, COLLEAGUE_PRODUCTS),
    ] {
        server
            .db
            .seed_products(tenant.company_id, owner, count)
            .await;
    }
    println!(
        "mall_products: seeded {} products in {:.1} s ({:?})",
        COMPANY_PRODUCTS + OWN_PRODUCTS + COLLEAGUE_PRODUCTS,
        start.elapsed().as_secs_f64(),
        server.db.engine
    );
    let customer = tenant.customer(user.id).await.principal;
    let client = server.client();
    let mini = "/zhugeleida/xiaochengxu/product/product_list";
    let radar = "/zhugeleida/qiyeweixin/product/product_list";
    let admin = "/zhugeleida/admin/product/product_list";
    let rows = [
        Row::new(mini, &customer, "first page", params!["uid" => user.id]),
        Row::new(
            mini,
            &customer,
            "page 50",
            params!["uid" => user.id, "current_page" => 50],
        ),
        Row::new(radar, &user, "first page", params![]),
        Row::new(radar, &user, "status_code=2", params!["status_code" => 2]),
        Row::new(
            admin,
            &tenant.admin,
            "product_type=1",
            params!["product_type" => 1],
        ),
        Row::new(
            admin,
            &tenant.admin,
            "product_type=2",
            params!["product_type" => 2],
        ),
        Row::new(
            admin,
            &tenant.admin,
            "product_type=1, product_name=产品1",
            params!["product_type" => 1, "product_name" => "产品1"],
        ),
    ];
    latency_table::print(&client, &rows, requests, full_page).await;
}
