//! Logins: the mini-program customer login through (fake) WeChat, binding a
//! customer to a radar user, the authorised profile and formId, and the
//! admin login.

use crate::harness::{
    assert_fields, count_code, is_id, params, unique, FakeWechat, Server, Tenant,
};

#[tokio::test]
async fn a_customer_logs_in_with_the_company_credentials() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let fake = FakeWechat::shared();
    let code = fake.code_for(&unique("openid"));

    let reply = t.login(&code, Some(user.id)).await;
    let data = reply.ok();
    assert_fields(
        data,
        &[
            "cid",
            "token",
            "uid",
            "company_id",
            "is_release_version_num",
        ],
    );
    assert!(is_id(&data["uid"], user.id), "{data}");
    assert!(is_id(&data["company_id"], t.company_id), "{data}");
    assert_eq!(data["is_release_version_num"], true, "{data}");
    let cid = data["cid"].as_i64().expect("cid");

    let exchanges = fake.exchanges_of(&code);
    assert_eq!(exchanges.len(), 1, "{exchanges:?}");
    let q = &exchanges[0].query;
    assert_eq!(q.get("appid"), Some(&t.appid), "{q:?}");
    assert_eq!(q.get("secret"), Some(&t.secret), "{q:?}");
    assert_eq!(
        q.get("grant_type").map(String::as_str),
        Some("authorization_code")
    );

    assert_eq!(t.server.db.customer_company(cid).await, Some(t.company_id));
    let customer = t.customer(user.id).await;
    assert_ne!(customer.principal.id, cid, "a new openid is a new customer");
}

#[tokio::test]
async fn a_login_code_is_accepted_once() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let code = FakeWechat::shared().code_for(&unique("openid"));
    t.login(&code, Some(user.id)).await.ok();
    t.login(&code, Some(user.id)).await.expect_refused();
}

#[tokio::test]
async fn an_unknown_code_is_refused() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    t.login(&unique("never-issued"), Some(user.id))
        .await
        .expect_refused();
}

#[tokio::test]
async fn a_company_without_wechat_credentials_cannot_log_customers_in() {
    let t = Tenant::without_wechat(Server::shared()).await;
    let user = t.radar_user().await;
    let code = FakeWechat::shared().code_for(&unique("openid"));
    t.login(&code, Some(user.id)).await.expect_refused();
}

#[tokio::test]
async fn an_openid_is_one_customer_per_company() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let openid = unique("openid");

    let first = a.customer_with_openid(ua.id, &openid).await;
    let again = a.customer_with_openid(ua.id, &openid).await;
    assert_eq!(first.principal.id, again.principal.id);
    let other = b.customer_with_openid(ub.id, &openid).await;
    assert_ne!(first.principal.id, other.principal.id);

    let db = &a.server.db;
    for customer in [&first, &other] {
        let company = db.customer_company(customer.principal.id).await;
        assert_eq!(company, Some(customer.company_id));
    }
    assert_ne!(first.company_id, other.company_id);
}

#[tokio::test]
async fn binding_creates_the_relation_once() {
    let t = Tenant::shared().await;
    let (u1, u2) = (t.radar_user().await, t.radar_user().await);
    let customer = t.customer(u1.id).await;

    let first = t.bind(&customer, u1.id).await;
    first.ok();
    assert_eq!(first.msg(), "绑定关系成功");
    let again = t.bind(&customer, u1.id).await;
    again.expect_code(302);
    assert_eq!(again.msg(), "关系存在");

    t.bind(&customer, u2.id).await.ok();
    assert_eq!(t.bound_card_count(&customer).await, 2);
}

#[tokio::test]
async fn binding_to_a_user_of_another_company_is_refused() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let customer = a.customer(ua.id).await;

    let db = &a.server.db;
    let before = db.snapshots(&[a.company_id, b.company_id]).await;
    a.bind(&customer, ub.id).await.expect_refused();
    assert_eq!(a.bound_card_count(&customer).await, 0);
    let after = db.snapshots(&[a.company_id, b.company_id]).await;
    assert_eq!(before[0], after[0], "company A changed");
    assert_eq!(before[1], after[1], "company B changed");
    a.bind(&customer, ua.id).await.ok();
}

#[tokio::test]
async fn send_user_info_authorises_the_customer() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;

    t.view_card(&customer, user.id).await;
    t.send_user_info(&customer).await.ok();
    t.view_card(&customer, user.id).await;
    t.assert_actions(
        user.id,
        customer.principal.id,
        1,
        1,
        "only the authorised view logs action 1",
    )
    .await;
}

#[tokio::test]
async fn send_user_info_naming_another_companys_user_changes_nothing() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let customer = a.customer(ua.id).await;

    let db = &a.server.db;
    let before = db.snapshots(&[a.company_id, b.company_id]).await;
    let form = params!["username" => "李四", "sex" => 1, "uid" => ub.id, "page" => 1];
    a.client
        .post(
            "/zhugeleida/xiaochengxu/login/send_user_info",
            &customer.principal,
            form,
        )
        .await
        .expect_code(302);
    let after = db.snapshots(&[a.company_id, b.company_id]).await;
    assert_eq!(
        before[0], after[0],
        "company A changed (the customer's profile?)"
    );
    assert_eq!(before[1], after[1], "company B changed");
    // Still not authorised: viewing a card logs no action 1.
    a.view_card(&customer, ua.id).await;
    let actions = a.server.db.actions(a.company_id, ua.id).await;
    assert_eq!(count_code(&actions, 1), 0, "{actions:?}");
}

#[tokio::test]
async fn send_form_id_keeps_each_usable_id_once() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    // A repeat, and the developer tools' mock id, which is never kept.
    for form_id in ["f0a1b2c3d4", "f0a1b2c3d4", "e9f8a7b6", "the formId mock"] {
        t.client
            .post(
                "/zhugeleida/xiaochengxu/login/send_form_id",
                &customer.principal,
                params!["formId" => form_id],
            )
            .await
            .ok();
    }
    assert_eq!(
        t.server.db.customer_form_ids(customer.principal.id).await,
        ["f0a1b2c3d4", "e9f8a7b6"]
    );
}

#[tokio::test]
async fn an_admin_logs_in_with_username_and_password() {
    let t = Tenant::shared().await;
    let reply = t
        .client
        .post_open(
            "/zhugeleida/admin/login",
            params!["username" => t.admin_username, "password" => t.admin_password],
        )
        .await;
    let data = reply.ok();
    assert_fields(data, &["token", "user_id", "company_id", "company_name"]);
    assert!(is_id(&data["user_id"], t.admin.id), "{data}");
    assert!(is_id(&data["company_id"], t.company_id), "{data}");
    assert_eq!(data["company_name"], t.name.as_str(), "{data}");
    assert!(
        data["token"].as_str().is_some_and(|s| !s.is_empty()),
        "{data}"
    );

    let wrong = [
        (t.admin_username.clone(), "wrong-password".to_string()),
        (unique("nobody"), t.admin_password.clone()),
    ];
    for (username, password) in wrong {
        t.client
            .post_open(
                "/zhugeleida/admin/login",
                params!["username" => username, "password" => password],
            )
            .await
            .expect_code(401);
    }
}
