//! Client of the WeCom server API (base URL configurable, so tests and
//! private gateways can stand in for qyapi.weixin.qq.com). The access token
//! and the JS-SDK ticket are cached per (CorpID, secret) until shortly
//! before they expire; a token WeCom calls expired is dropped and the call
//! retried once.

use crate::expiring_cache::ExpiringCache;
use serde_json::Value;
use std::time::Duration;

/// WeCom's answer when the access token has expired or is not (any longer) valid.
const TOKEN_REFUSED: [i64; 2] = [42001, 40014];
/// The lifetime WeCom documents, for a reply that omits `expires_in`.
const DEFAULT_LIFETIME_SECS: u64 = 7200;

/// A company's WeCom app: (CorpID, secret).
type Corp = (String, String);

/// The WeCom API client.
pub struct WeCom {
    http: reqwest::Client,
    base: String,
    tokens: ExpiringCache<Corp>,
    tickets: ExpiringCache<Corp>,
}

/// Why a WeCom call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WeComError {
    /// `gettoken` refused the CorpID or secret (e.g. 40013, 40001).
    #[error("WeCom refused the credentials: {code} {msg}")]
    Credentials { code: i64, msg: String },
    /// WeCom refused a call (e.g. 40029 invalid code).
    #[error("WeCom error {code}: {msg}")]
    Api { code: i64, msg: String },
    /// WeCom could not be reached or answered nonsense.
    #[error("WeCom unreachable: {0}")]
    Transport(String),
    /// The company has not configured its WeCom app.
    #[error("the company has no WeCom app")]
    NotConfigured,
}

impl WeCom {
    /// A client for the API at `base` (e.g. `https://qyapi.weixin.qq.com`).
    pub fn new(base: &str) -> WeCom {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(5))
            .build()
            .expect("building the HTTP client");
        WeCom {
            http,
            base: base.trim_end_matches('/').to_string(),
            tokens: ExpiringCache::default(),
            tickets: ExpiringCache::default(),
        }
    }

    /// The WeCom UserID behind an OAuth `code` (`user/getuserinfo`); `None`
    /// when the person is not a member of the corp (WeCom answers an OpenId).
    pub async fn user_id(
        &self,
        corp_id: &str,
        secret: &str,
        code: &str,
    ) -> Result<Option<String>, WeComError> {
        let corp = (corp_id.to_string(), secret.to_string());
        let reply = self
            .authorised(&corp, "/cgi-bin/user/getuserinfo", &[("code", code)])
            .await?;
        Ok(["UserId", "userid"]
            .iter()
            .find_map(|k| reply[*k].as_str())
            .filter(|id| !id.is_empty())
            .map(str::to_string))
    }

    /// The corp's JS-SDK ticket (`get_jsapi_ticket`), cached until it expires.
    pub async fn jsapi_ticket(&self, corp_id: &str, secret: &str) -> Result<String, WeComError> {
        let corp = (corp_id.to_string(), secret.to_string());
        self.tickets
            .get_or_fetch(&corp, || async {
                let reply = self
                    .authorised(&corp, "/cgi-bin/get_jsapi_ticket", &[])
                    .await?;
                let ticket = text(&reply, "ticket")?;
                Ok((ticket, lifetime(&reply)))
            })
            .await
    }

    /// The corp's access token (`gettoken`), cached until it expires.
    async fn access_token(&self, corp: &Corp) -> Result<String, WeComError> {
        self.tokens
            .get_or_fetch(corp, || async {
                let query = [("corpid", corp.0.as_str()), ("corpsecret", corp.1.as_str())];
                let reply = match self.call("/cgi-bin/gettoken", &query).await {
                    Err(WeComError::Api { code, msg }) => {
                        return Err(WeComError::Credentials { code, msg })
                    }
                    other => other?,
                };
                Ok((text(&reply, "access_token")?, lifetime(&reply)))
            })
            .await
    }

    /// Calls `path` with the corp's access token; when WeCom refuses the
    /// token, drops it and tries once more with a new one.
    async fn authorised(
        &self,
        corp: &Corp,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Value, WeComError> {
        let token = self.access_token(corp).await?;
        match self.call_with(path, &token, query).await {
            Err(WeComError::Api { code, .. }) if TOKEN_REFUSED.contains(&code) => {
                tracing::info!(
                    code,
                    path,
                    "WeCom refused the cached access token; renewing"
                );
                self.tokens.invalidate(corp, &token).await;
                let token = self.access_token(corp).await?;
                self.call_with(path, &token, query).await
            }
            other => other,
        }
    }

    async fn call_with(
        &self,
        path: &str,
        token: &str,
        query: &[(&str, &str)],
    ) -> Result<Value, WeComError> {
        let mut all = vec![("access_token", token)];
        all.extend_from_slice(query);
        self.call(path, &all).await
    }

    /// One GET; WeCom's `errcode` other than 0 is an [`WeComError::Api`].
    async fn call(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, WeComError> {
        let transport = |e: reqwest::Error| WeComError::Transport(format!("{path}: {e}"));
        let reply: Value = self
            .http
            .get(format!("{}{path}", self.base))
            .query(query)
            .send()
            .await
            .map_err(transport)?
            .json()
            .await
            .map_err(transport)?;
        match reply["errcode"].as_i64().unwrap_or(0) {
            0 => Ok(reply),
            code => Err(WeComError::Api {
                code,
                msg: reply["errmsg"].as_str().unwrap_or_default().to_string(),
            }),
        }
    }
}

/// A text field WeCom must have sent.
fn text(reply: &Value, name: &str) -> Result<String, WeComError> {
    reply[name]
        .as_str()
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .ok_or_else(|| WeComError::Transport(format!("reply without {name}")))
}

/// `expires_in` of a reply.
fn lifetime(reply: &Value) -> Duration {
    Duration::from_secs(
        reply["expires_in"]
            .as_u64()
            .unwrap_or(DEFAULT_LIFETIME_SECS),
    )
}
