//! The registry of plugin builds in process: installing creates a build's
//! indexes, a company's switch to a build loads it, and a build no company
//! uses any more is released.

use crate::harness::TestApp;
use leida::modules::assign::{self, Actor, Target};
use leida::modules::install;
use leida::modules::registry::Choice;

const ACTOR: Actor<'static> = Actor {
    name: "test",
    granted_only: false,
};

/// The bundled card with a custom section appended: another build of it.
fn card_variant(tag: &str) -> Vec<u8> {
    let mut bytes =
        std::fs::read(std::path::Path::new(env!("LEIDA_WASM_DIR")).join("leida_card.wasm"))
            .unwrap();
    let name = b"leida-test-variant";
    let content_len = 1 + name.len() + tag.len();
    assert!(content_len < 128 && name.len() < 128);
    bytes.extend([0, content_len as u8, name.len() as u8]);
    bytes.extend_from_slice(name);
    bytes.extend_from_slice(tag.as_bytes());
    bytes
}

async fn index_exists(t: &TestApp, name: &str) -> bool {
    let sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%' || $1";
    let n: i64 = sqlx::query_scalar(sql)
        .bind(name)
        .fetch_one(&t.app.db.pool)
        .await
        .unwrap();
    n > 0
}

#[tokio::test]
async fn installing_a_build_creates_its_indexes_before_anyone_uses_it() {
    let t = TestApp::new().await;
    let dropped: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%cards_user'",
    )
    .fetch_all(&t.app.db.pool)
    .await
    .unwrap();
    assert_eq!(dropped.len(), 1, "the bundled card made its index");
    sqlx::query(&format!("DROP INDEX \"{}\"", dropped[0]))
        .execute(t.app.db.writer())
        .await
        .unwrap();
    assert!(!index_exists(&t, "cards_user").await);
    let (installed, _) = install::install(
        &t.app.db,
        &t.app.runtime,
        card_variant("indexes"),
        "cli",
        "test",
    )
    .await
    .unwrap();
    assert_eq!(installed.slot, "card");
    assert!(index_exists(&t, "cards_user").await);
}

#[tokio::test]
async fn a_switched_company_runs_its_build_and_unused_builds_are_released() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let bundled_held = t.app.modules.held();
    let (installed, _) = install::install(
        &t.app.db,
        &t.app.runtime,
        card_variant("released"),
        "cli",
        "test",
    )
    .await
    .unwrap();
    assert_eq!(
        t.app.modules.held(),
        bundled_held,
        "installing loads nothing"
    );
    let target = Target::Build(installed.digest.clone());
    assert_eq!(
        assign::use_build(&t.app.db, a.id, "card", &target, None, ACTOR)
            .await
            .unwrap()
            .digest
            .as_deref(),
        Some(installed.digest.as_str())
    );
    t.app
        .modules
        .apply(vec![(a.id, "card".into())])
        .await
        .unwrap();
    assert_eq!(t.app.modules.held(), bundled_held + 1);
    let digest_of = |company: i64| match t.app.modules.choose(company, "card") {
        Choice::Serve { build, canary } => {
            assert!(!canary);
            build.digest().to_string()
        }
        Choice::Off => panic!("card off"),
    };
    assert_eq!(digest_of(a.id), installed.digest);
    assert_ne!(
        digest_of(b.id),
        installed.digest,
        "another company keeps its build"
    );
    // A call in flight holds its build; the registry lets go of it.
    let in_flight = match t.app.modules.choose(a.id, "card") {
        Choice::Serve { build, .. } => build,
        Choice::Off => unreachable!(),
    };
    assign::use_build(&t.app.db, a.id, "card", &Target::Bundled, None, ACTOR)
        .await
        .unwrap();
    t.app
        .modules
        .apply(vec![(a.id, "card".into())])
        .await
        .unwrap();
    assert_eq!(
        t.app.modules.held(),
        bundled_held,
        "released by the registry"
    );
    assert_eq!(
        std::sync::Arc::strong_count(&in_flight),
        1,
        "only the call holds it now"
    );
    assert_ne!(digest_of(a.id), installed.digest);
}
