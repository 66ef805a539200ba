//! Native and module routes driven through the router in process.

use crate::harness::TestApp;
use axum::body::Body;
use axum::http::{Method, Request};
use base64::Engine;
use serde_json::json;

#[tokio::test]
async fn unknown_paths_wrong_methods_and_bad_signatures_answer_envelopes() {
    let t = TestApp::new().await;
    let c = t.company().await;
    let unknown = t
        .open(Method::GET, "/zhugeleida/qiyeweixin/no_such_thing", &[])
        .await;
    assert_eq!(
        unknown.body,
        json!({"code": 404, "msg": "非法请求: 未知路径", "data": {}, "note": {}})
    );
    let wrong = t
        .open(Method::DELETE, "/zhugeleida/qiyeweixin/tongxunlu", &[])
        .await;
    assert_eq!(wrong.code(), 402);
    let unsigned = t
        .open(Method::GET, "/zhugeleida/qiyeweixin/tongxunlu", &[])
        .await;
    assert_eq!(
        unsigned.body,
        json!({"code": 400, "msg": "token异常", "data": {}, "note": {}})
    );
    // A customer's signature on a radar route verifies nothing.
    let foreign_kind = t
        .get("/zhugeleida/qiyeweixin/tongxunlu", &c.customer, &[])
        .await;
    assert_eq!(foreign_kind.code(), 400);
    // The WeCom login route takes only numeric company ids.
    let word = t
        .open(
            Method::GET,
            "/zhugeleida/qiyeweixin/work_weixin_auth/create_x",
            &[("code", "c")],
        )
        .await;
    assert_eq!(word.code(), 404);
    // All of them are HTTP 200: the outcome is in the envelope.
    for r in [&unknown, &wrong, &unsigned, &foreign_kind, &word] {
        assert_eq!(r.status, 200);
        assert!(r.failure.is_none(), "a refusal is not a failure");
    }
}

#[tokio::test]
async fn a_request_id_is_taken_or_made_and_sent_back() {
    let t = TestApp::new().await;
    let given = Request::get("/zhugeleida/nothing")
        .header("x-request-id", "req-42")
        .body(Body::empty())
        .unwrap();
    assert_eq!(t.send(given).await.headers["x-request-id"], "req-42");
    let made = t.open(Method::GET, "/zhugeleida/nothing", &[]).await;
    let id = made.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 36, "a uuid: {id}");
    let again = t.open(Method::GET, "/zhugeleida/nothing", &[]).await;
    assert_ne!(again.headers["x-request-id"].to_str().unwrap(), id);
}

#[tokio::test]
async fn an_admin_logs_in_with_the_password() {
    let t = TestApp::new().await;
    let c = t.company().await;
    let login = |password: &'static str| {
        let form = serde_urlencoded::to_string([
            ("username", c.admin_username.as_str()),
            ("password", password),
        ])
        .unwrap();
        Request::post("/zhugeleida/admin/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap()
    };
    let ok = t.send(login("s3cret")).await;
    let data = ok.expect_code(200);
    assert_eq!(data["token"], c.admin.token.as_str());
    assert_eq!(data["company_id"], c.id);
    t.send(login("wrong")).await.expect_code(401);
}

#[tokio::test]
async fn a_tenant_admin_lists_the_users_of_their_company_only() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let listed = t
        .get(
            "/zhugeleida/qiyeweixin/user",
            &a.manager,
            &[("length", "0")],
        )
        .await;
    let ids: Vec<i64> = listed.expect_code(200)["ret_data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&a.user.principal.id) && ids.contains(&a.manager.principal.id));
    assert!(!ids.contains(&b.user.principal.id), "{ids:?}");
    // A member manages nobody; naming another company is refused.
    t.get("/zhugeleida/qiyeweixin/user", &a.user, &[])
        .await
        .expect_code(404);
    let other = b.id.to_string();
    t.get(
        "/zhugeleida/qiyeweixin/user",
        &a.manager,
        &[("company_id", &other)],
    )
    .await
    .expect_code(404);
}

#[tokio::test]
async fn another_companys_customer_is_unknown_to_the_crm() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let own = a.customer.principal.id.to_string();
    let detail = t
        .get(
            "/zhugeleida/qiyeweixin/customer",
            &a.user,
            &[("customer_id", &own)],
        )
        .await;
    assert_eq!(
        detail.expect_code(200)["ret_data"][0]["id"],
        a.customer.principal.id
    );
    let foreign = b.customer.principal.id.to_string();
    let refused = t
        .get(
            "/zhugeleida/qiyeweixin/customer",
            &a.user,
            &[("customer_id", &foreign)],
        )
        .await;
    assert_eq!(
        refused.body,
        json!({"code": 302, "msg": "客户不存在", "data": {}, "note": {}})
    );
}

#[tokio::test]
async fn a_message_sent_by_the_salesperson_reaches_the_customer() {
    let t = TestApp::new().await;
    let c = t.company().await;
    let customer_id = c.customer.principal.id.to_string();
    let content = json!({"info_type": 1, "msg": "你好"}).to_string();
    t.post(
        "/zhugeleida/qiyeweixin/chat/send_msg/0",
        &c.user,
        &[("customer_id", &customer_id), ("content", &content)],
    )
    .await
    .expect_code(200);
    let user_id = c.user.principal.id.to_string();
    let unread = t
        .get(
            "/zhugeleida/xiaochengxu/chat/getmsg/0",
            &c.customer,
            &[("u_id", &user_id)],
        )
        .await;
    let items = unread.expect_code(200)["ret_data"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["msg"], "你好");
    // Bad content is refused by the chat service's rules, and nothing is stored.
    let bad = t
        .post(
            "/zhugeleida/qiyeweixin/chat/send_msg/0",
            &c.user,
            &[
                ("customer_id", &customer_id),
                ("content", r#"{"info_type":9}"#),
            ],
        )
        .await;
    assert_eq!(bad.body["code"], 301);
    assert_eq!(bad.body["msg"], "content.info_type: 取值 1..6");
    let read = t
        .get(
            "/zhugeleida/xiaochengxu/chat/getmsg/0",
            &c.customer,
            &[("u_id", &user_id)],
        )
        .await;
    assert_eq!(read.expect_code(200)["ret_data"], json!([]));
}

#[tokio::test]
async fn a_card_view_runs_the_card_plugin_and_reaches_the_radar() {
    let t = TestApp::new().await;
    let c = t.company().await;
    let uid = c.user.principal.id.to_string();
    let card = t
        .get(
            "/zhugeleida/xiaochengxu/mingpian",
            &c.customer,
            &[("uid", &uid)],
        )
        .await;
    assert_eq!(
        card.expect_code(200)["ret_data"][0]["id"],
        c.user.principal.id
    );
    let log = t
        .get("/zhugeleida/qiyeweixin/action/time", &c.user, &[])
        .await;
    let entries = log.expect_code(200)["ret_data"].as_array().unwrap().clone();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["customer_id"], c.customer.principal.id);
    assert!(
        entries[0]["log"].as_str().unwrap().contains("名片"),
        "{entries:?}"
    );
    // Switched off for the company, the module's routes refuse.
    t.set_module(c.id, "card", false).await;
    let off = t
        .get(
            "/zhugeleida/xiaochengxu/mingpian",
            &c.customer,
            &[("uid", &uid)],
        )
        .await;
    assert_eq!(off.code(), 404);
    assert!(
        off.body["msg"].as_str().unwrap().contains("未启用"),
        "{}",
        off.body
    );
}

#[tokio::test]
async fn a_module_failure_reaches_the_log_with_its_cause_and_the_client_without() {
    let t = TestApp::with_plugins(&["leida_misbehave.wasm"]).await;
    let c = t.company().await;
    t.set_module(c.id, "misbehave", true).await;
    let fine = t
        .get("/zhugeleida/xiaochengxu/misbehave/ok", &c.customer, &[])
        .await;
    assert_eq!(fine.expect_code(200), &json!({"ok": true}));
    let trapped = t
        .get("/zhugeleida/xiaochengxu/misbehave/trap", &c.customer, &[])
        .await;
    assert_eq!(
        trapped.body,
        json!({"code": 500, "msg": "模块 misbehave 处理失败 (module failed)", "data": {}, "note": {}})
    );
    let failure = trapped.failure.expect("a failure for the log");
    assert_eq!(failure.code, 500);
    assert!(
        failure.cause.contains("misbehave@") && failure.cause.contains("trap"),
        "{}",
        failure.cause
    );
}

#[tokio::test]
async fn an_upload_is_merged_stored_and_served() {
    let t = TestApp::new().await;
    let c = t.company().await;
    let png = {
        let mut bytes = Vec::new();
        let img = image::RgbaImage::from_pixel(3, 2, image::Rgba([200, 10, 10, 255]));
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
        bytes
    };
    let text = base64::engine::general_purpose::STANDARD.encode(&png);
    let common = [
        ("img_name", "a.png"),
        ("img_source", "leida_chat"),
        ("timestamp", "up1"),
    ];
    let mut chunk = common.to_vec();
    chunk.extend([("chunk", "0"), ("img_data", text.as_str())]);
    t.post("/zhugeleida/public/img_upload", &c.user, &chunk)
        .await
        .expect_code(200);
    let mut merge = common.to_vec();
    merge.push(("chunk_num", "1"));
    let merged = t
        .post("/zhugeleida/public/img_merge", &c.user, &merge)
        .await;
    let path = merged.expect_code(200)["picture_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        path.starts_with("statics/zhugeleida/imgs/qiyeweixin/chat/") && path.ends_with(".png"),
        "{path}"
    );
    let served = t
        .send(
            Request::get(format!("/{path}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(served.status, 200);
    assert_eq!(served.headers["content-type"], "image/png");
    assert_eq!(served.bytes, png);
    // Bytes that are not what the name says are refused and nothing is stored.
    let mut fake = common.to_vec();
    let lie = base64::engine::general_purpose::STANDARD.encode(b"<?php echo 1;");
    fake[2] = ("timestamp", "up2");
    fake.extend([("chunk", "0"), ("img_data", lie.as_str())]);
    t.post("/zhugeleida/public/img_upload", &c.user, &fake)
        .await
        .expect_code(200);
    let mut merge = fake[..3].to_vec();
    merge.push(("chunk_num", "1"));
    let refused = t
        .post("/zhugeleida/public/img_merge", &c.user, &merge)
        .await;
    assert_eq!(refused.body["code"], 303);
    assert_eq!(refused.body["msg"], "文件类型不允许");
}
