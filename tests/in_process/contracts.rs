//! Contract versions: a component of the oldest contract keeps running on a
//! host whose capabilities are written against the newest, and the oldest
//! contract stays as it shipped.

use crate::harness::TestApp;
use leida::modules::inspect::outline;
use leida::runtime::bindings::leida::platform::radar::{Action, Host as Radar};
use leida::runtime::bindings::leida::platform::storage::Host as Storage;
use leida::runtime::CONTRACTS;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::Path;

const NOTES: &str = "/zhugeleida/xiaochengxu/notes";

fn built(file: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("LEIDA_WASM_DIR")).join(file)).unwrap()
}

#[test]
fn shipped_contracts_are_frozen_byte_for_byte() {
    for (version, digest) in FROZEN {
        // SHA-256 over each file's name and bytes, in name order, as shipped.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../wit/platform@{version}"));
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut hash = Sha256::new();
        for name in &names {
            hash.update(name.as_bytes());
            hash.update(std::fs::read(dir.join(name)).unwrap());
        }
        assert_eq!(
            hex::encode(hash.finalize()),
            *digest,
            "wit/platform@{version} changed: add a new version beside it instead"
        );
    }
}

/// The digests of the contract versions as they shipped; a version joins
/// when a later one is added beside it.
const FROZEN: &[(&str, &str)] = &[
    (
        "0.1.0",
        "07b3b2a1376c52c5aa4c1419012d03b1b626abf740d075bbe9b3358136ddab68",
    ),
    (
        "0.2.0",
        "ec21ffa8fd82953b839906aad2a4bb0b3ef88f7f376a7600e31c26792eb20f94",
    ),
    (
        "0.3.0",
        "00206af72cfd6eca5f44239e93775519ea3425fad4434c7d6e76d2164125d607",
    ),
    (
        "0.4.0",
        "1fa12163461069d599fcecbf4000d4fc09935c90e251271468cf1718fb77ef52",
    ),
    (
        "0.5.0",
        "825e3f3b8b616bf9bd30245336220e26a2341c9cf0efe469755977ef6cf9f620",
    ),
];

#[test]
fn the_host_serves_every_version_and_components_say_which_they_target() {
    assert_eq!(
        CONTRACTS,
        ["0.1.0", "0.2.0", "0.3.0", "0.4.0", "0.5.0", "0.6.0"]
    );
    let oldest = outline(&built("leida_oldest_contract.wasm")).unwrap();
    assert_eq!(oldest.contract, "0.1.0");
    // It imports every host interface, each of 0.1.0.
    let mut imported: Vec<&str> = oldest
        .imports
        .iter()
        .filter_map(|i| i.strip_prefix("leida:platform/"))
        .collect();
    imported.sort();
    assert_eq!(
        imported,
        [
            "chat@0.1.0",
            "clock@0.1.0",
            "directory@0.1.0",
            "files@0.1.0",
            "images@0.1.0",
            "log@0.1.0",
            "radar@0.1.0",
            "storage@0.1.0",
            "types@0.1.0"
        ]
    );
    assert_eq!(
        outline(&built("leida_card.wasm")).unwrap().contract,
        "0.6.0"
    );
}

#[tokio::test]
async fn a_component_of_the_oldest_contract_uses_every_capability_it_imports() {
    let t = TestApp::with_plugins(&["leida_oldest_contract.wasm"]).await;
    let (a, b) = (t.company().await, t.company().await);
    t.set_module(a.id, "notes", true).await;
    t.set_module(b.id, "notes", true).await;

    let added = t
        .get(
            &format!("{NOTES}/add"),
            &a.customer,
            &[("text", "第一条 \"quoted\"")],
        )
        .await;
    let id = added.expect_code(200)["id"].as_u64().unwrap();
    t.get(&format!("{NOTES}/add"), &a.customer, &[("text", "second")])
        .await
        .expect_code(200);
    let listed = t.get(&format!("{NOTES}/list"), &a.customer, &[]).await;
    let data = listed.expect_code(200);
    assert_eq!(data["total"], 2);
    assert_eq!(data["notes"][0]["text"], "second");
    assert_eq!(data["notes"][1]["text"], "第一条 \"quoted\"");
    assert!(data["company"].as_str().unwrap().starts_with("公司"));
    // The newest host's storage serves the old component's documents.
    let mut state = t.module_state(a.id, &a.customer, "notes", &["notes"]).await;
    let doc = Storage::get(&mut state, "notes".into(), id)
        .await
        .unwrap()
        .unwrap();
    assert!(doc.data.contains("第一条"));
    // Another company sees none of them.
    let other = t.get(&format!("{NOTES}/list"), &b.customer, &[]).await;
    assert_eq!(other.expect_code(200)["total"], 0);

    let mut card = t.module_state(a.id, &a.customer, "card", &[]).await;
    Radar::record_action(
        &mut card,
        Action {
            code: 1,
            user_id: a.user.principal.id as u64,
            customer_id: a.customer.principal.id as u64,
            target: None,
            remark: "查看了您的名片".into(),
        },
    )
    .await
    .unwrap();
    let visits = t.get(&format!("{NOTES}/visits"), &a.customer, &[]).await;
    assert_eq!(
        visits.expect_code(200),
        &json!({"user_id": a.user.principal.id, "events": 1, "messages": 0})
    );
    let badge = t.get(&format!("{NOTES}/badge"), &a.customer, &[]).await;
    let drawn = badge.expect_code(200).clone();
    assert_eq!(drawn["content_type"], "image/png", "{drawn}");
    let files = t.get(&format!("{NOTES}/files"), &a.customer, &[]).await;
    // The file it drew is its own, listed as one of the tenant's files.
    assert_eq!(files.expect_code(200)["files"], json!([drawn["path"]]));
    // A refusal still comes back as the component shapes it.
    let refused = t.get(&format!("{NOTES}/add"), &a.customer, &[]).await;
    assert_eq!(refused.code(), 301);
}
