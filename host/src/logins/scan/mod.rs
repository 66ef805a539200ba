//! Scan-code web login (DOMAIN §5.4, §0.9): the web console shows a QR code
//! of the company's WeCom OAuth URL carrying a one-time auth code; the phone
//! that scans it logs in through `qiyeweixin/work_weixin_auth/{company_id}`,
//! which confirms the code for that user; the console's socket then takes
//! the user's session once. Codes live in `scan_logins` (never in an account
//! column), expire after `--scan-login-expiry-secs`, and issuing them is
//! limited per client address and per company.

mod completion;
mod issue;
mod limiter;
mod socket;

pub use completion::{auth_code_of, complete};
pub use limiter::IssueLimiter;

use crate::app::{App, AppState};
use crate::local_time::now_ms;
use crate::media::storage;
use crate::store::scan_logins;
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use std::time::Duration;

/// Settings and limits of the scan-code login.
pub struct ScanLogin {
    /// How long a code stays valid (120 s unless configured).
    pub expiry: Duration,
    /// How many unexpired waiting codes one company may hold.
    pub waiting_cap: i64,
    /// Codes per client address and minute.
    pub limiter: IssueLimiter,
}

/// Routes of the QR issue and the console's socket.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/zhugeleida/admin/open_qiyeweixin/web_scan_authorize_qrcode",
            get(issue::authorize_qrcode),
        )
        .route(
            "/zhugeleida/public/websocket/scan_code_web_login",
            get(socket::connect),
        )
}

/// Removes expired codes and their QR images, and forgets idle clients of
/// the limiter, a few times per expiry period.
pub fn spawn_sweeper(app: AppState) {
    let every = (app.scan_login.expiry / 2).clamp(Duration::from_secs(1), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            sweep(&app).await;
        }
    });
}

async fn sweep(app: &Arc<App>) {
    app.scan_login.limiter.prune();
    let expired = match scan_logins::remove_expired(&app.db, now_ms()).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "sweeping expired scan-login codes");
            return;
        }
    };
    for (company_id, qr_path) in &expired {
        if let Some(path) = qr_path {
            storage::discard(&app.files_root, &app.db, *company_id, path).await;
        }
    }
    if !expired.is_empty() {
        tracing::info!(removed = expired.len(), "expired scan-login codes");
    }
}
