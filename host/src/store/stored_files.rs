//! Files stored under `statics/` and who stored them: the scope of file
//! access per company.

use super::Result;
use crate::db::Db;
use crate::identity::Principal;
use crate::local_time::now_ms;

/// Whose a stored file is: an account, or something the host made for a
/// company without one (a scan-login QR code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileOwner {
    /// The company the file belongs to.
    pub company_id: i64,
    /// What owns it: an account kind (`ClientKind::as_str`) or a host feature.
    pub kind: &'static str,
    /// The owner's id within its kind.
    pub id: i64,
}

impl From<&Principal> for FileOwner {
    fn from(p: &Principal) -> FileOwner {
        FileOwner {
            company_id: p.company_id,
            kind: p.kind.as_str(),
            id: p.id,
        }
    }
}

/// Records a stored file of `owner` (and of module `slot`, when a module
/// stored it) and returns its id.
pub async fn record(
    db: &Db,
    owner: FileOwner,
    slot: Option<&str>,
    path: &str,
    size: i64,
    content_type: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO stored_files (company_id, path, owner_kind, owner_id, size, content_type, slot, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(owner.company_id)
    .bind(path)
    .bind(owner.kind)
    .bind(owner.id)
    .bind(size)
    .bind(content_type)
    .bind(slot)
    .bind(now_ms())
    .fetch_one(db.writer())
    .await?)
}

/// Whether `path` is a file stored by `company_id`.
pub async fn belongs_to(db: &Db, company_id: i64, path: &str) -> Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM stored_files WHERE company_id = $1 AND path = $2")
            .bind(company_id)
            .bind(path)
            .fetch_one(&db.pool)
            .await?;
    Ok(n > 0)
}

/// Forgets the record of `path` in `company_id`.
pub async fn forget(db: &Db, company_id: i64, path: &str) -> Result<()> {
    sqlx::query("DELETE FROM stored_files WHERE company_id = $1 AND path = $2")
        .bind(company_id)
        .bind(path)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// A file a module stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModuleFile {
    pub path: String,
    pub size: i64,
    pub content_type: String,
}

/// The files module `slot` stored for `company_id`, newest first.
pub async fn of_slot(db: &Db, company_id: i64, slot: &str) -> Result<Vec<ModuleFile>> {
    Ok(sqlx::query_as(
        "SELECT path, size, content_type FROM stored_files WHERE company_id = $1 AND slot = $2 \
         ORDER BY created_at DESC, id DESC",
    )
    .bind(company_id)
    .bind(slot)
    .fetch_all(&db.pool)
    .await?)
}

/// Whether module `slot` stored `path` for `company_id`.
pub async fn is_of_slot(db: &Db, company_id: i64, slot: &str, path: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM stored_files WHERE company_id = $1 AND slot = $2 AND path = $3",
    )
    .bind(company_id)
    .bind(slot)
    .bind(path)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// Forgets `path` if module `slot` stored it for `company_id`; false otherwise.
pub async fn forget_of_slot(db: &Db, company_id: i64, slot: &str, path: &str) -> Result<bool> {
    let r =
        sqlx::query("DELETE FROM stored_files WHERE company_id = $1 AND slot = $2 AND path = $3")
            .bind(company_id)
            .bind(slot)
            .bind(path)
            .execute(db.writer())
            .await?;
    Ok(r.rows_affected() == 1)
}
