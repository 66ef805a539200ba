//! The article module's back office and its tenancy: articles and sign-up
//! plug-ins written, listed, edited and deleted; comments reviewed;
//! sign-ups kept once per phone; and every id of another company refused
//! with nothing written and nothing of it in the reply.

use crate::harness::{
    int, params, Envelope, Params, Principal, Tenant, ADMIN_ARTICLE, ADMIN_REPORT, RADAR_ARTICLE,
    READER_ARTICLE,
};
use serde_json::json;

/// Asserts a refusal with `code` whose `data` is empty.
fn refused(reply: &Envelope, code: i64) {
    assert_eq!(reply.expect_code(code), &json!({}), "{:?}", reply.body);
}

#[tokio::test]
async fn the_back_office_writes_lists_edits_and_deletes_articles() {
    let t = Tenant::shared().await;
    let admin = &t.admin;
    let id = t
        .add_article(
            "原创文章",
            params!["source" => 1, "cover_picture" => "statics/a.jpg"],
        )
        .await;
    let draft = t
        .add_article("草稿文章", params!["status" => 2, "source" => 2])
        .await;

    let list = |query| {
        let t = &t;
        async move {
            t.client
                .get(&format!("{ADMIN_ARTICLE}/article_list"), &t.admin, query)
                .await
        }
    };
    let all = list(params![]).await;
    let data = all.ok();
    assert_eq!(data["data_count"], 2);
    assert_eq!(data["ret_data"][0]["id"], draft);
    assert_eq!(data["ret_data"][0]["status_text"], "未发");
    assert_eq!(data["ret_data"][1]["source_text"], "原创");
    let published = list(params!["status" => 1]).await;
    assert_eq!(published.ok()["ret_data"].as_array().unwrap().len(), 1);
    let found = list(params!["title" => "草稿"]).await;
    assert_eq!(found.ok()["ret_data"][0]["id"], draft);

    // An edit changes what it sends; content is kept as written.
    let html = "<p>更新后的正文 😀 &amp; <b>粗体</b></p>";
    t.client
        .post(
            &format!("{ADMIN_ARTICLE}/update/{id}"),
            admin,
            params!["content" => html, "summary" => "新摘要"],
        )
        .await
        .ok();
    let detail = t
        .client
        .get(
            &format!("{ADMIN_ARTICLE}/article_detail/{id}"),
            admin,
            params![],
        )
        .await;
    let item = &detail.ok()["ret_data"];
    assert_eq!(item["content"], html);
    assert_eq!(
        (item["title"].clone(), item["summary"].clone()),
        (json!("原创文章"), json!("新摘要"))
    );

    // Bad input is refused and changes nothing.
    let before = t.server.db.company_snapshot(t.company_id).await;
    let bad = [
        params!["summary" => "没有标题"],
        params!["title" => "x", "status" => 9],
        params!["title" => "x", "source" => 0],
        params!["title" => "x".repeat(201)],
        params!["title" => "x", "insert_ads" => "{not json"],
        params!["title" => "x", "insert_ads" => r#"{"type":"video"}"#],
        params!["title" => "x", "plugin_report_id" => 999_999],
    ];
    for form in bad {
        let reply = t
            .client
            .post(&format!("{ADMIN_ARTICLE}/add/0"), admin, form)
            .await;
        reply.expect_refused();
        assert_eq!(reply.data(), &json!({}));
    }
    assert_eq!(t.server.db.company_snapshot(t.company_id).await, before);

    // Only the back office writes: a radar user's token does not even sign
    // its paths.
    let user = t.radar_user().await;
    refused(
        &t.client
            .post(
                &format!("{ADMIN_ARTICLE}/add/0"),
                &user,
                params!["title" => "偷偷写"],
            )
            .await,
        400,
    );

    // Deleted: gone from lists and readers.
    t.client
        .post(&format!("{ADMIN_ARTICLE}/delete/{id}"), admin, params![])
        .await
        .ok();
    assert_eq!(list(params![]).await.ok()["data_count"], 1);
    refused(
        &t.client
            .get(
                &format!("{ADMIN_ARTICLE}/article_detail/{id}"),
                admin,
                params![],
            )
            .await,
        302,
    );
}

#[tokio::test]
async fn comments_are_reviewed_and_sign_ups_kept_once_per_phone() {
    let t = Tenant::shared().await;
    t.with_public_account().await;
    let user = t.radar_user().await;
    let report = t.add_report("春季沙龙报名").await;
    let article = t
        .add_article("沙龙预告", params!["plugin_report_id" => report])
        .await;
    let writer = t
        .follow_link(&t.article_link(&user, article).await, "评论者")
        .await;
    let other = t
        .follow_link(&t.article_link(&user, article).await, "旁观者")
        .await;
    let page = t.read_article(&writer, article).await;
    let ads = &page.ok()["insert_ads"];
    assert_eq!(
        (ads["type"].clone(), ads["id"].clone()),
        (json!("baoming"), json!(report))
    );
    assert_eq!(ads["title"], "春季沙龙报名");

    // A comment shows to its writer at once, to others once approved.
    t.client
        .post(
            &format!("{READER_ARTICLE}/review_article/{article}"),
            &writer.principal(),
            params!["content" => "不错的文章"],
        )
        .await
        .ok();
    let comments_for = |reader: crate::harness::Principal| {
        let t = &t;
        async move {
            let reply = t
                .client
                .get(
                    &format!("{READER_ARTICLE}/article_review_list/{article}"),
                    &reader,
                    params![],
                )
                .await;
            reply.ok()["ret_data"].as_array().unwrap().clone()
        }
    };
    let mine = comments_for(writer.principal()).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["content"], "不错的文章");
    assert_eq!(mine[0]["from_customer_name"], "评论者");
    assert!(comments_for(other.principal()).await.is_empty());
    let pending = t
        .client
        .get(
            &format!("{ADMIN_ARTICLE}/comment_list/{article}"),
            &t.admin,
            params!["is_audit_pass" => 0],
        )
        .await;
    let comment = int(&pending.ok()["ret_data"][0], "comment_id");
    t.client
        .post(
            &format!("{ADMIN_ARTICLE}/audit_comment/{comment}"),
            &t.admin,
            params!["is_audit_pass" => 1],
        )
        .await
        .ok();
    assert_eq!(comments_for(other.principal()).await.len(), 1);
    refused(
        &t.client
            .post(
                &format!("{READER_ARTICLE}/review_article/{article}"),
                &writer.principal(),
                params!["content" => "长".repeat(501)],
            )
            .await,
        301,
    );

    // Sign-ups: the same phone again updates the one sign-up.
    let sign_up = |name: &str, phone: &str| {
        let t = &t;
        let form = params![
            "customer_name" => name, "phone" => phone, "leave_message" => "想参加",
            "uid" => user.id, "article_id" => article,
        ];
        let who = writer.principal();
        async move {
            t.client
                .post(
                    &format!("/zhugeleida/gongzhonghao/plugin_report/sign_up_activity/{report}"),
                    &who,
                    form,
                )
                .await
        }
    };
    assert_eq!(sign_up("张三", "13800000001").await.ok(), &json!({}));
    sign_up("张三丰", "13800000001").await.ok();
    refused(&sign_up("李四", "12ab").await, 301);
    refused(&sign_up("", "13800000002").await, 303);
    t.assert_actions(user.id, writer.customer_id, 17, 2, "sign-ups on the radar")
        .await;
    // The back office enters a sign-up taken by phone: no customer, no radar entry.
    t.client
        .post(
            &format!("{ADMIN_REPORT}/sign_up_activity/{report}"),
            &t.admin,
            params!["customer_name" => "电话报名", "phone" => "13800000003", "leave_message" => "电话"],
        )
        .await
        .ok();
    let signed = t
        .client
        .get(
            &format!("{ADMIN_REPORT}/report_customer/{report}"),
            &t.admin,
            params![],
        )
        .await;
    let data = signed.ok();
    assert_eq!(data["data_count"], 2);
    assert_eq!(data["ret_data"][0]["customer_name"], "电话报名");
    assert_eq!(data["ret_data"][0]["customer_id"], 0);
    assert_eq!(data["ret_data"][1]["customer_name"], "张三丰");
    let plugins = t
        .client
        .get(&format!("{ADMIN_REPORT}/plugin_list"), &t.admin, params![])
        .await;
    let row = &plugins.ok()["ret_data"][0];
    assert_eq!(
        (row["join_num"].clone(), row["read_count"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(row["convert_pr"], "2.00");
    assert_eq!(row["is_update_plugin"], false);

    // A report in use cannot be deleted; once the article is gone it can.
    refused(
        &t.client
            .post(
                &format!("{ADMIN_REPORT}/delete/{report}"),
                &t.admin,
                params![],
            )
            .await,
        300,
    );
    t.client
        .post(
            &format!("{ADMIN_ARTICLE}/delete/{article}"),
            &t.admin,
            params![],
        )
        .await
        .ok();
    t.client
        .post(
            &format!("{ADMIN_REPORT}/delete/{report}"),
            &t.admin,
            params![],
        )
        .await
        .ok();
    assert_eq!(
        t.client
            .get(&format!("{ADMIN_REPORT}/plugin_list"), &t.admin, params![])
            .await
            .ok()["data_count"],
        0
    );
}

#[tokio::test]
async fn another_companys_articles_trees_and_customers_are_refused() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    a.with_public_account().await;
    b.with_public_account().await;
    let (a_user, b_user) = (a.radar_user().await, b.radar_user().await);
    let article = a.add_article("A公司的文章", params![]).await;
    let report = a.add_report("A公司的活动").await;
    let a_reader = a
        .follow_link(&a.article_link(&a_user, article).await, "A的读者")
        .await;
    a.read_article(&a_reader, article).await.ok();
    let b_article = b.add_article("B公司的文章", params![]).await;
    let b_reader = b
        .follow_link(&b.article_link(&b_user, b_article).await, "B的读者")
        .await;
    let a_visit = crate::harness::int(
        a.read_article(&a_reader, article).await.ok(),
        "article_access_log_id",
    );
    let a_other = a.radar_user().await;
    let before = a.server.db.snapshots(&[a.company_id, b.company_id]).await;
    let no_leak = |reply: &Envelope| {
        let code = reply.expect_refused();
        assert!([302, 404].contains(&code), "{:?}", reply.body);
        assert_eq!(reply.data(), &json!({}));
        for secret in ["A公司的文章", "A公司的活动", "A的读者"] {
            assert!(!reply.body.to_string().contains(secret), "{:?}", reply.body);
        }
    };
    let bc = b_reader.principal();
    let a_article = |op: &str| format!("{RADAR_ARTICLE}/{op}/{article}");
    let b_article_op = |op: &str| format!("{RADAR_ARTICLE}/{op}/{b_article}");
    let reader_share =
        "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/create_gongzhonghao_share_auth_url";
    let gets: Vec<(String, &Principal, Params)> = vec![
        // B's reader on A's article, with A's radar user, A's customer as
        // the parent, A's company named outright, A's visit.
        (
            format!("{READER_ARTICLE}/myarticle/{article}"),
            &bc,
            params!["uid" => b_user.id],
        ),
        (
            format!("{READER_ARTICLE}/praise_article/{article}"),
            &bc,
            params!["uid" => b_user.id],
        ),
        (
            format!("{READER_ARTICLE}/forward_article/{article}"),
            &bc,
            params!["uid" => b_user.id, "forward_type" => 1],
        ),
        (
            format!("{READER_ARTICLE}/article_review_list/{article}"),
            &bc,
            params![],
        ),
        (
            format!("{READER_ARTICLE}/recommend_article_list/{article}"),
            &bc,
            params![],
        ),
        (
            format!("{READER_ARTICLE}/myarticle/{b_article}"),
            &bc,
            params!["uid" => a_user.id],
        ),
        (
            format!("{READER_ARTICLE}/myarticle/{b_article}"),
            &bc,
            params!["uid" => b_user.id, "pid" => a_reader.customer_id],
        ),
        (
            format!("{READER_ARTICLE}/myarticle/{article}"),
            &bc,
            params!["company_id" => a.company_id],
        ),
        (
            format!("{READER_ARTICLE}/staytime/{b_article}"),
            &bc,
            params!["article_access_log_id" => a_visit],
        ),
        (
            reader_share.to_string(),
            &bc,
            params!["uid" => a_user.id, "article_id" => b_article],
        ),
        // B's radar user on A's article, tree, customers and radar user.
        (a_article("hide_customer_data"), &b_user, params![]),
        (
            a_article("customer_effect_ranking_by_level"),
            &b_user,
            params!["level" => 1],
        ),
        (
            a_article("query_customer_table_by_level"),
            &b_user,
            params!["level" => 1],
        ),
        (
            a_article("query_customer_transmit_path"),
            &b_user,
            params!["customer_id" => a_reader.customer_id, "level" => 1],
        ),
        (
            format!("{RADAR_ARTICLE}/customer_read_info/0"),
            &b_user,
            params!["customer_id" => a_reader.customer_id],
        ),
        (
            b_article_op("hide_customer_data"),
            &b_user,
            params!["uid" => a_user.id],
        ),
        (
            b_article_op("get_article_access_log"),
            &b_user,
            params!["customer_id" => a_reader.customer_id],
        ),
        (
            b_article_op("get_article_forward_info"),
            &b_user,
            params!["customer_id" => a_reader.customer_id],
        ),
        (
            "/zhugeleida/qiyeweixin/work_weixin_auth/create_gongzhonghao_share_auth_url".into(),
            &b_user,
            params!["article_id" => article],
        ),
        // B's admin on A's content.
        (
            format!("{ADMIN_ARTICLE}/article_detail/{article}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_ARTICLE}/comment_list/{article}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_REPORT}/report_customer/{report}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_ARTICLE}/query_customer_table_by_level/{b_article}"),
            &b.admin,
            params!["level" => 0, "uid" => a_user.id],
        ),
    ];
    for (path, who, query) in gets {
        no_leak(&b.client.get(&path, who, query).await);
    }
    let posts: Vec<(String, &Principal, Params)> = vec![
        (
            format!("{READER_ARTICLE}/review_article/{article}"),
            &bc,
            params!["content" => "跨公司评论"],
        ),
        (
            format!("/zhugeleida/gongzhonghao/plugin_report/sign_up_activity/{report}"),
            &bc,
            params!["customer_name" => "x", "phone" => "13800000009", "leave_message" => "m"],
        ),
        (
            format!("{ADMIN_ARTICLE}/update/{article}"),
            &b.admin,
            params!["title" => "改掉"],
        ),
        (
            format!("{ADMIN_ARTICLE}/delete/{article}"),
            &b.admin,
            params![],
        ),
        (
            format!("{ADMIN_REPORT}/update/{report}"),
            &b.admin,
            params!["title" => "改掉"],
        ),
        (
            format!("{ADMIN_REPORT}/delete/{report}"),
            &b.admin,
            params![],
        ),
    ];
    for (path, who, form) in posts {
        no_leak(&b.client.post(&path, who, form).await);
    }
    // A member radar user sees only their own trees.
    let member = a
        .client
        .get(
            &format!("{RADAR_ARTICLE}/hide_customer_data/{article}"),
            &a_other,
            params!["uid" => a_user.id],
        )
        .await;
    assert_eq!(member.expect_code(404), &json!({}));
    assert_eq!(
        a.server.db.snapshots(&[a.company_id, b.company_id]).await,
        before,
        "refused requests wrote nothing"
    );
}
