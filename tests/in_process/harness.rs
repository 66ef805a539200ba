//! One host built in process from `Settings`, companies seeded through the
//! store, and requests signed the way clients sign them.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use leida::app::{App, AppState};
use leida::auth::credentials::{hash_password, new_token};
use leida::auth::signature::sign;
use leida::capabilities::{ModuleState, RequestScope};
use leida::http::envelope::Failure;
use leida::identity::{Authority, ClientKind, Principal};
use leida::modules::assign::{self, Actor};
use leida::modules::descriptor::Descriptor;
use leida::router::router;
use leida::settings::Settings;
use leida::store::{admins, companies, customers, relations, roles, users};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

/// A host of its own: a fresh data dir and SQLite database; compiled plugins
/// are shared between tests.
pub struct TestApp {
    /// The running host's state.
    pub app: AppState,
    /// Its data directory.
    pub dir: PathBuf,
}

/// Someone who signs requests.
#[derive(Debug, Clone)]
pub struct Signer {
    /// Who they are.
    pub principal: Principal,
    /// Their token.
    pub token: String,
}

/// A company with one of each kind of account.
pub struct Company {
    /// The company id.
    pub id: i64,
    /// Its back-office admin (password `s3cret`).
    pub admin: Signer,
    /// The admin's login name.
    pub admin_username: String,
    /// A radar user with tenant-admin authority.
    pub manager: Signer,
    /// A radar user (member).
    pub user: Signer,
    /// A mini-program customer related to `user`.
    pub customer: Signer,
}

/// An answer of the router.
pub struct Reply {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The failure the response carries for the log, if any.
    pub failure: Option<Failure>,
    /// The body as JSON (`Null` when it is not JSON).
    pub body: Value,
    /// The raw body.
    pub bytes: Vec<u8>,
}

impl Reply {
    /// The envelope's `code`.
    pub fn code(&self) -> i64 {
        self.body["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("no envelope: {}", self.body))
    }

    /// Asserts `code` and returns `data`.
    pub fn expect_code(&self, code: i64) -> &Value {
        assert_eq!(self.code(), code, "{}", self.body);
        &self.body["data"]
    }
}

fn unique() -> u64 {
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

/// A millisecond timestamp never handed out twice in this process, so no two
/// signatures collide in the replay cache.
fn fresh_timestamp() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let now = leida::local_time::now_ms();
    let prev = LAST
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |last| {
            Some(now.max(last + 1))
        })
        .unwrap_or(0);
    now.max(prev + 1)
}

impl TestApp {
    /// A host with the bundled plugins only.
    pub async fn new() -> TestApp {
        TestApp::with_plugins(&[]).await
    }

    /// A host that also installs the built test components named (e.g.
    /// `leida_misbehave.wasm`) from its plugins dir.
    pub async fn with_plugins(files: &[&str]) -> TestApp {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let dir = tmp.join(format!(
            "leida-in-process-{}-{}",
            std::process::id(),
            unique()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let mut settings = Settings::new(&dir, "http://127.0.0.1");
        settings.cache_dir = tmp.join("leida-in-process-cache");
        std::fs::create_dir_all(&settings.plugins_dir).unwrap();
        for file in files {
            let built = PathBuf::from(env!("LEIDA_WASM_DIR")).join(file);
            std::fs::copy(&built, settings.plugins_dir.join(file)).unwrap();
        }
        let plugins_dir = settings.plugins_dir.clone();
        let app = App::new(settings).await.expect("building the app");
        app.modules.install_dir(&plugins_dir).await;
        TestApp {
            app: Arc::new(app),
            dir,
        }
    }

    /// A company with an admin, a managing and a member radar user, and a
    /// customer of the member.
    pub async fn company(&self) -> Company {
        let db = &self.app.db;
        let n = unique();
        let id = companies::create(db, &format!("公司{n}"))
            .await
            .unwrap()
            .unwrap();
        let admin_token = new_token();
        let admin_username = format!("admin{n}-{}", std::process::id());
        let hash = hash_password("s3cret").unwrap();
        let admin_id = admins::create(db, id, &admin_username, &hash, &admin_token)
            .await
            .unwrap()
            .unwrap();
        let admin = Signer {
            principal: Principal {
                kind: ClientKind::Admin,
                id: admin_id,
                company_id: id,
            },
            token: admin_token,
        };
        let manager = self.radar_user(id, "manager", Authority::TenantAdmin).await;
        let user = self.radar_user(id, "member", Authority::Member).await;
        let customer = self.customer(id, user.principal.id).await;
        Company {
            id,
            admin,
            admin_username,
            manager,
            user,
            customer,
        }
    }

    /// A radar user of `company_id` with `authority`.
    pub async fn radar_user(&self, company_id: i64, name: &str, authority: Authority) -> Signer {
        let db = &self.app.db;
        let role_id = roles::ensure_builtin(db, company_id, authority)
            .await
            .unwrap();
        let token = new_token();
        let username = format!("{name}{}", unique());
        let new = users::NewUser {
            company_id,
            username: &username,
            password_hash: None,
            token: &token,
            boss: false,
            role_id: Some(role_id),
            wecom_userid: None,
        };
        let id = users::create(db, new).await.unwrap().unwrap();
        Signer {
            principal: Principal {
                kind: ClientKind::RadarUser,
                id,
                company_id,
            },
            token,
        }
    }

    /// A mini-program customer of `company_id` who authorised their profile,
    /// related to radar user `user_id`.
    pub async fn customer(&self, company_id: i64, user_id: i64) -> Signer {
        let db = &self.app.db;
        let token = new_token();
        let openid = format!("openid-{}", unique());
        let c = customers::upsert_by_openid(db, company_id, 2, &openid, "key", &token)
            .await
            .unwrap();
        let profile = customers::AuthorisedProfile {
            username: "客户",
            headimgurl: "statics/imgs/Avator.jpg",
            sex: 1,
            country: "",
            province: "",
            city: "",
            language: "",
        };
        customers::set_profile(db, company_id, c.id, profile)
            .await
            .unwrap();
        assert!(relations::create(db, company_id, user_id, c.id, 1, None)
            .await
            .unwrap());
        Signer {
            principal: Principal {
                kind: ClientKind::Customer,
                id: c.id,
                company_id,
            },
            token: c.token,
        }
    }

    /// Switches `slot` on or off for `company_id`, applied on this host at once.
    pub async fn set_module(&self, company_id: i64, slot: &str, enabled: bool) {
        let actor = Actor {
            name: "test",
            granted_only: false,
        };
        assign::set_enabled(&self.app.db, company_id, slot, enabled, actor)
            .await
            .unwrap();
        self.app
            .modules
            .apply(vec![(company_id, slot.to_string())])
            .await
            .unwrap();
    }

    /// A signed GET.
    pub async fn get(&self, path: &str, who: &Signer, query: &[(&str, &str)]) -> Reply {
        let url = signed(path, Some(who), query);
        self.send(Request::get(url).body(Body::empty()).unwrap())
            .await
    }

    /// A signed POST of a form.
    pub async fn post(&self, path: &str, who: &Signer, form: &[(&str, &str)]) -> Reply {
        let url = signed(path, Some(who), &[]);
        let body = serde_urlencoded::to_string(form).unwrap();
        let request = Request::post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// An unsigned request.
    pub async fn open(&self, method: Method, path: &str, query: &[(&str, &str)]) -> Reply {
        let url = signed(path, None, query);
        let request = Request::builder()
            .method(method)
            .uri(url)
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// Any request, through the whole router with its layers.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = router(self.app.clone()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let failure = response.extensions().get::<Failure>().cloned();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            failure,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            bytes,
        }
    }

    /// The store data of one module call by `caller` in `company_id`, as
    /// dispatch builds it, for a module of `slot` declaring `collections`.
    pub async fn module_state(
        &self,
        company_id: i64,
        caller: &Signer,
        slot: &str,
        collections: &[&str],
    ) -> ModuleState {
        let scope = self.scope(company_id, caller, slot, collections).await;
        ModuleState::new(Some(scope), &format!("{slot}@test"), 64 << 20)
    }

    /// [`Self::module_state`] of a module answering a peer read: read-only,
    /// without peer reads of its own.
    pub async fn peer_module_state(
        &self,
        company_id: i64,
        caller: &Signer,
        slot: &str,
        collections: &[&str],
    ) -> ModuleState {
        let mut scope = self.scope(company_id, caller, slot, collections).await;
        scope.read_only = true;
        scope.peers = None;
        ModuleState::new(Some(scope), &format!("{slot}@test"), 64 << 20)
    }

    async fn scope(
        &self,
        company_id: i64,
        caller: &Signer,
        slot: &str,
        collections: &[&str],
    ) -> RequestScope {
        let company = companies::get(&self.app.db, company_id)
            .await
            .unwrap()
            .unwrap();
        let module = Descriptor {
            slot: slot.into(),
            version: "test".into(),
            routes: vec![],
            collections: Arc::new(collections.iter().map(|c| c.to_string()).collect()),
            indexes: vec![],
        };
        self.app
            .request_scope(Arc::new(company), caller.principal, &module)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `path?query`, signed by `who` first when given.
fn signed(path: &str, who: Option<&Signer>, query: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(who) = who {
        let ts = fresh_timestamp().to_string();
        pairs.push(("rand_str".into(), sign(&ts, &who.token)));
        pairs.push(("timestamp".into(), ts));
        pairs.push(("user_id".into(), who.principal.id.to_string()));
    }
    pairs.extend(query.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    if pairs.is_empty() {
        return path.to_string();
    }
    format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap())
}
