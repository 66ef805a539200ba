//! WeChat login codes already exchanged: each is accepted once.

use super::Result;
use crate::db::Db;
use crate::local_time::now_ms;

/// How long a used code is remembered: WeChat codes expire after five
/// minutes, so a day is ample and the table stays small.
const REMEMBER_MS: i64 = 24 * 3600 * 1000;

/// Claims `code`; false when it was used before.
pub async fn claim(db: &Db, code: &str) -> Result<bool> {
    sqlx::query("DELETE FROM used_login_codes WHERE used_at < $1")
        .bind(now_ms() - REMEMBER_MS)
        .execute(db.writer())
        .await?;
    let r = sqlx::query("INSERT INTO used_login_codes (code, used_at) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING")
        .bind(code)
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Forgets a claimed code whose exchange failed, so the client may retry it.
pub async fn release(db: &Db, code: &str) -> Result<()> {
    sqlx::query("DELETE FROM used_login_codes WHERE code = $1")
        .bind(code)
        .execute(db.writer())
        .await?;
    Ok(())
}
