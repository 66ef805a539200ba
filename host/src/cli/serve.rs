//! `leida serve`: flags → [`Settings`] → [`App`] → [`router`], then listen
//! until SIGTERM or SIGINT and shut down gracefully.

use super::{DbArgs, RuntimeArgs};
use crate::app::App;
use crate::router::router;
use crate::settings::{self, Settings};
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// `leida serve` options; each has an environment variable too.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    #[arg(long, env = "LEIDA_LISTEN", default_value = "127.0.0.1:8000")]
    listen: String,
    /// WeChat API base URL.
    #[arg(long, env = "LEIDA_WECHAT_API_BASE", default_value = settings::WECHAT_API_BASE)]
    wechat_api_base: String,
    /// Enterprise WeChat (WeCom) API base URL.
    #[arg(long, env = "LEIDA_WEWORK_API_BASE", default_value = settings::WEWORK_API_BASE)]
    wework_api_base: String,
    /// WeChat's OAuth pages, where share links send customers to sign in.
    #[arg(long, env = "LEIDA_WECHAT_OPEN_BASE", default_value = settings::WECHAT_OPEN_BASE)]
    wechat_open_base: String,
    /// The public-account web pages a signed-in customer is sent on to
    /// (default: `<public-url>/gongzhonghao`).
    #[arg(long, env = "LEIDA_PUBLIC_ACCOUNT_PAGES")]
    public_account_pages: Option<String>,
    /// Extra plugin components (`*.wasm`) to install (default: `<data-dir>/plugins`).
    #[arg(long, env = "LEIDA_PLUGINS_DIR")]
    plugins_dir: Option<PathBuf>,
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// How many of a canary build's latest calls are judged.
    #[arg(long, env = "LEIDA_CANARY_WINDOW", default_value_t = settings::CANARY_WINDOW)]
    canary_window: usize,
    /// The share of those calls that may fail, in percent; more rolls the company back.
    #[arg(long, env = "LEIDA_CANARY_MAX_FAILURE_PERCENT", default_value_t = settings::CANARY_MAX_FAILURE_PERCENT)]
    canary_max_failure_percent: u8,
    /// How far a request timestamp may be from the server clock, in seconds.
    #[arg(long, env = "LEIDA_SIGNATURE_WINDOW_SECS", default_value_t = settings::SIGNATURE_WINDOW_SECS)]
    signature_window_secs: u64,
    /// How long an unfinished upload may sit untouched before its chunks are removed, in seconds.
    #[arg(long, env = "LEIDA_UPLOAD_EXPIRY_SECS", default_value_t = settings::UPLOAD_EXPIRY_SECS)]
    upload_expiry_secs: u64,
    /// Font of the text in drawn images (posters): TrueType/OpenType or the
    /// first face of a collection, with CJK glyphs.
    #[arg(long, env = "LEIDA_FONT", default_value = settings::FONT)]
    font: PathBuf,
    /// Broker that carries socket wake-ups between hosts (`redis://…`); in-process when absent.
    #[arg(long, env = "LEIDA_BUS")]
    bus: Option<String>,
    /// The base URL clients and WeCom reach this service at (default: `http://<listening address>`).
    #[arg(long, env = "LEIDA_PUBLIC_URL")]
    public_url: Option<String>,
    /// How long a scan-login code stays valid, in seconds.
    #[arg(long, env = "LEIDA_SCAN_LOGIN_EXPIRY_SECS", default_value_t = settings::SCAN_LOGIN_EXPIRY_SECS)]
    scan_login_expiry_secs: u64,
    /// Scan-login codes one client address may take at once, and per minute after that.
    #[arg(long, env = "LEIDA_SCAN_LOGIN_PER_MINUTE", default_value_t = settings::SCAN_LOGIN_PER_MINUTE)]
    scan_login_per_minute: u32,
    /// Unexpired waiting scan-login codes one company may hold.
    #[arg(long, env = "LEIDA_SCAN_LOGIN_WAITING_CAP", default_value_t = settings::SCAN_LOGIN_WAITING_CAP)]
    scan_login_waiting_cap: i64,
}

impl ServeArgs {
    /// The settings these flags name, for a host reachable at `local`.
    fn settings(self, local: SocketAddr) -> Settings {
        let data_dir = self.db.data_dir.clone();
        let public_url = self.public_url.unwrap_or_else(|| format!("http://{local}"));
        let mut s = Settings::new(data_dir, &public_url);
        s.database_url = self.db.url();
        if let Some(dir) = self.plugins_dir {
            s.plugins_dir = dir;
        }
        s.cache_dir = self.runtime.cache_dir(&self.db.data_dir);
        s.wechat_api_base = self.wechat_api_base;
        s.wework_api_base = self.wework_api_base;
        s.wechat_open_base = self.wechat_open_base.trim_end_matches('/').to_string();
        if let Some(pages) = self.public_account_pages {
            s.public_account_pages = pages.trim_end_matches('/').to_string();
        }
        let limits = self.runtime.limits();
        s.module_deadline = limits.deadline;
        s.module_memory_bytes = limits.memory_bytes;
        s.canary_window = self.canary_window;
        s.canary_max_failure_percent = self.canary_max_failure_percent;
        s.signature_window = Duration::from_secs(self.signature_window_secs);
        s.upload_expiry = Duration::from_secs(self.upload_expiry_secs);
        s.font = self.font;
        s.bus = self.bus;
        s.scan_login_expiry = Duration::from_secs(self.scan_login_expiry_secs);
        s.scan_login_per_minute = self.scan_login_per_minute;
        s.scan_login_waiting_cap = self.scan_login_waiting_cap;
        s
    }
}

/// Runs the server until SIGTERM or SIGINT.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    let local = listener.local_addr()?;
    let app = Arc::new(App::new(args.settings(local)).await?);
    app.spawn_background();
    println!("leida listening on http://{local}");
    // Client addresses feed the per-client limits (scan-login codes).
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("installing SIGTERM handler");
    tokio::select! {
        _ = interrupt => {}
        _ = terminate.recv() => {}
    }
    tracing::info!("shutting down");
}
