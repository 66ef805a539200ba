//! The chat WebSocket channels with real clients: messages each
//! way over HTTP and over the sockets arrive as pushes, read receipts and
//! unread counts follow, every frame is signed, and pushes reach only the
//! people they concern.

use crate::harness::{
    fresh_timestamp, int, signature_at, text_content, Ended, Socket, Tenant, FRAME_TIMEOUT,
};
use serde_json::{json, Value};
use std::time::Duration;

/// How long a socket must stay quiet to count as not pushed to.
const QUIET: Duration = Duration::from_millis(500);

/// The next `n` frames, in arrival order.
async fn frames(socket: &mut Socket, n: usize) -> Vec<Value> {
    let mut out = Vec::new();
    for _ in 0..n {
        match socket.next_within(FRAME_TIMEOUT).await {
            Ok(frame) => out.push(frame),
            Err(ended) => panic!("{ended:?} after {out:?}"),
        }
    }
    out
}

/// Asserts the signature failure frame, exactly as HTTP answers it, and
/// that the server then closes the socket.
async fn assert_token_error_then_closed(socket: &mut Socket) {
    let token_error = json!({"code": 400, "msg": "token异常", "data": {}, "note": {}});
    assert_eq!(socket.recv().await, token_error);
    assert!(matches!(
        socket.next_within(FRAME_TIMEOUT).await,
        Err(Ended::Closed(_))
    ));
}

/// The message texts of a push frame.
fn pushed_msgs(frame: &Value) -> Vec<String> {
    frame["data"]["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a message push: {frame}"))
        .iter()
        .map(|m| m["msg"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn find(frames: &[Value], code: i64) -> &Value {
    frames
        .iter()
        .find(|f| f["code"] == code && (code != 200 || f["data"]["ret_data"].is_array()))
        .unwrap_or_else(|| panic!("no {code} frame in {frames:?}"))
}

#[tokio::test]
async fn messages_each_way_over_http_and_socket_arrive_as_pushes_with_receipts() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;
    // The customer has read the greeting: no receipt is due yet.
    t.customer_history(&customer, user.id).await.ok();
    let mut radar = t.radar_chat_socket(&user, cid).await;
    let mut mini = t.customer_chat_socket(&customer, user.id).await;

    // Customer → user over HTTP: both sockets show it; the radar socket reads it.
    t.customer_sends(&customer, user.id, &text_content("HTTP来的"))
        .await
        .ok();
    let push = radar.recv().await;
    assert_eq!(push["code"], 200);
    assert_eq!(pushed_msgs(&push), ["HTTP来的"]);
    let item = &push["data"]["ret_data"][0];
    for field in [
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
    ] {
        assert!(item.get(field).is_some(), "{field} missing from {item}");
    }
    assert_eq!(int(&push["data"], "count"), 1);
    assert_eq!(pushed_msgs(&mini.recv().await), ["HTTP来的"], "own message");
    assert_eq!(
        t.user_unread(&user).await,
        0,
        "shown on the radar socket = read"
    );

    // User → customer over the socket: answered, then pushed to both; the
    // customer has the chat on screen, so the radar socket gets a 202.
    radar
        .send_signed(
            &user,
            &json!({"customer_id": cid, "content": text_content("socket回复")}),
        )
        .await;
    let got = frames(&mut radar, 3).await;
    assert_eq!(got[0], json!({"code": 200, "msg": "雷达消息-发送成功"}));
    assert_eq!(pushed_msgs(find(&got[1..], 200)), ["socket回复"]);
    assert_eq!(find(&got[1..], 202)["data"]["is_customer_already_read"], 1);
    let push = mini.recv().await;
    assert_eq!(pushed_msgs(&push), ["socket回复"]);
    let item = &push["data"]["ret_data"][0];
    for field in [
        "customer_id",
        "user_id",
        "user_avatar",
        "customer_headimgurl",
        "customer",
        "dateTime",
        "send_type",
        "is_first_info",
    ] {
        assert!(item.get(field).is_some(), "{field} missing from {item}");
    }
    assert_eq!(item["is_first_info"], false);
    assert_eq!(int(&push["data"], "unread_msg_num"), 0);
    assert_eq!(t.customer_unread(&customer, user.id).await, 0);

    // Customer → user over the socket (the registered u_id is the default).
    mini.send_signed(
        &customer.principal,
        &json!({"content": text_content("小程序socket")}),
    )
    .await;
    assert_eq!(
        mini.recv().await,
        json!({"code": 200, "msg": "小程序消息-发送成功"})
    );
    assert_eq!(pushed_msgs(&mini.recv().await), ["小程序socket"]);
    assert_eq!(pushed_msgs(&radar.recv().await), ["小程序socket"]);

    // User → customer over HTTP while the customer looks elsewhere
    // (`query_num` = output): pushed, but left unread and no receipt.
    mini.send_signed(&customer.principal, &json!({"type": "query_num"}))
        .await;
    let answer = mini.recv().await;
    assert_eq!(int(&answer["data"], "unread_msg_num"), 0);
    assert!(answer.get("phone").is_some(), "{answer}");
    t.user_sends(&user, cid, &text_content("HTTP回复"))
        .await
        .ok();
    let push = mini.recv().await;
    assert_eq!(pushed_msgs(&push), ["HTTP回复"]);
    assert_eq!(int(&push["data"], "unread_msg_num"), 1);
    assert_eq!(pushed_msgs(&radar.recv().await), ["HTTP回复"]);
    radar.expect_silence(QUIET).await;
    assert_eq!(t.customer_unread(&customer, user.id).await, 1);

    // Opening the chat over HTTP is the customer reading it: receipt.
    t.customer_history(&customer, user.id).await.ok();
    assert_eq!(radar.recv().await["code"], 202);

    // Keep-alive, then closing.
    radar.send_signed(&user, &json!({"type": "lived"})).await;
    assert_eq!(radar.recv().await["code"], 270);
    radar.send_signed(&user, &json!({"type": "closed"})).await;
    assert_eq!(radar.expect_closed().await[0]["code"], 300);
    mini.send_signed(&customer.principal, &json!({"type": "closed"}))
        .await;
    assert_eq!(mini.expect_closed().await[0]["code"], 200);
}

#[tokio::test]
async fn unread_counts_and_contact_lists_are_pushed_when_they_change() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let cid = customer.principal.id;
    let mut badge = Socket::connect(
        t.server,
        "/zhugeleida/qiyeweixin/websocket/leida_query_info_num",
    )
    .await;
    badge.send_signed(&user, &json!({"type": "register"})).await;
    assert_eq!(int(&badge.recv().await["data"], "unread_msg_num"), 0);
    let mut contacts = Socket::connect(
        t.server,
        "/zhugeleida/qiyeweixin/websocket/leida_query_contact_list",
    )
    .await;
    contacts
        .send_signed(&user, &json!({"type": "register"}))
        .await;
    assert_eq!(int(&contacts.recv().await["data"], "unread_msg_num"), 0);
    let mut account = Socket::connect(
        t.server,
        "/zhugeleida/gongzhonghao/websocket/gongzhonghao_query_info_num",
    )
    .await;
    account
        .send_signed(
            &customer.principal,
            &json!({"type": "register", "u_id": user.id}),
        )
        .await;
    let answer = account.recv().await;
    assert_eq!(answer["code"], 200);
    assert_eq!(
        answer["msg_data"]["unread_msg_num"], 1,
        "the greeting: {answer}"
    );

    t.customer_sends(&customer, user.id, &text_content("未读1"))
        .await
        .ok();
    assert_eq!(int(&badge.recv().await["data"], "unread_msg_num"), 1);
    let list = contacts.recv().await;
    assert_eq!(int(&list["data"], "unread_msg_num"), 1);
    let entry = &list["data"]["ret_data"][0];
    assert_eq!((int(entry, "customer_id"), int(entry, "count")), (cid, 1));
    assert_eq!(entry["msg"], "未读1");
    account.expect_silence(QUIET).await;

    // The user reads over HTTP: the badge and the list drop to 0.
    t.radar_history(&user, cid).await.ok();
    assert_eq!(int(&badge.recv().await["data"], "unread_msg_num"), 0);
    assert_eq!(int(&contacts.recv().await["data"], "unread_msg_num"), 0);
    contacts
        .send_signed(
            &user,
            &json!({"type": "query_num", "current_page": 1, "length": 5}),
        )
        .await;
    let page = contacts.recv().await;
    assert_eq!(int(&page["data"], "data_count"), 1);

    // The user writes: the public account's badge rises; the user's own does not.
    t.user_sends(&user, cid, &text_content("回复")).await.ok();
    assert_eq!(account.recv().await["msg_data"]["unread_msg_num"], 2);
    badge.expect_silence(QUIET).await;
}

#[tokio::test]
async fn the_greeting_of_a_first_binding_is_pushed() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let customer = t.authorised_customer(user.id).await;
    let mut contacts = Socket::connect(
        t.server,
        "/zhugeleida/qiyeweixin/websocket/leida_query_contact_list",
    )
    .await;
    contacts
        .send_signed(&user, &json!({"type": "register"}))
        .await;
    contacts.recv().await;
    let mut account = Socket::connect(
        t.server,
        "/zhugeleida/gongzhonghao/websocket/gongzhonghao_query_info_num",
    )
    .await;
    account
        .send_signed(&customer.principal, &json!({"type": "register"}))
        .await;
    assert_eq!(account.recv().await["msg_data"]["unread_msg_num"], 0);

    t.bind(&customer, user.id).await.ok();
    let list = contacts.recv().await;
    let entry = &list["data"]["ret_data"][0];
    assert_eq!(int(entry, "customer_id"), customer.principal.id);
    assert!(
        entry["msg"]
            .as_str()
            .unwrap_or_default()
            .starts_with("您好,我是"),
        "{entry}"
    );
    assert_eq!(account.recv().await["msg_data"]["unread_msg_num"], 1);
}

#[tokio::test]
async fn every_frame_is_signed_by_the_socket_owner() {
    let t = Tenant::shared().await;
    let user = t.radar_user().await;
    let other = t.radar_user().await;
    let customer = t.related_customer(user.id).await;
    let path = "/zhugeleida/qiyeweixin/websocket/leida_chat";

    // A bad signature: 400 and closed.
    let mut socket = Socket::connect(t.server, path).await;
    let mut forged = json!({"type": "register", "customer_id": customer.principal.id});
    let ts = fresh_timestamp().to_string();
    forged["user_id"] = user.id.into();
    forged["timestamp"] = ts.into();
    forged["rand_str"] = "0123456789abcdef0123456789abcdef".into();
    socket.send(&forged).await;
    assert_token_error_then_closed(&mut socket).await;

    // A replayed signature: the first use passes, the second closes.
    let mut socket = Socket::connect(t.server, path).await;
    let mut signed = json!({"type": "lived"});
    for (k, v) in signature_at(&user, fresh_timestamp()) {
        signed[k] = v.into();
    }
    socket.send(&signed).await;
    assert_eq!(socket.recv().await["code"], 270);
    socket.send(&signed).await;
    assert_token_error_then_closed(&mut socket).await;

    // A frame signed by someone else than the owner: closed.
    let mut socket = t.radar_chat_socket(&user, customer.principal.id).await;
    socket.send_signed(&other, &json!({"type": "lived"})).await;
    assert_token_error_then_closed(&mut socket).await;

    // A customer's signature does not open a radar channel.
    let mut socket = Socket::connect(t.server, path).await;
    socket
        .send_signed(&customer.principal, &json!({"type": "lived"}))
        .await;
    assert_token_error_then_closed(&mut socket).await;

    // Not JSON: an error frame naming the problem, then closed.
    let mut socket = Socket::connect(t.server, path).await;
    socket.send(&json!("not an object")).await;
    let frames = socket.expect_closed().await;
    assert_eq!(frames[0]["code"], 400);
    assert!(
        frames[0]["msg"].as_str().unwrap().contains("JSON"),
        "{frames:?}"
    );
    assert_eq!(t.chat_rows().await.len(), 1, "only the greeting");
}

#[tokio::test]
async fn sockets_cannot_cross_tenants_or_reach_other_people() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let user_a = a.radar_user().await;
    let colleague = a.radar_user().await;
    let user_b = b.radar_user().await;
    let customer_a = a.related_customer(user_a.id).await;
    let other_customer = a.related_customer(user_a.id).await;
    let customer_b = b.related_customer(user_b.id).await;

    // Registering on, or writing to, a foreign pair is refused (302) and stores nothing.
    let mut mini = Socket::connect(
        a.server,
        "/zhugeleida/xiaochengxu/websocket/xiaochengxu_chat",
    )
    .await;
    mini.send_signed(
        &customer_a.principal,
        &json!({"type": "register", "u_id": user_b.id}),
    )
    .await;
    assert_eq!(mini.recv().await["code"], 302);
    mini.send_signed(
        &customer_a.principal,
        &json!({"u_id": user_b.id, "content": text_content("越界")}),
    )
    .await;
    assert_eq!(mini.recv().await["code"], 302);
    let mut radar_b = Socket::connect(b.server, "/zhugeleida/public/websocket/leida").await;
    radar_b
        .send_signed(
            &user_b,
            &json!({"type": "register", "customer_id": customer_a.principal.id}),
        )
        .await;
    assert_eq!(radar_b.recv().await["code"], 302);
    radar_b
        .send_signed(
            &user_b,
            &json!({"customer_id": customer_a.principal.id, "content": text_content("越界")}),
        )
        .await;
    assert_eq!(radar_b.recv().await["code"], 302);
    assert_eq!(a.chat_rows().await.len(), 2, "the two greetings");
    assert_eq!(b.chat_rows().await.len(), 1);

    // Pushes of A's pair reach neither A's other people nor B's.
    let mut radar_a = a.radar_chat_socket(&user_a, customer_a.principal.id).await;
    let mut colleague_badge = Socket::connect(
        a.server,
        "/zhugeleida/qiyeweixin/websocket/leida_query_info_num",
    )
    .await;
    colleague_badge
        .send_signed(&colleague, &json!({"type": "register"}))
        .await;
    colleague_badge.recv().await;
    let mut other_mini = a.customer_chat_socket(&other_customer, user_a.id).await;
    let mut b_mini = b.customer_chat_socket(&customer_b, user_b.id).await;
    let mut seed_path_mini =
        Socket::connect(a.server, "/zhugeleida/public/websocket/xiaochengxu").await;
    seed_path_mini
        .send_signed(
            &customer_a.principal,
            &json!({"type": "register", "u_id": user_a.id}),
        )
        .await;
    assert_eq!(seed_path_mini.recv().await["code"], 200);

    a.user_sends(&user_a, customer_a.principal.id, &text_content("只给你"))
        .await
        .ok();
    assert_eq!(pushed_msgs(&radar_a.recv().await), ["只给你"]);
    assert_eq!(pushed_msgs(&seed_path_mini.recv().await), ["只给你"]);
    // The same customer's socket that never registered a conversation gets nothing.
    mini.expect_silence(QUIET).await;
    colleague_badge.expect_silence(QUIET).await;
    other_mini.expect_silence(QUIET).await;
    b_mini.expect_silence(QUIET).await;
}
