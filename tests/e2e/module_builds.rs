//! Plugin builds per company: install (and every refusal), a build pinned
//! for one company only, rollback, back to bundled, canary and promotion,
//! the automatic rollback of a failing canary, two hosts applying one
//! change, data continuity across builds, and the back office's routes.

use crate::harness::{
    built_by, card_view, component, params, sha256, variant, Customer, Principal, Server,
    ServerConfig, Tenant,
};
use serde_json::Value;
use std::time::Duration;

/// A distinct build of the bundled card (same code, another digest), installed.
async fn card_variant(server: &Server, tag: &str) -> String {
    let bytes = variant(&std::fs::read(component("leida_card.wasm")).unwrap(), tag);
    let path = server.file(&format!("card-{tag}.wasm"), &bytes);
    let line = server.install(&path).await;
    assert_eq!(line["digest"], sha256(&bytes), "{line}");
    sha256(&bytes)
}

/// A customer's card view of `user`'s card: which build answered, and the
/// card's popularity.
async fn view(t: &Tenant, user: &Principal, customer: &Customer) -> (Option<String>, i64) {
    let reply = card_view(&t.client, &customer.principal, user.id).await;
    let popularity = reply.ok()["ret_data"][0]["popularity_num"]
        .as_i64()
        .unwrap_or_else(|| reply.fail("no popularity_num"));
    (reply.build.clone(), popularity)
}

/// The bundled card's digest, as `module list` names it for a company that
/// never changed its card.
async fn bundled_card(t: &Tenant) -> String {
    let slot = t.slot("card").await;
    assert_eq!(slot["bundled"], true, "{slot}");
    slot["digest"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn install_records_a_build_once_and_refuses_what_is_no_plugin() {
    let server = Server::shared();
    let bytes = std::fs::read(component("leida_misbehave.wasm")).unwrap();
    let path = component("leida_misbehave.wasm");
    let line = server.install(&path).await;
    let expected =
        serde_json::json!({"slot": "misbehave", "version": "0.1.0", "digest": sha256(&bytes)});
    assert_eq!(line, expected);
    // The same bytes again: the same line, nothing new.
    let before = server.build_digests().await;
    assert_eq!(server.install(&path).await, expected);
    assert_eq!(server.build_digests().await, before);

    // The same plugin, claiming a contract version this host does not serve.
    let future = replace(
        &bytes,
        b"leida:platform/module@0.6.0",
        b"leida:platform/module@9.9.9",
    );
    let cases: [(&str, Vec<u8>, &str); 7] = [
        (
            "text.wasm",
            b"not wasm at all".to_vec(),
            "not a WebAssembly component",
        ),
        (
            "core.wasm",
            b"\0asm\x01\0\0\0".to_vec(),
            "a core WebAssembly module, not a component",
        ),
        (
            "future.wasm",
            future,
            "targets leida:platform@9.9.9; this host serves leida:platform@0.1.0, leida:platform@0.2.0, leida:platform@0.3.0, leida:platform@0.4.0, leida:platform@0.5.0, leida:platform@0.6.0",
        ),
        (
            "trap.wasm",
            std::fs::read(component("faulty_describe_trap.wasm")).unwrap(),
            "describe() failed",
        ),
        (
            "route.wasm",
            std::fs::read(component("faulty_route_outside.wasm")).unwrap(),
            "is not a /zhugeleida/<client>/… prefix",
        ),
        (
            "names.wasm",
            std::fs::read(component("faulty_bad_collection.wasm")).unwrap(),
            "invalid or repeated collection \"Not A Name\"",
        ),
        (
            "huge.wasm",
            std::fs::read(component("faulty_huge_memory.wasm")).unwrap(),
            "needs 82 MiB of initial memory; the memory cap is 64 MiB",
        ),
    ];
    for (name, bytes, why) in cases {
        let stderr = server.install_refused(&server.file(name, &bytes)).await;
        assert!(stderr.contains(why), "{name}: {stderr}");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "{name}: one line: {stderr}"
        );
        assert!(
            !server.build_digests().await.contains(&sha256(&bytes)),
            "{name} recorded"
        );
    }
}

/// `haystack` with every `from` replaced by `to` (of the same length).
fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = haystack.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

#[tokio::test]
async fn a_build_pinned_for_one_company_serves_only_it_and_rolls_back() {
    let (a, b) = (Tenant::shared().await, Tenant::shared().await);
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let (ca, cb) = (
        a.authorised_customer(ua.id).await,
        b.authorised_customer(ub.id).await,
    );
    let bundled = bundled_card(&a).await;
    let digest = card_variant(a.server, "pin").await;
    let (build, seen) = view(&a, &ua, &ca).await;
    assert!(built_by(&build, &bundled), "{build:?}");

    let line = a.module(&["use", "card", &digest]).await;
    assert_eq!(
        (line["digest"].as_str(), line["bundled"].as_bool()),
        (Some(digest.as_str()), Some(false)),
        "{line}"
    );
    let (build, after) = view(&a, &ua, &ca).await;
    assert!(
        built_by(&build, &digest),
        "A runs the pinned build: {build:?}"
    );
    // The slot's documents are the company's, whichever build: the count goes on.
    assert_eq!(after, seen + 1);
    let (other, _) = view(&b, &ub, &cb).await;
    assert!(
        built_by(&other, &bundled),
        "B keeps the bundled card: {other:?}"
    );
    assert_eq!(b.slot("card").await["bundled"], true);
    let listed = a.slot("card").await;
    assert_eq!(
        (listed["digest"].as_str(), listed["enabled"].as_bool()),
        (Some(digest.as_str()), Some(true))
    );
    assert!(listed["since"].as_i64().is_some(), "{listed}");

    let back = a.module(&["rollback", "card"]).await;
    assert_eq!(
        back["bundled"], true,
        "rollback returns to the bundled card: {back}"
    );
    assert!(built_by(&view(&a, &ua, &ca).await.0, &bundled));
    // Rolling back again returns to the pinned build; `bundled` leaves it.
    assert_eq!(
        a.module(&["rollback", "card"]).await["digest"],
        digest.as_str()
    );
    assert_eq!(a.module(&["use", "card", "bundled"]).await["bundled"], true);
    let company = a.company_id.to_string();
    let history = a
        .server
        .cli(&["module", "history", "--company", &company, "card"])
        .await;
    let actions: Vec<&str> = history["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["use", "rollback", "rollback", "use"], "{history}");
    let first = &history["history"].as_array().unwrap()[3];
    assert_eq!(
        (
            first["from"].as_str(),
            first["to"].as_str(),
            first["actor"].as_str()
        ),
        (Some("bundled"), Some(digest.as_str()), Some("cli"))
    );
}

#[tokio::test]
async fn unknown_digests_other_slots_and_bad_shares_are_refused() {
    let t = Tenant::shared().await;
    let server = t.server;
    let company = t.company_id.to_string();
    let mall = server.install(&component("leida_mall.wasm")).await;
    let refused = |args: Vec<String>| async move {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (ok, _, stderr) = server.cli_raw(&args).await;
        assert!(!ok, "{args:?} succeeded");
        stderr
    };
    let c = |rest: &[&str]| {
        let mut v: Vec<String> = vec!["module".into()];
        v.extend(rest.iter().map(|s| s.to_string()));
        v.extend(["--company".into(), company.clone()]);
        v
    };
    let unknown = "0".repeat(64);
    assert!(refused(c(&["use", "card", &unknown]))
        .await
        .contains("no build"));
    let other = refused(c(&["use", "card", mall["digest"].as_str().unwrap()])).await;
    assert!(other.contains("serves slot mall, not card"), "{other}");
    let digest = card_variant(server, "shares").await;
    assert!(refused(c(&["use", "card", &digest, "--canary", "0"]))
        .await
        .contains("1 to 100"));
    assert!(refused(c(&["use", "card", &digest, "--canary", "101"]))
        .await
        .contains("1 to 100"));
    assert!(refused(c(&["promote", "card"]))
        .await
        .contains("runs no canary"));
    assert!(refused(c(&["rollback", "card"]))
        .await
        .contains("no earlier build"));
    assert!(refused(c(&["use", "nothing", &digest]))
        .await
        .contains("no build of slot nothing"));
    assert_eq!(t.slot("card").await["bundled"], true, "nothing changed");
}

#[tokio::test]
async fn a_canary_takes_its_share_until_promoted() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    let bundled = bundled_card(&t).await;
    let digest = card_variant(t.server, "canary").await;
    let line = t.module(&["use", "card", &digest, "--canary", "50"]).await;
    assert_eq!(line["canary"]["digest"], digest.as_str(), "{line}");
    assert_eq!(line["canary"]["percent"], 50);
    let (mut new, mut old) = (0, 0);
    for _ in 0..60 {
        let (build, _) = view(&t, &user, &customer).await;
        if built_by(&build, &digest) {
            new += 1;
        } else if built_by(&build, &bundled) {
            old += 1;
        }
    }
    assert_eq!(new + old, 60);
    // 60 calls at 50 %: both sides serve (the chance of either seeing none is 2^-59).
    assert!(new > 5 && old > 5, "{new} new, {old} old");
    let promoted = t.module(&["promote", "card"]).await;
    assert_eq!(
        (promoted["digest"].as_str(), promoted["canary"].is_null()),
        (Some(digest.as_str()), true),
        "{promoted}"
    );
    for _ in 0..10 {
        assert!(built_by(&view(&t, &user, &customer).await.0, &digest));
    }
    // Every build's calls show, summed from every host, within a flush.
    let mut calls = 0;
    for _ in 0..200 {
        let stats = t.slot("card").await["stats"].clone();
        calls = stats
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["digest"] == digest.as_str())
            .map(|s| s["calls"].as_i64().unwrap())
            .sum();
        if calls >= new + 10 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(calls, new + 10);
}

#[tokio::test]
async fn a_failing_canary_is_rolled_back_by_the_host() {
    let config = ServerConfig {
        canary: Some((20, 10)),
        ..ServerConfig::default()
    };
    let server: &'static Server = Box::leak(Box::new(Server::start(&config)));
    let t = Tenant::new(server).await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    let failing = server.install(&component("faulty_failing_card.wasm")).await;
    let digest = failing["digest"].as_str().unwrap().to_string();
    t.module(&["use", "card", &digest, "--canary", "100"]).await;
    let mut codes = Vec::new();
    for _ in 0..6 {
        let reply = card_view(&t.client, &customer.principal, user.id).await;
        codes.push(reply.code());
    }
    // More than 10 % of 20 (2) failures trip it: the third fails, then the host rolls back.
    assert_eq!(&codes[..3], [500, 500, 500], "{codes:?}");
    let history = server
        .cli(&[
            "module",
            "history",
            "--company",
            &t.company_id.to_string(),
            "card",
        ])
        .await;
    let mut rolled = None;
    for _ in 0..200 {
        let h = server
            .cli(&[
                "module",
                "history",
                "--company",
                &t.company_id.to_string(),
                "card",
            ])
            .await;
        rolled = h["history"].as_array().unwrap().first().cloned();
        if rolled
            .as_ref()
            .is_some_and(|r| r["action"] == "auto-rollback")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let rolled = rolled.unwrap_or_else(|| panic!("no history: {history}"));
    assert_eq!(
        (rolled["action"].as_str(), rolled["actor"].as_str()),
        (Some("auto-rollback"), Some("host")),
        "{rolled}"
    );
    assert!(
        rolled["reason"]
            .as_str()
            .unwrap()
            .contains("3 of its last 3 calls failed"),
        "{rolled}"
    );
    assert!(server.log().contains("canary rolled back"));
    let reply = card_view(&t.client, &customer.principal, user.id).await;
    reply.ok();
    assert!(t.slot("card").await["canary"].is_null());
}

/// Both hosts apply it (how fast is `module_swap`'s to measure: a timed
/// assertion would fail on a loaded machine, and a host that first compiles
/// the build takes that long).
#[tokio::test]
async fn two_hosts_on_one_database_apply_one_change() {
    let a: &'static Server = Box::leak(Box::new(Server::start(&ServerConfig::default())));
    let b = Server::start_beside(a, &ServerConfig::default());
    let t = Tenant::new(a).await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    let digest = card_variant(a, "two-hosts").await;
    let company = t.company_id.to_string();
    a.cli(&["module", "use", "card", &digest, "--company", &company])
        .await;
    let change = a.db.latest_module_change().await;
    for host in [a, &b] {
        let took = host.applied(change, Duration::from_secs(30)).await;
        eprintln!("applied on {} after {took:?}", host.base_url);
        let reply = card_view(&host.client(), &customer.principal, user.id).await;
        assert!(built_by(&reply.build, &digest), "{:?}", reply.build);
    }
}

#[tokio::test]
async fn the_plugins_dir_installs_builds_and_changes_no_company() {
    let config = ServerConfig {
        plugins: vec![component("faulty_failing_card.wasm")],
        ..ServerConfig::default()
    };
    let server: &'static Server = Box::leak(Box::new(Server::start(&config)));
    let failing = sha256(&std::fs::read(component("faulty_failing_card.wasm")).unwrap());
    assert!(server.build_digests().await.contains(&failing));
    let t = Tenant::new(server).await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    assert_eq!(t.slot("card").await["bundled"], true);
    view(&t, &user, &customer).await;
}

/// The back office: `POST admin/module/<op>` signed by an admin.
async fn admin(
    t: &Tenant,
    who: &Principal,
    op: &str,
    form: crate::harness::Params,
) -> crate::harness::Envelope {
    t.client
        .post(&format!("/zhugeleida/admin/module/{op}"), who, form)
        .await
}

#[tokio::test]
async fn the_back_office_uploads_grants_and_switches_builds_per_company() {
    let (a, b) = (Tenant::shared().await, Tenant::shared().await);
    let operator = Tenant::with_operator_admin(a.server).await.admin;
    let bytes = variant(
        &std::fs::read(component("leida_card.wasm")).unwrap(),
        "office",
    );
    let digest = sha256(&bytes);
    // Only the operator uploads.
    let path = "/zhugeleida/admin/module/upload";
    a.client
        .post_bytes(path, &a.admin, bytes.clone())
        .await
        .expect_code(404);
    let up = a.client.post_bytes(path, &operator, bytes.clone()).await;
    assert_eq!(
        (up.ok()["slot"].as_str(), up.ok()["digest"].as_str()),
        (Some("card"), Some(digest.as_str()))
    );
    // Not granted yet: unknown to A's admin.
    admin(
        &a,
        &a.admin,
        "use",
        params!["slot" => "card", "digest" => &digest],
    )
    .await
    .expect_code(302);
    admin(
        &a,
        &a.admin,
        "grant",
        params!["digest" => &digest, "company_id" => a.company_id],
    )
    .await
    .expect_code(404);
    admin(
        &a,
        &operator,
        "grant",
        params!["digest" => &digest, "company_ids" => format!("[{}]", a.company_id)],
    )
    .await
    .ok();
    let builds = a
        .client
        .get(
            "/zhugeleida/admin/module/builds",
            &a.admin,
            params!["slot" => "card"],
        )
        .await;
    let listed: Vec<&str> = builds.ok()["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["digest"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&digest.as_str()), "{listed:?}");
    let used = admin(
        &a,
        &a.admin,
        "use",
        params!["slot" => "card", "digest" => &digest],
    )
    .await;
    assert_eq!(used.ok()["ret_data"][0]["digest"], digest.as_str());
    // B may not use it, nor reach A's slots.
    admin(
        &b,
        &b.admin,
        "use",
        params!["slot" => "card", "digest" => &digest],
    )
    .await
    .expect_code(302);
    admin(
        &b,
        &b.admin,
        "rollback",
        params!["slot" => "card", "company_id" => a.company_id],
    )
    .await
    .expect_code(404);
    let theirs = b
        .client
        .get(
            "/zhugeleida/admin/module",
            &b.admin,
            params!["company_id" => a.company_id],
        )
        .await;
    theirs.expect_code(404);
    // A radar user's signature is no back-office signature.
    let user = a.radar_user().await;
    admin(&a, &user, "disable", params!["slot" => "card"])
        .await
        .expect_token_error();
    // The operator acts in any company by naming it.
    let off = admin(
        &a,
        &operator,
        "disable",
        params!["slot" => "card", "company_id" => b.company_id],
    )
    .await;
    assert_eq!(off.ok()["ret_data"][0]["enabled"], false);
    admin(
        &a,
        &operator,
        "enable",
        params!["slot" => "card", "company_id" => b.company_id],
    )
    .await
    .ok();
    let back = admin(&a, &a.admin, "rollback", params!["slot" => "card"]).await;
    assert_eq!(back.ok()["ret_data"][0]["bundled"], true);
    let history = a
        .client
        .get(
            "/zhugeleida/admin/module/history",
            &a.admin,
            params!["slot" => "card"],
        )
        .await;
    let rows = history.ok()["ret_data"].as_array().unwrap().clone();
    assert_eq!(rows[0]["action"], "rollback");
    assert_eq!(rows[1]["actor"], format!("admin:{}", a.admin.id));
    let listed: Value = a
        .client
        .get("/zhugeleida/admin/module", &a.admin, params![])
        .await
        .ok()
        .clone();
    assert!(listed["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["slot"] == "card"));
}

#[tokio::test]
async fn check_reports_a_component_as_install_would_and_records_nothing() {
    let server = Server::shared();
    let card = component("leida_card.wasm");
    let good = server
        .cli(&["module", "check", &card.display().to_string()])
        .await;
    assert_eq!(good["problems"], serde_json::json!([]), "{good}");
    assert_eq!(
        (
            good["contract"].as_str(),
            good["descriptor"]["slot"].as_str()
        ),
        (Some("0.6.0"), Some("card"))
    );
    assert!(
        good["imports"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "leida:platform/storage@0.6.0"),
        "{good}"
    );
    assert_eq!(
        good["exports"],
        serde_json::json!(["leida:platform/module@0.6.0"])
    );
    assert!(
        good["needs"]["core_instances"].as_u64().unwrap()
            <= good["limits"]["core_instances"].as_u64().unwrap()
    );
    assert_eq!(good["size"], std::fs::read(&card).unwrap().len());
    for (file, why) in [
        ("faulty_huge_memory.wasm", "needs 82 MiB of initial memory"),
        (
            "faulty_bad_collection.wasm",
            "invalid or repeated collection",
        ),
        ("faulty_describe_trap.wasm", "describe() failed"),
    ] {
        let path = component(file).display().to_string();
        let (ok, stdout, stderr) = server.cli_raw(&["module", "check", &path]).await;
        assert!(!ok, "{file}: {stdout}");
        let report: Value = serde_json::from_str(stdout.trim()).expect("a report line");
        let problems = report["problems"].as_array().unwrap();
        assert!(
            problems.iter().any(|p| p.as_str().unwrap().contains(why)),
            "{file}: {report}"
        );
        assert!(stderr.contains(why), "{stderr}");
        assert!(!server
            .build_digests()
            .await
            .contains(&report["digest"].as_str().unwrap().to_string()));
    }
}

#[tokio::test]
async fn try_runs_one_request_in_a_scratch_tenant_with_the_real_capabilities() {
    let card = component("leida_card.wasm").display().to_string();
    let view = Server::cli_alone(&[
        "module",
        "try",
        &card,
        "--request",
        "GET /zhugeleida/xiaochengxu/mingpian?uid={user}",
    ])
    .await;
    assert_eq!(view["envelope"]["code"], 200, "{view}");
    assert_eq!(
        view["envelope"]["data"]["ret_data"][0]["id"],
        view["tenant"]["user_id"]
    );
    let calls: Vec<&str> = view["host_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        calls.contains(&"directory.get-user") && calls.contains(&"radar.record-action"),
        "{calls:?}"
    );
    let sign = Server::cli_alone(&[
        "module",
        "try",
        &card,
        "--as",
        "radar-user",
        "--request",
        "POST /zhugeleida/qiyeweixin/mingpian/save_sign",
        "--form",
        "sign=你好",
    ])
    .await;
    assert_eq!(sign["envelope"]["msg"], "保存成功", "{sign}");
    assert_eq!(
        sign["host_calls"].as_array().unwrap().last().unwrap(),
        "storage.patch"
    );
    // A failing plugin: its envelope and its panic message.
    let failing = component("faulty_failing_card.wasm").display().to_string();
    let out = Server::cli_alone(&[
        "module",
        "try",
        &failing,
        "--request",
        "GET /zhugeleida/xiaochengxu/mingpian?uid={user}",
    ])
    .await;
    assert_eq!(out["envelope"]["code"], 500);
    assert!(
        out["stderr"]
            .as_str()
            .unwrap()
            .contains("fails every call on purpose"),
        "{out}"
    );
}
