//! The card poster (`xiaochengxu/mingpian/create_poster` and `save_poster`):
//! drawn by the host through the images capability, stored once per pair as
//! a file of the card module, served under `/statics/` as a PNG of the
//! poster's size whose code scans back to the card, and drawn anew only
//! when what it shows changes.

use crate::harness::{decode_qr, params, Customer, FetchedPng, Principal, Tenant};

/// The poster's size (the card module's layout).
const SIZE: (u32, u32) = (750, 1000);
/// Where the card module's files live.
const CARD_FILES: &str = "statics/zhugeleida/imgs/modules/card/";

/// A user, and a customer bound to them whose per-pair code is recorded.
async fn bound_pair(t: &Tenant) -> (Principal, Customer) {
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    t.bind(&customer, user.id).await.ok();
    (user, customer)
}

/// The poster at `path`, fetched over HTTP, checked to be a PNG of the
/// poster's size.
async fn fetched(t: &Tenant, path: &str) -> FetchedPng {
    assert!(
        path.starts_with(CARD_FILES) && path.ends_with(".png"),
        "{path}"
    );
    match t.fetch_png(path).await {
        (200, Some(png)) => {
            assert_eq!((png.width, png.height), SIZE, "{path}");
            png
        }
        (status, _) => panic!("GET /{path}: {status}, not a PNG"),
    }
}

#[tokio::test]
async fn the_poster_is_a_png_whose_code_opens_the_card_for_the_pair() {
    let t = Tenant::shared().await;
    let (user, customer) = bound_pair(&t).await;
    let cid = customer.principal.id;

    let reply = t.poster_call("create_poster", &customer, user.id).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "请求成功");
    let pair_code = t.pair_qr_code(user.id, cid).await;
    assert_eq!(data[0]["qr_code_url"], pair_code.as_str(), "{data}");
    // create_poster already stored the pair's poster.
    let drawn = t.pair_poster_url(user.id, cid).await;
    assert!(drawn.starts_with(CARD_FILES), "{drawn:?}");

    let reply = t.poster_call("save_poster", &customer, user.id).await;
    let data = reply.ok();
    assert_eq!(data["user_id"], user.id.to_string().as_str(), "{data}");
    assert_eq!(data["poster_url"], drawn.as_str(), "{data}");
    let png = fetched(&t, &drawn).await;
    // The pair's code: the card, shared by this customer.
    assert_eq!(
        decode_qr(&png.bytes),
        format!("/pages/mingpian/index?uid={}&source=1&pid={cid}", user.id)
    );
    let owner = t.server.db.stored_file_owner(t.company_id, &drawn).await;
    assert_eq!(
        owner,
        Some(("customer".to_string(), cid, Some("card".to_string())))
    );
    t.assert_actions(user.id, cid, 1, 1, "save_poster logs action 1")
        .await;
}

#[tokio::test]
async fn each_pair_gets_one_poster_and_a_changed_card_a_new_one() {
    let t = Tenant::shared().await;
    let (user, first) = bound_pair(&t).await;
    let second = t.customer(user.id).await;
    t.bind(&second, user.id).await.ok();

    let poster = t.saved_poster(&first, user.id).await;
    t.poster_call("create_poster", &first, user.id).await.ok();
    assert_eq!(t.saved_poster(&first, user.id).await, poster, "stored once");
    let card_files = || async {
        t.server
            .db
            .stored_files(t.company_id)
            .await
            .into_iter()
            .filter(|f| f.0.starts_with(CARD_FILES))
            .count()
    };
    assert_eq!(card_files().await, 1);

    let other = t.saved_poster(&second, user.id).await;
    assert_ne!(other, poster, "another customer, another poster");
    fetched(&t, &other).await;
    assert_eq!(card_files().await, 2);

    // A new card phone changes the poster: drawn anew, the old file removed.
    t.client
        .post(
            "/zhugeleida/qiyeweixin/mingpian/save_phone",
            &user,
            params!["mingpian_phone" => "15931788977", "is_show_phone" => "true"],
        )
        .await
        .ok();
    let redrawn = t.saved_poster(&first, user.id).await;
    assert_ne!(redrawn, poster);
    fetched(&t, &redrawn).await;
    assert_eq!(t.fetch_png(&poster).await.0, 404, "the old poster is gone");
    assert_eq!(
        t.pair_poster_url(user.id, first.principal.id).await,
        redrawn
    );
    assert_eq!(card_files().await, 2);
}

#[tokio::test]
async fn without_any_stored_code_the_poster_draws_the_card_path() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    // Logged in for the card but never bound: no pair, no pair code, and
    // the user never made their own code.
    let customer = t.customer(user.id).await;
    assert!(t.user_qr_code(user.id).await.is_empty());

    let poster = t.saved_poster(&customer, user.id).await;
    let png = fetched(&t, &poster).await;
    assert_eq!(
        decode_qr(&png.bytes),
        format!("/pages/mingpian/index?uid={}&source=1", user.id)
    );
    assert_eq!(t.saved_poster(&customer, user.id).await, poster);
}

#[tokio::test]
async fn a_customer_gets_no_poster_of_another_companys_user() {
    let (a, b) = (Tenant::shared().await, Tenant::shared().await);
    let (user_a, customer_a) = bound_pair(&a).await;
    let customer_b = b.customer(b.radar_user().await.id).await;

    // The poster data would carry A's user's name, phone and company.
    let secrets = a.server.db.company_secrets(a.company_id).await;
    for op in ["create_poster", "save_poster"] {
        let reply = b.poster_call(op, &customer_b, user_a.id).await;
        reply.expect_code(302);
        reply.assert_hides(&secrets);
    }
    for t in [&a, &b] {
        let posters: Vec<_> = t
            .server
            .db
            .stored_files(t.company_id)
            .await
            .into_iter()
            .filter(|f| f.0.starts_with(CARD_FILES))
            .collect();
        assert!(posters.is_empty(), "{posters:?}");
    }
    let logged = a.server.db.actions(a.company_id, user_a.id).await;
    assert!(
        logged
            .iter()
            .all(|r| r.customer_id != customer_b.principal.id),
        "{logged:?}"
    );
    // A's own customer still gets A's poster.
    let poster = a.saved_poster(&customer_a, user_a.id).await;
    fetched(&a, &poster).await;
}
