//! Scan-code web login, the service side: the web console shows a QR code of
//! the company's WeCom OAuth URL carrying a one-time auth code; the phone
//! that scans it logs in through `qiyeweixin/work_weixin_auth/{company_id}`,
//! which confirms the code for that user; the console's socket then takes
//! the user's session once. Codes live in `scan_logins` (never in an account
//! column), expire after `--scan-login-expiry-secs`, and issuing them is
//! limited per client address and per company. The endpoints are in
//! `api::logins::scan`.

mod limiter;

pub use limiter::IssueLimiter;

use crate::db::Db;
use crate::local_time::now_ms;
use crate::media::Files;
use crate::store::scan_logins;
use std::sync::Arc;
use std::time::Duration;

/// The `state` prefix that marks a scan login; the auth code follows it.
pub const STATE_PREFIX: &str = "scan_code_web_login|";

/// Settings and limits of the scan-code login.
pub struct ScanLogin {
    /// How long a code stays valid.
    pub expiry: Duration,
    /// How many unexpired waiting codes one company may hold.
    pub waiting_cap: i64,
    /// Codes per client address and minute.
    pub limiter: IssueLimiter,
}

/// The auth code of a scan login's `state`, if it is one.
pub fn auth_code_of(state: Option<&str>) -> Option<&str> {
    state?.strip_prefix(STATE_PREFIX)
}

/// Removes expired codes and their QR images, and forgets idle clients of
/// the limiter, a few times per expiry period.
pub fn spawn_sweeper(scan: Arc<ScanLogin>, db: Db, files: Files) {
    let every = (scan.expiry / 2).clamp(Duration::from_secs(1), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            sweep(&scan, &db, &files).await;
        }
    });
}

async fn sweep(scan: &ScanLogin, db: &Db, files: &Files) {
    scan.limiter.prune();
    let expired = match scan_logins::remove_expired(db, now_ms()).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "sweeping expired scan-login codes");
            return;
        }
    };
    for (company_id, qr_path) in &expired {
        if let Some(path) = qr_path {
            files.discard(*company_id, path).await;
        }
    }
    if !expired.is_empty() {
        tracing::info!(removed = expired.len(), "expired scan-login codes");
    }
}
