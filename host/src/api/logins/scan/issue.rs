//! `GET admin/open_qiyeweixin/web_scan_authorize_qrcode?company_id=N`
//! (unsigned, so limited first): a new one-time auth code and the QR image of the
//! company's WeCom OAuth URL that carries it.

use crate::app::{App, AppState};
use crate::auth::credentials::new_token;
use crate::http::envelope::{ApiError, ApiResult, Envelope};
use crate::http::fields::Fields;
use crate::local_time::now_ms;
use crate::qr_codes::render::qr_png;
use crate::scan_login::STATE_PREFIX;
use crate::store::companies;
use crate::store::scan_logins::{self, NewScanLogin};
use crate::store::stored_files::FileOwner;
use crate::wecom::corp_credentials;
use axum::extract::{ConnectInfo, State};
use serde_json::json;
use std::net::SocketAddr;

/// Where the QR images live, relative to the public root (the earlier system's directory).
const QR_DIR: &str = "statics/zhugeleida/imgs/qiyeweixin/webLogin";
/// WeCom's OAuth page, which the phone opens by scanning.
const AUTHORIZE_URL: &str = "https://open.weixin.qq.com/connect/oauth2/authorize";
/// The owner kind of the QR images in `stored_files`; the owner id is the code's row.
const OWNER_KIND: &str = "scan_login";

/// Issues a code for the company and answers it with its QR image.
pub async fn authorize_qrcode(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    fields: Fields,
) -> ApiResult {
    // First, so a flood costs neither queries nor files.
    if !app.scan_login.limiter.allow(peer.ip()) {
        return Err(ApiError::new(429, "生成二维码过于频繁,请稍后再试"));
    }
    let company_id = fields.required_int("company_id")?;
    let company = companies::get(&app.db, company_id)
        .await?
        .ok_or_else(|| ApiError::no_such("公司"))?;
    if company.status != 1 {
        return Err(ApiError::disabled());
    }
    let (corp_id, _) = corp_credentials(&company)?;
    let auth_code = new_auth_code();
    let url = authorize_url(corp_id, &app.public_url, company_id, &auth_code)?;
    let now = now_ms();
    let issued = scan_logins::issue(
        &app.db,
        NewScanLogin {
            code: &auth_code,
            company_id,
            now,
            expires_at: now + app.scan_login.expiry.as_millis() as i64,
            waiting_cap: app.scan_login.waiting_cap,
        },
    )
    .await?;
    let id = issued.ok_or_else(|| ApiError::new(429, "等待扫码的二维码过多,请稍后再试"))?;
    let auth_qrcode_url = match store_qr(&app, company_id, id, &url).await {
        Ok(path) => path,
        Err(e) => {
            scan_logins::forget(&app.db, company_id, id).await?;
            return Err(e);
        }
    };
    Ok(Envelope::ok(json!({
        "auth_qrcode_url": auth_qrcode_url,
        "auth_code": auth_code,
    }))
    .msg("生成二维码成功"))
}

/// A fresh 128-bit random code, laid out like the earlier system's uuids.
fn new_auth_code() -> String {
    let hex = new_token();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The WeCom OAuth URL that sends the phone back to the company's login
/// route with the code in `state` (WeCom wants the parameters in this order).
fn authorize_url(
    corp_id: &str,
    public_url: &str,
    company_id: i64,
    auth_code: &str,
) -> ApiResult<String> {
    let redirect = format!(
        "{}/zhugeleida/qiyeweixin/work_weixin_auth/{company_id}",
        public_url.trim_end_matches('/')
    );
    let state = format!("{STATE_PREFIX}{auth_code}");
    let query = [
        ("appid", corp_id),
        ("redirect_uri", &redirect),
        ("response_type", "code"),
        ("scope", "snsapi_base"),
        ("state", &state),
    ];
    let query = serde_urlencoded::to_string(query).map_err(ApiError::internal)?;
    Ok(format!("{AUTHORIZE_URL}?{query}#wechat_redirect"))
}

/// Renders and stores the QR image of `url` for code `id`; records its path.
async fn store_qr(app: &App, company_id: i64, id: i64, url: &str) -> ApiResult<String> {
    let png = qr_png(url).map_err(ApiError::internal)?;
    // Random, not derived from the code: the file name must not reveal it.
    let stem = format!("{:032x}", rand::random::<u128>());
    let owner = FileOwner {
        company_id,
        kind: OWNER_KIND,
        id,
    };
    let path = app.files.save(owner, None, QR_DIR, &stem, &png).await?;
    if let Err(e) = scan_logins::set_qr_path(&app.db, company_id, id, &path).await {
        app.files.discard(company_id, &path).await;
        return Err(e.into());
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_uuid_shaped_text() {
        let a = new_auth_code();
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(a.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_ne!(a, new_auth_code());
    }

    #[test]
    fn the_url_sends_the_phone_back_with_the_code() {
        let url = authorize_url("ww01", "https://leida.example/", 7, "abc-1").unwrap();
        assert_eq!(
            url,
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww01\
             &redirect_uri=https%3A%2F%2Fleida.example%2Fzhugeleida%2Fqiyeweixin%2Fwork_weixin_auth%2F7\
             &response_type=code&scope=snsapi_base&state=scan_code_web_login%7Cabc-1#wechat_redirect"
        );
    }
}
