//! Builds the bundled business modules (`plugins/*`) and the test components
//! (`tests/components/*`) for wasm32-wasip2, so that one `cargo build` or
//! `cargo test` produces a host with its modules.

use std::path::PathBuf;
use std::process::Command;

/// Guest packages built here: (package, directory to watch).
const GUESTS: &[(&str, &str)] = &[
    ("leida-card", "plugins/card"),
    ("leida-mall", "plugins/mall"),
    ("leida-misbehave", "tests/components/misbehave"),
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    let target_dir = root.join("target").join("wasm");
    for dir in ["wit", "plugins/sdk"]
        .iter()
        .chain(GUESTS.iter().map(|(_, d)| d))
    {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }
    println!("cargo:rerun-if-env-changed=LEIDA_SKIP_GUEST_BUILD");

    let out = target_dir.join("wasm32-wasip2").join("plugin");
    println!("cargo:rustc-env=LEIDA_WASM_DIR={}", out.display());
    if std::env::var_os("LEIDA_SKIP_GUEST_BUILD").is_some() {
        return;
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root)
        .args([
            "build",
            "--target",
            "wasm32-wasip2",
            "--profile",
            "plugin",
            "--target-dir",
        ])
        .arg(&target_dir);
    for (package, _) in GUESTS {
        cmd.args(["-p", package]);
    }
    // The host's own build settings (flags, wrappers such as clippy) must not leak into the guests.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_MAKEFLAGS",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .expect("running cargo for the wasm32-wasip2 guests");
    if !status.success() {
        panic!("building the wasm modules failed (is the target installed? `rustup target add wasm32-wasip2`)");
    }
}
