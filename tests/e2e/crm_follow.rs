//! The follow-up log (`follow_info`) and the follow-up phrases
//! (`follow_language`) of the radar app: their shapes and paging, the
//! codes, and that nobody reads or writes another user's or company's rows.

use crate::harness::{
    assert_fields, int, is_id, params, text, unique, Envelope, Params, Principal, Tenant,
};
use serde_json::Value;

const FOLLOW_INFO: &str = "/zhugeleida/qiyeweixin/follow_info";
const FOLLOW_LANGUAGE: &str = "/zhugeleida/qiyeweixin/follow_language";

/// The fields of a `follow_info` item.
const LINE_FIELDS: &[&str] = &[
    "user_customer_flowup__customer__headimgurl",
    "user_customer_flowup__user__avatar",
    "user_customer_flowup__user__username",
    "user_customer_flowup__user_id",
    "user_customer_flowup__customer_id",
    "follow_info",
    "create_date",
];

/// `POST follow_info/add/{path_id}` as `who`.
async fn add_line(t: &Tenant, who: &Principal, path_id: &str, form: Params) -> Envelope {
    let path = format!("{FOLLOW_INFO}/add/{path_id}");
    t.client.post(&path, who, form).await
}

/// `POST follow_language/add/0` as `who`.
async fn post_phrase(t: &Tenant, who: &Principal, form: Params) -> Envelope {
    let path = format!("{FOLLOW_LANGUAGE}/add/0");
    t.client.post(&path, who, form).await
}

/// `POST follow_language/delete/{id}` as `who`.
async fn delete_phrase(t: &Tenant, who: &Principal, id: &str) -> Envelope {
    let path = format!("{FOLLOW_LANGUAGE}/delete/{id}");
    t.client.post(&path, who, params![]).await
}

/// Whether `s` is a local datetime `YYYY-MM-DDTHH:MM:SS`.
fn is_iso_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test]
async fn follow_info_adds_lines_and_lists_them_newest_first() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;
    // Binding greets the customer, which already counts as following up.
    let greeted = t.relation_of(user.id, cid).await.last_follow_at;
    for n in 1..=3 {
        let reply = t
            .client
            .post(
                &format!("{FOLLOW_INFO}/add/{cid}"),
                &user,
                params!["follow_info" => format!("第{n}次跟进")],
            )
            .await;
        reply.ok();
        assert_eq!(reply.msg(), "添加成功");
    }
    let followed = t.relation_of(user.id, cid).await.last_follow_at;
    assert!(followed > greeted, "{followed:?} after {greeted:?}");

    let reply = t
        .client
        .get(FOLLOW_INFO, &user, params!["customer_id" => cid])
        .await;
    let data = reply.ok();
    assert_eq!(int(data, "data_count"), 3, "{data}");
    let items = data["ret_data"].as_array().expect("ret_data is a list");
    let texts: Vec<String> = items.iter().map(|i| text(&i["follow_info"])).collect();
    assert_eq!(texts, ["第3次跟进", "第2次跟进", "第1次跟进"]);
    let first = &items[0];
    assert_fields(first, LINE_FIELDS);
    assert!(
        is_id(&first["user_customer_flowup__user_id"], user.id),
        "{first}"
    );
    assert!(
        is_id(&first["user_customer_flowup__customer_id"], cid),
        "{first}"
    );
    assert_eq!(
        first["user_customer_flowup__customer__headimgurl"],
        "https://example.invalid/avatar.png"
    );
    assert_eq!(
        first["user_customer_flowup__user__avatar"],
        "statics/imgs/setAvator.jpg"
    );
    assert!(
        first["user_customer_flowup__user__username"]
            .as_str()
            .is_some_and(|n| n.starts_with("user-")),
        "{first}"
    );
    assert!(is_iso_datetime(&text(&first["create_date"])), "{first}");

    // Pages of `length`, counted from 1; the count is the whole log's.
    let page = |current: i64, length: i64| {
        t.client.get(
            FOLLOW_INFO,
            &user,
            params!["customer_id" => cid, "current_page" => current, "length" => length],
        )
    };
    let reply = page(2, 2).await;
    let data = reply.ok();
    assert_eq!(int(data, "data_count"), 3);
    assert_eq!(data["ret_data"].as_array().unwrap().len(), 1);
    assert_eq!(data["ret_data"][0]["follow_info"], "第1次跟进");
    assert_eq!(
        page(1, 0).await.ok()["ret_data"].as_array().unwrap().len(),
        3
    );
    page(0, 2).await.expect_code(301);
}

#[tokio::test]
async fn follow_info_refuses_bad_input_and_other_users_customers() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let colleague = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;
    let before = t.relation_of(user.id, cid).await;
    let id = cid.to_string();
    let cases = [
        (&user, id.as_str(), params![], 303),
        (
            &user,
            id.as_str(),
            params!["follow_info" => "长".repeat(257)],
            303,
        ),
        (&user, "x", params!["follow_info" => "好"], 301),
        (&colleague, id.as_str(), params!["follow_info" => "好"], 307),
        (
            &user,
            &*i64::MAX.to_string(),
            params!["follow_info" => "好"],
            302,
        ),
    ];
    for (who, path_id, form, code) in cases {
        add_line(&t, who, path_id, form).await.expect_code(code);
    }
    let db = &t.server.db;
    assert_eq!(db.follow_lines(t.company_id, user.id, cid).await.len(), 0);
    assert_eq!(t.relation_of(user.id, cid).await, before);
    add_line(&t, &user, &id, params!["follow_info" => "长".repeat(256)])
        .await
        .ok();

    t.client
        .get(FOLLOW_INFO, &user, params![])
        .await
        .expect_code(303);
    t.client
        .get(FOLLOW_INFO, &user, params!["customer_id" => "abc"])
        .await
        .expect_code(301);
    t.client
        .get(FOLLOW_INFO, &colleague, params!["customer_id" => cid])
        .await
        .expect_code(307);
    t.client
        .get(
            FOLLOW_INFO,
            &user,
            params!["customer_id" => cid, "length" => -1],
        )
        .await
        .expect_code(301);
}

#[tokio::test]
async fn follow_info_never_reaches_a_customer_of_another_company() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let cb = b.related_customer(ub.id).await.principal.id;
    let line = unique("B的跟进");
    b.client
        .post(
            &format!("{FOLLOW_INFO}/add/{cb}"),
            &ub,
            params!["follow_info" => &line],
        )
        .await
        .ok();
    let relation = b.relation_of(ub.id, cb).await;
    let secrets = b.server.db.company_secrets(b.company_id).await;

    let reply = a
        .client
        .get(FOLLOW_INFO, &ua, params!["customer_id" => cb])
        .await;
    reply.expect_code(302);
    reply.assert_hides(&secrets);
    let reply = a
        .client
        .post(
            &format!("{FOLLOW_INFO}/add/{cb}"),
            &ua,
            params!["follow_info" => "A的跟进"],
        )
        .await;
    reply.expect_code(302);
    reply.assert_hides(&secrets);
    assert_eq!(
        b.server.db.follow_lines(b.company_id, ub.id, cb).await,
        [line]
    );
    assert_eq!(b.relation_of(ub.id, cb).await, relation);
    // Nothing filed under the attacker either.
    assert_eq!(
        a.server
            .db
            .follow_lines(a.company_id, ua.id, cb)
            .await
            .len(),
        0
    );
}

/// The phrases a user sees as (language_id, user_id, language), checking their shape.
async fn phrases(t: &Tenant, user: &Principal, query: Params) -> Vec<(i64, Value, String)> {
    let reply = t.client.get(FOLLOW_LANGUAGE, user, query).await;
    let data = reply.ok();
    assert_eq!(data["ret_data"], serde_json::json!([]), "{data}");
    let count = &data["data_count"];
    assert_eq!(count["user_id"], user.id.to_string(), "{data}");
    count["follow_language_data"]
        .as_array()
        .unwrap_or_else(|| reply.fail("follow_language_data is not a list"))
        .iter()
        .map(|p| {
            assert_fields(p, &["language_id", "user_id", "language"]);
            (
                int(p, "language_id"),
                p["user_id"].clone(),
                text(&p["language"]),
            )
        })
        .collect()
}

/// `follow_language/add/0` as `user`; the new id.
async fn add_phrase(t: &Tenant, user: &Principal, language: &str) -> i64 {
    let reply = t
        .client
        .post(
            &format!("{FOLLOW_LANGUAGE}/add/0"),
            user,
            params!["custom_language" => language],
        )
        .await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    int(data, "language_id")
}

#[tokio::test]
async fn follow_language_lists_own_phrases_first_then_the_global_ones() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let globals = t.server.db.global_phrase_count().await;
    assert!(globals >= 9, "migration 0002 seeds the global phrases");

    let all = phrases(&t, &user, params!["length" => 0]).await;
    assert_eq!(all.len() as i64, globals);
    assert!(all.iter().all(|(_, uid, _)| uid.is_null()), "{all:?}");
    assert!(all.iter().any(|(_, _, l)| l == "已成交客户,维护好后续关系"));

    let mut own = Vec::new();
    for n in 0..12 {
        own.push(add_phrase(&t, &user, &format!("常用语{n}")).await);
    }
    // A colleague's phrase is theirs alone.
    let colleague = t.radar_user().await;
    add_phrase(&t, &colleague, "同事的常用语").await;

    let first_page = phrases(&t, &user, params![]).await;
    assert_eq!(first_page.len(), 20, "the default page holds 20");
    let newest: Vec<i64> = own.iter().rev().copied().collect();
    let ids: Vec<i64> = first_page.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(ids[..12], newest[..], "own phrases, newest first");
    assert!(first_page[..12]
        .iter()
        .all(|(_, uid, _)| is_id(uid, user.id)));
    assert_eq!(first_page[0].2, "常用语11");
    assert!(first_page[12..].iter().all(|(_, uid, _)| uid.is_null()));

    let all = phrases(&t, &user, params!["length" => 0]).await;
    assert_eq!(all.len() as i64, 12 + globals);
    assert!(all.iter().all(|(_, _, l)| l != "同事的常用语"));
    let second = phrases(&t, &user, params!["current_page" => 2, "length" => 5]).await;
    assert_eq!(second, all[5..10].to_vec());
}

#[tokio::test]
async fn follow_language_add_validates_the_phrase() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    post_phrase(&t, &user, params![]).await.expect_code(303);
    post_phrase(&t, &user, params!["custom_language" => "语".repeat(257)])
        .await
        .expect_code(303);
    assert_eq!(t.server.db.own_phrases(t.company_id, user.id).await, vec![]);
    let id = add_phrase(&t, &user, &"语".repeat(256)).await;
    assert_eq!(
        t.server.db.own_phrases(t.company_id, user.id).await,
        vec![(id, "语".repeat(256))]
    );
}

#[tokio::test]
async fn follow_language_delete_takes_only_the_callers_own_phrases() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (user, colleague, stranger) = (
        a.radar_user().await,
        a.radar_user().await,
        b.radar_user().await,
    );
    let mine = add_phrase(&a, &user, "我的").await;
    let theirs = add_phrase(&a, &colleague, "同事的").await;
    let foreign = add_phrase(&b, &stranger, "别家公司的").await;
    let global = phrases(&a, &user, params!["length" => 0])
        .await
        .into_iter()
        .find(|(_, uid, _)| uid.is_null())
        .expect("a global phrase")
        .0;
    let globals = a.server.db.global_phrase_count().await;

    for id in [theirs, foreign, global, i64::MAX] {
        delete_phrase(&a, &user, &id.to_string())
            .await
            .expect_code(302);
    }
    delete_phrase(&a, &user, "abc").await.expect_code(301);
    assert_eq!(a.server.db.global_phrase_count().await, globals);
    assert_eq!(
        a.server.db.own_phrases(a.company_id, colleague.id).await,
        vec![(theirs, "同事的".to_string())]
    );
    assert_eq!(
        b.server.db.own_phrases(b.company_id, stranger.id).await,
        vec![(foreign, "别家公司的".to_string())]
    );

    let reply = delete_phrase(&a, &user, &mine.to_string()).await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    assert_eq!(a.server.db.own_phrases(a.company_id, user.id).await, vec![]);
    delete_phrase(&a, &user, &mine.to_string())
        .await
        .expect_code(302);
}
