//! Two `leida serve` processes on one database: with `--bus redis://…` a
//! message stored through one host is pushed by the other to the sockets
//! connected there; without a bus it is not (the control that shows the bus
//! carries it). The bus test needs `LEIDA_TEST_REDIS_URL` (`.ci/run` sets
//! it): without it the test says it skipped on the terminal, and fails
//! where `CI` is set; the control needs no Redis and always runs.

use crate::harness::{
    params, setting_or_skip, Customer, Principal, Server, ServerConfig, Socket, Tenant,
};
use serde_json::{json, Value};
use std::time::Duration;

const RADAR_CHANNEL: &str = "/zhugeleida/public/websocket/leida";
const MINI_PROGRAM_CHANNEL: &str = "/zhugeleida/public/websocket/xiaochengxu";

/// Host A with a company, a salesperson and a related customer, and host B
/// beside it on the same database.
async fn two_hosts(bus: Option<String>) -> (Tenant, Server, Principal, Customer) {
    let config = ServerConfig {
        bus,
        ..ServerConfig::default()
    };
    let a: &'static Server = Box::leak(Box::new(Server::start(&config)));
    let b = Server::start_beside(a, &config);
    let tenant = Tenant::new(a).await;
    let user = tenant.radar_user().await;
    let customer = tenant.related_customer(user.id).await;
    (tenant, b, user, customer)
}

/// The salesperson's conversation socket with `customer`, registered.
async fn radar_socket(host: &Server, user: &Principal, customer: &Customer) -> Socket {
    let mut socket = Socket::connect(host, RADAR_CHANNEL).await;
    socket
        .send_signed(
            user,
            &json!({"type": "register", "customer_id": customer.principal.id.to_string()}),
        )
        .await;
    let reply = socket.recv().await;
    assert_eq!(reply["code"], 199, "register: {reply}");
    socket
}

/// The customer's mini-program socket towards `user`, registered.
async fn customer_socket(host: &Server, customer: &Customer, user: &Principal) -> Socket {
    let mut socket = Socket::connect(host, MINI_PROGRAM_CHANNEL).await;
    socket
        .send_signed(
            &customer.principal,
            &json!({"type": "register", "u_id": user.id.to_string()}),
        )
        .await;
    let reply = socket.recv().await;
    assert_eq!(reply["code"], 200, "register: {reply}");
    socket
}

fn text(msg: &str) -> String {
    json!({"info_type": 1, "msg": msg}).to_string()
}

/// The texts of a push's `ret_data`.
fn pushed_texts(push: &Value) -> Vec<String> {
    assert_eq!(push["code"], 200, "a message push: {push}");
    push["data"]["ret_data"]
        .as_array()
        .unwrap_or_else(|| panic!("ret_data in {push}"))
        .iter()
        .map(|m| m["msg"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_message_stored_through_one_host_is_pushed_by_the_other() {
    let Some(bus) = setting_or_skip(
        "LEIDA_TEST_REDIS_URL",
        "cross_host::a_message_stored_through_one_host_is_pushed_by_the_other",
    ) else {
        return;
    };
    let (tenant, b, user, customer) = two_hosts(Some(bus)).await;
    let mut radar_on_b = radar_socket(&b, &user, &customer).await;
    let mut customer_on_a = customer_socket(tenant.server, &customer, &user).await;

    // Customer → salesperson: HTTP on host A, push from host B.
    tenant
        .client
        .post(
            "/zhugeleida/xiaochengxu/chat/send_msg/0",
            &customer.principal,
            params!["u_id" => user.id, "content" => text("从A发出")],
        )
        .await
        .ok();
    until_pushed(&mut radar_on_b, "从A发出").await;

    // Salesperson → customer: over the socket on host B, push from host A.
    radar_on_b
        .send_signed(
            &user,
            &json!({
                "user_id": user.id.to_string(),
                "customer_id": customer.principal.id.to_string(),
                "content": text("从B回复"),
            }),
        )
        .await;
    until_pushed(&mut customer_on_a, "从B回复").await;
}

/// Reads frames until a message push carries `msg`. Other frames may come
/// first and are passed over: the customer's socket registering on the other
/// host tells the salesperson "read" (202), and that wake-up races the message.
async fn until_pushed(socket: &mut Socket, msg: &str) {
    loop {
        let frame = socket.recv().await;
        if frame["data"]["ret_data"].is_array() && pushed_texts(&frame).iter().any(|m| m == msg) {
            return;
        }
    }
}

#[tokio::test]
async fn without_a_bus_the_other_host_does_not_push() {
    let (tenant, b, user, customer) = two_hosts(None).await;
    let mut radar_on_b = radar_socket(&b, &user, &customer).await;
    tenant
        .client
        .post(
            "/zhugeleida/xiaochengxu/chat/send_msg/0",
            &customer.principal,
            params!["u_id" => user.id, "content" => text("只在A")],
        )
        .await
        .ok();
    radar_on_b.expect_silence(Duration::from_secs(2)).await;
    // The message is stored all the same: host B's history has it.
    let history = b
        .client()
        .get(
            "/zhugeleida/qiyeweixin/chat",
            &user,
            params!["customer_id" => customer.principal.id],
        )
        .await;
    assert!(
        history.body.to_string().contains("只在A"),
        "{:?}",
        history.body
    );
}
