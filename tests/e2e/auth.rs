//! Request signing (`rand_str = md5(timestamp + token)`): what is accepted,
//! stale and replayed signatures, principals used on the wrong client, and
//! the envelope codes for unknown paths (404) and wrong methods (402).

use crate::harness::{
    is_id, now_ms, params, rand_str, signature_at, Customer, Params, Principal, Server,
    ServerConfig, Tenant,
};
use std::sync::OnceLock;

const CARD: &str = "/zhugeleida/xiaochengxu/mingpian";
const OWN_CARD: &str = "/zhugeleida/qiyeweixin/mingpian";

/// A company with one radar user and one customer of that user's card.
async fn setup() -> (Tenant, Principal, Customer) {
    let tenant = Tenant::shared().await;
    let user = tenant.radar_user().await;
    let customer = tenant.customer(user.id).await;
    (tenant, user, customer)
}

fn with_uid(mut signature: Params, uid: i64) -> Params {
    signature.push(("uid".into(), uid.to_string()));
    signature
}

#[tokio::test]
async fn good_signatures_are_accepted() {
    let (t, user, customer) = setup().await;
    let card = t.view_card(&customer, user.id).await;
    assert!(is_id(&card["id"], user.id), "{card}");
    let own = t.own_card(&user).await;
    assert!(is_id(&own["id"], user.id), "{own}");
}

#[tokio::test]
async fn a_wrong_rand_str_is_refused() {
    let (t, user, customer) = setup().await;
    let ts = crate::harness::fresh_timestamp().to_string();
    let wrong = [
        "0".repeat(32),
        rand_str(&ts, "not-the-token"),
        rand_str(&format!("{ts}0"), &customer.principal.token),
    ];
    for rand in wrong {
        let query = params![
            "rand_str" => rand,
            "timestamp" => ts,
            "user_id" => customer.principal.id,
            "uid" => user.id,
        ];
        t.client.get_open(CARD, query).await.expect_token_error();
    }
}

#[tokio::test]
async fn stale_and_future_timestamps_are_refused() {
    let (t, user, customer) = setup().await;
    let ten_minutes = 10 * 60 * 1000;
    for ts in [now_ms() - ten_minutes, now_ms() + ten_minutes] {
        let query = with_uid(signature_at(&customer.principal, ts), user.id);
        t.client.get_open(CARD, query).await.expect_token_error();
    }
    let query = with_uid(signature_at(&customer.principal, now_ms()), user.id);
    t.client.get_open(CARD, query).await.ok();
}

/// A card view signed six seconds ago, on a new company of `server`.
async fn six_seconds_late(server: &'static Server) -> crate::harness::Envelope {
    let t = Tenant::new(server).await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let late = signature_at(&customer.principal, now_ms() - 6_000);
    t.client.get_open(CARD, with_uid(late, user.id)).await
}

#[tokio::test]
async fn the_signature_window_is_configurable() {
    static NARROW: OnceLock<Server> = OnceLock::new();
    let narrow = NARROW.get_or_init(|| {
        Server::start(&ServerConfig {
            signature_window_secs: Some(2),
            ..ServerConfig::default()
        })
    });
    six_seconds_late(Server::shared()).await.ok();
    six_seconds_late(narrow).await.expect_token_error();
}

#[tokio::test]
async fn a_replayed_request_is_refused() {
    let (t, user, customer) = setup().await;
    let url = t
        .client
        .signed_url(CARD, &customer.principal, &params!["uid" => user.id]);
    t.client.get_url(&url).await.ok();
    t.client.get_url(&url).await.expect_token_error();

    let url = t.client.signed_url(OWN_CARD, &user, &params![]);
    t.client.get_url(&url).await.ok();
    t.client.get_url(&url).await.expect_token_error();
}

#[tokio::test]
async fn a_customer_token_does_not_open_radar_routes() {
    let (t, user, customer) = setup().await;
    t.client
        .get(OWN_CARD, &customer.principal, params![])
        .await
        .expect_token_error();
    t.client
        .get(
            "/zhugeleida/qiyeweixin/tag_user",
            &customer.principal,
            params![],
        )
        .await
        .expect_token_error();
    t.client
        .post(
            "/zhugeleida/qiyeweixin/mingpian/save_sign",
            &customer.principal,
            params!["sign" => "hijacked"],
        )
        .await
        .expect_token_error();
    assert_ne!(t.own_card(&user).await["sign"], "hijacked");
}

#[tokio::test]
async fn radar_and_admin_tokens_do_not_open_mini_program_routes() {
    let (t, user, _customer) = setup().await;
    for who in [&user, &t.admin] {
        t.client
            .get(CARD, who, params!["uid" => user.id])
            .await
            .expect_token_error();
    }
    t.client
        .get(OWN_CARD, &t.admin, params![])
        .await
        .expect_token_error();
}

#[tokio::test]
async fn missing_or_malformed_signature_fields_are_refused() {
    let (t, user, customer) = setup().await;
    let full = signature_at(&customer.principal, crate::harness::fresh_timestamp());
    for skip in ["rand_str", "timestamp", "user_id"] {
        let partial: Params = full.iter().filter(|(k, _)| k != skip).cloned().collect();
        t.client
            .get_open(CARD, with_uid(partial, user.id))
            .await
            .expect_token_error();
    }
    t.client
        .get_open(CARD, params!["uid" => user.id])
        .await
        .expect_token_error();
    let ts = crate::harness::fresh_timestamp().to_string();
    for user_id in ["", "abc", "-1", "999999999"] {
        let query = params![
            "rand_str" => rand_str(&ts, &customer.principal.token),
            "timestamp" => ts,
            "user_id" => user_id,
            "uid" => user.id,
        ];
        t.client.get_open(CARD, query).await.expect_token_error();
    }
}

#[tokio::test]
async fn unknown_paths_answer_404() {
    let (t, user, customer) = setup().await;
    let signed = [
        (
            "/zhugeleida/xiaochengxu/no_such_endpoint",
            &customer.principal,
        ),
        (
            "/zhugeleida/xiaochengxu/mingpian/no_such_op",
            &customer.principal,
        ),
        ("/zhugeleida/qiyeweixin/no_such_endpoint", &user),
    ];
    for (path, who) in signed {
        t.client
            .get(path, who, params!["uid" => user.id])
            .await
            .expect_code(404);
    }
    t.client
        .get_open("/zhugeleida/no_such_client/x", params![])
        .await
        .expect_code(404);
}

#[tokio::test]
async fn wrong_methods_answer_402() {
    let (t, user, customer) = setup().await;
    t.client
        .post(CARD, &customer.principal, params!["uid" => user.id])
        .await
        .expect_code(402);
    t.client
        .get(
            "/zhugeleida/qiyeweixin/tag_user/add",
            &user,
            params!["name" => "x"],
        )
        .await
        .expect_code(402);
    t.client
        .get_open(
            "/zhugeleida/admin/login",
            params!["username" => t.admin_username, "password" => t.admin_password],
        )
        .await
        .expect_code(402);
}

#[tokio::test]
async fn a_disabled_account_gets_306() {
    let (t, user, _customer) = setup().await;
    let db = &t.server.db;
    db.set_user_status(t.company_id, user.id, 2).await;
    t.client
        .get(OWN_CARD, &user, params![])
        .await
        .expect_code(306);
    let wrong = Principal {
        id: user.id,
        token: "not-the-token".into(),
    };
    t.client
        .get(OWN_CARD, &wrong, params![])
        .await
        .expect_token_error();
    db.set_user_status(t.company_id, user.id, 1).await;
    t.own_card(&user).await;
}
