//! Shared state of the running host and the router that serves it.

use crate::auth::Authenticator;
use crate::db::Db;
use crate::http;
use crate::images::Painter;
use crate::logins::scan::ScanLogin;
use crate::modules::registry::Registry;
use crate::realtime::Bus;
use crate::runtime::Runtime;
use crate::wechat::WeChat;
use crate::wecom::WeCom;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything a handler may use.
pub struct App {
    /// The database.
    pub db: Db,
    /// Signed-request verification.
    pub auth: Authenticator,
    /// The WeChat API client.
    pub wechat: WeChat,
    /// The enterprise-WeChat (WeCom) API client.
    pub wecom: WeCom,
    /// The wasm runtime.
    pub runtime: Runtime,
    /// Installed modules and their routes.
    pub modules: Registry,
    /// The public root: stored files live under `statics/` in it.
    pub files_root: Arc<PathBuf>,
    /// Draws images (posters) with the host's font.
    pub painter: Arc<Painter>,
    /// Wakes sockets on every host when chat state changes.
    pub bus: Arc<Bus>,
    /// The base URL clients and WeCom reach this service at (no trailing slash).
    pub public_url: String,
    /// Settings and limits of the scan-code web login.
    pub scan_login: ScanLogin,
}

/// Cheap-to-clone handle on [`App`].
pub type AppState = Arc<App>;

/// The whole HTTP surface.
pub fn router(app: AppState) -> Router {
    http::routes().with_state(app)
}
