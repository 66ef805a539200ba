//! The public account's JS-SDK ticket (`cgi-bin/ticket/getticket`), fetched
//! with the app's access token and cached per app until shortly before it
//! expires, so signing a page costs no WeChat call.

use super::{checked, MiniApp, WeChat, WeChatError};
use serde::Deserialize;
use std::time::Duration;

/// The lifetime WeChat documents, for a reply that omits `expires_in`.
const DEFAULT_LIFETIME_SECS: u64 = 7200;

#[derive(Deserialize)]
struct TicketReply {
    #[serde(default)]
    ticket: String,
    expires_in: Option<u64>,
}

impl WeChat {
    /// The app's jsapi ticket, from the cache or fetched (then cached).
    pub async fn jsapi_ticket(&self, appid: &str, secret: &str) -> Result<String, WeChatError> {
        let app: MiniApp = (appid.to_string(), secret.to_string());
        self.tickets
            .get_or_fetch(&app, || self.fetch_ticket(appid, secret))
            .await
    }

    async fn fetch_ticket(
        &self,
        appid: &str,
        secret: &str,
    ) -> Result<(String, Duration), WeChatError> {
        let reply: TicketReply = self
            .with_token(appid, secret, |token| async move {
                let query = [("access_token", token.as_str()), ("type", "jsapi")];
                checked(self.get_json("/cgi-bin/ticket/getticket", &query).await?)
            })
            .await?;
        if reply.ticket.is_empty() {
            return Err(WeChatError::Transport("reply without ticket".into()));
        }
        let secs = reply.expires_in.unwrap_or(DEFAULT_LIFETIME_SECS);
        Ok((reply.ticket, Duration::from_secs(secs)))
    }
}
