//! `GET qiyeweixin/enterprise_weixin_sign`: the signature a page needs to use
//! the WeCom JS-SDK (`wx.config`), computed with the corp's jsapi ticket.

use crate::app::AppState;
use crate::http::caller::Caller;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::store::companies;
use crate::wecom::{corp_credentials, jssdk};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use rand::distributions::{Alphanumeric, DistString};
use serde_json::json;

/// Length of the random `nonceStr`.
const NONCE_CHARS: usize = 16;

/// Routes of the JS-SDK signature.
pub fn routes() -> Router<AppState> {
    Router::new().route("/zhugeleida/qiyeweixin/enterprise_weixin_sign", get(sign))
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
        return Err(ApiError::missing("url"));
    }
    let company = companies::get(&app.db, me.company_id)
        .await?
        .ok_or_else(ApiError::bad_token)?;
    let (corp_id, secret) = corp_credentials(&company)?;
    let ticket = app.wecom.jsapi_ticket(corp_id, secret).await?;
    let timestamp = crate::local_time::now_ms() / 1000;
    let nonce = Alphanumeric.sample_string(&mut rand::thread_rng(), NONCE_CHARS);
    Ok(Envelope::ok(json!({
        "signature": jssdk::signature(&ticket, &nonce, timestamp, url),
        "timestamp": timestamp,
        "nonceStr": nonce,
        "appId": corp_id,
    }))
    .msg("查询成功"))
}
