//! The console's socket, `public/websocket/scan_code_web_login`: it asks about its auth code whenever it likes and is answered
//! from the store (201 waiting, 200 with the session once, 301 refused, 303
//! unknown or expired); when the code it waits on expires, or after one
//! expiry period without one, it gets 504. Nothing polls: each answer is one
//! read, and the only timer is the deadline.

use crate::app::{App, AppState};
use crate::http::envelope::{ApiResult, Envelope};
use crate::local_time::{datetime, now_ms};
use crate::store::scan_logins::{self, ScanState, Settled};
use crate::store::{companies, users};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;

/// The largest message a console sends is a query with a 36-character code.
const MAX_MESSAGE_BYTES: usize = 1024;

/// Upgrades to the scan-login socket.
pub async fn connect(State(app): State<AppState>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .read_buffer_size(4 * MAX_MESSAGE_BYTES)
        .write_buffer_size(0)
        .on_upgrade(move |socket| serve(app, socket))
}

/// A console message.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Incoming {
    Register,
    QueryLoginStatus { auth_code: String },
    Closed,
}

/// What the socket does after answering.
enum Next {
    /// Keep waiting, until this deadline at the latest.
    Wait(Instant),
    /// Close the connection.
    Close,
}

async fn serve(app: AppState, mut socket: WebSocket) {
    let mut deadline = Instant::now() + app.scan_login.expiry;
    loop {
        let message = tokio::select! {
            m = socket.recv() => m,
            _ = tokio::time::sleep_until(deadline) => {
                let timeout = Envelope::new(504, "等待超时,关闭长连接", json!({}));
                let _ = send(&mut socket, timeout).await;
                break;
            }
        };
        let text = match message {
            None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
            Some(Ok(Message::Text(text))) => text,
            // Pings are answered by the library.
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Binary(_))) => {
                let _ = send(&mut socket, malformed()).await;
                break;
            }
        };
        let (reply, next) = match serde_json::from_str::<Incoming>(&text) {
            // The parser's text is not echoed: it could carry what the client sent.
            Err(_) => (malformed(), Next::Close),
            Ok(incoming) => match answer(&app, incoming, deadline).await {
                Ok(answered) => answered,
                Err(e) => (e.into_frame(), Next::Close),
            },
        };
        if send(&mut socket, reply).await.is_err() {
            return;
        }
        match next {
            Next::Wait(until) => deadline = until,
            Next::Close => break,
        }
    }
    let _ = socket
        .send(Message::Close(Some(CloseFrame {
            code: axum::extract::ws::close_code::NORMAL,
            reason: "".into(),
        })))
        .await;
}

/// The reply to one message and what follows it.
async fn answer(app: &App, incoming: Incoming, deadline: Instant) -> ApiResult<(Envelope, Next)> {
    Ok(match incoming {
        Incoming::Register => (
            Envelope::new(200, "注册成功", json!({})),
            Next::Wait(deadline),
        ),
        Incoming::Closed => (Envelope::new(200, "已关闭连接", json!({})), Next::Close),
        Incoming::QueryLoginStatus { auth_code } => login_status(app, &auth_code).await?,
    })
}

/// Where the code stands; a settled code is taken (so it answers once).
async fn login_status(app: &App, auth_code: &str) -> ApiResult<(Envelope, Next)> {
    let now = now_ms();
    if let Some(settled) = scan_logins::take_settled(&app.db, auth_code, now).await? {
        if let Some(qr_path) = &settled.qr_path {
            app.files.discard(settled.company_id, qr_path).await;
        }
        let reply = match session(app, &settled).await? {
            Some(data) => Envelope::new(200, "登录成功", data),
            None => Envelope::new(301, "登录失败", json!({})),
        };
        return Ok((reply, Next::Close));
    }
    Ok(
        match scan_logins::waiting_until(&app.db, auth_code, now).await? {
            Some(expires_at) => {
                let left = Duration::from_millis(expires_at.saturating_sub(now).max(0) as u64);
                (
                    Envelope::new(201, "等待验证中", json!({})),
                    Next::Wait(Instant::now() + left),
                )
            }
            None => (
                Envelope::new(303, "Auth code已经失效", json!({})),
                Next::Close,
            ),
        },
    )
}

/// The session of a confirmed code's user, if they and their company are
/// still enabled, with the fields the console reads.
async fn session(app: &App, settled: &Settled) -> ApiResult<Option<Value>> {
    let (ScanState::Confirmed, Some(user_id)) = (settled.state, settled.user_id) else {
        return Ok(None);
    };
    let company_id = settled.company_id;
    let user = users::get(&app.db, company_id, user_id).await?;
    let company = companies::get(&app.db, company_id).await?;
    let (Some(user), Some(company)) = (user, company) else {
        return Ok(None);
    };
    if user.status != 1 || company.status != 1 {
        return Ok(None);
    }
    Ok(Some(json!({
        "user_id": user.id,
        "token": user.token,
        // A constant the console expects for radar users.
        "role_id": 1,
        "username": user.username,
        "avatar": user.avatar,
        "company_name": company.name,
        "company_id": company.id,
        "weChatQrCode": "",
        "state": "scan_code_web_login",
        "last_login_date": user.last_login_at.map(datetime),
    })))
}

/// The reply to a message that is not part of the protocol.
fn malformed() -> Envelope {
    Envelope::new(
        400,
        "消息格式错误: 须为含type的JSON对象, 终止连接",
        json!({}),
    )
}

async fn send(socket: &mut WebSocket, reply: Envelope) -> Result<(), axum::Error> {
    let text = serde_json::to_string(&reply).unwrap_or_default();
    socket.send(Message::Text(text.into())).await
}
