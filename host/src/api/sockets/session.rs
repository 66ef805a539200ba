//! One connection's state and the rules every channel shares: each frame is
//! signed and verified through the one auth path, the first verified
//! principal owns the socket for good, keep-alives and `closed` are answered
//! the same way, and a frame with `content` is a chat message.

use super::protocol::{self, ClientFrame, Op};
use super::{customer, radar, Channel};
use crate::app::AppState;
use crate::http::envelope::{ApiError, ApiResult};
use crate::identity::Principal;
use crate::realtime::{Recipient, Signal, Subscription};
use serde_json::Value;

/// What to send back, and whether to close afterwards.
#[derive(Default)]
pub struct Reply {
    /// Frames, in order.
    pub frames: Vec<Value>,
    /// Close the connection after sending them.
    pub close: bool,
}

impl Reply {
    /// One frame, connection stays open.
    pub fn one(frame: Value) -> Reply {
        Reply {
            frames: vec![frame],
            close: false,
        }
    }

    /// One frame, then close.
    pub fn last(frame: Value) -> Reply {
        Reply {
            frames: vec![frame],
            close: true,
        }
    }

    /// Nothing to send.
    pub fn none() -> Reply {
        Reply::default()
    }
}

/// The state of one connection.
pub struct Session {
    /// Shared state.
    pub app: AppState,
    /// Which channel the client opened.
    pub channel: Channel,
    /// Who owns the socket: fixed by the first verified frame.
    pub me: Option<Principal>,
    /// The other side of the registered conversation (a customer on radar
    /// channels, a radar user on customer channels).
    pub peer: Option<i64>,
    /// The newest message of the conversation this socket has shown.
    pub last_shown: i64,
    /// Customer channels: the chat is on screen (`input`), so pushed
    /// messages count as read; `query_num` moves it off screen (`output`).
    pub on_screen: bool,
    /// Customer channels: how many `query_num` answers carried the phone.
    pub phone_answers: u8,
    /// The last unread count pushed, so a count is pushed only when it changes.
    pub last_count: Option<i64>,
}

impl Session {
    /// A fresh connection on `channel`.
    pub fn new(app: AppState, channel: Channel) -> Session {
        Session {
            app,
            channel,
            me: None,
            peer: None,
            last_shown: 0,
            on_screen: false,
            phone_answers: 0,
            last_count: None,
        }
    }

    /// Handles one text frame; subscribes `sub` to the owner's wake-ups once
    /// the first frame verifies (before acting on it, so a message the frame
    /// sends comes back to this socket too).
    pub async fn on_text(&mut self, text: &str, sub: &mut Option<Subscription>) -> Reply {
        let Some(frame) = protocol::parse(text) else {
            return Reply::last(protocol::error_frame(protocol::malformed()));
        };
        let me = match self.verify(&frame).await {
            Ok(me) => me,
            Err(e) => return Reply::last(protocol::error_frame(e)),
        };
        if sub.is_none() {
            *sub = Some(self.app.bus.hub().subscribe(recipient(&me)));
        }
        let Some(op) = frame.op else {
            return Reply::last(protocol::error_frame(protocol::unrecognised()));
        };
        let outcome = match op {
            Op::Lived => Ok(Reply::one(protocol::frame(270, "连接保持中"))),
            Op::Closed => Ok(Reply::last(protocol::frame(
                self.channel.closed_code(),
                "关闭连接成功",
            ))),
            _ if self.channel.is_radar() => radar::on_frame(self, me, op, &frame).await,
            _ => customer::on_frame(self, me, op, &frame).await,
        };
        // What was asked for may be refused; the socket stays usable.
        outcome.unwrap_or_else(|e| Reply::one(protocol::error_frame(e)))
    }

    /// Reacts to wake-ups: reads what changed and pushes it.
    pub async fn on_signals(&mut self, signals: &[Signal]) -> Reply {
        let Some(me) = self.me else {
            return Reply::none();
        };
        let outcome = if self.channel.is_radar() {
            radar::on_signals(self, me, signals).await
        } else {
            customer::on_signals(self, me, signals).await
        };
        outcome.unwrap_or_else(|e| Reply::last(protocol::error_frame(e)))
    }

    /// The frame's signature, through the one auth path (window, replay
    /// cache, account and company enabled); a frame signed by anyone but the
    /// socket's owner is refused.
    async fn verify(&mut self, frame: &ClientFrame) -> ApiResult<Principal> {
        let who = self
            .app
            .auth
            .verify(self.channel.kind(), &frame.fields.query)
            .await?;
        match self.me {
            Some(owner) if owner != who => Err(ApiError::bad_token()),
            Some(_) => Ok(who),
            None => {
                self.me = Some(who);
                Ok(who)
            }
        }
    }
}

/// Whose wake-ups a socket owned by `me` receives.
fn recipient(me: &Principal) -> Recipient {
    match me.kind {
        crate::identity::ClientKind::Customer => Recipient::Customer {
            company_id: me.company_id,
            customer_id: me.id,
        },
        _ => Recipient::User {
            company_id: me.company_id,
            user_id: me.id,
        },
    }
}
