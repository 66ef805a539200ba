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

/// One grouping's key in SQL: the expression rows are grouped by, and the
/// text shown for a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// What `GROUP BY` names: a bare column or an integer expression, so
    /// an index on the column delivers the groups in order and nothing is
    /// formatted per row.
    pub group: String,
    /// The group's key as selected, an expression of `group` (evaluated
    /// once per group).
    pub shown: String,
}

impl Key {
    /// A key that is a bare column, shown as it is.
    pub fn column(name: &str) -> Key {
        Key {
            group: name.to_string(),
            shown: name.to_string(),
        }
    }

    /// A key of local day numbers (`day_number`, days since 1970-01-01 in
    /// local time), shown as `YYYY-MM-DD`.
    pub fn day(db: &Db, day_number: String) -> Key {
        Key {
            shown: db.dialect.day_number_date(&day_number),
            group: day_number,
        }
    }
}

/// The key of one grouping over a table with `user_id`, `customer_id`,
/// `code` and `created_at` columns.
pub fn key(db: &Db, g: Grouping) -> Key {
    match g {
        Grouping::User => Key::column("user_id"),
        Grouping::Customer => Key::column("customer_id"),
        Grouping::Code => Key::column("code"),
        Grouping::Day => Key::day(db, db.dialect.local_day_number("created_at")),
    }
}

/// `SELECT <count> AS n, <customers> AS customers, <key> AS k0, …`: the
/// start of a grouped count whose `FROM … WHERE …` the caller appends.
pub fn select(count: &str, customers: &str, keys: &[Key]) -> String {
    let mut s = format!("SELECT {count} AS n, {customers} AS customers");
    for (i, k) in keys.iter().enumerate() {
        s.push_str(&format!(", CAST({} AS TEXT) AS k{i}", k.shown));
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
    keys: &[Key],
    having: Option<&str>,
    page: Page,
) -> Result<Vec<Tally>> {
    // A count of no groups is one row; a page past it is nothing.
    if keys.is_empty() && page.offset > 0 {
        return Ok(Vec::new());
    }
    if !keys.is_empty() {
        let names: Vec<String> = (0..keys.len()).map(|i| format!("k{i}")).collect();
        let groups: Vec<&str> = keys.iter().map(|k| k.group.as_str()).collect();
        q.push(&format!(" GROUP BY {}", groups.join(", ")));
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

/// Which rows of a table with `company_id`, `user_id`, `customer_id` and
/// `created_at` a grouped count takes: those of `user_ids` and
/// `customer_ids` (empty: all) meeting every present condition
/// (`("created_at >=", Some(t))`, …).
#[derive(Debug, Clone, Copy)]
pub struct PairRows<'a> {
    /// The table.
    pub table: &'a str,
    /// Only rows of these radar users.
    pub user_ids: &'a [i64],
    /// Only rows of these customers.
    pub customer_ids: &'a [i64],
    /// Further conditions, each applied when present.
    pub conditions: &'a [(&'a str, Option<i64>)],
}

/// What a grouped count counts of each group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Its rows and the distinct customers among them.
    RowsAndCustomers,
    /// Its rows only (customers 0), with no DISTINCT to sort for.
    Rows,
}

/// A grouped count of the company's `rows`.
pub async fn count_pairs(
    db: &Db,
    company_id: i64,
    rows: PairRows<'_>,
    by: &[Grouping],
    page: Page,
    counted: Counted,
) -> Result<Vec<Tally>> {
    let keys: Vec<Key> = by.iter().map(|g| key(db, *g)).collect();
    let customers = match counted {
        Counted::RowsAndCustomers => DISTINCT_CUSTOMERS,
        Counted::Rows => "0",
    };
    let mut q = SqlQuery::new(select("COUNT(*)", customers, &keys));
    let c = q.arg(company_id);
    q.push(&format!(" FROM {} WHERE company_id = {c}", rows.table));
    q.and_in("user_id", rows.user_ids)
        .and_in("customer_id", rows.customer_ids)
        .and_present(rows.conditions);
    run(db, q, &keys, None, page).await
}
