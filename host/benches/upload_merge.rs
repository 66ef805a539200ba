//! Chunked upload and merge of a 5 MiB JPEG-magic file in 64 chunks, signed
//! by a radar user, on the real binary with SQLite over loopback: the time of
//! `img_merge` alone and of the whole upload (64 chunks + merge), median and
//! p99. Run: `cargo bench --bench upload_merge` (`LEIDA_BENCH_UPLOADS` to
//! change the 30 uploads).

#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/harness/mod.rs"]
mod harness;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

use harness::{base64_chunks, jpeg_bytes, Server, ServerConfig, Tenant, Upload};
use samples::{setting, Samples};
use std::time::Instant;

const FILE_BYTES: usize = 5 << 20;
const CHUNKS: usize = 64;

#[tokio::main]
async fn main() {
    let uploads: usize = setting("LEIDA_BENCH_UPLOADS", 30).max(20);
    let server: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let tenant = Tenant::new(server).await;
    let user = tenant.radar_user().await;
    let chunks = base64_chunks(&jpeg_bytes(FILE_BYTES), CHUNKS);
    let order: Vec<usize> = (0..CHUNKS).collect();
    let (mut merges, mut wholes) = (Samples::default(), Samples::default());
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
        "upload_merge: {uploads} uploads of {} MiB in {CHUNKS} chunks ({:?}, loopback)",
        FILE_BYTES >> 20,
        server.db.engine
    );
    println!("| phase                 | median ms | p99 ms |");
    println!("|-----------------------|-----------|--------|");
    for (name, times) in [
        ("img_merge alone", &mut merges),
        ("whole upload + merge", &mut wholes),
    ] {
        println!(
            "| {name:<21} | {:>9.1} | {:>6.1} |",
            times.ms(0.5),
            times.ms(0.99)
        );
    }
}
