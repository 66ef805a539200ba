//! The CRM relation between a radar user and a customer.

use super::grouped::{self, Grouping, Tally};
use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use crate::local_time::{self, now_ms};
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
#[derive(Debug, Default, Clone, PartialEq, Eq)]
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
    if let Some(days) = kept_days(f, by) {
        return per_user_from_days(db, company_id, days, page).await;
    }
    let keys: Vec<grouped::Key> = by.iter().map(|g| grouped::key(db, *g)).collect();
    // A user has one relation per customer, so wherever the rows are one
    // user's the count is their distinct customers, without a sort for
    // the DISTINCT.
    let one_user = f.user_id.is_some() || by.contains(&Grouping::User);
    let customers = if one_user {
        "COUNT(*)"
    } else {
        grouped::DISTINCT_CUSTOMERS
    };
    let q = scoped(
        &grouped::select("COUNT(*)", customers, &keys),
        company_id,
        f,
    );
    grouped::run(db, q, &keys, None, page).await
}

/// The local days `[since, until)` (open where `None`) of a count per
/// user that the kept `relation_days` answer: every relation of the
/// company made in whole local days, grouped by user alone.
fn kept_days(f: &RelationFilter, by: &[Grouping]) -> Option<(Option<i64>, Option<i64>)> {
    let only_created = RelationFilter {
        created_since: None,
        created_until: None,
        ..f.clone()
    } == RelationFilter::default();
    if !only_created || by != [Grouping::User] {
        return None;
    }
    Some((
        local_time::day_bound(f.created_since)?,
        local_time::day_bound(f.created_until)?,
    ))
}

/// Relations per user made in the local days `[since, until)`, from the
/// kept totals; each is also the user's distinct customers.
async fn per_user_from_days(
    db: &Db,
    company_id: i64,
    (since, until): (Option<i64>, Option<i64>),
    page: Page,
) -> Result<Vec<Tally>> {
    let keys = [grouped::Key::column("user_id")];
    let sum = "CAST(SUM(relations) AS BIGINT)";
    let mut q = SqlQuery::new(grouped::select(sum, sum, &keys));
    let c = q.arg(company_id);
    q.push(&format!(" FROM relation_days WHERE company_id = {c}"));
    q.and_present(&[("day >=", since), ("day <", until)]);
    grouped::run(db, q, &keys, Some("SUM(relations) > 0"), page).await
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_time::{day_start, DAY_MS};
    use crate::store::test_databases::{add_customer, add_user, databases, execute};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    #[tokio::test]
    async fn kept_per_user_counts_follow_every_insert_delete_and_move() {
        for db in databases().await {
            kept_counts_follow_the_relations(&db).await;
        }
    }

    async fn kept_counts_follow_the_relations(db: &Db) {
        let mut users = Vec::new();
        for n in 0..4 {
            let company = if n == 3 { 2 } else { 1 };
            users.push(add_user(db, company, &format!("u{n}")).await);
        }
        let today = day_start(now_ms());
        let mut rng = StdRng::seed_from_u64(11);
        let at =
            |rng: &mut StdRng| today - rng.gen_range(0..=10) * DAY_MS + rng.gen_range(0..DAY_MS);
        let mut pairs = Vec::new();
        for n in 0..60 {
            let company = if n % 10 == 9 { 2 } else { 1 };
            let customer = add_customer(db, company, &format!("o{n}")).await;
            let owners: Vec<i64> = if company == 2 {
                vec![users[3]]
            } else {
                users[..3]
                    .iter()
                    .copied()
                    .filter(|_| rng.gen_bool(0.6))
                    .collect()
            };
            for user in owners {
                let when = at(&mut rng);
                execute(
                    db,
                    &format!(
                        "INSERT INTO relations (company_id, user_id, customer_id, created_at) \
                     VALUES ({company}, {user}, {customer}, {when})"
                    ),
                )
                .await;
                if company == 1 {
                    pairs.push((user, customer));
                }
            }
        }
        check(db, today, "after inserts").await;
        for (user, customer) in pairs.drain(..10) {
            execute(db, &format!(
                "DELETE FROM relations WHERE company_id = 1 AND user_id = {user} AND customer_id = {customer}"
            )).await;
        }
        check(db, today, "after deletes").await;
        for (user, customer) in pairs.iter().take(10) {
            execute(
                db,
                &format!(
                    "UPDATE relations SET created_at = {}, expected_pr = 50 \
                 WHERE company_id = 1 AND user_id = {user} AND customer_id = {customer}",
                    at(&mut rng)
                ),
            )
            .await;
        }
        check(db, today, "after re-dating").await;
    }

    /// Every window the rankings ask, kept and counted from the relations.
    async fn check(db: &Db, today: i64, when: &str) {
        for (since, until) in [
            (None, None),
            (Some(today - DAY_MS), Some(today)),
            (Some(today - 7 * DAY_MS), Some(today)),
            (Some(today - 3 * DAY_MS), None),
        ] {
            let f = RelationFilter {
                created_since: since,
                created_until: until,
                ..RelationFilter::default()
            };
            let by = [Grouping::User];
            assert!(kept_days(&f, &by).is_some());
            let kept = aggregate(db, 1, &f, &by, Page::ALL).await.unwrap();
            let keys = [grouped::key(db, Grouping::User)];
            let q = scoped(
                &grouped::select("COUNT(*)", grouped::DISTINCT_CUSTOMERS, &keys),
                1,
                &f,
            );
            let log = grouped::run(db, q, &keys, None, Page::ALL).await.unwrap();
            assert_eq!(kept, log, "{when}: {since:?}..{until:?}");
        }
    }
}
