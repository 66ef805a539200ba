//! The CRM relation between a radar user and a customer.

use super::grouped::{self, Grouping, Tally};
use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use crate::local_time::now_ms;
use sqlx::{FromRow, Row};

/// One user–customer relation.
#[derive(Debug, Clone, FromRow)]
pub struct Relation {
    pub user_id: i64,
    pub customer_id: i64,
    pub source: i64,
    pub parent_customer_id: Option<i64>,
    pub expected_date: Option<String>,
    pub expected_pr: i64,
    pub last_follow_at: Option<i64>,
    pub last_activity_at: Option<i64>,
    pub qr_code: String,
    pub poster_url: String,
    pub created_at: i64,
}

const COLUMNS: &str =
    "user_id, customer_id, source, parent_customer_id, expected_date, expected_pr, \
                       last_follow_at, last_activity_at, qr_code, poster_url, created_at";

/// Which relations; every condition is optional and they are AND-ed.
#[derive(Debug, Default, Clone)]
pub struct RelationFilter {
    pub user_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub created_since: Option<i64>,
    pub created_until: Option<i64>,
    pub pr_min: Option<i64>,
    pub pr_max: Option<i64>,
    pub followed_since: Option<i64>,
    pub followed_until: Option<i64>,
}

fn scoped(select: &str, company_id: i64, f: &RelationFilter) -> SqlQuery {
    let mut q = SqlQuery::new(select);
    let c = q.arg(company_id);
    q.push(&format!(" FROM relations WHERE company_id = {c}"));
    q.and_present(&[
        ("user_id =", f.user_id),
        ("customer_id =", f.customer_id),
        ("created_at >=", f.created_since),
        ("created_at <", f.created_until),
        ("expected_pr >=", f.pr_min),
        ("expected_pr <=", f.pr_max),
        ("last_follow_at >=", f.followed_since),
        ("last_follow_at <", f.followed_until),
    ]);
    q
}

/// Relations matching `f`, newest first; `limit` none means all.
pub async fn find(
    db: &Db,
    company_id: i64,
    f: &RelationFilter,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<Relation>> {
    let mut q = scoped(&format!("SELECT {COLUMNS}"), company_id, f);
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        " ORDER BY created_at DESC, customer_id DESC LIMIT {l} OFFSET {o}"
    ));
    rows(q.fetch_all(db).await?)
}

fn rows(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<Relation>> {
    Ok(rows
        .iter()
        .map(Relation::from_row)
        .collect::<sqlx::Result<_>>()?)
}

/// Number of relations matching `f`.
pub async fn count(db: &Db, company_id: i64, f: &RelationFilter) -> Result<i64> {
    let row = scoped("SELECT COUNT(*) AS n", company_id, f)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| r.get::<i64, _>("n")).unwrap_or(0))
}

/// Number of relations matching `f` per radar user, largest first.
pub async fn count_by_user(
    db: &Db,
    company_id: i64,
    f: &RelationFilter,
) -> Result<Vec<(i64, i64)>> {
    let mut q = scoped("SELECT user_id, COUNT(*) AS n", company_id, f);
    q.push(" GROUP BY user_id ORDER BY n DESC, user_id");
    Ok(q.fetch_all(db)
        .await?
        .iter()
        .map(|r| (r.get("user_id"), r.get("n")))
        .collect())
}

/// Relations matching `f` grouped by `by` (user and/or the day they were
/// bound), largest groups first, with their distinct customers.
pub async fn aggregate(
    db: &Db,
    company_id: i64,
    f: &RelationFilter,
    by: &[Grouping],
    page: Page,
) -> Result<Vec<Tally>> {
    let keys: Vec<String> = by.iter().map(|g| grouped::key(db, *g)).collect();
    let q = scoped(
        &grouped::select("COUNT(*)", grouped::DISTINCT_CUSTOMERS, &keys),
        company_id,
        f,
    );
    grouped::run(db, q, &keys, None, page).await
}

/// The relation of one pair.
pub async fn get(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
) -> Result<Option<Relation>> {
    let f = RelationFilter {
        user_id: Some(user_id),
        customer_id: Some(customer_id),
        ..Default::default()
    };
    Ok(find(db, company_id, &f, 0, Some(1)).await?.pop())
}

/// The radar user of the customer's most recently active relation.
pub async fn latest_user_of(db: &Db, company_id: i64, customer_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM relations WHERE company_id = $1 AND customer_id = $2 \
         ORDER BY COALESCE(last_activity_at, created_at) DESC LIMIT 1",
    )
    .bind(company_id)
    .bind(customer_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Creates the relation; false when the pair already exists.
pub async fn create(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    source: i64,
    parent: Option<i64>,
) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO relations (company_id, user_id, customer_id, source, parent_customer_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (company_id, user_id, customer_id) DO NOTHING",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .bind(source)
    .bind(parent)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A file a relation records the path of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairFile {
    /// The pair's mini-program code (`qr_code`).
    QrCode,
    /// The pair's card poster (`poster_url`).
    Poster,
}

impl PairFile {
    fn column(self) -> &'static str {
        match self {
            PairFile::QrCode => "qr_code",
            PairFile::Poster => "poster_url",
        }
    }
}

/// Records the path of one of the pair's files; false when the pair has no
/// relation.
pub async fn set_file(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    file: PairFile,
    path: &str,
) -> Result<bool> {
    let sql = format!(
        "UPDATE relations SET {} = $1 WHERE company_id = $2 AND user_id = $3 AND customer_id = $4",
        file.column()
    );
    let r = sqlx::query(&sql)
        .bind(path)
        .bind(company_id)
        .bind(user_id)
        .bind(customer_id)
        .execute(db.writer())
        .await?;
    Ok(r.rows_affected() == 1)
}

/// A new expected closing date (`YYYY-MM-DD`) or probability (0..=100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedChange {
    /// The expected closing date.
    Date(String),
    /// The expected closing probability in percent.
    Pr(i64),
}

impl ExpectedChange {
    /// The follow-up line that records the change in the relation's log.
    pub fn follow_line(&self) -> String {
        match self {
            ExpectedChange::Date(d) => format!("更新预计成交日期: {d}"),
            ExpectedChange::Pr(n) => format!("更新预计成交率为: {n}"),
        }
    }
}

/// Applies the changes that differ from the stored values; each one also
/// marks the pair as followed up now and writes its follow-up line, all in
/// one transaction. Returns how many values changed.
pub async fn change_expected(
    db: &Db,
    company_id: i64,
    user_id: i64,
    customer_id: i64,
    changes: &[ExpectedChange],
) -> Result<usize> {
    let now = now_ms();
    // Write first: a SQLite transaction that reads before writing cannot
    // wait for the write lock.
    let mut tx = db.writer().begin().await?;
    let mut changed = 0;
    for change in changes {
        let update = match change {
            ExpectedChange::Date(d) => sqlx::query(
                "UPDATE relations SET expected_date = $1, last_follow_at = $2 \
                 WHERE company_id = $3 AND user_id = $4 AND customer_id = $5 \
                 AND (expected_date IS NULL OR expected_date <> $1)",
            )
            .bind(d.clone()),
            ExpectedChange::Pr(n) => sqlx::query(
                "UPDATE relations SET expected_pr = $1, last_follow_at = $2 \
                 WHERE company_id = $3 AND user_id = $4 AND customer_id = $5 AND expected_pr <> $1",
            )
            .bind(*n),
        };
        let rows = update
            .bind(now)
            .bind(company_id)
            .bind(user_id)
            .bind(customer_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if rows == 1 {
            let line = change.follow_line();
            super::follow::insert_line(&mut tx, company_id, user_id, customer_id, &line, now)
                .await?;
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

/// Removes the relation of the pair (its notes and follow-up lines go with
/// it); false when there was none.
pub async fn remove(db: &Db, company_id: i64, user_id: i64, customer_id: i64) -> Result<bool> {
    let r = sqlx::query(
        "DELETE FROM relations WHERE company_id = $1 AND user_id = $2 AND customer_id = $3",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(customer_id)
    .execute(db.writer())
    .await?;
    Ok(r.rows_affected() == 1)
}
