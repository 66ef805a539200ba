//! `GET qiyeweixin/enterprise_weixin_sign`: the signature a page needs to use
//! the WeCom JS-SDK (`wx.config`), computed with the corp's jsapi ticket.

use super::corp_credentials;
use crate::app::AppState;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::store::companies;
use axum::extract::State;
use rand::distributions::{Alphanumeric, DistString};
use serde_json::json;
use sha1::{Digest, Sha1};

/// Length of the random `nonceStr`.
const NONCE_CHARS: usize = 16;

/// The JS-SDK signature: SHA-1 hex of
/// `jsapi_ticket={t}&noncestr={n}&timestamp={ts}&url={url}`.
pub fn signature(ticket: &str, nonce: &str, timestamp: i64, url: &str) -> String {
    let plain = format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={url}");
    hex::encode(Sha1::digest(plain.as_bytes()))
}

/// Answers `{signature, timestamp, nonceStr, appId}` for the page `url`.
pub async fn sign(State(app): State<AppState>, Caller(me): Caller, fields: Fields) -> ApiResult {
    // WeCom signs the page address without its fragment.
    let url = fields
        .required("url")?
        .split('#')
        .next()
        .unwrap_or_default();
    if url.is_empty() {
        return Err(ApiError::bad_form("url: 该字段是必填项"));
    }
    let company = companies::get(&app.db, me.company_id)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    let (corp_id, secret) = corp_credentials(&company)?;
    let ticket = app.wecom.jsapi_ticket(corp_id, secret).await?;
    let timestamp = crate::local_time::now_ms() / 1000;
    let nonce = Alphanumeric.sample_string(&mut rand::thread_rng(), NONCE_CHARS);
    Ok(Envelope::ok(json!({
        "signature": signature(&ticket, &nonce, timestamp, url),
        "timestamp": timestamp,
        "nonceStr": nonce,
        "appId": corp_id,
    }))
    .msg("查询成功"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_documented_example() {
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        assert_eq!(
            signature(
                ticket,
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value"
            ),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
        );
    }
}
