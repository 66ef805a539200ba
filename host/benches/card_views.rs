//! Signed card views per second: 64 customers, one keep-alive connection
//! each, viewing a salesperson's card (`GET xiaochengxu/mingpian`: popularity
//! +1 and a radar action per view) on the real binary with SQLite, over
//! loopback. Run: `cargo bench --bench card_views` (`LEIDA_BENCH_SECS` to
//! change the 10 s duration).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

#[path = "support/card_load.rs"]
mod card_load;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{Server, ServerConfig, Tenant};
use samples::setting;

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
    let mut load = card_load::views(server, &customers, &user, secs).await;
    assert_eq!(load.failed, 0, "every view answers 200");
    println!(
        "card_views: signed views over {CONNECTIONS} connections ({:?}): {}",
        server.db.engine,
        load.summary()
    );
}
