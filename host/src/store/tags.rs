//! Customer tags: preset groups and tags shared by every company, and each
//! radar user's own tags under the group 自定义. A user sees the presets and
//! their own tags, never a colleague's.

use super::Result;
use crate::db::{Db, SqlQuery};
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

/// SQL condition: tag `t` is visible to user `$user` of company `$company`.
fn visible(t: &str, company: &str, user: &str) -> String {
    format!("({t}.company_id IS NULL OR ({t}.company_id = {company} AND {t}.user_id = {user}))")
}

/// Names of the tags visible to `user_id` that `customer_id` carries, by id.
pub async fn names_on(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT t.name FROM customer_tag_links l JOIN customer_tags t ON t.id = l.tag_id \
         WHERE l.company_id = $1 AND l.customer_id = $3 AND {} ORDER BY t.id",
        visible("t", "$1", "$2")
    ))
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Replaces the tags visible to `user_id` on `customer_id` with `tag_ids`
/// (tags of other users stay). False, and nothing changed, when an id is
/// not a selectable tag visible to the user.
pub async fn replace_on_customer(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    tag_ids: &[i64],
) -> Result<bool> {
    let mut ids = tag_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let now = now_ms();
    // Write first: a SQLite transaction that reads before writing cannot
    // wait for the write lock.
    let mut tx = db.writer().begin().await?;
    sqlx::query(&format!(
        "DELETE FROM customer_tag_links WHERE company_id = $1 AND customer_id = $3 AND tag_id IN \
         (SELECT t.id FROM customer_tags t WHERE {})",
        visible("t", "$1", "$2")
    ))
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .execute(&mut *tx)
    .await?;
    for id in ids {
        let linked = sqlx::query(&format!(
            "INSERT INTO customer_tag_links (company_id, tag_id, customer_id, created_at) \
             SELECT $1, t.id, $3, $4 FROM customer_tags t \
             WHERE t.id = $5 AND t.parent_id IS NOT NULL AND {}",
            visible("t", "$1", "$2")
        ))
        .bind(company_id)
        .bind(user_id)
        .bind(customer_id)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await;
        let linked = super::unless_dangling(linked)?.map_or(0, |r| r.rows_affected());
        if linked != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// The group that holds every radar user's own tags.
const CUSTOM_GROUP: &str = "自定义";

/// A row of the grouped listing: a preset group (no parent) or a tag under one.
#[derive(Debug, Clone, FromRow)]
pub struct ListedTag {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
}

/// The preset groups and every tag visible to `user_id` under them (only
/// those of `tag_type` when given), by id.
pub async fn listing(
    db: &Db,
    company_id: i64,
    user_id: i64,
    tag_type: Option<i64>,
) -> Result<Vec<ListedTag>> {
    let mut q = SqlQuery::new("SELECT t.id, t.parent_id, t.name FROM customer_tags t WHERE ");
    let (c, u) = (q.arg(company_id), q.arg(user_id));
    q.push(&format!(
        "(t.parent_id IS NULL AND t.company_id IS NULL) OR (t.parent_id IS NOT NULL AND {}",
        visible("t", &c, &u)
    ));
    q.and_present(&[("t.tag_type =", tag_type)]);
    q.push(") ORDER BY t.id");
    q.fetch_all(db)
        .await?
        .iter()
        .map(ListedTag::from_row)
        .collect::<sqlx::Result<_>>()
        .map_err(Into::into)
}

/// Ids of the tags `customer_id` carries (anyone's: callers intersect them
/// with what the user may see).
pub async fn ids_on(db: &Db, company_id: i64, customer_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT tag_id FROM customer_tag_links WHERE company_id = $1 AND customer_id = $2",
    )
    .bind(company_id)
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A customer carrying a tag, as `tag_customer` lists them.
#[derive(Debug, Clone, FromRow)]
pub struct TaggedCustomer {
    pub tag_id: i64,
    pub tag_name: String,
    pub customer_id: i64,
    pub headimgurl: String,
    pub username: String,
}

/// Every (tag, customer) pair of the tags visible to `user_id`, by tag and
/// customer id; only the customers related to the user unless `whole_company`.
pub async fn customers_by_tag(
    db: &Db,
    company_id: i64,
    user_id: i64,
    whole_company: bool,
) -> Result<Vec<TaggedCustomer>> {
    Ok(sqlx::query_as(&format!(
        "SELECT t.id AS tag_id, t.name AS tag_name, c.id AS customer_id, c.headimgurl, c.username \
         FROM customer_tags t \
         JOIN customer_tag_links l ON l.company_id = $1 AND l.tag_id = t.id \
         JOIN customers c ON c.company_id = l.company_id AND c.id = l.customer_id \
         WHERE t.parent_id IS NOT NULL AND {} AND ($3 = 1 OR EXISTS (SELECT 1 FROM relations r \
         WHERE r.company_id = $1 AND r.user_id = $2 AND r.customer_id = c.id)) \
         ORDER BY t.id, c.id",
        visible("t", "$1", "$2")
    ))
    .bind(company_id)
    .bind(user_id)
    .bind(whole_company as i64)
    .fetch_all(&db.pool)
    .await?)
}

/// Whether every id of `customer_ids` is a customer of the company related
/// to `user_id` (any customer of the company when `whole_company`).
pub async fn customers_in_reach(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_ids: &[i64],
    whole_company: bool,
) -> Result<bool> {
    let mut ids = customer_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(true);
    }
    let mut q = SqlQuery::new("SELECT COUNT(*) AS n FROM customers c WHERE c.company_id = ");
    let (c, u, w) = (
        q.arg(company_id),
        q.arg(user_id),
        q.arg(whole_company as i64),
    );
    let placeholders: Vec<String> = ids.iter().map(|id| q.arg(*id)).collect();
    q.push(&format!(
        "{c} AND c.id IN ({}) AND ({w} = 1 OR EXISTS (SELECT 1 FROM relations r \
         WHERE r.company_id = {c} AND r.user_id = {u} AND r.customer_id = c.id))",
        placeholders.join(", ")
    ));
    let n: i64 = q
        .fetch_optional(db)
        .await?
        .map_or(0, |r| r.get::<i64, _>("n"));
    Ok(n == ids.len() as i64)
}

/// What creating a user's own tag came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewTag {
    /// Created with this id and linked to the customers.
    Created(i64),
    /// The user already sees a tag of that name; nothing written.
    NameTaken,
    /// A customer id is not a customer of the company; nothing written.
    UnknownCustomer,
}

/// Creates `user_id`'s own tag `name` under 自定义 and links it to
/// `customer_ids`, all or nothing. Callers check that the user may tag
/// those customers.
pub async fn create_own(
    db: &Db,
    company_id: i64,
    user_id: i64,
    name: &str,
    customer_ids: &[i64],
) -> Result<NewTag> {
    let mut ids = customer_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let now = now_ms();
    // Write first (SQLite); the name check rides in the insert itself.
    let mut tx = db.writer().begin().await?;
    let created: sqlx::Result<Option<i64>> = sqlx::query_scalar(&format!(
        "INSERT INTO customer_tags (company_id, user_id, parent_id, name, tag_type, created_at) \
         SELECT $1, $2, g.id, $3, 2, $4 FROM customer_tags g \
         WHERE g.company_id IS NULL AND g.parent_id IS NULL AND g.name = $5 \
         AND NOT EXISTS (SELECT 1 FROM customer_tags t WHERE t.name = $3 AND t.parent_id IS NOT NULL AND {}) \
         RETURNING id",
        visible("t", "$1", "$2")
    ))
    .bind(company_id)
    .bind(user_id)
    .bind(name)
    .bind(now)
    .bind(CUSTOM_GROUP)
    .fetch_optional(&mut *tx)
    .await;
    let tag_id = match created {
        Ok(Some(id)) => id,
        Ok(None) => {
            tx.rollback().await?;
            return Ok(NewTag::NameTaken);
        }
        // A concurrent request created the same name first.
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            tx.rollback().await?;
            return Ok(NewTag::NameTaken);
        }
        Err(e) => return Err(e.into()),
    };
    for customer_id in ids {
        let linked = sqlx::query(
            "INSERT INTO customer_tag_links (company_id, tag_id, customer_id, created_at) \
             SELECT c.company_id, $2, c.id, $4 FROM customers c WHERE c.company_id = $1 AND c.id = $3",
        )
        .bind(company_id)
        .bind(tag_id)
        .bind(customer_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if linked.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(NewTag::UnknownCustomer);
        }
    }
    tx.commit().await?;
    Ok(NewTag::Created(tag_id))
}

/// Deletes `user_id`'s own tag `tag_id` and its links; false when the user
/// has no such tag (presets and colleagues' tags included).
pub async fn delete_own(db: &Db, company_id: i64, user_id: i64, tag_id: i64) -> Result<bool> {
    let mut tx = db.writer().begin().await?;
    let deleted =
        sqlx::query("DELETE FROM customer_tags WHERE company_id = $1 AND user_id = $2 AND id = $3")
            .bind(company_id)
            .bind(user_id)
            .bind(tag_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if deleted != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    // The foreign key cascades too; deleting explicitly keeps this
    // independent of SQLite's per-connection foreign_keys setting.
    sqlx::query("DELETE FROM customer_tag_links WHERE company_id = $1 AND tag_id = $2")
        .bind(company_id)
        .bind(tag_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The tags visible to `user_id` on each of `customer_ids`, as
/// (customer id, tag type, name), by customer then tag id.
pub async fn on_customers(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_ids: &[i64],
) -> Result<Vec<(i64, i64, String)>> {
    if customer_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = SqlQuery::new("");
    let (c, u) = (q.arg(company_id), q.arg(user_id));
    let ids: Vec<String> = customer_ids.iter().map(|id| q.arg(*id)).collect();
    q.push(&format!(
        "SELECT l.customer_id, t.tag_type, t.name FROM customer_tag_links l \
         JOIN customer_tags t ON t.id = l.tag_id \
         WHERE l.company_id = {c} AND l.customer_id IN ({}) AND {} ORDER BY l.customer_id, t.id",
        ids.join(", "),
        visible("t", &c, &u)
    ));
    Ok(q.fetch_all(db)
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}
