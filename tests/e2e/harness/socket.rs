//! A real WebSocket client of a server's channels: sends JSON text frames
//! (signed like the clients sign them) and reads the JSON the server pushes.

use super::client::{fresh_timestamp, signature_at, Principal};
use super::Server;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for a frame it expects.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

/// One open connection.
pub struct Socket {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    url: String,
}

/// How a read ended when no JSON frame arrived.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// The server closed the connection (with this close code, if any).
    Closed(Option<u16>),
    /// Nothing arrived in time.
    Silent,
}

impl Socket {
    /// Opens `path` (e.g. `/zhugeleida/public/websocket/leida`) on `server`.
    pub async fn connect(server: &Server, path: &str) -> Socket {
        let url = format!("{}{path}", server.base_url.replacen("http://", "ws://", 1));
        let (ws, _) = tokio_tungstenite::connect_async(&url)
            .await
            .unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
        Socket { ws, url }
    }

    /// Sends `message` as a JSON text frame, unsigned.
    pub async fn send(&mut self, message: &Value) {
        self.ws
            .send(Message::text(message.to_string()))
            .await
            .unwrap_or_else(|e| panic!("sending to {}: {e}", self.url));
    }

    /// Sends `message` with `who`'s signature fields (`user_id`, `timestamp`,
    /// `rand_str`) added, as every client message carries them.
    pub async fn send_signed(&mut self, who: &Principal, message: &Value) {
        let mut message = message.clone();
        let object = message.as_object_mut().expect("a JSON object message");
        for (name, value) in signature_at(who, fresh_timestamp()) {
            object.insert(name, Value::String(value));
        }
        self.send(&message).await;
    }

    /// The next JSON frame, or how the connection ended within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Result<Value, Ended> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return Err(Ended::Silent),
                Ok(None) | Ok(Some(Err(_))) => return Err(Ended::Closed(None)),
                Ok(Some(Ok(frame))) => frame,
            };
            match frame {
                Message::Text(text) => {
                    return Ok(serde_json::from_str(&text)
                        .unwrap_or_else(|e| panic!("{} sent non-JSON {text:?}: {e}", self.url)))
                }
                Message::Close(close) => {
                    return Err(Ended::Closed(close.map(|c| u16::from(c.code))))
                }
                // Pings are answered by the library; binary frames are not part of the protocol.
                _ => continue,
            }
        }
    }

    /// The next JSON frame; panics when none arrives in [`FRAME_TIMEOUT`].
    pub async fn recv(&mut self) -> Value {
        self.next_within(FRAME_TIMEOUT)
            .await
            .unwrap_or_else(|ended| panic!("no frame from {}: {ended:?}", self.url))
    }

    /// Asserts that nothing arrives within `wait`.
    pub async fn expect_silence(&mut self, wait: Duration) {
        if let Ok(frame) = self.next_within(wait).await {
            panic!("{} pushed {frame} when nothing was due", self.url);
        }
    }

    /// Asserts that the server closes the connection (after any frames it
    /// still sends, which are returned).
    pub async fn expect_closed(&mut self) -> Vec<Value> {
        let mut frames = Vec::new();
        loop {
            match self.next_within(FRAME_TIMEOUT).await {
                Ok(frame) => frames.push(frame),
                Err(Ended::Closed(_)) => return frames,
                Err(Ended::Silent) => panic!("{} stayed open; frames: {frames:?}", self.url),
            }
        }
    }
}
