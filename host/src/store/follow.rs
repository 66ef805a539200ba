//! The follow-up log of a relation (`follow_infos`) and the follow-up
//! phrases (`follow_languages`: a radar user's own, or global ones seeded
//! with company and user NULL).

use super::customer_days;
use super::grouped::{self, Counted, Grouping, Tally};
use super::{Page, Result};
use crate::db::Db;
use crate::local_time::now_ms;
use sqlx::{AnyConnection, FromRow};

/// One follow-up line with the names and pictures the list shows.
#[derive(Debug, Clone, FromRow)]
pub struct FollowLine {
    pub user_id: i64,
    pub customer_id: i64,
    pub user_username: String,
    pub user_avatar: String,
    pub customer_headimgurl: String,
    pub follow_info: String,
    pub created_at: i64,
}

/// The follow-up lines of the pair, newest first; `limit` none means all.
pub async fn lines(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<FollowLine>> {
    Ok(sqlx::query_as(
        "SELECT f.user_id, f.customer_id, u.username AS user_username, u.avatar AS user_avatar, \
         c.headimgurl AS customer_headimgurl, f.follow_info, f.created_at \
         FROM follow_infos f \
         JOIN radar_users u ON u.company_id = f.company_id AND u.id = f.user_id \
         JOIN customers c ON c.company_id = f.company_id AND c.id = f.customer_id \
         WHERE f.company_id = $1 AND f.user_id = $2 AND f.customer_id = $3 \
         ORDER BY f.created_at DESC, f.id DESC LIMIT $4 OFFSET $5",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .bind(limit.unwrap_or(i64::MAX))
    .bind(offset)
    .fetch_all(&db.pool)
    .await?)
}

/// Number of follow-up lines of the pair.
pub async fn count_lines(db: &Db, company_id: i64, user_id: i64, customer_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM follow_infos WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?)
}

/// Writes a follow-up line and marks the pair as followed up now, in one
/// transaction; false, and nothing written, when the pair has no relation.
pub async fn add_line(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    text: &str,
) -> Result<bool> {
    let now = now_ms();
    // Write first: a SQLite transaction that reads before writing cannot
    // wait for the write lock.
    let mut tx = db.writer().begin().await?;
    let touched = sqlx::query(
        "UPDATE relations SET last_follow_at = $1 WHERE company_id = $2 AND user_id = $3 AND customer_id = $4",
    )
    .bind(now)
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if touched != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    insert_line(&mut tx, company_id, user_id, customer_id, text, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Inserts a follow-up line inside the caller's transaction (the relation
/// must exist: the foreign key refuses lines of unrelated pairs).
pub(super) async fn insert_line(
    conn: &mut AnyConnection,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    text: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO follow_infos (company_id, user_id, customer_id, follow_info, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .bind(text)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A follow-up phrase; `user_id` is `None` for a global one.
#[derive(Debug, Clone, FromRow)]
pub struct Phrase {
    pub id: i64,
    pub user_id: Option<i64>,
    pub language: String,
}

/// The phrases `user_id` sees (their own and the global ones), newest first.
pub async fn phrases(
    db: &Db,
    company_id: i64,
    user_id: i64,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<Phrase>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, language FROM follow_languages \
         WHERE company_id IS NULL OR (company_id = $1 AND user_id = $2) \
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(limit.unwrap_or(i64::MAX))
    .bind(offset)
    .fetch_all(&db.pool)
    .await?)
}

/// Adds a phrase of `user_id` and returns its id; `None` when the user is
/// not of the company.
pub async fn add_phrase(
    db: &Db,
    company_id: i64,
    user_id: i64,
    language: &str,
) -> Result<Option<i64>> {
    let id = sqlx::query_scalar(
        "INSERT INTO follow_languages (company_id, user_id, language, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(language)
    .bind(now_ms())
    .fetch_one(db.writer())
    .await;
    super::unless_dangling(id)
}

/// Deletes phrase `id` if it is `user_id`'s own; false otherwise (global
/// phrases and colleagues' stay).
pub async fn delete_phrase(db: &Db, company_id: i64, user_id: i64, id: i64) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM follow_languages WHERE company_id = $1 AND user_id = $2 AND id = $3",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Which follow-up lines; empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct LineFilter {
    pub user_ids: Vec<i64>,
    pub customer_ids: Vec<i64>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

impl LineFilter {
    fn rows<'a>(&'a self, conditions: &'a [(&'a str, Option<i64>)]) -> grouped::PairRows<'a> {
        grouped::PairRows {
            table: "follow_infos",
            user_ids: &self.user_ids,
            customer_ids: &self.customer_ids,
            conditions,
        }
    }

    fn conditions(&self) -> [(&'static str, Option<i64>); 2] {
        [("created_at >=", self.since), ("created_at <", self.until)]
    }
}

/// The company's matching follow-up lines grouped by `by` (user, customer
/// or day), largest groups first, counted as `counted` says. Counts over
/// whole local days read the totals kept as notes are written where they
/// can (`store::customer_days`) rather than the log.
pub async fn tally_lines(
    db: &Db,
    company_id: i64,
    f: &LineFilter,
    by: &[Grouping],
    page: Page,
    counted: Counted,
) -> Result<Vec<Tally>> {
    let kept_as = f.customer_ids.is_empty().then(|| customer_days::Counting {
        log: customer_days::FOLLOW_UPS,
        user_ids: &f.user_ids,
        since: f.since,
        until: f.until,
    });
    let conditions = f.conditions();
    let rows = f.rows(&conditions);
    customer_days::tally(db, company_id, kept_as, rows, by, page, counted).await
}
