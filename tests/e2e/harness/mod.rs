//! The end-to-end harness: servers, clients, the fake WeChat, direct database
//! access, and fixtures that create a company with its users and customers.

mod article;
// The e2e tests leave it to the article benchmark.
#[allow(dead_code)]
mod article_load;
mod boss;
// The e2e tests leave it to the case library benchmark.
#[allow(dead_code)]
mod case_load;
mod cases;
mod chat;
mod client;
mod crm;
mod database;
// The e2e tests leave it to the benchmarks' loaders.
#[allow(dead_code)]
mod document_load;
mod fake_wechat;
// The e2e tests leave these to the benchmarks.
#[allow(dead_code)]
mod load;
mod mall;
mod media;
mod modules;
mod org;
mod poster;
mod public_account;
mod qr;
mod radar;
mod scan_login;
mod server;
mod socket;
mod tags;
mod wecom;

pub use article::{ADMIN_ARTICLE, ADMIN_REPORT, RADAR_ARTICLE, READER_ARTICLE};
pub use boss::{Activity, Volume};
pub use cases::{
    diary_ids, entry_keys, ADMIN_CASE, ADMIN_CASE_TAG, ADMIN_DIARY, CASE_MANAGE, CASE_TAG,
    DIARY_MANAGE, FUTURE, PAST,
};
pub use chat::{encrypt_for_wechat, text_content};
pub(crate) use client::params;
pub use client::{fresh_timestamp, rand_str, signature_at, Client, Envelope, Params, Principal};
pub use database::{now_ms, ActionRow};
pub use fake_wechat::{session_key_for, FakeWechat, WeChatProfile, WeComUsage};
pub use mall::{product_content, ADMIN_PRODUCT, RADAR_PRODUCT};
pub use media::{
    base64_chunks, chunk_dir, files_under, jpeg_bytes, png_bytes, raw_get, Upload, IMG_UPLOAD,
};
pub use modules::{built_by, component, sha256, variant};
pub use poster::FetchedPng;
pub use public_account::{
    approve_share_link, authorize_url, get_unfollowed, landing_url, open_share_link, relate_text,
    share_url, LANDING, REDIRECT_SHARE_URL,
};
pub use qr::decode_qr;
pub use scan_login::{ScanCode, SCAN_QR_DIR, SCAN_SOCKET};
pub use server::{Server, ServerConfig, LEIDA};
pub use socket::{Ended, Socket, FRAME_TIMEOUT};

use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The directory holding the built wasm components.
pub const WASM_DIR: &str = env!("LEIDA_WASM_DIR");

/// The setting `var` that turns on a test needing a service or toolchain
/// (`.ci/run` provides each), or `None` to skip it: the skip is said on the
/// terminal (libtest captures only the print macros, so this writes to
/// stderr itself), and under `CI` a missing setting fails the test instead.
pub fn setting_or_skip(var: &str, test: &str) -> Option<String> {
    if let Some(value) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
        return Some(value);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {var} is not set, and CI is: the test must run"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{test}: skipped, {var} is not set");
    None
}

/// A name unique in this test process: `{prefix}-{pid}-{n}`.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

/// Asserts that `object` carries every field in `names` (wire names).
pub fn assert_fields(object: &Value, names: &[&str]) {
    let missing: Vec<&&str> = names.iter().filter(|n| object.get(**n).is_none()).collect();
    assert!(
        missing.is_empty(),
        "fields {missing:?} missing from {object}"
    );
}

/// Whether an id field holds `id`, as a number or as its decimal text
/// (clients accept both).
pub fn is_id(value: &Value, id: i64) -> bool {
    value.as_i64() == Some(id) || value.as_str() == Some(id.to_string().as_str())
}

/// A field as text: strings as they are, other values as JSON.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An integer field (counters), panicking with the object when absent.
pub fn int(object: &Value, name: &str) -> i64 {
    object[name]
        .as_i64()
        .unwrap_or_else(|| panic!("{name} is not an integer in {object}"))
}

/// A company made with `leida bootstrap`, with WeChat credentials known to
/// the fake WeChat (unless made with [`Tenant::without_wechat`]).
pub struct Tenant {
    /// The server the company lives on.
    pub server: &'static Server,
    /// A client of that server.
    pub client: Client,
    /// The company id.
    pub company_id: i64,
    /// The company name.
    pub name: String,
    /// The bootstrap admin (signs `/zhugeleida/admin/*`).
    pub admin: Principal,
    /// The admin's login name.
    pub admin_username: String,
    /// The admin's password.
    pub admin_password: String,
    /// The mini-program appid set with `company set-wechat`.
    pub appid: String,
    /// The mini-program secret set with `company set-wechat`.
    pub secret: String,
}

/// A customer logged in through the mini-program.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The customer (`cid`) and token.
    pub principal: Principal,
    /// The radar user the login named (`uid`).
    pub uid: i64,
    /// The customer's company.
    pub company_id: i64,
}

impl Tenant {
    /// A new company on `server` with WeChat credentials.
    pub async fn new(server: &'static Server) -> Tenant {
        let mut tenant = Tenant::without_wechat(server).await;
        tenant.appid = unique("wxapp");
        tenant.secret = unique("secret");
        FakeWechat::shared().allow_app(&tenant.appid, &tenant.secret);
        let id = tenant.company_id.to_string();
        let out = server
            .cli(&[
                "company",
                "set-wechat",
                "--company",
                &id,
                "--appid",
                &tenant.appid,
                "--secret",
                &tenant.secret,
            ])
            .await;
        assert!(is_id(&out["company_id"], tenant.company_id), "{out}");
        assert_eq!(out["appid"], tenant.appid.as_str(), "{out}");
        tenant
    }

    /// A new company on the shared server.
    pub async fn shared() -> Tenant {
        Tenant::new(Server::shared()).await
    }

    /// A new company on `server` without WeChat credentials.
    pub async fn without_wechat(server: &'static Server) -> Tenant {
        Tenant::bootstrap(server, &[]).await
    }

    /// A new company (without WeChat credentials) whose back-office admin
    /// is the platform operator (`leida bootstrap --operator`).
    pub async fn with_operator_admin(server: &'static Server) -> Tenant {
        Tenant::bootstrap(server, &["--operator"]).await
    }

    /// `leida bootstrap` of a new company with `extra` arguments.
    async fn bootstrap(server: &'static Server, extra: &[&str]) -> Tenant {
        let name = unique("e2e公司");
        let admin_username = unique("admin");
        let admin_password = unique("pw");
        let mut args = vec![
            "bootstrap",
            "--company",
            &name,
            "--admin",
            &admin_username,
            "--password",
            &admin_password,
        ];
        args.extend_from_slice(extra);
        let out = server.cli(&args).await;
        let field = |k: &str| {
            out[k]
                .as_i64()
                .unwrap_or_else(|| panic!("bootstrap: no {k} in {out}"))
        };
        Tenant {
            server,
            client: server.client(),
            company_id: field("company_id"),
            admin: Principal {
                id: field("admin_id"),
                token: token_of(&out),
            },
            name,
            admin_username,
            admin_password,
            appid: String::new(),
            secret: String::new(),
        }
    }

    /// A new radar user of this company (`leida user add`).
    pub async fn radar_user(&self) -> Principal {
        self.add_user(false).await
    }

    /// A new radar user; a Boss-radar user when `boss`.
    pub async fn add_user(&self, boss: bool) -> Principal {
        self.user_with(if boss { &["--boss"] } else { &[] }).await
    }

    /// A new radar user made by `leida user add` with `extra` arguments.
    pub async fn user_with(&self, extra: &[&str]) -> Principal {
        let company = self.company_id.to_string();
        let username = unique("user");
        let mut args = vec![
            "user",
            "add",
            "--company",
            &company,
            "--username",
            &username,
        ];
        args.extend_from_slice(extra);
        let out = self.server.cli(&args).await;
        Principal {
            id: out["user_id"]
                .as_i64()
                .unwrap_or_else(|| panic!("user add: no user_id in {out}")),
            token: token_of(&out),
        }
    }

    /// `GET xiaochengxu/login` with `code` and the optional `uid`.
    pub async fn login(&self, code: &str, uid: Option<i64>) -> Envelope {
        let mut query = params![
            "code" => code,
            "user_type" => 2,
            "source" => 1,
            "company_id" => self.company_id,
        ];
        if let Some(uid) = uid {
            query.push(("uid".into(), uid.to_string()));
        }
        self.client
            .get_open("/zhugeleida/xiaochengxu/login", query)
            .await
    }

    /// A customer with a new openid logged in for the card of `uid`.
    pub async fn customer(&self, uid: i64) -> Customer {
        self.customer_with_openid(uid, &unique("openid")).await
    }

    /// A customer with `openid` logged in for the card of `uid`.
    pub async fn customer_with_openid(&self, uid: i64, openid: &str) -> Customer {
        let code = FakeWechat::shared().code_for(openid);
        let reply = self.login(&code, Some(uid)).await;
        let data = reply.ok();
        Customer {
            principal: Principal {
                id: data["cid"]
                    .as_i64()
                    .unwrap_or_else(|| reply.fail("login: no integer cid")),
                token: data["token"]
                    .as_str()
                    .unwrap_or_else(|| reply.fail("login: no token"))
                    .to_string(),
            },
            uid,
            company_id: self.company_id,
        }
    }

    /// A customer who has also sent their WeChat profile (`send_user_info`),
    /// so their card visits are logged.
    pub async fn authorised_customer(&self, uid: i64) -> Customer {
        let customer = self.customer(uid).await;
        self.send_user_info(&customer).await.ok();
        customer
    }

    /// `POST xiaochengxu/login/send_user_info` for `customer`.
    pub async fn send_user_info(&self, customer: &Customer) -> Envelope {
        let form = params![
            "username" => "张三",
            "headimgurl" => "https://example.invalid/avatar.png",
            "sex" => 1,
            "city" => "Beijing",
            "country" => "China",
            "province" => "Beijing",
            "language" => "zh_CN",
            "uid" => customer.uid,
            "page" => 1,
        ];
        self.client
            .post(
                "/zhugeleida/xiaochengxu/login/send_user_info",
                &customer.principal,
                form,
            )
            .await
    }

    /// `GET xiaochengxu/login/binding` of `customer` to `uid`; after a
    /// binding, waits for the pair's code (see [`Tenant::settle_binding`]).
    pub async fn bind(&self, customer: &Customer, uid: i64) -> Envelope {
        let reply = self.bind_without_waiting(customer, uid).await;
        self.settle_binding(&reply, customer, uid).await;
        reply
    }

    /// The binding request alone (`login/binding`, source 1), without
    /// waiting for the pair's code that [`Tenant::bind`] waits for.
    pub async fn bind_without_waiting(&self, customer: &Customer, uid: i64) -> Envelope {
        self.client
            .get(
                "/zhugeleida/xiaochengxu/login/binding",
                &customer.principal,
                params!["uid" => uid, "source" => 1, "user_type" => 2],
            )
            .await
    }

    /// `leida module enable|disable --company ID MODULE`, once the server
    /// applied it.
    pub async fn set_module(&self, module: &str, enabled: bool) -> Value {
        let verb = if enabled { "enable" } else { "disable" };
        let company = self.company_id.to_string();
        self.server
            .module_change(&["module", verb, "--company", &company, module])
            .await
    }

    /// How many cards `customer` is bound to (`data_count` of `GET xiaochengxu/mingpian/all`).
    pub async fn bound_card_count(&self, customer: &Customer) -> i64 {
        let all = self
            .client
            .get(
                "/zhugeleida/xiaochengxu/mingpian/all",
                &customer.principal,
                params![],
            )
            .await;
        int(all.ok(), "data_count")
    }

    /// The customer's view of `uid`'s card (`GET xiaochengxu/mingpian`),
    /// asserting success; returns the single `ret_data` item.
    pub async fn view_card(&self, customer: &Customer, uid: i64) -> Value {
        let reply = card_view(&self.client, &customer.principal, uid).await;
        let data = reply.ok();
        match data["ret_data"].as_array().map(Vec::as_slice) {
            Some([item]) => item.clone(),
            _ => reply.fail("ret_data is not a one-item list"),
        }
    }

    /// The radar user's own card (`GET qiyeweixin/mingpian`): the one item.
    pub async fn own_card(&self, user: &Principal) -> Value {
        let reply = self
            .client
            .get("/zhugeleida/qiyeweixin/mingpian", user, params![])
            .await;
        let data = reply.ok();
        match data["ret_data"].as_array().map(Vec::as_slice) {
            Some([item]) => item.clone(),
            _ => reply.fail("ret_data is not a one-item list"),
        }
    }

    /// The radar user's impression tags (`GET qiyeweixin/tag_user`) as (id, name).
    pub async fn tags(&self, user: &Principal) -> Vec<(i64, String)> {
        let reply = self
            .client
            .get("/zhugeleida/qiyeweixin/tag_user", user, params![])
            .await;
        let data = reply.ok();
        data["ret_data"]
            .as_array()
            .unwrap_or_else(|| reply.fail("ret_data is not a list"))
            .iter()
            .map(|t| {
                (
                    int(t, "id"),
                    t["name"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Adds an impression tag and returns its id.
    pub async fn add_tag(&self, user: &Principal, name: &str) -> i64 {
        let reply = self
            .client
            .post(
                "/zhugeleida/qiyeweixin/tag_user/add",
                user,
                params!["name" => name],
            )
            .await;
        let data = reply.ok();
        match data.as_array().map(Vec::as_slice) {
            Some([tag]) => int(tag, "id"),
            _ => reply.fail("tag_user/add: data is not a one-item list"),
        }
    }

    /// The radar actions logged for `uid` by `customer_id`, waiting up to
    /// five seconds until `done` holds for them (logging may be asynchronous).
    pub async fn actions_until(
        &self,
        uid: i64,
        customer_id: i64,
        done: impl Fn(&[ActionRow]) -> bool,
    ) -> Vec<ActionRow> {
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let rows: Vec<ActionRow> = self
                .server
                .db
                .actions(self.company_id, uid)
                .await
                .into_iter()
                .filter(|a| a.customer_id == customer_id)
                .collect();
            if done(&rows) || std::time::Instant::now() > deadline {
                return rows;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Asserts that the log of the pair (`uid`, `customer_id`) holds exactly
    /// `n` actions with `code`; `what` says why, for the failure message.
    pub async fn assert_actions(
        &self,
        uid: i64,
        customer_id: i64,
        code: i64,
        n: usize,
        what: &str,
    ) {
        let actions = self
            .actions_until(uid, customer_id, |a| count_code(a, code) >= n)
            .await;
        assert_eq!(count_code(&actions, code), n, "{what}: {actions:?}");
    }
}

/// Counts the actions with `code`.
pub fn count_code(rows: &[ActionRow], code: i64) -> usize {
    rows.iter().filter(|a| a.code == code).count()
}

fn token_of(out: &Value) -> String {
    out["token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| panic!("no token in {out}"))
        .to_string()
}

/// A customer's view of `uid`'s card (`GET xiaochengxu/mingpian`) through
/// `client`, whatever it answers.
pub async fn card_view(client: &Client, customer: &Principal, uid: i64) -> Envelope {
    client
        .get(
            "/zhugeleida/xiaochengxu/mingpian",
            customer,
            params!["uid" => uid],
        )
        .await
}
