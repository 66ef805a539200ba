//! The address book (`qiyeweixin/tongxunlu`): the caller's own customers
//! with the fields the radar app reads, relative follow-up and activity days, orders,
//! source filters and paging; never a colleague's or another company's.

use crate::harness::{assert_fields, int, is_id, now_ms, params, text, Params, Principal, Tenant};
use serde_json::Value;

const TONGXUNLU: &str = "/zhugeleida/qiyeweixin/tongxunlu";
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The fields of a `tongxunlu` item, as the radar app reads them.
const BOOK_FIELDS: &[&str] = &[
    "customer_id",
    "customer_username",
    "headimgurl",
    "expected_time",
    "expedted_pr",
    "belonger",
    "source",
    "source_text",
    "customer_source",
    "customer_source_text",
    "is_subscribe",
    "is_subscribe_text",
    "last_follow_time",
    "last_activity_time",
    "follow_status",
];

async fn book(t: &Tenant, user: &Principal, query: Params) -> Value {
    let reply = t.client.get(TONGXUNLU, user, query).await;
    let data = reply.ok().clone();
    assert_eq!(reply.msg(), "查询成功");
    data
}

fn list(data: &Value) -> Vec<Value> {
    data["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("ret_data is not a list: {data}"))
        .clone()
}

fn ids(data: &Value) -> Vec<i64> {
    list(data).iter().map(|i| int(i, "customer_id")).collect()
}

/// `n` related customers of `user`, in creation order.
async fn customers(t: &Tenant, user: &Principal, n: usize) -> Vec<i64> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(
            t.named_customer(user.id, &format!("客户{i}"))
                .await
                .principal
                .id,
        );
    }
    out
}

#[tokio::test]
async fn the_address_book_lists_the_callers_customers_with_the_seed_fields() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let alice = t.named_customer(user.id, "阿丽💗").await.principal.id;
    let nameless = t.named_customer(user.id, "").await.principal.id;
    t.set_relation_estimate(user.id, alice, 2, 80, Some("2018-06-28"))
        .await;

    let data = book(&t, &user, params![]).await;
    assert_eq!(int(&data, "data_count"), 2);
    let items = list(&data);
    for item in &items {
        assert_fields(item, BOOK_FIELDS);
        assert_eq!(item["customer_source"], 2, "{item}");
        assert_eq!(item["customer_source_text"], "微信小程序", "{item}");
        assert!(item["is_subscribe"].is_null(), "{item}");
        assert!(!text(&item["belonger"]).is_empty(), "{item}");
    }
    assert_eq!(items[0]["belonger"], items[1]["belonger"]);
    // The default order: the highest expected closing probability first.
    let first = &items[0];
    assert!(is_id(&first["customer_id"], alice), "{data}");
    assert_eq!(first["customer_username"], "阿丽💗");
    assert_eq!(first["expected_time"], "2018-06-28");
    assert_eq!(first["expedted_pr"], 80);
    assert_eq!(first["source"], 2);
    assert_eq!(first["source_text"], "转发");
    let second = &items[1];
    assert!(is_id(&second["customer_id"], nameless));
    assert_eq!(second["customer_username"], format!("客户ID{nameless}"));
    assert!(second["expected_time"].is_null());
    assert_eq!(second["expedted_pr"], 0);
    assert_eq!(second["source_text"], "扫码");
}

#[tokio::test]
async fn follow_and_activity_days_read_today_yesterday_days_ago_or_never() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let c = customers(&t, &user, 4).await;
    let today = Tenant::local_day_start(now_ms());
    let four_days_ago = today - 4 * DAY + HOUR;
    // Distinct probabilities fix the order of the list to c[0]..c[3].
    for (i, id) in c.iter().enumerate() {
        t.set_relation_estimate(user.id, *id, 1, 90 - i as i64, None)
            .await;
    }
    t.set_relation_times(user.id, c[0], Some(today + 60_000), Some(today + 60_000))
        .await;
    t.set_relation_times(user.id, c[1], Some(today - 60_000), Some(today - 60_000))
        .await;
    t.set_relation_times(user.id, c[2], Some(four_days_ago), Some(four_days_ago))
        .await;
    t.set_relation_times(user.id, c[3], None, None).await;

    let data = book(&t, &user, params![]).await;
    assert_eq!(ids(&data), c);
    let shown: Vec<(String, String, String)> = list(&data)
        .iter()
        .map(|i| {
            (
                text(&i["last_follow_time"]),
                text(&i["last_activity_time"]),
                text(&i["follow_status"]),
            )
        })
        .collect();
    let date = Tenant::local_date(four_days_ago);
    assert_eq!(
        shown,
        [
            ("今天".into(), "今天".into(), "今天跟进".into()),
            ("昨天".into(), "昨天".into(), "昨天已跟进".into()),
            ("4天前".into(), date.clone(), date),
            (String::new(), String::new(), "未跟进过".into()),
        ]
    );
}

#[tokio::test]
async fn orders_put_the_highest_and_newest_first_and_never_last() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let c = customers(&t, &user, 3).await;
    let now = now_ms();
    for (id, pr) in [(c[0], 10), (c[1], 90), (c[2], 50)] {
        t.set_relation_estimate(user.id, id, 1, pr, None).await;
    }
    t.set_relation_times(user.id, c[0], Some(now - HOUR), Some(now - 3 * DAY))
        .await;
    t.set_relation_times(user.id, c[1], None, None).await;
    t.set_relation_times(user.id, c[2], Some(now - 2 * DAY), Some(now - HOUR))
        .await;

    let by_pr = vec![c[1], c[2], c[0]];
    assert_eq!(ids(&book(&t, &user, params![]).await), by_pr);
    for order in [
        "-expedted_pr",
        "customer__expedted_pr",
        "-customer__expedted_pr",
    ] {
        let data = book(&t, &user, params!["order" => order]).await;
        assert_eq!(ids(&data), by_pr, "{order}");
    }
    for order in ["-last_follow_time", "last_follow_time"] {
        let data = book(&t, &user, params!["order" => order]).await;
        assert_eq!(ids(&data), [c[0], c[2], c[1]], "{order}");
    }
    let data = book(&t, &user, params!["order" => "-last_activity_time"]).await;
    assert_eq!(ids(&data), [c[2], c[0], c[1]]);
    for order in ["create_date", "-id", "expedted_pr; DROP TABLE relations"] {
        let reply = t
            .client
            .get(TONGXUNLU, &user, params!["order" => order])
            .await;
        reply.expect_code(301);
        assert!(reply.msg().contains("order"), "{}", reply.msg());
    }
}

#[tokio::test]
async fn filters_select_sources() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let c = customers(&t, &user, 4).await;
    for (i, (id, source)) in [(c[0], 1), (c[1], 2), (c[2], 4), (c[3], 5)]
        .into_iter()
        .enumerate()
    {
        t.set_relation_estimate(user.id, id, source, 90 - i as i64, None)
            .await;
    }
    let cases: [(Params, Vec<i64>); 5] = [
        (params!["customer_type" => 1], vec![c[2]]),
        (params!["customer_type" => 2], vec![c[0], c[1]]),
        (params!["customer__source" => 5], vec![c[3]]),
        (
            params!["customer_type" => 2, "customer__source" => 2],
            vec![c[1]],
        ),
        (
            params!["customer_type" => 2, "customer__source" => 4],
            vec![],
        ),
    ];
    for (query, expected) in cases {
        let data = book(&t, &user, query.clone()).await;
        assert_eq!(ids(&data), expected, "{query:?}");
        assert_eq!(int(&data, "data_count"), expected.len() as i64);
    }
    for query in [
        params!["customer_type" => 3],
        params!["customer_type" => "x"],
        params!["customer__source" => 9],
        params!["customer__source" => "scan"],
    ] {
        t.client.get(TONGXUNLU, &user, query).await.expect_code(301);
    }
}

#[tokio::test]
async fn pages_follow_current_page_and_length() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let c = customers(&t, &user, 12).await;
    // Equal probabilities: newer customers first.
    let newest_first: Vec<i64> = c.iter().rev().copied().collect();

    let first = book(&t, &user, params![]).await;
    assert_eq!(int(&first, "data_count"), 12);
    assert_eq!(ids(&first), newest_first[..10], "10 by default");
    let second = book(&t, &user, params!["current_page" => 2]).await;
    assert_eq!(ids(&second), newest_first[10..]);
    assert_eq!(int(&second, "data_count"), 12);
    let third = book(&t, &user, params!["length" => 5, "current_page" => 3]).await;
    assert_eq!(ids(&third), newest_first[10..]);
    let all = book(&t, &user, params!["length" => 0]).await;
    assert_eq!(ids(&all), newest_first);
    let beyond = book(&t, &user, params!["current_page" => 9]).await;
    assert_eq!(ids(&beyond), Vec::<i64>::new());
    assert_eq!(int(&beyond, "data_count"), 12);
}

#[tokio::test]
async fn only_the_callers_own_relations_are_listed() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let admin = t.admin_user().await;
    let shared = t.named_customer(user.id, "共享").await;
    t.bind(&shared, colleague.id).await.ok();
    let theirs = t.named_customer(colleague.id, "同事的").await.principal.id;
    t.set_relation_estimate(colleague.id, shared.principal.id, 3, 99, Some("2030-01-01"))
        .await;
    let other = Tenant::shared().await;
    let stranger = other.radar_user().await;
    other.named_customer(stranger.id, "外人").await;

    let data = book(&t, &user, params![]).await;
    assert_eq!(ids(&data), [shared.principal.id]);
    let item = &list(&data)[0];
    assert_eq!(item["expedted_pr"], 0, "the caller's own relation: {item}");
    assert_eq!(item["source"], 1);
    let data = book(&t, &colleague, params![]).await;
    let mut seen = ids(&data);
    seen.sort();
    assert_eq!(seen, [shared.principal.id, theirs]);
    let data = book(&t, &admin, params![]).await;
    assert_eq!(
        int(&data, "data_count"),
        0,
        "a tenant admin's book is their own"
    );
    let data = book(&other, &stranger, params![]).await;
    assert_eq!(list(&data).len(), 1);
    assert_eq!(list(&data)[0]["customer_username"], "外人");
}
