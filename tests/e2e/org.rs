//! The organisation: radar users, roles and permission entries, companies,
//! and who may manage them (members nothing, a tenant admin their company,
//! the operator every company); `admin/user/update_status` from the back office.

use crate::harness::{assert_fields, int, is_id, params, text, unique, Principal, Tenant};
use serde_json::Value;

const Q: &str = "/zhugeleida/qiyeweixin";

/// The company's roles (`GET role`) as seen by `admin`.
async fn roles(t: &Tenant, admin: &Principal) -> Vec<Value> {
    let reply = t.client.get(&format!("{Q}/role"), admin, params![]).await;
    let data = reply.ok();
    assert_eq!(
        int(data, "data_count"),
        data["ret_data"].as_array().map_or(0, Vec::len) as i64
    );
    data["ret_data"].as_array().cloned().unwrap_or_default()
}

/// The id of the role named `name`.
async fn role_id(t: &Tenant, admin: &Principal, name: &str) -> i64 {
    let all = roles(t, admin).await;
    let role = all
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no role {name} in {all:?}"));
    int(role, "id")
}

/// The users listed by `GET user` with `query`.
async fn users(t: &Tenant, admin: &Principal, query: crate::harness::Params) -> (Vec<Value>, i64) {
    let reply = t.client.get(&format!("{Q}/user"), admin, query).await;
    let data = reply.ok();
    let list = data["ret_data"].as_array().cloned().unwrap_or_default();
    (list, int(data, "data_count"))
}

/// `POST user/add/0` by `admin`.
async fn add_user(
    t: &Tenant,
    admin: &Principal,
    form: crate::harness::Params,
) -> crate::harness::Envelope {
    t.client.post(&format!("{Q}/user/add/0"), admin, form).await
}

#[tokio::test]
async fn a_tenant_admin_adds_lists_updates_and_deletes_users() {
    let t = Tenant::shared().await;
    let admin = t.admin_user().await;
    t.radar_user().await; // makes the member role
    let member_role = role_id(&t, &admin, "普通用户").await;
    let name = unique("新同事");
    let reply = add_user(
        &t,
        &admin,
        params!["username" => &name, "password" => "s3cret", "role_id" => member_role, "company_id" => t.company_id, "userid" => "wx-zhang"],
    )
    .await;
    let id = int(reply.ok(), "user_id");
    assert_eq!(reply.msg(), "添加成功");

    let (list, count) = users(&t, &admin, params!["username" => &name]).await;
    assert_eq!(count, 1, "{list:?}");
    let u = &list[0];
    assert_fields(
        u,
        &[
            "id",
            "username",
            "role_name",
            "role_id",
            "create_date",
            "last_login_date",
            "status",
        ],
    );
    assert!(is_id(&u["id"], id));
    assert_eq!(u["role_name"], "普通用户");
    assert!(is_id(&u["role_id"], member_role));
    assert_eq!(u["status"], "启用");
    assert_eq!(u["userid"], "wx-zhang");
    assert!(text(&u["create_date"]).contains('T'), "{u}");
    let (_, all) = users(&t, &admin, params![]).await;
    assert_eq!(all, 3, "admin, member and the new user");
    let (by_role, _) = users(&t, &admin, params!["role__name" => "管理"]).await;
    assert!(
        by_role.iter().all(|u| u["role_name"] == "管理员") && by_role.len() == 1,
        "{by_role:?}"
    );
    let (paged, total) = users(&t, &admin, params!["length" => 2, "current_page" => 2]).await;
    assert_eq!((paged.len(), total), (1, 3));

    add_user(
        &t,
        &admin,
        params!["username" => &name, "password" => "x", "role_id" => member_role],
    )
    .await
    .expect_code(300);
    add_user(
        &t,
        &admin,
        params!["username" => unique("u"), "password" => "x", "role_id" => 999_999],
    )
    .await
    .expect_code(302);
    add_user(
        &t,
        &admin,
        params!["username" => unique("u"), "password" => "x"],
    )
    .await
    .expect_code(303);
    add_user(
        &t,
        &admin,
        params!["username" => unique("u"), "password" => "x", "role_id" => "abc"],
    )
    .await
    .expect_code(301);

    let renamed = unique("改名");
    t.client
        .post(
            &format!("{Q}/user/update/{id}"),
            &admin,
            params!["username" => &renamed],
        )
        .await
        .ok();
    let (list, _) = users(&t, &admin, params!["username" => &renamed]).await;
    assert_eq!(list.len(), 1);
    t.client
        .post(
            &format!("{Q}/user/update/999999"),
            &admin,
            params!["username" => "x"],
        )
        .await
        .expect_code(302);
    t.client
        .post(
            &format!("{Q}/user/update/abc"),
            &admin,
            params!["username" => "x"],
        )
        .await
        .expect_code(301);

    t.client
        .post(&format!("{Q}/user/delete/{id}"), &admin, params![])
        .await
        .ok();
    let (list, _) = users(&t, &admin, params!["username" => &renamed]).await;
    assert!(list.is_empty());
    t.client
        .post(&format!("{Q}/user/delete/{id}"), &admin, params![])
        .await
        .expect_code(302);
}

#[tokio::test]
async fn deleting_yourself_is_305_and_a_user_with_customers_is_304() {
    let t = Tenant::shared().await;
    let admin = t.admin_user().await;
    let seller = t.radar_user().await;
    let customer = t.customer(seller.id).await;
    t.bind(&customer, seller.id).await.ok();
    t.client
        .post(&format!("{Q}/user/delete/{}", admin.id), &admin, params![])
        .await
        .expect_code(305);
    let before = t.server.db.company_snapshot(t.company_id).await;
    t.client
        .post(&format!("{Q}/user/delete/{}", seller.id), &admin, params![])
        .await
        .expect_code(304);
    assert_eq!(before, t.server.db.company_snapshot(t.company_id).await);
    // The seller still works.
    t.own_card(&seller).await;
}

#[tokio::test]
async fn members_manage_nothing() {
    let t = Tenant::shared().await;
    let member = t.radar_user().await;
    let other = t.radar_user().await;
    let before = t.server.db.company_snapshot(t.company_id).await;
    for reply in [
        t.client.get(&format!("{Q}/user"), &member, params![]).await,
        add_user(
            &t,
            &member,
            params!["username" => "x", "password" => "x", "role_id" => 1],
        )
        .await,
        t.client
            .post(
                &format!("{Q}/user/update/{}", other.id),
                &member,
                params!["username" => "x"],
            )
            .await,
        t.client
            .post(&format!("{Q}/user/delete/{}", other.id), &member, params![])
            .await,
        t.client.get(&format!("{Q}/role"), &member, params![]).await,
        t.client
            .post(&format!("{Q}/role/add/0"), &member, params!["name" => "x"])
            .await,
        t.client
            .post(
                &format!("{Q}/company/add/0"),
                &member,
                params!["name" => unique("c")],
            )
            .await,
        t.client
            .post(
                &format!("{Q}/company/update/{}", t.company_id),
                &member,
                params!["name" => "x"],
            )
            .await,
    ] {
        reply.expect_code(404);
    }
    assert_eq!(before, t.server.db.company_snapshot(t.company_id).await);
    // A member sees their own company.
    let reply = t
        .client
        .get(&format!("{Q}/company"), &member, params![])
        .await;
    let data = reply.ok();
    assert_eq!(int(data, "data_count"), 1);
    let c = &data["ret_data"][0];
    assert_fields(c, &["id", "name", "company_id", "create_date"]);
    assert!(is_id(&c["company_id"], t.company_id));
    assert_eq!(c["name"], t.name.as_str());
}

#[tokio::test]
async fn nobody_grants_more_than_they_hold() {
    let t = Tenant::shared().await;
    let admin = t.admin_user().await;
    let operator = t.operator_user().await;
    let operator_role = role_id(&t, &admin, "平台运营").await;
    let admin_role = role_id(&t, &admin, "管理员").await;
    let before = t.server.db.company_snapshot(t.company_id).await;
    t.client
        .post(
            &format!("{Q}/role/add/0"),
            &admin,
            params!["name" => "超级", "authority" => 2],
        )
        .await
        .expect_code(404);
    add_user(
        &t,
        &admin,
        params!["username" => unique("u"), "password" => "x", "role_id" => operator_role],
    )
    .await
    .expect_code(404);
    t.client
        .post(
            &format!("{Q}/user/update/{}", operator.id),
            &admin,
            params!["username" => "demoted"],
        )
        .await
        .expect_code(404);
    t.client
        .post(
            &format!("{Q}/user/delete/{}", operator.id),
            &admin,
            params![],
        )
        .await
        .expect_code(404);
    t.client
        .post(
            &format!("{Q}/role/update/{operator_role}"),
            &admin,
            params!["authority" => 0],
        )
        .await
        .expect_code(404);
    assert_eq!(before, t.server.db.company_snapshot(t.company_id).await);
    // Granting what one holds is fine.
    let reply = t
        .client
        .post(
            &format!("{Q}/role/add/0"),
            &admin,
            params!["name" => unique("副管理员"), "authority" => 1],
        )
        .await;
    assert!(int(reply.ok(), "role_id") > admin_role);
}

#[tokio::test]
async fn roles_and_their_permission_entries() {
    let t = Tenant::shared().await;
    let admin = t.admin_user().await;
    let name = unique("销售");
    let reply = t
        .client
        .post(&format!("{Q}/role"), &admin, params!["name" => &name])
        .await;
    let role = int(reply.ok(), "role_id");
    t.client
        .post(&format!("{Q}/role/add/0"), &admin, params!["name" => &name])
        .await
        .expect_code(300);
    let reply = t
        .client
        .post(
            &format!("{Q}/role/add/{role}"),
            &admin,
            params!["path" => "/admin/zhugeleida/customer/", "icon" => "user", "title" => "客户管理", "order_num" => 2],
        )
        .await;
    let parent = int(reply.ok(), "rule_id");
    let reply = t
        .client
        .post(
            &format!("{Q}/role/add/{role}"),
            &admin,
            params!["path" => "/admin/zhugeleida/customer/tags/", "title" => "标签", "pid_id" => parent, "order_num" => 1],
        )
        .await;
    let child = int(reply.ok(), "rule_id");
    t.client
        .post(
            &format!("{Q}/role/add/{role}"),
            &admin,
            params!["path" => "/x", "title" => "x", "pid_id" => 999_999],
        )
        .await
        .expect_code(302);
    t.client
        .post(
            &format!("{Q}/role/add/{role}"),
            &admin,
            params!["path" => "/x"],
        )
        .await
        .expect_code(303);

    let renamed = unique("大客户销售");
    t.client
        .post(
            &format!("{Q}/role/update/{role}"),
            &admin,
            params!["name" => &renamed],
        )
        .await
        .ok();
    t.client
        .post(
            &format!("{Q}/role/update/{role}"),
            &admin,
            params!["rule_id" => child, "path" => "/admin/tags/", "title" => "客户标签", "pid_id" => parent, "order_num" => 3],
        )
        .await
        .ok();
    let listed = roles(&t, &admin).await;
    let r = listed
        .iter()
        .find(|r| is_id(&r["id"], role))
        .expect("the new role is listed");
    assert_fields(r, &["id", "name", "role_id", "create_date", "rules"]);
    assert_eq!(r["name"], renamed.as_str());
    let rules = r["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 2, "{r}");
    let c = rules.iter().find(|x| is_id(&x["id"], child)).unwrap();
    assert_eq!(
        (c["title"].as_str(), c["path"].as_str()),
        (Some("客户标签"), Some("/admin/tags/"))
    );
    assert!(is_id(&c["pid_id"], parent));

    // Entries with children and held roles cannot go.
    t.client
        .post(
            &format!("{Q}/role/delete/{role}"),
            &admin,
            params!["rule_id" => parent],
        )
        .await
        .expect_code(304);
    t.client
        .post(
            &format!("{Q}/role/delete/{role}"),
            &admin,
            params!["rule_id" => child],
        )
        .await
        .ok();
    let admin_role = role_id(&t, &admin, "管理员").await;
    t.client
        .post(&format!("{Q}/role/delete/{admin_role}"), &admin, params![])
        .await
        .expect_code(304);
    t.client
        .post(&format!("{Q}/role/delete/{role}"), &admin, params![])
        .await
        .ok();
    assert!(!roles(&t, &admin)
        .await
        .iter()
        .any(|r| is_id(&r["id"], role)));
    t.client
        .post(&format!("{Q}/role/delete/{role}"), &admin, params![])
        .await
        .expect_code(302);
}

#[tokio::test]
async fn only_the_operator_creates_and_deletes_companies() {
    let t = Tenant::shared().await;
    let admin = t.admin_user().await;
    let operator = t.operator_user().await;
    let name = unique("新公司");
    t.client
        .post(
            &format!("{Q}/company/add/0"),
            &admin,
            params!["name" => &name],
        )
        .await
        .expect_code(404);
    let reply = t
        .client
        .post(
            &format!("{Q}/company/add/0"),
            &operator,
            params!["name" => &name],
        )
        .await;
    let id = int(reply.ok(), "company_id");
    t.client
        .post(
            &format!("{Q}/company/add/0"),
            &operator,
            params!["name" => &name],
        )
        .await
        .expect_code(300);
    let reply = t
        .client
        .get(&format!("{Q}/company"), &operator, params!["name" => &name])
        .await;
    let data = reply.ok();
    assert_eq!(int(data, "data_count"), 1, "{data}");
    assert!(is_id(&data["ret_data"][0]["id"], id));
    let renamed = unique("改名公司");
    t.client
        .post(
            &format!("{Q}/company/update/{id}"),
            &operator,
            params!["name" => &renamed, "address" => "通州区"],
        )
        .await
        .ok();
    t.client
        .post(
            &format!("{Q}/company/update/{id}"),
            &operator,
            params!["name" => &t.name],
        )
        .await
        .expect_code(300);
    // A tenant admin renames their own company, never another.
    t.client
        .post(
            &format!("{Q}/company/update/{id}"),
            &admin,
            params!["name" => unique("x")],
        )
        .await
        .expect_code(404);
    t.client
        .post(&format!("{Q}/company/delete/{id}"), &admin, params![])
        .await
        .expect_code(404);
    t.client
        .post(
            &format!("{Q}/company/delete/{}", t.company_id),
            &operator,
            params![],
        )
        .await
        .expect_code(305);
    // The operator manages the new company's users too.
    let role = {
        let reply = t
            .client
            .post(
                &format!("{Q}/role/add/0"),
                &operator,
                params!["name" => "普通用户", "company_id" => id],
            )
            .await;
        int(reply.ok(), "role_id")
    };
    let reply = add_user(
        &t,
        &operator,
        params!["username" => "first", "password" => "x", "role_id" => role, "company_id" => id],
    )
    .await;
    let user = int(reply.ok(), "user_id");
    t.client
        .post(&format!("{Q}/company/delete/{id}"), &operator, params![])
        .await
        .expect_code(304);
    t.client
        .post(
            &format!("{Q}/user/delete/{user}"),
            &operator,
            params!["company_id" => id],
        )
        .await
        .ok();
    t.client
        .post(
            &format!("{Q}/role/delete/{role}"),
            &operator,
            params!["company_id" => id],
        )
        .await
        .ok();
    t.client
        .post(&format!("{Q}/company/delete/{id}"), &operator, params![])
        .await
        .ok();
    t.client
        .post(&format!("{Q}/company/delete/{id}"), &operator, params![])
        .await
        .expect_code(302);
}

#[tokio::test]
async fn the_back_office_enables_and_disables_radar_users() {
    let t = Tenant::shared().await;
    let seller = t.radar_user().await;
    let path = format!("/zhugeleida/admin/user/update_status/{}", seller.id);
    let reply = t.client.post(&path, &t.admin, params!["status" => 2]).await;
    reply.ok();
    assert_eq!(reply.msg(), "修改成功");
    t.client
        .get(&format!("{Q}/mingpian"), &seller, params![])
        .await
        .expect_code(306);
    t.client
        .post(&path, &t.admin, params!["status" => 1])
        .await
        .ok();
    t.own_card(&seller).await;
    t.client
        .post(&path, &t.admin, params!["status" => 3])
        .await
        .expect_code(301);
    t.client
        .post(&path, &t.admin, params![])
        .await
        .expect_code(303);
    t.client
        .post(
            "/zhugeleida/admin/user/update_status/999999",
            &t.admin,
            params!["status" => 2],
        )
        .await
        .expect_code(302);
    // A radar user's token does not sign back-office requests.
    t.client
        .post(&path, &seller, params!["status" => 2])
        .await
        .expect_token_error();
}

#[tokio::test]
async fn one_company_never_manages_another() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let admin_a = a.admin_user().await;
    let admin_b = b.admin_user().await;
    let seller_b = b.radar_user().await;
    let role_b = role_id(&b, &admin_b, "普通用户").await;
    let db = &b.server.db;
    let before = db.snapshots(&[a.company_id, b.company_id]).await;
    let secrets = db.company_secrets(b.company_id).await;
    let cb = b.company_id;
    for (reply, code) in [
        (a.client.post(&format!("{Q}/user/update/{}", seller_b.id), &admin_a, params!["username" => "x"]).await, 302),
        (a.client.post(&format!("{Q}/user/delete/{}", seller_b.id), &admin_a, params![]).await, 302),
        (a.client.post(&format!("{Q}/user/update/{}", seller_b.id), &admin_a, params!["username" => "x", "company_id" => cb]).await, 404),
        (add_user(&a, &admin_a, params!["username" => "x", "password" => "x", "role_id" => role_b, "company_id" => cb]).await, 404),
        (add_user(&a, &admin_a, params!["username" => "x", "password" => "x", "role_id" => role_b]).await, 302),
        (a.client.get(&format!("{Q}/user"), &admin_a, params!["company_id" => cb]).await, 404),
        (a.client.get(&format!("{Q}/role"), &admin_a, params!["company_id" => cb]).await, 404),
        (a.client.post(&format!("{Q}/role/update/{role_b}"), &admin_a, params!["name" => "x"]).await, 302),
        (a.client.post(&format!("{Q}/role/delete/{role_b}"), &admin_a, params![]).await, 302),
        (a.client.post(&format!("{Q}/role/add/{role_b}"), &admin_a, params!["path" => "/x", "title" => "x"]).await, 302),
        (a.client.post(&format!("{Q}/company/update/{cb}"), &admin_a, params!["name" => "x"]).await, 404),
        (a.client.post(&format!("/zhugeleida/admin/user/update_status/{}", seller_b.id), &a.admin, params!["status" => 2]).await, 302),
        (a.client.post(&format!("/zhugeleida/admin/user/update_status/{}", seller_b.id), &a.admin, params!["status" => 2, "company_id" => cb]).await, 404),
    ] {
        reply.expect_code(code);
        reply.assert_hides(&secrets);
    }
    let after = db.snapshots(&[a.company_id, cb]).await;
    assert_eq!(before[0], after[0], "company A changed");
    assert_eq!(before[1], after[1], "company B changed");
    // A's listing holds none of B's users.
    a.client
        .get(&format!("{Q}/user"), &admin_a, params!["length" => 0])
        .await
        .assert_hides(&secrets);
    let (list, _) = users(&a, &admin_a, params!["length" => 0]).await;
    assert!(
        list.iter().all(|u| is_id(&u["company_id"], a.company_id)),
        "{list:?}"
    );
    b.own_card(&seller_b).await;
}

#[tokio::test]
async fn an_operator_admin_reaches_every_company_and_the_cli_deletes_empty_ones() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let seller_b = b.radar_user().await;
    let out = a
        .server
        .cli(&[
            "bootstrap",
            "--company",
            &unique("运营公司"),
            "--admin",
            &unique("op"),
            "--password",
            "pw",
            "--operator",
        ])
        .await;
    let operator = Principal {
        id: int(&out, "admin_id"),
        token: text(&out["token"]),
    };
    let path = format!("/zhugeleida/admin/user/update_status/{}", seller_b.id);
    a.client
        .post(
            &path,
            &operator,
            params!["status" => 2, "company_id" => b.company_id],
        )
        .await
        .ok();
    b.client
        .get(&format!("{Q}/mingpian"), &seller_b, params![])
        .await
        .expect_code(306);

    let empty = int(&out, "company_id");
    let (ok, _, stderr) = a
        .server
        .cli_raw(&["company", "delete", "--company", &b.company_id.to_string()])
        .await;
    assert!(!ok && stderr.contains("still has"), "{stderr}");
    // The operator's own company still holds the operator admin.
    let (ok, _, _) = a
        .server
        .cli_raw(&["company", "delete", "--company", &empty.to_string()])
        .await;
    assert!(!ok);
    let fresh = a
        .client
        .post(
            &format!("{Q}/company/add/0"),
            &a.operator_user().await,
            params!["name" => unique("空公司")],
        )
        .await;
    let fresh = int(fresh.ok(), "company_id");
    let out = a
        .server
        .cli(&["company", "delete", "--company", &fresh.to_string()])
        .await;
    assert_eq!(out["deleted"], true, "{out}");
}
