//! [`App`]: the services a running host shares, built from [`Settings`] by
//! [`App::new`]. Handlers reach them through the router's state, either as
//! the whole [`AppState`] or as one service (axum's `FromRef` sub-states).

use crate::auth::Authenticator;
use crate::capabilities::{CallTrace, RequestScope};
use crate::db::Db;
use crate::identity::Principal;
use crate::images::Painter;
use crate::media::{chunks, Files};
use crate::modules::canary::CanaryRule;
use crate::modules::descriptor::Descriptor;
use crate::modules::peers::PeerModules;
use crate::modules::registry::Registry;
use crate::public_account::share_link::ShareLinks;
use crate::qr_codes::QrCodes;
use crate::realtime::{Bus, Hub};
use crate::runtime::limits::Limits;
use crate::runtime::Runtime;
use crate::scan_login::{self, IssueLimiter, ScanLogin};
use crate::settings::Settings;
use crate::store::companies::Company;
use crate::wechat::WeChat;
use crate::wecom::WeCom;
use axum::extract::FromRef;
use std::sync::Arc;
use std::time::Duration;

/// Everything a handler may use.
pub struct App {
    /// The database.
    pub db: Db,
    /// Signed-request verification.
    pub auth: Authenticator,
    /// The WeChat API client.
    pub wechat: Arc<WeChat>,
    /// The enterprise-WeChat (WeCom) API client.
    pub wecom: WeCom,
    /// Mini-program codes of users and pairs.
    pub qr_codes: QrCodes,
    /// The wasm runtime.
    pub runtime: Arc<Runtime>,
    /// The builds serving every company's module slots, and their routes.
    pub modules: Arc<Registry>,
    /// Peer reads between the modules of one company.
    peers: Arc<PeerModules>,
    /// Stored files.
    pub files: Files,
    /// Draws images (posters) with the host's font.
    pub painter: Arc<Painter>,
    /// Wakes sockets on every host when chat state changes.
    pub bus: Arc<Bus>,
    /// The base URL clients and WeCom reach this service at (no trailing slash).
    pub public_url: String,
    /// Settings and limits of the scan-code web login.
    pub scan_login: Arc<ScanLogin>,
    /// Where public-account share links point.
    pub share_links: Arc<ShareLinks>,
    upload_expiry: Duration,
    plugins_dir: std::path::PathBuf,
    /// Where every module call's host calls go, when traced (`leida module try`).
    pub trace: Option<Arc<CallTrace>>,
}

/// Cheap-to-clone handle on [`App`]: the router's state.
pub type AppState = Arc<App>;

impl App {
    /// Connects to the database (migrating it), starts the plugin runtime,
    /// installs the bundled and the plugins-dir plugins, and connects the bus.
    pub async fn new(s: Settings) -> anyhow::Result<App> {
        let db = Db::connect(&s.database_url).await?;
        db.migrate().await?;
        let limits = Limits {
            deadline: s.module_deadline,
            memory_bytes: s.module_memory_bytes,
        };
        let runtime = Arc::new(Runtime::new(limits, s.cache_dir.clone())?);
        tracing::info!(
            allocator = runtime.allocator,
            ?limits,
            "module runtime ready"
        );
        let rule = CanaryRule {
            window: s.canary_window,
            max_failure_percent: s.canary_max_failure_percent,
        };
        let modules = Arc::new(Registry::start(db.clone(), runtime.clone(), rule).await?);
        let bus = Arc::new(Bus::connect(s.bus.as_deref(), Hub::new()).await?);
        let files = Files::new(s.data_dir.clone(), db.clone());
        let wechat = Arc::new(WeChat::new(&s.wechat_api_base));
        Ok(App {
            auth: Authenticator::new(db.clone(), s.signature_window.as_secs()),
            qr_codes: QrCodes::new(wechat.clone(), files.clone(), db.clone()),
            wechat,
            wecom: WeCom::new(&s.wework_api_base),
            peers: Arc::new(PeerModules::new(modules.clone(), runtime.clone())),
            runtime,
            modules,
            painter: Arc::new(Painter::new(&s.font)),
            bus,
            public_url: s.public_url.trim_end_matches('/').to_string(),
            share_links: Arc::new(ShareLinks::new(&s)),
            scan_login: Arc::new(ScanLogin {
                expiry: s.scan_login_expiry,
                waiting_cap: s.scan_login_waiting_cap,
                limiter: IssueLimiter::new(s.scan_login_per_minute),
            }),
            upload_expiry: s.upload_expiry,
            plugins_dir: s.plugins_dir,
            trace: None,
            files,
            db,
        })
    }

    /// Starts the background work: the module watcher (changes applied,
    /// builds compiled ahead, call counts flushed), the plugins dir's
    /// installs, and the sweepers of abandoned uploads and expired
    /// scan-login codes.
    pub fn spawn_background(&self) {
        self.modules.spawn_watch();
        self.modules.spawn_plugins_dir(self.plugins_dir.clone());
        self.modules.precompile_all();
        chunks::spawn_expiry(self.files.root().to_path_buf(), self.upload_expiry);
        scan_login::spawn_sweeper(self.scan_login.clone(), self.db.clone(), self.files.clone());
    }

    /// What the capabilities of one module call are bound to: the request's
    /// company and caller, and the module the plugin serves.
    pub fn request_scope(
        &self,
        company: Arc<Company>,
        caller: Principal,
        module: &Descriptor,
    ) -> RequestScope {
        RequestScope {
            db: self.db.clone(),
            company_id: company.id,
            company,
            caller,
            slot: module.slot.clone(),
            collections: module.collections.clone(),
            plugin_label: module.label(),
            files: self.files.clone(),
            bus: self.bus.clone(),
            painter: self.painter.clone(),
            share_links: self.share_links.clone(),
            trace: self.trace.clone(),
            peers: Some(self.peers.clone()),
            read_only: false,
        }
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(app: &AppState) -> Db {
        app.db.clone()
    }
}

impl FromRef<AppState> for Files {
    fn from_ref(app: &AppState) -> Files {
        app.files.clone()
    }
}

impl FromRef<AppState> for Authenticator {
    fn from_ref(app: &AppState) -> Authenticator {
        app.auth.clone()
    }
}

impl FromRef<AppState> for QrCodes {
    fn from_ref(app: &AppState) -> QrCodes {
        app.qr_codes.clone()
    }
}
