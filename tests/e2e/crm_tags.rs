//! Customer tags: the grouped listing with a customer's selection, tags with
//! their customers, creating, deleting and assigning own tags; a colleague's
//! tags and customers, and another company's ids, are refused and change
//! nothing.

use crate::harness::{assert_fields, int, is_id, params, unique, Principal, Tenant};
use serde_json::Value;

/// The preset groups the migrations seed, in order.
const GROUPS: [&str; 4] = ["基本信息", "关注点", "级别", "自定义"];

/// The `ret_data` of `GET tag_list`, checked for the shape clients read.
async fn groups(t: &Tenant, user: &Principal, query: crate::harness::Params) -> Vec<Value> {
    let reply = t.tag_groups(user, query).await;
    let data = reply.ok();
    assert_eq!(reply.msg(), "请求成功");
    let groups = data["ret_data"]
        .as_array()
        .unwrap_or_else(|| reply.fail("ret_data is not a list"))
        .clone();
    assert_eq!(int(data, "tag_count"), groups.len() as i64, "{data}");
    for g in &groups {
        assert_fields(g, &["name", "tags"]);
        for tag in g["tags"].as_array().expect("tags is a list") {
            assert_fields(tag, &["id", "name", "is_select"]);
        }
    }
    groups
}

/// Every tag of the listing as (group, tag id, tag name, is_select).
fn flatten(groups: &[Value]) -> Vec<(String, i64, String, bool)> {
    groups
        .iter()
        .flat_map(|g| {
            g["tags"].as_array().unwrap().iter().map(move |t| {
                (
                    g["name"].as_str().unwrap().to_string(),
                    int(t, "id"),
                    t["name"].as_str().unwrap().to_string(),
                    t["is_select"].as_bool().expect("is_select is a bool"),
                )
            })
        })
        .collect()
}

/// The id of the visible tag `name` in a listing.
fn id_of(groups: &[Value], name: &str) -> i64 {
    flatten(groups)
        .into_iter()
        .find(|(_, _, n, _)| n == name)
        .unwrap_or_else(|| panic!("no tag {name} in {groups:?}"))
        .1
}

/// The names of the selected tags in a listing.
fn selected(groups: &[Value]) -> Vec<String> {
    flatten(groups)
        .into_iter()
        .filter(|(.., s)| *s)
        .map(|(_, _, n, _)| n)
        .collect()
}

/// The new tag's id from an add reply.
fn new_id(reply: &crate::harness::Envelope) -> i64 {
    let data = reply.ok();
    assert_fields(data, &["id", "name"]);
    int(data, "id")
}

#[tokio::test]
async fn the_listing_groups_presets_and_own_tags_and_marks_the_customers() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let c = t.related_customer(user.id).await;
    let cid = c.principal.id;

    let listed = groups(&t, &user, params!["customer_id" => cid]).await;
    let names: Vec<&str> = listed.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, GROUPS);
    assert!(selected(&listed).is_empty());
    assert!(
        listed[3]["tags"].as_array().unwrap().is_empty(),
        "no own tags yet"
    );
    let married = id_of(&listed, "已婚");
    assert_eq!(flatten(&listed)[0].0, "基本信息");

    let own = new_id(&t.add_tag_to_customer(&user, cid, "爱撸串").await);
    let listed = groups(&t, &user, params!["customer_id" => cid]).await;
    let custom: Vec<_> = flatten(&listed)
        .into_iter()
        .filter(|(g, ..)| g == "自定义")
        .collect();
    assert_eq!(custom, vec![("自定义".into(), own, "爱撸串".into(), true)]);

    let reply = t
        .set_customer_tags(&user, cid, &format!("[{married}, {own}]"))
        .await;
    reply.ok();
    let listed = groups(&t, &user, params!["customer_id" => cid]).await;
    assert_eq!(selected(&listed), ["已婚", "爱撸串"]);
    let mut expected = vec![(married, cid), (own, cid)];
    expected.sort();
    assert_eq!(t.server.db.tag_links(t.company_id).await, expected);

    // Without a customer nothing is selected; tag_type filters the tags.
    let plain = groups(&t, &user, params![]).await;
    assert!(selected(&plain).is_empty());
    assert_eq!(flatten(&plain).len(), flatten(&listed).len());
    let public_account = groups(&t, &user, params!["tag_type" => 1]).await;
    assert_eq!(public_account.len(), 4, "groups stay");
    assert!(flatten(&public_account).is_empty());
    t.tag_groups(&user, params!["tag_type" => 3])
        .await
        .expect_code(301);

    // An empty list clears the customer's tags.
    t.set_customer_tags(&user, cid, "[]").await.ok();
    assert!(t.server.db.tag_links(t.company_id).await.is_empty());
}

#[tokio::test]
async fn tag_customer_lists_visible_tags_with_their_customers_most_first() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let c1 = t.related_customer(user.id).await.principal.id;
    let c2 = t.related_customer(user.id).await.principal.id;
    let c3 = t.related_customer(colleague.id).await.principal.id;
    let married = id_of(&groups(&t, &user, params![]).await, "已婚");

    let reply = t
        .add_tag_with_customers(&user, "大客户", &format!("[{c1},{c2}]"))
        .await;
    let big = new_id(&reply);
    assert_eq!(reply.msg(), "添加成功");
    let small = new_id(&t.add_tag_to_customer(&user, c1, "小客户").await);
    t.set_customer_tags(&user, c2, &format!("[{big},{married}]"))
        .await
        .ok();
    // The colleague's customer and own tag are not the user's business.
    t.set_customer_tags(&colleague, c3, &format!("[{married}]"))
        .await
        .ok();
    t.add_tag_to_customer(&colleague, c3, "同事的").await.ok();

    let reply = t.tags_with_customers(&user).await;
    let data = reply.ok();
    let items = data["ret_data"].as_array().expect("ret_data");
    assert_eq!(int(data, "ret_count"), 3, "{data}");
    let summary: Vec<(i64, i64, Vec<i64>)> = items
        .iter()
        .map(|item| {
            assert_fields(
                item,
                &["id", "name", "tag_id", "customer_num", "customer_list"],
            );
            assert_eq!(item["id"], item["tag_id"]);
            let customers = item["customer_list"].as_array().unwrap();
            for c in customers {
                assert_fields(c, &["id", "headimgurl", "name"]);
                assert_eq!(c["name"], "张三");
            }
            (
                int(item, "id"),
                int(item, "customer_num"),
                customers.iter().map(|c| int(c, "id")).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (big, 2, vec![c1, c2]),
            (married, 1, vec![c2]),
            (small, 1, vec![c1])
        ]
    );
    assert_eq!(items[0]["name"], "大客户");

    // A tenant admin sees every customer of the company under a preset.
    let admin = t.admin_user().await;
    let data = t.tags_with_customers(&admin).await.ok().clone();
    let married_item = data["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| is_id(&i["id"], married))
        .cloned()
        .expect("已婚 listed for the admin");
    assert_eq!(int(&married_item, "customer_num"), 2, "{married_item}");
}

#[tokio::test]
async fn names_are_unique_per_user_and_at_most_32_characters() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let cid = t.related_customer(user.id).await.principal.id;

    t.add_tag_with_customers(&user, "VIP", "[]").await.ok();
    let dup = t.add_tag_to_customer(&user, cid, "VIP").await;
    dup.expect_code(300);
    t.add_tag_with_customers(&user, "已婚", "[]")
        .await
        .expect_code(300);
    t.add_tag_with_customers(&user, "", "[]")
        .await
        .expect_code(303);
    t.add_tag_with_customers(&user, &"长".repeat(33), "[]")
        .await
        .expect_code(303);
    t.add_tag_with_customers(&user, "无客户", "")
        .await
        .expect_code(303);
    t.add_tag_with_customers(&user, &"长".repeat(32), "[]")
        .await
        .ok();
    // Another user may have a tag of the same name.
    t.add_tag_with_customers(&colleague, "VIP", "[]").await.ok();

    let own: Vec<(i64, String)> = t
        .server
        .db
        .own_tags(t.company_id)
        .await
        .into_iter()
        .map(|(_, u, n)| (u, n))
        .collect();
    assert_eq!(
        own,
        vec![
            (user.id, "VIP".into()),
            (user.id, "长".repeat(32)),
            (colleague.id, "VIP".into())
        ]
    );
    assert!(t.server.db.tag_links(t.company_id).await.is_empty());
}

#[tokio::test]
async fn a_colleagues_tag_is_invisible_and_cannot_be_deleted_or_assigned() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    // One customer related to both.
    let shared = t.related_customer(user.id).await;
    t.bind(&shared, colleague.id).await.ok();
    let cid = shared.principal.id;

    let secret = new_id(&t.add_tag_to_customer(&colleague, cid, "秘密").await);
    let listed = groups(&t, &user, params!["customer_id" => cid]).await;
    assert!(flatten(&listed).iter().all(|(_, id, ..)| *id != secret));
    let married = id_of(&listed, "已婚");

    t.delete_own_tag(&user, secret).await.expect_code(302);
    t.delete_own_tag(&user, married).await.expect_code(302);
    t.set_customer_tags(&user, cid, &format!("[{married}, {secret}]"))
        .await
        .expect_code(302);
    assert_eq!(
        t.server.db.tag_links(t.company_id).await,
        vec![(secret, cid)]
    );

    // Replacing the user's set keeps the colleague's tag on the customer.
    t.set_customer_tags(&user, cid, &format!("[{married}]"))
        .await
        .ok();
    let mut links = vec![(married, cid), (secret, cid)];
    links.sort();
    assert_eq!(t.server.db.tag_links(t.company_id).await, links);

    // The owner deletes it: the tag and its links go.
    let own = new_id(&t.add_tag_to_customer(&user, cid, "自己的").await);
    let reply = t.delete_own_tag(&user, own).await;
    reply.ok();
    assert_eq!(reply.msg(), "删除成功");
    t.delete_own_tag(&user, own).await.expect_code(302);
    assert_eq!(t.server.db.tag_links(t.company_id).await, links);
    t.delete_own_tag(&colleague, secret).await.ok();
    assert_eq!(
        t.server.db.tag_links(t.company_id).await,
        vec![(married, cid)]
    );
    assert!(t.server.db.own_tags(t.company_id).await.is_empty());
}

#[tokio::test]
async fn a_salesperson_tags_only_related_customers_and_an_admin_any() {
    let t = Tenant::shared().await;
    let (user, colleague) = (t.radar_user().await, t.radar_user().await);
    let mine = t.related_customer(user.id).await.principal.id;
    let theirs = t.related_customer(colleague.id).await.principal.id;
    let married = id_of(&groups(&t, &user, params![]).await, "已婚");

    t.add_tag_to_customer(&user, theirs, "越界")
        .await
        .expect_code(302);
    t.add_tag_with_customers(&user, "越界", &format!("[{mine},{theirs}]"))
        .await
        .expect_code(302);
    t.set_customer_tags(&user, theirs, &format!("[{married}]"))
        .await
        .expect_code(302);
    t.tag_groups(&user, params!["customer_id" => theirs])
        .await
        .expect_code(302);
    assert!(t.server.db.own_tags(t.company_id).await.is_empty());
    assert!(t.server.db.tag_links(t.company_id).await.is_empty());

    let admin = t.admin_user().await;
    let tag = new_id(
        &t.add_tag_with_customers(&admin, "管理员标记", &format!("[{mine},{theirs}]"))
            .await,
    );
    t.set_customer_tags(&admin, theirs, &format!("[{married},{tag}]"))
        .await
        .ok();
    let mut links = vec![(married, theirs), (tag, mine), (tag, theirs)];
    links.sort();
    assert_eq!(t.server.db.tag_links(t.company_id).await, links);
}

#[tokio::test]
async fn ids_of_another_company_are_refused_and_change_nothing() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let (admin_a, operator_a) = (a.admin_user().await, a.operator_user().await);
    let ca = a.related_customer(ua.id).await.principal.id;
    let cb = b.related_customer(ub.id).await.principal.id;
    let married = id_of(&groups(&b, &ub, params![]).await, "已婚");
    let tb = new_id(&b.add_tag_to_customer(&ub, cb, &unique("B的标签")).await);
    b.set_customer_tags(&ub, cb, &format!("[{married},{tb}]"))
        .await
        .ok();
    let b_links = b.server.db.tag_links(b.company_id).await;
    let b_tags = b.server.db.own_tags(b.company_id).await;

    let secrets = b.server.db.company_secrets(b.company_id).await;
    for who in [&ua, &admin_a, &operator_a] {
        let refusals = [
            a.add_tag_to_customer(who, cb, "越界").await,
            a.add_tag_with_customers(who, "越界", &format!("[{ca},{cb}]"))
                .await,
            a.set_customer_tags(who, cb, "[]").await,
            a.set_customer_tags(who, ca, &format!("[{tb}]")).await,
            a.delete_own_tag(who, tb).await,
            a.tag_groups(who, params!["customer_id" => cb]).await,
        ];
        for reply in &refusals {
            reply.expect_code(302);
            reply.assert_hides(&secrets);
        }
        let listed = groups(&a, who, params![]).await;
        assert!(flatten(&listed).iter().all(|(_, id, ..)| *id != tb));
        let reply = a.tags_with_customers(who).await;
        reply.assert_hides(&secrets);
        let data = reply.ok().clone();
        assert_eq!(int(&data, "ret_count"), 0, "{data}");
    }
    assert_eq!(b.server.db.tag_links(b.company_id).await, b_links);
    assert_eq!(b.server.db.own_tags(b.company_id).await, b_tags);
    assert!(a.server.db.tag_links(a.company_id).await.is_empty());
    assert!(a.server.db.own_tags(a.company_id).await.is_empty());
}

#[tokio::test]
async fn malformed_ids_and_lists_are_301() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let cid = t.related_customer(user.id).await.principal.id;
    let post = |path: &'static str, form| t.client.post(path, &user, form);

    post("/zhugeleida/qiyeweixin/tag_list/delete_tag/abc", params![])
        .await
        .expect_code(301);
    post(
        "/zhugeleida/qiyeweixin/tag_list/add_tag/x1",
        params!["name" => "n"],
    )
    .await
    .expect_code(301);
    post(
        "/zhugeleida/qiyeweixin/tag_customer/add/zero",
        params!["name" => "n", "customer_list" => "[]"],
    )
    .await
    .expect_code(301);
    t.set_customer_tags(&user, cid, "nope")
        .await
        .expect_code(301);
    t.set_customer_tags(&user, cid, "[1.5]")
        .await
        .expect_code(301);
    t.add_tag_with_customers(&user, "n", "[1,")
        .await
        .expect_code(301);
    t.tag_groups(&user, params!["customer_id" => "x"])
        .await
        .expect_code(301);
    assert!(t.server.db.own_tags(t.company_id).await.is_empty());
}
