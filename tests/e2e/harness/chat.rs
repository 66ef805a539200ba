//! Fixtures of chat: sending and reading as either side over HTTP, sockets
//! registered on a conversation, the stored messages, and data encrypted
//! the way WeChat encrypts a phone number for the mini-program.

use super::database::Database;
use super::{params, Customer, Envelope, Principal, Socket, Tenant};
use aes::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use serde_json::{json, Value};
use sqlx::Row;

/// One stored message.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub user_id: i64,
    pub customer_id: i64,
    pub send_type: i64,
    /// The stored content, parsed.
    pub content: Value,
    pub user_unread: i64,
    pub customer_unread: i64,
}

/// Text content (`info_type` 1) as clients send it: serialised JSON.
pub fn text_content(msg: &str) -> String {
    json!({ "info_type": 1, "msg": msg }).to_string()
}

/// `plain` encrypted with AES-128-CBC and PKCS#7, as base64 (WeChat's `encryptedData`).
pub fn encrypt_for_wechat(key: &[u8; 16], iv: &[u8; 16], plain: &str) -> String {
    let bytes = cbc::Encryptor::<aes::Aes128>::new(key.into(), iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(plain.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Tenant {
    /// `POST qiyeweixin/chat/send_msg/0` by `user` to `customer_id`.
    pub async fn user_sends(&self, user: &Principal, customer_id: i64, content: &str) -> Envelope {
        self.client
            .post(
                "/zhugeleida/qiyeweixin/chat/send_msg/0",
                user,
                params!["customer_id" => customer_id, "content" => content, "send_type" => 1],
            )
            .await
    }

    /// `POST xiaochengxu/chat/send_msg/0` by `customer` to `u_id`.
    pub async fn customer_sends(&self, customer: &Customer, u_id: i64, content: &str) -> Envelope {
        self.client
            .post(
                "/zhugeleida/xiaochengxu/chat/send_msg/0",
                &customer.principal,
                params!["u_id" => u_id, "content" => content, "send_type" => 2],
            )
            .await
    }

    /// `GET qiyeweixin/chat` of `user` with `customer_id` (first page).
    pub async fn radar_history(&self, user: &Principal, customer_id: i64) -> Envelope {
        self.client
            .get(
                "/zhugeleida/qiyeweixin/chat",
                user,
                params!["customer_id" => customer_id],
            )
            .await
    }

    /// `GET xiaochengxu/chat` of `customer` with `u_id` (first page).
    pub async fn customer_history(&self, customer: &Customer, u_id: i64) -> Envelope {
        self.client
            .get(
                "/zhugeleida/xiaochengxu/chat",
                &customer.principal,
                params!["u_id" => u_id],
            )
            .await
    }

    /// The user's unread total (`chatinfo_count` of `qiyeweixin/contact/query_num`).
    pub async fn user_unread(&self, user: &Principal) -> i64 {
        let reply = self
            .client
            .get("/zhugeleida/qiyeweixin/contact/query_num", user, params![])
            .await;
        super::int(reply.ok(), "chatinfo_count")
    }

    /// The customer's unread count with `u_id` (`xiaochengxu/chat/query_num`).
    pub async fn customer_unread(&self, customer: &Customer, u_id: i64) -> i64 {
        let reply = self
            .client
            .get(
                "/zhugeleida/xiaochengxu/chat/query_num/0",
                &customer.principal,
                params!["u_id" => u_id],
            )
            .await;
        super::int(reply.ok(), "chatinfo_count")
    }

    /// `user`'s radar chat socket registered on `customer_id` (answered 199).
    pub async fn radar_chat_socket(&self, user: &Principal, customer_id: i64) -> Socket {
        let mut socket =
            Socket::connect(self.server, "/zhugeleida/qiyeweixin/websocket/leida_chat").await;
        socket
            .send_signed(
                user,
                &json!({"type": "register", "customer_id": customer_id}),
            )
            .await;
        let answer = socket.recv().await;
        assert_eq!(answer["code"], 199, "register: {answer}");
        socket
    }

    /// `customer`'s mini-program chat socket registered on `u_id` (answered 200).
    pub async fn customer_chat_socket(&self, customer: &Customer, u_id: i64) -> Socket {
        let mut socket = Socket::connect(
            self.server,
            "/zhugeleida/xiaochengxu/websocket/xiaochengxu_chat",
        )
        .await;
        socket
            .send_signed(
                &customer.principal,
                &json!({"type": "register", "u_id": u_id}),
            )
            .await;
        let answer = socket.recv().await;
        assert_eq!(answer["code"], 200, "register: {answer}");
        socket
    }

    /// Every message stored in this company, oldest first.
    pub async fn chat_rows(&self) -> Vec<ChatRow> {
        self.server.db.chat_rows(self.company_id).await
    }

    /// Sets the company's `shopping_type` (1: products only, no mall).
    pub async fn set_shopping_type(&self, shopping_type: i64) {
        self.server
            .db
            .execute(
                "UPDATE companies SET shopping_type = $1 WHERE id = $2",
                &[shopping_type, self.company_id],
            )
            .await;
    }

    /// The phone stored on the customer.
    pub async fn stored_phone(&self, customer_id: i64) -> String {
        let mut conn = self.server.db.connect().await;
        sqlx::query("SELECT phone FROM customers WHERE company_id = $1 AND id = $2")
            .bind(self.company_id)
            .bind(customer_id)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading the customer's phone: {e}"))
            .get(0)
    }
}

impl Database {
    /// Every message stored in `company_id`, oldest first.
    pub async fn chat_rows(&self, company_id: i64) -> Vec<ChatRow> {
        let mut conn = self.connect().await;
        sqlx::query(
            "SELECT user_id, customer_id, send_type, content, user_unread, customer_unread \
             FROM chat_messages WHERE company_id = $1 ORDER BY id",
        )
        .bind(company_id)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading chat messages: {e}"))
        .iter()
        .map(|r| ChatRow {
            user_id: r.get(0),
            customer_id: r.get(1),
            send_type: r.get(2),
            content: serde_json::from_str(&r.get::<String, _>(3)).unwrap_or(Value::Null),
            user_unread: r.get(4),
            customer_unread: r.get(5),
        })
        .collect()
    }

    /// Runs one statement with integer arguments (`$1`, `$2`, …).
    pub async fn execute(&self, sql: &str, args: &[i64]) {
        let mut conn = self.connect().await;
        let mut q = sqlx::query(sql);
        for a in args {
            q = q.bind(*a);
        }
        q.execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}
