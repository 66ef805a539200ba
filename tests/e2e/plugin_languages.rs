//! The notes example of `plugins/examples/` in each language: Rust (built
//! with the workspace), Python (componentize-py) and JavaScript
//! (componentize-js), the last two built by `.ci/run` into
//! `LEIDA_TEST_EXAMPLES_DIR`; each installed with the CLI, pinned for one
//! company and called like any module.

use crate::harness::{component, params, setting_or_skip, sha256, Customer, Server, Tenant};
use std::path::PathBuf;

/// The built example `file`, or `None` (with a note) when this run was not
/// given the examples; a named directory without it is a failed build.
fn example(file: &str) -> Option<PathBuf> {
    let dir = setting_or_skip("LEIDA_TEST_EXAMPLES_DIR", &format!("the example {file}"))?;
    let path = PathBuf::from(dir).join(file);
    assert!(path.is_file(), "{} was not built", path.display());
    Some(path)
}

/// Installs `path` (slot `slot`, routes under `segment`), pins it for one
/// company and checks both of its clients' routes and the tenant boundary;
/// returns the company, the customer and the ids of their two notes.
async fn an_example_serves_its_routes(
    path: PathBuf,
    slot: &str,
    segment: &str,
) -> (Tenant, Customer, Vec<u64>) {
    let server = Server::shared();
    let installed = server.install(&path).await;
    let digest = sha256(&std::fs::read(&path).unwrap());
    assert_eq!(
        (installed["slot"].as_str(), installed["digest"].as_str()),
        (Some(slot), Some(digest.as_str())),
        "{installed}"
    );
    let (a, b) = (Tenant::shared().await, Tenant::shared().await);
    a.module(&["use", slot, &digest]).await;
    a.module(&["enable", slot]).await;
    let (user, other_user) = (a.radar_user().await, b.radar_user().await);
    let customer = a.related_customer(user.id).await;
    let customer_path = format!("/zhugeleida/xiaochengxu/{segment}");
    let radar_path = format!("/zhugeleida/qiyeweixin/{segment}/list");

    let mut ids = Vec::new();
    for text in ["第一条", "second"] {
        let added = a
            .client
            .post(
                &format!("{customer_path}/add"),
                &customer.principal,
                params!["text" => text],
            )
            .await;
        ids.push(
            added.ok()["id"]
                .as_u64()
                .unwrap_or_else(|| added.fail("no id")),
        );
    }
    let empty = a
        .client
        .post(
            &format!("{customer_path}/add"),
            &customer.principal,
            params!["text" => "  "],
        )
        .await;
    assert_eq!(
        (empty.code(), empty.msg()),
        (301, "text 不能为空".to_string())
    );

    let mine = a
        .client
        .get(
            &format!("{customer_path}/list"),
            &customer.principal,
            params!["length" => 1],
        )
        .await;
    let data = mine.ok();
    assert_eq!(data["total"], 2, "{data}");
    assert_eq!(data["notes"][0]["text"], "second", "newest first: {data}");
    assert_eq!(data["notes"].as_array().unwrap().len(), 1, "{data}");
    assert!(
        data["company"].as_str().is_some_and(|c| !c.is_empty()),
        "{data}"
    );

    let theirs = a
        .client
        .get(
            &radar_path,
            &user,
            params!["customer_id" => customer.principal.id],
        )
        .await;
    assert_eq!(theirs.ok()["total"], 2, "{:?}", theirs.body);
    assert!(theirs.ok()["customer"].is_string(), "{:?}", theirs.body);

    // Another company's radar user naming this customer: no such relation.
    b.module(&["use", slot, &digest]).await;
    b.module(&["enable", slot]).await;
    let foreign = b
        .client
        .get(
            &radar_path,
            &other_user,
            params!["customer_id" => customer.principal.id],
        )
        .await;
    assert_eq!(foreign.code(), 302, "{:?}", foreign.body);
    (a, customer, ids)
}

#[tokio::test]
async fn the_rust_example_is_installed_pinned_and_serves_storage_and_the_directory() {
    let path = component("leida_example_rust_notes.wasm");
    let (a, customer, ids) = an_example_serves_its_routes(path, "rust-notes", "rust_notes").await;
    // `pick` reads several notes in one `storage.get-many` (contract 0.2.0).
    let asked = format!("{},{},999999", ids[1], ids[0]);
    let picked = a
        .client
        .get(
            "/zhugeleida/xiaochengxu/rust_notes/pick",
            &customer.principal,
            params!["ids" => asked],
        )
        .await;
    let texts: Vec<&str> = picked.ok()["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["second", "第一条"]);
}

#[tokio::test]
async fn the_python_example_is_installed_pinned_and_serves_storage_and_the_directory() {
    if let Some(path) = example("py_notes.wasm") {
        an_example_serves_its_routes(path, "py-notes", "py_notes").await;
    }
}

#[tokio::test]
async fn the_javascript_example_is_installed_pinned_and_serves_storage_and_the_directory() {
    if let Some(path) = example("js_notes.wasm") {
        an_example_serves_its_routes(path, "js-notes", "js_notes").await;
    }
}
