//! Mini-program codes (`wxa/getwxacode`): an image of a page path that the
//! WeChat scanner opens in the mini-program.

use super::{transport, WeChat, WeChatError};
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::json;

/// The width in pixels the earlier system asked for.
const CODE_WIDTH: u32 = 430;

#[derive(Deserialize)]
struct ErrorReply {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

impl WeChat {
    /// The code image of `path` (`width` pixels wide), as WeChat sends it
    /// (JPEG or PNG bytes); WeChat answers errors as JSON instead.
    pub async fn wxacode(
        &self,
        token: &str,
        path: &str,
        width: u32,
    ) -> Result<Vec<u8>, WeChatError> {
        let reply = self
            .http
            .post(format!("{}/wxa/getwxacode", self.base))
            .query(&[("access_token", token)])
            .json(&json!({ "path": path, "width": width }))
            .send()
            .await
            .map_err(transport)?;
        let is_json = reply
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .is_some_and(|t| t.contains("json"));
        let status = reply.status();
        let body = reply.bytes().await.map_err(transport)?;
        if is_json || body.first() == Some(&b'{') {
            let error: ErrorReply = serde_json::from_slice(&body)
                .map_err(|e| WeChatError::Transport(format!("unreadable JSON reply: {e}")))?;
            return Err(match error.errcode {
                0 => WeChatError::Transport("JSON reply without an image".into()),
                code => WeChatError::Api {
                    code,
                    msg: error.errmsg,
                },
            });
        }
        if !status.is_success() || body.is_empty() {
            return Err(WeChatError::Transport(format!(
                "HTTP {status} without an image"
            )));
        }
        Ok(body.to_vec())
    }

    /// The app's code image of `path`, with the cached access token; a token
    /// WeChat refuses is dropped and the call retried once with a new one.
    pub async fn mini_program_code(
        &self,
        appid: &str,
        secret: &str,
        path: &str,
    ) -> Result<Vec<u8>, WeChatError> {
        self.with_token(appid, secret, |token| async move {
            self.wxacode(&token, path, CODE_WIDTH).await
        })
        .await
    }
}
