//! Companies: the tenants.

use super::Result;
use crate::db::Db;
use crate::db::SqlQuery;
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

/// A tenant.
#[derive(Debug, Clone, Default, FromRow)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub area: String,
    pub address: String,
    pub website_content: String,
    pub customer_unique: i64,
    pub shopping_type: i64,
    pub product_function_type: i64,
    pub wechat_appid: Option<String>,
    pub wechat_secret: Option<String>,
    pub corp_id: Option<String>,
    pub wecom_secret: Option<String>,
    pub wecom_agent_id: Option<String>,
    pub public_account_appid: Option<String>,
    pub public_account_secret: Option<String>,
    pub status: i64,
}

const COLUMNS: &str = "id, name, area, address, website_content, customer_unique, shopping_type, \
                       product_function_type, wechat_appid, wechat_secret, corp_id, wecom_secret, \
                       wecom_agent_id, public_account_appid, public_account_secret, status";

/// Creates a company; `None` when the name is taken.
pub async fn create(db: &Db, name: &str) -> Result<Option<i64>> {
    let id = sqlx::query_scalar(
        "INSERT INTO companies (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
    )
    .bind(name)
    .bind(now_ms())
    .fetch_optional(db.writer())
    .await?;
    Ok(id)
}

/// The company with `id`.
pub async fn get(db: &Db, id: i64) -> Result<Option<Company>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM companies WHERE id = $1"))
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// A WeChat app a company has credentials of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeChatApp {
    /// The mini-program (customer logins, mini-program codes).
    MiniProgram,
    /// The public account (share-link sign-in, its JS-SDK).
    PublicAccount,
}

impl WeChatApp {
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            WeChatApp::MiniProgram => ("wechat_appid", "wechat_secret"),
            WeChatApp::PublicAccount => ("public_account_appid", "public_account_secret"),
        }
    }
}

/// Sets the company's credentials of `app`; false when it does not exist.
pub async fn set_app(db: &Db, id: i64, app: WeChatApp, appid: &str, secret: &str) -> Result<bool> {
    let (appid_column, secret_column) = app.columns();
    let r = sqlx::query(&format!(
        "UPDATE companies SET {appid_column} = $1, {secret_column} = $2 WHERE id = $3"
    ))
    .bind(appid)
    .bind(secret)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sets the company's WeCom CorpID, app secret and optional agent id
/// (`Taken`: another company uses the CorpID, which names the tenant at login).
pub async fn set_wecom(
    db: &Db,
    id: i64,
    corp_id: &str,
    secret: &str,
    agent_id: Option<&str>,
) -> Result<super::Updated> {
    let r = sqlx::query(
        "UPDATE companies SET corp_id = $1, wecom_secret = $2, wecom_agent_id = $3 WHERE id = $4",
    )
    .bind(corp_id)
    .bind(secret)
    .bind(agent_id)
    .bind(id)
    .execute(db.writer())
    .await;
    super::updated(r)
}

/// Sets the address shown on cards (written by the card editor).
pub async fn set_location(
    db: &Db,
    id: i64,
    area: Option<&str>,
    address: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE companies SET area = COALESCE($1, area), address = COALESCE($2, address) WHERE id = $3")
        .bind(area)
        .bind(address)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// A company as the organisation listing shows it.
#[derive(Debug, Clone, FromRow)]
pub struct Listed {
    pub id: i64,
    pub name: String,
    pub area: String,
    pub address: String,
    pub status: i64,
    pub created_at: i64,
}

/// Companies whose name contains `name` (all when `None`), newest first, and their count.
pub async fn search(
    db: &Db,
    only: Option<i64>,
    name: Option<&str>,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<Listed>, i64)> {
    let filter = |select: &str| {
        let mut q = SqlQuery::new(select);
        q.push(" FROM companies WHERE 1 = 1");
        q.and_present(&[("id =", only)]).and_contains("name", name);
        q
    };
    let mut q = filter("SELECT id, name, area, address, status, created_at");
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(" ORDER BY id DESC LIMIT {l} OFFSET {o}"));
    let rows = q
        .fetch_all(db)
        .await?
        .iter()
        .map(Listed::from_row)
        .collect::<sqlx::Result<Vec<_>>>()?;
    let total = filter("SELECT COUNT(*) AS n")
        .fetch_optional(db)
        .await?
        .map_or(0, |r| r.get::<i64, _>("n"));
    Ok((rows, total))
}

/// Renames company `id` and sets its area and address; `None` leaves a
/// column as it is.
pub async fn update(
    db: &Db,
    id: i64,
    name: Option<&str>,
    area: Option<&str>,
    address: Option<&str>,
) -> Result<super::Updated> {
    let r = sqlx::query(
        "UPDATE companies SET name = COALESCE($1, name), area = COALESCE($2, area), \
         address = COALESCE($3, address) WHERE id = $4",
    )
    .bind(name)
    .bind(area)
    .bind(address)
    .bind(id)
    .execute(db.writer())
    .await;
    super::updated(r)
}

/// Deletes company `id` unless anything still belongs to it (users,
/// customers, roles…).
pub async fn delete_empty(db: &Db, id: i64) -> Result<super::Removed> {
    // Module switches are settings, not data: they go with the company.
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM company_modules WHERE company_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let r = sqlx::query("DELETE FROM companies WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await;
    match super::unless_dangling(r)? {
        Some(r) if r.rows_affected() == 1 => {
            tx.commit().await?;
            Ok(super::Removed::Done)
        }
        Some(_) => Ok(super::Removed::NotFound),
        None => Ok(super::Removed::InUse),
    }
}

/// A company's subscription figures.
#[derive(Debug, Clone, FromRow)]
pub struct Licence {
    pub created_at: i64,
    pub expires_at: Option<i64>,
    /// Radar users, enabled or not.
    pub users: i64,
    /// Enabled radar users.
    pub enabled_users: i64,
}

/// The subscription figures of company `id`.
pub async fn licence(db: &Db, id: i64) -> Result<Option<Licence>> {
    let row = sqlx::query_as(
        "SELECT c.created_at, c.expires_at, \
                (SELECT COUNT(*) FROM radar_users u WHERE u.company_id = c.id) AS users, \
                (SELECT COUNT(*) FROM radar_users u WHERE u.company_id = c.id AND u.status = 1) AS enabled_users \
         FROM companies c WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row)
}
