//! The radar action log.

use crate::db::{Db, SqlQuery};
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

/// A recorded action.
#[derive(Debug, Clone, FromRow)]
pub struct Action {
    pub id: i64,
    pub user_id: i64,
    pub customer_id: i64,
    pub code: i64,
    pub target_kind: Option<String>,
    pub target_id: Option<i64>,
    pub remark: String,
    pub created_at: i64,
}

/// An action to append.
pub struct NewAction<'a> {
    pub user_id: i64,
    pub customer_id: i64,
    pub code: i64,
    pub target: Option<(&'a str, i64)>,
    pub remark: &'a str,
}

/// Which actions; empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct ActionFilter {
    pub user_ids: Vec<i64>,
    pub customer_ids: Vec<i64>,
    pub codes: Vec<i64>,
    pub target: Option<(String, i64)>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// A grouping dimension.
#[derive(Debug, Clone, Copy)]
pub enum Dimension {
    User,
    Customer,
    Code,
    Day,
}

/// One group of an aggregate.
#[derive(Debug, Clone)]
pub struct Group {
    pub keys: Vec<String>,
    pub count: i64,
    pub customers: i64,
}

/// Appends an action and marks the pair's last activity. `None` when the user
/// or the customer is not in the company.
pub async fn record(db: &Db, company_id: i64, a: NewAction<'_>) -> sqlx::Result<Option<i64>> {
    let now = now_ms();
    // Write first: in SQLite a transaction that reads before writing cannot
    // wait for the write lock. The foreign keys check user and customer.
    let mut tx = db.writer().begin().await?;
    let id: sqlx::Result<i64> = sqlx::query_scalar(
        "INSERT INTO actions (company_id, user_id, customer_id, code, target_kind, target_id, remark, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(a.user_id)
    .bind(a.customer_id)
    .bind(a.code)
    .bind(a.target.map(|t| t.0.to_string()))
    .bind(a.target.map(|t| t.1))
    .bind(a.remark)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let Some(id) = super::unless_dangling(id)? else {
        return Ok(None);
    };
    sqlx::query("UPDATE relations SET last_activity_at = $1 WHERE company_id = $2 AND user_id = $3 AND customer_id = $4")
        .bind(now)
        .bind(company_id)
        .bind(a.user_id)
        .bind(a.customer_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

fn scoped(select: &str, company_id: i64, f: &ActionFilter) -> SqlQuery {
    let mut q = SqlQuery::new(select);
    let c = q.arg(company_id);
    q.push(&format!(" FROM actions WHERE company_id = {c}"));
    for (column, values) in [
        ("user_id", &f.user_ids),
        ("customer_id", &f.customer_ids),
        ("code", &f.codes),
    ] {
        if values.is_empty() {
            continue;
        }
        let placeholders: Vec<String> = values.iter().map(|v| q.arg(*v)).collect();
        q.push(&format!(" AND {column} IN ({})", placeholders.join(", ")));
    }
    if let Some((kind, id)) = &f.target {
        let (k, i) = (q.arg(kind.clone()), q.arg(*id));
        q.push(&format!(" AND target_kind = {k} AND target_id = {i}"));
    }
    q.and_present(&[("created_at >=", f.since), ("created_at <", f.until)]);
    q
}

/// Matching actions, newest first.
pub async fn find(
    db: &Db,
    company_id: i64,
    f: &ActionFilter,
    offset: i64,
    limit: Option<i64>,
) -> sqlx::Result<Vec<Action>> {
    let mut q = scoped(
        "SELECT id, user_id, customer_id, code, target_kind, target_id, remark, created_at",
        company_id,
        f,
    );
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT {l} OFFSET {o}"
    ));
    q.fetch_all(db)
        .await?
        .iter()
        .map(Action::from_row)
        .collect()
}

/// Number of matching actions.
pub async fn count(db: &Db, company_id: i64, f: &ActionFilter) -> sqlx::Result<i64> {
    let row = scoped("SELECT COUNT(*) AS n", company_id, f)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| r.get::<i64, _>("n")).unwrap_or(0))
}

/// Matching actions grouped by `by`, largest groups first.
pub async fn aggregate(
    db: &Db,
    company_id: i64,
    f: &ActionFilter,
    by: &[Dimension],
    offset: i64,
    limit: Option<i64>,
) -> sqlx::Result<Vec<Group>> {
    let keys: Vec<String> = by
        .iter()
        .map(|d| match d {
            Dimension::User => "CAST(user_id AS TEXT)".to_string(),
            Dimension::Customer => "CAST(customer_id AS TEXT)".to_string(),
            Dimension::Code => "CAST(code AS TEXT)".to_string(),
            Dimension::Day => db.dialect.local_day("created_at"),
        })
        .collect();
    let mut select = String::from("SELECT COUNT(*) AS n, COUNT(DISTINCT customer_id) AS customers");
    for (i, k) in keys.iter().enumerate() {
        select.push_str(&format!(", {k} AS k{i}"));
    }
    let mut q = scoped(&select, company_id, f);
    if !keys.is_empty() {
        let names: Vec<String> = (0..keys.len()).map(|i| format!("k{i}")).collect();
        q.push(&format!(" GROUP BY {}", keys.join(", ")));
        q.push(&format!(" ORDER BY n DESC, {}", names.join(", ")));
    }
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(" LIMIT {l} OFFSET {o}"));
    let rows = q.fetch_all(db).await?;
    Ok(rows
        .iter()
        .map(|r| Group {
            keys: (0..keys.len())
                .map(|i| r.get::<String, _>(format!("k{i}").as_str()))
                .collect(),
            count: r.get("n"),
            customers: r.get("customers"),
        })
        .collect())
}
