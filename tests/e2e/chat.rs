//! Chat over HTTP: history, sending, unread messages and
//! counts for the radar user and the customer, the contact list, content
//! types, the mini-program phone number, and tenants kept apart.

use crate::harness::{
    assert_fields, encrypt_for_wechat, int, params, session_key_for, text_content, unique, Tenant,
};
use base64::Engine;
use serde_json::{json, Value};

fn items(data: &Value) -> Vec<Value> {
    data["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("ret_data is not a list in {data}"))
        .clone()
}

fn msgs(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["msg"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_message_each_way_with_history_unread_counts_and_read_marks() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;

    // The binding's greeting opens the conversation, unread by the customer.
    assert_eq!(t.customer_unread(&customer, user.id).await, 1);
    let history = t.customer_history(&customer, user.id).await;
    let data = history.ok();
    assert_fields(
        data,
        &[
            "mingpian_phone",
            "wechat",
            "position",
            "user_name",
            "user_avatar",
            "data_count",
        ],
    );
    let greeting = &items(data)[0];
    assert_fields(
        greeting,
        &[
            "customer_id",
            "user_id",
            "user_avatar",
            "customer_headimgurl",
            "customer",
            "dateTime",
            "send_type",
            "is_first_info",
            "info_type",
            "msg",
        ],
    );
    assert_eq!(greeting["is_first_info"], true);
    assert_eq!(greeting["send_type"], 1);
    assert!(text_of(greeting).contains(&t.name), "{greeting}");
    assert_eq!(
        t.customer_unread(&customer, user.id).await,
        0,
        "history marks read"
    );

    // The customer writes; the user's badge, contact list and getmsg see it.
    t.customer_sends(&customer, user.id, &text_content("你好,在吗?"))
        .await
        .ok();
    assert_eq!(t.user_unread(&user).await, 1);
    let contacts = t
        .client
        .get("/zhugeleida/qiyeweixin/contact", &user, params![])
        .await;
    let data = contacts.ok();
    assert_eq!(int(data, "unread_msg_num"), 1);
    assert_eq!(int(data, "data_count"), 1);
    let contact = &items(data)[0];
    assert_fields(
        contact,
        &[
            "customer_id",
            "customer_source",
            "customer_source_text",
            "src",
            "is_subscribe",
            "is_subscribe_text",
            "name",
            "dateTime",
            "msg",
            "count",
            "tags_list",
            "crea_date",
        ],
    );
    assert_eq!(int(contact, "customer_id"), cid);
    assert_eq!(int(contact, "count"), 1);
    assert_eq!(contact["msg"], "你好,在吗?");
    assert_eq!(contact["name"], "张三");
    assert_eq!(contact["customer_source_text"], "微信小程序");

    let getmsg = t
        .client
        .get(
            "/zhugeleida/qiyeweixin/chat/getmsg/0",
            &user,
            params!["customer_id" => cid],
        )
        .await;
    let unread = getmsg
        .ok()
        .as_array()
        .expect("getmsg data is a list")
        .clone();
    assert_eq!(msgs(&unread), ["你好,在吗?"]);
    assert_fields(
        &unread[0],
        &[
            "customer_id",
            "user_id",
            "src",
            "name",
            "dateTime",
            "send_type",
        ],
    );
    assert_eq!(t.user_unread(&user).await, 0, "getmsg marks read");
    let again = t
        .client
        .get(
            "/zhugeleida/qiyeweixin/chat/getmsg/0",
            &user,
            params!["customer_id" => cid],
        )
        .await;
    assert_eq!(again.ok(), &json!([]));

    // The user answers; a `user_id` in the body cannot make them someone else.
    let colleague = t.radar_user().await;
    let reply = t
        .client
        .post(
            "/zhugeleida/qiyeweixin/chat/send_msg/0",
            &user,
            params!["customer_id" => cid, "user_id" => colleague.id, "content" => text_content("在的")],
        )
        .await;
    assert_eq!(reply.msg(), "send msg successful");
    reply.ok();
    let rows = t.chat_rows().await;
    assert!(rows.iter().all(|r| r.user_id == user.id), "{rows:?}");
    assert_eq!(t.customer_unread(&customer, user.id).await, 1);

    let radar = t.radar_history(&user, cid).await;
    let data = radar.ok();
    assert_eq!(int(data, "data_count"), 3);
    assert_eq!(int(data, "company_id"), t.company_id);
    let list = items(data);
    assert_eq!(msgs(&list)[1..], ["你好,在吗?", "在的"], "oldest first");
    assert_fields(
        &list[2],
        &[
            "customer_id",
            "customer_avatar",
            "user_id",
            "src",
            "name",
            "dateTime",
            "send_type",
            "is_customer_already_read",
            "is_customer_already_read_text",
            "info_type",
            "msg",
        ],
    );
    assert_eq!(list[2]["is_customer_already_read"], 0);
    assert_eq!(list[2]["is_customer_already_read_text"], "未读");

    let customer_getmsg = t
        .client
        .get(
            "/zhugeleida/xiaochengxu/chat/getmsg/0",
            &customer.principal,
            params!["u_id" => user.id],
        )
        .await;
    assert_eq!(msgs(&items(customer_getmsg.ok())), ["在的"]);
    assert_eq!(t.customer_unread(&customer, user.id).await, 0);
    let radar = t.radar_history(&user, cid).await;
    assert_eq!(items(radar.ok())[2]["is_customer_already_read"], 1);
}

fn text_of(item: &Value) -> String {
    item["msg"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn history_pages_newest_first_and_chronological_within() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    for n in 1..=5 {
        t.user_sends(
            &user,
            customer.principal.id,
            &text_content(&format!("m{n}")),
        )
        .await
        .ok();
    }
    let page = |n: i64| {
        t.client.get(
            "/zhugeleida/qiyeweixin/chat",
            &user,
            params!["customer_id" => customer.principal.id, "current_page" => n, "length" => 2],
        )
    };
    assert_eq!(msgs(&items(page(1).await.ok())), ["m4", "m5"]);
    assert_eq!(msgs(&items(page(2).await.ok())), ["m2", "m3"]);
    let last = page(3).await;
    assert_eq!(int(last.ok(), "data_count"), 6);
    assert_eq!(items(last.ok()).len(), 2, "greeting and m1");
}

#[tokio::test]
async fn content_types_are_checked_and_refusals_write_nothing() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;
    let sent = [
        json!({"info_type": 1, "msg": "文字😀"}),
        json!({"info_type": 2, "product_name": "票", "product_price": "50元", "product_cover_url": "statics/a.jpg"}),
        json!({"info_type": 3, "msg": "client text is replaced"}),
        json!({"info_type": 4, "url": "statics/zhugeleida/imgs/chat/a.jpg"}),
        json!({"info_type": 5, "url": "statics/zhugeleida/imgs/chat/a.mp4"}),
        json!({"info_type": 6}),
    ];
    for content in &sent {
        t.user_sends(&user, cid, &content.to_string()).await.ok();
    }
    let rows = t.chat_rows().await;
    let stored: Vec<&Value> = rows.iter().skip(1).map(|r| &r.content).collect();
    assert_eq!(
        stored[0],
        &json!({"info_type": 1, "msg": "文字😀"}),
        "UTF-8 as it is"
    );
    assert_eq!(stored[1]["product_name"], "票");
    assert_eq!(stored[2]["msg"], "您好,请问能否告诉我您的手机号?");
    assert_eq!(stored[3]["url"], "statics/zhugeleida/imgs/chat/a.jpg");
    assert_eq!(stored[5]["msg"], "官方商城，可点击进入购买");
    t.assert_actions(user.id, cid, 23, 1, "a mall card logs 发送小程序")
        .await;

    let before = t.chat_rows().await.len();
    let refused = [
        ("not json".to_string(), 301),
        (json!({"info_type": 9, "msg": "x"}).to_string(), 301),
        (json!({"info_type": 1}).to_string(), 303),
        (
            json!({"info_type": 2, "product_price": "1"}).to_string(),
            303,
        ),
        (
            json!({"info_type": 4, "url": "javascript:alert(1)"}).to_string(),
            301,
        ),
        (
            json!({"info_type": 1, "msg": "x".repeat(20_000)}).to_string(),
            301,
        ),
    ];
    for (content, code) in &refused {
        let reply = t.user_sends(&user, cid, content).await;
        assert_eq!(reply.code(), *code, "{content:.60}: {}", reply.body);
    }
    let reply = t
        .customer_sends(&customer, user.id, &json!({"info_type": 3}).to_string())
        .await;
    assert_eq!(reply.code(), 301, "customers do not send phone requests");
    let no_content = t
        .client
        .post(
            "/zhugeleida/qiyeweixin/chat/send_msg/0",
            &user,
            params!["customer_id" => cid],
        )
        .await;
    assert_eq!(no_content.code(), 303);
    t.set_shopping_type(1).await;
    let reply = t
        .user_sends(&user, cid, &json!({"info_type": 6}).to_string())
        .await;
    assert_eq!(
        (reply.code(), reply.msg().as_str()),
        (303, "此小程序没有开启商城")
    );
    assert_eq!(t.chat_rows().await.len(), before, "refusals wrote nothing");
    t.assert_actions(user.id, cid, 23, 1, "no second mall card")
        .await;
}

#[tokio::test]
async fn the_phone_number_decrypts_with_the_session_key_and_appid() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let openid = unique("openid");
    let customer = t.customer_with_openid(user.id, &openid).await;
    t.bind(&customer, user.id).await.ok();
    let cid = customer.principal.id;
    let key = session_key_for(&openid);
    let iv = [3u8; 16];
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let phone_data = |phone: &str, appid: &str| {
        let plain = json!({"phoneNumber": phone, "purePhoneNumber": phone, "watermark": {"appid": appid, "timestamp": 1}});
        encrypt_for_wechat(&key, &iv, &plain.to_string())
    };
    let post = |form| {
        t.client.post(
            "/zhugeleida/xiaochengxu/chat/encrypted_phone_number/0",
            &customer.principal,
            form,
        )
    };

    let wrong_iv = post(params![
        "u_id" => user.id, "iv" => b64(&[4u8; 16]), "encryptedData" => phone_data("13800138000", &t.appid),
    ])
    .await;
    assert_eq!(wrong_iv.code(), 250);
    let wrong_app = post(params![
        "u_id" => user.id, "iv" => b64(&iv), "encryptedData" => phone_data("13800138000", "wx-other"),
    ])
    .await;
    assert_eq!(wrong_app.code(), 250);
    assert_eq!(t.stored_phone(cid).await, "");
    assert_eq!(t.chat_rows().await.len(), 1, "only the greeting");

    let shopping = post(params![
        "type" => "shopping", "iv" => b64(&iv), "encryptedData" => phone_data("13900000000", &t.appid),
    ])
    .await;
    assert_eq!(shopping.ok()["phoneNumber"], "13900000000");
    assert_eq!(t.stored_phone(cid).await, "", "shopping only returns it");

    let ok = post(params![
        "u_id" => user.id, "iv" => b64(&iv), "encryptedData" => phone_data("13800138000", &t.appid),
    ])
    .await;
    assert_eq!(ok.ok()["phoneNumber"], "13800138000");
    assert_eq!(t.stored_phone(cid).await, "13800138000");
    let rows = t.chat_rows().await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].send_type, 2);
    assert_eq!(rows[1].content["msg"], "我的手机号是: 13800138000");

    // A conversation already under way gets no second message.
    post(params![
        "u_id" => user.id, "iv" => b64(&iv), "encryptedData" => phone_data("13800138001", &t.appid),
    ])
    .await
    .ok();
    assert_eq!(t.chat_rows().await.len(), 2);
    assert_eq!(t.stored_phone(cid).await, "13800138001");
}

#[tokio::test]
async fn the_public_account_paths_serve_the_same_conversation() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let sent = t
        .client
        .post(
            "/zhugeleida/gongzhonghao/chat/send_msg/0",
            &customer.principal,
            params!["u_id" => user.id, "customer_id" => customer.principal.id, "content" => text_content("公众号来的")],
        )
        .await;
    sent.ok();
    t.user_sends(&user, customer.principal.id, &text_content("收到"))
        .await
        .ok();
    let count = t
        .client
        .get(
            "/zhugeleida/gongzhonghao/chat/query_num/0",
            &customer.principal,
            params!["u_id" => user.id],
        )
        .await;
    assert_eq!(int(count.ok(), "chatinfo_count"), 2, "greeting and 收到");
    let unread = t
        .client
        .get(
            "/zhugeleida/gongzhonghao/chat/getmsg/0",
            &customer.principal,
            params!["u_id" => user.id],
        )
        .await;
    let data = unread.ok();
    assert_eq!(int(data, "data_count"), 2);
    assert_eq!(msgs(&items(data))[1], "收到");
    let history = t
        .client
        .get(
            "/zhugeleida/gongzhonghao/chat",
            &customer.principal,
            params!["u_id" => user.id],
        )
        .await;
    assert_eq!(msgs(&items(history.ok()))[1], "公众号来的");
}

#[tokio::test]
async fn tenants_and_unrelated_pairs_are_refused_everywhere() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let user_a = a.radar_user().await;
    let user_b = b.radar_user().await;
    let customer_a = a.related_customer(user_a.id).await;
    let customer_b = b.related_customer(user_b.id).await;
    // B's conversation, unread on both sides: a foreign read that marked it
    // read would change B's rows.
    let (b_asks, b_answers) = (unique("B问"), unique("B答"));
    b.customer_sends(&customer_b, user_b.id, &text_content(&b_asks))
        .await
        .ok();
    b.user_sends(&user_b, customer_b.principal.id, &text_content(&b_answers))
        .await
        .ok();
    let (rows_a, rows_b) = (a.chat_rows().await, b.chat_rows().await);
    let mut secrets = b.server.db.company_secrets(b.company_id).await;
    secrets.extend([b_asks, b_answers]);

    // A's customer cannot reach B's user, nor B's user A's customer (302:
    // unknown in the caller's company).
    let reply = a
        .customer_sends(&customer_a, user_b.id, &text_content("hi"))
        .await;
    assert_eq!(reply.code(), 302);
    let reply = b
        .user_sends(&user_b, customer_a.principal.id, &text_content("hi"))
        .await;
    assert_eq!(reply.code(), 302);
    for (path, who, query) in [
        (
            "/zhugeleida/xiaochengxu/chat",
            &customer_a.principal,
            params!["u_id" => user_b.id],
        ),
        (
            "/zhugeleida/xiaochengxu/chat/getmsg/0",
            &customer_a.principal,
            params!["u_id" => user_b.id],
        ),
        (
            "/zhugeleida/xiaochengxu/chat/query_num/0",
            &customer_a.principal,
            params!["u_id" => user_b.id],
        ),
        (
            "/zhugeleida/gongzhonghao/chat",
            &customer_a.principal,
            params!["u_id" => user_b.id],
        ),
        (
            "/zhugeleida/qiyeweixin/chat",
            &user_a,
            params!["customer_id" => customer_b.principal.id],
        ),
        (
            "/zhugeleida/qiyeweixin/chat/getmsg/0",
            &user_a,
            params!["customer_id" => customer_b.principal.id],
        ),
    ] {
        let reply = a.client.get(path, who, query).await;
        assert_eq!(reply.code(), 302, "{path}: {}", reply.body);
        reply.assert_hides(&secrets);
    }
    // In one company, a conversation needs a relation (307).
    let colleague = a.radar_user().await;
    let reply = a
        .customer_sends(&customer_a, colleague.id, &text_content("hi"))
        .await;
    assert_eq!(reply.code(), 307);
    let reply = a
        .user_sends(&colleague, customer_a.principal.id, &text_content("hi"))
        .await;
    assert_eq!(reply.code(), 307);
    assert_eq!(a.chat_rows().await, rows_a);
    assert_eq!(
        b.chat_rows().await,
        rows_b,
        "B's messages changed (marked read?)"
    );
    // B's contact list and badge know nothing of A.
    let contacts = b
        .client
        .get("/zhugeleida/qiyeweixin/contact", &user_b, params![])
        .await;
    let ids: Vec<i64> = items(contacts.ok())
        .iter()
        .map(|c| int(c, "customer_id"))
        .collect();
    assert_eq!(ids, [customer_b.principal.id]);
}
