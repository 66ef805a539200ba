//! Back-office accounts.

use super::Result;
use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::FromRow;

/// A back-office account.
#[derive(Debug, Clone, FromRow)]
pub struct Admin {
    pub id: i64,
    pub company_id: i64,
    pub username: String,
    pub password_hash: String,
    pub token: String,
    pub status: i64,
    pub avatar: String,
    pub last_login_at: Option<i64>,
}

/// Creates an admin of `company_id`; `None` when the username is taken.
pub async fn create(
    db: &Db,
    company_id: i64,
    username: &str,
    password_hash: &str,
    token: &str,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO admins (company_id, username, password_hash, token, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id",
    )
    .bind(company_id)
    .bind(username)
    .bind(password_hash)
    .bind(token)
    .bind(now_ms())
    .fetch_optional(db.writer())
    .await?)
}

/// The admin with login name `username`.
pub async fn by_username(db: &Db, username: &str) -> Result<Option<Admin>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, username, password_hash, token, status, avatar, last_login_at \
         FROM admins WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(&db.pool)
    .await?)
}

/// Records a successful login, storing an upgraded password hash if given.
pub async fn record_login(db: &Db, id: i64, new_hash: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE admins SET last_login_at = $1, password_hash = COALESCE($2, password_hash) WHERE id = $3")
        .bind(now_ms())
        .bind(new_hash)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Marks admin `id` as a platform operator.
pub async fn make_operator(db: &Db, company_id: i64, id: i64) -> Result<()> {
    sqlx::query("UPDATE admins SET is_operator = 1 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// The username of back-office account `id`.
pub async fn username_of(db: &Db, id: i64) -> Result<Option<String>> {
    let name = sqlx::query_scalar("SELECT username FROM admins WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(name)
}
