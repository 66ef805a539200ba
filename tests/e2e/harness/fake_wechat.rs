//! A fake of the WeChat platform API (`jscode2session`, the app
//! `cgi-bin/token`, `wxa/getwxacode`, and the public account's OAuth
//! `sns/oauth2/access_token`, `sns/userinfo` and `cgi-bin/ticket/getticket`)
//! and of the WeCom API (`gettoken`, `user/getuserinfo`,
//! `get_jsapi_ticket`), served by axum on 127.0.0.1 from a thread of its own
//! so it outlives every test's runtime. [`FakeWechat::approve`] plays the
//! customer approving on WeChat's OAuth page.

use axum::extract::{Query, State};
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use md5::Digest;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The request path.
    pub path: String,
    /// The decoded query parameters.
    pub query: HashMap<String, String>,
}

#[derive(Default)]
struct Registry {
    /// Accepted (appid, secret) pairs.
    apps: HashSet<(String, String)>,
    /// Login code → openid.
    codes: HashMap<String, String>,
    /// Every request, in arrival order.
    received: Vec<Received>,
    /// WeCom: CorpID → secret.
    corps: HashMap<String, String>,
    /// WeCom OAuth code → (CorpID, UserID).
    wecom_codes: HashMap<String, (String, String)>,
    /// WeCom access token → (CorpID, still valid).
    wecom_tokens: HashMap<String, (String, bool)>,
    /// WeCom: per CorpID, the calls received and the tickets issued.
    wecom_usage: HashMap<String, WeComUsage>,
    /// Issued WeCom tokens and tickets, for unique values.
    wecom_issued: u64,
    /// Mini-program access token → (appid, still valid).
    mini_tokens: HashMap<String, (String, bool)>,
    /// Mini-program: per appid, the tokens issued and the codes made.
    mini_usage: HashMap<String, MiniProgramUsage>,
    /// Mini-program: appid → the `errcode` that `getwxacode` answers instead of an image.
    wxacode_failures: HashMap<String, i64>,
    /// Public account: OAuth code → the approval it stands for.
    oauth_codes: HashMap<String, Approval>,
    /// Public account: web access token → the approval it was issued for.
    oauth_tokens: HashMap<String, Approval>,
    /// Public account: per appid, the OAuth and ticket calls received.
    public_usage: HashMap<String, PublicAccountUsage>,
}

/// A customer's approval on the OAuth page of one public account.
#[derive(Debug, Clone)]
struct Approval {
    appid: String,
    openid: String,
    scope: String,
    profile: WeChatProfile,
}

/// The WeChat profile `sns/userinfo` answers for an approving customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeChatProfile {
    /// The nickname.
    pub nickname: String,
    /// 1 male, 2 female, 0 unknown.
    pub sex: i64,
    /// Province.
    pub province: String,
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// The avatar URL.
    pub headimgurl: String,
}

impl WeChatProfile {
    /// A profile named `nickname`, a woman in 深圳, 广东, 中国 with an avatar.
    pub fn named(nickname: &str) -> WeChatProfile {
        WeChatProfile {
            nickname: nickname.into(),
            sex: 2,
            province: "广东".into(),
            city: "深圳".into(),
            country: "中国".into(),
            headimgurl: format!("https://wx.example.invalid/{}.png", super::unique("head")),
        }
    }
}

/// What the fake WeChat did for one public account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicAccountUsage {
    /// `sns/oauth2/access_token` calls, answered or refused.
    pub oauth: usize,
    /// `sns/userinfo` calls that answered a profile.
    pub userinfo: usize,
    /// `cgi-bin/ticket/getticket` calls that issued a ticket.
    pub ticket: usize,
    /// The tickets issued, oldest first.
    pub tickets: Vec<String>,
}

/// What the fake WeChat did for one mini-program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MiniProgramUsage {
    /// `cgi-bin/token` calls that issued a token.
    pub token: usize,
    /// The `getwxacode` requests answered with an image, oldest first.
    pub codes: Vec<CodeRequest>,
}

/// One `getwxacode` request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRequest {
    /// The page path the code opens.
    pub path: String,
    /// The requested width in pixels.
    pub width: i64,
}

/// What the fake WeCom did for one corp.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeComUsage {
    /// `gettoken` calls that issued a token.
    pub gettoken: usize,
    /// `get_jsapi_ticket` calls that issued a ticket.
    pub ticket: usize,
    /// `user/getuserinfo` calls, answered or refused.
    pub getuserinfo: usize,
    /// The tickets issued, oldest first.
    pub tickets: Vec<String>,
}

type Shared = Arc<Mutex<Registry>>;

/// The running fake; tests register apps and codes, then inspect what it received.
pub struct FakeWechat {
    base_url: String,
    registry: Shared,
}

impl FakeWechat {
    /// The process-wide fake, started on first use.
    pub fn shared() -> &'static FakeWechat {
        static FAKE: OnceLock<FakeWechat> = OnceLock::new();
        FAKE.get_or_init(FakeWechat::start)
    }

    fn start() -> FakeWechat {
        let registry = Shared::default();
        let state = registry.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("fake-wechat".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("fake WeChat runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .expect("binding the fake WeChat");
                    tx.send(listener.local_addr().expect("fake WeChat address"))
                        .expect("reporting the fake WeChat address");
                    let app = Router::new()
                        .route("/sns/jscode2session", get(jscode2session))
                        .route("/cgi-bin/gettoken", get(wecom_gettoken))
                        .route("/cgi-bin/user/getuserinfo", get(wecom_getuserinfo))
                        .route("/cgi-bin/get_jsapi_ticket", get(wecom_jsapi_ticket))
                        .route("/cgi-bin/token", get(mini_program_token))
                        .route("/wxa/getwxacode", post(getwxacode))
                        .route("/sns/oauth2/access_token", get(oauth_access_token))
                        .route("/sns/userinfo", get(sns_userinfo))
                        .route("/cgi-bin/ticket/getticket", get(getticket))
                        .fallback(unknown)
                        .with_state(state);
                    axum::serve(listener, app)
                        .await
                        .expect("serving the fake WeChat");
                });
            })
            .expect("spawning the fake WeChat thread");
        let addr = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the fake WeChat did not start");
        FakeWechat {
            base_url: format!("http://{addr}"),
            registry,
        }
    }

    /// The base URL to pass as `--wechat-api-base`, `--wework-api-base` and
    /// `--wechat-open-base`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Accepts `appid` with `secret` from now on.
    pub fn allow_app(&self, appid: &str, secret: &str) {
        self.lock().apps.insert((appid.into(), secret.into()));
    }

    /// Registers a fresh login code that resolves to `openid`, and returns it.
    pub fn code_for(&self, openid: &str) -> String {
        let code = super::unique("code");
        self.lock().codes.insert(code.clone(), openid.into());
        code
    }

    /// The `jscode2session` requests received with `js_code == code`.
    pub fn exchanges_of(&self, code: &str) -> Vec<Received> {
        self.lock()
            .received
            .iter()
            .filter(|r| r.path == "/sns/jscode2session")
            .filter(|r| r.query.get("js_code").map(String::as_str) == Some(code))
            .cloned()
            .collect()
    }

    /// WeCom: accepts `corp_id` with `secret` from now on.
    pub fn allow_corp(&self, corp_id: &str, secret: &str) {
        self.lock().corps.insert(corp_id.into(), secret.into());
    }

    /// WeCom: a fresh OAuth code of `corp_id` naming the member `user_id`.
    pub fn wecom_code_for(&self, corp_id: &str, user_id: &str) -> String {
        let code = super::unique("wecom-code");
        self.lock()
            .wecom_codes
            .insert(code.clone(), (corp_id.into(), user_id.into()));
        code
    }

    /// WeCom: expires every access token issued to `corp_id` so far; using
    /// one answers `42001 access_token expired`.
    pub fn expire_wecom_tokens(&self, corp_id: &str) {
        for (corp, valid) in self.lock().wecom_tokens.values_mut() {
            if corp == corp_id {
                *valid = false;
            }
        }
    }

    /// WeCom: what the fake did for `corp_id`.
    pub fn wecom_usage(&self, corp_id: &str) -> WeComUsage {
        self.lock()
            .wecom_usage
            .get(corp_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Mini-program: what the fake did for `appid`.
    pub fn mini_program_usage(&self, appid: &str) -> MiniProgramUsage {
        self.lock()
            .mini_usage
            .get(appid)
            .cloned()
            .unwrap_or_default()
    }

    /// Mini-program: the codes made for `path`, by any app.
    pub fn codes_made_for(&self, path: &str) -> usize {
        self.lock()
            .mini_usage
            .values()
            .flat_map(|u| &u.codes)
            .filter(|c| c.path == path)
            .count()
    }

    /// Mini-program: expires every access token issued to `appid` so far;
    /// using one answers `42001 access_token expired`.
    pub fn expire_mini_program_tokens(&self, appid: &str) {
        for (app, valid) in self.lock().mini_tokens.values_mut() {
            if app == appid {
                *valid = false;
            }
        }
    }

    /// Mini-program: `getwxacode` for `appid` answers `errcode` from now on
    /// (`None`: images again).
    pub fn fail_wxacode(&self, appid: &str, errcode: Option<i64>) {
        let mut registry = self.lock();
        match errcode {
            Some(code) => registry.wxacode_failures.insert(appid.into(), code),
            None => registry.wxacode_failures.remove(appid),
        };
    }

    /// Public account: the customer `openid` approves the OAuth page at
    /// `authorize_url` (whose appid must be allowed) with `profile`: a fresh
    /// code is registered for the approval, and the `redirect_uri` is
    /// returned with `code` and `state` appended, where WeChat sends them.
    pub fn approve(&self, authorize_url: &str, openid: &str, profile: &WeChatProfile) -> String {
        let page = format!("{}/connect/oauth2/authorize?", self.base_url);
        let query = authorize_url
            .strip_prefix(&page)
            .unwrap_or_else(|| panic!("not an authorize URL of the fake: {authorize_url}"));
        let query = query.split('#').next().unwrap_or_default();
        let fields: HashMap<String, String> = serde_urlencoded::from_str(query)
            .unwrap_or_else(|e| panic!("bad authorize query {query:?}: {e}"));
        let field = |name: &str| {
            fields
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("no {name} in {authorize_url}"))
        };
        let appid = field("appid");
        assert_eq!(field("response_type"), "code", "{authorize_url}");
        let code = super::unique("oauth-code");
        {
            let mut registry = self.lock();
            assert!(
                registry.apps.iter().any(|(a, _)| *a == appid),
                "the fake knows no public account {appid}"
            );
            registry.oauth_codes.insert(
                code.clone(),
                Approval {
                    appid,
                    openid: openid.into(),
                    scope: field("scope"),
                    profile: profile.clone(),
                },
            );
        }
        let redirect = field("redirect_uri");
        let joiner = if redirect.contains('?') { '&' } else { '?' };
        let back = serde_urlencoded::to_string([("code", code), ("state", field("state"))])
            .expect("encoding code and state");
        format!("{redirect}{joiner}{back}")
    }

    /// Public account: what the fake did for `appid` (its access tokens are
    /// counted with the mini-programs', [`FakeWechat::mini_program_usage`]).
    pub fn public_account_usage(&self, appid: &str) -> PublicAccountUsage {
        self.lock()
            .public_usage
            .get(appid)
            .cloned()
            .unwrap_or_default()
    }

    /// Public account: expires every access token issued to `appid` so far;
    /// `getticket` with one answers `42001 access_token expired`.
    pub fn expire_public_account_tokens(&self, appid: &str) {
        self.expire_mini_program_tokens(appid);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `GET /sns/jscode2session`: a session for a registered code of an accepted
/// app; WeChat's `40029 invalid code` otherwise. Codes may be exchanged
/// repeatedly here, so refusing a reused code is the host's job.
async fn jscode2session(
    State(registry): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.received.push(Received {
        path: "/sns/jscode2session".into(),
        query: query.clone(),
    });
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    let app_ok = registry.apps.contains(&(field("appid"), field("secret")));
    let grant_ok = field("grant_type") == "authorization_code";
    match registry.codes.get(&field("js_code")) {
        Some(openid) if app_ok && grant_ok => Json(json!({
            "openid": openid,
            "session_key": base64::engine::general_purpose::STANDARD.encode(session_key_for(openid)),
        })),
        _ => Json(json!({"errcode": 40029, "errmsg": "invalid code"})),
    }
}

/// The session key (an AES-128 key) the fake hands out for `openid`: fixed
/// per openid, so a test can encrypt what WeChat would send the client.
pub fn session_key_for(openid: &str) -> [u8; 16] {
    md5::Md5::digest(format!("sk-{openid}").as_bytes()).into()
}

type WeComQuery = Query<HashMap<String, String>>;

impl Registry {
    fn record(&mut self, path: &str, query: &HashMap<String, String>) {
        self.received.push(Received {
            path: path.into(),
            query: query.clone(),
        });
    }

    /// The corp of a valid `access_token`, or WeCom's error for it.
    fn token_corp(&self, query: &HashMap<String, String>) -> Result<String, Json<Value>> {
        match query
            .get("access_token")
            .and_then(|t| self.wecom_tokens.get(t))
        {
            Some((corp, true)) => Ok(corp.clone()),
            Some((_, false)) => Err(Json(
                json!({"errcode": 42001, "errmsg": "access_token expired"}),
            )),
            None => Err(Json(
                json!({"errcode": 40014, "errmsg": "invalid access_token"}),
            )),
        }
    }

    /// The app of a valid `cgi-bin/token` `access_token`, or WeChat's error for it.
    fn token_app(&self, query: &HashMap<String, String>) -> Result<String, Json<Value>> {
        match query
            .get("access_token")
            .and_then(|t| self.mini_tokens.get(t))
        {
            Some((appid, true)) => Ok(appid.clone()),
            Some((_, false)) => Err(Json(
                json!({"errcode": 42001, "errmsg": "access_token expired"}),
            )),
            None => Err(Json(
                json!({"errcode": 40001, "errmsg": "invalid credential"}),
            )),
        }
    }

    fn next_value(&mut self, prefix: &str) -> String {
        self.wecom_issued += 1;
        format!("{prefix}-{}-{}", std::process::id(), self.wecom_issued)
    }
}

/// `GET /cgi-bin/gettoken`: a two-hour token for a registered corp and secret.
async fn wecom_gettoken(State(registry): State<Shared>, Query(query): WeComQuery) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/cgi-bin/gettoken", &query);
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    let corp = field("corpid");
    match registry.corps.get(&corp).cloned() {
        None => Json(json!({"errcode": 40013, "errmsg": "invalid corpid"})),
        Some(secret) if secret != field("corpsecret") => {
            Json(json!({"errcode": 40001, "errmsg": "invalid credential"}))
        }
        Some(_) => {
            let token = registry.next_value("wecom-token");
            registry
                .wecom_tokens
                .insert(token.clone(), (corp.clone(), true));
            registry.wecom_usage.entry(corp).or_default().gettoken += 1;
            Json(json!({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}))
        }
    }
}

/// `GET /cgi-bin/user/getuserinfo`: the member a code of the token's corp
/// names; `40029 invalid code` otherwise. Codes may be exchanged repeatedly
/// here, so refusing a reused code is the host's job.
async fn wecom_getuserinfo(
    State(registry): State<Shared>,
    Query(query): WeComQuery,
) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/cgi-bin/user/getuserinfo", &query);
    let corp = match registry.token_corp(&query) {
        Ok(corp) => corp,
        Err(refusal) => return refusal,
    };
    registry
        .wecom_usage
        .entry(corp.clone())
        .or_default()
        .getuserinfo += 1;
    let code = query.get("code").cloned().unwrap_or_default();
    match registry.wecom_codes.get(&code) {
        Some((code_corp, user_id)) if *code_corp == corp => {
            Json(json!({"errcode": 0, "errmsg": "ok", "UserId": user_id, "DeviceId": ""}))
        }
        _ => Json(json!({"errcode": 40029, "errmsg": "invalid code"})),
    }
}

/// `GET /cgi-bin/get_jsapi_ticket`: a new two-hour ticket for the token's corp.
async fn wecom_jsapi_ticket(
    State(registry): State<Shared>,
    Query(query): WeComQuery,
) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/cgi-bin/get_jsapi_ticket", &query);
    let corp = match registry.token_corp(&query) {
        Ok(corp) => corp,
        Err(refusal) => return refusal,
    };
    let ticket = registry.next_value("jsapi-ticket");
    let usage = registry.wecom_usage.entry(corp).or_default();
    usage.ticket += 1;
    usage.tickets.push(ticket.clone());
    Json(json!({"errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": 7200}))
}

/// `GET /cgi-bin/token`: a two-hour mini-program token for an accepted app.
async fn mini_program_token(
    State(registry): State<Shared>,
    Query(query): WeComQuery,
) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/cgi-bin/token", &query);
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    let appid = field("appid");
    if field("grant_type") != "client_credential" {
        return Json(json!({"errcode": 40002, "errmsg": "invalid grant_type"}));
    }
    if !registry.apps.contains(&(appid.clone(), field("secret"))) {
        return Json(json!({"errcode": 40125, "errmsg": "invalid appsecret"}));
    }
    let token = registry.next_value("mini-token");
    registry
        .mini_tokens
        .insert(token.clone(), (appid.clone(), true));
    registry.mini_usage.entry(appid).or_default().token += 1;
    Json(json!({"access_token": token, "expires_in": 7200}))
}

/// `POST /wxa/getwxacode?access_token=…` with `{"path", "width"}`: a PNG QR
/// code of the path (the real one draws a round mini-program code, but it
/// too opens `path`); WeChat-style JSON errors for a bad token, a missing
/// path or a failure the test asked for.
async fn getwxacode(
    State(registry): State<Shared>,
    Query(query): WeComQuery,
    Json(body): Json<Value>,
) -> Response {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/wxa/getwxacode", &query);
    let appid = match registry.token_app(&query) {
        Ok(appid) => appid,
        Err(refusal) => return refusal.into_response(),
    };
    if let Some(code) = registry.wxacode_failures.get(&appid) {
        return Json(json!({"errcode": code, "errmsg": "failure asked for by the test"}))
            .into_response();
    }
    let Some(path) = body["path"].as_str().filter(|p| !p.is_empty()) else {
        return Json(json!({"errcode": 40169, "errmsg": "invalid length for path"}))
            .into_response();
    };
    let request = CodeRequest {
        path: path.to_string(),
        width: body["width"].as_i64().unwrap_or(430),
    };
    let image = super::qr::qr_png(path);
    registry
        .mini_usage
        .entry(appid)
        .or_default()
        .codes
        .push(request);
    ([(header::CONTENT_TYPE, "image/png")], image).into_response()
}

/// `GET /sns/oauth2/access_token`: the openid, scope and a web access token
/// of a code [`FakeWechat::approve`] registered for an accepted app; `40029
/// invalid code` otherwise. Codes may be exchanged repeatedly here, so
/// refusing a reused code is the host's job.
async fn oauth_access_token(
    State(registry): State<Shared>,
    Query(query): WeComQuery,
) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/sns/oauth2/access_token", &query);
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    let appid = field("appid");
    registry
        .public_usage
        .entry(appid.clone())
        .or_default()
        .oauth += 1;
    let app_ok = registry.apps.contains(&(appid.clone(), field("secret")));
    let grant_ok = field("grant_type") == "authorization_code";
    let approval = registry
        .oauth_codes
        .get(&field("code"))
        .filter(|a| a.appid == appid)
        .cloned();
    match approval {
        Some(approval) if app_ok && grant_ok => {
            let token = registry.next_value("oauth-token");
            let answer = json!({
                "access_token": token,
                "expires_in": 7200,
                "refresh_token": format!("refresh-{token}"),
                "openid": approval.openid,
                "scope": approval.scope,
            });
            registry.oauth_tokens.insert(token, approval);
            Json(answer)
        }
        _ => Json(json!({"errcode": 40029, "errmsg": "invalid code"})),
    }
}

/// `GET /sns/userinfo`: the approved profile for a web access token of the
/// same openid granted `snsapi_userinfo`; WeChat's errors otherwise.
async fn sns_userinfo(State(registry): State<Shared>, Query(query): WeComQuery) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/sns/userinfo", &query);
    let field = |name: &str| query.get(name).cloned().unwrap_or_default();
    let Some(approval) = registry.oauth_tokens.get(&field("access_token")).cloned() else {
        return Json(
            json!({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}),
        );
    };
    if approval.openid != field("openid") {
        return Json(json!({"errcode": 40003, "errmsg": "invalid openid"}));
    }
    if !approval.scope.split(',').any(|s| s == "snsapi_userinfo") {
        return Json(json!({"errcode": 48001, "errmsg": "api unauthorized"}));
    }
    registry
        .public_usage
        .entry(approval.appid.clone())
        .or_default()
        .userinfo += 1;
    let p = &approval.profile;
    Json(json!({
        "openid": approval.openid,
        "nickname": p.nickname,
        "sex": p.sex,
        "province": p.province,
        "city": p.city,
        "country": p.country,
        "headimgurl": p.headimgurl,
        "privilege": [],
    }))
}

/// `GET /cgi-bin/ticket/getticket?type=jsapi`: a new two-hour ticket for the
/// app of a valid `cgi-bin/token` token; `42001` for an expired one.
async fn getticket(State(registry): State<Shared>, Query(query): WeComQuery) -> Json<Value> {
    let mut registry = registry.lock().unwrap_or_else(|e| e.into_inner());
    registry.record("/cgi-bin/ticket/getticket", &query);
    let appid = match registry.token_app(&query) {
        Ok(appid) => appid,
        Err(refusal) => return refusal,
    };
    if query.get("type").map(String::as_str) != Some("jsapi") {
        return Json(json!({"errcode": 40097, "errmsg": "invalid args"}));
    }
    let ticket = registry.next_value("pa-ticket");
    let usage = registry.public_usage.entry(appid).or_default();
    usage.ticket += 1;
    usage.tickets.push(ticket.clone());
    Json(json!({"errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": 7200}))
}

/// Any other path: recorded, and answered with a WeChat-style error.
async fn unknown(State(registry): State<Shared>, uri: Uri) -> Json<Value> {
    let query = uri
        .query()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    registry
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .received
        .push(Received {
            path: uri.path().into(),
            query,
        });
    Json(json!({"errcode": 40001, "errmsg": "unknown api in the e2e fake"}))
}
