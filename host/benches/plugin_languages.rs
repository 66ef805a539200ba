//! The notes example in Rust, Python and JavaScript, with the runtime
//! settings `leida serve` uses: component size, compile time (cold cache),
//! compiled size, and instantiate + call median and p99 of a trivial route
//! (a path the module answers 404 itself, no host call) and of a route that
//! does one storage read (the customer's list: `storage.find` of 10 notes).
//!
//! Run: `cargo bench --bench plugin_languages`. The Python and JavaScript
//! components are read from `LEIDA_BENCH_EXAMPLES_DIR` (default
//! `target/examples`, where `.ci/run` builds them); a missing one is skipped.

use leida::app::App;
use leida::identity::{ClientKind, Principal};
use leida::modules::{inspect, install};
use leida::runtime::bindings::guest::Request;
use leida::runtime::bindings::types::Principal as GuestPrincipal;
use leida::runtime::Prepared;
use leida::settings::Settings;
use leida::store::companies;
use samples::{setting, Samples};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

/// One language's build of the example.
struct Example {
    lang: &'static str,
    file: PathBuf,
    segment: &'static str,
}

fn examples() -> Vec<Example> {
    let built = PathBuf::from(setting(
        "LEIDA_BENCH_EXAMPLES_DIR",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../target/examples").to_string(),
    ));
    vec![
        Example {
            lang: "Rust",
            file: Path::new(env!("LEIDA_WASM_DIR")).join("leida_example_rust_notes.wasm"),
            segment: "rust_notes",
        },
        Example {
            lang: "Python",
            file: built.join("py_notes.wasm"),
            segment: "py_notes",
        },
        Example {
            lang: "JavaScript",
            file: built.join("js_notes.wasm"),
            segment: "js_notes",
        },
    ]
}

fn request(method: &str, path: String, form: Vec<(String, String)>, customer: u64) -> Request {
    Request {
        method: method.into(),
        path,
        object_id: None,
        query: vec![],
        form,
        caller: GuestPrincipal::Customer(customer),
    }
}

/// The size of the compiled artifact of build `digest` in cache `dir`.
fn compiled_size(dir: &Path, digest: &str) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(digest))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let calls: usize = setting("LEIDA_BENCH_CALLS", 1000);
    println!("| language | component | compile (cold) | compiled | core instances | initial memory | trivial route median / p99 | one storage read median / p99 |");
    println!("|---|---|---|---|---|---|---|---|");
    // The engine each App opened (a scratch data dir: SQLite).
    let mut engine = None;
    for example in examples() {
        if !example.file.is_file() {
            eprintln!(
                "{}: {} not built, skipped",
                example.lang,
                example.file.display()
            );
            continue;
        }
        let bytes = std::fs::read(&example.file)?;
        let dir = std::env::temp_dir().join(format!(
            "leida-bench-languages-{}-{}",
            std::process::id(),
            example.segment
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        // A fresh cache: the first prepare compiles, as an install does.
        let settings = Settings::new(&dir, "http://127.0.0.1");
        let cache = settings.cache_dir.clone();
        let app = App::new(settings).await?;
        engine = Some(app.db.dialect);
        let needs = inspect::outline(&bytes).map_err(anyhow::Error::msg)?.needs;
        let runtime = app.runtime.clone();
        let compile = {
            let bytes = bytes.clone();
            tokio::task::spawn_blocking(move || {
                let start = Instant::now();
                runtime.prepare(&bytes, needs).map(|_| start.elapsed())
            })
            .await??
        };
        let compiled = compiled_size(&cache, &leida::runtime::artifact_cache::digest(&bytes));
        let (_, checked) =
            install::install(&app.db, &app.runtime, bytes.clone(), "bench", "bench").await?;
        let checked = checked.expect("a new build");
        let company_id = companies::create(&app.db, "基准公司")
            .await?
            .expect("a new company");
        let company = Arc::new(
            companies::get(&app.db, company_id)
                .await?
                .expect("the company"),
        );
        let caller = Principal {
            kind: ClientKind::Customer,
            id: 1,
            company_id,
        };
        let scope = app.request_scope(company, caller, &checked.descriptor);
        let module: &Prepared = &checked.prepared;
        let prefix = format!("/zhugeleida/xiaochengxu/{}", example.segment);
        for n in 0..10 {
            let form = vec![("text".to_string(), format!("note {n}"))];
            let added = app
                .runtime
                .handle(
                    module,
                    scope.clone(),
                    request("POST", format!("{prefix}/add"), form, 1),
                )
                .await?;
            assert_eq!(added.code, 200, "{}: {}", example.lang, added.msg);
        }
        let time = |path: String, code: u16| {
            let (app, scope) = (&app, scope.clone());
            async move {
                let mut samples = Samples::default();
                for i in 0..calls + calls / 10 {
                    let start = Instant::now();
                    let r = app
                        .runtime
                        .handle(
                            module,
                            scope.clone(),
                            request("GET", path.clone(), vec![], 1),
                        )
                        .await?;
                    let took = start.elapsed();
                    assert_eq!(r.code, code, "{path}: {}", r.msg);
                    if i >= calls / 10 {
                        samples.push(took);
                    }
                }
                anyhow::Ok(samples)
            }
        };
        let mut trivial = time(format!("{prefix}/nothing"), 404).await?;
        let mut read = time(format!("{prefix}/list"), 200).await?;
        println!(
            "| {} | {:.2} MB | {:.1} s | {:.1} MB | {} | {} MiB | {:.2} / {:.2} ms | {:.2} / {:.2} ms |",
            example.lang,
            bytes.len() as f64 / 1e6,
            compile.as_secs_f64(),
            compiled as f64 / 1e6,
            needs.core_instances,
            needs.initial_memory_bytes >> 20,
            trivial.ms(0.5),
            trivial.ms(0.99),
            read.ms(0.5),
            read.ms(0.99),
        );
        std::fs::remove_dir_all(&dir).ok();
    }
    println!(
        "\n{calls} calls per route after {} warm-up calls; allocator and limits as `leida serve` (pooling, copy-on-write images, 1 s deadline, 64 MiB cap); storage on {}.",
        calls / 10,
        engine.map_or("no engine".to_string(), |e| format!("{e:?}"))
    );
    Ok(())
}
