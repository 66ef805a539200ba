//! A fake of the WeChat platform API (`jscode2session`), served by axum on
//! 127.0.0.1 from a thread of its own so it outlives every test's runtime.

use axum::extract::{Query, State};
use axum::http::Uri;
use axum::routing::get;
use axum::{Json, Router};
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

    /// The base URL to pass as `--wechat-api-base` / `--wework-api-base`.
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
            "session_key": format!("sk-{openid}"),
        })),
        _ => Json(json!({"errcode": 40029, "errmsg": "invalid code"})),
    }
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
