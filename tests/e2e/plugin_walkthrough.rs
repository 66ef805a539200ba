//! The plugin author's walkthrough of `docs/plugins.md`, end to end: `module
//! new` → build → `check` → `try` → `install` → `use` → a real request.

use crate::harness::{built_by, sha256, Server, Tenant, LEIDA};
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

#[tokio::test]
async fn a_new_rust_plugin_is_built_checked_tried_installed_and_served() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("leida-walkthrough-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let project = root.join("visit-log");
    let created = json_line(&run(Command::new(LEIDA).current_dir(&root).args([
        "module",
        "new",
        "visit-log",
        "--slot",
        "visit-log",
    ])));
    assert_eq!(created["lang"], "rust", "{created}");

    // The README's build command, with the guest builds' shared target dir.
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
    let file = wasm.display().to_string();

    let checked = Server::shared().cli(&["module", "check", &file]).await;
    assert_eq!(checked["problems"], serde_json::json!([]), "{checked}");
    assert_eq!(checked["descriptor"]["slot"], "visit-log", "{checked}");

    let tried = Server::cli_alone(&[
        "module",
        "try",
        &file,
        "--request",
        "GET /zhugeleida/xiaochengxu/visit_log/hello",
    ])
    .await;
    assert_eq!(tried["envelope"]["code"], 200, "{tried}");
    assert_eq!(
        tried["host_calls"],
        serde_json::json!(["directory.get-company"])
    );

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
