//! Enterprise WeChat (WeCom): the radar-user login through a company's WeCom
//! app and the JS-SDK signature, against the fake WeCom API; the access
//! token and the ticket are cached, and an expired token is renewed.

use crate::harness::{
    assert_fields, is_id, params, unique, FakeWechat, Principal, Server, Tenant, WeComUsage,
};
use sha1::{Digest, Sha1};

/// The user a successful login answers with, checked for the console's fields.
fn logged_in(reply: &crate::harness::Envelope) -> (Principal, String) {
    let data = reply.ok();
    assert_eq!(reply.msg(), "登录成功");
    assert_fields(
        data,
        &[
            "user_id",
            "token",
            "avatar",
            "username",
            "is_first_login",
            "company_id",
            "product_function_type",
        ],
    );
    let user = Principal {
        id: data["user_id"].as_i64().expect("user_id"),
        token: data["token"].as_str().expect("token").to_string(),
    };
    (user, data["is_first_login"].as_str().unwrap_or("").into())
}

#[tokio::test]
async fn a_radar_user_logs_in_with_a_wecom_code() {
    let t = Tenant::shared().await;
    let corp = t.with_wecom().await;
    let (user, userid) = t.wecom_user().await;
    let fake = FakeWechat::shared();

    let reply = t
        .wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await;
    let (session, first) = logged_in(&reply);
    assert_eq!(session.id, user.id);
    assert_eq!(session.token, user.token);
    assert_eq!(first, "Yes");
    assert!(is_id(&reply.data()["company_id"], t.company_id));

    // The token signs requests.
    t.tag_groups(&session, params![]).await.ok();

    let again = t
        .wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await;
    assert_eq!(logged_in(&again).1, "No", "the first login was recorded");
    let usage = fake.wecom_usage(&corp.corp_id);
    assert_eq!((usage.gettoken, usage.getuserinfo), (1, 2), "{usage:?}");
}

#[tokio::test]
async fn a_code_logs_in_once() {
    let t = Tenant::shared().await;
    let corp = t.with_wecom().await;
    let (_, userid) = t.wecom_user().await;
    let code = FakeWechat::shared().wecom_code_for(&corp.corp_id, &userid);
    t.wecom_login(&code).await.ok();
    t.wecom_login(&code).await.expect_code(401);
}

#[tokio::test]
async fn disabled_users_and_companies_are_306() {
    let t = Tenant::shared().await;
    let corp = t.with_wecom().await;
    let (user, userid) = t.wecom_user().await;
    let fake = FakeWechat::shared();
    let db = &t.server.db;

    db.set_user_status(t.company_id, user.id, 2).await;
    t.wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await
        .expect_code(306);
    db.set_user_status(t.company_id, user.id, 1).await;
    db.set_company_status(t.company_id, 2).await;
    t.wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await
        .expect_code(306);
    db.set_company_status(t.company_id, 1).await;
    t.wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await
        .ok();
}

#[tokio::test]
async fn a_wecom_member_without_a_radar_user_in_the_company_is_302() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let corp_a = a.with_wecom().await;
    b.with_wecom().await;
    let (_, userid_b) = b.wecom_user().await;
    let fake = FakeWechat::shared();

    let stranger = a
        .wecom_login(&fake.wecom_code_for(&corp_a.corp_id, &unique("nobody")))
        .await;
    stranger.expect_code(302);
    // B's member, named by A's corp, is no user of A.
    a.wecom_login(&fake.wecom_code_for(&corp_a.corp_id, &userid_b))
        .await
        .expect_code(302);
}

#[tokio::test]
async fn a_code_wecom_rejects_is_401_and_may_not_be_taken_to_another_company() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let corp_a = a.with_wecom().await;
    b.with_wecom().await;
    let (_, userid_a) = a.wecom_user().await;

    a.wecom_login(&unique("never-issued"))
        .await
        .expect_code(401);
    // A code of A's corp, presented at B's login, is exchanged with B's
    // credentials, and WeCom refuses it.
    let code = FakeWechat::shared().wecom_code_for(&corp_a.corp_id, &userid_a);
    b.wecom_login(&code).await.expect_code(401);
    // The refusal did not use the code up.
    a.wecom_login(&code).await.ok();
}

#[tokio::test]
async fn companies_without_credentials_or_unknown_cannot_log_in() {
    let t = Tenant::without_wechat(Server::shared()).await;
    let (user, userid) = t.wecom_user().await;
    let code = FakeWechat::shared().wecom_code_for(&unique("corp"), &userid);
    let reply = t.wecom_login(&code).await;
    reply.expect_code(301);
    assert!(reply.msg().contains("企业微信"), "{}", reply.msg());
    t.wecom_sign(&user, "https://example.invalid/page")
        .await
        .expect_code(301);

    t.wecom_login_to(i64::MAX, &code).await.expect_code(302);
    // A word after work_weixin_auth/ is another endpoint, not a company id
    // (`create_gongzhonghao_share_auth_url` is the article module's).
    t.client
        .get_open(
            "/zhugeleida/qiyeweixin/work_weixin_auth/no_such_endpoint",
            params!["code" => &code],
        )
        .await
        .expect_code(404);
    t.wecom_login_to(t.company_id, "").await.expect_code(303);
    // Credentials WeCom does not accept are a configuration error.
    let out = t
        .server
        .cli(&[
            "company",
            "set-wecom",
            "--company",
            &t.company_id.to_string(),
            "--corp-id",
            &unique("corp"),
            "--secret",
            "wrong",
        ])
        .await;
    assert!(out["agent_id"].is_null(), "{out}");
    t.wecom_sign(&user, "https://example.invalid/page")
        .await
        .expect_code(301);
}

#[tokio::test]
async fn corp_ids_and_wecom_userids_are_unique() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let corp = a.with_wecom().await;
    let company_b = b.company_id.to_string();
    let (ok, _, stderr) = b
        .server
        .cli_raw(&[
            "company",
            "set-wecom",
            "--company",
            &company_b,
            "--corp-id",
            &corp.corp_id,
            "--secret",
            "s",
        ])
        .await;
    assert!(!ok, "a CorpID names one company");
    assert!(stderr.contains("another company"), "{stderr}");

    let (_, userid) = a.wecom_user().await;
    let company_a = a.company_id.to_string();
    let (ok, ..) = a
        .server
        .cli_raw(&[
            "user",
            "add",
            "--company",
            &company_a,
            "--username",
            &unique("user"),
            "--wecom-userid",
            &userid,
        ])
        .await;
    assert!(!ok, "a UserID names one radar user of the company");
    b.user_with(&["--wecom-userid", &userid]).await;
}

#[tokio::test]
async fn the_jssdk_signature_verifies_and_token_and_ticket_are_fetched_once() {
    let t = Tenant::shared().await;
    let corp = t.with_wecom().await;
    let user = t.radar_user().await;
    let url = "https://radar.example.invalid/page?a=1&b=2";

    let calls: Vec<_> = (0..5)
        .map(|i| {
            let (client, user) = (t.client.clone(), user.clone());
            let page = if i == 0 {
                format!("{url}#/fragment")
            } else {
                url.to_string()
            };
            tokio::spawn(async move {
                client
                    .get(
                        "/zhugeleida/qiyeweixin/enterprise_weixin_sign",
                        &user,
                        params!["url" => page],
                    )
                    .await
            })
        })
        .collect();
    let mut replies = Vec::new();
    for call in calls {
        replies.push(call.await.expect("a sign request"));
    }
    let usage = FakeWechat::shared().wecom_usage(&corp.corp_id);
    let WeComUsage {
        gettoken,
        ticket,
        ref tickets,
        ..
    } = usage;
    assert_eq!((gettoken, ticket), (1, 1), "{usage:?}");
    for reply in &replies {
        let data = reply.ok();
        assert_eq!(reply.msg(), "查询成功");
        assert_fields(data, &["signature", "timestamp", "nonceStr", "appId"]);
        assert_eq!(data["appId"], corp.corp_id.as_str());
        let nonce = data["nonceStr"].as_str().expect("nonceStr");
        assert_eq!(nonce.len(), 16, "{nonce}");
        let ts = data["timestamp"].as_i64().expect("timestamp in seconds");
        assert!((ts - crate::harness::now_ms() / 1000).abs() < 60, "{ts}");
        let plain = format!(
            "jsapi_ticket={}&noncestr={nonce}&timestamp={ts}&url={url}",
            tickets[0]
        );
        let expected = hex::encode(Sha1::digest(plain.as_bytes()));
        assert_eq!(data["signature"], expected.as_str(), "{data}");
    }

    t.wecom_sign(&user, "").await.expect_code(303);
}

#[tokio::test]
async fn an_expired_access_token_is_renewed_once() {
    let t = Tenant::shared().await;
    let corp = t.with_wecom().await;
    let (user, userid) = t.wecom_user().await;
    let fake = FakeWechat::shared();

    t.wecom_sign(&user, "https://example.invalid/").await.ok();
    t.wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await
        .ok();
    assert_eq!(fake.wecom_usage(&corp.corp_id).gettoken, 1);

    fake.expire_wecom_tokens(&corp.corp_id);
    t.wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await
        .ok();
    t.wecom_login(&fake.wecom_code_for(&corp.corp_id, &userid))
        .await
        .ok();
    let usage = fake.wecom_usage(&corp.corp_id);
    assert_eq!(usage.gettoken, 2, "renewed once, then cached: {usage:?}");
    assert_eq!(usage.getuserinfo, 3, "{usage:?}");
    // The ticket outlives the token it was fetched with.
    t.wecom_sign(&user, "https://example.invalid/").await.ok();
    assert_eq!(fake.wecom_usage(&corp.corp_id).ticket, 1);
}
