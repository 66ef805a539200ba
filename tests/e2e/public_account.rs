//! The public account (公众号): a share link leads through WeChat's OAuth
//! (the fake's) to the landing, which signs the customer in with their
//! WeChat profile, relates them to the sharing radar user, and sends them on
//! to the page with their session; the redirect never leaves for anywhere
//! but WeChat's OAuth page; the JS-SDK signature of the public account.

use crate::harness::{
    approve_share_link, assert_fields, authorize_url, card_view, get_unfollowed, landing_url,
    open_share_link, params, relate_text, share_url, unique, FakeWechat, Tenant, WeChatProfile,
    REDIRECT_SHARE_URL,
};
use sha1::{Digest, Sha1};

#[tokio::test]
async fn a_share_link_signs_the_customer_in_with_the_wechat_profile_and_relates_them() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let user = t.radar_user().await;
    let openid = unique("gzh-openid");
    let profile = WeChatProfile::named("张三");
    let link = t.share_link(
        &account,
        "article",
        user.id,
        &[("article_id", "3"), ("pid", ""), ("level", "1")],
    );

    let landed = open_share_link(t.server, &link, &openid, &profile).await;
    let (uid, company) = (user.id.to_string(), t.company_id.to_string());
    let expected: Vec<(String, String)> = [
        ("article_id", "3"),
        ("pid", ""),
        ("level", "1"),
        ("uid", uid.as_str()),
        ("company_id", company.as_str()),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(landed.pairs, expected, "{}", landed.page_url);
    let page = format!("{}/gongzhonghao/article?", t.server.base_url);
    assert!(landed.page_url.starts_with(&page), "{}", landed.page_url);

    let row = t
        .server
        .db
        .customer_row(landed.customer_id)
        .await
        .expect("the customer");
    assert_eq!((row.company_id, row.user_type), (t.company_id, 1));
    assert_eq!(row.openid, openid);
    assert_eq!(row.token, landed.token);
    assert_eq!(row.username, "张三", "stored as UTF-8 as it is");
    assert_eq!(row.headimgurl, profile.headimgurl);
    assert_eq!(row.sex, 2);
    assert_eq!(
        (
            row.country.as_str(),
            row.province.as_str(),
            row.city.as_str()
        ),
        ("中国", "广东", "深圳")
    );
    let relations = t
        .server
        .db
        .relations_of_customer(t.company_id, landed.customer_id)
        .await;
    assert_eq!(relations, vec![(user.id, 4, None)]);
    let usage = FakeWechat::shared().public_account_usage(&account.appid);
    assert_eq!((usage.oauth, usage.userinfo), (1, 1), "{usage:?}");
    // The session signs the customer's requests.
    card_view(&t.client, &landed.principal(), user.id)
        .await
        .ok();

    // The customer shares on: whoever opens their link is referred by them.
    let referred_link = t.share_link(
        &account,
        "article",
        user.id,
        &[
            ("article_id", "3"),
            ("pid", &landed.customer_id.to_string()),
            ("level", "2"),
        ],
    );
    let friend = open_share_link(
        t.server,
        &referred_link,
        &unique("gzh-openid"),
        &WeChatProfile::named("李四"),
    )
    .await;
    assert_ne!(friend.customer_id, landed.customer_id);
    assert_eq!(
        friend.pair("pid"),
        Some(landed.customer_id.to_string().as_str())
    );
    assert_eq!(
        t.server
            .db
            .relations_of_customer(t.company_id, friend.customer_id)
            .await,
        vec![(user.id, 4, Some(landed.customer_id))]
    );

    // Opening a link again (even one naming themself as the referrer) is
    // the same customer with the same token, the new profile, one relation.
    let renamed = WeChatProfile::named("张三丰");
    let again = open_share_link(t.server, &referred_link, &openid, &renamed).await;
    assert_eq!(
        (again.customer_id, again.token.as_str()),
        (landed.customer_id, landed.token.as_str())
    );
    let row = t.server.db.customer_row(landed.customer_id).await.unwrap();
    assert_eq!(
        (row.username.as_str(), row.headimgurl.as_str()),
        ("张三丰", renamed.headimgurl.as_str())
    );
    assert_eq!(
        t.server
            .db
            .relations_of_customer(t.company_id, landed.customer_id)
            .await,
        vec![(user.id, 4, None)]
    );
}

#[tokio::test]
async fn without_the_profile_scope_the_customer_is_signed_in_without_a_profile() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let user = t.radar_user().await;
    let relate = relate_text(&[
        ("uid", &user.id.to_string()),
        ("company_id", &t.company_id.to_string()),
    ]);
    let authorize = authorize_url(&account.appid, &landing_url(t.server, &relate, "article"))
        .replace("snsapi_userinfo", "snsapi_base");
    let fake = FakeWechat::shared();
    let landing = fake.approve(
        &authorize,
        &unique("gzh-openid"),
        &WeChatProfile::named("王五"),
    );
    let landed = get_unfollowed(t.server, &landing).await.landed();
    let row = t.server.db.customer_row(landed.customer_id).await.unwrap();
    assert_eq!(row.username, "");
    assert_eq!(row.headimgurl, "statics/imgs/Avator.jpg");
    assert_eq!(fake.public_account_usage(&account.appid).userinfo, 0);
}

#[tokio::test]
async fn with_customer_unique_a_related_customer_gets_no_second_relation() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let (a, b) = (t.radar_user().await, t.radar_user().await);
    let link_a = t.share_link(&account, "article", a.id, &[("article_id", "1")]);
    let link_b = t.share_link(&account, "article", b.id, &[("article_id", "1")]);
    let profile = WeChatProfile::named("赵六");

    t.server.db.set_customer_unique(t.company_id, true).await;
    let openid = unique("gzh-openid");
    let first = open_share_link(t.server, &link_a, &openid, &profile).await;
    let second = open_share_link(t.server, &link_b, &openid, &profile).await;
    assert_eq!(first.customer_id, second.customer_id);
    assert_eq!(second.pair("uid"), Some(b.id.to_string().as_str()));
    assert_eq!(
        t.server
            .db
            .relations_of_customer(t.company_id, first.customer_id)
            .await,
        vec![(a.id, 4, None)],
        "the customer stays with the first radar user"
    );

    t.server.db.set_customer_unique(t.company_id, false).await;
    let openid = unique("gzh-openid");
    let first = open_share_link(t.server, &link_a, &openid, &profile).await;
    open_share_link(t.server, &link_a, &openid, &profile).await;
    open_share_link(t.server, &link_b, &openid, &profile).await;
    assert_eq!(
        t.server
            .db
            .relations_of_customer(t.company_id, first.customer_id)
            .await,
        vec![(a.id, 4, None), (b.id, 4, None)],
        "one relation per radar user"
    );
}

#[tokio::test]
async fn a_replayed_code_is_refused_and_writes_nothing() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let user = t.radar_user().await;
    let link = t.share_link(&account, "article", user.id, &[]);
    let landing = approve_share_link(
        t.server,
        &link,
        &unique("gzh-openid"),
        &WeChatProfile::named("孙七"),
    )
    .await;
    get_unfollowed(t.server, &landing).await.landed();

    let before = t.server.db.company_snapshot(t.company_id).await;
    let replay = get_unfollowed(t.server, &landing).await;
    replay.expect_refusal(401);
    assert_eq!(replay.body["msg"], "登录失败: code 已使用");
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);

    // A code WeChat does not know is refused too, and writes nothing.
    let unknown = landing.replace("oauth-code", "never-issued");
    let refused = get_unfollowed(t.server, &unknown).await;
    refused.expect_refusal(401);
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
}

#[tokio::test]
async fn a_link_naming_another_companys_user_or_a_disabled_one_is_refused() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let other = Tenant::shared().await;
    let foreign = other.radar_user().await;
    let disabled = t.radar_user().await;
    t.server
        .db
        .set_user_status(t.company_id, disabled.id, 2)
        .await;
    let before = (
        t.server.db.company_snapshot(t.company_id).await,
        t.server.db.company_snapshot(other.company_id).await,
    );
    let openid = unique("gzh-openid");
    let profile = WeChatProfile::named("周八");
    for uid in [foreign.id, disabled.id] {
        // The host's link format, naming this company with that user.
        let link = t.share_link(&account, "article", uid, &[]);
        let landing = approve_share_link(t.server, &link, &openid, &profile).await;
        let refused = get_unfollowed(t.server, &landing).await;
        refused.expect_refusal(302);
        assert_eq!(refused.body["msg"], "用户不存在");

        // Nothing was claimed: the same code then signs in through a good link.
        let own = t.radar_user().await;
        let good = landing.replace(&format!("uid_{uid}%7C"), &format!("uid_{}%7C", own.id));
        assert_ne!(good, landing);
        get_unfollowed(t.server, &good).await.landed();
    }
    // The other company saw nothing at all.
    assert_eq!(
        t.server.db.company_snapshot(other.company_id).await,
        before.1
    );
    assert_ne!(t.server.db.company_snapshot(t.company_id).await, before.0);
}

#[tokio::test]
async fn a_malformed_relate_or_page_is_refused() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let user = t.radar_user().await;
    let (uid, company) = (user.id.to_string(), t.company_id.to_string());
    let before = t.server.db.company_snapshot(t.company_id).await;
    let good = format!("uid_{uid}|company_id_{company}");
    let bad_relates = [
        "article-3".to_string(),
        format!("uid_{uid}|"),
        format!("company_id_{company}"),
        format!("uid_x|company_id_{company}"),
        format!("uid_{uid}|uid_{uid}|company_id_{company}"),
        format!("{good}|pid_abc"),
        format!("{good}|token_abc"),
        format!("{good}|user_id_1"),
    ];
    for relate in &bad_relates {
        let landing = format!(
            "{}&code={}",
            landing_url(t.server, relate, "article"),
            unique("code")
        );
        let answer = get_unfollowed(t.server, &landing).await;
        answer.expect_refusal(301);
    }
    for page in ["../admin", "a//b", "Article"] {
        let landing = format!(
            "{}&code={}",
            landing_url(t.server, &good, page),
            unique("code")
        );
        get_unfollowed(t.server, &landing).await.expect_refusal(301);
    }
    let no_relate = format!(
        "{}{}?page=article&code=c",
        t.server.base_url,
        crate::harness::LANDING
    );
    get_unfollowed(t.server, &no_relate)
        .await
        .expect_refusal(303);
    let no_code = landing_url(t.server, &good, "article");
    get_unfollowed(t.server, &no_code).await.expect_refusal(303);
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
    assert_eq!(
        FakeWechat::shared()
            .public_account_usage(&account.appid)
            .oauth,
        0,
        "nothing reached WeChat"
    );
}

#[tokio::test]
async fn a_company_without_a_public_account_is_refused() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let before = t.server.db.company_snapshot(t.company_id).await;
    let relate = relate_text(&[
        ("uid", &user.id.to_string()),
        ("company_id", &t.company_id.to_string()),
    ]);
    let landing = format!(
        "{}&code={}",
        landing_url(t.server, &relate, "article"),
        unique("code")
    );
    let refused = get_unfollowed(t.server, &landing).await;
    refused.expect_refusal(301);
    assert_eq!(refused.body["msg"], "该公司未配置公众号");
    let sign = t
        .public_account_sign(&user, "https://page.example.invalid/")
        .await;
    sign.expect_code(301);
    assert_eq!(sign.msg(), "该公司未配置公众号");
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
}

#[tokio::test]
async fn redirect_share_url_sends_only_to_wechats_authorize_page() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let user = t.radar_user().await;
    let relate = relate_text(&[
        ("uid", &user.id.to_string()),
        ("company_id", &t.company_id.to_string()),
    ]);
    let authorize = authorize_url(&account.appid, &landing_url(t.server, &relate, "article"));
    let link = share_url(t.server, &account.appid, "article", &[]);
    let answer = get_unfollowed(t.server, &link).await;
    assert!(
        answer.redirect().starts_with(&format!(
            "{}/connect/oauth2/authorize?appid=",
            FakeWechat::shared().base_url()
        )),
        "{:?}",
        answer.location
    );
    let direct = t
        .client
        .url(REDIRECT_SHARE_URL, &params!["share_url" => &authorize]);
    assert_eq!(
        get_unfollowed(t.server, &direct).await.redirect(),
        authorize
    );

    let fake = FakeWechat::shared().base_url().to_string();
    let refused = [
        "http://evil.test/connect/oauth2/authorize?appid=x".to_string(),
        format!("http://evil.test/?{fake}/connect/oauth2/authorize?appid=x"),
        format!("{fake}/connect/oauth2/authorizeX?appid=x"),
        format!("{fake}/connect/oauth2/authorize"),
        format!("{fake}/connect/oauth2/authorize?a=1\r\nSet-Cookie: x=1"),
        "/relative/path".to_string(),
    ];
    for target in &refused {
        let url = t
            .client
            .url(REDIRECT_SHARE_URL, &params!["share_url" => target]);
        let answer = get_unfollowed(t.server, &url).await;
        answer.expect_refusal(301);
    }
    let bare = format!("{}{REDIRECT_SHARE_URL}", t.server.base_url);
    get_unfollowed(t.server, &bare).await.expect_refusal(303);
}

#[tokio::test]
async fn the_public_account_signature_verifies_and_its_ticket_is_cached() {
    let t = Tenant::shared().await;
    let account = t.with_public_account().await;
    let user = t.radar_user().await;
    let url = "https://pages.example.invalid/article?a=1&b=2";
    let fake = FakeWechat::shared();

    let mut replies = Vec::new();
    for page in [format!("{url}#/fragment"), url.to_string()] {
        replies.push(t.public_account_sign(&user, &page).await);
    }
    let usage = fake.public_account_usage(&account.appid);
    assert_eq!(usage.ticket, 1, "one getticket for two signs: {usage:?}");
    assert_eq!(fake.mini_program_usage(&account.appid).token, 1);
    for reply in &replies {
        let data = reply.ok();
        assert_eq!(reply.msg(), "查询成功");
        assert_fields(data, &["signature", "timestamp", "nonceStr", "appId"]);
        assert_eq!(data["appId"], account.appid.as_str());
        let nonce = data["nonceStr"].as_str().expect("nonceStr");
        assert_eq!(nonce.len(), 16, "{nonce}");
        let ts = data["timestamp"].as_i64().expect("timestamp in seconds");
        assert!((ts - crate::harness::now_ms() / 1000).abs() < 60, "{ts}");
        let plain = format!(
            "jsapi_ticket={}&noncestr={nonce}&timestamp={ts}&url={url}",
            usage.tickets[0]
        );
        let expected = hex::encode(Sha1::digest(plain.as_bytes()));
        assert_eq!(data["signature"], expected.as_str(), "{data}");
    }
    t.public_account_sign(&user, "").await.expect_code(303);
    // A customer's signature is not a radar user's.
    let customer = t.customer(user.id).await;
    t.public_account_sign(&customer.principal, url)
        .await
        .expect_token_error();
}

#[tokio::test]
async fn an_expired_access_token_is_renewed_once_for_the_ticket() {
    // The mini-program and the public account share one app here, so the
    // mini-program's code fetches the token the ticket then finds expired.
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    t.bind(&customer, user.id).await.ok();
    let fake = FakeWechat::shared();
    let tokens = fake.mini_program_usage(&t.appid).token;
    assert!(tokens >= 1, "the pair's code fetched a token");
    let company = t.company_id.to_string();
    t.server
        .cli(&[
            "company",
            "set-public-account",
            "--company",
            &company,
            "--appid",
            &t.appid,
            "--secret",
            &t.secret,
        ])
        .await;
    fake.expire_public_account_tokens(&t.appid);

    let data = t
        .public_account_sign(&user, "https://pages.example.invalid/")
        .await;
    assert_eq!(data.ok()["appId"], t.appid.as_str());
    assert_eq!(
        fake.mini_program_usage(&t.appid).token,
        tokens + 1,
        "renewed once"
    );
    assert_eq!(fake.public_account_usage(&t.appid).ticket, 1);
}

#[tokio::test]
async fn set_public_account_refuses_an_unknown_company() {
    let t = Tenant::shared().await;
    let (ok, _, _) = t
        .server
        .cli_raw(&[
            "company",
            "set-public-account",
            "--company",
            "987654321",
            "--appid",
            "wx1",
            "--secret",
            "s",
        ])
        .await;
    assert!(!ok, "an unknown company is an error");
}

#[tokio::test]
async fn the_article_modules_share_paths_reach_the_module_fallback() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    // A POST would be the router's "wrong method" if the GET routes of the
    // WeCom login or the landing took the path; the module fallback takes
    // POST (and answers as the article module, or as no module, says).
    let router_wrong_method = "请求方式异常";
    for path in [
        "/zhugeleida/qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url",
        "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/create_gongzhonghao_share_auth_url",
    ] {
        let reply = t.client.post(path, &user, params![]).await;
        assert_ne!(reply.msg(), router_wrong_method, "{path}: {}", reply.body);
    }
    let landing = format!("{}{}", t.server.base_url, crate::harness::LANDING);
    let wrong = t.client.post_url(&landing, params![]).await;
    assert_eq!(wrong.msg(), router_wrong_method, "the check above can tell");
}
