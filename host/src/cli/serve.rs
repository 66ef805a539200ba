//! `leida serve`: migrate, install modules, listen, shut down gracefully.

use super::DbArgs;
use crate::app::{self, App};
use crate::auth::Authenticator;
use crate::images::{self, Painter};
use crate::logins::scan::{self, IssueLimiter, ScanLogin};
use crate::media;
use crate::modules::registry::Registry;
use crate::realtime::{Bus, Hub};
use crate::runtime::limits::Limits;
use crate::runtime::Runtime;
use crate::wechat::WeChat;
use crate::wecom::WeCom;
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
    #[arg(
        long,
        env = "LEIDA_WECHAT_API_BASE",
        default_value = "https://api.weixin.qq.com"
    )]
    wechat_api_base: String,
    /// Enterprise WeChat (WeCom) API base URL.
    #[arg(
        long,
        env = "LEIDA_WEWORK_API_BASE",
        default_value = "https://qyapi.weixin.qq.com"
    )]
    wework_api_base: String,
    /// Extra module components (`*.wasm`) to install (default: `<data-dir>/plugins`).
    #[arg(long, env = "LEIDA_PLUGINS_DIR")]
    plugins_dir: Option<PathBuf>,
    /// Where compiled modules are cached (default: `<data-dir>/cache`).
    #[arg(long, env = "LEIDA_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Wall-clock limit of one module call, in milliseconds.
    #[arg(long, env = "LEIDA_MODULE_DEADLINE_MS", default_value_t = 1000)]
    module_deadline_ms: u64,
    /// Memory limit of one module instance, in MiB.
    #[arg(long, env = "LEIDA_MODULE_MEMORY_MIB", default_value_t = 64)]
    module_memory_mib: usize,
    /// How far a request timestamp may be from the server clock, in seconds.
    #[arg(long, env = "LEIDA_SIGNATURE_WINDOW_SECS", default_value_t = 300)]
    signature_window_secs: u64,
    /// How long an unfinished upload may sit untouched before its chunks are removed, in seconds.
    #[arg(long, env = "LEIDA_UPLOAD_EXPIRY_SECS", default_value_t = 3600)]
    upload_expiry_secs: u64,
    /// Font of the text in drawn images (posters): TrueType/OpenType or the
    /// first face of a collection, with CJK glyphs.
    #[arg(long, env = "LEIDA_FONT", default_value = images::DEFAULT_FONT)]
    font: PathBuf,
    /// Broker that carries socket wake-ups between hosts (`redis://…`); in-process when absent.
    #[arg(long, env = "LEIDA_BUS")]
    bus: Option<String>,
    /// The base URL clients and WeCom reach this service at (default: `http://<listening address>`).
    #[arg(long, env = "LEIDA_PUBLIC_URL")]
    public_url: Option<String>,
    /// How long a scan-login code stays valid, in seconds.
    #[arg(long, env = "LEIDA_SCAN_LOGIN_EXPIRY_SECS", default_value_t = 120)]
    scan_login_expiry_secs: u64,
    /// Scan-login codes one client address may take at once, and per minute after that.
    #[arg(long, env = "LEIDA_SCAN_LOGIN_PER_MINUTE", default_value_t = 10)]
    scan_login_per_minute: u32,
    /// Unexpired waiting scan-login codes one company may hold.
    #[arg(long, env = "LEIDA_SCAN_LOGIN_WAITING_CAP", default_value_t = 100)]
    scan_login_waiting_cap: i64,
}

/// Runs the server until SIGTERM or SIGINT.
pub async fn run(a: ServeArgs) -> anyhow::Result<()> {
    let db = a.db.open().await?;
    let data_dir = a.db.data_dir.clone();
    let limits = Limits {
        deadline: Duration::from_millis(a.module_deadline_ms),
        memory_bytes: a.module_memory_mib << 20,
    };
    let runtime = Runtime::new(
        limits,
        a.cache_dir.unwrap_or_else(|| data_dir.join("cache")),
    )?;
    tracing::info!(
        allocator = runtime.allocator,
        ?limits,
        "module runtime ready"
    );
    let modules = Registry::install(
        &db,
        &runtime,
        &a.plugins_dir.unwrap_or_else(|| data_dir.join("plugins")),
    )
    .await?;
    media::chunks::spawn_expiry(data_dir.clone(), Duration::from_secs(a.upload_expiry_secs));
    let bus = Arc::new(Bus::connect(a.bus.as_deref(), Hub::new()).await?);
    let listener = tokio::net::TcpListener::bind(&a.listen)
        .await
        .with_context(|| format!("binding {}", a.listen))?;
    let local = listener.local_addr()?;
    let public_url = a.public_url.unwrap_or_else(|| format!("http://{local}"));
    let app = Arc::new(App {
        auth: Authenticator::new(db.clone(), a.signature_window_secs),
        db,
        wechat: WeChat::new(&a.wechat_api_base),
        wecom: WeCom::new(&a.wework_api_base),
        runtime,
        modules,
        files_root: Arc::new(data_dir),
        painter: Arc::new(Painter::new(&a.font)),
        bus,
        public_url: public_url.trim_end_matches('/').to_string(),
        scan_login: ScanLogin {
            expiry: Duration::from_secs(a.scan_login_expiry_secs),
            waiting_cap: a.scan_login_waiting_cap,
            limiter: IssueLimiter::new(a.scan_login_per_minute),
        },
    });
    scan::spawn_sweeper(app.clone());
    println!("leida listening on http://{local}");
    // Client addresses feed the per-client limits (scan-login codes).
    let service = app::router(app).into_make_service_with_connect_info::<SocketAddr>();
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
