//! Enterprise WeChat (WeCom): the API client (configurable base URL, access
//! token and JS-SDK ticket cached until they expire) and the endpoints that
//! use it.

pub mod client;
pub mod jssdk;

pub use client::{WeCom, WeComError};

use crate::app::AppState;
use crate::http::envelope::{ApiError, ApiResult};
use crate::logins;
use crate::store::companies::Company;
use axum::routing::get;
use axum::Router;

/// Routes of the WeCom endpoints.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/zhugeleida/qiyeweixin/work_weixin_auth/{company_id}",
            get(logins::wecom::login),
        )
        .route(
            "/zhugeleida/qiyeweixin/enterprise_weixin_sign",
            get(jssdk::sign),
        )
}

/// The company's (CorpID, secret); 301 when it has not configured WeCom.
pub fn corp_credentials(company: &Company) -> ApiResult<(&str, &str)> {
    match (company.corp_id.as_deref(), company.wecom_secret.as_deref()) {
        (Some(corp_id), Some(secret)) if !corp_id.is_empty() && !secret.is_empty() => {
            Ok((corp_id, secret))
        }
        _ => Err(ApiError::new(301, "该公司未配置企业微信")),
    }
}
