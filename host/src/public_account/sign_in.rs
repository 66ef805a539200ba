//! Signing in the customer a share link brought: the OAuth code (accepted
//! once) is exchanged for their openid and, when granted, their profile;
//! the customer of that openid is found or created with it.

use super::PublicAccountError;
use crate::auth::credentials::new_token;
use crate::db::Db;
use crate::store::customers::{self, AuthorisedProfile, Customer};
use crate::store::login_codes;
use crate::wechat::{UserInfo, WeChat, WeChatError};

/// The avatar of a customer without one.
const DEFAULT_AVATAR: &str = "statics/imgs/Avator.jpg";

/// The customer of the company's public account (`appid`, `secret`) whose
/// approval in WeChat yielded `code`. A code is accepted once; one WeChat
/// refused is released, so the customer may retry it, and writes nothing.
pub async fn sign_in(
    db: &Db,
    wechat: &WeChat,
    company_id: i64,
    (appid, secret): (&str, &str),
    code: &str,
) -> Result<Customer, PublicAccountError> {
    // Namespaced: every kind of login code shares the table of used codes.
    let claimed = format!("public_account:{code}");
    if !login_codes::claim(db, &claimed).await? {
        return Err(PublicAccountError::CodeUsed);
    }
    let (openid, info) = match exchange(wechat, appid, secret, code).await {
        Ok(found) => found,
        Err(e) => {
            login_codes::release(db, &claimed).await?;
            tracing::warn!(company_id, error = %e, "public-account login refused by WeChat");
            return Err(e.into());
        }
    };
    let profile = info.as_ref().map(|i| AuthorisedProfile {
        username: &i.nickname,
        headimgurl: if i.headimgurl.is_empty() {
            DEFAULT_AVATAR
        } else {
            &i.headimgurl
        },
        sex: if (0..=2).contains(&i.sex) { i.sex } else { 0 },
        country: &i.country,
        province: &i.province,
        city: &i.city,
        language: "",
    });
    Ok(
        customers::upsert_public_account(db, company_id, &openid, &new_token(), profile.as_ref())
            .await?,
    )
}

/// The openid behind `code`, and the profile when the customer granted it.
async fn exchange(
    wechat: &WeChat,
    appid: &str,
    secret: &str,
    code: &str,
) -> Result<(String, Option<UserInfo>), WeChatError> {
    let grant = wechat.oauth_access_token(appid, secret, code).await?;
    let info = if grant.allows_user_info() {
        Some(wechat.user_info(&grant.access_token, &grant.openid).await?)
    } else {
        None
    };
    Ok((grant.openid, info))
}
