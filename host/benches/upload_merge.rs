//! Chunked upload and merge of a 5 MiB JPEG-magic file in 64 chunks, signed
//! by a radar user, on the real binary with SQLite over loopback: the time of
//! `img_merge` alone and of the whole upload (64 chunks + merge), median and
//! p99. Run: `cargo bench --bench upload_merge` (`LEIDA_BENCH_UPLOADS` to
//! change the 30 uploads).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;

use harness::{base64_chunks, jpeg_bytes, Server, ServerConfig, Tenant, Upload};
use std::time::{Duration, Instant};

const FILE_BYTES: usize = 5 << 20;
const CHUNKS: usize = 64;

#[tokio::main]
async fn main() {
    let uploads: usize = std::env::var("LEIDA_BENCH_UPLOADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
        .max(20);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let chunks = base64_chunks(&jpeg_bytes(FILE_BYTES), CHUNKS);
    let order: Vec<usize> = (0..CHUNKS).collect();
    let (mut merges, mut wholes) = (Vec::new(), Vec::new());
    for _ in 0..uploads {
        let upload = Upload::new("photo.jpg", "user_photo");
        let start = Instant::now();
        upload
            .send_all(&tenant.client, &user, &chunks, &order)
            .await;
        let merge_start = Instant::now();
        upload
            .merge(&tenant.client, &user, &CHUNKS.to_string())
            .await
            .ok();
        merges.push(merge_start.elapsed());
        wholes.push(start.elapsed());
    }
    println!(
        "upload_merge: {uploads} uploads of {} MiB in {CHUNKS} chunks (SQLite, loopback)",
        FILE_BYTES >> 20
    );
    println!("| phase                 | median ms | p99 ms |");
    println!("|-----------------------|-----------|--------|");
    for (name, times) in [
        ("img_merge alone", &mut merges),
        ("whole upload + merge", &mut wholes),
    ] {
        times.sort();
        println!(
            "| {name:<21} | {:>9.1} | {:>6.1} |",
            ms(times[times.len() / 2]),
            ms(percentile(times, 0.99))
        );
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
