//! Realtime chat on one host, real binary over loopback (SQLite; PostgreSQL
//! when `LEIDA_TEST_POSTGRES_URL` is set):
//! 1. idle WebSocket connections: how many one host holds and the resident
//!    memory each costs (registered radar sockets that only wait);
//! 2. latency from a customer's `send_msg` (HTTP) to the push arriving on the
//!    salesperson's socket, with every pair connected on both sides.
//!
//! Run: `cargo bench --bench chat_push` (`LEIDA_BENCH_IDLE` sockets, default
//! 10000; `LEIDA_BENCH_PAIRS`, default 1000).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use futures_util::future::join_all;
use harness::{params, Principal, Server, ServerConfig, Socket, Tenant};
use samples::{setting, Samples};
use serde_json::json;
use std::time::{Duration, Instant};

const RADAR_CHANNEL: &str = "/zhugeleida/public/websocket/leida";
const UNREAD_CHANNEL: &str = "/zhugeleida/qiyeweixin/websocket/leida_query_info_num";
const MINI_PROGRAM_CHANNEL: &str = "/zhugeleida/public/websocket/xiaochengxu";
/// Sockets opened at once while connecting.
const CONNECT_BATCH: usize = 250;

/// Lets this process and the server it spawns hold many sockets.
fn raise_open_file_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain libc calls on a stack value.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit);
        limit.rlim_cur = limit.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
    limit.rlim_cur
}

/// A registered socket on `path` for `who`.
async fn registered(
    server: &Server,
    path: &str,
    who: &Principal,
    register: serde_json::Value,
) -> Socket {
    let mut socket = Socket::connect(server, path).await;
    socket.send_signed(who, &register).await;
    let reply = socket.recv().await;
    assert!(
        reply["code"] == 200 || reply["code"] == 199,
        "register on {path}: {reply}"
    );
    socket
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

#[tokio::main]
async fn main() {
    let idle: usize = setting("LEIDA_BENCH_IDLE", 10_000);
    let pairs_wanted: usize = setting("LEIDA_BENCH_PAIRS", 1_000);
    let fd_limit = raise_open_file_limit();
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let pairs = server
        .db
        .seed_chat_pairs(tenant.company_id, pairs_wanted as i64)
        .await;
    println!(
        "chat_push: {} pairs seeded ({:?}), open-file limit {fd_limit}",
        pairs.len(),
        server.db.engine
    );

    // 1. Idle connections.
    let before = server.resident_bytes();
    let start = Instant::now();
    let mut sockets = Vec::with_capacity(idle);
    while sockets.len() < idle {
        let batch = (idle - sockets.len()).min(CONNECT_BATCH);
        let base = sockets.len();
        sockets.extend(
            join_all((0..batch).map(|k| {
                let (user, _) = &pairs[(base + k) % pairs.len()];
                registered(server, UNREAD_CHANNEL, user, json!({"type": "register"}))
            }))
            .await,
        );
    }
    let connect_time = start.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = server.resident_bytes();
    println!(
        "chat_push: {idle} idle registered sockets opened in {:.1} s; server RSS {:.1} MiB -> {:.1} MiB: {:.1} KiB per connection",
        connect_time.as_secs_f64(),
        mib(before),
        mib(after),
        after.saturating_sub(before) as f64 / 1024.0 / idle as f64
    );
    drop(sockets);
    tokio::time::sleep(Duration::from_secs(1)).await;

    // 2. Push latency with every pair connected on both sides.
    let mut radar = Vec::with_capacity(pairs.len());
    let mut customers = Vec::with_capacity(pairs.len());
    for chunk in pairs.chunks(CONNECT_BATCH) {
        radar.extend(
            join_all(chunk.iter().map(|(user, customer)| {
                registered(
                    server,
                    RADAR_CHANNEL,
                    user,
                    json!({"type": "register", "customer_id": customer.id.to_string()}),
                )
            }))
            .await,
        );
        customers.extend(
            join_all(chunk.iter().map(|(user, customer)| {
                registered(
                    server,
                    MINI_PROGRAM_CHANNEL,
                    customer,
                    json!({"type": "register", "u_id": user.id.to_string()}),
                )
            }))
            .await,
        );
    }
    let client = server.client();
    let mut latencies = Samples::default();
    for (i, (user, customer)) in pairs.iter().enumerate() {
        let content = json!({"info_type": 1, "msg": format!("第{i}条")}).to_string();
        let start = Instant::now();
        client
            .post(
                "/zhugeleida/xiaochengxu/chat/send_msg/0",
                customer,
                params!["u_id" => user.id, "content" => content],
            )
            .await
            .ok();
        let push = radar[i].recv().await;
        latencies.push(start.elapsed());
        assert_eq!(push["code"], 200, "push: {push}");
        // The customer's own socket shows its message too; read it so no
        // frames pile up.
        customers[i].recv().await;
    }
    println!(
        "chat_push: send_msg -> push on the salesperson's socket, {} pairs connected: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pairs.len(),
        latencies.ms(0.5),
        latencies.ms(0.99),
        latencies.ms(1.0)
    );
}
