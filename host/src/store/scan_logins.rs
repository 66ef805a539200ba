//! Scan-code web login codes: issued waiting, settled once by the phone
//! (confirmed for a user, or refused), taken once by the browser, swept when
//! they expire. A code is looked up by its text alone: it is the capability.

use super::Result;
use crate::db::Db;
use sqlx::Row;

/// Where a code stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanState {
    /// Issued; no phone has answered yet.
    Waiting,
    /// A phone logged in as `user_id`.
    Confirmed,
    /// A phone answered, but the login was refused (disabled, not a member…).
    Refused,
}

impl ScanState {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            ScanState::Waiting => "waiting",
            ScanState::Confirmed => "confirmed",
            ScanState::Refused => "refused",
        }
    }

    fn parse(text: &str) -> Option<ScanState> {
        [ScanState::Waiting, ScanState::Confirmed, ScanState::Refused]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A new code's fields.
pub struct NewScanLogin<'a> {
    /// The code's text.
    pub code: &'a str,
    /// The company whose WeCom login completes it.
    pub company_id: i64,
    /// Now, in epoch milliseconds.
    pub now: i64,
    /// When it stops being valid.
    pub expires_at: i64,
    /// How many unexpired waiting codes the company may hold, this one included.
    pub waiting_cap: i64,
}

/// Records a waiting code and returns its id; `None` when the company
/// already holds `waiting_cap` waiting codes.
pub async fn issue(db: &Db, new: NewScanLogin<'_>) -> Result<Option<i64>> {
    Ok(
        // One statement: the count and the insert cannot be split by another writer on SQLite.
        sqlx::query_scalar(
            "INSERT INTO scan_logins (code, company_id, state, created_at, expires_at) \
         SELECT $1, $2, 'waiting', $3, $4 \
         WHERE (SELECT COUNT(*) FROM scan_logins \
                WHERE company_id = $2 AND state = 'waiting' AND expires_at > $3) < $5 \
         RETURNING id",
        )
        .bind(new.code)
        .bind(new.company_id)
        .bind(new.now)
        .bind(new.expires_at)
        .bind(new.waiting_cap)
        .fetch_optional(db.writer())
        .await?,
    )
}

/// Records the QR image of code `id`.
pub async fn set_qr_path(db: &Db, company_id: i64, id: i64, path: &str) -> Result<()> {
    sqlx::query("UPDATE scan_logins SET qr_path = $1 WHERE company_id = $2 AND id = $3")
        .bind(path)
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Removes code `id` (its issue failed half-way).
pub async fn forget(db: &Db, company_id: i64, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM scan_logins WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Settles `code` as `state` (for `user_id` when confirmed), only while it is
/// waiting, unexpired at `now` and of `company_id`; false otherwise.
pub async fn settle(
    db: &Db,
    company_id: i64,
    code: &str,
    state: ScanState,
    user_id: Option<i64>,
    now: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE scan_logins SET state = $1, user_id = $2 \
         WHERE company_id = $3 AND code = $4 AND state = 'waiting' AND expires_at > $5",
    )
    .bind(state.as_str())
    .bind(user_id)
    .bind(company_id)
    .bind(code)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A settled code, taken out of the store.
#[derive(Debug, Clone)]
pub struct Settled {
    /// The company it was issued for.
    pub company_id: i64,
    /// Confirmed or refused.
    pub state: ScanState,
    /// The user who confirmed it.
    pub user_id: Option<i64>,
    /// Its QR image, to discard.
    pub qr_path: Option<String>,
}

/// Removes and returns `code` if it is settled and unexpired at `now`: one
/// statement, so of two concurrent takers only one gets it.
pub async fn take_settled(db: &Db, code: &str, now: i64) -> Result<Option<Settled>> {
    let row = sqlx::query(
        "DELETE FROM scan_logins WHERE code = $1 AND state <> 'waiting' AND expires_at > $2 \
         RETURNING company_id, state, user_id, qr_path",
    )
    .bind(code)
    .bind(now)
    .fetch_optional(db.writer())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let state: String = row.try_get("state")?;
    Ok(Some(Settled {
        company_id: row.try_get("company_id")?,
        // The column's CHECK allows nothing else; an unknown value reads as refused.
        state: ScanState::parse(&state).unwrap_or(ScanState::Refused),
        user_id: row.try_get("user_id")?,
        qr_path: row.try_get("qr_path")?,
    }))
}

/// When `code` expires, if it is waiting and unexpired at `now`.
pub async fn waiting_until(db: &Db, code: &str, now: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT expires_at FROM scan_logins WHERE code = $1 AND state = 'waiting' AND expires_at > $2",
    )
    .bind(code)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?)
}

/// Removes the codes expired at `now`; returns their (company, QR image).
pub async fn remove_expired(db: &Db, now: i64) -> Result<Vec<(i64, Option<String>)>> {
    let rows =
        sqlx::query("DELETE FROM scan_logins WHERE expires_at <= $1 RETURNING company_id, qr_path")
            .bind(now)
            .fetch_all(db.writer())
            .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("company_id")?, r.try_get("qr_path")?)))
        .collect()
}
