//! The article module end to end: a forward tree three levels deep built
//! through real share links, WeChat OAuth landings and page views; the
//! radar's views of it; stay time; forwards, likes and recommendations;
//! and the unique-customer rules.

use crate::harness::{count_code, int, params, text, Tenant, RADAR_ARTICLE, READER_ARTICLE};
use serde_json::{json, Value};

const MINGPIAN: &str = r#"{"type":"mingpian","mingpian":true}"#;

/// The ids of the customers on a list, in order.
fn customers_of(data: &Value) -> Vec<i64> {
    data["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["customer_id"].as_i64())
        .collect()
}

#[tokio::test]
async fn a_tree_three_levels_deep_grows_through_share_links_and_shows_on_the_radar() {
    let t = Tenant::shared().await;
    t.with_public_account().await;
    let user = t.radar_user().await;
    let article = t
        .add_article("春季新品发布", params!["insert_ads" => MINGPIAN])
        .await;

    // Level 1: a WeChat user opens the radar user's own link.
    let link = t.article_link(&user, article).await;
    let first = t.follow_link(&link, "一级读者").await;
    assert_eq!(first.pair("article_id"), Some(article.to_string().as_str()));
    assert_eq!(first.pair("uid"), Some(user.id.to_string().as_str()));
    let page = t.read_article(&first, article).await;
    let data = page.ok();
    assert_eq!(data["level"], 1, "{data}");
    assert_eq!(data["title"], "春季新品发布");
    assert_eq!(data["insert_ads"]["type"], "mingpian");
    assert_eq!(data["uid"], user.id);
    assert!(data["article_access_log_id"].as_i64().is_some(), "{data}");

    // Levels 2 and 3: each reader re-shares to the next.
    let second_link = t.reshare_link(&first, user.id, article).await;
    let second = t.follow_link(&second_link, "二级读者").await;
    assert_eq!(
        second.pair("pid"),
        Some(first.customer_id.to_string().as_str())
    );
    assert_eq!(t.read_article(&second, article).await.ok()["level"], 2);
    let third_link = t.reshare_link(&second, user.id, article).await;
    let third = t.follow_link(&third_link, "三级读者").await;
    let third_page = t.read_article(&third, article).await;
    assert_eq!(third_page.ok()["level"], 3);
    // Reading again counts again, on the same node.
    assert_eq!(t.read_article(&third, article).await.ok()["level"], 3);

    // The potential customers, newest access first.
    let hidden = t.potential_customers(&user, article).await;
    let data = hidden.ok();
    assert_eq!(
        customers_of(data),
        vec![third.customer_id, second.customer_id, first.customer_id]
    );
    assert_eq!(data["total_customer_num"], 3);
    assert_eq!(data["total_read_num"], 4);
    assert_eq!(data["article_id"], article.to_string());
    let top = &data["ret_data"][0];
    assert_eq!(top["customer_name"], "三级读者");
    assert_eq!(top["read_count"], 2);
    assert_eq!(top["stay_time"], "0秒");
    assert_eq!(top["level"], 3);
    assert_eq!(top["pid"], second.customer_id);
    assert_eq!(top["sex_text"], "女");
    assert_eq!(data["ret_data"][2]["pid"], Value::Null);

    // By level, and the depth of the tree.
    let ranking = t
        .client
        .get(
            &format!("{RADAR_ARTICLE}/customer_effect_ranking_by_level/{article}"),
            &user,
            params!["level" => 2],
        )
        .await;
    let data = ranking.ok();
    assert_eq!(customers_of(data), vec![second.customer_id]);
    assert_eq!(data["total_level_num"], 3);
    assert_eq!(data["article_title"], "春季新品发布");

    // The path from the radar user down to the deepest reader.
    let path = t
        .client
        .get(
            &format!("{RADAR_ARTICLE}/query_customer_transmit_path/{article}"),
            &user,
            params!["customer_id" => third.customer_id, "level" => 3],
        )
        .await;
    let data = path.ok();
    let levels: Vec<i64> = data["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| int(r, "level"))
        .collect();
    assert_eq!(levels, vec![0, 1, 2, 3]);
    assert_eq!(data["ret_data"][0]["uid"], user.id);
    assert_eq!(
        customers_of(data),
        vec![first.customer_id, second.customer_id, third.customer_id]
    );

    // The table: the radar user's row counts everyone below, recursively.
    let table = |query: Vec<(String, String)>| {
        let t = &t;
        let user = &user;
        async move {
            t.client
                .get(
                    &format!("{RADAR_ARTICLE}/query_customer_table_by_level/{article}"),
                    user,
                    query,
                )
                .await
        }
    };
    let root = table(params!["level" => 0]).await;
    let row = &root.ok()["ret_data"][0];
    assert_eq!(
        (
            row["lower_people_count"].clone(),
            row["lower_level"].clone()
        ),
        (json!(3), json!(3))
    );
    assert_eq!(row["read_count"], 4);
    let level1 = table(params!["level" => 1]).await;
    let row = &level1.ok()["ret_data"][0];
    assert_eq!(row["customer_id"], first.customer_id);
    assert_eq!(
        (
            row["lower_people_count"].clone(),
            row["lower_level"].clone()
        ),
        (json!(2), json!(2))
    );
    assert_eq!(row["is_have_child"], true);
    let children = table(params!["query_customer_id" => first.customer_id]).await;
    assert_eq!(customers_of(children.ok()), vec![second.customer_id]);
    // The back office's table names the radar user.
    let admin_table = format!("/zhugeleida/admin/article/query_customer_table_by_level/{article}");
    let by_admin = t
        .client
        .get(
            &admin_table,
            &t.admin,
            params!["level" => 0, "uid" => user.id],
        )
        .await;
    assert_eq!(by_admin.ok()["ret_data"][0]["lower_people_count"], 3);
    t.client
        .get(&admin_table, &t.admin, params!["level" => 0])
        .await
        .expect_code(303);

    // The counters as stored: the shape the article_tree bench writes.
    let nodes = t
        .server
        .db
        .module_documents(t.company_id, "article", "nodes")
        .await;
    let of = |customer: i64| {
        nodes
            .iter()
            .find(|n| n["customer_id"] == customer)
            .unwrap_or_else(|| panic!("no node of {customer}: {nodes:?}"))
            .clone()
    };
    let (n1, n2, n3) = (
        of(first.customer_id),
        of(second.customer_id),
        of(third.customer_id),
    );
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    assert_eq!(
        (n1["below_1"].clone(), n1["below_2"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(n2["below_1"], 1);
    assert_eq!(n3["path"].as_array().unwrap().len(), 2);
    assert_eq!(n3["parent_id"], second.customer_id);
    assert_eq!(n1["children_read"], 1);
    let trees = t
        .server
        .db
        .module_documents(t.company_id, "article", "trees")
        .await;
    let tree = trees
        .iter()
        .find(|d| d["article_id"] == article)
        .expect("the tree");
    assert_eq!(
        (
            tree["nodes"].clone(),
            tree["level_1"].clone(),
            tree["level_3"].clone()
        ),
        (json!(3), json!(1), json!(1))
    );

    // What the first reader's forward brought.
    let forwarded = t
        .client
        .get(
            &format!("{RADAR_ARTICLE}/get_article_forward_info/{article}"),
            &user,
            params!["customer_id" => first.customer_id, "pid" => ""],
        )
        .await;
    let row = &forwarded.ok()["ret_data"][0];
    assert_eq!(row["forward_customer_read_people"], 1);
    assert_eq!(row["forward_customer_read_num"], 1);

    // Stay time: a heartbeat counts 5 s; one faster than the page sends them does not.
    let visit = int(third_page.ok(), "article_access_log_id");
    let beat = |visit: i64| {
        let t = &t;
        let reader = third.principal();
        async move {
            t.client
                .get(
                    &format!("{READER_ARTICLE}/staytime/{article}"),
                    &reader,
                    params!["article_access_log_id" => visit],
                )
                .await
        }
    };
    assert_eq!(beat(visit).await.ok()["stay_time"], "5秒");
    let too_soon = beat(visit).await;
    too_soon.expect_code(301);
    assert_eq!(too_soon.data(), &json!({}));
    // Another reader's visit is not the caller's to beat.
    let first_visit = int(
        t.read_article(&first, article).await.ok(),
        "article_access_log_id",
    );
    beat(first_visit).await.expect_code(302);
    let log = t
        .client
        .get(
            &format!("{RADAR_ARTICLE}/get_article_access_log/{article}"),
            &user,
            params!["customer_id" => third.customer_id, "pid" => second.customer_id],
        )
        .await;
    let data = log.ok();
    assert_eq!(data["data_count"], 2);
    let stays: Vec<String> = data["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| text(&r["stay_time"]))
        .collect();
    assert_eq!(stays, vec!["0秒", "5秒"], "{data}");
    // The beat reached the node and the tree; the refused one nothing.
    let root = table(params!["level" => 0]).await;
    assert_eq!(root.ok()["ret_data"][0]["stay_time"], "5秒");

    // One customer across the radar user's articles.
    let info = t
        .client
        .get(
            &format!("{RADAR_ARTICLE}/customer_read_info/0"),
            &user,
            params!["customer_id" => second.customer_id],
        )
        .await;
    let row = &info.ok()["ret_data"][0];
    assert_eq!(row["article_id"], article);
    assert_eq!(row["level"], json!([2]));
    assert_eq!(row["read_count"], 1);

    // Every read by a named reader reached the radar (action 14).
    for reader in [&first, &second, &third] {
        let actions = t
            .actions_until(user.id, reader.customer_id, |a| count_code(a, 14) >= 1)
            .await;
        assert!(count_code(&actions, 14) >= 1, "{actions:?}");
    }

    // A reader opening their own re-share link stays where they are.
    let openid = t
        .server
        .db
        .customer_row(second.customer_id)
        .await
        .unwrap()
        .openid;
    let profile = crate::harness::WeChatProfile::named("二级读者");
    let again = crate::harness::open_share_link(t.server, &third_link, &openid, &profile).await;
    assert_eq!(again.customer_id, second.customer_id);
    assert_eq!(t.read_article(&again, article).await.ok()["level"], 2);
    let nodes = t
        .server
        .db
        .module_documents(t.company_id, "article", "nodes")
        .await;
    assert_eq!(nodes.len(), 3, "no second node: {nodes:?}");
}

#[tokio::test]
async fn forwards_likes_previews_and_recommendations() {
    let t = Tenant::shared().await;
    t.with_public_account().await;
    let user = t.radar_user().await;
    let article = t.add_article("主推文章", params![]).await;
    let popular = t.add_article("热门", params![]).await;
    let quiet = t.add_article("冷门", params![]).await;
    let held_back = t.add_article("草稿", params!["status" => 2]).await;
    let reader = t
        .follow_link(&t.article_link(&user, article).await, "读者甲")
        .await;
    t.read_article(&reader, article).await.ok();
    let me = reader.principal();
    let get = |path: String, query| {
        let t = &t;
        let me = me.clone();
        async move { t.client.get(&path, &me, query).await }
    };

    // Forwards count on the article, the reader's node and the tree.
    for forward_type in [1, 2, 1] {
        get(
            format!("{READER_ARTICLE}/forward_article/{article}"),
            params!["forward_type" => forward_type, "uid" => user.id, "pid" => ""],
        )
        .await
        .ok();
    }
    get(
        format!("{READER_ARTICLE}/forward_article/{article}"),
        params!["forward_type" => 3, "uid" => user.id],
    )
    .await
    .expect_code(301);
    t.assert_actions(user.id, reader.customer_id, 15, 2, "forwards to friends")
        .await;
    t.assert_actions(user.id, reader.customer_id, 16, 1, "forwards to Moments")
        .await;
    let hidden = t.potential_customers(&user, article).await;
    assert_eq!(hidden.ok()["ret_data"][0]["forward_count"], 3);
    let level = t
        .client
        .get(
            &format!("{RADAR_ARTICLE}/customer_effect_ranking_by_level/{article}"),
            &user,
            params!["level" => 1],
        )
        .await;
    let row = &level.ok()["ret_data"][0];
    assert_eq!(
        (
            row["forward_friend_count"].clone(),
            row["forward_friend_circle_count"].clone()
        ),
        (json!(2), json!(1))
    );

    // A like counts once.
    for _ in 0..2 {
        let liked = get(
            format!("{READER_ARTICLE}/praise_article/{article}"),
            params!["uid" => user.id],
        )
        .await;
        let data = liked.ok();
        assert_eq!(data["up_count"], 1);
        assert_eq!(data["is_praise_article"], 1);
        assert_eq!(data["is_praise_article_text"], "已赞此文章");
    }
    t.assert_actions(user.id, reader.customer_id, 19, 1, "one like")
        .await;

    // A preview (no uid) counts nothing.
    let before = int(t.read_article(&reader, popular).await.ok(), "read_count");
    let preview = get(format!("{READER_ARTICLE}/myarticle/{popular}"), params![]).await;
    let data = preview.ok();
    assert_eq!(int(data, "read_count"), before);
    assert_eq!(data["article_access_log_id"], Value::Null);
    // A held-back article is not there for readers.
    get(
        format!("{READER_ARTICLE}/myarticle/{held_back}"),
        params!["uid" => user.id],
    )
    .await
    .expect_code(302);

    // The most read others, with the radar user's own links.
    t.read_article(&reader, popular).await.ok();
    let recommended = get(
        format!("{READER_ARTICLE}/recommend_article_list/{article}"),
        params!["uid" => user.id],
    )
    .await;
    let data = recommended.ok();
    let ids: Vec<i64> = data["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| int(r, "article_id"))
        .collect();
    assert_eq!(ids, vec![popular, quiet], "{data}");
    assert_eq!(data["data_count"], 2);
    let url = text(&data["ret_data"][0]["article_url"]);
    assert!(
        url.starts_with(&format!(
            "{}/zhugeleida/gongzhonghao/work_gongzhonghao_auth/redirect_share_url?share_url=",
            t.server.base_url
        )),
        "{url}"
    );
    // The link works: it lands a new reader on the recommended article.
    let next = t.follow_link(&url, "读者乙").await;
    assert_eq!(next.pair("article_id"), Some(popular.to_string().as_str()));
    assert_eq!(t.read_article(&next, popular).await.ok()["level"], 1);
}

#[tokio::test]
async fn unique_customers_stay_in_the_tree_of_the_user_they_belong_to() {
    let t = Tenant::shared().await;
    t.with_public_account().await;
    t.server.db.set_customer_unique(t.company_id, true).await;
    let (a, b) = (t.radar_user().await, t.radar_user().await);
    let article = t
        .add_article("唯一客户", params!["insert_ads" => MINGPIAN])
        .await;
    let reader = t
        .follow_link(&t.article_link(&a, article).await, "专属客户")
        .await;
    assert_eq!(t.read_article(&reader, article).await.ok()["level"], 1);

    // The same WeChat user opens B's link: still A's customer, reading in
    // A's tree and shown A's card.
    let b_link = t.article_link(&b, article).await;
    let again = crate::harness::approve_share_link(
        t.server,
        &b_link,
        &t.server
            .db
            .customer_row(reader.customer_id)
            .await
            .unwrap()
            .openid,
        &crate::harness::WeChatProfile::named("专属客户"),
    )
    .await;
    let landed = crate::harness::get_unfollowed(t.server, &again)
        .await
        .landed();
    assert_eq!(landed.customer_id, reader.customer_id);
    let page = t.read_article(&landed, article).await;
    let data = page.ok();
    assert_eq!(data["level"], 1, "the read counts in A's tree: {data}");
    assert_eq!(data["uid"], a.id, "A's card is shown");
    assert_eq!(data["insert_ads"]["uid"], a.id);
    let b_tree = t.potential_customers(&b, article).await;
    assert_eq!(b_tree.ok()["total_customer_num"], 0);
    let a_tree = t.potential_customers(&a, article).await;
    assert_eq!(a_tree.ok()["total_read_num"], 2, "both reads are A's");
}

#[tokio::test]
async fn without_unique_customers_a_reader_joins_every_sharers_tree() {
    let t = Tenant::shared().await;
    t.with_public_account().await;
    let (a, b) = (t.radar_user().await, t.radar_user().await);
    let article = t.add_article("共享客户", params![]).await;
    let openid = crate::harness::unique("shared-openid");
    let profile = crate::harness::WeChatProfile::named("共享读者");
    for user in [&a, &b] {
        let link = t.article_link(user, article).await;
        let landed = crate::harness::open_share_link(t.server, &link, &openid, &profile).await;
        assert_eq!(t.read_article(&landed, article).await.ok()["level"], 1);
        let tree = t.potential_customers(user, article).await;
        assert_eq!(customers_of(tree.ok()), vec![landed.customer_id]);
    }
}
