//! The mini-program's access token (`cgi-bin/token`), cached per app until
//! shortly before it expires; one fetch at a time per app.

use super::{MiniApp, WeChat, WeChatError, TOKEN_REFUSED};
use serde::Deserialize;
use std::future::Future;
use std::time::Duration;

/// The lifetime WeChat documents, for a reply that omits `expires_in`.
const DEFAULT_LIFETIME_SECS: u64 = 7200;

#[derive(Deserialize)]
struct TokenReply {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    access_token: Option<String>,
    expires_in: Option<u64>,
}

impl WeChat {
    /// The app's access token, from the cache or fetched (then cached).
    pub async fn access_token(&self, appid: &str, secret: &str) -> Result<String, WeChatError> {
        let app: MiniApp = (appid.to_string(), secret.to_string());
        self.tokens
            .get_or_fetch(&app, || self.fetch_token(appid, secret))
            .await
    }

    /// Forgets `token` of the app (WeChat said it is no longer valid).
    pub async fn forget_token(&self, appid: &str, secret: &str, token: &str) {
        let app: MiniApp = (appid.to_string(), secret.to_string());
        self.tokens.invalidate(&app, token).await;
    }

    /// `call` with the app's access token; a token WeChat refuses is
    /// dropped and `call` retried once with a new one.
    pub(super) async fn with_token<T, F, Fut>(
        &self,
        appid: &str,
        secret: &str,
        call: F,
    ) -> Result<T, WeChatError>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T, WeChatError>>,
    {
        let token = self.access_token(appid, secret).await?;
        match call(token.clone()).await {
            Err(WeChatError::Api { code, .. }) if TOKEN_REFUSED.contains(&code) => {
                tracing::info!(
                    code,
                    appid,
                    "WeChat refused the cached access token; renewing"
                );
                self.forget_token(appid, secret, &token).await;
                call(self.access_token(appid, secret).await?).await
            }
            other => other,
        }
    }

    async fn fetch_token(
        &self,
        appid: &str,
        secret: &str,
    ) -> Result<(String, Duration), WeChatError> {
        let query = [
            ("grant_type", "client_credential"),
            ("appid", appid),
            ("secret", secret),
        ];
        let reply: TokenReply = self.get_json("/cgi-bin/token", &query).await?;
        match (reply.errcode, reply.access_token) {
            (0, Some(token)) if !token.is_empty() => {
                let secs = reply.expires_in.unwrap_or(DEFAULT_LIFETIME_SECS);
                Ok((token, Duration::from_secs(secs)))
            }
            (0, _) => Err(WeChatError::Transport("reply without access_token".into())),
            (code, _) => Err(WeChatError::Api {
                code,
                msg: reply.errmsg,
            }),
        }
    }
}
