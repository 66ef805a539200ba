//! The case library in the mini-program: the merged case list (timeline
//! cases and normal cases' diaries, newest first, paged after merging),
//! tag search with history and hot tags, diaries by date with their day
//! numbers, likes, collections, footprints, reviewed comments and the radar
//! actions 21 and 22. No diary before its `diary_date` shows anywhere.

use crate::harness::{
    diary_ids, entry_keys, int, params, text, unique, Customer, FakeWechat, Principal, Tenant,
    ADMIN_DIARY, CASE_MANAGE, CASE_TAG, DIARY_MANAGE, FUTURE, PAST,
};
use serde_json::{json, Value};

/// A company with one timeline case (`timeline`, three diaries, one not yet
/// due), one normal case (`normal`, two diaries due, one not yet due, one
/// held back), a held-back timeline case and a newer timeline case, all but
/// the last tagged `tag`.
struct Library {
    t: Tenant,
    uid: i64,
    tag: i64,
    timeline: i64,
    timeline_diaries: [i64; 2],
    timeline_future: i64,
    normal: i64,
    normal_diaries: [i64; 2],
    normal_future: i64,
    newest: i64,
}

impl Library {
    async fn new() -> Library {
        let t = Tenant::shared().await;
        let uid = t.radar_user().await.id;
        let tag = t.add_case_tag("隆鼻").await;
        let tags = json!([tag]).to_string();
        let cover = t.case_picture().await;
        let timeline = t
            .add_case(
                "李女士",
                2,
                params!["tag_list" => tags, "cover_picture" => json!([cover]).to_string()],
            )
            .await;
        let first = t
            .add_diary(timeline, "第一天", "2020-01-01 09:00:00", params![])
            .await;
        let fifth = t
            .add_diary(timeline, "第五天", "2020-01-05 21:00:00", params![])
            .await;
        let timeline_future = t.add_diary(timeline, "明天", FUTURE, params![]).await;
        let normal = t.add_case("王先生", 1, params!["tag_list" => tags]).await;
        let n1 = t.add_diary(normal, "普通一", PAST, params![]).await;
        let n2 = t.add_diary(normal, "普通二", PAST, params![]).await;
        let normal_future = t.add_diary(normal, "普通未到", FUTURE, params![]).await;
        t.add_diary(normal, "普通未发", PAST, params!["status" => 2])
            .await;
        t.add_case("未发布", 2, params!["status" => 2, "tag_list" => tags])
            .await;
        let newest = t.add_case("赵女士", 2, params![]).await;
        Library {
            t,
            uid,
            tag,
            timeline,
            timeline_diaries: [first, fifth],
            timeline_future,
            normal,
            normal_diaries: [n1, n2],
            normal_future,
            newest,
        }
    }

    fn hidden(&self) -> [i64; 2] {
        [self.timeline_future, self.normal_future]
    }
}

/// Every `diary_id` anywhere in `v`.
fn all_diary_ids(v: &Value, out: &mut Vec<i64>) {
    match v {
        Value::Object(map) => {
            if let Some(id) = map.get("diary_id").and_then(Value::as_i64) {
                out.push(id);
            }
            map.values().for_each(|x| all_diary_ids(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| all_diary_ids(x, out)),
        _ => {}
    }
}

fn assert_hides(lib: &Library, v: &Value) {
    let mut ids = Vec::new();
    all_diary_ids(v, &mut ids);
    for hidden in lib.hidden() {
        assert!(
            !ids.contains(&hidden),
            "diary {hidden} before its date in {v}"
        );
    }
}

#[tokio::test]
async fn the_case_list_merges_timeline_cases_and_normal_diaries_newest_first() {
    let lib = Library::new().await;
    let t = &lib.t;
    let customer = t.customer(lib.uid).await;
    let list = t.case_list(&customer, params!["uid" => lib.uid]).await;
    let data = list.ok();
    let [n1, n2] = lib.normal_diaries;
    assert_eq!(
        entry_keys(data),
        vec![(lib.newest, 2), (n2, 1), (n1, 1), (lib.timeline, 2)]
    );
    assert_eq!(data["data_count"], 4);
    assert_hides(&lib, data);
    let timeline = &data["ret_data"][3];
    for field in [
        "case_id",
        "company_id",
        "customer_name",
        "headimgurl",
        "cover_picture",
        "status",
        "status_text",
        "tag_list",
        "last_diary_data",
        "update_date",
        "create_date",
    ] {
        assert!(
            timeline.get(field).is_some(),
            "{field} missing in {timeline}"
        );
    }
    assert_eq!(
        timeline["tag_list"],
        json!([{ "id": lib.tag, "name": "隆鼻" }])
    );
    assert_eq!(
        timeline["last_diary_data"]["diary_id"],
        lib.timeline_diaries[1]
    );
    assert_eq!(timeline["last_diary_data"]["title"], "第五天");
    let covers: Vec<String> = serde_json::from_str(&text(&timeline["cover_picture"])).unwrap();
    assert_eq!(covers.len(), 1);
    let normal = &data["ret_data"][1];
    assert_eq!(normal["case_id"], lib.normal);
    assert_eq!(normal["last_diary_data"]["title"], "普通二");

    // Paged after merging.
    let second = t
        .case_list(&customer, params!["current_page" => 2, "length" => 3])
        .await;
    assert_eq!(entry_keys(second.ok()), vec![(lib.timeline, 2)]);
    assert_eq!(second.ok()["data_count"], 4);

    // One tag's part: the untagged newest case drops out.
    let tagged = t
        .case_list(&customer, params!["search_tag_id" => lib.tag])
        .await;
    assert_eq!(
        entry_keys(tagged.ok()),
        vec![(n2, 1), (n1, 1), (lib.timeline, 2)]
    );
    assert_eq!(tagged.ok()["data_count"], 3);

    // One case, opened.
    let one = t
        .case_list(
            &customer,
            params!["case_id" => lib.timeline, "uid" => lib.uid],
        )
        .await;
    assert_eq!(one.ok()["ret_data"][0]["case_id"], lib.timeline);
    assert_eq!(one.ok()["ret_data"][0]["read_count"], 1);
    assert_hides(&lib, one.ok());

    // Each visit naming the radar user is action 21; a list without one is not.
    t.assert_actions(
        lib.uid,
        customer.principal.id,
        21,
        2,
        "two visits named the radar user",
    )
    .await;
    let remarks: Vec<String> = t
        .server
        .db
        .actions(t.company_id, lib.uid)
        .await
        .into_iter()
        .filter(|a| a.code == 21)
        .map(|a| a.remark)
        .collect();
    assert_eq!(
        remarks,
        [
            "首次查看您的日记首页, 沟通从此刻开始",
            "查看您的日记首页/第2次, 把握深度交流的机会"
        ]
    );

    // Bad input changes nothing.
    let before = t.server.db.company_snapshot(t.company_id).await;
    for (query, code) in [
        (params!["search_tag_id" => 999_999], 302),
        (params!["case_id" => "x"], 301),
        (params!["uid" => 999_999], 302),
        (params!["current_page" => 600, "length" => 10], 301),
    ] {
        let reply = t.case_list(&customer, query).await;
        assert_eq!(reply.expect_code(code), &json!({}), "{:?}", reply.body);
    }
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
}

#[tokio::test]
async fn diaries_show_by_date_with_their_day_and_reads_reach_the_radar() {
    let lib = Library::new().await;
    let t = &lib.t;
    let customer = t.customer(lib.uid).await;
    let [first, fifth] = lib.timeline_diaries;

    let timeline = t
        .diary_list(&customer, params!["case_id" => lib.timeline])
        .await;
    let data = timeline.ok();
    assert_eq!(diary_ids(data), vec![first, fifth]);
    assert_eq!(data["data_count"], 2);
    let days: Vec<i64> = data["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| int(d, "interval_days"))
        .collect();
    assert_eq!(days, vec![0, 4]);
    let item = &data["ret_data"][1];
    for field in [
        "diary_id",
        "case_id",
        "company_id",
        "title",
        "diary_date",
        "cover_picture",
        "content",
        "status",
        "status_text",
        "interval_days",
        "read_count",
        "comment_count",
        "up_count",
        "is_praise_diary",
        "is_praise_diary_text",
        "cover_show_type",
        "cover_show_type_text",
        "create_date",
    ] {
        assert!(item.get(field).is_some(), "{field} missing in {item}");
    }
    assert_eq!(item["diary_date"], "2020-01-05 21:00:00");

    // The company's diaries, newest date first, none before its date.
    let all = t.diary_list(&customer, params![]).await;
    assert_hides(&lib, all.ok());
    assert_eq!(all.ok()["data_count"], 4);

    // A diary before its date is no diary at all, however it is asked for.
    for id in lib.hidden() {
        let reply = t.diary_list(&customer, params!["diary_id" => id]).await;
        assert_eq!(reply.expect_code(302), &json!({}));
        let like = t
            .client
            .post(
                &format!("{DIARY_MANAGE}/praise_diary/{id}"),
                &customer.principal,
                params![],
            )
            .await;
        like.expect_code(302);
    }
    // Only the back office may ask for scheduled diaries too.
    t.diary_list(&customer, params!["include_scheduled" => 1])
        .await
        .expect_code(404);
    let admin_view = t
        .client
        .get(
            &format!("{ADMIN_DIARY}/diary_list"),
            &t.admin,
            params!["case_id" => lib.timeline, "include_scheduled" => 1],
        )
        .await;
    assert_eq!(
        diary_ids(admin_view.ok()),
        vec![first, fifth, lib.timeline_future]
    );
    let admin_default = t
        .client
        .get(
            &format!("{ADMIN_DIARY}/diary_list"),
            &t.admin,
            params!["case_id" => lib.timeline],
        )
        .await;
    assert_eq!(diary_ids(admin_default.ok()), vec![first, fifth]);

    // Opening a diary counts a read and is action 22 for the radar user named.
    for n in 1..=2 {
        let one = t
            .diary_list(&customer, params!["diary_id" => fifth, "u_id" => lib.uid])
            .await;
        assert_eq!(one.ok()["ret_data"][0]["read_count"], n);
        assert_eq!(one.ok()["ret_data"][0]["interval_days"], 4);
    }
    t.assert_actions(lib.uid, customer.principal.id, 22, 2, "two reads")
        .await;
    let remarks: Vec<String> = t
        .server
        .db
        .actions(t.company_id, lib.uid)
        .await
        .into_iter()
        .filter(|a| a.code == 22)
        .map(|a| a.remark)
        .collect();
    assert_eq!(
        remarks,
        [
            "首次查看您的日记第五天, 沟通从此刻开始",
            "查看您的日记第五天/第2次, 把握深度交流的机会"
        ]
    );
}

#[tokio::test]
async fn likes_and_collections_toggle_per_customer_and_footprints_merge() {
    let lib = Library::new().await;
    let t = &lib.t;
    let (me, other) = (t.customer(lib.uid).await, t.customer(lib.uid).await);
    let [n1, _] = lib.normal_diaries;
    let like = |who: &Customer| {
        let path = format!("{DIARY_MANAGE}/praise_diary/{n1}");
        let principal = who.principal.clone();
        let t = &lib.t;
        async move { t.client.post(&path, &principal, params![]).await }
    };
    let liked = like(&me).await;
    assert_eq!(
        (
            liked.ok()["up_count"].clone(),
            liked.ok()["is_praise_diary"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(like(&other).await.ok()["up_count"], 2);
    let unliked = like(&me).await;
    assert_eq!(
        (
            unliked.ok()["up_count"].clone(),
            unliked.ok()["is_praise_diary"].clone()
        ),
        (json!(1), json!(0))
    );
    let seen_by_other = t.diary_list(&other, params!["case_id" => lib.normal]).await;
    let item = &seen_by_other.ok()["ret_data"][0];
    assert_eq!(
        (item["is_praise_diary"].clone(), item["up_count"].clone()),
        (json!(1), json!(1))
    );
    let seen_by_me = t.diary_list(&me, params!["case_id" => lib.normal]).await;
    assert_eq!(
        seen_by_me.ok()["ret_data"][0]["is_praise_diary_text"],
        "未点赞"
    );

    // Collections: set, set again (still one), taken back.
    let collect = |status: i64, case_id: i64| {
        let principal = me.principal.clone();
        let t = &lib.t;
        async move {
            t.client
                .post(
                    &format!("{CASE_MANAGE}/collection_case"),
                    &principal,
                    params!["case_id" => case_id, "status" => status],
                )
                .await
        }
    };
    let collections = || {
        let principal = me.principal.clone();
        let t = &lib.t;
        async move {
            t.client
                .get(
                    &format!("{CASE_MANAGE}/collection_case_list_record"),
                    &principal,
                    params![],
                )
                .await
        }
    };
    assert_eq!(collect(1, lib.timeline).await.ok()["is_collection"], 1);
    collect(1, lib.timeline).await.ok();
    collect(1, lib.newest).await.ok();
    let mine = collections().await;
    let keys = entry_keys(mine.ok());
    assert_eq!(keys, vec![(lib.newest, 2), (lib.timeline, 2)]);
    assert_hides(&lib, mine.ok());
    assert_eq!(collect(0, lib.timeline).await.ok()["is_collection"], 0);
    assert_eq!(entry_keys(collections().await.ok()), vec![(lib.newest, 2)]);
    collect(5, lib.timeline).await.expect_code(301);
    collect(1, 999_999).await.expect_code(302);

    // Footprints: the cases and diaries opened, latest first.
    t.case_list(&me, params!["case_id" => lib.timeline])
        .await
        .ok();
    t.diary_list(&me, params!["diary_id" => n1]).await.ok();
    let steps = t
        .client
        .get(
            &format!("{CASE_MANAGE}/browse_case_list_record"),
            &me.principal,
            params![],
        )
        .await;
    assert_eq!(entry_keys(steps.ok()), vec![(n1, 1), (lib.timeline, 2)]);
    assert_eq!(steps.ok()["data_count"], 2);
    assert_hides(&lib, steps.ok());
    let none = t
        .client
        .get(
            &format!("{CASE_MANAGE}/browse_case_list_record"),
            &other.principal,
            params![],
        )
        .await;
    assert_eq!(none.ok()["data_count"], 0);
}

#[tokio::test]
async fn tags_search_fuzzily_keep_the_latest_13_terms_and_rank_hot_tags() {
    let lib = Library::new().await;
    let t = &lib.t;
    let customer = t.customer(lib.uid).await;
    let chest = t.add_case_tag("隆胸").await;
    t.add_case_tag("美白").await;
    let tags = |query| {
        let principal = customer.principal.clone();
        let t = &lib.t;
        async move {
            t.client
                .get(&format!("{CASE_TAG}/case_list"), &principal, query)
                .await
        }
    };
    // Most searched first: filtering by a tag counts a search.
    t.case_list(&customer, params!["search_tag_id" => chest])
        .await
        .ok();
    t.case_list(&customer, params!["search_tag_id" => chest])
        .await
        .ok();
    t.case_list(&customer, params!["search_tag_id" => lib.tag])
        .await
        .ok();
    let all = tags(params![]).await;
    let names: Vec<String> = all.ok()["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| text(&t["name"]))
        .collect();
    assert_eq!(names, ["隆胸", "隆鼻", "美白"]);
    let hot = t
        .client
        .get(
            &format!("{CASE_TAG}/top_search_tag_list"),
            &customer.principal,
            params![],
        )
        .await;
    assert_eq!(hot.ok()["ret_data"][0]["id"], chest);

    // A fuzzy search: matching tags, the best match's entries, a history term.
    let found = tags(params!["name" => "隆"]).await;
    assert_eq!(found.ok()["data_count"], 2);
    assert_eq!(found.ok()["data_list"], json!([]), "隆胸 has no cases");
    let nose = tags(params!["name" => "鼻"]).await;
    assert_eq!(
        entry_keys(&json!({ "ret_data": nose.ok()["data_list"] })).len(),
        3
    );
    assert_hides(&lib, nose.ok());

    // The history keeps the latest 13 terms, each once, the newest first.
    for i in 0..14 {
        tags(params!["name" => format!("词{i}")]).await.ok();
    }
    tags(params!["name" => "词5"]).await.ok();
    let history = t
        .client
        .get(
            &format!("{CASE_TAG}/history_case_list"),
            &customer.principal,
            params![],
        )
        .await;
    let terms: Vec<String> = history.ok()["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| text(&t["name"]))
        .collect();
    assert_eq!(terms.len(), 13);
    assert_eq!(terms[0], "词5");
    assert_eq!(terms[1], "词13");
    assert!(!terms.contains(&"隆".to_string()) && !terms.contains(&"词0".to_string()));

    let before = t.server.db.company_snapshot(t.company_id).await;
    let long = "长".repeat(61);
    let refused = tags(params!["name" => long]).await;
    assert_eq!(refused.expect_code(301), &json!({}));
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
}

#[tokio::test]
async fn comments_show_once_approved_or_to_their_writer() {
    let lib = Library::new().await;
    let t = &lib.t;
    let (writer, reader) = (t.customer(lib.uid).await, t.customer(lib.uid).await);
    let diary = lib.timeline_diaries[0];
    let review = |who: &Customer, content: &str| {
        let principal = who.principal.clone();
        let form = params!["content" => content];
        let t = &lib.t;
        async move {
            t.client
                .post(
                    &format!("{DIARY_MANAGE}/review_diary/{diary}"),
                    &principal,
                    form,
                )
                .await
        }
    };
    let comment = int(review(&writer, "效果真好 👍").await.ok(), "comment_id");
    let list = |who: &Customer| {
        let principal = who.principal.clone();
        let t = &lib.t;
        async move {
            t.client
                .get(
                    &format!("{DIARY_MANAGE}/diary_id_review_list/{diary}"),
                    &principal,
                    params![],
                )
                .await
        }
    };
    assert_eq!(list(&writer).await.ok()["data_count"], 1);
    assert_eq!(list(&reader).await.ok()["data_count"], 0);
    t.client
        .post(
            &format!("{ADMIN_DIARY}/audit_comment/{comment}"),
            &t.admin,
            params!["is_audit_pass" => 1],
        )
        .await
        .ok();
    let seen = list(&reader).await;
    assert_eq!(seen.ok()["ret_data"][0]["content"], "效果真好 👍");
    for field in [
        "from_customer_id",
        "from_customer_name",
        "from_customer_headimgurl",
        "content",
        "create_time",
    ] {
        assert!(seen.ok()["ret_data"][0].get(field).is_some(), "{field}");
    }
    let counted = t
        .diary_list(&reader, params!["case_id" => lib.timeline])
        .await;
    assert_eq!(counted.ok()["ret_data"][0]["comment_count"], 1);

    let before = t.server.db.company_snapshot(t.company_id).await;
    review(&writer, "").await.expect_code(303);
    review(&writer, &"字".repeat(501)).await.expect_code(301);
    t.client
        .post(
            &format!("{DIARY_MANAGE}/review_diary/{}", lib.timeline_future),
            &writer.principal,
            params!["content" => "早到的评论"],
        )
        .await
        .expect_code(302);
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
}

#[tokio::test]
async fn the_case_library_signs_in_at_test_login_as_at_login() {
    let t = Tenant::shared().await;
    let uid = t.radar_user().await.id;
    let code = FakeWechat::shared().code_for(&unique("openid"));
    let reply = t
        .client
        .get_open(
            "/zhugeleida/xiaochengxu/test_login",
            params!["code" => code, "user_type" => 2, "source" => 1, "company_id" => t.company_id, "uid" => uid],
        )
        .await;
    let data = reply.ok();
    let customer = Principal {
        id: int(data, "cid"),
        token: text(&data["token"]),
    };
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let plain = t
        .login(&FakeWechat::shared().code_for(&unique("openid")), Some(uid))
        .await;
    assert_eq!(keys(data), keys(plain.ok()));
    let info = t
        .client
        .post(
            "/zhugeleida/xiaochengxu/test_login/send_user_info",
            &customer,
            params!["username" => "案例客户", "headimgurl" => "https://example.invalid/a.png", "sex" => 2, "city" => "上海", "country" => "中国", "province" => "上海", "language" => "zh_CN"],
        )
        .await;
    info.ok();
    let form_id = t
        .client
        .post(
            "/zhugeleida/xiaochengxu/test_login/send_form_id",
            &customer,
            params!["formId" => "form-1"],
        )
        .await;
    form_id.ok();
    // The same code answers the same as at `login`.
    let bad = t
        .client
        .get_open(
            "/zhugeleida/xiaochengxu/test_login",
            params!["user_type" => 2],
        )
        .await;
    let bad_plain = t
        .client
        .get_open("/zhugeleida/xiaochengxu/login", params!["user_type" => 2])
        .await;
    assert_eq!((bad.code(), bad.msg()), (bad_plain.code(), bad_plain.msg()));
}

/// With more diaries still to come than a list reads past, the database
/// applies the date rule itself: the lists show and count the same.
#[tokio::test]
async fn many_diaries_still_to_come_stay_hidden_and_uncounted() {
    let t = Tenant::shared().await;
    let uid = t.radar_user().await.id;
    let customer = t.customer(uid).await;
    let tag = t.add_case_tag("预约").await;
    let tags = json!([tag]).to_string();
    let normal = t.add_case("预约者", 1, params!["tag_list" => tags]).await;
    let first = t.add_diary(normal, "一", PAST, params![]).await;
    let second = t.add_diary(normal, "二", PAST, params![]).await;
    t.load_diaries_to_come(normal, 501).await;
    // The load went around the module's count of published diaries.
    t.server
        .db
        .delete_documents(t.company_id, "diary", "tallies")
        .await;
    for query in [params![], params!["search_tag_id" => tag]] {
        let reply = t.case_list(&customer, query).await;
        let data = reply.ok();
        assert_eq!(entry_keys(data), vec![(second, 1), (first, 1)]);
        assert_eq!(data["data_count"], 2);
    }
}
