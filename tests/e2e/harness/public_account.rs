//! Fixtures of the public account (公众号): a company's public account known
//! to the fake WeChat, share links written the way the host writes them,
//! and a customer following one through WeChat's OAuth to the page it
//! lands on, without following redirects (each hop is checked).

use super::database::Database;
use super::fake_wechat::WeChatProfile;
use super::server::read_log;
use super::{params, unique, Envelope, FakeWechat, Principal, Server, Tenant};
use serde_json::Value;
use sqlx::Row;

/// The landing's path: WeChat's OAuth sends the approving customer here.
pub const LANDING: &str = "/zhugeleida/gongzhonghao/work_gongzhonghao_auth";
/// The path a share link opens first; it redirects to WeChat's OAuth page.
pub const REDIRECT_SHARE_URL: &str =
    "/zhugeleida/gongzhonghao/work_gongzhonghao_auth/redirect_share_url";
/// The public account's JS-SDK signature, for radar users.
pub const SHARE_SIGN: &str = "/zhugeleida/qiyeweixin/work_weixin_auth/gongzhonghao_share_sign";

/// A company's public account as registered in the fake and set with
/// `company set-public-account`.
#[derive(Debug, Clone)]
pub struct PublicAccount {
    /// The AppID (the JS-SDK `appId`).
    pub appid: String,
    /// The AppSecret.
    pub secret: String,
}

/// One answer of the server, redirects not followed.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Method and URL, for failure messages.
    pub request: String,
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The body as JSON (`Null` when it is not JSON).
    pub body: Value,
    log: String,
}

/// Where a customer landed after following a share link.
#[derive(Debug, Clone)]
pub struct Landed {
    /// The customer (`user_id` of the page's query).
    pub customer_id: i64,
    /// The customer's token (`token` of the page's query).
    pub token: String,
    /// The page's other query pairs, in order (the link's `relate` pairs).
    pub pairs: Vec<(String, String)>,
    /// The whole page URL.
    pub page_url: String,
}

impl Landed {
    /// The customer as a signer of `/zhugeleida/gongzhonghao/*` requests.
    pub fn principal(&self) -> Principal {
        Principal {
            id: self.customer_id,
            token: self.token.clone(),
        }
    }

    /// The value of the link pair `key`, if any.
    pub fn pair(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Answer {
    /// Panics with `why`, the request, the answer and the end of the server log.
    pub fn fail(&self, why: &str) -> ! {
        let lines: Vec<&str> = self.log.lines().collect();
        let tail = &lines[lines.len().saturating_sub(40)..];
        panic!(
            "{why}\nrequest: {}\nstatus: {}, location: {:?}, body: {}\n--- server log (tail) ---\n{}",
            self.request,
            self.status,
            self.location,
            self.body,
            tail.join("\n")
        )
    }

    /// Asserts an HTTP 302 and returns where it points.
    pub fn redirect(&self) -> &str {
        match (&self.status, &self.location) {
            (302, Some(location)) => location,
            _ => self.fail("expected HTTP 302 with a Location"),
        }
    }

    /// Asserts an envelope (HTTP 200, no redirect) and returns its `code`.
    pub fn envelope_code(&self) -> i64 {
        if self.status != 200 || self.location.is_some() {
            self.fail("expected an envelope");
        }
        for key in ["code", "msg", "data", "note"] {
            if self.body.get(key).is_none() {
                self.fail(&format!("the envelope lacks {key:?}"));
            }
        }
        self.body["code"]
            .as_i64()
            .unwrap_or_else(|| self.fail("code is not an integer"))
    }

    /// Asserts a refusal envelope with `code`.
    pub fn expect_refusal(&self, code: i64) {
        if self.envelope_code() != code {
            self.fail(&format!("expected code {code}"));
        }
    }

    /// Asserts a redirect to a page and reads the session it carries.
    pub fn landed(&self) -> Landed {
        let page_url = self.redirect().to_string();
        let query = page_url.split_once('?').map_or("", |(_, q)| q);
        let all: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .unwrap_or_else(|e| self.fail(&format!("page query unreadable: {e}")));
        let value = |key: &str| {
            all.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| self.fail(&format!("the page URL has no {key}")))
        };
        Landed {
            customer_id: value("user_id")
                .parse()
                .unwrap_or_else(|_| self.fail("user_id is not an integer")),
            token: value("token"),
            pairs: all
                .iter()
                .filter(|(k, _)| k != "user_id" && k != "token")
                .cloned()
                .collect(),
            page_url,
        }
    }
}

/// `GET url` without following a redirect.
pub async fn get_unfollowed(server: &Server, url: &str) -> Answer {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("building the HTTP client");
    let response = http
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: no response: {e}"));
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = response.text().await.unwrap_or_default();
    Answer {
        request: format!("GET {url}"),
        status,
        location,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        log: read_log(&server.log_path),
    }
}

/// `relate` text of `pairs`, as the host writes it (`key_value|…`).
pub fn relate_text(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}_{v}"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The landing URL of `relate` and `page` on `server`.
pub fn landing_url(server: &Server, relate: &str, page: &str) -> String {
    format!(
        "{}{LANDING}?{}",
        server.base_url,
        encode(&[("relate", relate), ("page", page)])
    )
}

/// WeChat's OAuth authorize URL of the public account `appid` sending the
/// customer back to `landing`, as the host writes it.
pub fn authorize_url(appid: &str, landing: &str) -> String {
    format!(
        "{}/connect/oauth2/authorize?{}#wechat_redirect",
        FakeWechat::shared().base_url(),
        encode(&[
            ("appid", appid),
            ("redirect_uri", landing),
            ("response_type", "code"),
            ("scope", "snsapi_userinfo"),
            ("state", "snsapi_userinfo"),
        ])
    )
}

/// The share link of `page` with `pairs` for the public account `appid`,
/// as the host's `ShareLinks::share_url` writes it.
pub fn share_url(server: &Server, appid: &str, page: &str, pairs: &[(&str, &str)]) -> String {
    let landing = landing_url(server, &relate_text(pairs), page);
    format!(
        "{}{REDIRECT_SHARE_URL}?{}",
        server.base_url,
        encode(&[("share_url", &authorize_url(appid, &landing))])
    )
}

/// Opens `share_url` and has the customer `openid` approve WeChat's OAuth
/// page with `profile`; returns the landing URL WeChat sends them to (with
/// `code` and `state`), not yet opened.
pub async fn approve_share_link(
    server: &Server,
    share_url: &str,
    openid: &str,
    profile: &WeChatProfile,
) -> String {
    let fake = FakeWechat::shared();
    let first = get_unfollowed(server, share_url).await;
    let authorize = first.redirect();
    if !authorize.starts_with(&format!("{}/connect/oauth2/authorize?", fake.base_url())) {
        first.fail("the share link does not lead to WeChat's OAuth page");
    }
    fake.approve(authorize, openid, profile)
}

/// The whole path of a share link: open it, approve in WeChat as `openid`
/// with `profile`, land, and read the page URL the landing sends the
/// customer to.
pub async fn open_share_link(
    server: &Server,
    share_url: &str,
    openid: &str,
    profile: &WeChatProfile,
) -> Landed {
    let landing = approve_share_link(server, share_url, openid, profile).await;
    get_unfollowed(server, &landing).await.landed()
}

fn encode(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("encoding a query")
}

impl Tenant {
    /// Gives this company a public account (`leida company
    /// set-public-account`) that the fake accepts.
    pub async fn with_public_account(&self) -> PublicAccount {
        let account = PublicAccount {
            appid: unique("wxgzh"),
            secret: unique("gzh-secret"),
        };
        FakeWechat::shared().allow_app(&account.appid, &account.secret);
        let company = self.company_id.to_string();
        let out = self
            .server
            .cli(&[
                "company",
                "set-public-account",
                "--company",
                &company,
                "--appid",
                &account.appid,
                "--secret",
                &account.secret,
            ])
            .await;
        assert_eq!(out["company_id"], self.company_id, "{out}");
        assert_eq!(out["appid"], account.appid.as_str(), "{out}");
        account
    }

    /// The share link of `page` for the radar user `uid` of this company,
    /// with `extra` pairs before `uid` and `company_id` (as the host writes
    /// them last).
    pub fn share_link(
        &self,
        account: &PublicAccount,
        page: &str,
        uid: i64,
        extra: &[(&str, &str)],
    ) -> String {
        let (uid, company) = (uid.to_string(), self.company_id.to_string());
        let mut pairs = extra.to_vec();
        pairs.extend([("uid", uid.as_str()), ("company_id", company.as_str())]);
        share_url(self.server, &account.appid, page, &pairs)
    }

    /// `GET qiyeweixin/work_weixin_auth/gongzhonghao_share_sign?url=…` signed by `user`.
    pub async fn public_account_sign(&self, user: &Principal, url: &str) -> Envelope {
        self.client
            .get(SHARE_SIGN, user, params!["url" => url])
            .await
    }
}

/// One customer row, read directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub company_id: i64,
    pub user_type: i64,
    pub openid: String,
    pub token: String,
    pub username: String,
    pub headimgurl: String,
    pub sex: i64,
    pub country: String,
    pub province: String,
    pub city: String,
}

impl Database {
    /// The customer `customer_id`, read directly.
    pub async fn customer_row(&self, customer_id: i64) -> Option<CustomerRow> {
        let mut conn = self.connect().await;
        let row = sqlx::query(
            "SELECT company_id, user_type, openid, token, username, headimgurl, sex, country, \
             province, city FROM customers WHERE id = $1",
        )
        .bind(customer_id)
        .fetch_optional(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading customers: {e}"))?;
        Some(CustomerRow {
            company_id: row.get(0),
            user_type: row.get(1),
            openid: row.get(2),
            token: row.get(3),
            username: row.get(4),
            headimgurl: row.get(5),
            sex: row.get(6),
            country: row.get(7),
            province: row.get(8),
            city: row.get(9),
        })
    }

    /// The relations of `customer_id` in `company_id` as (user, source,
    /// parent customer), by user.
    pub async fn relations_of_customer(
        &self,
        company_id: i64,
        customer_id: i64,
    ) -> Vec<(i64, i64, Option<i64>)> {
        let mut conn = self.connect().await;
        sqlx::query(
            "SELECT user_id, source, parent_customer_id FROM relations \
             WHERE company_id = $1 AND customer_id = $2 ORDER BY user_id",
        )
        .bind(company_id)
        .bind(customer_id)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading relations: {e}"))
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
    }

    /// Sets a company's `customer_unique` rule; no endpoint of this release changes it.
    pub async fn set_customer_unique(&self, company_id: i64, unique: bool) {
        let mut conn = self.connect().await;
        sqlx::query("UPDATE companies SET customer_unique = $1 WHERE id = $2")
            .bind(i64::from(unique))
            .bind(company_id)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("setting customer_unique: {e}"));
    }
}
