//! Which build serves each company's module slot, whether the slot is on,
//! its canary, and the history of every change (what rollback returns to).

use super::Result;
use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

/// A company's slot as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SlotRow {
    pub company_id: i64,
    pub slot: String,
    /// The build serving the slot; `None`: the slot's bundled build.
    pub digest: Option<String>,
    pub enabled: i64,
    pub canary_digest: Option<String>,
    pub canary_percent: Option<i64>,
    pub updated_at: i64,
}

/// The state a change leaves a slot in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotState {
    /// The build serving the slot; `None`: the bundled one.
    pub digest: Option<String>,
    /// Whether the slot is on.
    pub enabled: bool,
    /// A build taking `percent` of the requests, if any.
    pub canary: Option<(String, u8)>,
}

impl SlotRow {
    /// The row's state.
    pub fn state(&self) -> SlotState {
        SlotState {
            digest: self.digest.clone(),
            enabled: self.enabled == 1,
            canary: self
                .canary_digest
                .clone()
                .zip(self.canary_percent.map(|p| p.clamp(0, 100) as u8)),
        }
    }
}

/// One recorded change of a slot.
#[derive(Debug, Clone, FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub company_id: i64,
    pub slot: String,
    pub action: String,
    pub from_digest: Option<String>,
    pub to_digest: Option<String>,
    pub canary_digest: Option<String>,
    pub canary_percent: Option<i64>,
    pub enabled: i64,
    pub reason: String,
    pub actor: String,
    pub at: i64,
}

/// Why and by whom a slot changes.
pub struct Entry<'a> {
    /// `use`, `canary`, `promote`, `rollback`, `auto-rollback`, `enable`, `disable`.
    pub action: &'a str,
    /// Why (empty when the actor gave no reason).
    pub reason: &'a str,
    /// Who: `cli`, `admin:<id>`, `host`.
    pub actor: &'a str,
}

const COLUMNS: &str =
    "company_id, slot, digest, enabled, canary_digest, canary_percent, updated_at";

/// The slot `slot` of `company_id`, if it was ever changed.
pub async fn get(db: &Db, company_id: i64, slot: &str) -> Result<Option<SlotRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM company_modules WHERE company_id = $1 AND slot = $2"
    ))
    .bind(company_id)
    .bind(slot)
    .fetch_optional(&db.pool)
    .await?)
}

/// The slots `company_id` ever changed.
pub async fn of_company(db: &Db, company_id: i64) -> Result<Vec<SlotRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM company_modules WHERE company_id = $1 ORDER BY slot"
    ))
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Every changed slot of every company (a host's first load).
pub async fn all(db: &Db) -> Result<Vec<SlotRow>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM company_modules"))
            .fetch_all(&db.pool)
            .await?,
    )
}

/// Changes a company's slot in one transaction: `decide` sees the current
/// state (a slot never changed starts as `initial`) and returns the new one,
/// or `None` to change nothing; the change is recorded in the history.
/// Returns the state written and the history row's id.
pub async fn change(
    db: &Db,
    company_id: i64,
    slot: &str,
    initial: SlotState,
    decide: impl FnOnce(&SlotState) -> Option<SlotState>,
    entry: Entry<'_>,
) -> Result<Option<(SlotState, i64)>> {
    let now = now_ms();
    // Write first (SQLite): make sure the row exists, then lock and read it.
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO company_modules (company_id, slot, digest, enabled, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id, slot) DO NOTHING",
    )
    .bind(company_id)
    .bind(slot)
    .bind(initial.digest.as_deref())
    .bind(initial.enabled as i64)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let current: SlotRow = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM company_modules WHERE company_id = $1 AND slot = $2{}",
        db.dialect.for_update()
    ))
    .bind(company_id)
    .bind(slot)
    .fetch_one(&mut *tx)
    .await?;
    let before = current.state();
    let Some(after) = decide(&before) else {
        return Ok(None);
    };
    let (canary_digest, canary_percent) = match &after.canary {
        Some((d, p)) => (Some(d.as_str()), Some(i64::from(*p))),
        None => (None, None),
    };
    sqlx::query(
        "UPDATE company_modules SET digest = $3, enabled = $4, canary_digest = $5, \
         canary_percent = $6, updated_at = $7 WHERE company_id = $1 AND slot = $2",
    )
    .bind(company_id)
    .bind(slot)
    .bind(after.digest.as_deref())
    .bind(after.enabled as i64)
    .bind(canary_digest)
    .bind(canary_percent)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO module_history (company_id, slot, action, from_digest, to_digest, canary_digest, \
         canary_percent, enabled, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         RETURNING id",
    )
    .bind(company_id)
    .bind(slot)
    .bind(entry.action)
    .bind(before.digest.as_deref())
    .bind(after.digest.as_deref())
    .bind(canary_digest)
    .bind(canary_percent)
    .bind(after.enabled as i64)
    .bind(entry.reason)
    .bind(entry.actor)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some((after, id)))
}

/// The history of a company's slots, newest first (of one slot when given).
pub async fn history(
    db: &Db,
    company_id: i64,
    slot: Option<&str>,
    limit: i64,
) -> Result<Vec<HistoryRow>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, slot, action, from_digest, to_digest, canary_digest, canary_percent, \
         enabled, reason, actor, at FROM module_history WHERE company_id = $1 AND ($2 IS NULL OR slot = $2) \
         ORDER BY id DESC LIMIT $3",
    )
    .bind(company_id)
    .bind(slot)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// The newest history id (0 before any change): hosts watch it.
pub async fn latest_change(db: &Db) -> Result<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM module_history")
        .fetch_one(&db.pool)
        .await?;
    Ok(id.unwrap_or(0))
}

/// The (company, slot) pairs changed after history id `after`, with the
/// newest id seen.
pub async fn changed_after(db: &Db, after: i64) -> Result<(Vec<(i64, String)>, i64)> {
    let rows =
        sqlx::query("SELECT id, company_id, slot FROM module_history WHERE id > $1 ORDER BY id")
            .bind(after)
            .fetch_all(&db.pool)
            .await?;
    let mut newest = after;
    let mut pairs: Vec<(i64, String)> = Vec::new();
    for r in &rows {
        newest = newest.max(r.get("id"));
        let pair = (r.get("company_id"), r.get("slot"));
        if !pairs.contains(&pair) {
            pairs.push(pair);
        }
    }
    Ok((pairs, newest))
}
