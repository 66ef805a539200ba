//! [`Settings`]: everything `leida serve` is configured with, as a plain
//! struct, so the command line, tests and benches build the same [`App`]
//! from it. The defaults live here once; the command-line flags show them.
//!
//! [`App`]: crate::app::App

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The largest request body accepted by non-upload endpoints (chunked
/// uploads are sized to fit under it).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// WeChat's API.
pub const WECHAT_API_BASE: &str = "https://api.weixin.qq.com";
/// Enterprise WeChat's (WeCom's) API.
pub const WEWORK_API_BASE: &str = "https://qyapi.weixin.qq.com";
/// Where WeChat's OAuth pages (`/connect/oauth2/authorize`) are served.
pub const WECHAT_OPEN_BASE: &str = "https://open.weixin.qq.com";
/// Wall-clock limit of one module call, in milliseconds.
pub const MODULE_DEADLINE_MS: u64 = 1000;
/// Memory limit of one module instance, in MiB.
pub const MODULE_MEMORY_MIB: usize = 64;
/// How far a request timestamp may be from the server clock, in seconds.
pub const SIGNATURE_WINDOW_SECS: u64 = 300;
/// How long an unfinished upload may sit untouched, in seconds.
pub const UPLOAD_EXPIRY_SECS: u64 = 3600;
/// The font drawn images use: where Debian's `fonts-wqy-microhei` installs
/// WenQuanYi Micro Hei, a font with Latin and CJK glyphs.
pub const FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
/// How long a scan-login code stays valid, in seconds.
pub const SCAN_LOGIN_EXPIRY_SECS: u64 = 120;
/// Scan-login codes one client address may take at once, and per minute after that.
pub const SCAN_LOGIN_PER_MINUTE: u32 = 10;
/// Unexpired waiting scan-login codes one company may hold.
pub const SCAN_LOGIN_WAITING_CAP: i64 = 100;

/// How many of a canary build's latest calls are judged.
pub const CANARY_WINDOW: usize = 200;
/// The share of them that may fail before the company is rolled back, in percent.
pub const CANARY_MAX_FAILURE_PERCENT: u8 = 5;

/// How a host is configured.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: String,
    /// Where stored files (`statics/`), unfinished uploads and caches live.
    pub data_dir: PathBuf,
    /// The base URL clients and WeCom reach this host at (no trailing slash).
    pub public_url: String,
    /// WeChat's API base URL.
    pub wechat_api_base: String,
    /// WeCom's API base URL.
    pub wework_api_base: String,
    /// WeChat's OAuth pages: share links send customers there to sign in.
    pub wechat_open_base: String,
    /// The public-account web pages (the article page, …): a customer who
    /// signed in through a share link is sent on to a page under it.
    pub public_account_pages: String,
    /// Extra plugin components (`*.wasm`) installed at start.
    pub plugins_dir: PathBuf,
    /// Where compiled plugins are cached.
    pub cache_dir: PathBuf,
    /// Wall-clock limit of one module call.
    pub module_deadline: Duration,
    /// Memory limit of one module instance, in bytes.
    pub module_memory_bytes: usize,
    /// How far a request timestamp may be from the server clock.
    pub signature_window: Duration,
    /// How long an unfinished upload may sit untouched before it is removed.
    pub upload_expiry: Duration,
    /// The font of text in drawn images.
    pub font: PathBuf,
    /// The broker carrying socket wake-ups between hosts (`redis://…`); in
    /// process when `None`.
    pub bus: Option<String>,
    /// How long a scan-login code stays valid.
    pub scan_login_expiry: Duration,
    /// Scan-login codes per client address and minute.
    pub scan_login_per_minute: u32,
    /// Unexpired waiting scan-login codes one company may hold.
    pub scan_login_waiting_cap: i64,
    /// How many of a canary build's latest calls are judged.
    pub canary_window: usize,
    /// The share of those that may fail, in percent; more rolls it back.
    pub canary_max_failure_percent: u8,
}

impl Settings {
    /// The defaults, with SQLite, plugins and caches inside `data_dir`, for a
    /// host reached at `public_url`.
    pub fn new(data_dir: impl Into<PathBuf>, public_url: &str) -> Settings {
        let data_dir = data_dir.into();
        let public_url = public_url.trim_end_matches('/').to_string();
        Settings {
            database_url: sqlite_url(&data_dir),
            plugins_dir: data_dir.join("plugins"),
            cache_dir: data_dir.join("cache"),
            data_dir,
            public_account_pages: format!("{public_url}/gongzhonghao"),
            public_url,
            wechat_api_base: WECHAT_API_BASE.into(),
            wework_api_base: WEWORK_API_BASE.into(),
            wechat_open_base: WECHAT_OPEN_BASE.into(),
            module_deadline: Duration::from_millis(MODULE_DEADLINE_MS),
            module_memory_bytes: MODULE_MEMORY_MIB << 20,
            signature_window: Duration::from_secs(SIGNATURE_WINDOW_SECS),
            upload_expiry: Duration::from_secs(UPLOAD_EXPIRY_SECS),
            font: FONT.into(),
            bus: None,
            scan_login_expiry: Duration::from_secs(SCAN_LOGIN_EXPIRY_SECS),
            scan_login_per_minute: SCAN_LOGIN_PER_MINUTE,
            scan_login_waiting_cap: SCAN_LOGIN_WAITING_CAP,
            canary_window: CANARY_WINDOW,
            canary_max_failure_percent: CANARY_MAX_FAILURE_PERCENT,
        }
    }
}

/// The SQLite database inside a data dir.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("leida.db").display())
}
