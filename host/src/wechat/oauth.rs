//! The public account's web OAuth: the code a customer's approval yields is
//! exchanged for their openid (`sns/oauth2/access_token`) and, when they
//! granted it, for their profile (`sns/userinfo`).

use super::{checked, WeChat, WeChatError};
use serde::Deserialize;
use serde_json::Value;

/// The scope that lets the host read the customer's profile.
const USER_INFO_SCOPE: &str = "snsapi_userinfo";

/// What an OAuth code is exchanged for.
#[derive(Debug, Clone, Deserialize)]
pub struct OAuthGrant {
    /// The web access token (for `sns/userinfo` only, not the app's token).
    pub access_token: String,
    /// The customer's id within this public account.
    pub openid: String,
    /// The scopes the customer granted, comma-separated.
    #[serde(default)]
    pub scope: String,
}

impl OAuthGrant {
    /// Whether the customer granted their profile.
    pub fn allows_user_info(&self) -> bool {
        self.scope.split(',').any(|s| s.trim() == USER_INFO_SCOPE)
    }
}

/// The profile a customer granted, as WeChat sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserInfo {
    /// The WeChat nickname.
    #[serde(default)]
    pub nickname: String,
    /// 1 male, 2 female, 0 unknown.
    #[serde(default)]
    pub sex: i64,
    /// Province, as WeChat names it.
    #[serde(default)]
    pub province: String,
    /// City, as WeChat names it.
    #[serde(default)]
    pub city: String,
    /// Country, as WeChat names it.
    #[serde(default)]
    pub country: String,
    /// The avatar URL (empty when the customer has none).
    #[serde(default)]
    pub headimgurl: String,
}

impl WeChat {
    /// Exchanges the public account's OAuth `code` for the customer's
    /// openid, the scopes they granted and a web access token.
    pub async fn oauth_access_token(
        &self,
        appid: &str,
        secret: &str,
        code: &str,
    ) -> Result<OAuthGrant, WeChatError> {
        let query = [
            ("appid", appid),
            ("secret", secret),
            ("code", code),
            ("grant_type", "authorization_code"),
        ];
        let reply: Value = self.get_json("/sns/oauth2/access_token", &query).await?;
        let grant: OAuthGrant = checked(reply)?;
        if grant.openid.is_empty() || grant.access_token.is_empty() {
            return Err(WeChatError::Transport("reply without openid".into()));
        }
        Ok(grant)
    }

    /// The profile of `openid`, with the web access token of its grant.
    pub async fn user_info(
        &self,
        access_token: &str,
        openid: &str,
    ) -> Result<UserInfo, WeChatError> {
        let query = [
            ("access_token", access_token),
            ("openid", openid),
            ("lang", "zh_CN"),
        ];
        checked(self.get_json("/sns/userinfo", &query).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_scope_names_the_profile_grant() {
        let grant = |scope: &str| OAuthGrant {
            access_token: "t".into(),
            openid: "o".into(),
            scope: scope.into(),
        };
        assert!(grant("snsapi_userinfo").allows_user_info());
        assert!(grant("snsapi_base, snsapi_userinfo").allows_user_info());
        assert!(!grant("snsapi_base").allows_user_info());
        assert!(!grant("").allows_user_info());
    }

    #[test]
    fn replies_are_read_or_refused_by_errcode() {
        let info: UserInfo = checked(json!({
            "openid": "o", "nickname": "张三", "sex": 1, "city": "深圳",
            "privilege": [], "headimgurl": "http://img.test/a"
        }))
        .unwrap();
        assert_eq!((info.nickname.as_str(), info.sex), ("张三", 1));
        assert_eq!(info.province, "");
        let refused = checked::<UserInfo>(json!({"errcode": 40029, "errmsg": "invalid code"}));
        assert!(
            matches!(refused, Err(WeChatError::Api { code: 40029, ref msg }) if msg == "invalid code")
        );
        let garbled = checked::<OAuthGrant>(json!({"openid": 3}));
        assert!(matches!(garbled, Err(WeChatError::Transport(_))));
    }
}
