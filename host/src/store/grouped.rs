//! Grouped counts: the one `GROUP BY … ORDER BY count` shape every tally
//! of the action log, chat, follow-ups, customers and relations shares.

use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use sqlx::Row;

/// What rows are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// The radar user (`user_id`).
    User,
    /// The customer (`customer_id`).
    Customer,
    /// The action code (`code`).
    Code,
    /// The local calendar day of `created_at`, as `YYYY-MM-DD`.
    Day,
}

/// One group: its keys in the order asked for, its rows and its distinct
/// customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The group's key per grouping, as text.
    pub keys: Vec<String>,
    /// Number of rows.
    pub count: i64,
    /// Number of distinct customers among them (0 where not counted).
    pub customers: i64,
}

/// The SQL of one grouping's key over a table with `user_id`,
/// `customer_id`, `code` and `created_at` columns. Rows are grouped by the
/// bare column, so an index on it delivers the groups in order; the key is
/// selected as text.
pub fn key(db: &Db, g: Grouping) -> String {
    match g {
        Grouping::User => "user_id".to_string(),
        Grouping::Customer => "customer_id".to_string(),
        Grouping::Code => "code".to_string(),
        Grouping::Day => db.dialect.local_day("created_at"),
    }
}

/// `SELECT <count> AS n, <customers> AS customers, <key> AS k0, …`: the
/// start of a grouped count whose `FROM … WHERE …` the caller appends.
pub fn select(count: &str, customers: &str, keys: &[String]) -> String {
    let mut s = format!("SELECT {count} AS n, {customers} AS customers");
    for (i, k) in keys.iter().enumerate() {
        s.push_str(&format!(", CAST({k} AS TEXT) AS k{i}"));
    }
    s
}

/// The distinct customers of the rows, as [`select`] takes them.
pub const DISTINCT_CUSTOMERS: &str = "COUNT(DISTINCT customer_id)";

/// Appends the grouping, largest groups first (ties by key), and the page
/// to `q` (built on [`select`] with `keys`), and runs it. Without keys the
/// answer is one group of every row, however few. `having` leaves out
/// groups whose count is zero (for tables of kept totals).
pub async fn run(
    db: &Db,
    mut q: SqlQuery,
    keys: &[String],
    having: Option<&str>,
    page: Page,
) -> Result<Vec<Tally>> {
    // A count of no groups is one row; a page past it is nothing.
    if keys.is_empty() && page.offset > 0 {
        return Ok(Vec::new());
    }
    if !keys.is_empty() {
        let names: Vec<String> = (0..keys.len()).map(|i| format!("k{i}")).collect();
        q.push(&format!(" GROUP BY {}", keys.join(", ")));
        if let Some(h) = having {
            q.push(&format!(" HAVING {h}"));
        }
        q.push(&format!(" ORDER BY n DESC, {}", names.join(", ")));
        let (l, o) = (q.arg(page.limit.unwrap_or(i64::MAX)), q.arg(page.offset));
        q.push(&format!(" LIMIT {l} OFFSET {o}"));
    }
    let rows = q.fetch_all(db).await?;
    Ok(rows
        .iter()
        .map(|r| Tally {
            keys: (0..keys.len())
                .map(|i| r.get::<String, _>(format!("k{i}").as_str()))
                .collect(),
            count: r.get("n"),
            customers: r.get("customers"),
        })
        .collect())
}

/// A grouped count, with distinct customers, of the company's rows of
/// `table` (one with `company_id`, `user_id`, `customer_id` and
/// `created_at`) among `user_ids` and `customer_ids` (empty: all) and
/// meeting every present condition (`("created_at >=", Some(t))`, …).
pub async fn count_pairs(
    db: &Db,
    company_id: i64,
    table: &str,
    (user_ids, customer_ids): (&[i64], &[i64]),
    conditions: &[(&str, Option<i64>)],
    by: &[Grouping],
    page: Page,
) -> Result<Vec<Tally>> {
    let keys: Vec<String> = by.iter().map(|g| key(db, *g)).collect();
    let mut q = SqlQuery::new(select("COUNT(*)", DISTINCT_CUSTOMERS, &keys));
    let c = q.arg(company_id);
    q.push(&format!(" FROM {table} WHERE company_id = {c}"));
    q.and_in("user_id", user_ids)
        .and_in("customer_id", customer_ids)
        .and_present(conditions);
    run(db, q, &keys, None, page).await
}
