//! The mall module in the radar app and the mini-program: personal and
//! company products, status rules and permissions, the customer's list,
//! single product, forward and enquiry (radar log and chat), and that no id
//! reaches across users or companies.

use crate::harness::{
    assert_fields, int, params, product_content, text, unique, Customer, Principal, Tenant,
    RADAR_PRODUCT,
};
use serde_json::{json, Value};

const MINI_PRODUCT: &str = "/zhugeleida/xiaochengxu/product";
const MALL_MANAGE: &str = "/zhugeleida/xiaochengxu/mallManage";

/// The fields of a radar list item.
const RADAR_ITEM: &[&str] = &[
    "id",
    "name",
    "publisher",
    "price",
    "publisher_date",
    "content",
    "create_date",
    "status",
    "status_code",
];

/// The fields of a mini-program item.
const CUSTOMER_ITEM: &[&str] = &[
    "id",
    "publisher_date",
    "content",
    "name",
    "price",
    "user_avatar",
    "username",
    "position",
    "reason",
    "create_date",
    "status",
    "status_code",
];

/// `qiyeweixin/product/product_list` with `query`: (ids, data_count), items checked.
async fn radar_list(t: &Tenant, user: &Principal, query: Value) -> (Vec<i64>, i64, Vec<Value>) {
    let mut params = params![];
    for (k, v) in query.as_object().unwrap() {
        params.push((k.clone(), text(v)));
    }
    let reply = t
        .client
        .get(&format!("{RADAR_PRODUCT}/product_list"), user, params)
        .await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询成功");
    let items = data["ret_data"].as_array().unwrap().clone();
    for item in &items {
        assert_fields(item, RADAR_ITEM);
        assert!(item["content"].get("article_data").is_none(), "{item}");
    }
    let ids = items.iter().map(|i| int(i, "id")).collect();
    (ids, int(data, "data_count"), items)
}

/// `qiyeweixin/product/product_single` of `id` as `user`.
async fn radar_single(t: &Tenant, user: &Principal, id: i64) -> crate::harness::Envelope {
    t.client
        .get(
            &format!("{RADAR_PRODUCT}/product_single"),
            user,
            params!["product_id" => id],
        )
        .await
}

/// A radar POST to `{RADAR_PRODUCT}/{op}/{id}`.
async fn radar_post(
    t: &Tenant,
    user: &Principal,
    op: &str,
    id: i64,
    form: crate::harness::Params,
) -> crate::harness::Envelope {
    t.client
        .post(&format!("{RADAR_PRODUCT}/{op}/{id}"), user, form)
        .await
}

fn update_form(name: &str) -> crate::harness::Params {
    params!["name" => name, "price" => "1", "reason" => "r"]
}

#[tokio::test]
async fn radar_add_list_and_single_answer_the_seed_shapes() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let company = t.add_company_product("企业门票").await;
    let own = t.add_product(&user, "门票2").await;

    let (ids, count, items) = radar_list(&t, &user, json!({})).await;
    assert_eq!((ids.clone(), count), (vec![own, company], 2));
    assert_eq!(items[0]["publisher"], "我添加的");
    assert_eq!(items[1]["publisher"], "企业发布");
    assert_eq!(items[0]["status"], "已发布");
    assert_eq!(items[0]["status_code"], 1);
    assert_eq!(items[0]["price"], "50-1380元");
    assert_eq!(
        items[0]["content"],
        json!({"cover_data": product_content("statics/covers/门票2.png")["cover_data"]})
    );
    let date = text(&items[0]["publisher_date"]);
    assert!(date.starts_with(&text(&items[0]["create_date"])), "{date}");
    assert_eq!(&date[10..11], "T", "{date}");

    let reply = radar_single(&t, &user, own).await;
    let data = reply.ok();
    assert_eq!(data["data_count"], 1);
    let item = &data["ret_data"][0];
    assert_fields(item, &["user_avatar", "reason"]);
    assert_fields(item, RADAR_ITEM);
    assert_eq!(item["content"], product_content("statics/covers/门票2.png"));
    assert_eq!(item["reason"], "一起度过美好时光!!");
    assert_eq!(item["publisher"], "我添加的");
}

#[tokio::test]
async fn status_code_filters_the_radar_list() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let published = t.add_product(&user, "a").await;
    let off = t.add_product(&user, "b").await;
    let recommended = t.add_product(&user, "c").await;
    let reply = radar_post(&t, &user, "change_status", off, params!["status" => 2]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "修改下架状态成功");
    assert_eq!(
        *data,
        json!({"product_id": off, "status": "已下架", "status_code": 2})
    );
    let reply = radar_post(
        &t,
        &user,
        "change_status",
        recommended,
        params!["status" => 3],
    )
    .await;
    assert_eq!(reply.msg(), "修改推荐状态成功");

    // Recommended first, then newest; status_code 1 is "published or recommended".
    let (all, n, _) = radar_list(&t, &user, json!({})).await;
    assert_eq!((all, n), (vec![recommended, published, off], 3));
    let (ids, _, _) = radar_list(&t, &user, json!({"status_code": 1})).await;
    assert_eq!(ids, vec![recommended, published]);
    let (ids, _, items) = radar_list(&t, &user, json!({"status_code": 2})).await;
    assert_eq!(ids, vec![off]);
    assert_eq!(items[0]["status"], "已下架");
    let (ids, _, _) = radar_list(&t, &user, json!({"status_code": 3})).await;
    assert_eq!(ids, vec![recommended]);
    let (ids, n, _) = radar_list(&t, &user, json!({"length": 1, "current_page": 2})).await;
    assert_eq!((ids, n), (vec![published], 3));
    let bad = t
        .client
        .get(
            &format!("{RADAR_PRODUCT}/product_list"),
            &user,
            params!["status_code" => 7],
        )
        .await;
    bad.expect_code(301);
    radar_post(
        &t,
        &user,
        "change_status",
        published,
        params!["status" => 4],
    )
    .await
    .expect_code(301);
}

#[tokio::test]
async fn company_products_change_status_only_by_admins() {
    let t = Tenant::shared().await;
    let member = t.radar_user().await;
    let admin = t.admin_user().await;
    let product = t.add_company_product("企业产品").await;
    let status_of =
        |reply: &crate::harness::Envelope| reply.ok()["ret_data"][0]["status_code"].clone();

    // A member touches no company product.
    let reply = radar_post(
        &t,
        &member,
        "change_status",
        product,
        params!["status" => 3],
    )
    .await;
    reply.expect_code(302);
    assert_eq!(reply.msg(), "没有权限修改");
    // A tenant admin (un)recommends it, but does not take it off the shelf.
    radar_post(&t, &admin, "change_status", product, params!["status" => 3])
        .await
        .ok();
    let reply = radar_post(&t, &admin, "change_status", product, params!["status" => 2]).await;
    reply.expect_code(302);
    assert_eq!(reply.msg(), "没有权限修改");
    assert_eq!(status_of(&radar_single(&t, &member, product).await), 3);
    // The back office may.
    t.set_product_status(product, 2).await;
    assert_eq!(status_of(&radar_single(&t, &member, product).await), 2);
    // Off the shelf, the radar app cannot bring it back.
    radar_post(&t, &admin, "change_status", product, params!["status" => 1])
        .await
        .expect_code(302);
}

#[tokio::test]
async fn nobody_edits_a_colleagues_product() {
    let t = Tenant::shared().await;
    let (owner, colleague) = (t.radar_user().await, t.radar_user().await);
    let tenant_admin = t.admin_user().await;
    let product = t.add_product(&owner, "我的产品").await;
    let before = t.server.db.company_snapshot(t.company_id).await;

    for who in [&colleague, &tenant_admin] {
        for (op, form) in [
            ("update", update_form("偷改")),
            ("delete", params![]),
            ("change_status", params!["status" => 2]),
        ] {
            let reply = radar_post(&t, who, op, product, form).await;
            reply.expect_code(302);
        }
        let reply = t
            .client
            .get(
                &format!("{RADAR_PRODUCT}/delete_article/1"),
                who,
                params!["product_id" => product],
            )
            .await;
        reply.expect_code(302);
    }
    // A member does not even see a colleague's product; a tenant admin does.
    radar_single(&t, &colleague, product).await.expect_code(302);
    let seen = radar_single(&t, &tenant_admin, product).await;
    let publisher = text(&seen.ok()["ret_data"][0]["publisher"]);
    assert!(
        publisher.ends_with("添加的") && publisher != "我添加的",
        "{publisher}"
    );
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);

    // The owner edits it: texts, and content kept when not sent.
    let reply = radar_post(&t, &owner, "update", product, update_form("新名字")).await;
    reply.ok();
    assert_eq!(reply.msg(), "添加成功");
    let item = radar_single(&t, &owner, product).await.ok()["ret_data"][0].clone();
    assert_eq!(
        (item["name"].clone(), item["price"].clone()),
        (json!("新名字"), json!("1"))
    );
    assert_eq!(
        item["content"],
        product_content("statics/covers/我的产品.png")
    );
}

#[tokio::test]
async fn company_products_are_edited_by_tenant_admins_only() {
    let t = Tenant::shared().await;
    let (member, admin) = (t.radar_user().await, t.admin_user().await);
    let product = t.add_company_product("企业产品").await;
    let reply = radar_post(&t, &member, "update", product, update_form("x")).await;
    reply.expect_code(302);
    assert_eq!(reply.msg(), "没有权限修改");
    radar_post(&t, &member, "delete", product, params![])
        .await
        .expect_code(302);
    let mut form = update_form("企业新名");
    form.push(("content".into(), json!({"cover_data": []}).to_string()));
    radar_post(&t, &admin, "update", product, form).await.ok();
    let item = radar_single(&t, &member, product).await.ok()["ret_data"][0].clone();
    assert_eq!(item["name"], "企业新名");
    assert_eq!(
        item["content"],
        json!({"cover_data": [], "article_data": []})
    );
    let reply = radar_post(&t, &admin, "delete", product, params![]).await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    radar_single(&t, &member, product).await.expect_code(302);
}

#[tokio::test]
async fn the_owner_deletes_and_bad_input_writes_nothing() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let product = t.add_product(&user, "x").await;
    let customer = t.customer(user.id).await;
    let before = t.server.db.company_snapshot(t.company_id).await;
    let add = format!("{RADAR_PRODUCT}/add/0");
    for (form, code) in [
        (params!["price" => 1, "reason" => "r"], 303),
        (params!["name" => "n", "price" => 1], 303),
        (
            params!["name" => "n", "price" => 1, "reason" => "r", "content" => "[1,"],
            301,
        ),
        (
            params!["name" => "n", "price" => 1, "reason" => "r", "content" => "[]"],
            301,
        ),
        (
            params!["name" => "n", "price" => 1, "reason" => "r",
                "content" => json!({"article_data": [{"type": "video", "data": ["v"]}]})],
            301,
        ),
        (
            params!["name" => "n".repeat(101), "price" => 1, "reason" => "r"],
            301,
        ),
    ] {
        let reply = t.client.post(&add, &user, form).await;
        reply.expect_code(code);
    }
    // The wrong method, and a customer's signature on the radar path.
    t.client.get(&add, &user, params![]).await.expect_code(402);
    t.client
        .post(&add, &customer.principal, update_form("c"))
        .await
        .expect_token_error();
    radar_post(&t, &user, "update", product, params!["name" => "n"])
        .await
        .expect_code(303);
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);

    radar_post(&t, &user, "delete", product, params![])
        .await
        .ok();
    radar_single(&t, &user, product).await.expect_code(302);
    radar_post(&t, &user, "delete", product, params![])
        .await
        .expect_code(302);
}

#[tokio::test]
async fn delete_article_removes_one_introduction_block() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let product = t.add_product(&user, "x").await;
    let reply = t
        .client
        .get(
            &format!("{RADAR_PRODUCT}/delete_article/2"),
            &user,
            params!["product_id" => product],
        )
        .await;
    reply.ok();
    assert_eq!(reply.msg(), "删除文章字段成功");
    let item = radar_single(&t, &user, product).await.ok()["ret_data"][0].clone();
    let kinds: Vec<String> = item["content"]["article_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| text(&b["type"]))
        .collect();
    assert_eq!(kinds, ["title", "content"]);
    t.client
        .get(
            &format!("{RADAR_PRODUCT}/delete_article/3"),
            &user,
            params!["product_id" => product],
        )
        .await
        .expect_code(302);
}

/// `GET xiaochengxu/{path}` as `customer` for `uid` with `extra`.
async fn mini_get(
    t: &Tenant,
    customer: &Customer,
    path: &str,
    extra: crate::harness::Params,
) -> crate::harness::Envelope {
    let mut query = params!["uid" => customer.uid];
    query.extend(extra);
    t.client.get(path, &customer.principal, query).await
}

#[tokio::test]
async fn the_mini_program_list_shows_company_and_card_products_recommended_first() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let p1 = t.add_company_product("p1").await;
    let p2 = t.add_company_product("p2").await;
    let a1 = t.add_product(&user, "a1").await;
    let a2 = t.add_product(&user, "a2").await;
    t.add_product(&colleague, "b1").await;
    t.set_product_status(p2, 3).await;
    t.set_product_status(a2, 2).await;
    let customer = t.authorised_customer(user.id).await;

    let list = format!("{MINI_PRODUCT}/product_list");
    let reply = mini_get(&t, &customer, &list, params![]).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "查询成功");
    let items = data["ret_data"].as_array().unwrap();
    let ids: Vec<i64> = items.iter().map(|i| int(i, "id")).collect();
    assert_eq!(ids, [p2, a1, p1]);
    assert_eq!(data["data_count"], 3);
    for item in items {
        assert_fields(item, CUSTOMER_ITEM);
        assert!(item["content"].get("article_data").is_none(), "{item}");
        assert!(item["content"]["cover_data"].is_array(), "{item}");
    }
    assert_eq!(items[0]["status"], "推荐");
    let card = t.own_card(&user).await;
    assert_eq!(items[1]["username"], card["username"]);
    t.assert_actions(user.id, customer.principal.id, 2, 1, "one list view")
        .await;
    let actions = t
        .actions_until(user.id, customer.principal.id, |_| true)
        .await;
    assert_eq!(
        actions[actions.len() - 1].remark,
        "正在查看您发布的产品,尽快把握商机"
    );

    let reply = mini_get(
        &t,
        &customer,
        &list,
        params!["length" => 2, "current_page" => 2],
    )
    .await;
    let data = reply.ok();
    assert_eq!(data["ret_data"].as_array().unwrap().len(), 1);
    assert_eq!(int(&data["ret_data"][0], "id"), p1);
    assert_eq!(data["data_count"], 3);
}

#[tokio::test]
async fn single_forward_and_consult_reach_the_radar_and_the_chat() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let product = t.add_product(&user, "门票-赵雷").await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;
    let by_id = params!["product_id" => product];

    let reply = mini_get(
        &t,
        &customer,
        &format!("{MINI_PRODUCT}/product_single"),
        by_id.clone(),
    )
    .await;
    let data = reply.ok();
    assert_eq!(data["data_count"], 1);
    let item = &data["ret_data"][0];
    assert_fields(item, CUSTOMER_ITEM);
    assert_eq!(
        item["content"],
        product_content("statics/covers/门票-赵雷.png")
    );
    assert_eq!(int(item, "id"), product);

    for path in [
        format!("{MINI_PRODUCT}/forward_product"),
        format!("{MALL_MANAGE}/forward_product"),
    ] {
        let reply = mini_get(&t, &customer, &path, by_id.clone()).await;
        reply.ok();
        assert_eq!(reply.msg(), "记录转发产品成功");
    }
    let reply = mini_get(
        &t,
        &customer,
        &format!("{MALL_MANAGE}/consult_product"),
        by_id,
    )
    .await;
    reply.ok();
    assert_eq!(reply.msg(), "咨询产品成功");

    t.assert_actions(user.id, cid, 7, 1, "one enquiry").await;
    let remarks: Vec<(i64, String)> = t
        .actions_until(user.id, cid, |_| true)
        .await
        .into_iter()
        .filter(|a| a.code == 2 || a.code == 7)
        .map(|a| (a.code, a.remark))
        .collect();
    assert_eq!(
        remarks,
        [
            (2, "正在查看门票-赵雷,尽快把握商机".to_string()),
            (2, "转发了门票-赵雷".to_string()),
            (2, "转发了门票-赵雷".to_string()),
            (7, "向您咨询产品".to_string()),
        ]
    );
    // The customer's own messages (the binding greeting is the salesperson's).
    let chat: Vec<_> = t
        .server
        .db
        .chat_messages(t.company_id, user.id, cid)
        .await
        .into_iter()
        .filter(|(send_type, _)| *send_type == 2)
        .collect();
    assert_eq!(
        chat,
        [(
            2,
            json!({
                "info_type": 2,
                "product_name": "门票-赵雷",
                "product_price": "50-1380元",
                "product_cover_url": "statics/covers/门票-赵雷.png",
                "product_id": product,
            })
        )]
    );
}

#[tokio::test]
async fn customers_reach_only_the_products_of_their_card_and_company() {
    let (a, b) = (Tenant::shared().await, Tenant::shared().await);
    let (user, colleague) = (a.radar_user().await, a.radar_user().await);
    let foreign_user = b.radar_user().await;
    let foreign = b.add_product(&foreign_user, "外司产品").await;
    let foreign_company = b.add_company_product("外司企业产品").await;
    let colleagues = a.add_product(&colleague, "同事产品").await;
    let off = a.add_product(&user, "下架产品").await;
    a.set_product_status(off, 2).await;
    let customer = a.authorised_customer(user.id).await;
    let before = a.server.db.snapshots(&[a.company_id, b.company_id]).await;

    let paths = [
        format!("{MINI_PRODUCT}/product_single"),
        format!("{MINI_PRODUCT}/forward_product"),
        format!("{MALL_MANAGE}/forward_product"),
        format!("{MALL_MANAGE}/consult_product"),
    ];
    for path in &paths {
        for id in [foreign, foreign_company, colleagues, off, 999_999] {
            let reply = mini_get(&a, &customer, path, params!["product_id" => id]).await;
            reply.expect_code(302);
            assert_eq!(reply.msg(), "产品不存在", "{path} {id}");
        }
        // A radar user of another company as `uid`.
        let reply = a
            .client
            .get(
                path,
                &customer.principal,
                params!["uid" => foreign_user.id, "product_id" => foreign],
            )
            .await;
        reply.expect_code(302);
        mini_get(&a, &customer, path, params![])
            .await
            .expect_code(303);
    }
    let reply = a
        .client
        .get(
            &format!("{MINI_PRODUCT}/product_list"),
            &customer.principal,
            params!["uid" => foreign_user.id],
        )
        .await;
    reply.expect_code(302);
    let after = a.server.db.snapshots(&[a.company_id, b.company_id]).await;
    assert_eq!(after[0], before[0], "company A changed");
    assert_eq!(after[1], before[1], "company B changed");
}

#[tokio::test]
async fn radar_users_reach_no_product_of_another_company() {
    let (a, b) = (Tenant::shared().await, Tenant::shared().await);
    let admin_a = a.admin_user().await;
    let foreign = b.add_company_product(&unique("外司企业产品")).await;
    let personal = b
        .add_product(&b.radar_user().await, &unique("外司产品"))
        .await;
    let before = a.server.db.snapshots(&[a.company_id, b.company_id]).await;
    let secrets = b.server.db.company_secrets(b.company_id).await;
    for id in [foreign, personal] {
        let reply = radar_single(&a, &admin_a, id).await;
        reply.expect_code(302);
        reply.assert_hides(&secrets);
        for (op, form) in [
            ("update", update_form("x")),
            ("delete", params![]),
            ("change_status", params!["status" => 3]),
            (
                "upload_complete",
                params!["img_name" => "a.jpg", "timestamp" => "up1", "chunk_num" => 1, "picture_type" => 1],
            ),
        ] {
            let reply = radar_post(&a, &admin_a, op, id, form).await;
            reply.expect_code(302);
            reply.assert_hides(&secrets);
        }
        let reply = a
            .client
            .get(
                &format!("{RADAR_PRODUCT}/delete_article/1"),
                &admin_a,
                params!["product_id" => id],
            )
            .await;
        reply.expect_code(302);
        reply.assert_hides(&secrets);
    }
    let (ids, n, _) = radar_list(&a, &admin_a, json!({})).await;
    assert_eq!((ids, n), (vec![], 0));
    let after = a.server.db.snapshots(&[a.company_id, b.company_id]).await;
    assert_eq!(after[0], before[0], "company A changed");
    assert_eq!(after[1], before[1], "company B changed");
}
