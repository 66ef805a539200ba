//! Files stored under `statics/` and who stored them: the scope of file
//! access per company.

use crate::auth::Principal;
use crate::db::Db;
use crate::local_time::now_ms;

/// Records a stored file of `owner` and returns its id.
pub async fn record(
    db: &Db,
    owner: &Principal,
    path: &str,
    size: i64,
    content_type: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO stored_files (company_id, path, owner_kind, owner_id, size, content_type, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(owner.company_id)
    .bind(path)
    .bind(owner.kind.as_str())
    .bind(owner.id)
    .bind(size)
    .bind(content_type)
    .bind(now_ms())
    .fetch_one(db.writer())
    .await
}

/// Whether `path` is a file stored by `company_id`.
pub async fn belongs_to(db: &Db, company_id: i64, path: &str) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM stored_files WHERE company_id = $1 AND path = $2")
            .bind(company_id)
            .bind(path)
            .fetch_one(&db.pool)
            .await?;
    Ok(n > 0)
}

/// Forgets the record of `path` in `company_id`.
pub async fn forget(db: &Db, company_id: i64, path: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM stored_files WHERE company_id = $1 AND path = $2")
        .bind(company_id)
        .bind(path)
        .execute(db.writer())
        .await?;
    Ok(())
}
