//! Enterprise WeChat (WeCom): the API client (configurable base URL, access
//! token and JS-SDK ticket cached until they expire) and a company's app
//! credentials. Pages sign with the WeChat JS-SDK's algorithm
//! (`wechat::jssdk`).

pub mod client;

pub use client::{WeCom, WeComError};

use crate::store::companies::Company;

/// The company's (CorpID, secret), when it has configured WeCom.
pub fn corp_credentials(company: &Company) -> Result<(&str, &str), WeComError> {
    match (company.corp_id.as_deref(), company.wecom_secret.as_deref()) {
        (Some(corp_id), Some(secret)) if !corp_id.is_empty() && !secret.is_empty() => {
            Ok((corp_id, secret))
        }
        _ => Err(WeComError::NotConfigured),
    }
}
