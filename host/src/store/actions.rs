//! The radar action log.

use super::grouped::{self, Grouping, Tally};
use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use crate::local_time::{self, now_ms};
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

/// Appends an action and marks the pair's last activity. `None` when the user
/// or the customer is not in the company.
pub async fn record(db: &Db, company_id: i64, a: NewAction<'_>) -> Result<Option<i64>> {
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
    q.and_in("user_id", &f.user_ids)
        .and_in("customer_id", &f.customer_ids)
        .and_in("code", &f.codes);
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
) -> Result<Vec<Action>> {
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
        .collect::<sqlx::Result<_>>()
        .map_err(Into::into)
}

/// Number of matching actions.
pub async fn count(db: &Db, company_id: i64, f: &ActionFilter) -> Result<i64> {
    let row = scoped("SELECT COUNT(*) AS n", company_id, f)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| r.get::<i64, _>("n")).unwrap_or(0))
}

/// The highest action code the per-day code sets of
/// `customer_action_days` hold (one bit each in a 64-bit integer).
const HIGHEST_SET_CODE: i64 = 62;

/// Matching actions grouped by `by`, largest groups first, with their
/// distinct customers. A company-wide count of some codes per whole local
/// day reads the totals the triggers of `action_days` and
/// `action_code_set_days` keep rather than the log.
pub async fn aggregate(
    db: &Db,
    company_id: i64,
    f: &ActionFilter,
    by: &[Grouping],
    page: Page,
) -> Result<Vec<Tally>> {
    let days = (
        local_time::day_bound(f.since),
        local_time::day_bound(f.until),
    );
    if let (Some(since), Some(until), [Grouping::Day]) = (days.0, days.1, by) {
        let kept = f.user_ids.is_empty()
            && f.customer_ids.is_empty()
            && f.target.is_none()
            && !f.codes.is_empty()
            && f.codes.iter().all(|c| (0..=HIGHEST_SET_CODE).contains(c));
        if kept {
            return daily_customers(db, company_id, &f.codes, (since, until), page).await;
        }
    }
    let keys: Vec<grouped::Key> = by.iter().map(|g| grouped::key(db, *g)).collect();
    let q = scoped(
        &grouped::select("COUNT(*)", grouped::DISTINCT_CUSTOMERS, &keys),
        company_id,
        f,
    );
    grouped::run(db, q, &keys, None, page).await
}

/// Actions of `codes` and their distinct customers per local day over the
/// days `[since, until)`, from the kept totals: a day's customers are
/// those whose code set of the day shares a bit with `codes`.
async fn daily_customers(
    db: &Db,
    company_id: i64,
    codes: &[i64],
    (since, until): (Option<i64>, Option<i64>),
    page: Page,
) -> Result<Vec<Tally>> {
    let mask = codes.iter().fold(0i64, |m, c| m | 1 << c);
    let mut q = SqlQuery::new("");
    let (c, m) = (q.arg(company_id), q.arg(mask));
    let customers = format!(
        "(SELECT CAST(COALESCE(SUM(s.customers), 0) AS BIGINT) FROM action_code_set_days s \
         WHERE s.company_id = {c} AND s.day = action_days.day AND (s.codes & {m}) <> 0)"
    );
    let keys = [grouped::Key::day(db, "day".to_string())];
    q.push(&grouped::select(
        "CAST(SUM(events) AS BIGINT)",
        &customers,
        &keys,
    ));
    let c = q.arg(company_id);
    q.push(&format!(" FROM action_days WHERE company_id = {c}"));
    q.and_in("code", codes);
    q.and_present(&[("day >=", since), ("day <", until)]);
    grouped::run(db, q, &keys, Some("SUM(events) > 0"), page).await
}

/// Matching actions grouped by `by`, largest groups first, without their
/// customers (0). A company-wide count over whole local days by code and
/// day reads the per-day totals the triggers of `action_days` keep rather
/// than the log.
pub async fn count_by(
    db: &Db,
    company_id: i64,
    f: &ActionFilter,
    by: &[Grouping],
) -> Result<Vec<Tally>> {
    let days = (
        local_time::day_bound(f.since),
        local_time::day_bound(f.until),
    );
    let from_days = f.user_ids.is_empty()
        && f.customer_ids.is_empty()
        && f.target.is_none()
        && days.0.is_some()
        && days.1.is_some()
        && by
            .iter()
            .all(|g| matches!(g, Grouping::Code | Grouping::Day));
    if !from_days {
        let keys: Vec<grouped::Key> = by.iter().map(|g| grouped::key(db, *g)).collect();
        let q = scoped(&grouped::select("COUNT(*)", "0", &keys), company_id, f);
        return grouped::run(db, q, &keys, None, Page::ALL).await;
    }
    let keys: Vec<grouped::Key> = by
        .iter()
        .map(|g| match g {
            Grouping::Day => grouped::Key::day(db, "day".to_string()),
            _ => grouped::Key::column("code"),
        })
        .collect();
    let mut q = SqlQuery::new(grouped::select(
        "CAST(COALESCE(SUM(events), 0) AS BIGINT)",
        "0",
        &keys,
    ));
    let c = q.arg(company_id);
    q.push(&format!(" FROM action_days WHERE company_id = {c}"));
    q.and_in("code", &f.codes);
    q.and_present(&[("day >=", days.0.flatten()), ("day <", days.1.flatten())]);
    grouped::run(db, q, &keys, Some("SUM(events) > 0"), Page::ALL).await
}

/// Which of one salesperson's log entries a radar view reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogFilter {
    /// The salesperson whose log it is.
    pub user_id: i64,
    /// Only this customer's entries.
    pub customer_id: Option<i64>,
    /// Only this action code.
    pub code: Option<i64>,
    /// Entries at or after this time.
    pub since: Option<i64>,
    /// Entries before this time.
    pub until: Option<i64>,
    /// Only entries not seen yet (`is_new`).
    pub unseen: bool,
    /// Only entries with an id up to this one (a snapshot of what was read).
    pub max_id: Option<i64>,
}

/// A log entry with the customer it names.
#[derive(Debug, Clone, FromRow)]
pub struct LogEntry {
    pub id: i64,
    pub user_id: i64,
    pub customer_id: i64,
    pub code: i64,
    pub remark: String,
    pub created_at: i64,
    pub customer_name: String,
    pub headimgurl: String,
    /// The customer's client type (`user_type`).
    pub customer_type: i64,
}

/// One customer's number of matching entries.
#[derive(Debug, Clone, FromRow)]
pub struct CustomerTally {
    pub customer_id: i64,
    pub total: i64,
    pub customer_name: String,
    pub headimgurl: String,
}

// The radar's SQL is built by the `*_sql` functions below; `lead` goes
// before the statement (empty, or `EXPLAIN QUERY PLAN ` in the plan tests).

/// `{lead}{head} WHERE …` selecting the entries `f` names.
///
/// SQLite plans without statistics and assumes a user has few actions, so
/// left alone it may walk all 200k index entries of a user just to avoid
/// sorting ten rows. A leading `+` keeps a column out of index lookups (its
/// value is unchanged, on both engines), so exactly one 0004 index drives
/// each query: the unseen one, else the customer's, else the code's, else
/// the time index.
fn log_scope(lead: &str, head: &str, company_id: i64, f: &LogFilter) -> SqlQuery {
    let mut q = SqlQuery::new(format!("{lead}{head}"));
    let (c, u) = (q.arg(company_id), q.arg(f.user_id));
    q.push(&format!(" WHERE company_id = {c} AND user_id = {u}"));
    if f.unseen {
        q.push(" AND is_new = 1");
    }
    let customer = if f.unseen {
        "+customer_id ="
    } else {
        "customer_id ="
    };
    let code = if f.unseen || f.customer_id.is_some() {
        "+code ="
    } else {
        "code ="
    };
    q.and_present(&[
        (customer, f.customer_id),
        (code, f.code),
        ("created_at >=", f.since),
        ("created_at <", f.until),
        // In SQLite `id` is the rowid: unmarked, it could drive a scan of every company.
        ("+id <=", f.max_id),
    ]);
    q
}

/// The page: cut from the log first and joined to its customers after, so
/// the join touches only the rows shown.
pub(super) fn log_page_sql(
    lead: &str,
    company_id: i64,
    f: &LogFilter,
    offset: i64,
    limit: Option<i64>,
) -> SqlQuery {
    let mut q = log_scope(
        lead,
        "SELECT a.id, a.user_id, a.customer_id, a.code, a.remark, a.created_at, \
         c.username AS customer_name, c.headimgurl, c.user_type AS customer_type \
         FROM (SELECT company_id, id, user_id, customer_id, code, remark, created_at FROM actions",
        company_id,
        f,
    );
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    q.push(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT {l} OFFSET {o}) a \
         JOIN customers c ON c.company_id = a.company_id AND c.id = a.customer_id \
         ORDER BY a.created_at DESC, a.id DESC"
    ));
    q
}

pub(super) fn log_count_sql(lead: &str, company_id: i64, f: &LogFilter) -> SqlQuery {
    log_scope(lead, "SELECT COUNT(*) AS n FROM actions", company_id, f)
}

pub(super) fn unseen_snapshot_sql(lead: &str, company_id: i64, f: &LogFilter) -> SqlQuery {
    let f = LogFilter { unseen: true, ..*f };
    log_scope(
        lead,
        "SELECT COUNT(*) AS n, MAX(id) AS top FROM actions",
        company_id,
        &f,
    )
}

pub(super) fn unseen_probe_sql(lead: &str, company_id: i64, f: &LogFilter) -> SqlQuery {
    let f = LogFilter { unseen: true, ..*f };
    let mut q = log_scope(lead, "SELECT 1 AS one FROM actions", company_id, &f);
    q.push(" LIMIT 1");
    q
}

pub(super) fn mark_seen_sql(lead: &str, company_id: i64, f: &LogFilter) -> SqlQuery {
    let f = LogFilter { unseen: true, ..*f };
    log_scope(lead, "UPDATE actions SET is_new = 0", company_id, &f)
}

/// `+code`: grouping must not pick the code index (a scan of the whole log).
pub(super) fn count_by_code_sql(lead: &str, company_id: i64, f: &LogFilter) -> SqlQuery {
    let mut q = log_scope(
        lead,
        "SELECT +code AS action_code, COUNT(*) AS n FROM actions",
        company_id,
        f,
    );
    q.push(" GROUP BY action_code ORDER BY action_code");
    q
}

/// `+customer_id`: grouping must not pick the customer index (a scan of the whole log).
pub(super) fn top_customers_sql(
    lead: &str,
    company_id: i64,
    f: &LogFilter,
    offset: i64,
    limit: Option<i64>,
) -> SqlQuery {
    let mut q = log_scope(
        lead,
        "SELECT t.customer_id, t.total, c.username AS customer_name, c.headimgurl \
         FROM (SELECT +customer_id AS customer_id, COUNT(*) AS total FROM actions",
        company_id,
        f,
    );
    let (l, o) = (q.arg(limit.unwrap_or(i64::MAX)), q.arg(offset));
    let c = q.arg(company_id);
    q.push(&format!(
        " GROUP BY 1 ORDER BY total DESC, customer_id LIMIT {l} OFFSET {o}) t \
         JOIN customers c ON c.company_id = {c} AND c.id = t.customer_id \
         ORDER BY t.total DESC, t.customer_id"
    ));
    q
}

pub(super) fn count_by_customer_and_code_sql(
    lead: &str,
    company_id: i64,
    f: &LogFilter,
    customer_ids: &[i64],
) -> SqlQuery {
    let f = LogFilter {
        customer_id: None,
        ..*f
    };
    let mut q = log_scope(
        lead,
        "SELECT customer_id, +code AS action_code, COUNT(*) AS n FROM actions",
        company_id,
        &f,
    );
    let ids: Vec<String> = customer_ids.iter().map(|id| q.arg(*id)).collect();
    q.push(&format!(
        " AND customer_id IN ({}) GROUP BY customer_id, action_code ORDER BY customer_id, action_code",
        ids.join(", ")
    ));
    q
}

/// A page of the entries `f` names, newest first, with their customers; and
/// how many entries match.
pub async fn log_page(
    db: &Db,
    company_id: i64,
    f: &LogFilter,
    offset: i64,
    limit: Option<i64>,
) -> Result<(Vec<LogEntry>, i64)> {
    let entries = log_page_sql("", company_id, f, offset, limit)
        .fetch_all(db)
        .await?
        .iter()
        .map(LogEntry::from_row)
        .collect::<sqlx::Result<Vec<_>>>()?;
    // A first page that is not full already holds every match: skip the count.
    let complete = offset == 0 && limit.is_none_or(|l| (entries.len() as i64) < l);
    let total = if complete {
        entries.len() as i64
    } else {
        log_count(db, company_id, f).await?
    };
    Ok((entries, total))
}

/// Number of entries `f` names.
pub async fn log_count(db: &Db, company_id: i64, f: &LogFilter) -> Result<i64> {
    let row = log_count_sql("", company_id, f).fetch_optional(db).await?;
    Ok(row.map_or(Ok(0), |r| r.try_get("n"))?)
}

/// How many unseen entries `f` names, and the newest id among them.
pub async fn unseen_snapshot(
    db: &Db,
    company_id: i64,
    f: &LogFilter,
) -> Result<(i64, Option<i64>)> {
    match unseen_snapshot_sql("", company_id, f)
        .fetch_optional(db)
        .await?
    {
        Some(r) => Ok((r.try_get("n")?, r.try_get("top")?)),
        None => Ok((0, None)),
    }
}

/// Marks the entries `f` names seen; returns how many were unseen.
pub async fn mark_seen(db: &Db, company_id: i64, f: &LogFilter) -> Result<u64> {
    // Most reads find nothing new: checking first keeps them off the writer.
    let probe = unseen_probe_sql("", company_id, f)
        .fetch_optional(db)
        .await?;
    if probe.is_none() {
        return Ok(0);
    }
    Ok(mark_seen_sql("", company_id, f).execute(db).await?)
}

/// Entries `f` names per action code, as (code, count) by code.
pub async fn count_by_code(db: &Db, company_id: i64, f: &LogFilter) -> Result<Vec<(i64, i64)>> {
    count_by_code_sql("", company_id, f)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("action_code")?, r.try_get("n")?)))
        .collect()
}

/// Customers by their number of entries `f` names, most first (ties: lower id first).
pub async fn top_customers(
    db: &Db,
    company_id: i64,
    f: &LogFilter,
    offset: i64,
    limit: Option<i64>,
) -> Result<Vec<CustomerTally>> {
    top_customers_sql("", company_id, f, offset, limit)
        .fetch_all(db)
        .await?
        .iter()
        .map(CustomerTally::from_row)
        .collect::<sqlx::Result<_>>()
        .map_err(Into::into)
}

/// Entries `f` names of each of `customer_ids` per action code, as
/// (customer, code, count) by customer and code.
pub async fn count_by_customer_and_code(
    db: &Db,
    company_id: i64,
    f: &LogFilter,
    customer_ids: &[i64],
) -> Result<Vec<(i64, i64, i64)>> {
    if customer_ids.is_empty() {
        return Ok(Vec::new());
    }
    count_by_customer_and_code_sql("", company_id, f, customer_ids)
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("customer_id")?,
                r.try_get("action_code")?,
                r.try_get("n")?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_time::{day_start, DAY_MS};
    use crate::store::test_databases::{add_customer, add_user, databases};

    #[tokio::test]
    async fn day_totals_follow_every_insert_delete_and_redating() {
        for db in databases().await {
            day_totals_follow_the_log(&db).await;
        }
    }

    /// Counts of the log itself, with distinct customers.
    async fn from_log(db: &Db, company_id: i64, f: &ActionFilter, by: &[Grouping]) -> Vec<Tally> {
        let keys: Vec<grouped::Key> = by.iter().map(|g| grouped::key(db, *g)).collect();
        let select = grouped::select("COUNT(*)", grouped::DISTINCT_CUSTOMERS, &keys);
        let q = scoped(&select, company_id, f);
        grouped::run(db, q, &keys, None, Page::ALL).await.unwrap()
    }

    /// Counts of the log itself, as `count_by` answers them.
    async fn live(db: &Db, f: &ActionFilter, by: &[Grouping]) -> Vec<Tally> {
        from_log(db, 1, f, by)
            .await
            .into_iter()
            .map(|t| Tally { customers: 0, ..t })
            .collect()
    }

    async fn day_totals_follow_the_log(db: &Db) {
        let user = add_user(db, 1, "u").await;
        let customer = add_customer(db, 1, "o").await;
        let today = day_start(now_ms());
        let mut ids = Vec::new();
        for (code, at) in [
            (1, today - 3 * DAY_MS + 1),
            (1, today - 2 * DAY_MS + 3_600_000),
            (14, today - 2 * DAY_MS + 7_200_000),
            (1, today - DAY_MS - 1),
            (5, today - 1),
            (1, today + 60_000),
        ] {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO actions (company_id, user_id, customer_id, code, remark, created_at) \
                 VALUES (1, $1, $2, $3, '', $4) RETURNING id",
            )
            .bind(user)
            .bind(customer)
            .bind(code)
            .bind(at)
            .fetch_one(db.writer())
            .await
            .unwrap();
            ids.push(id);
        }
        check(db, today, 5).await;
        sqlx::query("DELETE FROM actions WHERE id = $1")
            .bind(ids[1])
            .execute(db.writer())
            .await
            .unwrap();
        check(db, today, 4).await;
        // Re-dated into today, out of the window.
        sqlx::query("UPDATE actions SET created_at = $1, code = 9 WHERE id = $2")
            .bind(today + 1)
            .bind(ids[0])
            .execute(db.writer())
            .await
            .unwrap();
        check(db, today, 3).await;
        // A window not on local midnights is counted from the log.
        let odd = ActionFilter {
            since: Some(today - 2 * DAY_MS + 5_400_000),
            ..ActionFilter::default()
        };
        assert_eq!(
            count_by(db, 1, &odd, &[]).await.unwrap()[0].count,
            5,
            "14 at 02:00 two days ago, the two late ones before today and today's two"
        );
    }

    /// Kept totals equal the log's counts, every grouping, over whole days
    /// and all time; `expected` events in the last three days.
    async fn check(db: &Db, today: i64, expected: i64) {
        let days = ActionFilter {
            since: Some(today - 3 * DAY_MS),
            until: Some(today),
            ..ActionFilter::default()
        };
        let all = ActionFilter::default();
        let groupings: [&[Grouping]; 4] = [
            &[],
            &[Grouping::Code],
            &[Grouping::Day],
            &[Grouping::Day, Grouping::Code],
        ];
        for by in groupings {
            for f in [&days, &all] {
                assert_eq!(
                    count_by(db, 1, f, by).await.unwrap(),
                    live(db, f, by).await,
                    "{by:?} over {f:?}"
                );
            }
        }
        assert_eq!(
            count_by(db, 1, &days, &[]).await.unwrap()[0].count,
            expected
        );
        // Another company's totals stay apart.
        assert_eq!(count_by(db, 2, &all, &[]).await.unwrap()[0].count, 0);
    }

    #[tokio::test]
    async fn daily_customers_follow_every_insert_delete_and_move() {
        for db in databases().await {
            daily_customers_follow_the_log(&db).await;
        }
    }

    async fn daily_customers_follow_the_log(db: &Db) {
        use crate::store::test_databases::{execute, insert_id};
        use rand::rngs::StdRng;
        use rand::{Rng, SeedableRng};

        let users = [add_user(db, 1, "u1").await, add_user(db, 2, "u2").await];
        let mut customers = Vec::new();
        for n in 0..6 {
            customers.push(add_customer(db, 1, &format!("c{n}")).await);
        }
        let theirs = add_customer(db, 2, "c");
        let theirs = theirs.await;
        let today = day_start(now_ms());
        let mut rng = StdRng::seed_from_u64(11);
        // Times over the last six days and today, some on local midnights;
        // codes of both sets asked below, one beyond the kept codes.
        let at = |rng: &mut StdRng| {
            let day = today - rng.gen_range(0..=6) * DAY_MS;
            if rng.gen_bool(0.2) {
                day
            } else {
                day + rng.gen_range(0..DAY_MS)
            }
        };
        let codes = [1, 14, 5, 9, 21, 63];
        let insert = |company: i64, user: i64, customer: i64, code: i64, when: i64| {
            format!(
                "INSERT INTO actions (company_id, user_id, customer_id, code, remark, created_at) \
                 VALUES ({company}, {user}, {customer}, {code}, '', {when}) RETURNING id"
            )
        };
        let mut ids = Vec::new();
        for _ in 0..120 {
            let customer = customers[rng.gen_range(0..customers.len())];
            let (code, when) = (codes[rng.gen_range(0..codes.len())], at(&mut rng));
            ids.push(insert_id(db, &insert(1, users[0], customer, code, when)).await);
        }
        insert_id(db, &insert(2, users[1], theirs, 1, today - DAY_MS)).await;
        check_daily(db, today, "after inserts").await;

        for id in ids.drain(..30) {
            execute(db, &format!("DELETE FROM actions WHERE id = {id}")).await;
        }
        check_daily(db, today, "after deletes").await;

        for (n, id) in ids.iter().take(40).enumerate() {
            let set = match n % 3 {
                0 => format!("created_at = {}", at(&mut rng)),
                1 => format!(
                    "customer_id = {}",
                    customers[rng.gen_range(0..customers.len())]
                ),
                _ => format!("code = {}", codes[rng.gen_range(0..codes.len())]),
            };
            execute(db, &format!("UPDATE actions SET {set} WHERE id = {id}")).await;
        }
        check_daily(db, today, "after moves").await;

        // Statements of several rows: a day back, a delete, and a move to
        // the other company (its user and customer).
        let list = |ids: &[i64]| {
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let several = [
            format!(
                "UPDATE actions SET created_at = created_at - {DAY_MS} WHERE id IN ({})",
                list(&ids[40..60])
            ),
            format!("DELETE FROM actions WHERE id IN ({})", list(&ids[60..70])),
            format!(
                "UPDATE actions SET company_id = 2, user_id = {}, customer_id = {theirs} \
                 WHERE id IN ({})",
                users[1],
                list(&ids[70..80])
            ),
        ];
        for sql in &several {
            execute(db, sql).await;
        }
        check_daily(db, today, "after statements of several rows").await;
    }

    /// Every code set and window of whole days: the kept daily customers
    /// equal the log's DISTINCT, in both companies.
    async fn check_daily(db: &Db, today: i64, when: &str) {
        let sets: [&[i64]; 4] = [&[1], &[1, 14], &[5, 9, 21], &[1, 14, 5, 9, 21]];
        let windows = [
            (None, None),
            (Some(today - 3 * DAY_MS), Some(today)),
            (Some(today - 15 * DAY_MS), Some(today)),
            (Some(today - DAY_MS), None),
        ];
        for company in [1, 2] {
            for codes in sets {
                for (since, until) in windows {
                    let f = ActionFilter {
                        codes: codes.to_vec(),
                        since,
                        until,
                        ..ActionFilter::default()
                    };
                    let by = [Grouping::Day];
                    let what = format!(
                        "{when}: company {company}, codes {codes:?} over {since:?}..{until:?}"
                    );
                    let logged = from_log(db, company, &f, &by).await;
                    // The kept totals themselves, and the store's answer.
                    let days = (
                        local_time::day_bound(since).unwrap(),
                        local_time::day_bound(until).unwrap(),
                    );
                    let kept = daily_customers(db, company, codes, days, Page::ALL).await;
                    assert_eq!(kept.unwrap(), logged, "{what}: kept");
                    assert_eq!(
                        aggregate(db, company, &f, &by, Page::ALL).await.unwrap(),
                        logged,
                        "{what}"
                    );
                }
            }
        }
    }
}
