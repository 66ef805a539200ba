//! Mini-program codes: the radar user's own code (`qr_code_auth`,
//! `create_small_program_qr_code` at both paths) and the per-pair code made
//! after binding; from the fake WeChat's `wxacode` when the company has
//! mini-program credentials, rendered locally otherwise. Every stored image
//! is decoded back to the card path it must open.

use crate::harness::{params, Envelope, FakeWechat, Principal, Server, Tenant};
use std::time::Duration;

const QR_CODE_AUTH: &str = "/zhugeleida/qiyeweixin/qr_code_auth";
const CREATE: &str = "/zhugeleida/qiyeweixin/create_small_program_qr_code";
const CREATE_IN_CARD: &str = "/zhugeleida/qiyeweixin/mingpian/create_small_program_qr_code";

/// The path the user's own code opens.
fn card_path(uid: i64) -> String {
    format!("/pages/mingpian/index?uid={uid}&source=1")
}

/// The `qr_code` a successful reply names, checking its message.
fn stored_path(reply: &Envelope, msg: &str) -> String {
    let data = reply.ok();
    assert_eq!(reply.msg(), msg);
    data["qr_code"]
        .as_str()
        .unwrap_or_else(|| reply.fail("no qr_code string in data"))
        .to_string()
}

/// Each endpoint generates the caller's code; returns the three stored paths.
async fn generate_at_every_path(t: &Tenant, user: &Principal) -> Vec<String> {
    let auth = t.client.get(QR_CODE_AUTH, user, params![]).await;
    let create = t.client.post(CREATE, user, params![]).await;
    let in_card = t.client.post(CREATE_IN_CARD, user, params![]).await;
    vec![
        stored_path(&auth, "生成小程序二维码成功"),
        stored_path(&create, "生成用户二维码成功"),
        stored_path(&in_card, "生成用户二维码成功"),
    ]
}

#[tokio::test]
async fn with_mini_program_credentials_the_code_comes_from_wechat() {
    let fake = FakeWechat::shared();
    let t = Tenant::shared().await;
    let user = t.radar_user().await;

    let stored = generate_at_every_path(&t, &user).await;
    for path in &stored {
        assert_eq!(t.decode_stored_qr(path), card_path(user.id), "{path}");
    }
    assert!(
        stored[0] != stored[1] && stored[1] != stored[2],
        "each call stores a new file: {stored:?}"
    );
    assert_eq!(t.user_qr_code(user.id).await, stored[2]);
    assert_eq!(t.own_card(&user).await["qr_code"], stored[2].as_str());

    let usage = fake.mini_program_usage(&t.appid);
    assert_eq!(usage.token, 1, "one token for several codes: {usage:?}");
    assert_eq!(usage.codes.len(), 3, "{usage:?}");
    for request in &usage.codes {
        assert_eq!(request.path, card_path(user.id));
        assert_eq!(request.width, 430);
    }

    // A token WeChat calls expired is dropped and the call retried once.
    fake.expire_mini_program_tokens(&t.appid);
    let reply = t.client.get(QR_CODE_AUTH, &user, params![]).await;
    let renewed = stored_path(&reply, "生成小程序二维码成功");
    assert_eq!(t.decode_stored_qr(&renewed), card_path(user.id));
    let usage = fake.mini_program_usage(&t.appid);
    assert_eq!((usage.token, usage.codes.len()), (2, 4), "{usage:?}");
}

#[tokio::test]
async fn without_credentials_the_code_is_rendered_locally() {
    let fake = FakeWechat::shared();
    let t = Tenant::without_wechat(Server::shared()).await;
    let user = t.radar_user().await;

    let stored = generate_at_every_path(&t, &user).await;
    for path in &stored {
        assert_eq!(t.decode_stored_qr(path), card_path(user.id), "{path}");
    }
    assert_eq!(t.user_qr_code(user.id).await, stored[2]);
    assert_eq!(t.own_card(&user).await["qr_code"], stored[2].as_str());
    assert_eq!(
        fake.codes_made_for(&card_path(user.id)),
        0,
        "WeChat not asked"
    );
}

#[tokio::test]
async fn binding_makes_the_pair_code_in_the_background() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let cid = customer.principal.id;

    // Not `t.bind`, which waits for the code: here the wait is what is tested.
    t.bind_without_waiting(&customer, user.id).await.ok();
    let stored = t
        .pair_qr_code_within(user.id, cid, Duration::from_secs(10))
        .await;
    assert!(!stored.is_empty(), "the pair's qr_code was never set");
    let path = format!("/pages/mingpian/index?uid={}&source=1&pid={cid}", user.id);
    assert_eq!(t.decode_stored_qr(&stored), path);
    assert_eq!(FakeWechat::shared().codes_made_for(&path), 1);
    assert_eq!(
        t.user_qr_code(user.id).await,
        "",
        "the user's own code is separate"
    );
}

#[tokio::test]
async fn a_wechat_failure_is_a_clear_error_and_stores_nothing() {
    let fake = FakeWechat::shared();
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let before = stored_path(
        &t.client.get(QR_CODE_AUTH, &user, params![]).await,
        "生成小程序二维码成功",
    );
    let files = t.qr_files_of(user.id);
    assert_eq!(files.len(), 1, "{files:?}");

    fake.fail_wxacode(&t.appid, Some(45009));
    for reply in [
        t.client.get(QR_CODE_AUTH, &user, params![]).await,
        t.client.post(CREATE, &user, params![]).await,
        t.client.post(CREATE_IN_CARD, &user, params![]).await,
    ] {
        reply.expect_code(301);
        assert!(
            reply.msg().contains("生成小程序二维码失败") && reply.msg().contains("45009"),
            "{}",
            reply.msg()
        );
    }
    assert_eq!(t.user_qr_code(user.id).await, before);
    assert_eq!(t.qr_files_of(user.id), files, "no file written");

    // Binding does not wait for WeChat nor fail with it; the failure is logged.
    let customer = t.customer(user.id).await;
    let cid = customer.principal.id;
    let log_from = t.server.log().len();
    // Not `t.bind`: that waits for the pair's code, which never comes here.
    t.bind_without_waiting(&customer, user.id).await.ok();
    let needle = format!("customer_id={cid}");
    let log = t
        .server
        .wait_for_log(
            log_from,
            "per-pair mini-program code failed",
            Duration::from_secs(10),
        )
        .await;
    assert!(
        log.lines()
            .any(|l| l.contains("per-pair mini-program code failed") && l.contains(&needle)),
        "the failure is logged with the customer: {log}"
    );
    assert_eq!(t.pair_qr_code(user.id, cid).await, "");
    assert_eq!(t.qr_files_of(user.id), files, "no file written");
    fake.fail_wxacode(&t.appid, None);
}

#[tokio::test]
async fn the_endpoints_act_only_on_the_caller() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let before = a.server.db.company_snapshot(a.company_id).await;

    // B's token cannot sign as A's user.
    let forged = Principal {
        id: ua.id,
        token: ub.token.clone(),
    };
    b.client
        .get(QR_CODE_AUTH, &forged, params![])
        .await
        .expect_token_error();
    b.client
        .post(CREATE, &forged, params![])
        .await
        .expect_token_error();

    // Naming A's user or company in the request still makes B's own code.
    let reply = b
        .client
        .post(
            CREATE_IN_CARD,
            &ub,
            params!["uid" => ua.id, "company_id" => a.company_id],
        )
        .await;
    let stored = stored_path(&reply, "生成用户二维码成功");
    assert_eq!(b.decode_stored_qr(&stored), card_path(ub.id));
    assert_eq!(b.user_qr_code(ub.id).await, stored);

    assert_eq!(a.server.db.company_snapshot(a.company_id).await, before);
    assert!(a.qr_files_of(ua.id).is_empty());
}
