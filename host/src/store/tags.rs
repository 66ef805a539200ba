//! Customer tags: preset groups and tags shared by every company, and each
//! radar user's own tags under the group 自定义. A user sees the presets and
//! their own tags, never a colleague's.

use crate::db::Db;
use crate::local_time::now_ms;

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
) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(&format!(
        "SELECT t.name FROM customer_tag_links l JOIN customer_tags t ON t.id = l.tag_id \
         WHERE l.company_id = $1 AND l.customer_id = $3 AND {} ORDER BY t.id",
        visible("t", "$1", "$2")
    ))
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await
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
) -> sqlx::Result<bool> {
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
