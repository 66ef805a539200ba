//! The case library's back office and its tenancy: cases, tags and diaries
//! written, edited and deleted (tag use counts follow; a case with diaries
//! keeps its type and stays), pictures only from the company's files, only
//! admins writing; every id of another company refused with nothing
//! written and nothing of it in the reply; and a company without the diary
//! module still showing its cases; the case list's total kept as the
//! back office writes.

use crate::harness::{
    entry_keys, int, params, text, Envelope, Params, Principal, Tenant, ADMIN_CASE, ADMIN_CASE_TAG,
    ADMIN_DIARY, CASE_MANAGE, CASE_TAG, DIARY_MANAGE, FUTURE, PAST,
};
use serde_json::{json, Value};

/// Asserts a refusal with `code` whose `data` is empty.
fn refused(reply: &Envelope, code: i64) {
    assert_eq!(reply.expect_code(code), &json!({}), "{:?}", reply.body);
}

fn tag_row(list: &Value, id: i64) -> Value {
    list["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("tag {id} not in {list}"))
}

#[tokio::test]
async fn the_back_office_writes_cases_tags_and_diaries() {
    let t = Tenant::shared().await;
    let admin = &t.admin;
    let (nose, chest) = (t.add_case_tag("隆鼻").await, t.add_case_tag("隆胸").await);
    refused(
        &t.client
            .post(
                &format!("{ADMIN_CASE_TAG}/add/0"),
                admin,
                params!["name" => "隆鼻"],
            )
            .await,
        300,
    );
    let picture = t.case_picture().await;
    let case = t
        .add_case(
            "李女士 😀",
            2,
            params![
                "tag_list" => json!([nose, chest]).to_string(),
                "headimgurl" => &picture,
                "become_beautiful_cover" => json!([&picture, &picture]).to_string(),
            ],
        )
        .await;
    let tags = || async {
        t.client
            .get(ADMIN_CASE_TAG, &t.admin, params![])
            .await
            .ok()
            .clone()
    };
    let list = tags().await;
    assert_eq!(tag_row(&list, nose)["use_number"], 1);
    assert_eq!(tag_row(&list, chest)["use_number"], 1);

    // An edit: one tag off, text kept as written, fields left out kept.
    t.client
        .post(
            &format!("{ADMIN_CASE}/update/{case}"),
            admin,
            params!["tag_list" => json!([nose]).to_string(), "case_name" => "鼻综合 & <b>对比</b>"],
        )
        .await
        .ok();
    let list = tags().await;
    assert_eq!(tag_row(&list, chest)["use_number"], 0);
    let detail = t
        .client
        .get(
            &format!("{ADMIN_CASE}/case_detail/{case}"),
            admin,
            params![],
        )
        .await;
    let item = &detail.ok()["ret_data"];
    assert_eq!(item["case_name"], "鼻综合 & <b>对比</b>");
    assert_eq!(item["customer_name"], "李女士 😀");
    assert_eq!(item["headimgurl"], picture.as_str());
    assert_eq!(item["tag_list"], json!([{ "id": nose, "name": "隆鼻" }]));
    let listed = t
        .client
        .get(
            &format!("{ADMIN_CASE}/case_list"),
            admin,
            params!["customer_name" => "李女士"],
        )
        .await;
    assert_eq!(listed.ok()["data_count"], 1);

    // A tag in use is kept; an unused one goes.
    refused(
        &t.client
            .post(&format!("{ADMIN_CASE_TAG}/delete/{nose}"), admin, params![])
            .await,
        304,
    );
    t.client
        .post(
            &format!("{ADMIN_CASE_TAG}/delete/{chest}"),
            admin,
            params![],
        )
        .await
        .ok();

    // Diaries: written into the case; the case then keeps its type and stays.
    let diary = t
        .add_diary(
            case,
            "第一天",
            PAST,
            params!["cover_picture" => json!([&picture]).to_string()],
        )
        .await;
    refused(
        &t.client
            .post(
                &format!("{ADMIN_CASE}/update/{case}"),
                admin,
                params!["case_type" => 1],
            )
            .await,
        304,
    );
    refused(
        &t.client
            .post(&format!("{ADMIN_CASE}/delete/{case}"), admin, params![])
            .await,
        304,
    );
    t.client
        .post(
            &format!("{ADMIN_DIARY}/update/{diary}"),
            admin,
            params!["title" => "第一天（修改）"],
        )
        .await
        .ok();
    let diaries = t
        .client
        .get(
            &format!("{ADMIN_DIARY}/diary_list"),
            admin,
            params!["case_id" => case],
        )
        .await;
    assert_eq!(diaries.ok()["ret_data"][0]["title"], "第一天（修改）");
    t.client
        .post(&format!("{ADMIN_DIARY}/delete/{diary}"), admin, params![])
        .await
        .ok();
    t.client
        .post(&format!("{ADMIN_CASE}/delete/{case}"), admin, params![])
        .await
        .ok();
    assert_eq!(tag_row(&tags().await, nose)["use_number"], 0);
    refused(
        &t.client
            .get(
                &format!("{ADMIN_CASE}/case_detail/{case}"),
                admin,
                params![],
            )
            .await,
        302,
    );

    // Bad input, foreign pictures and callers other than the back office
    // change nothing.
    let live = t.add_case("王先生", 1, params![]).await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let before = t.server.db.company_snapshot(t.company_id).await;
    let cases_add = format!("{ADMIN_CASE}/add/0");
    let diary_add = format!("{ADMIN_DIARY}/add/0");
    let bad: Vec<(&str, &Principal, Params, i64)> = vec![
        (&cases_add, admin, params!["case_name" => "无人"], 303),
        (
            &cases_add,
            admin,
            params!["customer_name" => "x", "status" => 3],
            301,
        ),
        (
            &cases_add,
            admin,
            params!["customer_name" => "x", "case_type" => 0],
            301,
        ),
        (
            &cases_add,
            admin,
            params!["customer_name" => "x", "cover_picture" => "https://evil.example/a.jpg"],
            301,
        ),
        (
            &cases_add,
            admin,
            params!["customer_name" => "x", "cover_picture" => "[1,2]"],
            301,
        ),
        (
            &cases_add,
            admin,
            params!["customer_name" => "x", "tag_list" => "[999999]"],
            302,
        ),
        (
            &cases_add,
            admin,
            params!["customer_name" => "名".repeat(101)],
            301,
        ),
        // Only back-office tokens sign `admin/…`.
        (&cases_add, &user, params!["customer_name" => "x"], 400),
        (
            &cases_add,
            &customer.principal,
            params!["customer_name" => "x"],
            400,
        ),
        (
            &diary_add,
            admin,
            params!["case_id" => live, "title" => "x"],
            303,
        ),
        (
            &diary_add,
            admin,
            params!["case_id" => live, "title" => "x", "diary_date" => "2020-02-30"],
            301,
        ),
        (
            &diary_add,
            admin,
            params!["case_id" => 999_999, "title" => "x", "diary_date" => PAST],
            302,
        ),
        (
            &diary_add,
            admin,
            params!["case_id" => live, "title" => "x", "diary_date" => PAST, "cover_picture" => "statics/none.jpg"],
            301,
        ),
        (
            &diary_add,
            &user,
            params!["case_id" => live, "title" => "x", "diary_date" => PAST],
            400,
        ),
    ];
    for (path, who, form, code) in bad {
        let reply = t.client.post(path, who, form.clone()).await;
        assert_eq!(
            reply.expect_code(code),
            &json!({}),
            "{path} {form:?}: {:?}",
            reply.body
        );
    }
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);
}

#[tokio::test]
async fn another_companys_cases_tags_diaries_and_comments_are_refused() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let tag = a.add_case_tag("A公司的标签").await;
    let case = a
        .add_case(
            "A公司的客户",
            2,
            params!["tag_list" => json!([tag]).to_string()],
        )
        .await;
    let diary = a.add_diary(case, "A公司的日记", PAST, params![]).await;
    let a_user = a.radar_user().await;
    let a_customer = a.customer(a_user.id).await;
    let comment = int(
        a.client
            .post(
                &format!("{DIARY_MANAGE}/review_diary/{diary}"),
                &a_customer.principal,
                params!["content" => "A公司的评论"],
            )
            .await
            .ok(),
        "comment_id",
    );
    let a_picture = a.case_picture().await;
    let b_user = b.radar_user().await;
    let b_customer = b.customer(b_user.id).await;
    let bc = &b_customer.principal;
    let before = a.server.db.snapshots(&[a.company_id, b.company_id]).await;
    let no_leak = |reply: &Envelope, what: &str| {
        let code = reply.expect_refused();
        assert!([302, 301, 404].contains(&code), "{what}: {:?}", reply.body);
        assert_eq!(reply.data(), &json!({}), "{what}");
        for secret in ["A公司的标签", "A公司的客户", "A公司的日记", "A公司的评论"]
        {
            assert!(
                !reply.body.to_string().contains(secret),
                "{what}: {:?}",
                reply.body
            );
        }
    };
    let gets: Vec<(String, &Principal, Params)> = vec![
        (
            format!("{CASE_MANAGE}/case_list"),
            bc,
            params!["case_id" => case],
        ),
        (
            format!("{CASE_MANAGE}/case_list"),
            bc,
            params!["search_tag_id" => tag],
        ),
        (
            format!("{CASE_MANAGE}/case_list"),
            bc,
            params!["uid" => a_user.id],
        ),
        (
            format!("{CASE_MANAGE}/case_list"),
            bc,
            params!["company_id" => a.company_id],
        ),
        (
            format!("{DIARY_MANAGE}/diary_list"),
            bc,
            params!["diary_id" => diary],
        ),
        (
            format!("{DIARY_MANAGE}/diary_list"),
            bc,
            params!["diary_id" => diary, "uid" => a_user.id],
        ),
        (
            format!("{DIARY_MANAGE}/diary_id_review_list/{diary}"),
            bc,
            params![],
        ),
        (
            format!("{ADMIN_CASE}/case_detail/{case}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_DIARY}/comment_list/{diary}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_DIARY}/diary_list"),
            &b.admin,
            params!["diary_id" => diary, "include_scheduled" => 1],
        ),
    ];
    for (path, who, query) in gets {
        let reply = b.client.get(&path, who, query.clone()).await;
        no_leak(&reply, &format!("GET {path} {query:?}"));
    }
    let posts: Vec<(String, &Principal, Params)> = vec![
        (
            format!("{DIARY_MANAGE}/praise_diary/{diary}"),
            bc,
            params![],
        ),
        (
            format!("{DIARY_MANAGE}/review_diary/{diary}"),
            bc,
            params!["content" => "越界"],
        ),
        (
            format!("{CASE_MANAGE}/collection_case"),
            bc,
            params!["case_id" => case, "status" => 1],
        ),
        (
            format!("{ADMIN_CASE}/update/{case}"),
            &b.admin,
            params!["customer_name" => "改"],
        ),
        (format!("{ADMIN_CASE}/delete/{case}"), &b.admin, params![]),
        (
            format!("{ADMIN_CASE}/add/0"),
            &b.admin,
            params!["customer_name" => "x", "tag_list" => json!([tag]).to_string()],
        ),
        (
            format!("{ADMIN_CASE}/add/0"),
            &b.admin,
            params!["customer_name" => "x", "headimgurl" => &a_picture],
        ),
        (
            format!("{ADMIN_CASE_TAG}/update/{tag}"),
            &b.admin,
            params!["name" => "改"],
        ),
        (
            format!("{ADMIN_CASE_TAG}/delete/{tag}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_DIARY}/add/0"),
            &b.admin,
            params!["case_id" => case, "title" => "x", "diary_date" => PAST],
        ),
        (
            format!("{ADMIN_DIARY}/update/{diary}"),
            &b.admin,
            params!["title" => "改"],
        ),
        (format!("{ADMIN_DIARY}/delete/{diary}"), &b.admin, params![]),
        (
            format!("{ADMIN_DIARY}/audit_comment/{comment}"),
            &b.admin,
            params!["is_audit_pass" => 1],
        ),
    ];
    for (path, who, form) in posts {
        let reply = b.client.post(&path, who, form.clone()).await;
        no_leak(&reply, &format!("POST {path} {form:?}"));
    }
    assert_eq!(
        a.server.db.snapshots(&[a.company_id, b.company_id]).await,
        before
    );
    // B's lists and counts hold nothing of A's.
    let count = b
        .client
        .get(
            &format!("{ADMIN_DIARY}/for_cases/count_of_case/{case}"),
            &b.admin,
            params![],
        )
        .await;
    assert_eq!(count.ok()["count"], 0);
    for path in [
        format!("{CASE_MANAGE}/case_list"),
        format!("{CASE_TAG}/case_list"),
        format!("{CASE_TAG}/top_search_tag_list"),
        format!("{DIARY_MANAGE}/diary_list"),
    ] {
        let reply = b.client.get(&path, bc, params![]).await;
        assert_eq!(reply.ok()["ret_data"], json!([]), "{path}");
    }
}

#[tokio::test]
async fn without_the_diary_module_the_cases_show_without_diaries() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let timeline = t.add_case("时间轴", 2, params![]).await;
    let normal = t.add_case("普通", 1, params![]).await;
    let diary = t.add_diary(normal, "普通日记", PAST, params![]).await;
    t.add_diary(timeline, "时间轴日记", PAST, params![]).await;
    let with = t.case_list(&customer, params![]).await;
    assert_eq!(entry_keys(with.ok()), vec![(diary, 1), (timeline, 2)]);

    t.set_module("diary", false).await;
    let without = t.case_list(&customer, params![]).await;
    let data = without.ok();
    assert_eq!(entry_keys(data), vec![(timeline, 2)]);
    assert_eq!(data["ret_data"][0]["last_diary_data"], json!({}));
    assert_eq!(text(&data["ret_data"][0]["customer_name"]), "时间轴");
    t.diary_list(&customer, params![]).await.expect_code(404);
    t.set_module("diary", true).await;
    assert_eq!(
        entry_keys(t.case_list(&customer, params![]).await.ok()).len(),
        2
    );
}

/// The case list's total is counted by both modules as their back office
/// writes (published timeline cases; published diaries of normal cases,
/// less those still to come): it follows every write that moves it, and a
/// count that is not kept (lost, or never kept after a direct load) is
/// counted again.
#[tokio::test]
async fn the_case_list_total_follows_every_write_that_moves_it() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.customer(user.id).await;
    let total = || async {
        let reply = t.case_list(&customer, params![]).await;
        let data = reply.ok();
        assert_eq!(
            data["data_count"],
            json!(entry_keys(data).len()),
            "the total is what the list shows: {data}"
        );
        int(data, "data_count")
    };
    let tenant = &t;
    let post = move |path: String, form: Params| async move {
        tenant
            .client
            .post(&path, &tenant.admin, form)
            .await
            .ok()
            .clone()
    };
    let timeline = t.add_case("时间轴", 2, params![]).await;
    t.add_case("未发布", 2, params!["status" => 2]).await;
    let normal = t.add_case("普通", 1, params![]).await;
    assert_eq!(total().await, 1);
    let diary = t.add_diary(normal, "一", PAST, params![]).await;
    t.add_diary(normal, "未发", PAST, params!["status" => 2])
        .await;
    let to_come = t.add_diary(normal, "未到", FUTURE, params![]).await;
    t.add_diary(timeline, "时间轴日记", PAST, params![]).await;
    assert_eq!(total().await, 2);

    post(
        format!("{ADMIN_DIARY}/update/{diary}"),
        params!["status" => 2],
    )
    .await;
    assert_eq!(total().await, 1);
    post(
        format!("{ADMIN_DIARY}/update/{diary}"),
        params!["status" => 1, "title" => "一改"],
    )
    .await;
    post(
        format!("{ADMIN_DIARY}/update/{to_come}"),
        params!["diary_date" => PAST],
    )
    .await;
    assert_eq!(total().await, 3);
    post(
        format!("{ADMIN_CASE}/update/{timeline}"),
        params!["status" => 2],
    )
    .await;
    assert_eq!(total().await, 2);

    // Counts lost are counted again, by the next read and the next write.
    for slot in ["cases", "diary"] {
        t.server
            .db
            .delete_documents(t.company_id, slot, "tallies")
            .await;
    }
    assert_eq!(total().await, 2);
    post(format!("{ADMIN_DIARY}/delete/{diary}"), params![]).await;
    post(
        format!("{ADMIN_CASE}/update/{timeline}"),
        params!["status" => 1],
    )
    .await;
    assert_eq!(total().await, 2);
    let empty = t.add_case("空的", 2, params![]).await;
    assert_eq!(total().await, 3);
    post(format!("{ADMIN_CASE}/delete/{empty}"), params![]).await;
    assert_eq!(total().await, 2);
}
