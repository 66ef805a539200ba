//! Builds the bundled business modules (`plugins/*`) and the test components
//! (`tests/components/*`) for wasm32-wasip2, so that one `cargo build` or
//! `cargo test` produces a host with its modules.

use std::path::PathBuf;
use std::process::Command;

/// Guest packages built here: (package, directory to watch).
const GUESTS: &[(&str, &str)] = &[
    ("leida-card", "plugins/card"),
    ("leida-mall", "plugins/mall"),
    ("leida-article", "plugins/article"),
    ("leida-cases", "plugins/cases"),
    ("leida-diary", "plugins/diary"),
    ("leida-boss-radar", "plugins/boss-radar"),
    ("leida-example-rust-notes", "plugins/examples/rust-notes"),
    ("leida-misbehave", "tests/components/misbehave"),
    ("leida-oldest-contract", "tests/components/oldest-contract"),
];

/// The faulty test plugins: one build of `leida-faulty` per feature, each
/// kept as `faulty_<feature>.wasm`.
const FAULTY: &[&str] = &[
    "failing-card",
    "describe-trap",
    "route-outside",
    "bad-collection",
    "huge-memory",
];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    let target_dir = root.join("target").join("wasm");
    for dir in ["wit", "plugins/sdk", "tests/components/faulty"]
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
    let packages: Vec<&str> = GUESTS.iter().map(|(p, _)| *p).collect();
    build_guests(&cargo, &root, &target_dir, &packages, None);
    for feature in FAULTY {
        build_guests(&cargo, &root, &target_dir, &["leida-faulty"], Some(feature));
        let name = format!("faulty_{}.wasm", feature.replace('-', "_"));
        std::fs::copy(out.join("leida_faulty.wasm"), out.join(name))
            .expect("keeping a faulty test plugin");
    }
}

/// `cargo build` of `packages` for wasm32-wasip2 (with one feature, if given).
fn build_guests(
    cargo: &str,
    root: &std::path::Path,
    target_dir: &std::path::Path,
    packages: &[&str],
    feature: Option<&str>,
) {
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args([
            "build",
            "--target",
            "wasm32-wasip2",
            "--profile",
            "plugin",
            "--target-dir",
        ])
        .arg(target_dir);
    for package in packages {
        cmd.args(["-p", package]);
    }
    if let Some(feature) = feature {
        cmd.args(["--features", feature]);
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
