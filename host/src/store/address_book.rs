//! The address book: one salesperson's related customers with the relation's
//! closing estimate, source and follow-up times.

use super::Result;
use crate::db::{Db, SqlQuery};
use sqlx::{FromRow, Row};

/// How the address book is sorted; every order puts the highest or newest
/// first, and relations never followed up or active last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookOrder {
    /// Expected closing probability.
    ExpectedPr,
    /// The salesperson's last follow-up.
    LastFollow,
    /// The customer's last activity.
    LastActivity,
}

impl BookOrder {
    fn sql(self) -> &'static str {
        match self {
            BookOrder::ExpectedPr => "r.expected_pr DESC",
            BookOrder::LastFollow => "r.last_follow_at DESC NULLS LAST",
            BookOrder::LastActivity => "r.last_activity_at DESC NULLS LAST",
        }
    }
}

/// Which entries of the address book.
#[derive(Debug, Clone, Default)]
pub struct BookFilter {
    /// The salesperson whose customers they are.
    pub user_id: i64,
    /// Only relations with one of these sources; `None` for any.
    pub sources: Option<Vec<i64>>,
}

/// One customer in the address book.
#[derive(Debug, Clone, FromRow)]
pub struct BookEntry {
    pub customer_id: i64,
    pub customer_name: String,
    pub headimgurl: String,
    /// The customer's client type (`user_type`).
    pub customer_type: i64,
    pub expected_date: Option<String>,
    pub expected_pr: i64,
    pub source: i64,
    pub last_follow_at: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub created_at: i64,
    /// The salesperson's user name.
    pub belonger: String,
}

// `lead` goes before the statement: empty, or `EXPLAIN QUERY PLAN ` in the plan tests.
fn scoped(lead: &str, head: &str, company_id: i64, f: &BookFilter) -> SqlQuery {
    let mut q = SqlQuery::new(format!("{lead}{head}"));
    let (c, u) = (q.arg(company_id), q.arg(f.user_id));
    q.push(&format!(" WHERE r.company_id = {c} AND r.user_id = {u}"));
    match &f.sources {
        None => {}
        Some(sources) if sources.is_empty() => {
            q.push(" AND 1 = 0");
        }
        Some(sources) => {
            let list: Vec<String> = sources.iter().map(|s| q.arg(*s)).collect();
            q.push(&format!(" AND r.source IN ({})", list.join(", ")));
        }
    }
    q
}

pub(super) fn page_sql(
    lead: &str,
    company_id: i64,
    f: &BookFilter,
    order: BookOrder,
    offset: i64,
    limit: Option<i64>,
) -> SqlQuery {
    let mut q = scoped(
        lead,
        "SELECT r.customer_id, c.username AS customer_name, c.headimgurl, \
         c.user_type AS customer_type, r.expected_date, r.expected_pr, r.source, \
         r.last_follow_at, r.last_activity_at, r.created_at, u.username AS belonger \
         FROM relations r \
         JOIN customers c ON c.company_id = r.company_id AND c.id = r.customer_id \
         JOIN radar_users u ON u.company_id = r.company_id AND u.id = r.user_id",
        company_id,
        f,
    );
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        " ORDER BY {}, r.customer_id DESC LIMIT {l} OFFSET {o}",
        order.sql()
    ));
    q
}

pub(super) fn count_sql(lead: &str, company_id: i64, f: &BookFilter) -> SqlQuery {
    scoped(lead, "SELECT COUNT(*) AS n FROM relations r", company_id, f)
}

/// A page of the address book in `order`, and how many entries match.
pub async fn page(
    db: &Db,
    company_id: i64,
    f: &BookFilter,
    order: BookOrder,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<BookEntry>, i64)> {
    let entries = page_sql("", company_id, f, order, offset, limit)
        .fetch_all(db)
        .await?
        .iter()
        .map(BookEntry::from_row)
        .collect::<sqlx::Result<Vec<_>>>()?;
    // A first page that is not full already holds every match: skip the count.
    let complete = offset == 0 && limit.is_none_or(|l| (entries.len() as i64) < l);
    let total = if complete {
        entries.len() as i64
    } else {
        let row = count_sql("", company_id, f).fetch_optional(db).await?;
        row.map_or(Ok(0), |r| r.try_get("n"))?
    };
    Ok((entries, total))
}
