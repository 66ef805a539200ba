//! Chat messages between a radar user and a customer.

use super::customer_days;
use super::grouped::{self, Counted, Grouping, Tally};
use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

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
) -> Result<Option<i64>> {
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
) -> Result<i64> {
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

/// A stored message.
#[derive(Debug, Clone, FromRow)]
pub struct Message {
    pub id: i64,
    pub user_id: i64,
    pub customer_id: i64,
    pub send_type: i64,
    pub content: String,
    pub user_unread: i64,
    pub customer_unread: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, user_id, customer_id, send_type, content, user_unread, customer_unread, created_at";

/// Who reads: each side has its own unread flag on the messages the other side wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The radar user (reads send_type 2).
    User,
    /// The customer (reads send_type 1).
    Customer,
}

impl Reader {
    /// The unread condition of this reader, as literals so the partial
    /// unread indexes of migration 0008 apply.
    fn unread(self) -> &'static str {
        match self {
            Reader::User => "send_type = 2 AND user_unread = 1",
            Reader::Customer => "send_type = 1 AND customer_unread = 1",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Reader::User => "user_unread",
            Reader::Customer => "customer_unread",
        }
    }
}

fn pair_query(select: &str, company_id: i64, user_id: i64, customer_id: i64) -> SqlQuery {
    let mut q = SqlQuery::new(select);
    let (c, u, k) = (q.arg(company_id), q.arg(user_id), q.arg(customer_id));
    q.push(&format!(
        " FROM chat_messages WHERE company_id = {c} AND user_id = {u} AND customer_id = {k}"
    ));
    q
}

fn messages(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<Message>> {
    Ok(rows
        .iter()
        .map(Message::from_row)
        .collect::<sqlx::Result<_>>()?)
}

/// A page of the pair's conversation, newest first; `limit` none means all.
pub async fn page(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<Message>> {
    let mut q = pair_query(
        &format!("SELECT {COLUMNS}"),
        company_id,
        user_id,
        customer_id,
    );
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT {l} OFFSET {o}"
    ));
    messages(q.fetch_all(db).await?)
}

/// The pair's messages with an id above `after_id`, oldest first, at most `limit`.
pub async fn after(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<Message>> {
    let mut q = pair_query(
        &format!("SELECT {COLUMNS}"),
        company_id,
        user_id,
        customer_id,
    );
    let (a, l) = (q.arg(after_id), q.arg(limit));
    q.push(&format!(" AND id > {a} ORDER BY id LIMIT {l}"));
    messages(q.fetch_all(db).await?)
}

/// The id of the pair's newest message (0 when there is none).
pub async fn latest_id(db: &Db, company_id: i64, user_id: i64, customer_id: i64) -> Result<i64> {
    let mut q = pair_query("SELECT id", company_id, user_id, customer_id);
    q.push(" ORDER BY created_at DESC, id DESC LIMIT 1");
    Ok(q.fetch_optional(db).await?.map_or(0, |r| r.get("id")))
}

/// The id of the pair's oldest message (the greeting), if any.
pub async fn first_id(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
) -> Result<Option<i64>> {
    let mut q = pair_query("SELECT id", company_id, user_id, customer_id);
    q.push(" ORDER BY created_at, id LIMIT 1");
    Ok(q.fetch_optional(db).await?.map(|r| r.get("id")))
}

/// The pair's messages `reader` has not read, oldest first.
pub async fn unread_messages(
    db: &Db,
    company_id: i64,
    reader: Reader,
    user_id: i64,
    customer_id: i64,
) -> Result<Vec<Message>> {
    let mut q = pair_query(
        &format!("SELECT {COLUMNS}"),
        company_id,
        user_id,
        customer_id,
    );
    q.push(&format!(" AND {} ORDER BY id", reader.unread()));
    messages(q.fetch_all(db).await?)
}

/// Number of messages `reader` has not read, of one user and/or one customer.
pub async fn unread_count(
    db: &Db,
    company_id: i64,
    reader: Reader,
    user_id: Option<i64>,
    customer_id: Option<i64>,
) -> Result<i64> {
    let q = unread_count_sql("", company_id, reader, user_id, customer_id);
    Ok(q.fetch_optional(db).await?.map_or(0, |r| r.get("n")))
}

/// The unread count's query, after `lead` (`EXPLAIN QUERY PLAN ` in the plan tests).
pub(super) fn unread_count_sql(
    lead: &str,
    company_id: i64,
    reader: Reader,
    user_id: Option<i64>,
    customer_id: Option<i64>,
) -> SqlQuery {
    let mut q = SqlQuery::new(format!(
        "{lead}SELECT COUNT(*) AS n FROM chat_messages WHERE "
    ));
    let c = q.arg(company_id);
    q.push(&format!("company_id = {c} AND {}", reader.unread()));
    q.and_present(&[("user_id =", user_id), ("customer_id =", customer_id)]);
    q
}

/// Marks the pair's messages read for `reader`, up to id `up_to` (all when
/// none); returns how many were unread.
pub async fn mark_read(
    db: &Db,
    company_id: i64,
    reader: Reader,
    user_id: i64,
    customer_id: i64,
    up_to: Option<i64>,
) -> Result<u64> {
    let mut q = SqlQuery::new(format!("UPDATE chat_messages SET {} = 0", reader.flag()));
    let (c, u, k) = (q.arg(company_id), q.arg(user_id), q.arg(customer_id));
    q.push(&format!(
        " WHERE company_id = {c} AND user_id = {u} AND customer_id = {k} AND {}",
        reader.unread()
    ));
    q.and_present(&[("id <=", up_to)]);
    Ok(q.execute(db).await?)
}

/// One entry of a radar user's contact list: the newest message with one
/// customer, who that customer is, and how many of their messages are unread.
#[derive(Debug, Clone, FromRow)]
pub struct Contact {
    pub customer_id: i64,
    pub user_type: i64,
    pub username: String,
    pub headimgurl: String,
    pub send_type: i64,
    pub content: String,
    pub created_at: i64,
    pub unread: i64,
}

/// The customers `user_id` has messages with, newest conversation first.
pub async fn contacts(
    db: &Db,
    company_id: i64,
    user_id: i64,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<Contact>> {
    let mut q = SqlQuery::new("");
    let (c, u) = (q.arg(company_id), q.arg(user_id));
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    // The newest id per customer comes from the pair index alone; only the
    // page's rows are then joined and counted.
    q.push(&format!(
        "SELECT l.customer_id, k.user_type, k.username, k.headimgurl, m.send_type, m.content, m.created_at, \
         (SELECT COUNT(*) FROM chat_messages n WHERE n.company_id = {c} AND n.user_id = {u} \
          AND n.customer_id = l.customer_id AND n.send_type = 2 AND n.user_unread = 1) AS unread \
         FROM (SELECT customer_id, MAX(id) AS last_id FROM chat_messages \
               WHERE company_id = {c} AND user_id = {u} GROUP BY customer_id \
               ORDER BY last_id DESC LIMIT {l} OFFSET {o}) l \
         JOIN chat_messages m ON m.company_id = {c} AND m.id = l.last_id \
         JOIN customers k ON k.company_id = {c} AND k.id = l.customer_id \
         ORDER BY l.last_id DESC"
    ));
    q.fetch_all(db)
        .await?
        .iter()
        .map(Contact::from_row)
        .collect::<sqlx::Result<_>>()
        .map_err(Into::into)
}

/// Number of customers `user_id` has messages with.
pub async fn contact_count(db: &Db, company_id: i64, user_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(DISTINCT customer_id) FROM chat_messages WHERE company_id = $1 AND user_id = $2",
    )
    .bind(company_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?)
}

/// Which messages; empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct MessageFilter {
    pub user_ids: Vec<i64>,
    pub customer_ids: Vec<i64>,
    pub send_type: Option<i64>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

impl MessageFilter {
    /// The kept log of the filter's direction (its send_type), when it
    /// names one.
    fn log(&self) -> Option<i64> {
        self.send_type
            .filter(|t| [USER_TO_CUSTOMER, CUSTOMER_TO_USER].contains(t))
    }

    fn rows<'a>(&'a self, conditions: &'a [(&'a str, Option<i64>)]) -> grouped::PairRows<'a> {
        grouped::PairRows {
            table: "chat_messages",
            user_ids: &self.user_ids,
            customer_ids: &self.customer_ids,
            conditions,
        }
    }

    fn conditions(&self) -> [(&'static str, Option<i64>); 3] {
        [
            ("send_type =", self.send_type),
            ("created_at >=", self.since),
            ("created_at <", self.until),
        ]
    }
}

/// The company's matching messages grouped by `by` (user, customer or
/// day), largest groups first, counted as `counted` says. One direction's
/// counts over whole local days read the totals kept as messages are
/// written where they can (`store::customer_days`) rather than the log.
pub async fn tally(
    db: &Db,
    company_id: i64,
    f: &MessageFilter,
    by: &[Grouping],
    page: Page,
    counted: Counted,
) -> Result<Vec<Tally>> {
    let kept_as =
        f.log()
            .filter(|_| f.customer_ids.is_empty())
            .map(|log| customer_days::Counting {
                log,
                user_ids: &f.user_ids,
                since: f.since,
                until: f.until,
            });
    let conditions = f.conditions();
    let rows = f.rows(&conditions);
    customer_days::tally(db, company_id, kept_as, rows, by, page, counted).await
}
