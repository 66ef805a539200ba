//! Runtime limits: the test module `misbehave` traps, spins past the
//! deadline and allocates past the memory cap; each fails only its own
//! request (code 500, logged with the company, the module's name and the
//! cause) and the server keeps
//! serving that module and the card module. Through its `file` probe it
//! also shows that a module sees only its own tenant's stored files.

use crate::harness::{
    base64_chunks, jpeg_bytes, params, Customer, Envelope, Principal, Server, ServerConfig, Tenant,
    Upload, WASM_DIR,
};
use serde_json::json;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const MISBEHAVE: &str = "/zhugeleida/xiaochengxu/misbehave";
/// The module deadline of this server.
const DEADLINE_MS: u64 = 300;

/// The server with `misbehave` installed, a 300 ms deadline and a 32 MiB cap.
fn limits_server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        Server::start(&ServerConfig {
            module_deadline_ms: Some(DEADLINE_MS),
            module_memory_mib: Some(32),
            plugins: vec![Path::new(WASM_DIR).join("leida_misbehave.wasm")],
            ..ServerConfig::default()
        })
    })
}

/// A company of the limits server with `misbehave` enabled.
async fn setup() -> (Tenant, Principal, Customer) {
    let t = Tenant::new(limits_server()).await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let out = t.set_module("misbehave", true).await;
    assert_eq!(out["enabled"], true, "{out}");
    (t, user, customer)
}

async fn call(t: &Tenant, customer: &Customer, op: &str) -> Envelope {
    t.client
        .get(&format!("{MISBEHAVE}/{op}"), &customer.principal, params![])
        .await
}

/// Calls `op`, expecting code 500 and a log line of this company naming the
/// module and `cause`; then `ok` succeeds. Returns how long the call took.
async fn fails_alone(t: &Tenant, customer: &Customer, op: &str, cause: &str) -> Duration {
    let log_start = t.server.log().len();
    let started = Instant::now();
    call(t, customer, op).await.expect_code(500);
    let took = started.elapsed();
    let company = format!("company={}", t.company_id);
    let needles = [company.as_str(), "misbehave", cause];
    let line = t
        .server
        .wait_for_log_line(log_start, &needles, Duration::from_secs(3))
        .await;
    assert!(
        line.is_some(),
        "no log line of {needles:?} after {op}:\n{}",
        t.server.log().get(log_start..).unwrap_or("")
    );
    assert_eq!(
        call(t, customer, "ok").await.ok(),
        &json!({"ok": true}),
        "after {op}"
    );
    took
}

#[tokio::test]
async fn misbehave_is_installed_but_off_until_enabled() {
    let t = Tenant::new(limits_server()).await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let company = t.company_id.to_string();
    let out = t
        .server
        .cli(&["module", "list", "--company", &company])
        .await;
    let entry = out["modules"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["name"] == "misbehave"))
        .unwrap_or_else(|| panic!("misbehave not listed: {out}"));
    assert_eq!(entry["enabled"], false, "{entry}");

    let off = call(&t, &customer, "ok").await;
    off.expect_code(404);
    assert!(off.msg().contains("not enabled"), "{}", off.body);
    t.set_module("misbehave", true).await;
    assert_eq!(call(&t, &customer, "ok").await.ok(), &json!({"ok": true}));
}

#[tokio::test]
async fn a_trap_fails_only_its_request() {
    let (t, _user, customer) = setup().await;
    for _ in 0..2 {
        fails_alone(&t, &customer, "trap", "unreachable").await;
    }
}

#[tokio::test]
async fn a_spin_is_stopped_at_the_deadline() {
    let (t, _user, customer) = setup().await;
    let took = fails_alone(&t, &customer, "spin", "deadline exceeded").await;
    assert!(
        took >= Duration::from_millis(DEADLINE_MS * 8 / 10),
        "stopped before the deadline: {took:?}"
    );
    assert!(
        took < Duration::from_secs(10),
        "stopped far too late: {took:?}"
    );
}

#[tokio::test]
async fn a_hog_is_stopped_at_the_memory_cap() {
    let (t, _user, customer) = setup().await;
    // Stopped by the cap, not by the deadline that would stop it too: that
    // one logs "deadline exceeded" (see the spin), this one the cap.
    for _ in 0..2 {
        fails_alone(&t, &customer, "hog", "memory cap of 32 MiB exceeded").await;
    }
}

#[tokio::test]
async fn the_card_module_keeps_serving_while_a_module_misbehaves() {
    let (t, user, customer) = setup().await;
    t.view_card(&customer, user.id).await;

    let started = Instant::now();
    let spin = async {
        let reply = call(&t, &customer, "spin").await;
        (reply, Instant::now())
    };
    let log_start = t.server.log().len();
    let card = async {
        // Once the module is running the spin.
        let company = format!("company={}", t.company_id);
        let spinning = t
            .server
            .wait_for_log_line(
                log_start,
                &[company.as_str(), "misbehave: spinning"],
                Duration::from_secs(10),
            )
            .await;
        assert!(spinning.is_some(), "the spin never started");
        let card = t.view_card(&customer, user.id).await;
        (card, Instant::now())
    };
    let ((spun, spin_done), (_card, card_done)) = tokio::join!(spin, card);
    spun.expect_code(500);
    assert!(
        card_done < spin_done,
        "the card waited for the spinning module: card after {:?}, spin after {:?}",
        card_done - started,
        spin_done - started
    );

    for op in ["trap", "hog"] {
        call(&t, &customer, op).await.expect_code(500);
        t.view_card(&customer, user.id).await;
    }
    assert_eq!(call(&t, &customer, "ok").await.ok(), &json!({"ok": true}));
}

/// A stored file uploaded to `t` by `user`; returns its `statics/…` path.
async fn stored_photo(t: &Tenant, user: &Principal) -> String {
    let upload = Upload::new("photo.jpg", "user_photo");
    let chunks = base64_chunks(&jpeg_bytes(5000), 2);
    upload.send_all(&t.client, user, &chunks, &[0, 1]).await;
    let reply = upload.merge(&t.client, user, "2").await;
    reply.ok()["picture_url"]
        .as_str()
        .unwrap_or_else(|| reply.fail("no picture_url"))
        .to_string()
}

/// `misbehave/file?path=…`: the stored file as the files capability shows it.
async fn resolve(t: &Tenant, customer: &Customer, path: &str) -> Envelope {
    t.client
        .get(
            &format!("{MISBEHAVE}/file"),
            &customer.principal,
            params!["path" => path],
        )
        .await
}

#[tokio::test]
async fn a_module_sees_only_its_own_tenants_files() {
    let (a, user_a, customer_a) = setup().await;
    let (b, user_b, _) = setup().await;
    let mine = stored_photo(&a, &user_a).await;
    let theirs = stored_photo(&b, &user_b).await;
    let reply = resolve(&a, &customer_a, &mine).await;
    let data = reply.ok();
    assert_eq!(data["path"], mine.as_str());
    assert_eq!(
        (data["size"].as_i64(), data["content_type"].as_str()),
        (Some(5000), Some("image/jpeg"))
    );
    // Company B's file exists on disk, but not for company A's module.
    resolve(&a, &customer_a, &theirs).await.expect_code(302);
    for bad in [
        "statics/../leida.db",
        "/etc/passwd",
        "statics/zhugeleida/imgs",
    ] {
        resolve(&a, &customer_a, bad).await.expect_code(302);
    }
}
