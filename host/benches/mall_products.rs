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

use harness::{params, Client, Params, Principal, Server, ServerConfig, Tenant};
use std::time::{Duration, Instant};

const COMPANY_PRODUCTS: i64 = 8_000;
const OWN_PRODUCTS: i64 = 1_000;
const COLLEAGUE_PRODUCTS: i64 = 1_000;
const WARM_UP: usize = 10;

/// One timed request, asserting success and a full page.
async fn timed(client: &Client, who: &Principal, path: &str, query: &Params) -> Duration {
    let start = Instant::now();
    let reply = client.get(path, who, query.clone()).await;
    let elapsed = start.elapsed();
    assert_eq!(reply.code(), 200, "{path}: {:?}", reply.body);
    assert_eq!(
        reply.data()["ret_data"].as_array().map(Vec::len),
        Some(20),
        "{path}: not a full page"
    );
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
    let lists: Vec<(&str, &Principal, &str, Params)> = vec![
        (mini, &customer, "first page", params!["uid" => user.id]),
        (
            mini,
            &customer,
            "page 50",
            params!["uid" => user.id, "current_page" => 50],
        ),
        (radar, &user, "first page", params![]),
        (radar, &user, "status_code=2", params!["status_code" => 2]),
        (
            admin,
            &tenant.admin,
            "product_type=1",
            params!["product_type" => 1],
        ),
        (
            admin,
            &tenant.admin,
            "product_type=2",
            params!["product_type" => 2],
        ),
        (
            admin,
            &tenant.admin,
            "product_type=1, product_name=产品1",
            params!["product_type" => 1, "product_name" => "产品1"],
        ),
    ];
    println!();
    println!("| list | params | requests | median ms | p99 ms |");
    println!("|---|---|---:|---:|---:|");
    for (path, who, label, query) in &lists {
        for _ in 0..WARM_UP {
            timed(&client, who, path, query).await;
        }
        let mut latencies = Vec::with_capacity(requests);
        for _ in 0..requests {
            latencies.push(timed(&client, who, path, query).await);
        }
        latencies.sort();
        let pct =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        println!(
            "| GET {} | {label} | {requests} | {:.2} | {:.2} |",
            path.trim_start_matches("/zhugeleida/"),
            ms(pct(0.5)),
            ms(pct(0.99)),
        );
    }
}
