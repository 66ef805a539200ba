//! Share links: what a module hands out so that whoever opens it in WeChat
//! signs in to the company's public account and lands on one of its pages.
//!
//! A link is `{public}/zhugeleida/gongzhonghao/work_gongzhonghao_auth/redirect_share_url?share_url=A`,
//! where `A` is WeChat's OAuth authorize URL for the company's public
//! account, whose `redirect_uri` is the landing
//! `{public}/zhugeleida/gongzhonghao/work_gongzhonghao_auth?relate=R&page=P`.
//! `R` is the earlier system's `relate`: `key_value` pairs joined by `|`
//! (`article_id_3|pid_|level_1|uid_1|company_id_1`). The landing signs the
//! customer in and sends them on to `{pages}/{P}` with the pairs as query
//! parameters. The host writes `uid` and `company_id` itself, so a link
//! can only name a radar user of the company that made it.

use crate::settings::Settings;

/// Why a share link cannot be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// A key is not `[a-z][a-z_]*`, or a value not `[0-9A-Za-z]*`.
    #[error("share link parameter {0:?} is not allowed")]
    BadPair(String),
    /// The page is not a relative path of `[a-z0-9_/-]` segments.
    #[error("share link page {0:?} is not allowed")]
    BadPage(String),
    /// The `relate` text is not a list of `key_value` pairs.
    #[error("malformed relate {0:?}")]
    Malformed(String),
}

/// Keys the landing adds to the page's query itself (the session), so no
/// link may carry them.
pub const SESSION_KEYS: [&str; 2] = ["user_id", "token"];
/// The most pairs one link carries.
const MAX_PAIRS: usize = 16;
/// The longest key or value, in bytes.
const MAX_PART: usize = 32;

/// Where share links point, from the host's settings.
#[derive(Debug, Clone)]
pub struct ShareLinks {
    public_url: String,
    open_base: String,
    pages: String,
}

impl ShareLinks {
    /// The links of a host configured by `s`.
    pub fn new(s: &Settings) -> ShareLinks {
        ShareLinks {
            public_url: s.public_url.trim_end_matches('/').to_string(),
            open_base: s.wechat_open_base.trim_end_matches('/').to_string(),
            pages: s.public_account_pages.trim_end_matches('/').to_string(),
        }
    }

    /// The share link of `page` with `pairs`, for the public account `appid`.
    pub fn share_url(
        &self,
        appid: &str,
        page: &str,
        pairs: &[(String, String)],
    ) -> Result<String, LinkError> {
        check_page(page)?;
        let landing = format!(
            "{}?{}",
            self.landing_base(),
            encode(&[("relate", &relate_text(pairs)?), ("page", page)])
        );
        let authorize = format!(
            "{}?{}#wechat_redirect",
            self.authorize_base(),
            encode(&[
                ("appid", appid),
                ("redirect_uri", &landing),
                ("response_type", "code"),
                ("scope", "snsapi_userinfo"),
                ("state", "snsapi_userinfo"),
            ])
        );
        Ok(format!(
            "{}/zhugeleida/gongzhonghao/work_gongzhonghao_auth/redirect_share_url?{}",
            self.public_url,
            encode(&[("share_url", &authorize)])
        ))
    }

    /// Whether `url` is a WeChat OAuth authorize URL that sends the customer
    /// back to this host's landing: the only place `redirect_share_url`
    /// sends anyone, so it is no open redirect, not even through WeChat.
    pub fn is_authorize_url(&self, url: &str) -> bool {
        let Some(query) = url
            .strip_prefix(&self.authorize_base())
            .and_then(|rest| rest.strip_prefix('?'))
        else {
            return false;
        };
        let query = query.split('#').next().unwrap_or_default();
        let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(query) else {
            return false;
        };
        let landing = format!("{}?", self.landing_base());
        pairs
            .iter()
            .any(|(k, v)| k == "redirect_uri" && v.starts_with(&landing))
    }

    fn landing_base(&self) -> String {
        format!(
            "{}/zhugeleida/gongzhonghao/work_gongzhonghao_auth",
            self.public_url
        )
    }

    /// Where the landing sends a signed-in customer: `page` under the
    /// public-account pages, with `query` (the link's pairs and the session).
    pub fn page_url(&self, page: &str, query: &[(&str, &str)]) -> Result<String, LinkError> {
        check_page(page)?;
        Ok(format!("{}/{page}?{}", self.pages, encode(query)))
    }

    fn authorize_base(&self) -> String {
        format!("{}/connect/oauth2/authorize", self.open_base)
    }
}

/// `relate` text of `pairs`.
pub fn relate_text(pairs: &[(String, String)]) -> Result<String, LinkError> {
    if pairs.len() > MAX_PAIRS {
        return Err(LinkError::BadPair(format!("{} pairs", pairs.len())));
    }
    check_keys(pairs).map_err(LinkError::BadPair)?;
    let mut parts = Vec::with_capacity(pairs.len());
    for (key, value) in pairs {
        if !valid_key(key) || !valid_value(value) {
            return Err(LinkError::BadPair(format!("{key}={value}")));
        }
        parts.push(format!("{key}_{value}"));
    }
    Ok(parts.join("|"))
}

/// The pairs of a `relate` text; a value is what follows a pair's last `_`.
pub fn parse_relate(text: &str) -> Result<Vec<(String, String)>, LinkError> {
    let malformed = || LinkError::Malformed(text.chars().take(200).collect());
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let pairs: Vec<(String, String)> = text
        .split('|')
        .map(|part| {
            let (key, value) = part.rsplit_once('_').ok_or_else(malformed)?;
            if valid_key(key) && valid_value(value) {
                Ok((key.to_string(), value.to_string()))
            } else {
                Err(malformed())
            }
        })
        .collect::<Result<_, _>>()?;
    if pairs.len() > MAX_PAIRS || check_keys(&pairs).is_err() {
        return Err(malformed());
    }
    Ok(pairs)
}

/// Each key once, and none of the session's.
fn check_keys(pairs: &[(String, String)]) -> Result<(), String> {
    let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if let Some(w) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("{} twice", w[0]));
    }
    match keys.iter().find(|k| SESSION_KEYS.contains(k)) {
        Some(k) => Err(format!("{k} is the session's")),
        None => Ok(()),
    }
}

fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= MAX_PART
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c == '_')
        && !key.ends_with('_')
}

fn valid_value(value: &str) -> bool {
    value.len() <= MAX_PART && value.chars().all(|c| c.is_ascii_alphanumeric())
}

fn check_page(page: &str) -> Result<(), LinkError> {
    let ok = !page.is_empty()
        && page.len() <= 64
        && page.split('/').all(|segment| {
            !segment.is_empty()
                && segment != ".."
                && segment
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-".contains(c))
        });
    if ok {
        Ok(())
    } else {
        Err(LinkError::BadPage(page.chars().take(80).collect()))
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("string pairs always encode")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> ShareLinks {
        let mut s = Settings::new("/tmp/unused", "http://host.test/");
        s.wechat_open_base = "http://open.test".into();
        s.public_account_pages = "http://pages.test/h5".into();
        ShareLinks::new(&s)
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn relate_round_trips_with_empty_values() {
        let p = pairs(&[
            ("article_id", "3"),
            ("pid", ""),
            ("level", "1"),
            ("company_id", "9"),
        ]);
        let text = relate_text(&p).unwrap();
        assert_eq!(text, "article_id_3|pid_|level_1|company_id_9");
        assert_eq!(parse_relate(&text).unwrap(), p);
    }

    #[test]
    fn bad_keys_values_and_pages_are_refused() {
        assert!(relate_text(&pairs(&[("uid", "1|x")])).is_err());
        assert!(relate_text(&pairs(&[("Uid", "1")])).is_err());
        assert!(parse_relate("article-3").is_err());
        assert!(parse_relate("article_id_3|").is_err());
        assert!(parse_relate("uid_1|uid_2").is_err());
        assert!(parse_relate("uid_1|token_abc").is_err());
        assert!(relate_text(&pairs(&[("user_id", "9")])).is_err());
        assert!(links().share_url("wx1", "../x", &[]).is_err());
        assert!(links().page_url("a//b", &[]).is_err());
    }

    #[test]
    fn the_share_url_nests_the_landing_in_the_authorize_url() {
        let l = links();
        let url = l
            .share_url(
                "wxA",
                "article",
                &pairs(&[("article_id", "3"), ("uid", "1")]),
            )
            .unwrap();
        let (head, query) = url.split_once('?').unwrap();
        assert_eq!(
            head,
            "http://host.test/zhugeleida/gongzhonghao/work_gongzhonghao_auth/redirect_share_url"
        );
        let outer: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
        let authorize = &outer[0].1;
        assert!(l.is_authorize_url(authorize), "{authorize}");
        let (_, aq) = authorize
            .trim_end_matches("#wechat_redirect")
            .split_once('?')
            .unwrap();
        let inner: std::collections::HashMap<String, String> =
            serde_urlencoded::from_str(aq).unwrap();
        assert_eq!(inner["appid"], "wxA");
        let landing = &inner["redirect_uri"];
        let (path, lq) = landing.split_once('?').unwrap();
        assert_eq!(
            path,
            "http://host.test/zhugeleida/gongzhonghao/work_gongzhonghao_auth"
        );
        let lq: std::collections::HashMap<String, String> = serde_urlencoded::from_str(lq).unwrap();
        assert_eq!(lq["relate"], "article_id_3|uid_1");
        assert_eq!(lq["page"], "article");
        assert!(!l.is_authorize_url("http://evil.test/connect/oauth2/authorize?x=1"));
        assert!(!l.is_authorize_url("http://open.test/connect/oauth2/authorizeX?x"));
        // WeChat's page, but sending the customer on to someone else.
        let elsewhere = format!(
            "http://open.test/connect/oauth2/authorize?{}",
            encode(&[
                ("appid", "wxA"),
                ("redirect_uri", "http://evil.test/x?relate=a")
            ])
        );
        assert!(!l.is_authorize_url(&elsewhere));
    }
}
