//! The card as the mini-program's customer sees it (module `card`): the card
//! view and its counters, praise, signature like, forward, call / WeChat
//! actions, poster, bound cards and the company website. Field names are
//! those the mini-program reads.

use crate::harness::{assert_fields, int, is_id, params, Customer, Principal, Tenant};
use serde_json::{json, Value};

const CARD: &str = "/zhugeleida/xiaochengxu/mingpian";

/// The fields of `xiaochengxu/mingpian`'s `ret_data` item.
const CARD_FIELDS: &[&str] = &[
    "id",
    "username",
    "avatar",
    "mingpian_avatar",
    "company",
    "address",
    "position",
    "email",
    "wechat",
    "mingpian_phone",
    "create_date",
    "popularity_num",
    "praise_num",
    "forward_num",
    "is_praise",
    "sign",
    "is_sign",
    "sign_num",
    "photo",
    "tag",
];

async fn setup() -> (Tenant, Principal, Customer) {
    let tenant = Tenant::shared().await;
    let user = tenant.radar_user().await;
    let customer = tenant.customer(user.id).await;
    (tenant, user, customer)
}

async fn act(t: &Tenant, op: &str, customer: &Customer, uid: i64) -> crate::harness::Envelope {
    t.client
        .get(
            &format!("{CARD}/{op}"),
            &customer.principal,
            params!["uid" => uid],
        )
        .await
}

#[tokio::test]
async fn the_card_has_the_seed_fields_and_counts_every_view() {
    let (t, user, customer) = setup().await;
    let reply = t
        .client
        .get(CARD, &customer.principal, params!["uid" => user.id])
        .await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询成功");
    assert_eq!(data["data_count"], 1, "{data}");
    let card = &data["ret_data"][0];
    assert_fields(card, CARD_FIELDS);
    assert!(is_id(&card["id"], user.id), "{card}");
    assert_eq!(card["company"], t.name.as_str(), "{card}");
    assert_eq!(card["is_praise"], false, "{card}");
    assert_eq!(card["is_sign"], false, "{card}");
    assert!(card["tag"].is_array(), "{card}");
    let first = int(card, "popularity_num");
    assert!(first >= 1, "{card}");

    let second = t.view_card(&customer, user.id).await;
    assert_eq!(int(&second, "popularity_num"), first + 1);
    let other = t.customer(user.id).await;
    let third = t.view_card(&other, user.id).await;
    assert_eq!(int(&third, "popularity_num"), first + 2);
}

#[tokio::test]
async fn praise_toggles_per_customer() {
    let (t, user, alice) = setup().await;
    let bob = t.customer(user.id).await;
    let before = t.view_card(&alice, user.id).await;
    assert_eq!(before["is_praise"], false);
    let base = int(&before, "praise_num");

    let check = |reply: &crate::harness::Envelope, praised: bool, num: i64| {
        let data = reply.ok();
        let ret = &data["ret_data"];
        assert_eq!(ret["is_praise"], praised, "{data}");
        assert_eq!(int(ret, "praise_num"), num, "{data}");
    };
    check(&act(&t, "praise", &alice, user.id).await, true, base + 1);
    check(&act(&t, "praise", &bob, user.id).await, true, base + 2);
    let card = t.view_card(&alice, user.id).await;
    assert_eq!(
        (card["is_praise"].clone(), int(&card, "praise_num")),
        (json!(true), base + 2)
    );

    check(&act(&t, "praise", &alice, user.id).await, false, base + 1);
    let alice_card = t.view_card(&alice, user.id).await;
    assert_eq!(alice_card["is_praise"], false);
    assert_eq!(int(&alice_card, "praise_num"), base + 1);
    let bob_card = t.view_card(&bob, user.id).await;
    assert_eq!(bob_card["is_praise"], true);

    check(&act(&t, "praise", &alice, user.id).await, true, base + 2);
    t.assert_actions(
        user.id,
        alice.principal.id,
        9,
        3,
        "each toggle logs action 9",
    )
    .await;
}

#[tokio::test]
async fn the_signature_like_is_one_way() {
    let (t, user, alice) = setup().await;
    let bob = t.customer(user.id).await;

    let reply = act(&t, "up_sign", &alice, user.id).await;
    let ret = &reply.ok()["ret_data"];
    assert_fields(ret, &["sign_num", "is_sign"]);
    assert_eq!(ret["is_sign"], true, "{ret}");
    let num = int(ret, "sign_num");
    assert!(num >= 1, "{ret}");

    let again = act(&t, "up_sign", &alice, user.id).await;
    let ret = &again.ok()["ret_data"];
    assert_eq!(
        (ret["is_sign"].clone(), int(ret, "sign_num")),
        (json!(true), num)
    );

    let card = t.view_card(&alice, user.id).await;
    assert_eq!(
        (card["is_sign"].clone(), int(&card, "sign_num")),
        (json!(true), num)
    );
    let card = t.view_card(&bob, user.id).await;
    assert_eq!(
        (card["is_sign"].clone(), int(&card, "sign_num")),
        (json!(false), num)
    );

    let reply = act(&t, "up_sign", &bob, user.id).await;
    assert_eq!(int(&reply.ok()["ret_data"], "sign_num"), num + 1);
}

#[tokio::test]
async fn every_forward_counts() {
    let (t, user, customer) = setup().await;
    let base = int(&t.view_card(&customer, user.id).await, "forward_num");
    for _ in 0..2 {
        let reply = act(&t, "forward", &customer, user.id).await;
        reply.ok();
        assert_eq!(reply.msg(), "记录日志成功");
    }
    assert_eq!(
        int(&t.view_card(&customer, user.id).await, "forward_num"),
        base + 2
    );
    t.assert_actions(
        user.id,
        customer.principal.id,
        6,
        2,
        "every forward logs action 6",
    )
    .await;
}

#[tokio::test]
async fn calling_and_save_wechat_log_their_actions() {
    let (t, user, customer) = setup().await;
    for op in ["calling", "save_wechat"] {
        let reply = act(&t, op, &customer, user.id).await;
        assert_eq!(reply.ok(), &json!({}), "{op}");
        assert_eq!(reply.msg(), "记录日志成功", "{op}");
    }
    let (uid, cid) = (user.id, customer.principal.id);
    t.assert_actions(uid, cid, 10, 1, "calling is action 10")
        .await;
    t.assert_actions(uid, cid, 5, 1, "save_wechat is action 5")
        .await;
}

#[tokio::test]
async fn the_poster_data_and_the_saved_poster() {
    let (t, user, customer) = setup().await;
    let reply = act(&t, "create_poster", &customer, user.id).await;
    let data = reply.ok();
    let item = match data.as_array().map(Vec::as_slice) {
        Some([item]) => item,
        _ => reply.fail("create_poster: data is not a one-item list"),
    };
    assert_fields(
        item,
        &[
            "user_id",
            "user_avatar",
            "username",
            "position",
            "mingpian_phone",
            "company",
            "qr_code_url",
        ],
    );
    assert!(is_id(&item["user_id"], user.id), "{item}");
    assert_eq!(item["company"], t.name.as_str(), "{item}");

    let reply = act(&t, "save_poster", &customer, user.id).await;
    let data = reply.ok();
    assert_fields(data, &["user_id", "poster_url"]);
    assert!(is_id(&data["user_id"], user.id), "{data}");
    t.assert_actions(
        user.id,
        customer.principal.id,
        1,
        1,
        "save_poster logs action 1",
    )
    .await;
}

#[tokio::test]
async fn all_lists_the_cards_bound_to_the_customer() {
    let t = Tenant::shared().await;
    let (u1, u2) = (t.radar_user().await, t.radar_user().await);
    let customer = t.customer(u1.id).await;
    let loner = t.customer(u1.id).await;
    t.bind(&customer, u1.id).await.ok();
    t.bind(&customer, u2.id).await.ok();

    let reply = t
        .client
        .get(&format!("{CARD}/all"), &customer.principal, params![])
        .await;
    let data = reply.ok();
    assert_eq!(data["data_count"], 2, "{data}");
    let items = data["ret_data"].as_array().expect("ret_data list");
    assert_eq!(items.len(), 2, "{data}");
    for item in items {
        assert_fields(
            item,
            &[
                "id",
                "username",
                "source",
                "avatar",
                "company",
                "position",
                "email",
                "mingpian_phone",
                "create_date",
            ],
        );
        assert_eq!(item["source"], "扫码", "{item}");
        assert_eq!(item["company"], t.name.as_str(), "{item}");
    }
    for uid in [u1.id, u2.id] {
        assert!(
            items.iter().any(|i| is_id(&i["id"], uid)),
            "{uid} in {data}"
        );
    }

    let reply = t
        .client
        .get(&format!("{CARD}/all"), &loner.principal, params![])
        .await;
    assert_eq!(reply.ok()["data_count"], 0, "{}", reply.body);
}

/// A website content as the mini-program reads it.
fn seed_website() -> Value {
    let pic = |p: &str| json!({ "picture_url": format!("statics/zhugeleida/imgs/xiaochengxu/website/{p}") });
    json!({
        "cover_picture": [pic("Website_scroll_1.png"), pic("Website_scroll_2.png")],
        "content_picture": [pic("Content_1.png"), pic("Content_2.png"), pic("Content_3.png"), pic("Content_4.png")],
    })
}

#[tokio::test]
async fn the_website_shows_the_company_content() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    let path = "/zhugeleida/xiaochengxu/website";

    let empty = t
        .client
        .get(path, &customer.principal, params!["uid" => user.id])
        .await;
    assert_fields(empty.ok(), &["ret_data", "data_count"]);

    t.server
        .db
        .set_website_content(t.company_id, &seed_website())
        .await;
    let reply = t
        .client
        .get(path, &customer.principal, params!["uid" => user.id])
        .await;
    let data = reply.ok();
    assert_eq!(data["data_count"], 6, "{data}");
    assert_eq!(data["ret_data"], seed_website(), "{data}");
    let first = &data["ret_data"]["cover_picture"][0];
    assert_fields(first, &["picture_url"]);

    t.assert_actions(
        user.id,
        customer.principal.id,
        4,
        2,
        "an authorised customer's website visits log action 4",
    )
    .await;
}
