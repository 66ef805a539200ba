//! Median time to instantiate a module and call a trivial handler, with the
//! runtime settings `leida serve` uses (pooling allocator, copy-on-write
//! images, epoch deadline, memory cap). Run: `cargo bench --bench module_call`.

use leida::auth::{ClientKind, Principal};
use leida::capabilities::RequestScope;
use leida::db::Db;
use leida::images::{Painter, DEFAULT_FONT};
use leida::runtime::bindings::guest::Request;
use leida::runtime::bindings::types::Principal as GuestPrincipal;
use leida::runtime::limits::Limits;
use leida::runtime::Runtime;
use leida::store::companies::Company;
use samples::Samples;
use std::sync::Arc;
use std::time::Instant;

#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

const WARMUP: usize = 200;
const ITERATIONS: usize = 5000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("leida-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = Db::connect(&format!("sqlite://{}", dir.join("bench.db").display())).await?;
    db.migrate().await?;
    let runtime = Runtime::new(Limits::default(), dir.join("cache"))?;
    let bytes = std::fs::read(concat!(env!("LEIDA_WASM_DIR"), "/leida_misbehave.wasm"))?;
    let module = runtime.prepare(&bytes)?;
    let caller = Principal {
        kind: ClientKind::Customer,
        id: 1,
        company_id: 1,
    };
    let scope = RequestScope {
        db,
        company_id: 1,
        caller,
        slot: "misbehave".into(),
        collections: Arc::default(),
        module_label: "misbehave@bench".into(),
        company: Arc::new(Company::default()),
        files_root: Arc::new(dir.clone()),
        bus: Arc::new(leida::realtime::Bus::local(leida::realtime::Hub::new())),
        painter: Arc::new(Painter::new(std::path::Path::new(DEFAULT_FONT))),
    };
    let request = || Request {
        method: "GET".into(),
        path: "/zhugeleida/xiaochengxu/misbehave/ok".into(),
        object_id: None,
        query: vec![],
        form: vec![],
        caller: GuestPrincipal::Customer(1),
    };
    let mut samples = Samples::default();
    for i in 0..WARMUP + ITERATIONS {
        let start = Instant::now();
        let response = runtime.handle(&module, scope.clone(), request()).await?;
        let took = start.elapsed();
        assert_eq!(response.code, 200);
        if i >= WARMUP {
            samples.push(took);
        }
    }
    println!(
        "module_call: instantiate + call of a trivial handler, {} calls, allocator {}: median {:.1} µs, p99 {:.1} µs",
        ITERATIONS,
        runtime.allocator,
        samples.micros(0.5),
        samples.micros(0.99),
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
