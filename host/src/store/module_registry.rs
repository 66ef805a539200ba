//! Installed module builds and which of them each company runs.

use super::Result;
use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::Row;

/// Records an installed build (idempotent).
pub async fn record_install(
    db: &Db,
    name: &str,
    version: &str,
    digest: &str,
    descriptor: &str,
    origin: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO modules (name, version, digest, descriptor, origin, installed_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (name, version, digest) DO UPDATE SET origin = excluded.origin",
    )
    .bind(name)
    .bind(version)
    .bind(digest)
    .bind(descriptor)
    .bind(origin)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Turns a slot on or off for a company (creating its switch).
pub async fn set_enabled(db: &Db, company_id: i64, slot: &str, enabled: bool) -> Result<()> {
    sqlx::query(
        "INSERT INTO company_modules (company_id, slot, enabled, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (company_id, slot) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
    )
    .bind(company_id)
    .bind(slot)
    .bind(enabled as i64)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Whether a module is on for a company: its own choice, else on for
/// bundled modules and off for modules from the plugins directory.
pub fn is_on(switch: Option<bool>, bundled: bool) -> bool {
    switch.unwrap_or(bundled)
}

/// Whether a company has turned a slot on or off; `None` when it never chose.
pub async fn switch(db: &Db, company_id: i64, slot: &str) -> Result<Option<bool>> {
    let enabled: Option<i64> = sqlx::query_scalar(
        "SELECT enabled FROM company_modules WHERE company_id = $1 AND slot = $2",
    )
    .bind(company_id)
    .bind(slot)
    .fetch_optional(&db.pool)
    .await?;
    Ok(enabled.map(|e| e == 1))
}

/// An installed build as recorded by the last start-up that installed it.
#[derive(Debug, Clone)]
pub struct InstalledRow {
    pub name: String,
    pub version: String,
    pub descriptor: String,
    pub bundled: bool,
}

/// The most recently installed build of each module name.
pub async fn installed(db: &Db) -> Result<Vec<InstalledRow>> {
    let rows = sqlx::query(
        "SELECT name, version, descriptor, origin FROM modules ORDER BY name, installed_at",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut latest: Vec<InstalledRow> = Vec::new();
    for r in rows {
        let row = InstalledRow {
            name: r.get("name"),
            version: r.get("version"),
            descriptor: r.get("descriptor"),
            bundled: r.get::<String, _>("origin") == "bundled",
        };
        match latest.last_mut() {
            Some(last) if last.name == row.name => *last = row,
            _ => latest.push(row),
        }
    }
    Ok(latest)
}
