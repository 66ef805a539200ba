//! The cross-tenant matrix of the host core: every endpoint that takes an id
//! is called by company A's tenant admin and by A's salesperson with ids of
//! company B. Every write is refused, every reply (refused or not) holds
//! nothing of B's, and afterwards every row of both companies is unchanged.

use crate::harness::{int, params, unique, Envelope, Params, Principal, Tenant};
use serde_json::Value;

const Q: &str = "/zhugeleida/qiyeweixin";

/// Company B's data and the texts that would betray a leak of it.
struct CompanyB {
    t: Tenant,
    customer: i64,
    role: i64,
    tag: i64,
    phrase: i64,
    seller: Principal,
    markers: Vec<String>,
}

async fn company_b() -> CompanyB {
    let t = Tenant::shared().await;
    let admin = t.admin_user().await;
    let seller = t.radar_user().await;
    let customer = t.related_customer(seller.id).await;
    let cid = customer.principal.id;
    t.view_card(&customer, seller.id).await;
    let tag_name = unique("B标签");
    let tag = int(
        t.add_tag_to_customer(&seller, cid, &tag_name).await.ok(),
        "id",
    );
    let phrase_text = unique("B常用语");
    let reply = t
        .client
        .post(
            &format!("{Q}/follow_language/add/0"),
            &seller,
            params!["custom_language" => &phrase_text],
        )
        .await;
    let phrase = int(reply.ok(), "language_id");
    let follow_text = unique("B跟进");
    t.client
        .post(
            &format!("{Q}/follow_info/add/{cid}"),
            &seller,
            params!["follow_info" => &follow_text],
        )
        .await
        .ok();
    let note_name = unique("B备注");
    t.client
        .post(
            &format!("{Q}/customer/update_information/{cid}"),
            &seller,
            params!["username" => &note_name, "sex" => 1],
        )
        .await
        .ok();
    let reply = t.client.get(&format!("{Q}/role"), &admin, params![]).await;
    let role = reply.ok()["ret_data"][0]["id"]
        .as_i64()
        .expect("B has a role");
    // Every name made for B and its principals' tokens, besides these.
    let mut markers = t.server.db.company_secrets(t.company_id).await;
    markers.extend([
        tag_name,
        phrase_text,
        follow_text,
        note_name,
        t.name.clone(),
    ]);
    CompanyB {
        markers,
        t,
        customer: cid,
        role,
        tag,
        phrase,
        seller,
    }
}

/// Whether `value` anywhere holds `id` (as a number or its text) under one
/// of `keys`. Ids of one kind are unique across companies, so B's id under
/// a key of its kind is B's object, whatever else A's reply holds.
fn names_id(value: &Value, keys: &[&str], id: i64) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (keys.contains(&k.as_str())
                && (v.as_i64() == Some(id) || v.as_str() == Some(id.to_string().as_str())))
                || names_id(v, keys, id)
        }),
        Value::Array(items) => items.iter().any(|v| names_id(v, keys, id)),
        _ => false,
    }
}

/// Asserts that nothing of B's is anywhere in `reply` (`data`, `msg` and
/// `note`, refused or not): none of B's texts, and none of B's customer,
/// radar user, role, tag, phrase or company ids under their keys.
fn assert_nothing_of_b(what: &str, reply: &Envelope, b: &CompanyB) {
    let body = reply.body.to_string();
    for marker in &b.markers {
        assert!(
            !body.contains(marker.as_str()),
            "{what} leaked {marker:?}: {body}"
        );
    }
    let ids: [(&str, &[&str], i64); 6] = [
        (
            "customer",
            &[
                "customer_id",
                "id",
                "cid",
                "user_customer_flowup__customer_id",
            ],
            b.customer,
        ),
        ("radar user", &["user_id", "uid"], b.seller.id),
        ("role", &["role_id"], b.role),
        ("tag", &["tag_id"], b.tag),
        ("phrase", &["language_id"], b.phrase),
        ("company", &["company_id"], b.t.company_id),
    ];
    for (kind, keys, id) in ids {
        assert!(
            !names_id(&reply.body, keys, id),
            "{what} leaked B's {kind} {id}: {body}"
        );
    }
}

/// (what, GET?, path, params) of every core endpoint taking an id, with B's ids.
fn matrix(b: &CompanyB) -> Vec<(String, bool, String, Params)> {
    let (c, tag, role, user) = (b.customer, b.tag, b.role, b.seller.id);
    let tags = format!("[{tag}]");
    let customers = format!("[{c}]");
    let rows: Vec<(bool, String, Params)> = vec![
        (true, format!("{Q}/customer"), params!["customer_id" => c]),
        (
            false,
            format!("{Q}/customer/update_information/{c}"),
            params!["username" => "x", "sex" => 1],
        ),
        (
            false,
            format!("{Q}/customer/update_customer/{c}"),
            params!["expedted_pr" => 50],
        ),
        (
            false,
            format!("{Q}/customer/update_tag/{c}"),
            params!["tag_list" => "[]"],
        ),
        (true, format!("{Q}/customer/delete/{c}"), params![]),
        (
            false,
            format!("{Q}/customer/update_expected_time/{c}"),
            params!["expected_time" => "2030-01-01"],
        ),
        (
            false,
            format!("{Q}/customer/update_expected_pr/{c}"),
            params!["expedted_pr" => 90],
        ),
        (
            true,
            format!("{Q}/follow_info"),
            params!["customer_id" => c],
        ),
        (
            false,
            format!("{Q}/follow_info/add/{c}"),
            params!["follow_info" => "x"],
        ),
        (
            false,
            format!("{Q}/follow_language/delete/{}", b.phrase),
            params![],
        ),
        (
            false,
            format!("{Q}/tag_customer/add/0"),
            params!["name" => unique("t"), "customer_list" => &customers],
        ),
        (true, format!("{Q}/tag_list"), params!["customer_id" => c]),
        (
            false,
            format!("{Q}/tag_list/add_tag/{c}"),
            params!["name" => unique("t")],
        ),
        (false, format!("{Q}/tag_list/delete_tag/{tag}"), params![]),
        (
            false,
            format!("{Q}/tag_list/customer_tag/{c}"),
            params!["tag_list" => "[]"],
        ),
        (
            true,
            format!("{Q}/action/time"),
            params!["customer_id" => c],
        ),
        (
            true,
            format!("{Q}/action/customer"),
            params!["customer_id" => c],
        ),
        (
            true,
            format!("{Q}/action/count"),
            params!["customer_id" => c],
        ),
        (
            true,
            format!("{Q}/action/customer_detail"),
            params!["customer_id" => c],
        ),
        (
            true,
            format!("{Q}/action/get_new_log"),
            params!["customer_id" => c],
        ),
        (true, format!("{Q}/tongxunlu"), params![]),
        (true, format!("{Q}/tag_customer"), params![]),
        (true, format!("{Q}/follow_language"), params![]),
        (
            false,
            format!("{Q}/user/update/{user}"),
            params!["username" => "x"],
        ),
        (false, format!("{Q}/user/delete/{user}"), params![]),
        (
            false,
            format!("{Q}/role/update/{role}"),
            params!["name" => "x"],
        ),
        (false, format!("{Q}/role/delete/{role}"), params![]),
        (
            false,
            format!("{Q}/role/add/{role}"),
            params!["path" => "/x", "title" => "x"],
        ),
        (
            false,
            format!("{Q}/company/update/{}", b.t.company_id),
            params!["name" => "x"],
        ),
        (
            false,
            format!("{Q}/company/delete/{}", b.t.company_id),
            params![],
        ),
        (
            true,
            format!("{Q}/user"),
            params!["company_id" => b.t.company_id],
        ),
        (
            true,
            format!("{Q}/role"),
            params!["company_id" => b.t.company_id],
        ),
    ];
    let mut out: Vec<_> = rows
        .into_iter()
        .map(|(get, path, p)| (path.clone(), get, path, p))
        .collect();
    // Tag ids of B inside lists of an A customer are covered by the tag tests;
    // here B's tag goes with B's customer in a replacing list too.
    out.push((
        "customer_tag with B's tag".into(),
        false,
        format!("{Q}/tag_list/customer_tag/{c}"),
        params!["tag_list" => &tags],
    ));
    out
}

/// Whether a row of the matrix writes: every POST, and the GET deletes.
fn writes(get: bool, path: &str) -> bool {
    !get || path.contains("/delete/")
}

#[tokio::test]
async fn no_core_endpoint_lets_company_a_touch_company_b() {
    let b = company_b().await;
    let a = Tenant::shared().await;
    let callers = [
        ("A's tenant admin", a.admin_user().await),
        ("A's salesperson", a.radar_user().await),
    ];
    let db = &b.t.server.db;
    let before = db.snapshots(&[a.company_id, b.t.company_id]).await;
    let (mut writes_refused, mut replies) = (0, 0);
    for (who, caller) in &callers {
        for (what, get, path, p) in matrix(&b) {
            let reply = if get {
                a.client.get(&path, caller, p).await
            } else {
                a.client.post(&path, caller, p).await
            };
            replies += 1;
            eprintln!("{who:18} {:>4}  {what}", reply.code());
            if writes(get, &path) {
                reply.expect_refused();
                writes_refused += 1;
            }
            assert_nothing_of_b(&format!("{who}: {what}"), &reply, &b);
        }
    }
    // Neither company changed: nothing of B's was touched, and no refused
    // write filed a row in A naming B's objects.
    let after = db.snapshots(&[a.company_id, b.t.company_id]).await;
    assert_eq!(before[0], after[0], "company A changed");
    assert_eq!(before[1], after[1], "company B changed");
    eprintln!(
        "cross-tenant matrix: {replies} replies scanned, {writes_refused} writes all refused, \
         the reads refused or empty of B's data"
    );
}
