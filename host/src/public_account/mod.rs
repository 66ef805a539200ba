//! The company's WeChat public account (公众号): the share links that bring
//! customers to its web pages signed in, through WeChat's OAuth.

pub mod share_link;
pub mod sign_in;

use crate::store::companies::Company;
use crate::store::StoreError;
use crate::wechat::WeChatError;

/// Why a public-account customer cannot be signed in, or a page signed.
#[derive(Debug, thiserror::Error)]
pub enum PublicAccountError {
    /// The company has not configured its public account.
    #[error("the company has no public account")]
    NotConfigured,
    /// The OAuth code was exchanged before.
    #[error("the OAuth code was used before")]
    CodeUsed,
    /// WeChat refused the code or could not be reached.
    #[error(transparent)]
    WeChat(#[from] WeChatError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The company's public account (appid, secret), when it has configured one.
pub fn credentials(company: &Company) -> Result<(&str, &str), PublicAccountError> {
    match (
        company.public_account_appid.as_deref(),
        company.public_account_secret.as_deref(),
    ) {
        (Some(appid), Some(secret)) if !appid.is_empty() && !secret.is_empty() => {
            Ok((appid, secret))
        }
        _ => Err(PublicAccountError::NotConfigured),
    }
}
