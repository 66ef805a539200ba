//! Roles of a company and their permission entries (console menu rules).

use super::Result;
use crate::db::Db;
use crate::identity::{Authority, ClientKind, Principal};
use crate::local_time::now_ms;
use crate::store::Removed;

/// The role name the CLI and company creation use for each authority.
pub fn builtin_name(authority: Authority) -> &'static str {
    match authority {
        Authority::Member => "普通用户",
        Authority::TenantAdmin => "管理员",
        Authority::Operator => "平台运营",
    }
}

/// The authority of `who`, read from their role (radar users) or admin
/// record (back-office accounts); customers are members.
pub async fn authority_of(db: &Db, who: &Principal) -> Result<Authority> {
    let level: Option<i64> = match who.kind {
        ClientKind::Customer => None,
        ClientKind::RadarUser => {
            sqlx::query_scalar(
                "SELECT r.authority FROM radar_users u \
                 JOIN roles r ON r.company_id = u.company_id AND r.id = u.role_id \
                 WHERE u.company_id = $1 AND u.id = $2",
            )
            .bind(who.company_id)
            .bind(who.id)
            .fetch_optional(&db.pool)
            .await?
        }
        ClientKind::Admin => {
            sqlx::query_scalar(
                "SELECT CASE WHEN is_operator = 1 THEN 2 ELSE 1 END FROM admins \
                 WHERE company_id = $1 AND id = $2",
            )
            .bind(who.company_id)
            .bind(who.id)
            .fetch_optional(&db.pool)
            .await?
        }
    };
    Ok(level.map_or(Authority::Member, Authority::from_level))
}

/// The id of the company's role named for `authority`, created when missing.
pub async fn ensure_builtin(db: &Db, company_id: i64, authority: Authority) -> Result<i64> {
    let name = builtin_name(authority);
    if let Some(id) = create(db, company_id, name, authority).await? {
        return Ok(id);
    }
    Ok(
        sqlx::query_scalar("SELECT id FROM roles WHERE company_id = $1 AND name = $2")
            .bind(company_id)
            .bind(name)
            .fetch_one(db.writer())
            .await?,
    )
}

/// A role of a company.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Role {
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub authority: i64,
    pub created_at: i64,
}

/// A permission entry of a role.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Rule {
    pub id: i64,
    pub role_id: i64,
    pub path: String,
    pub icon: String,
    pub title: String,
    pub parent_id: Option<i64>,
    pub order_num: i64,
}

/// The fields of a permission entry.
pub struct RuleFields<'a> {
    pub path: &'a str,
    pub icon: &'a str,
    pub title: &'a str,
    pub parent_id: Option<i64>,
    pub order_num: i64,
}

/// The company's roles by id.
pub async fn list(db: &Db, company_id: i64) -> Result<Vec<Role>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, name, authority, created_at FROM roles WHERE company_id = $1 ORDER BY id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Role `id` of the company.
pub async fn get(db: &Db, company_id: i64, id: i64) -> Result<Option<Role>> {
    Ok(sqlx::query_as(
        "SELECT id, company_id, name, authority, created_at FROM roles WHERE company_id = $1 AND id = $2",
    )
    .bind(company_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Creates a role; `None` when the name is taken in the company.
pub async fn create(
    db: &Db,
    company_id: i64,
    name: &str,
    authority: Authority,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO roles (company_id, name, authority, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (company_id, name) DO NOTHING RETURNING id",
    )
    .bind(company_id)
    .bind(name)
    .bind(authority.level())
    .bind(now_ms())
    .fetch_optional(db.writer())
    .await?)
}

/// Renames role `id` and/or sets its authority.
pub async fn update(
    db: &Db,
    company_id: i64,
    id: i64,
    name: Option<&str>,
    authority: Option<Authority>,
) -> Result<super::Updated> {
    let r = sqlx::query(
        "UPDATE roles SET name = COALESCE($1, name), authority = COALESCE($2, authority) \
         WHERE company_id = $3 AND id = $4",
    )
    .bind(name)
    .bind(authority.map(Authority::level))
    .bind(company_id)
    .bind(id)
    .execute(db.writer())
    .await;
    super::updated(r)
}

/// How many users of the company hold role `id`.
pub async fn holders(db: &Db, company_id: i64, id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM radar_users WHERE company_id = $1 AND role_id = $2",
    )
    .bind(company_id)
    .bind(id)
    .fetch_one(&db.pool)
    .await?)
}

/// Deletes role `id` unless a user holds it; its permission entries go with it.
pub async fn delete_unheld(db: &Db, company_id: i64, id: i64) -> Result<Removed> {
    let r = sqlx::query(
        "DELETE FROM roles WHERE company_id = $1 AND id = $2 AND NOT EXISTS \
         (SELECT 1 FROM radar_users u WHERE u.company_id = $1 AND u.role_id = $2)",
    )
    .bind(company_id)
    .bind(id)
    .execute(db.writer())
    .await?;
    if r.rows_affected() == 1 {
        return Ok(Removed::Done);
    }
    Ok(match get(db, company_id, id).await? {
        Some(_) => Removed::InUse,
        None => Removed::NotFound,
    })
}

/// Permission entries of the company's roles, by role then order.
pub async fn rules(db: &Db, company_id: i64) -> Result<Vec<Rule>> {
    Ok(sqlx::query_as(
        "SELECT id, role_id, path, icon, title, parent_id, order_num FROM role_rules \
         WHERE company_id = $1 ORDER BY role_id, order_num, id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Adds a permission entry to role `role_id`; `None` when the role or the
/// parent entry is not the company's.
pub async fn add_rule(
    db: &Db,
    company_id: i64,
    role_id: i64,
    r: RuleFields<'_>,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO role_rules (company_id, role_id, path, icon, title, parent_id, order_num, created_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM roles WHERE company_id = $1 AND id = $2 \
         AND ($6 IS NULL OR EXISTS (SELECT 1 FROM role_rules p WHERE p.company_id = $1 AND p.id = $6)) \
         RETURNING id",
    )
    .bind(company_id)
    .bind(role_id)
    .bind(r.path)
    .bind(r.icon)
    .bind(r.title)
    .bind(r.parent_id)
    .bind(r.order_num)
    .bind(now_ms())
    .fetch_optional(db.writer())
    .await?)
}

/// Replaces the fields of permission entry `rule_id` of role `role_id`; false when absent.
pub async fn update_rule(
    db: &Db,
    company_id: i64,
    role_id: i64,
    rule_id: i64,
    r: RuleFields<'_>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE role_rules SET path = $1, icon = $2, title = $3, parent_id = $4, order_num = $5 \
         WHERE company_id = $6 AND role_id = $7 AND id = $8 \
         AND ($4 IS NULL OR ($4 <> $8 AND EXISTS (SELECT 1 FROM role_rules p WHERE p.company_id = $6 AND p.id = $4)))",
    )
    .bind(r.path)
    .bind(r.icon)
    .bind(r.title)
    .bind(r.parent_id)
    .bind(r.order_num)
    .bind(company_id)
    .bind(role_id)
    .bind(rule_id)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes permission entry `rule_id` of role `role_id` unless entries hang
/// under it.
pub async fn delete_rule(db: &Db, company_id: i64, role_id: i64, rule_id: i64) -> Result<Removed> {
    let r = sqlx::query(
        "DELETE FROM role_rules WHERE company_id = $1 AND role_id = $2 AND id = $3 AND NOT EXISTS \
         (SELECT 1 FROM role_rules c WHERE c.company_id = $1 AND c.parent_id = $3)",
    )
    .bind(company_id)
    .bind(role_id)
    .bind(rule_id)
    .execute(db.writer())
    .await?;
    if r.rows_affected() == 1 {
        return Ok(Removed::Done);
    }
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM role_rules WHERE company_id = $1 AND role_id = $2 AND id = $3",
    )
    .bind(company_id)
    .bind(role_id)
    .bind(rule_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(exists.map_or(Removed::NotFound, |_| Removed::InUse))
}
