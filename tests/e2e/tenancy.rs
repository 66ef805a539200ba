//! Tenancy: ids of another company are refused (302) and change nothing,
//! whichever client names them.

use crate::harness::{card_view, int, params, unique, Customer, FakeWechat, Principal, Tenant};
use serde_json::json;

/// Two companies, each with a radar user and a customer of that user.
struct Two {
    a: Tenant,
    ua: Principal,
    ca: Customer,
    b: Tenant,
    ub: Principal,
    cb: Customer,
}

async fn two() -> Two {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let ca = a.customer(ua.id).await;
    let cb = b.customer(ub.id).await;
    Two {
        a,
        ua,
        ca,
        b,
        ub,
        cb,
    }
}

/// B's card counters as B's own customer sees them: (views, praises, forwards, sign likes).
async fn counters(w: &Two) -> (i64, i64, i64, i64) {
    let card = w.b.view_card(&w.cb, w.ub.id).await;
    (
        int(&card, "popularity_num"),
        int(&card, "praise_num"),
        int(&card, "forward_num"),
        int(&card, "sign_num"),
    )
}

#[tokio::test]
async fn a_customer_cannot_view_the_card_of_another_companys_user() {
    let w = two().await;
    let (views, ..) = counters(&w).await;
    let secrets = w.b.server.db.company_secrets(w.b.company_id).await;
    let reply = card_view(&w.a.client, &w.ca.principal, w.ub.id).await;
    reply.expect_code(302);
    reply.assert_hides(&secrets);
    let (after, ..) = counters(&w).await;
    assert_eq!(after, views + 1, "only B's own customer's view counted");
}

#[tokio::test]
async fn a_customer_cannot_act_on_the_card_of_another_companys_user() {
    let w = two().await;
    let (views, praises, forwards, signs) = counters(&w).await;
    let ops = [
        "mingpian/praise",
        "mingpian/forward",
        "mingpian/up_sign",
        "mingpian/calling",
        "mingpian/save_wechat",
        "mingpian/create_poster",
        "mingpian/save_poster",
        "website",
    ];
    let secrets = w.b.server.db.company_secrets(w.b.company_id).await;
    for op in ops {
        let reply =
            w.a.client
                .get(
                    &format!("/zhugeleida/xiaochengxu/{op}"),
                    &w.ca.principal,
                    params!["uid" => w.ub.id],
                )
                .await;
        reply.expect_code(302);
        reply.assert_hides(&secrets);
    }
    assert_eq!(
        counters(&w).await,
        (views + 1, praises, forwards, signs),
        "B's counters changed"
    );
    let card = w.b.view_card(&w.cb, w.ub.id).await;
    assert_eq!(
        (card["is_praise"].clone(), card["is_sign"].clone()),
        (json!(false), json!(false))
    );
    let logged = w.b.server.db.actions(w.b.company_id, w.ub.id).await;
    assert!(
        logged.iter().all(|a| a.customer_id == w.cb.principal.id),
        "actions of another company's customer on B's card: {logged:?}"
    );
    let logged = w.a.server.db.actions(w.a.company_id, w.ub.id).await;
    assert!(
        logged.is_empty(),
        "actions filed under A for B's user: {logged:?}"
    );
    // A's own card still works for A's customer.
    w.a.view_card(&w.ca, w.ua.id).await;
}

#[tokio::test]
async fn a_radar_user_cannot_delete_tags_or_photos_of_another_company() {
    let w = two().await;
    let tag = w.b.add_tag(&w.ub, "靠谱人士").await;
    let url = "statics/zhugeleida/imgs/xiaochengxu/qr_code/b_photo.jpg";
    let photo =
        w.b.server
            .db
            .insert_card_photo(w.b.company_id, w.ub.id, url)
            .await;
    let card_before = w.b.own_card(&w.ub).await;

    let post = |path: &'static str, form| w.a.client.post(path, &w.ua, form);
    post(
        "/zhugeleida/qiyeweixin/tag_user/delete",
        params!["id" => tag],
    )
    .await
    .expect_refused();
    post(
        "/zhugeleida/qiyeweixin/tag_user/save",
        params!["tag_list" => json!([tag])],
    )
    .await
    .expect_refused();
    post(
        "/zhugeleida/qiyeweixin/mingpian/delete_photo",
        params!["photo_id" => photo],
    )
    .await
    .expect_refused();

    let card_after = w.b.own_card(&w.ub).await;
    assert_eq!(card_after["tag"], json!([{"id": tag, "name": "靠谱人士"}]));
    assert_eq!(card_after["photo"], json!([[photo, url]]));
    assert_eq!(card_after["tag"], card_before["tag"]);
    assert_eq!(w.a.tags(&w.ua).await, vec![]);
}

#[tokio::test]
async fn a_login_cannot_name_a_user_of_another_company() {
    let w = two().await;
    let code = FakeWechat::shared().code_for(&unique("openid"));
    w.a.login(&code, Some(w.ub.id)).await.expect_refused();
    let code = FakeWechat::shared().code_for(&unique("openid"));
    w.a.login(&code, Some(w.ua.id)).await.ok();
}
