//! Chat messages between a radar user and a customer.

use crate::db::{Db, SqlQuery};
use crate::local_time::now_ms;
use sqlx::Row;

/// send_type 1: the radar user wrote.
pub const USER_TO_CUSTOMER: i64 = 1;
/// send_type 2: the customer wrote.
pub const CUSTOMER_TO_USER: i64 = 2;

/// Stores a message and updates the pair's counters and follow/activity
/// times. `None` when the pair is not in the company.
pub async fn post(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    send_type: i64,
    content: &str,
) -> sqlx::Result<Option<i64>> {
    let now = now_ms();
    // Write first (see actions::record); the foreign keys check the pair.
    let mut tx = db.writer().begin().await?;
    // The writer has read its own message; the other side has not.
    let (user_unread, customer_unread) = if send_type == USER_TO_CUSTOMER {
        (0i64, 1i64)
    } else {
        (1, 0)
    };
    let id: sqlx::Result<i64> = sqlx::query_scalar(
        "INSERT INTO chat_messages (company_id, user_id, customer_id, send_type, content, user_unread, customer_unread, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .bind(send_type)
    .bind(content)
    .bind(user_unread)
    .bind(customer_unread)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let Some(id) = super::unless_dangling(id)? else {
        return Ok(None);
    };
    let update = if send_type == USER_TO_CUSTOMER {
        "UPDATE relations SET user_msg_count = user_msg_count + 1, last_follow_at = $1 \
         WHERE company_id = $2 AND user_id = $3 AND customer_id = $4"
    } else {
        "UPDATE relations SET customer_msg_count = customer_msg_count + 1, last_activity_at = $1 \
         WHERE company_id = $2 AND user_id = $3 AND customer_id = $4"
    };
    sqlx::query(update)
        .bind(now)
        .bind(company_id)
        .bind(user_id)
        .bind(customer_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Number of messages of a user, optionally with one customer and one direction, in `[since, until)`.
pub async fn count(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: Option<i64>,
    send_type: Option<i64>,
    since: Option<i64>,
    until: Option<i64>,
) -> sqlx::Result<i64> {
    let mut q = SqlQuery::new("SELECT COUNT(*) AS n FROM chat_messages WHERE ");
    let (c, u) = (q.arg(company_id), q.arg(user_id));
    q.push(&format!("company_id = {c} AND user_id = {u}"));
    q.and_present(&[
        ("customer_id =", customer_id),
        ("send_type =", send_type),
        ("created_at >=", since),
        ("created_at <", until),
    ]);
    Ok(q.fetch_optional(db)
        .await?
        .map(|r| r.get::<i64, _>("n"))
        .unwrap_or(0))
}
