//! The chat WebSocket channels. One task per connection
//! waits on two things at once: the client's next frame and the wake-ups of
//! the socket's owner. A wake-up carries no payload; the socket reads what
//! changed from the database and pushes it. Nothing polls; dropping the
//! connection drops its subscription.

mod customer;
mod protocol;
mod radar;
mod session;

use crate::app::AppState;
use crate::identity::ClientKind;
use crate::realtime::{Signal, Subscription};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use session::{Reply, Session};

/// Largest client frame and message accepted.
const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// Per-connection read and write buffers: small, as most sockets sit idle.
const BUFFER_BYTES: usize = 8 * 1024;

/// Which channel a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A radar user's conversation with one customer.
    RadarChat,
    /// A radar user's unread badge.
    RadarUnread,
    /// A radar user's contact list.
    RadarContacts,
    /// A customer's conversation with one radar user.
    CustomerChat {
        /// The public-account flavour (register 199, closed 300).
        public_account: bool,
    },
    /// A public-account customer's unread badge.
    PublicAccountUnread,
}

impl Channel {
    /// Whose signature the channel's frames carry.
    fn kind(self) -> ClientKind {
        if self.is_radar() {
            ClientKind::RadarUser
        } else {
            ClientKind::Customer
        }
    }

    /// Whether a radar user owns the channel.
    fn is_radar(self) -> bool {
        matches!(
            self,
            Channel::RadarChat | Channel::RadarUnread | Channel::RadarContacts
        )
    }

    /// The code answering `closed`: 300 on the conversation channels that
    /// register with 199, 200 elsewhere, as each client expects.
    fn closed_code(self) -> u16 {
        match self {
            Channel::RadarChat
            | Channel::CustomerChat {
                public_account: true,
            } => 300,
            _ => 200,
        }
    }
}

/// Routes of every chat channel, at the older paths and the later ones.
pub fn routes() -> Router<AppState> {
    let mini_program = Channel::CustomerChat {
        public_account: false,
    };
    let table = [
        ("/zhugeleida/public/websocket/leida", Channel::RadarChat),
        (
            "/zhugeleida/qiyeweixin/websocket/leida_chat",
            Channel::RadarChat,
        ),
        (
            "/zhugeleida/qiyeweixin/websocket/leida_query_info_num",
            Channel::RadarUnread,
        ),
        (
            "/zhugeleida/qiyeweixin/websocket/leida_query_contact_list",
            Channel::RadarContacts,
        ),
        ("/zhugeleida/public/websocket/xiaochengxu", mini_program),
        (
            "/zhugeleida/xiaochengxu/websocket/xiaochengxu_chat",
            mini_program,
        ),
        (
            "/zhugeleida/gongzhonghao/websocket/gongzhonghao_chat",
            Channel::CustomerChat {
                public_account: true,
            },
        ),
        (
            "/zhugeleida/gongzhonghao/websocket/gongzhonghao_query_info_num",
            Channel::PublicAccountUnread,
        ),
    ];
    table
        .into_iter()
        .fold(Router::new(), |router, (path, channel)| {
            router.route(
                path,
                get(move |ws: WebSocketUpgrade, State(app): State<AppState>| {
                    upgrade(ws, app, channel)
                }),
            )
        })
}

async fn upgrade(ws: WebSocketUpgrade, app: AppState, channel: Channel) -> Response {
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .read_buffer_size(BUFFER_BYTES)
        .write_buffer_size(BUFFER_BYTES)
        .on_upgrade(move |socket| serve(socket, app, channel))
}

/// The connection's one task.
async fn serve(mut ws: WebSocket, app: AppState, channel: Channel) {
    let mut session = Session::new(app, channel);
    let mut sub: Option<Subscription> = None;
    loop {
        let reply = tokio::select! {
            incoming = ws.recv() => match incoming {
                Some(Ok(Message::Text(text))) => session.on_text(text.as_str(), &mut sub).await,
                Some(Ok(Message::Binary(_))) => Reply::last(protocol::error_frame(protocol::malformed())),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
            },
            signals = next_signals(sub.as_ref()) => session.on_signals(&signals).await,
        };
        for frame in reply.frames {
            if ws.send(Message::text(frame.to_string())).await.is_err() {
                return;
            }
        }
        if reply.close {
            let _ = ws.send(Message::Close(None)).await;
            break;
        }
    }
}

/// The next wake-ups of the socket's owner; never, before the owner is known.
async fn next_signals(sub: Option<&Subscription>) -> Vec<Signal> {
    match sub {
        Some(sub) => sub.next().await,
        None => std::future::pending().await,
    }
}
