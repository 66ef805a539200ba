//! The radar views (`qiyeweixin/action/*`): the caller's own log by time,
//! by customer, by action, one customer's detail and the unseen entries;
//! windows of local days, `is_new` handling, paging, and that nobody sees a
//! colleague's or another company's log, whatever ids they pass.

use crate::harness::{
    assert_fields, int, is_id, params, text, unique, Customer, Principal, Tenant,
};
use serde_json::{json, Value};

const TIME: &str = "/zhugeleida/qiyeweixin/action/time";
const BY_CUSTOMER: &str = "/zhugeleida/qiyeweixin/action/customer";
const COUNT: &str = "/zhugeleida/qiyeweixin/action/count";
const DETAIL: &str = "/zhugeleida/qiyeweixin/action/customer_detail";
const NEW_LOG: &str = "/zhugeleida/qiyeweixin/action/get_new_log";

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The fields of an `action/time` item, as the radar app reads them.
const TIME_FIELDS: &[&str] = &[
    "user_id",
    "customer_username",
    "customer_id",
    "headimgurl",
    "customer_source",
    "customer_source_text",
    "log",
    "log_type",
    "create_date",
];

/// A salesperson with two related customers: 阿丽 and one who never gave a name.
struct Desk {
    t: Tenant,
    user: Principal,
    alice: i64,
    nameless: i64,
    alice_login: Customer,
}

async fn desk() -> Desk {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let alice_login = t.named_customer(user.id, "阿丽").await;
    let nameless = t.named_customer(user.id, "").await.principal.id;
    Desk {
        t,
        user,
        alice: alice_login.principal.id,
        nameless,
        alice_login,
    }
}

fn now() -> i64 {
    crate::harness::now_ms()
}

/// `ret_data` of a list reply, asserting success.
fn items(data: &Value) -> Vec<Value> {
    data["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("ret_data is not a list: {data}"))
        .clone()
}

fn logs(data: &Value) -> Vec<String> {
    items(data).iter().map(|i| text(&i["log"])).collect()
}

impl Desk {
    async fn get(&self, path: &str, query: crate::harness::Params) -> crate::harness::Envelope {
        self.t.client.get(path, &self.user, query).await
    }

    async fn log(&self, customer: i64, code: i64, remark: &str, at: i64) -> i64 {
        self.t
            .log_action(self.user.id, customer, code, remark, at)
            .await
    }

    async fn unseen(&self) -> Vec<i64> {
        self.t
            .server
            .db
            .unseen_actions(self.t.company_id, self.user.id)
            .await
    }
}

#[tokio::test]
async fn time_lists_the_callers_log_newest_first_with_the_seed_fields() {
    let d = desk().await;
    let t0 = now();
    d.log(d.alice, 1, "首次查看您的名片,沟通从此刻开始", t0 - 3 * HOUR)
        .await;
    d.log(
        d.nameless,
        24,
        "正在查看视频《开业》, 尽快追踪!!",
        t0 - 2 * HOUR,
    )
    .await;
    d.log(
        d.alice,
        21,
        "首次查看您的日记首页, 沟通从此刻开始",
        t0 - HOUR,
    )
    .await;

    let reply = d.get(TIME, params![]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询日志记录成功");
    assert_eq!(int(data, "data_count"), 3, "{data}");
    let list = items(data);
    for item in &list {
        assert_fields(item, TIME_FIELDS);
        assert!(is_id(&item["user_id"], d.user.id), "{item}");
        assert_eq!(item["customer_source"], 2, "{item}");
        assert_eq!(item["customer_source_text"], "微信小程序", "{item}");
        let date = text(&item["create_date"]);
        assert!(
            date.len() == 19 && date.as_bytes()[10] == b'T',
            "create_date {date:?}"
        );
    }
    assert_eq!(
        logs(data),
        [
            "阿丽首次查看您的日记首页, 沟通从此刻开始".to_string(),
            format!("客户ID{}正在查看视频《开业》, 尽快追踪!!", d.nameless),
            "阿丽首次查看您的名片,沟通从此刻开始".to_string(),
        ]
    );
    let types: Vec<i64> = list.iter().map(|i| int(i, "log_type")).collect();
    assert_eq!(types, [3, 2, 1], "diary, video, normal");
    assert!(is_id(&list[1]["customer_id"], d.nameless));
    assert_eq!(
        list[1]["customer_username"],
        format!("客户ID{}", d.nameless)
    );
    assert_eq!(list[0]["customer_username"], "阿丽");
    assert_eq!(
        list[0]["create_date"],
        Tenant::local_date(t0 - HOUR) + &text(&list[0]["create_date"])[10..]
    );

    let page = d
        .get(TIME, params!["length" => 2, "current_page" => 2])
        .await;
    let data = page.ok();
    assert_eq!(int(data, "data_count"), 3);
    assert_eq!(logs(data), ["阿丽首次查看您的名片,沟通从此刻开始"]);
}

#[tokio::test]
async fn a_card_view_shows_up_in_the_timeline() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    t.bind(&customer, user.id).await.ok();
    t.view_card(&customer, user.id).await;
    t.assert_actions(user.id, customer.principal.id, 1, 1, "one card view")
        .await;
    let reply = t
        .client
        .get(TIME, &user, params!["customer_id" => customer.principal.id])
        .await;
    let data = reply.ok();
    // Newest first: the card view after the authorisation (action 13).
    let logs = logs(data);
    assert_eq!(logs.len(), 2, "{data}");
    assert!(
        logs[0].starts_with("张三") && logs[0].contains("名片"),
        "{data}"
    );
    assert_eq!(logs[1], "张三已向您授权访问【名片详情】页面");
}

#[tokio::test]
async fn an_action_defaults_to_the_last_seven_days_and_the_end_day_is_included() {
    let d = desk().await;
    let t0 = now();
    d.log(d.alice, 1, "old", t0 - 9 * DAY).await;
    d.log(d.alice, 1, "recent", t0 - 2 * DAY).await;
    d.log(d.alice, 4, "website", t0 - HOUR).await;
    let nine_days_ago = Tenant::local_date(t0 - 9 * DAY);
    let ten_days_ago = Tenant::local_date(t0 - 10 * DAY);

    let count = |data: &Value| int(data, "data_count");
    let with_action = d.get(TIME, params!["action" => 1]).await;
    assert_eq!(logs(with_action.ok()), ["阿丽recent"]);
    let all = d.get(TIME, params![]).await;
    assert_eq!(count(all.ok()), 3, "no window without an action");
    let from = d
        .get(
            TIME,
            params!["action" => 1, "create_date__gte" => &ten_days_ago],
        )
        .await;
    assert_eq!(logs(from.ok()), ["阿丽recent", "阿丽old"]);
    let through = d
        .get(
            TIME,
            params![
                "action" => 1,
                "create_date__gte" => &ten_days_ago,
                "create_date__lt" => &nine_days_ago,
            ],
        )
        .await;
    assert_eq!(logs(through.ok()), ["阿丽old"], "the end day is included");
    let before = d
        .get(
            TIME,
            params![
                "action" => 1,
                "create_date__gte" => &ten_days_ago,
                "create_date__lt" => &ten_days_ago,
            ],
        )
        .await;
    assert_eq!(count(before.ok()), 0);
    let window_only = d
        .get(
            TIME,
            params!["create_date__gte" => Tenant::local_date(t0 - DAY)],
        )
        .await;
    assert_eq!(logs(window_only.ok()), ["阿丽website"]);
}

#[tokio::test]
async fn time_marks_what_it_matches_seen_and_nothing_else() {
    let d = desk().await;
    let colleague = d.t.radar_user().await;
    let theirs = d.t.bound_customer(colleague.id).await.principal.id;
    let t0 = now();
    let card = d.log(d.alice, 1, "card", t0 - HOUR).await;
    let site = d.log(d.alice, 4, "site", t0 - 2 * HOUR).await;
    let other = d.log(d.nameless, 1, "card", t0 - 3 * HOUR).await;
    d.t.log_action(colleague.id, theirs, 1, "card", t0).await;
    assert_eq!(d.unseen().await, [card, site, other]);

    d.get(TIME, params!["action" => 4]).await.ok();
    assert_eq!(d.unseen().await, [card, other]);
    d.get(TIME, params!["customer_id" => d.nameless]).await.ok();
    assert_eq!(d.unseen().await, [card]);
    // A later page marks the whole match, as a first page does.
    d.get(TIME, params!["length" => 1, "current_page" => 5])
        .await
        .ok();
    assert_eq!(d.unseen().await, Vec::<i64>::new());
    let colleagues =
        d.t.server
            .db
            .unseen_actions(d.t.company_id, colleague.id)
            .await;
    assert_eq!(colleagues.len(), 1, "a colleague's entries stay new");
}

#[tokio::test]
async fn a_customer_id_must_name_one_of_the_callers_customers() {
    let d = desk().await;
    let colleague = d.t.radar_user().await;
    let theirs = d.t.bound_customer(colleague.id).await.principal.id;
    // 阿丽 is the colleague's customer too; their entries on her stay theirs.
    d.t.bind(&d.alice_login, colleague.id).await.ok();
    let other = Tenant::shared().await;
    let stranger = other.radar_user().await;
    let foreign = other.bound_customer(stranger.id).await.principal.id;
    let t0 = now();
    let mine = d.log(d.alice, 1, "mine", t0 - HOUR).await;
    d.t.log_action(colleague.id, d.alice, 1, "theirs", t0).await;
    d.t.log_action(colleague.id, theirs, 1, "theirs", t0).await;
    let foreign_remark = unique("foreign");
    other
        .log_action(stranger.id, foreign, 1, &foreign_remark, t0)
        .await;
    let mut secrets = other.server.db.company_secrets(other.company_id).await;
    secrets.push(foreign_remark);

    for id in [theirs.to_string(), foreign.to_string(), "999999999".into()] {
        for path in [TIME, DETAIL] {
            let reply = d.get(path, params!["customer_id" => &id]).await;
            reply.expect_code(302);
            reply.assert_hides(&secrets);
        }
    }
    d.get(TIME, params!["customer_id" => "x"])
        .await
        .expect_code(301);
    d.get(DETAIL, params!["customer_id" => "x"])
        .await
        .expect_code(301);
    d.get(DETAIL, params![]).await.expect_code(303);
    assert_eq!(d.unseen().await, [mine], "refusals mark nothing seen");
    let db = &d.t.server.db;
    assert_eq!(
        db.unseen_actions(d.t.company_id, colleague.id).await.len(),
        2,
        "the colleague's entries stay unseen"
    );
    assert_eq!(
        db.unseen_actions(other.company_id, stranger.id).await.len(),
        1,
        "the other company's entry stays unseen"
    );

    let own = d.get(TIME, params!["customer_id" => d.alice]).await;
    assert_eq!(
        logs(own.ok()),
        ["阿丽mine"],
        "only the caller's entries on 阿丽"
    );
    let detail = d.get(DETAIL, params!["customer_id" => d.alice]).await;
    assert_eq!(int(&detail.ok()[0], "totalCount"), 1);
}

#[tokio::test]
async fn count_counts_the_window_per_action_with_the_labels() {
    let d = desk().await;
    let t0 = now();
    d.log(d.alice, 1, "", t0 - HOUR).await;
    d.log(d.nameless, 1, "", t0 - 2 * DAY).await;
    d.log(d.alice, 6, "", t0 - 3 * HOUR).await;
    d.log(d.alice, 13, "", t0).await;
    d.log(d.alice, 1, "", t0 - 9 * DAY).await;

    let reply = d.get(COUNT, params![]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询日志记录成功");
    assert_fields(data, &["action", "detail", "user_id"]);
    assert!(is_id(&data["user_id"], d.user.id), "{data}");
    let labels = data["action"].as_object().expect("action is an object");
    assert_eq!(labels.len(), 12, "{data}");
    assert_eq!(labels["1"], "查看名片");
    assert_eq!(labels["9"], "觉得靠谱");
    assert_eq!(labels["12"], "复制邮箱");
    assert_eq!(
        data["detail"],
        json!({"1": 2, "6": 1, "13": 1}),
        "last 7 days"
    );

    let ten_days_ago = Tenant::local_date(t0 - 10 * DAY);
    let wider = d
        .get(COUNT, params!["create_date__gte" => &ten_days_ago])
        .await;
    assert_eq!(wider.ok()["detail"]["1"], 3);
    let old_day = d
        .get(
            COUNT,
            params![
                "create_date__gte" => &ten_days_ago,
                "create_date__lt" => Tenant::local_date(t0 - 9 * DAY),
            ],
        )
        .await;
    assert_eq!(old_day.ok()["detail"], json!({"1": 1}));
}

#[tokio::test]
async fn customer_ranks_customers_by_their_entries_in_the_window() {
    let d = desk().await;
    let carol = d.t.named_customer(d.user.id, "卡罗").await.principal.id;
    let t0 = now();
    for (customer, code, at) in [
        (d.alice, 1, t0 - HOUR),
        (d.alice, 1, t0 - 2 * HOUR),
        (d.alice, 2, t0 - 3 * DAY),
        (d.nameless, 5, t0 - HOUR),
        (d.nameless, 5, t0 - 9 * DAY),
        (d.nameless, 5, t0 - 10 * DAY),
        (carol, 9, t0 - HOUR),
        (carol, 10, t0 - DAY),
    ] {
        d.log(customer, code, "", at).await;
    }

    let reply = d.get(BY_CUSTOMER, params![]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询日志记录成功");
    let list = data.as_array().expect("data is a list").clone();
    let order: Vec<(i64, i64)> = list
        .iter()
        .map(|i| (int(i, "customer_id"), int(i, "totalCount")))
        .collect();
    assert_eq!(order, [(d.alice, 3), (carol, 2), (d.nameless, 1)]);
    let top = &list[0];
    assert_fields(
        top,
        &[
            "totalCount",
            "customer_id",
            "customer__username",
            "user_id",
            "headimgurl",
            "detail",
        ],
    );
    assert_eq!(top["customer__username"], "阿丽");
    assert!(is_id(&top["user_id"], d.user.id));
    assert_eq!(
        top["detail"],
        json!({"1": {"count": 2, "name": "查看名片"}, "2": {"count": 1, "name": "查看产品"}})
    );
    assert_eq!(
        list[2]["customer__username"],
        format!("客户ID{}", d.nameless)
    );

    let second = d
        .get(BY_CUSTOMER, params!["length" => 1, "current_page" => 2])
        .await;
    let page = second.ok().as_array().expect("a list").clone();
    assert_eq!(page.len(), 1);
    assert!(is_id(&page[0]["customer_id"], carol));
    let wider = d
        .get(
            BY_CUSTOMER,
            params!["create_date__gte" => Tenant::local_date(t0 - 11 * DAY)],
        )
        .await;
    let ranked: Vec<(i64, i64)> = wider
        .ok()
        .as_array()
        .expect("a list")
        .iter()
        .map(|i| (int(i, "customer_id"), int(i, "totalCount")))
        .collect();
    assert_eq!(
        ranked,
        [(d.alice, 3), (d.nameless, 3), (carol, 2)],
        "ties: lower id first"
    );
}

#[tokio::test]
async fn customer_detail_counts_one_customer_per_action() {
    let d = desk().await;
    let t0 = now();
    for (customer, code) in [(d.alice, 1), (d.alice, 1), (d.alice, 9), (d.nameless, 1)] {
        d.log(customer, code, "", t0 - HOUR).await;
    }
    d.log(d.alice, 7, "", t0 - 9 * DAY).await;

    let reply = d.get(DETAIL, params!["customer_id" => d.alice]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询日志记录成功");
    let item = &data[0];
    let summary = json!({
        "totalCount": 3,
        "customer_id": d.alice,
        "detail": [
            {"count": 2, "action": 1, "name": "查看名片"},
            {"count": 1, "action": 9, "name": "觉得靠谱"},
        ],
    });
    assert_eq!(
        item[d.alice.to_string()],
        summary,
        "keyed by customer id as clients read it"
    );
    for field in ["totalCount", "customer_id", "detail"] {
        assert_eq!(item[field], summary[field], "{field}");
    }
    let wider = d
        .get(
            DETAIL,
            params!["customer_id" => d.alice, "create_date__gte" => Tenant::local_date(t0 - 10 * DAY)],
        )
        .await;
    assert_eq!(int(&wider.ok()[0], "totalCount"), 4);
}

#[tokio::test]
async fn get_new_log_hands_out_each_unseen_entry_once() {
    let d = desk().await;
    let t0 = now();
    d.log(
        d.alice,
        6,
        "转发了你的名片,你的人脉圈正在裂变",
        t0 - 2 * HOUR,
    )
    .await;
    d.log(d.alice, 10, "拨打您的手机", t0 - HOUR).await;
    d.log(d.nameless, 1, "查看了您的名片", t0 - 3 * HOUR).await;

    let reply = d.get(NEW_LOG, params!["action" => 6]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询日志记录成功");
    assert_eq!(int(data, "data_count"), 1);
    let list = items(data);
    assert_fields(
        &list[0],
        &["user_id", "customer_id", "action", "log", "create_date"],
    );
    assert_eq!(list[0]["action"], "转发名片");
    assert_eq!(list[0]["log"], "阿丽转发了你的名片,你的人脉圈正在裂变");
    assert!(is_id(&list[0]["user_id"], d.user.id));

    let rest = d.get(NEW_LOG, params![]).await;
    let data = rest.ok();
    assert_eq!(int(data, "data_count"), 2);
    let actions: Vec<String> = items(data).iter().map(|i| text(&i["action"])).collect();
    assert_eq!(actions, ["拨打电话", "查看名片"], "newest first");
    let none = d.get(NEW_LOG, params![]).await;
    assert_eq!(none.ok()["ret_data"], json!([]));
    assert_eq!(int(none.ok(), "data_count"), 0);

    let fresh = d.log(d.alice, 5, "复制了您的微信", now()).await;
    let again = d.get(NEW_LOG, params![]).await;
    assert_eq!(logs(again.ok()), ["阿丽复制了您的微信"]);
    assert_eq!(d.unseen().await, Vec::<i64>::new(), "{fresh} handed out");

    // More than a page: the newest page is handed out, all are then seen.
    for i in 0..12 {
        d.log(d.alice, 1, &format!("#{i}"), now() - i * 1000).await;
    }
    let page = d.get(NEW_LOG, params![]).await;
    let data = page.ok();
    assert_eq!(int(data, "data_count"), 12);
    assert_eq!(items(data).len(), 10);
    assert_eq!(logs(data)[0], "阿丽#0");
    assert_eq!(d.unseen().await, Vec::<i64>::new());
}

#[tokio::test]
async fn bad_values_are_refused_and_mark_nothing() {
    let d = desk().await;
    let entry = d.log(d.alice, 1, "", now()).await;
    for (path, query) in [
        (TIME, params!["action" => 99]),
        (TIME, params!["action" => "x"]),
        (TIME, params!["create_date__gte" => "2018-13-01"]),
        (TIME, params!["create_date__lt" => "yesterday"]),
        (TIME, params!["current_page" => 0]),
        (NEW_LOG, params!["action" => 0]),
        (NEW_LOG, params!["length" => -1]),
        (COUNT, params!["create_date__gte" => "x"]),
        (BY_CUSTOMER, params!["create_date__lt" => "2018-02-30"]),
        (
            DETAIL,
            params!["customer_id" => d.alice, "create_date__gte" => "x"],
        ),
    ] {
        let reply = d.get(path, query).await;
        reply.expect_code(301);
    }
    assert_eq!(d.unseen().await, [entry]);
}

#[tokio::test]
async fn every_view_shows_only_the_callers_own_log() {
    let d = desk().await;
    let admin = d.t.admin_user().await;
    let operator = d.t.operator_user().await;
    let admins_customer =
        d.t.named_customer(admin.id, "管理员的客户")
            .await
            .principal
            .id;
    let other = Tenant::shared().await;
    let stranger = other.radar_user().await;
    let foreign = other.named_customer(stranger.id, "外人").await.principal.id;
    let t0 = now();
    d.log(d.alice, 1, "", t0 - HOUR).await;
    d.t.log_action(admin.id, admins_customer, 6, "", t0 - HOUR)
        .await;
    other
        .log_action(stranger.id, foreign, 9, "", t0 - HOUR)
        .await;

    // A tenant admin's radar is their own, like anyone's.
    let client = &d.t.client;
    let new = client.get(NEW_LOG, &admin, params![]).await;
    assert_eq!(int(new.ok(), "data_count"), 1);
    let time = client.get(TIME, &admin, params![]).await;
    let data = time.ok();
    assert_eq!(int(data, "data_count"), 1);
    assert!(is_id(&items(data)[0]["customer_id"], admins_customer));
    let count = client.get(COUNT, &admin, params![]).await;
    assert_eq!(count.ok()["detail"], json!({"6": 1}));
    let by_customer = client.get(BY_CUSTOMER, &admin, params![]).await;
    let list = by_customer.ok().as_array().expect("a list").clone();
    assert_eq!(list.len(), 1);
    assert!(is_id(&list[0]["customer_id"], admins_customer));
    client
        .get(DETAIL, &admin, params!["customer_id" => d.alice])
        .await
        .expect_code(302);

    // The platform operator has no log of their own here.
    for path in [TIME, NEW_LOG] {
        let reply = client.get(path, &operator, params![]).await;
        assert_eq!(int(reply.ok(), "data_count"), 0, "{path}");
    }
    let reply = client.get(BY_CUSTOMER, &operator, params![]).await;
    assert_eq!(reply.ok(), &json!([]));
    let reply = client.get(COUNT, &operator, params![]).await;
    assert_eq!(reply.ok()["detail"], json!({}));
    client
        .get(TIME, &operator, params!["customer_id" => foreign])
        .await
        .expect_code(302);

    // The salesperson sees their one entry, not the admin's or the stranger's.
    let mine = d.get(TIME, params![]).await;
    assert_eq!(int(mine.ok(), "data_count"), 1);
    let mine = d.get(COUNT, params![]).await;
    assert_eq!(mine.ok()["detail"], json!({"1": 1}));
    let stranger_view = other.client.get(NEW_LOG, &stranger, params![]).await;
    assert_eq!(logs(stranger_view.ok()), ["外人"]);
}

#[tokio::test]
async fn the_views_agree_on_a_loaded_log() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let loaded = t
        .server
        .db
        .seed_radar_load(t.company_id, user.id, 200, 3000, 60)
        .await;
    assert_eq!(loaded.len(), 200);
    let get = |path: &'static str, query: crate::harness::Params| {
        let (t, user) = (&t, &user);
        async move { t.client.get(path, user, query).await.ok().clone() }
    };

    let unseen = get(NEW_LOG, params!["length" => 5]).await;
    assert_eq!(int(&unseen, "data_count"), 3000);
    assert_eq!(items(&unseen).len(), 5);
    let all = get(TIME, params![]).await;
    assert_eq!(int(&all, "data_count"), 3000);
    assert_eq!(items(&all).len(), 10);
    let counts = get(COUNT, params![]).await;
    let per_code = counts["detail"].as_object().expect("detail").clone();
    let in_week: i64 = per_code
        .values()
        .map(|n| n.as_i64().expect("a count"))
        .sum();
    assert!(in_week > 0 && in_week < 3000, "{counts}");
    for (code, n) in &per_code {
        let timeline = get(TIME, params!["action" => code, "length" => 0]).await;
        assert_eq!(&json!(int(&timeline, "data_count")), n, "action {code}");
        assert_eq!(items(&timeline).len() as i64, int(&timeline, "data_count"));
    }
    let ranked = get(BY_CUSTOMER, params!["length" => 0]).await;
    let ranked = ranked.as_array().expect("a list");
    let totals: Vec<i64> = ranked.iter().map(|i| int(i, "totalCount")).collect();
    assert_eq!(totals.iter().sum::<i64>(), in_week);
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let top = &ranked[0];
    let detail = get(DETAIL, params!["customer_id" => int(top, "customer_id")]).await;
    assert_eq!(detail[0]["totalCount"], top["totalCount"]);
    let none = get(NEW_LOG, params![]).await;
    assert_eq!(int(&none, "data_count"), 0, "all seen by now");
}
