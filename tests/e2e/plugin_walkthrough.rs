//! The plugin author's walkthrough of `docs/plugins.md`, end to end: `module
//! new` → build → `check` → `try` → `install` → `use` → a real request, in
//! Rust; and `module new` → build → `check` → `try` in Python and
//! JavaScript where this run has their toolchains (`COMPONENTIZE_PY`, and
//! `LEIDA_TEST_EXAMPLES_DIR` for npm, both set by `.ci/run`).

use crate::harness::{built_by, setting_or_skip, sha256, Server, Tenant, LEIDA};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `cmd` to success; panics with its output otherwise.
fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "{cmd:?} failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    stdout.into_owned()
}

/// The last JSON line `stdout` holds.
fn json_line(stdout: &str) -> serde_json::Value {
    let line = stdout.lines().rev().find(|l| l.starts_with('{')).unwrap();
    serde_json::from_str(line).unwrap()
}

/// `leida module new NAME --slot NAME --lang LANG` in a fresh directory:
/// the project's directory and what the command printed.
fn new_project(name: &str, lang: &str) -> (PathBuf, serde_json::Value) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("leida-walkthrough-{}-{lang}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let created = json_line(&run(Command::new(LEIDA)
        .current_dir(&root)
        .args(["module", "new", name, "--slot", name, "--lang", lang])));
    assert_eq!(created["lang"], lang, "{created}");
    (root.join(name), created)
}

/// `module check` finds no problem and `module try` answers the hello route.
async fn checked_and_tried(wasm: &Path, slot: &str) {
    let file = wasm.display().to_string();
    let checked = Server::shared().cli(&["module", "check", &file]).await;
    assert_eq!(checked["problems"], serde_json::json!([]), "{checked}");
    assert_eq!(checked["descriptor"]["slot"], slot, "{checked}");
    let request = format!(
        "GET /zhugeleida/xiaochengxu/{}/hello",
        slot.replace('-', "_")
    );
    let tried = Server::cli_alone(&["module", "try", &file, "--request", &request]).await;
    assert_eq!(tried["envelope"]["code"], 200, "{tried}");
    assert!(tried["envelope"]["data"]["hello"].is_string(), "{tried}");
    assert_eq!(
        tried["host_calls"],
        serde_json::json!(["directory.get-company"])
    );
}

#[tokio::test]
async fn a_new_rust_plugin_is_built_checked_tried_installed_and_served() {
    let (project, created) = new_project("visit-log", "rust");
    // The README's build command, in a target dir kept between runs, with
    // the workspace's lock file so the build needs no newer crate.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        project.join("Cargo.lock"),
    )
    .unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/walkthrough");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(&cargo);
    build
        .current_dir(&project)
        .args(created["build"].as_str().unwrap().split(' ').skip(1))
        .env("CARGO_TARGET_DIR", &target);
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        build.env_remove(var);
    }
    run(&mut build);
    let wasm = target.join("wasm32-wasip2/release/visit_log.wasm");
    checked_and_tried(&wasm, "visit-log").await;

    let server = Server::shared();
    let installed = server.install(&wasm).await;
    let digest = sha256(&std::fs::read(&wasm).unwrap());
    assert_eq!(installed["digest"], digest.as_str(), "{installed}");
    let t = Tenant::shared().await;
    t.module(&["use", "visit-log", &digest]).await;
    t.module(&["enable", "visit-log"]).await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let hello = t
        .client
        .get(
            "/zhugeleida/xiaochengxu/visit_log/hello",
            &customer.principal,
            Vec::new(),
        )
        .await;
    assert!(hello.ok()["hello"].is_string(), "{:?}", hello.body);
    assert!(built_by(&hello.build, &digest), "{:?}", hello.build);
}

#[tokio::test]
async fn a_new_python_plugin_is_built_checked_and_tried() {
    if setting_or_skip("COMPONENTIZE_PY", "the Python walkthrough").is_none() {
        return;
    }
    let (project, created) = new_project("py-hello", "python");
    run(Command::new(project.join("build.sh")).current_dir(&project));
    run(Command::new("python3")
        .args(["-m", "unittest"])
        .current_dir(&project));
    let wasm = project.join(created["component"].as_str().unwrap());
    checked_and_tried(&wasm, "py-hello").await;
}

#[tokio::test]
async fn a_new_javascript_plugin_is_built_checked_and_tried() {
    if setting_or_skip("LEIDA_TEST_EXAMPLES_DIR", "the JavaScript walkthrough").is_none() {
        return;
    }
    let (project, created) = new_project("js-hello", "js");
    run(Command::new(project.join("build.sh")).current_dir(&project));
    run(Command::new("node").arg("--test").current_dir(&project));
    let wasm = project.join(created["component"].as_str().unwrap());
    checked_and_tried(&wasm, "js-hello").await;
}
