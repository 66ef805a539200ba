//! Company-wide counts of the customers' chat and follow-up logs, read
//! from the totals the triggers of migrations 0013 and 0017 keep instead
//! of the log: rows and distinct customers of whole local days, ungrouped
//! or per day (`customer_days`, and the counts of each customer's last two
//! days, `last_day_counts` and `prior_day_counts`), and rows per radar user
//! and day (`user_log_days`).

use super::grouped::{self, Counted, Grouping, Tally};
use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use crate::local_time;
use sqlx::Row;

/// The log of follow-up notes; the logs of messages are their direction's
/// `send_type` (1 radar user to customer, 2 customer to radar user).
pub const FOLLOW_UPS: i64 = 3;

/// A count of one log of the company: of `user_ids` (empty: all) over
/// the times `[since, until)` (open where `None`).
#[derive(Debug, Clone, Copy)]
pub struct Counting<'a> {
    /// The log.
    pub log: i64,
    /// Only rows of these radar users.
    pub user_ids: &'a [i64],
    /// Rows at or after this time.
    pub since: Option<i64>,
    /// Rows before this time.
    pub until: Option<i64>,
}

/// The company's `rows` of a log grouped by `by`, counted as `counted`
/// says: from the kept totals of `kept_as` where they can answer, else from
/// the log itself.
pub async fn tally(
    db: &Db,
    company_id: i64,
    kept_as: Option<Counting<'_>>,
    rows: grouped::PairRows<'_>,
    by: &[Grouping],
    page: Page,
    counted: Counted,
) -> Result<Vec<Tally>> {
    if let Some(c) = kept_as {
        if let Some(tallies) = kept(db, company_id, c, by, page, counted).await? {
            return Ok(tallies);
        }
    }
    grouped::count_pairs(db, company_id, rows, by, page, counted).await
}

/// The tallies of `c` grouped by `by` from the kept totals; `None` when
/// they cannot answer and the log must count: a bound that is not a local
/// midnight, a grouping they do not keep, distinct customers of some
/// users, or a customer whose latest row is dated after the window's end
/// (so their latest day before it is not kept).
async fn kept(
    db: &Db,
    company_id: i64,
    c: Counting<'_>,
    by: &[Grouping],
    page: Page,
    counted: Counted,
) -> Result<Option<Vec<Tally>>> {
    let (Some(since), Some(until)) = (
        local_time::day_bound(c.since),
        local_time::day_bound(c.until),
    ) else {
        return Ok(None);
    };
    let days = Days {
        log: c.log,
        since,
        until,
    };
    match counted {
        Counted::Rows => per_user_and_day(db, company_id, days, c.user_ids, by, page).await,
        Counted::RowsAndCustomers if c.user_ids.is_empty() => {
            with_customers(db, company_id, days, by, page).await
        }
        Counted::RowsAndCustomers => Ok(None),
    }
}

/// One log of the company over the local days `[since, until)`.
#[derive(Debug, Clone, Copy)]
struct Days {
    log: i64,
    since: Option<i64>,
    until: Option<i64>,
}

impl Days {
    /// ` FROM <table> WHERE` the company and log (of any table keyed by
    /// them: the day totals, or the counts of customer_last_days).
    fn push_counts(&self, q: &mut SqlQuery, table: &str, company_id: i64) {
        let (c, l) = (q.arg(company_id), q.arg(self.log));
        q.push(&format!(
            " FROM {table} WHERE company_id = {c} AND log = {l}"
        ));
    }

    /// ` FROM <table> WHERE …` of the days.
    fn push_from(&self, q: &mut SqlQuery, table: &str, company_id: i64) {
        self.push_counts(q, table, company_id);
        q.and_present(&[("day >=", self.since), ("day <", self.until)]);
    }
}

/// Rows and distinct customers, ungrouped or per day.
async fn with_customers(
    db: &Db,
    company_id: i64,
    days: Days,
    by: &[Grouping],
    page: Page,
) -> Result<Option<Vec<Tally>>> {
    if by == [Grouping::Day] {
        let keys = [grouped::Key::day(db, "day".to_string())];
        let mut q = SqlQuery::new(grouped::select(
            "CAST(SUM(events) AS BIGINT)",
            "CAST(SUM(customers) AS BIGINT)",
            &keys,
        ));
        days.push_from(&mut q, "customer_days", company_id);
        let tallies = grouped::run(db, q, &keys, Some("SUM(events) > 0"), page).await?;
        return Ok(Some(tallies));
    }
    if !by.is_empty() {
        return Ok(None);
    }
    // A later page of one group is empty.
    if page.offset > 0 {
        return Ok(Some(Vec::new()));
    }
    // One statement, so the check that every customer's latest day is
    // kept and the counts see the same rows.
    let mut q = SqlQuery::new("SELECT ");
    match days.until {
        None => q.push("CAST(0 AS BIGINT)"),
        Some(until) => {
            q.push("(SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT)");
            days.push_counts(&mut q, "last_day_counts", company_id);
            let u = q.arg(until);
            q.push(&format!(" AND last_day > {u})"))
        }
    };
    q.push(" AS later, (SELECT CAST(COALESCE(SUM(events), 0) AS BIGINT)");
    days.push_from(&mut q, "customer_days", company_id);
    // The customers whose latest day before the end is in the window: a
    // last day in it, or the last day at the end and the prior one in it.
    q.push(") AS n, (SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT)");
    days.push_counts(&mut q, "last_day_counts", company_id);
    q.and_present(&[("last_day >=", days.since), ("last_day <", days.until)]);
    q.push(") + (SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT)");
    days.push_counts(&mut q, "prior_day_counts", company_id);
    match days.until {
        // No customer's last day is past the end of time.
        None => q.push(" AND 1 = 0"),
        Some(until) => {
            let u = q.arg(until);
            q.push(&format!(" AND last_day = {u}"));
            q.and_present(&[("prior_day >=", days.since)])
        }
    };
    q.push(") AS customers");
    let row = q
        .fetch_optional(db)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    if row.get::<i64, _>("later") > 0 {
        return Ok(None);
    }
    Ok(Some(vec![Tally {
        keys: Vec::new(),
        count: row.get("n"),
        customers: row.get("customers"),
    }]))
}

/// Rows per radar user and/or day (customers 0) of `user_ids`.
async fn per_user_and_day(
    db: &Db,
    company_id: i64,
    days: Days,
    user_ids: &[i64],
    by: &[Grouping],
    page: Page,
) -> Result<Option<Vec<Tally>>> {
    let mut keys = Vec::new();
    for g in by {
        keys.push(match g {
            Grouping::User => grouped::Key::column("user_id"),
            Grouping::Day => grouped::Key::day(db, "day".to_string()),
            Grouping::Customer | Grouping::Code => return Ok(None),
        });
    }
    let mut q = SqlQuery::new(grouped::select(
        "CAST(COALESCE(SUM(events), 0) AS BIGINT)",
        "0",
        &keys,
    ));
    days.push_from(&mut q, "user_log_days", company_id);
    q.and_in("user_id", user_ids);
    let tallies = grouped::run(db, q, &keys, Some("SUM(events) > 0"), page).await?;
    Ok(Some(tallies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_time::{day_start, now_ms, DAY_MS};
    use crate::store::test_databases::{add_customer, add_user, databases, execute, insert_id};
    use crate::store::{chat, follow};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    /// The ungrouped counts up to two days ago, in each log: every
    /// customer has rows after that, so the log answers them.
    const DECLINED: usize = 3;

    #[tokio::test]
    async fn kept_totals_follow_every_insert_delete_and_move_of_messages_and_notes() {
        for db in databases().await {
            kept_totals_follow_the_logs(&db).await;
        }
    }

    async fn kept_totals_follow_the_logs(db: &Db) {
        // Three users and four customers of company 1, all related (notes
        // belong to a relation); one pair of company 2.
        let (mut users, mut customers) = (Vec::new(), Vec::new());
        for n in 0..5 {
            let company = if n == 4 { 2 } else { 1 };
            users.push(add_user(db, company, &format!("u{n}")).await);
            customers.push(add_customer(db, company, &format!("o{n}")).await);
        }
        for u in &users[..3] {
            for c in &customers[..4] {
                execute(db, &format!(
                    "INSERT INTO relations (company_id, user_id, customer_id, created_at) VALUES (1, {u}, {c}, 0)"
                )).await;
            }
        }
        execute(db, &format!(
            "INSERT INTO relations (company_id, user_id, customer_id, created_at) VALUES (2, {}, {}, 0)",
            users[4], customers[4]
        )).await;

        let today = day_start(now_ms());
        let mut rng = StdRng::seed_from_u64(7);
        // Times over the last ten days and today, some on local midnights.
        let at = |rng: &mut StdRng| {
            let day = today - rng.gen_range(0..=10) * DAY_MS;
            if rng.gen_bool(0.2) {
                day
            } else {
                day + rng.gen_range(0..DAY_MS)
            }
        };
        let (mut messages, mut notes) = (Vec::new(), Vec::new());
        for _ in 0..150 {
            let (u, c) = (users[rng.gen_range(0..3)], customers[rng.gen_range(0..4)]);
            let (t, when) = (rng.gen_range(1..=2), at(&mut rng));
            messages.push(insert_id(db, &format!(
                "INSERT INTO chat_messages (company_id, user_id, customer_id, send_type, content, created_at) \
                 VALUES (1, {u}, {c}, {t}, '{{}}', {when}) RETURNING id"
            )).await);
            let (u, c, when) = (
                users[rng.gen_range(0..3)],
                customers[rng.gen_range(0..4)],
                at(&mut rng),
            );
            notes.push(insert_id(db, &format!(
                "INSERT INTO follow_infos (company_id, user_id, customer_id, follow_info, created_at) \
                 VALUES (1, {u}, {c}, 'n', {when}) RETURNING id"
            )).await);
        }
        // One statement writing several rows of one customer and day.
        let (u, c, noon) = (users[1], customers[2], today - 4 * DAY_MS + DAY_MS / 2);
        execute(db, &format!(
            "INSERT INTO chat_messages (company_id, user_id, customer_id, send_type, content, created_at) \
             VALUES (1, {u}, {c}, 2, '{{}}', {noon}), (1, {u}, {c}, 2, '{{}}', {}), (1, {u}, {c}, 1, '{{}}', {noon})",
            noon + 1
        )).await;
        execute(
            db,
            &format!(
            "INSERT INTO follow_infos (company_id, user_id, customer_id, follow_info, created_at) \
             VALUES (1, {u}, {c}, 'n', {noon}), (1, {u}, {c}, 'n', {})",
            noon + 1
        ),
        )
        .await;
        // The other company's rows, on a day company 1 counts.
        let (u, c, day) = (users[4], customers[4], today - DAY_MS);
        execute(db, &format!(
            "INSERT INTO chat_messages (company_id, user_id, customer_id, send_type, content, created_at) \
             VALUES (2, {u}, {c}, 2, '{{}}', {day})"
        )).await;
        execute(
            db,
            &format!(
            "INSERT INTO follow_infos (company_id, user_id, customer_id, follow_info, created_at) \
             VALUES (2, {u}, {c}, 'n', {day})"
        ),
        )
        .await;
        assert_eq!(check(db, &users, today, "after inserts").await, DECLINED);

        // On PostgreSQL, put each day's parts in shard 0, as the rows that
        // were there when the tables were made are: taking rows back from
        // other shards must still leave the sums right. (SQLite has only
        // shard 0.)
        if db.dialect == crate::db::Dialect::Postgres {
            execute(
                db,
                "WITH parts AS (DELETE FROM customer_days RETURNING *) \
                 INSERT INTO customer_days (company_id, log, day, shard, events, customers) \
                 SELECT company_id, log, day, 0, SUM(events), SUM(customers) FROM parts \
                 GROUP BY company_id, log, day",
            )
            .await;
            assert_eq!(check(db, &users, today, "in shard 0").await, DECLINED);
        }

        for id in messages.drain(..40) {
            execute(db, &format!("DELETE FROM chat_messages WHERE id = {id}")).await;
        }
        for id in notes.drain(..40) {
            execute(db, &format!("DELETE FROM follow_infos WHERE id = {id}")).await;
        }
        // A relation removed takes its notes with it.
        execute(
            db,
            &format!(
                "DELETE FROM relations WHERE company_id = 1 AND user_id = {} AND customer_id = {}",
                users[0], customers[0]
            ),
        )
        .await;
        assert_eq!(check(db, &users, today, "after deletes").await, DECLINED);

        for (n, (message, note)) in messages.iter().zip(&notes).take(50).enumerate() {
            let (set, set_note) = match n % 3 {
                0 => (
                    format!("created_at = {}", at(&mut rng)),
                    format!("created_at = {}", at(&mut rng)),
                ),
                1 => {
                    let (u, c) = (users[rng.gen_range(0..3)], customers[rng.gen_range(1..4)]);
                    let set = format!("user_id = {u}, customer_id = {c}");
                    (set.clone(), set)
                }
                _ => (
                    format!("send_type = 3 - send_type, created_at = {}", at(&mut rng)),
                    format!("follow_info = 'm', created_at = {}", at(&mut rng)),
                ),
            };
            execute(
                db,
                &format!("UPDATE chat_messages SET {set} WHERE id = {message}"),
            )
            .await;
            execute(
                db,
                &format!("UPDATE follow_infos SET {set_note} WHERE id = {note}"),
            )
            .await;
        }
        assert_eq!(check(db, &users, today, "after moves").await, DECLINED);

        // A message dated after today: the windows ending today in its
        // direction are counted from the log too, and still agree.
        execute(
            db,
            &format!(
                "UPDATE chat_messages SET created_at = {} WHERE id = {}",
                today + 2 * DAY_MS,
                messages[60]
            ),
        )
        .await;
        assert!(check(db, &users, today, "with a message after today").await > DECLINED);
    }

    /// The kept answer of every window and grouping the Boss radar asks,
    /// in each log, equals the log's own count, and so does the store's
    /// answer; returns how many the kept totals declined.
    async fn check(db: &Db, users: &[i64], today: i64, when: &str) -> usize {
        let windows = [
            (None, None),
            (Some(today - DAY_MS), Some(today)),
            (Some(today - 7 * DAY_MS), Some(today)),
            (Some(today - 30 * DAY_MS), Some(today)),
            (Some(today - 3 * DAY_MS), None),
            (None, Some(today - 2 * DAY_MS)),
            (Some(today), None),
        ];
        let mut declined = 0;
        for log in [1, 2, FOLLOW_UPS] {
            let (table, direction) = match log {
                FOLLOW_UPS => ("follow_infos", None),
                send_type => ("chat_messages", Some(send_type)),
            };
            for (since, until) in windows {
                let conditions = [
                    ("send_type =", direction),
                    ("created_at >=", since),
                    ("created_at <", until),
                ];
                let rows = |user_ids| grouped::PairRows {
                    table,
                    user_ids,
                    customer_ids: &[],
                    conditions: &conditions,
                };
                let counting = |user_ids| Counting {
                    log,
                    user_ids,
                    since,
                    until,
                };
                for by in [&[][..], &[Grouping::Day]] {
                    let what = format!("{when}: {by:?} of log {log} over {since:?}..{until:?}");
                    let all = Counted::RowsAndCustomers;
                    let counted = grouped::count_pairs(db, 1, rows(&[]), by, Page::ALL, all)
                        .await
                        .unwrap();
                    match kept(db, 1, counting(&[]), by, Page::ALL, all)
                        .await
                        .unwrap()
                    {
                        Some(kept) => assert_eq!(kept, counted, "{what}"),
                        None => declined += 1,
                    }
                    let stored = match direction {
                        Some(t) => {
                            let f = chat::MessageFilter {
                                send_type: Some(t),
                                since,
                                until,
                                ..Default::default()
                            };
                            chat::tally(db, 1, &f, by, Page::ALL, all).await
                        }
                        None => {
                            let f = follow::LineFilter {
                                since,
                                until,
                                ..Default::default()
                            };
                            follow::tally_lines(db, 1, &f, by, Page::ALL, all).await
                        }
                    };
                    assert_eq!(stored.unwrap(), counted, "{what}");
                }
                // Rows per user and day, of everyone and of one user, are
                // always kept.
                for user_ids in [&[][..], &[users[1]]] {
                    for by in [
                        &[][..],
                        &[Grouping::User],
                        &[Grouping::Day],
                        &[Grouping::User, Grouping::Day],
                    ] {
                        let what = format!(
                            "{when}: rows by {by:?} of {user_ids:?} in log {log} over {since:?}..{until:?}"
                        );
                        let rows_only = Counted::Rows;
                        let counted =
                            grouped::count_pairs(db, 1, rows(user_ids), by, Page::ALL, rows_only)
                                .await
                                .unwrap();
                        let kept = kept(db, 1, counting(user_ids), by, Page::ALL, rows_only)
                            .await
                            .unwrap();
                        assert_eq!(kept, Some(counted), "{what}");
                    }
                }
            }
        }
        declined
    }
}
