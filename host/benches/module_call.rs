//! Median time to instantiate a module and call a trivial handler, with the
//! runtime settings `leida serve` uses (pooling allocator, copy-on-write
//! images, epoch deadline, memory cap). Run: `cargo bench --bench module_call`.

use leida::app::App;
use leida::identity::{ClientKind, Principal};
use leida::modules::install;
use leida::runtime::bindings::guest::Request;
use leida::runtime::bindings::types::Principal as GuestPrincipal;
use leida::settings::Settings;
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
    // The host `leida serve` builds, over a scratch data dir; compiled
    // plugins are kept between runs.
    let mut settings = Settings::new(&dir, "http://127.0.0.1");
    settings.cache_dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("leida-bench-cache");
    let app = App::new(settings).await?;
    let bytes = std::fs::read(concat!(env!("LEIDA_WASM_DIR"), "/leida_misbehave.wasm"))?;
    let checked = install::check(&app.runtime, std::sync::Arc::new(bytes)).await?;
    let (module, plugin) = (checked.prepared, checked.descriptor);
    let caller = Principal {
        kind: ClientKind::Customer,
        id: 1,
        company_id: 1,
    };
    let company = Company {
        id: 1,
        ..Company::default()
    };
    let scope = app.request_scope(Arc::new(company), caller, &plugin);
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
        let response = app
            .runtime
            .handle(&module, scope.clone(), request())
            .await?;
        let took = start.elapsed();
        assert_eq!(response.code, 200);
        if i >= WARMUP {
            samples.push(took);
        }
    }
    println!(
        "module_call: instantiate + call of a trivial handler, {} calls, allocator {}, host on {:?}: median {:.1} µs, p99 {:.1} µs",
        ITERATIONS,
        app.runtime.allocator,
        app.db.dialect,
        samples.micros(0.5),
        samples.micros(0.99),
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
