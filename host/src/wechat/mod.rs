//! Client of the WeChat API (base URL configurable, so tests and private
//! gateways can stand in for api.weixin.qq.com): mini-program logins and
//! codes, the public account's web OAuth and JS-SDK ticket, and the access
//! token both kinds of app share (cached per app).

pub mod jssdk;
mod oauth;
mod ticket;
mod token;
mod wxacode;

pub use oauth::{OAuthGrant, UserInfo};

use crate::expiring_cache::ExpiringCache;
use serde::Deserialize;
use std::time::Duration;

/// A mini-program or public account: (appid, secret).
type MiniApp = (String, String);

/// WeChat's answers when the access token has expired or is not valid.
const TOKEN_REFUSED: [i64; 2] = [40001, 42001];

/// The WeChat API client.
pub struct WeChat {
    http: reqwest::Client,
    base: String,
    tokens: ExpiringCache<MiniApp>,
    tickets: ExpiringCache<MiniApp>,
}

/// What `jscode2session` returns for a valid login code.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// The user's id within this mini-program.
    pub openid: String,
    /// The key that decrypts data the client sends later.
    pub session_key: String,
}

/// Why a WeChat call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WeChatError {
    /// WeChat answered with an error code (e.g. 40029 invalid code).
    #[error("WeChat error {code}: {msg}")]
    Api { code: i64, msg: String },
    /// WeChat could not be reached or answered nonsense.
    #[error("WeChat unreachable: {0}")]
    Transport(String),
}

#[derive(Deserialize)]
struct Reply {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    openid: Option<String>,
    session_key: Option<String>,
}

impl WeChat {
    /// A client for the API at `base` (e.g. `https://api.weixin.qq.com`).
    pub fn new(base: &str) -> WeChat {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("building the HTTP client");
        WeChat {
            http,
            base: base.trim_end_matches('/').to_string(),
            tokens: ExpiringCache::default(),
            tickets: ExpiringCache::default(),
        }
    }

    /// Exchanges a mini-program login code for the user's openid and session key.
    pub async fn code_to_session(
        &self,
        appid: &str,
        secret: &str,
        code: &str,
    ) -> Result<Session, WeChatError> {
        let query = [
            ("appid", appid),
            ("secret", secret),
            ("js_code", code),
            ("grant_type", "authorization_code"),
        ];
        let reply: Reply = self.get_json("/sns/jscode2session", &query).await?;
        match (reply.errcode, reply.openid, reply.session_key) {
            (0, Some(openid), Some(session_key)) => Ok(Session {
                openid,
                session_key,
            }),
            (0, _, _) => Err(WeChatError::Transport("reply without openid".into())),
            (code, _, _) => Err(WeChatError::Api {
                code,
                msg: reply.errmsg,
            }),
        }
    }
}

/// A request that failed on the way, or a reply that could not be read.
impl WeChat {
    /// `GET {base}{path}?{query}` read as JSON.
    async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, WeChatError> {
        self.http
            .get(format!("{}{path}", self.base))
            .query(query)
            .send()
            .await
            .map_err(transport)?
            .json()
            .await
            .map_err(transport)
    }
}

/// The URL is left out: its query carries the app secret.
fn transport(e: reqwest::Error) -> WeChatError {
    WeChatError::Transport(e.without_url().to_string())
}

/// A JSON reply read as `T`, or WeChat's error when its `errcode` is not 0.
fn checked<T: serde::de::DeserializeOwned>(reply: serde_json::Value) -> Result<T, WeChatError> {
    match reply["errcode"].as_i64().unwrap_or(0) {
        0 => serde_json::from_value(reply)
            .map_err(|e| WeChatError::Transport(format!("unexpected reply: {e}"))),
        code => Err(WeChatError::Api {
            code,
            msg: reply["errmsg"].as_str().unwrap_or_default().to_string(),
        }),
    }
}
