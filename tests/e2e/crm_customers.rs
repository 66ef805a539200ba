//! The CRM customer endpoints of the radar app: the detail, the private
//! notes, tags and expected closing on a customer, and deleting it from the
//! address book; who may use them (the related salesperson; a tenant admin
//! reads any detail of the company) and that ids of another company are
//! unknown (302) and change nothing.

use crate::harness::{
    assert_fields, int, is_id, params, text, Customer, Envelope, Params, Principal, Tenant,
};
use serde_json::{json, Value};

const CUSTOMER: &str = "/zhugeleida/qiyeweixin/customer";

/// The fields of the detail's `ret_data` item.
const DETAIL_FIELDS: &[&str] = &[
    "id",
    "username",
    "headimgurl",
    "expected_time",
    "expedted_pr",
    "ai_pr",
    "superior",
    "source",
    "memo_name",
    "phone",
    "email",
    "company",
    "position",
    "address",
    "birthday",
    "mem",
    "sex",
    "user_type",
    "tag",
    "day_interval",
];

/// A company with a salesperson and a customer related to them.
struct Pair {
    t: Tenant,
    user: Principal,
    customer: Customer,
}

impl Pair {
    async fn new() -> Pair {
        let t = Tenant::shared().await;
        let user = t.radar_user().await;
        let customer = t.related_customer(user.id).await;
        Pair { t, user, customer }
    }

    fn cid(&self) -> i64 {
        self.customer.principal.id
    }

    /// POST `customer/{op}/{cid}` as the salesperson.
    async fn post(&self, op: &str, form: Params) -> Envelope {
        self.post_as(&self.user, op, self.cid(), form).await
    }

    async fn post_as(
        &self,
        who: &Principal,
        op: &str,
        id: impl std::fmt::Display,
        form: Params,
    ) -> Envelope {
        self.t
            .client
            .post(&format!("{CUSTOMER}/{op}/{id}"), who, form)
            .await
    }

    /// The one detail item as the salesperson sees it.
    async fn detail(&self) -> Value {
        let reply = self.t.customer_detail(&self.user, self.cid()).await;
        let data = reply.ok();
        assert_eq!(reply.msg(), "查询成功");
        assert_eq!(data["data_count"], 1, "{data}");
        match data["ret_data"].as_array().map(Vec::as_slice) {
            Some([item]) => {
                assert_fields(item, DETAIL_FIELDS);
                item.clone()
            }
            _ => reply.fail("ret_data is not a one-item list"),
        }
    }

    async fn lines(&self) -> Vec<String> {
        self.t
            .server
            .db
            .follow_lines(self.t.company_id, self.user.id, self.cid())
            .await
    }
}

#[tokio::test]
async fn the_detail_has_the_seed_fields() {
    let p = Pair::new().await;
    let item = p.detail().await;
    assert!(is_id(&item["id"], p.cid()), "{item}");
    assert_eq!(item["username"], "张三", "{item}");
    assert_eq!(
        item["headimgurl"], "https://example.invalid/avatar.png",
        "{item}"
    );
    assert_eq!(item["source"], "扫码", "{item}");
    assert_eq!(item["expected_time"], Value::Null, "{item}");
    assert_eq!(text(&item["expedted_pr"]), "0", "{item}");
    assert_eq!(text(&item["ai_pr"]), "0", "{item}");
    assert_eq!(item["superior"], Value::Null, "{item}");
    assert_eq!(item["memo_name"], Value::Null, "{item}");
    assert_eq!(item["sex"], 1, "{item}");
    assert_eq!(item["user_type"], 2, "{item}");
    assert_eq!(item["tag"], json!([]), "{item}");
    assert_eq!(int(&item, "day_interval"), 0, "{item}");
    for empty in ["email", "company", "position", "address", "birthday", "mem"] {
        assert_eq!(item[empty], "", "{empty} in {item}");
    }
}

#[tokio::test]
async fn the_detail_names_the_superior_and_shows_only_the_tags_the_caller_sees() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let colleague = p.t.radar_user().await;
    let child = p.t.authorised_customer(p.user.id).await;
    p.t.bind_referred(&child, p.user.id, p.cid()).await.ok();
    p.t.bind(&child, colleague.id).await.ok();

    let preset = db.preset_tag("重要客户").await;
    let mine = db.own_tag(p.t.company_id, p.user.id, "爱撸串").await;
    let theirs = db.own_tag(p.t.company_id, colleague.id, "爱吃串").await;
    for (who, ids) in [
        (&colleague, json!([theirs])),
        (&p.user, json!([preset, mine])),
    ] {
        p.post_as(
            who,
            "update_tag",
            child.principal.id,
            params!["tag_list" => ids],
        )
        .await
        .ok();
    }
    let reply = p.t.customer_detail(&p.user, child.principal.id).await;
    let item = &reply.ok()["ret_data"][0];
    assert_eq!(item["superior"], "张三", "{item}");
    assert_eq!(item["source"], "转发", "{item}");
    assert_eq!(item["tag"], json!(["重要客户", "爱撸串"]), "{item}");
    let reply = p.t.customer_detail(&colleague, child.principal.id).await;
    let item = &reply.ok()["ret_data"][0];
    assert_eq!(item["tag"], json!(["重要客户", "爱吃串"]), "{item}");
    assert_eq!(item["superior"], Value::Null, "{item}");
}

#[tokio::test]
async fn a_salesperson_reads_only_related_customers_and_a_tenant_admin_reads_any() {
    let p = Pair::new().await;
    let colleague = p.t.radar_user().await;
    p.t.customer_detail(&colleague, p.cid())
        .await
        .expect_code(307);
    p.post("update_expected_pr", params!["expedted_pr" => 60])
        .await
        .ok();

    for admin in [p.t.admin_user().await, p.t.operator_user().await] {
        let reply = p.t.customer_detail(&admin, p.cid()).await;
        let item = &reply.ok()["ret_data"][0];
        assert_fields(item, DETAIL_FIELDS);
        assert_eq!(item["username"], "张三", "{item}");
        for field in [
            "expected_time",
            "expedted_pr",
            "ai_pr",
            "superior",
            "source",
        ] {
            assert_eq!(
                item[field],
                Value::Null,
                "{field} of an unrelated admin: {item}"
            );
        }
    }
    // The salesperson's own view is unchanged by the admin's reads.
    assert_eq!(text(&p.detail().await["expedted_pr"]), "60");
    p.t.customer_detail(&p.user, i64::MAX)
        .await
        .expect_code(302);
    p.t.client
        .get(CUSTOMER, &p.user, params![])
        .await
        .expect_code(303);
    p.t.client
        .get(CUSTOMER, &p.user, params!["customer_id" => "x"])
        .await
        .expect_code(301);
}

#[tokio::test]
async fn update_information_upserts_the_callers_notes() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let seed_form = params![
        "username" => "张三丰",
        "superior" => 1,
        "source" => 1,
        "sex" => 2,
        "memo_name" => "太乙真人",
        "phone" => "15931788974",
        "email" => "1224423@qq.com",
        "company" => "合众康桥",
        "position" => "开发TTT",
        "address" => "通州区xxx",
        "mem" => "我是一个兵",
        "birthday" => "2018-06-1",
    ];
    let reply = p.post("update_information", seed_form).await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    let notes = db
        .notes(p.t.company_id, p.user.id, p.cid())
        .await
        .expect("notes written");
    assert_eq!(notes.note_name, "张三丰");
    assert_eq!(notes.sex, Some(2));
    assert_eq!(notes.birthday.as_deref(), Some("2018-06-01"));
    assert_eq!(notes.company, "合众康桥");

    let item = p.detail().await;
    let expect = json!({
        "memo_name": "张三丰", "phone": "15931788974", "email": "1224423@qq.com",
        "company": "合众康桥", "position": "开发TTT", "address": "通州区xxx",
        "mem": "我是一个兵", "birthday": "2018-06-01", "sex": 2, "username": "张三",
    });
    for (k, v) in expect.as_object().unwrap() {
        assert_eq!(&item[k], v, "{k} in {item}");
    }

    // A second call changes what it sends, clears what it sends empty and
    // keeps the rest.
    p.post(
        "update_information",
        params!["phone" => "010-1234", "mem" => "", "birthday" => ""],
    )
    .await
    .ok();
    let after = db.notes(p.t.company_id, p.user.id, p.cid()).await.unwrap();
    assert_eq!(after.phone, "010-1234");
    assert_eq!(after.mem, "");
    assert_eq!(after.birthday, None);
    assert_eq!(
        (after.note_name.as_str(), after.sex, after.address.as_str()),
        ("张三丰", Some(2), "通州区xxx")
    );
    // Without `username`, `memo_name` names the customer.
    p.post("update_information", params!["memo_name" => "太乙真人"])
        .await
        .ok();
    assert_eq!(p.detail().await["memo_name"], "太乙真人");
    // Notes are the caller's own: a colleague related to the same customer sees none.
    let colleague = p.t.radar_user().await;
    p.t.bind(&p.customer, colleague.id).await.ok();
    let reply = p.t.customer_detail(&colleague, p.cid()).await;
    assert_eq!(reply.ok()["ret_data"][0]["memo_name"], Value::Null);
}

#[tokio::test]
async fn update_information_refuses_bad_input_and_writes_nothing() {
    let p = Pair::new().await;
    let long = "长".repeat(1025);
    let cases = [
        (params!["sex" => 3], 301),
        (params!["sex" => "男"], 301),
        (params!["birthday" => "2018-13-01"], 301),
        (params!["email" => "not-an-email"], 301),
        (params!["mem" => long], 303),
        (params!["username" => "名".repeat(65)], 303),
    ];
    for (form, code) in cases {
        p.post("update_information", form).await.expect_code(code);
    }
    p.post_as(&p.user, "update_information", "abc", params!["sex" => 1])
        .await
        .expect_code(301);
    let db = &p.t.server.db;
    assert_eq!(db.notes(p.t.company_id, p.user.id, p.cid()).await, None);
}

#[tokio::test]
async fn update_customer_sets_tags_and_expected_closing_with_follow_up_lines() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let (a, b) = (db.preset_tag("已婚").await, db.preset_tag("90后").await);
    let form = || {
        params![
            "tag_list" => json!([a, b]),
            "expedted_pr" => "80%",
            "expected_time" => "2018-06-06",
        ]
    };
    let greeted = p.t.relation_of(p.user.id, p.cid()).await.last_follow_at;
    let reply = p.post("update_customer", form()).await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    assert_eq!(db.tag_ids_on(p.t.company_id, p.cid()).await, {
        let mut ids = vec![a, b];
        ids.sort();
        ids
    });
    let r = p.t.relation_of(p.user.id, p.cid()).await;
    assert_eq!(
        (r.expected_date.as_deref(), r.expected_pr),
        (Some("2018-06-06"), 80)
    );
    assert!(r.last_follow_at > greeted, "{r:?} after {greeted:?}");
    assert_eq!(
        p.lines().await,
        ["更新预计成交率为: 80", "更新预计成交日期: 2018-06-06"]
    );
    let item = p.detail().await;
    assert_eq!(item["expected_time"], "2018-06-06");
    assert_eq!(text(&item["expedted_pr"]), "80");
    assert_eq!(text(&item["ai_pr"]), "80");

    // The same values again change nothing, so no new line.
    p.post("update_customer", form()).await.ok();
    assert_eq!(p.lines().await.len(), 2);
    // Only what is sent is changed.
    p.post("update_customer", params!["expedted_pr" => 30])
        .await
        .ok();
    let r = p.t.relation_of(p.user.id, p.cid()).await;
    assert_eq!(
        (r.expected_date.as_deref(), r.expected_pr),
        (Some("2018-06-06"), 30)
    );
    assert_eq!(db.tag_ids_on(p.t.company_id, p.cid()).await.len(), 2);
    assert_eq!(p.lines().await.last().unwrap(), "更新预计成交率为: 30");
}

#[tokio::test]
async fn update_customer_checks_every_field_before_writing() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let good = db.preset_tag("已婚").await;
    p.post("update_tag", params!["tag_list" => json!([good])])
        .await
        .ok();
    let before = p.t.relation_of(p.user.id, p.cid()).await;
    let cases = [
        (
            params!["tag_list" => json!([i64::MAX]), "expedted_pr" => 50, "expected_time" => "2019-01-01"],
            302,
        ),
        (
            params!["tag_list" => "[]", "expedted_pr" => 120, "expected_time" => "2019-01-01"],
            301,
        ),
        (
            params!["tag_list" => "[]", "expedted_pr" => 50, "expected_time" => "2019-02-30"],
            301,
        ),
        (
            params!["tag_list" => "2,3", "expedted_pr" => 50, "expected_time" => "2019-01-01"],
            301,
        ),
    ];
    for (form, code) in cases {
        p.post("update_customer", form).await.expect_code(code);
    }
    assert_eq!(p.t.relation_of(p.user.id, p.cid()).await, before);
    assert_eq!(p.lines().await, Vec::<String>::new());
    assert_eq!(db.tag_ids_on(p.t.company_id, p.cid()).await, vec![good]);
}

#[tokio::test]
async fn update_tag_replaces_the_callers_tags_and_refuses_foreign_ones() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let colleague = p.t.radar_user().await;
    p.t.bind(&p.customer, colleague.id).await.ok();
    let (a, b) = (
        db.preset_tag("在意价格").await,
        db.preset_tag("一般客户").await,
    );
    let theirs = db.own_tag(p.t.company_id, colleague.id, "同事的标签").await;
    p.post_as(
        &colleague,
        "update_tag",
        p.cid(),
        params!["tag_list" => json!([theirs])],
    )
    .await
    .ok();
    let tags = || db.tag_ids_on(p.t.company_id, p.cid());
    let sorted = |mut v: Vec<i64>| {
        v.sort();
        v
    };

    p.post("update_tag", params!["tag_list" => json!([a, b])])
        .await
        .ok();
    assert_eq!(tags().await, sorted(vec![a, b, theirs]));
    p.post("update_tag", params!["tag_list" => json!([b.to_string()])])
        .await
        .ok();
    assert_eq!(tags().await, sorted(vec![b, theirs]));

    // A group is not selectable, a colleague's tag is not the caller's, and
    // an unknown id is nobody's.
    let group = db.preset_group("级别").await;
    for id in [group, theirs, i64::MAX] {
        p.post("update_tag", params!["tag_list" => json!([a, id])])
            .await
            .expect_code(302);
    }
    p.post("update_tag", params![]).await.expect_code(303);
    p.post("update_tag", params!["tag_list" => "[x]"])
        .await
        .expect_code(301);
    assert_eq!(tags().await, sorted(vec![b, theirs]));

    p.post("update_tag", params!["tag_list" => "[]"]).await.ok();
    assert_eq!(
        tags().await,
        vec![theirs],
        "only the caller's tags are cleared"
    );
}

#[tokio::test]
async fn update_expected_time_and_pr_record_each_change_as_a_follow_up() {
    let p = Pair::new().await;
    let greeted = p.t.relation_of(p.user.id, p.cid()).await.last_follow_at;
    let reply = p
        .post(
            "update_expected_time",
            params!["expected_time" => "2018-06-14"],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    let followed = p.t.relation_of(p.user.id, p.cid()).await.last_follow_at;
    assert!(followed > greeted, "{followed:?} after {greeted:?}");
    p.post("update_expected_pr", params!["expedted_pr" => "80%"])
        .await
        .ok();
    // Some clients name the field after the endpoint, `update_expected_pr`.
    p.post("update_expected_pr", params!["update_expected_pr" => 90])
        .await
        .ok();
    // A cleared input sends NaN: 0.
    p.post("update_expected_pr", params!["expedted_pr" => "NaN"])
        .await
        .ok();
    let r = p.t.relation_of(p.user.id, p.cid()).await;
    assert_eq!(
        (r.expected_date.as_deref(), r.expected_pr),
        (Some("2018-06-14"), 0)
    );
    assert!(r.last_follow_at > followed, "{r:?} after {followed:?}");
    assert_eq!(
        p.lines().await,
        [
            "更新预计成交日期: 2018-06-14",
            "更新预计成交率为: 80",
            "更新预计成交率为: 90",
            "更新预计成交率为: 0",
        ]
    );

    let refusals = [
        ("update_expected_time", params![], 303),
        (
            "update_expected_time",
            params!["expected_time" => "14/06/2018"],
            301,
        ),
        ("update_expected_pr", params![], 303),
        ("update_expected_pr", params!["expedted_pr" => 101], 301),
        ("update_expected_pr", params!["expedted_pr" => "-5"], 301),
    ];
    for (op, form, code) in refusals {
        p.post(op, form).await.expect_code(code);
    }
    assert_eq!(p.t.relation_of(p.user.id, p.cid()).await, r);
    assert_eq!(p.lines().await.len(), 4);
}

#[tokio::test]
async fn delete_removes_the_relation_with_its_notes_and_follow_ups_only() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let tag = db.preset_tag("已婚").await;
    p.post(
        "update_information",
        params!["username" => "老张", "sex" => 1],
    )
    .await
    .ok();
    p.post("update_tag", params!["tag_list" => json!([tag])])
        .await
        .ok();
    p.t.client
        .post(
            &format!("/zhugeleida/qiyeweixin/follow_info/add/{}", p.cid()),
            &p.user,
            params!["follow_info" => "约了下周拜访"],
        )
        .await
        .ok();
    let actions = db.actions(p.t.company_id, p.user.id).await;
    assert!(!actions.is_empty(), "send_user_info logs an action");

    let path = format!("{CUSTOMER}/delete/{}", p.cid());
    let reply = p.t.client.get(&path, &p.user, params![]).await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    assert_eq!(db.relation(p.t.company_id, p.user.id, p.cid()).await, None);
    assert_eq!(db.notes(p.t.company_id, p.user.id, p.cid()).await, None);
    assert_eq!(p.lines().await, Vec::<String>::new());
    assert_eq!(db.actions(p.t.company_id, p.user.id).await, actions);
    assert_eq!(db.customer_company(p.cid()).await, Some(p.t.company_id));

    p.t.client
        .get(&path, &p.user, params![])
        .await
        .expect_code(307);
    p.t.customer_detail(&p.user, p.cid()).await.expect_code(307);
    p.t.client
        .get(&format!("{CUSTOMER}/delete/x"), &p.user, params![])
        .await
        .expect_code(301);
}

#[tokio::test]
async fn a_salesperson_cannot_change_a_colleagues_customer() {
    let p = Pair::new().await;
    let db = &p.t.server.db;
    let colleague = p.t.radar_user().await;
    let tag = db.preset_tag("已婚").await;
    let before = p.t.relation_of(p.user.id, p.cid()).await;
    let ops = [
        ("update_information", params!["username" => "x", "sex" => 1]),
        ("update_customer", params!["expedted_pr" => 10]),
        ("update_tag", params!["tag_list" => json!([tag])]),
        (
            "update_expected_time",
            params!["expected_time" => "2020-01-01"],
        ),
        ("update_expected_pr", params!["expedted_pr" => 10]),
    ];
    for (op, form) in ops {
        p.post_as(&colleague, op, p.cid(), form)
            .await
            .expect_code(307);
    }
    p.t.client
        .get(
            &format!("{CUSTOMER}/delete/{}", p.cid()),
            &colleague,
            params![],
        )
        .await
        .expect_code(307);
    assert_eq!(p.t.relation_of(p.user.id, p.cid()).await, before);
    assert_eq!(
        db.tag_ids_on(p.t.company_id, p.cid()).await,
        Vec::<i64>::new()
    );
    assert_eq!(db.notes(p.t.company_id, colleague.id, p.cid()).await, None);
    assert_eq!(
        db.relation(p.t.company_id, colleague.id, p.cid()).await,
        None
    );
}

#[tokio::test]
async fn no_customer_endpoint_reaches_a_customer_of_another_company() {
    let a = Pair::new().await;
    let b = Pair::new().await;
    let db = &b.t.server.db;
    let tag = db.preset_tag("已婚").await;
    b.post(
        "update_information",
        params!["username" => "B的客户", "sex" => 2],
    )
    .await
    .ok();
    b.post(
        "update_customer",
        params!["tag_list" => json!([tag]), "expedted_pr" => 40],
    )
    .await
    .ok();
    let (relation, notes, lines, tags) = (
        b.t.relation_of(b.user.id, b.cid()).await,
        db.notes(b.t.company_id, b.user.id, b.cid()).await,
        b.lines().await,
        db.tag_ids_on(b.t.company_id, b.cid()).await,
    );

    let foreign = b.cid();
    let admin = a.t.admin_user().await;
    let secrets = db.company_secrets(b.t.company_id).await;
    for who in [&a.user, &admin] {
        let reply = a.t.customer_detail(who, foreign).await;
        reply.expect_code(302);
        reply.assert_hides(&secrets);
    }
    let ops = [
        ("update_information", params!["username" => "x", "sex" => 1]),
        (
            "update_customer",
            params!["tag_list" => "[]", "expedted_pr" => 10],
        ),
        ("update_tag", params!["tag_list" => "[]"]),
        (
            "update_expected_time",
            params!["expected_time" => "2020-01-01"],
        ),
        ("update_expected_pr", params!["expedted_pr" => 10]),
    ];
    for (op, form) in ops {
        let reply = a.post_as(&a.user, op, foreign, form).await;
        reply.expect_code(302);
        reply.assert_hides(&secrets);
    }
    let reply =
        a.t.client
            .get(&format!("{CUSTOMER}/delete/{foreign}"), &a.user, params![])
            .await;
    reply.expect_code(302);
    reply.assert_hides(&secrets);

    assert_eq!(b.t.relation_of(b.user.id, b.cid()).await, relation);
    assert_eq!(db.notes(b.t.company_id, b.user.id, foreign).await, notes);
    assert_eq!(b.lines().await, lines);
    assert_eq!(db.tag_ids_on(b.t.company_id, foreign).await, tags);
    assert_eq!(db.notes(a.t.company_id, a.user.id, foreign).await, None);
    assert_eq!(db.relation(a.t.company_id, a.user.id, foreign).await, None);
}
