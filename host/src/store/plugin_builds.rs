//! Plugin builds, keyed by the SHA-256 of their bytes, and which builds the
//! operator made available to which company.

use super::Result;
use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

/// A recorded build, without its bytes.
#[derive(Debug, Clone, FromRow)]
pub struct BuildRow {
    pub digest: String,
    pub slot: String,
    pub version: String,
    pub contract: String,
    pub descriptor: String,
    pub size: i64,
    pub origin: String,
    pub installed_by: String,
    pub installed_at: i64,
}

impl BuildRow {
    /// Shipped inside the binary.
    pub fn bundled(&self) -> bool {
        self.origin == BUNDLED
    }
}

/// The origin of the builds compiled into the binary.
pub const BUNDLED: &str = "bundled";

const COLUMNS: &str =
    "digest, slot, version, contract, descriptor, size, origin, installed_by, installed_at";

/// A build to record.
pub struct NewBuild<'a> {
    pub digest: &'a str,
    pub slot: &'a str,
    pub version: &'a str,
    pub contract: &'a str,
    pub descriptor: &'a str,
    pub bytes: &'a [u8],
    pub origin: &'a str,
    pub installed_by: &'a str,
}

/// Records a build; false when the same bytes were recorded before (then
/// nothing changes).
pub async fn record(db: &Db, b: NewBuild<'_>) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO plugin_builds (digest, slot, version, contract, descriptor, bytes, size, origin, \
         installed_by, installed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (digest) DO NOTHING",
    )
    .bind(b.digest)
    .bind(b.slot)
    .bind(b.version)
    .bind(b.contract)
    .bind(b.descriptor)
    .bind(b.bytes.to_vec())
    .bind(b.bytes.len() as i64)
    .bind(b.origin)
    .bind(b.installed_by)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The build with `digest`.
pub async fn get(db: &Db, digest: &str) -> Result<Option<BuildRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM plugin_builds WHERE digest = $1"
    ))
    .bind(digest)
    .fetch_optional(&db.pool)
    .await?)
}

/// The component bytes of build `digest`.
pub async fn bytes(db: &Db, digest: &str) -> Result<Option<Vec<u8>>> {
    Ok(
        sqlx::query_scalar("SELECT bytes FROM plugin_builds WHERE digest = $1")
            .bind(digest)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Every build, oldest first (of one slot when given).
pub async fn list(db: &Db, slot: Option<&str>) -> Result<Vec<BuildRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM plugin_builds WHERE ($1 IS NULL OR slot = $1) \
         ORDER BY installed_at, digest"
    ))
    .bind(slot)
    .fetch_all(&db.pool)
    .await?)
}

/// The builds a company may use: the bundled ones and those granted to it.
pub async fn available_to(db: &Db, company_id: i64) -> Result<Vec<BuildRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM plugin_builds b WHERE origin = $1 OR EXISTS \
         (SELECT 1 FROM plugin_grants g WHERE g.digest = b.digest AND g.company_id = $2) \
         ORDER BY installed_at, digest"
    ))
    .bind(BUNDLED)
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Whether `company_id` may use build `digest` (bundled, or granted to it).
pub async fn is_available(db: &Db, company_id: i64, digest: &str) -> Result<bool> {
    let row = sqlx::query(
        "SELECT 1 FROM plugin_builds b WHERE digest = $1 AND (origin = $2 OR EXISTS \
         (SELECT 1 FROM plugin_grants g WHERE g.digest = b.digest AND g.company_id = $3))",
    )
    .bind(digest)
    .bind(BUNDLED)
    .bind(company_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

/// Makes build `digest` available to `company_id` (idempotent).
pub async fn grant(db: &Db, digest: &str, company_id: i64, by: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO plugin_grants (digest, company_id, granted_by, granted_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (digest, company_id) DO NOTHING",
    )
    .bind(digest)
    .bind(company_id)
    .bind(by)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Withdraws build `digest` from `company_id` (a company using it keeps it
/// until it switches away); false when it was not granted.
pub async fn revoke(db: &Db, digest: &str, company_id: i64) -> Result<bool> {
    let r = sqlx::query("DELETE FROM plugin_grants WHERE digest = $1 AND company_id = $2")
        .bind(digest)
        .bind(company_id)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The companies build `digest` is granted to.
pub async fn grantees(db: &Db, digest: &str) -> Result<Vec<i64>> {
    let rows =
        sqlx::query("SELECT company_id FROM plugin_grants WHERE digest = $1 ORDER BY company_id")
            .bind(digest)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.iter().map(|r| r.get("company_id")).collect())
}

/// How many builds are recorded: hosts watch it to compile new builds
/// before any company uses them.
pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM plugin_builds")
        .fetch_one(&db.pool)
        .await?)
}
