//! HTTP client for the API: signs requests the way the clients do
//! (`rand_str = md5(timestamp + token)`) and checks the response envelope.

use md5::{Digest, Md5};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};

/// Request parameters (query or form), in order.
pub type Params = Vec<(String, String)>;

/// Builds [`Params`] from `name => value` pairs.
macro_rules! params {
    ($($name:expr => $value:expr),* $(,)?) => {
        vec![$(($name.to_string(), $value.to_string())),*] as $crate::harness::Params
    };
}
pub(crate) use params;

/// Someone who signs requests: a customer, a radar user or an admin.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The id sent as `user_id`.
    pub id: i64,
    /// The token that signs.
    pub token: String,
}

/// A parsed response envelope `{code, msg, data, note}`.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The whole JSON body.
    pub body: Value,
    /// Method and URL, for failure messages.
    pub request: String,
    /// The `x-leida-build` header: the plugin build that answered, if one did.
    pub build: Option<String>,
    log_path: PathBuf,
}

/// A client of one server.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    log_path: PathBuf,
}

/// A fresh millisecond timestamp: never the same twice in this process, so
/// no two signed requests collide in the server's replay cache.
pub fn fresh_timestamp() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let now = super::now_ms();
    let prev = LAST
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| {
            Some(now.max(last + 1))
        })
        .expect("fetch_update with Some never fails");
    now.max(prev + 1)
}

/// `md5(timestamp + token)` as lowercase hex.
pub fn rand_str(timestamp: &str, token: &str) -> String {
    hex::encode(Md5::digest(format!("{timestamp}{token}").as_bytes()))
}

/// The signature parameters of `who` at `timestamp`.
pub fn signature_at(who: &Principal, timestamp: i64) -> Params {
    let ts = timestamp.to_string();
    params!["rand_str" => rand_str(&ts, &who.token), "timestamp" => ts, "user_id" => who.id]
}

impl Client {
    /// A client of the server at `base_url` whose log is at `log_path`.
    pub fn new(base_url: &str, log_path: &Path) -> Client {
        Client {
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .expect("building the HTTP client"),
            base_url: base_url.to_string(),
            log_path: log_path.to_path_buf(),
        }
    }

    /// The absolute URL of `path` with `query`.
    pub fn url(&self, path: &str, query: &Params) -> String {
        let mut url = format!("{}{path}", self.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&serde_urlencoded::to_string(query).expect("encoding the query"));
        }
        url
    }

    /// `path` signed by `who` now, with `query` after the signature.
    pub fn signed_url(&self, path: &str, who: &Principal, query: &Params) -> String {
        let mut all = signature_at(who, fresh_timestamp());
        all.extend(query.iter().cloned());
        self.url(path, &all)
    }

    /// Signed GET.
    pub async fn get(&self, path: &str, who: &Principal, query: Params) -> Envelope {
        self.get_url(&self.signed_url(path, who, &query)).await
    }

    /// Signed POST with a form body.
    pub async fn post(&self, path: &str, who: &Principal, form: Params) -> Envelope {
        self.post_url(&self.signed_url(path, who, &Vec::new()), form)
            .await
    }

    /// Signed POST of a raw body (`application/wasm`).
    pub async fn post_bytes(&self, path: &str, who: &Principal, body: Vec<u8>) -> Envelope {
        let url = self.signed_url(path, who, &Vec::new());
        let response = self
            .http
            .post(&url)
            .header("content-type", "application/wasm")
            .body(body)
            .send()
            .await;
        self.envelope(format!("POST {url} (bytes)"), response).await
    }

    /// Unsigned GET (logins).
    pub async fn get_open(&self, path: &str, query: Params) -> Envelope {
        self.get_url(&self.url(path, &query)).await
    }

    /// Unsigned POST with a form body (logins).
    pub async fn post_open(&self, path: &str, form: Params) -> Envelope {
        self.post_url(&self.url(path, &Vec::new()), form).await
    }

    /// GET of an absolute URL.
    pub async fn get_url(&self, url: &str) -> Envelope {
        let response = self.http.get(url).send().await;
        self.envelope(format!("GET {url}"), response).await
    }

    /// POST of a form to an absolute URL.
    pub async fn post_url(&self, url: &str, form: Params) -> Envelope {
        let response = self.http.post(url).form(&form).send().await;
        self.envelope(format!("POST {url} {form:?}"), response)
            .await
    }

    async fn envelope(
        &self,
        request: String,
        response: reqwest::Result<reqwest::Response>,
    ) -> Envelope {
        let mut envelope = Envelope {
            body: Value::Null,
            request,
            build: None,
            log_path: self.log_path.clone(),
        };
        let response = response.unwrap_or_else(|e| envelope.fail(&format!("no response: {e}")));
        let status = response.status();
        envelope.build = response
            .headers()
            .get("x-leida-build")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = response
            .text()
            .await
            .unwrap_or_else(|e| envelope.fail(&format!("reading the body: {e}")));
        envelope.body = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status != reqwest::StatusCode::OK || !envelope.body.is_object() {
            envelope.fail(&format!("HTTP {status}, body {text:?}"));
        }
        for key in ["code", "msg", "data", "note"] {
            if envelope.body.get(key).is_none() {
                envelope.fail(&format!("the envelope lacks {key:?}"));
            }
        }
        envelope
    }
}

impl Envelope {
    /// The `code` field.
    pub fn code(&self) -> i64 {
        self.body["code"]
            .as_i64()
            .unwrap_or_else(|| self.fail("code is not an integer"))
    }

    /// The `msg` field as text (objects are rendered as JSON).
    pub fn msg(&self) -> String {
        match &self.body["msg"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// The `data` field.
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    /// Asserts code 200 and returns `data`.
    pub fn ok(&self) -> &Value {
        self.expect_code(200)
    }

    /// Asserts `code` and returns `data`. A refusal (any code but 200)
    /// must carry nothing: `data` is `{}`.
    pub fn expect_code(&self, code: i64) -> &Value {
        if self.code() != code {
            self.fail(&format!("expected code {code}"));
        }
        if code != 200 {
            self.expect_empty_data();
        }
        self.data()
    }

    /// Asserts a refusal: a code of the envelope's 3xx or 4xx (a 500 is a
    /// failure, not a refusal) with nothing in `data`; returns the code.
    pub fn expect_refused(&self) -> i64 {
        if !(300..500).contains(&self.code()) {
            self.fail("expected a refusal (an envelope code 300 to 499)");
        }
        self.expect_empty_data();
        self.code()
    }

    /// Asserts that none of `secrets` (another company's texts, e.g.
    /// `Database::company_secrets`) is anywhere in the reply: `data`, `msg`
    /// or `note`; each as a whole word, so `user-9-12` is not found in
    /// `user-9-123`.
    pub fn assert_hides(&self, secrets: &[String]) -> &Envelope {
        let body = self.body.to_string();
        if let Some(s) = secrets.iter().find(|s| super::server::holds_word(&body, s)) {
            self.fail(&format!("the reply discloses {s:?}"));
        }
        self
    }

    /// Asserts that `data` is `{}`, as every refusal answers.
    fn expect_empty_data(&self) {
        if self.data() != &serde_json::json!({}) {
            self.fail("a refusal must carry no data (`data` is `{}`)");
        }
    }

    /// Asserts the signature failure `{"code":400,"msg":"token异常","data":{},"note":{}}`.
    pub fn expect_token_error(&self) {
        self.expect_code(400);
        let exact = serde_json::json!({"code": 400, "msg": "token异常", "data": {}, "note": {}});
        if self.body != exact {
            self.fail(
                "expected exactly {\"code\":400,\"msg\":\"token异常\",\"data\":{},\"note\":{}}",
            );
        }
    }

    /// Panics with `why`, the request, the body and the end of the server log.
    pub fn fail(&self, why: &str) -> ! {
        let log = super::server::read_log(&self.log_path);
        let lines: Vec<&str> = log.lines().collect();
        let tail = &lines[lines.len().saturating_sub(40)..];
        panic!(
            "{why}\nrequest: {}\nresponse: {}\n--- server log (tail) ---\n{}",
            self.request,
            self.body,
            tail.join("\n")
        )
    }
}
