//! Radar users: the salespeople, whose profile is their business card.

use super::Result;
use crate::db::{Db, SqlQuery};
use crate::local_time::{now_ms, DAY_MS};
use sqlx::{FromRow, Row};

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

/// Creates an enabled radar user; `None` when the name or the WeCom UserID
/// is taken in the company.
pub async fn create(db: &Db, u: NewUser<'_>) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO radar_users (company_id, username, password_hash, token, status, boss_status, role_id, \
         wecom_userid, created_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8) \
         ON CONFLICT DO NOTHING RETURNING id",
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
    .await?)
}

/// The radar user `id` of `company_id`.
pub async fn get(db: &Db, company_id: i64, id: i64) -> Result<Option<RadarUser>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM radar_users WHERE company_id = $1 AND id = $2"
    ))
    .bind(company_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// The company of radar user `id`, whichever it is: a mini-program login
/// that names only the user learns its tenant from it.
pub async fn company_of(db: &Db, id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT company_id FROM radar_users WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// The radar user of `company_id` whose WeCom UserID is `wecom_userid`.
pub async fn by_wecom_userid(
    db: &Db,
    company_id: i64,
    wecom_userid: &str,
) -> Result<Option<RadarUser>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM radar_users WHERE company_id = $1 AND wecom_userid = $2"
    ))
    .bind(company_id)
    .bind(wecom_userid)
    .fetch_optional(&db.pool)
    .await?)
}

/// Records a login of user `id` now.
pub async fn record_login(db: &Db, company_id: i64, id: i64) -> Result<()> {
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
) -> Result<Vec<RadarUser>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM radar_users WHERE company_id = $1 AND ($2 = 1 OR status = 1) \
         ORDER BY id LIMIT $3 OFFSET $4"
    ))
    .bind(company_id)
    .bind(all as i64)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?)
}

/// A random enabled radar user of a company (the fallback a new customer is shown).
pub async fn any_enabled(db: &Db, company_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM radar_users WHERE company_id = $1 AND status = 1 ORDER BY id LIMIT 1",
    )
    .bind(company_id)
    .fetch_optional(&db.pool)
    .await?)
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
pub async fn update_profile(db: &Db, company_id: i64, id: i64, c: ProfileChange) -> Result<()> {
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

/// A radar user as the organisation listing shows them.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    pub id: i64,
    pub company_id: i64,
    pub company_name: String,
    pub username: String,
    pub wecom_userid: Option<String>,
    pub role_id: Option<i64>,
    pub role_name: Option<String>,
    pub status: i64,
    pub boss_status: i64,
    pub last_login_at: Option<i64>,
    pub created_at: i64,
}

/// Filters of the organisation listing; every one is optional.
#[derive(Debug, Default)]
pub struct ListFilter {
    /// Only this company (`None`: every company, for the operator).
    pub company_id: Option<i64>,
    pub username_contains: Option<String>,
    pub role_name_contains: Option<String>,
    pub company_name_contains: Option<String>,
    /// Created on the local day starting at this instant.
    pub created_on: Option<i64>,
}

fn listing(select: &str, f: &ListFilter) -> SqlQuery {
    let mut q = SqlQuery::new(select);
    q.push(
        " FROM radar_users u JOIN companies c ON c.id = u.company_id \
         LEFT JOIN roles r ON r.company_id = u.company_id AND r.id = u.role_id WHERE 1 = 1",
    );
    q.and_present(&[
        ("u.company_id =", f.company_id),
        ("u.created_at >=", f.created_on),
        ("u.created_at <", f.created_on.map(|d| d + DAY_MS)),
    ]);
    q.and_contains("u.username", f.username_contains.as_deref())
        .and_contains("r.name", f.role_name_contains.as_deref())
        .and_contains("c.name", f.company_name_contains.as_deref());
    q
}

/// A page of the listing, newest first, and the total count.
pub async fn search(
    db: &Db,
    f: &ListFilter,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<Listed>, i64)> {
    let mut q = listing(
        "SELECT u.id, u.company_id, c.name AS company_name, u.username, u.wecom_userid, u.role_id, \
         r.name AS role_name, u.status, u.boss_status, u.last_login_at, u.created_at",
        f,
    );
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(" ORDER BY u.id DESC LIMIT {l} OFFSET {o}"));
    let rows = q
        .fetch_all(db)
        .await?
        .iter()
        .map(Listed::from_row)
        .collect::<sqlx::Result<Vec<_>>>()?;
    let total = listing("SELECT COUNT(*) AS n", f)
        .fetch_optional(db)
        .await?
        .map_or(0, |r| r.get::<i64, _>("n"));
    Ok((rows, total))
}

/// The authority level of user `id` (0 without a role); `None` when no such user.
pub async fn authority_level(db: &Db, company_id: i64, id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(r.authority, 0) FROM radar_users u \
         LEFT JOIN roles r ON r.company_id = u.company_id AND r.id = u.role_id \
         WHERE u.company_id = $1 AND u.id = $2",
    )
    .bind(company_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Account changes made by a tenant admin; `None` leaves a column as it is.
#[derive(Default)]
pub struct AccountChange {
    pub username: Option<String>,
    pub password_hash: Option<String>,
    pub role_id: Option<i64>,
    pub wecom_userid: Option<String>,
}

/// Applies `c` to user `id` of `company_id` (the role must be the company's:
/// the caller checks it).
pub async fn update_account(
    db: &Db,
    company_id: i64,
    id: i64,
    c: AccountChange,
) -> Result<super::Updated> {
    let r = sqlx::query(
        "UPDATE radar_users SET username = COALESCE($1, username), \
         password_hash = COALESCE($2, password_hash), role_id = COALESCE($3, role_id), \
         wecom_userid = COALESCE($4, wecom_userid) WHERE company_id = $5 AND id = $6",
    )
    .bind(c.username)
    .bind(c.password_hash)
    .bind(c.role_id)
    .bind(c.wecom_userid)
    .bind(company_id)
    .bind(id)
    .execute(db.writer())
    .await;
    super::updated(r)
}

/// Records the path of user `id`'s mini-program code; false when no such user.
pub async fn set_qr_code(db: &Db, company_id: i64, id: i64, qr_code: &str) -> Result<bool> {
    let r = sqlx::query("UPDATE radar_users SET qr_code = $1 WHERE company_id = $2 AND id = $3")
        .bind(qr_code)
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Enables (1) or disables (2) user `id`; false when no such user.
pub async fn set_status(db: &Db, company_id: i64, id: i64, status: i64) -> Result<bool> {
    let r = sqlx::query("UPDATE radar_users SET status = $1 WHERE company_id = $2 AND id = $3")
        .bind(status)
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Deletes user `id` unless data of theirs remains (customers must be
/// handed over first, so no history is lost).
pub async fn delete(db: &Db, company_id: i64, id: i64) -> Result<super::Removed> {
    let r = sqlx::query("DELETE FROM radar_users WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await;
    Ok(match super::unless_dangling(r)? {
        None => super::Removed::InUse,
        Some(r) if r.rows_affected() == 1 => super::Removed::Done,
        Some(_) => super::Removed::NotFound,
    })
}
