//! A test-only module (slot `misbehave`) whose requests fail on purpose, so
//! the host can show that a trap, an endless loop or unbounded allocation
//! fails only the request that caused it.
//!
//! Paths under `/zhugeleida/xiaochengxu/misbehave`: `ok` answers 200
//! `{"ok":true}`, `trap` panics, `spin` never returns, `hog` allocates until
//! memory runs out; `file?path=…` asks the files capability for a stored
//! file, to show which files a module of a tenant can see.

use leida_module_sdk::input::Input;
use leida_module_sdk::log::{self, Level};
use leida_module_sdk::{error, files, json, ok, route_path, Descriptor, Guest, Request, Response};
use std::hint::black_box;

const PREFIX: &str = "/zhugeleida/xiaochengxu/misbehave";
/// What `spin` logs before it starts looping.
const SPINNING: &str = "misbehave: spinning";

struct Misbehave;

impl Guest for Misbehave {
    fn describe() -> Descriptor {
        Descriptor {
            name: "misbehave".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            routes: vec![PREFIX.to_string()],
            collections: Vec::new(),
        }
    }

    fn handle(req: Request) -> Response {
        match route_path(&req).strip_prefix(PREFIX) {
            Some("/ok") => ok("", json!({"ok": true})),
            Some("/trap") => trap(),
            Some("/spin") => spin(),
            Some("/hog") => hog(),
            Some("/file") => file(&req),
            _ => error(404, "非法请求"),
        }
    }
}

/// The stored file the `path` field names, as the files capability shows it
/// to this tenant; 302 when it is not one of the tenant's files.
fn file(req: &Request) -> Response {
    let path = Input::of(req).text("path").unwrap_or_default();
    match files::resolve(path) {
        Ok(f) => ok(
            "",
            json!({"path": f.path, "size": f.size, "content_type": f.content_type}),
        ),
        Err(_) => error(302, "文件不存在"),
    }
}

/// Panics; with `panic=abort` on wasm this is an `unreachable` trap.
fn trap() -> ! {
    panic!("misbehave: deliberate trap")
}

/// Says so in the host's log (a test waits for it to know the call is
/// running), then loops forever; `black_box` keeps the optimiser from
/// removing the loop.
fn spin() -> ! {
    log::write(Level::Info, SPINNING);
    let mut n: u64 = 0;
    loop {
        n = black_box(n.wrapping_add(1));
    }
}

/// Keeps 1 MiB chunks alive, writing to every page of each, until an
/// allocation fails (which aborts the instance).
fn hog() -> ! {
    const CHUNK: usize = 1 << 20;
    const PAGE: usize = 4096;
    let mut kept: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut chunk = vec![0u8; CHUNK];
        for i in (0..CHUNK).step_by(PAGE) {
            chunk[i] = black_box(1);
        }
        kept.push(black_box(chunk));
        black_box(&kept);
    }
}

leida_module_sdk::export!(Misbehave);
