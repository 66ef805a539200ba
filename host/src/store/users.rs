//! Radar users: the salespeople, whose profile is their business card.

use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::FromRow;

/// A radar user.
#[derive(Debug, Clone, FromRow)]
pub struct RadarUser {
    pub id: i64,
    pub company_id: i64,
    pub username: String,
    pub nickname: String,
    pub token: String,
    pub avatar: String,
    pub position: String,
    pub gender: i64,
    pub telephone: String,
    pub wechat_phone: String,
    pub mingpian_phone: String,
    pub show_phone: i64,
    pub wechat: String,
    pub email: String,
    pub qr_code: String,
    pub status: i64,
    pub boss_status: i64,
    pub last_login_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, company_id, username, nickname, token, avatar, position, gender, telephone, \
                       wechat_phone, mingpian_phone, show_phone, wechat, email, qr_code, status, boss_status, last_login_at, created_at";

/// A new radar user's fields.
pub struct NewUser<'a> {
    pub company_id: i64,
    pub username: &'a str,
    pub password_hash: Option<&'a str>,
    pub token: &'a str,
    pub boss: bool,
    pub role_id: Option<i64>,
    /// The user's WeCom UserID, which the WeCom login resolves.
    pub wecom_userid: Option<&'a str>,
}

/// Creates an enabled radar user; `None` when the name is taken in the company.
pub async fn create(db: &Db, u: NewUser<'_>) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO radar_users (company_id, username, password_hash, token, status, boss_status, role_id, \
         wecom_userid, created_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8) \
         ON CONFLICT (company_id, username) DO NOTHING RETURNING id",
    )
    .bind(u.company_id)
    .bind(u.username)
    .bind(u.password_hash)
    .bind(u.token)
    .bind(if u.boss { 1i64 } else { 2 })
    .bind(u.role_id)
    .bind(u.wecom_userid)
    .bind(now_ms())
    .fetch_optional(db.writer())
    .await
}

/// The radar user `id` of `company_id`.
pub async fn get(db: &Db, company_id: i64, id: i64) -> sqlx::Result<Option<RadarUser>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM radar_users WHERE company_id = $1 AND id = $2"
    ))
    .bind(company_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// The radar user of `company_id` whose WeCom UserID is `wecom_userid`.
pub async fn by_wecom_userid(
    db: &Db,
    company_id: i64,
    wecom_userid: &str,
) -> sqlx::Result<Option<RadarUser>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM radar_users WHERE company_id = $1 AND wecom_userid = $2"
    ))
    .bind(company_id)
    .bind(wecom_userid)
    .fetch_optional(&db.pool)
    .await
}

/// Records a login of user `id` now.
pub async fn record_login(db: &Db, company_id: i64, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE radar_users SET last_login_at = $1 WHERE company_id = $2 AND id = $3")
        .bind(now_ms())
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Radar users of a company by id, enabled ones only unless `all`.
pub async fn list(
    db: &Db,
    company_id: i64,
    all: bool,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<RadarUser>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM radar_users WHERE company_id = $1 AND ($2 = 1 OR status = 1) \
         ORDER BY id LIMIT $3 OFFSET $4"
    ))
    .bind(company_id)
    .bind(all as i64)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// A random enabled radar user of a company (the fallback a new customer is shown).
pub async fn any_enabled(db: &Db, company_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM radar_users WHERE company_id = $1 AND status = 1 ORDER BY id LIMIT 1",
    )
    .bind(company_id)
    .fetch_optional(&db.pool)
    .await
}

/// Profile changes; `None` leaves a column as it is.
#[derive(Default)]
pub struct ProfileChange {
    pub username: Option<String>,
    pub nickname: Option<String>,
    pub avatar: Option<String>,
    pub position: Option<String>,
    pub gender: Option<i64>,
    pub mingpian_phone: Option<String>,
    pub show_phone: Option<i64>,
    pub telephone: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
}

/// Applies profile changes to user `id` of `company_id`.
pub async fn update_profile(
    db: &Db,
    company_id: i64,
    id: i64,
    c: ProfileChange,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE radar_users SET username = COALESCE($1, username), nickname = COALESCE($2, nickname), \
         avatar = COALESCE($3, avatar), position = COALESCE($4, position), gender = COALESCE($5, gender), \
         mingpian_phone = COALESCE($6, mingpian_phone), show_phone = COALESCE($7, show_phone), \
         telephone = COALESCE($8, telephone), wechat = COALESCE($9, wechat), email = COALESCE($10, email) \
         WHERE company_id = $11 AND id = $12",
    )
    .bind(c.username)
    .bind(c.nickname)
    .bind(c.avatar)
    .bind(c.position)
    .bind(c.gender)
    .bind(c.mingpian_phone)
    .bind(c.show_phone)
    .bind(c.telephone)
    .bind(c.wechat)
    .bind(c.email)
    .bind(company_id)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}
