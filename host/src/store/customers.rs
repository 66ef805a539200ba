//! Customers: WeChat end users of one company.

use super::grouped::{self, Grouping, Tally};
use super::{Page, Result};
use crate::db::{Db, SqlQuery};
use crate::local_time::{self, now_ms};
use sqlx::FromRow;

/// A customer.
#[derive(Debug, Clone, FromRow)]
pub struct Customer {
    pub id: i64,
    pub company_id: i64,
    pub user_type: i64,
    pub openid: String,
    pub token: String,
    pub username: String,
    pub headimgurl: String,
    pub sex: i64,
    pub phone: String,
    pub form_ids: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, company_id, user_type, openid, token, username, headimgurl, sex, phone, form_ids, created_at";

/// Finds the customer (company, user_type, openid) or creates it with `token`;
/// refreshes the session key either way. Returns the customer.
pub async fn upsert_by_openid(
    db: &Db,
    company_id: i64,
    user_type: i64,
    openid: &str,
    session_key: &str,
    token: &str,
) -> Result<Customer> {
    Ok(sqlx::query_as(&format!(
        "INSERT INTO customers (company_id, user_type, openid, session_key, token, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (company_id, user_type, openid) DO UPDATE SET session_key = excluded.session_key \
         RETURNING {COLUMNS}"
    ))
    .bind(company_id)
    .bind(user_type)
    .bind(openid)
    .bind(session_key)
    .bind(token)
    .bind(now_ms())
    .fetch_one(db.writer())
    .await?)
}

/// Finds the public-account customer (company, user type 1, openid) or
/// creates it with `token`; stores `profile` when WeChat returned one. An
/// existing customer keeps their token. Returns the customer.
pub async fn upsert_public_account(
    db: &Db,
    company_id: i64,
    openid: &str,
    token: &str,
    profile: Option<&AuthorisedProfile<'_>>,
) -> Result<Customer> {
    const PUBLIC_ACCOUNT: i64 = 1;
    let Some(p) = profile else {
        return Ok(sqlx::query_as(&format!(
            "INSERT INTO customers (company_id, user_type, openid, token, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (company_id, user_type, openid) DO UPDATE SET openid = excluded.openid \
             RETURNING {COLUMNS}"
        ))
        .bind(company_id)
        .bind(PUBLIC_ACCOUNT)
        .bind(openid)
        .bind(token)
        .bind(now_ms())
        .fetch_one(db.writer())
        .await?);
    };
    Ok(sqlx::query_as(&format!(
        "INSERT INTO customers (company_id, user_type, openid, token, username, headimgurl, sex, \
         country, province, city, language, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (company_id, user_type, openid) DO UPDATE SET username = excluded.username, \
         headimgurl = excluded.headimgurl, sex = excluded.sex, country = excluded.country, \
         province = excluded.province, city = excluded.city, language = excluded.language \
         RETURNING {COLUMNS}"
    ))
    .bind(company_id)
    .bind(PUBLIC_ACCOUNT)
    .bind(openid)
    .bind(token)
    .bind(p.username)
    .bind(p.headimgurl)
    .bind(p.sex)
    .bind(p.country)
    .bind(p.province)
    .bind(p.city)
    .bind(p.language)
    .bind(now_ms())
    .fetch_one(db.writer())
    .await?)
}

/// The customer `id` of `company_id`.
pub async fn get(db: &Db, company_id: i64, id: i64) -> Result<Option<Customer>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE company_id = $1 AND id = $2"
    ))
    .bind(company_id)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// The profile a customer authorises: in the mini-program, or through the
/// public account's OAuth (which names no language: empty).
pub struct AuthorisedProfile<'a> {
    pub username: &'a str,
    pub headimgurl: &'a str,
    pub sex: i64,
    pub country: &'a str,
    pub province: &'a str,
    pub city: &'a str,
    pub language: &'a str,
}

/// Stores an authorised profile.
pub async fn set_profile(
    db: &Db,
    company_id: i64,
    id: i64,
    p: AuthorisedProfile<'_>,
) -> Result<()> {
    sqlx::query(
        "UPDATE customers SET username = $1, headimgurl = $2, sex = $3, country = $4, province = $5, \
         city = $6, language = $7 WHERE company_id = $8 AND id = $9",
    )
    .bind(p.username)
    .bind(p.headimgurl)
    .bind(p.sex)
    .bind(p.country)
    .bind(p.province)
    .bind(p.city)
    .bind(p.language)
    .bind(company_id)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Replaces the stored mini-program formIds.
pub async fn set_form_ids(db: &Db, company_id: i64, id: i64, form_ids: &str) -> Result<()> {
    sqlx::query("UPDATE customers SET form_ids = $1 WHERE company_id = $2 AND id = $3")
        .bind(form_ids)
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// The customer's WeChat session key (base64, from the last mini-program login); empty when none.
pub async fn session_key(db: &Db, company_id: i64, id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT session_key FROM customers WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Stores the customer's phone number.
pub async fn set_phone(db: &Db, company_id: i64, id: i64, phone: &str) -> Result<()> {
    sqlx::query("UPDATE customers SET phone = $1 WHERE company_id = $2 AND id = $3")
        .bind(phone)
        .bind(company_id)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Most ids one [`get_many`] or [`places_of`] accepts.
pub const MAX_IDS: usize = 500;

/// `SELECT {columns}` of the customers of `ids` in `company_id` (at most [`MAX_IDS`]).
async fn rows_of(
    db: &Db,
    company_id: i64,
    ids: &[i64],
    columns: &str,
) -> Result<Vec<sqlx::any::AnyRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = crate::db::SqlQuery::new(format!("SELECT {columns} FROM customers"));
    let c = q.arg(company_id);
    let list: Vec<String> = ids.iter().map(|id| q.arg(*id)).collect();
    q.push(&format!(
        " WHERE company_id = {c} AND id IN ({})",
        list.join(", ")
    ));
    Ok(q.fetch_all(db).await?)
}

/// The customers of `ids` in `company_id` that exist, in the order of `ids`, each once.
pub async fn get_many(db: &Db, company_id: i64, ids: &[i64]) -> Result<Vec<Customer>> {
    let mut found = std::collections::HashMap::new();
    for r in rows_of(db, company_id, ids, COLUMNS).await? {
        let c = Customer::from_row(&r)?;
        found.insert(c.id, c);
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// Where a customer is, as WeChat reported it.
#[derive(Debug, Clone, FromRow)]
pub struct Place {
    pub id: i64,
    pub country: String,
    pub province: String,
    pub city: String,
}

/// The places of the customers of `ids` in `company_id`, in the order of `ids`, each once.
pub async fn places_of(db: &Db, company_id: i64, ids: &[i64]) -> Result<Vec<Place>> {
    let mut found = std::collections::HashMap::new();
    for r in rows_of(db, company_id, ids, "id, country, province, city").await? {
        let p = Place::from_row(&r)?;
        found.insert(p.id, p);
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// The company's customers first seen in `[since, until)`, grouped by day
/// when `by_day` (else one group of them all). Whole local days read the
/// per-day totals the triggers of `new_customer_days` keep rather than the
/// customers.
pub async fn aggregate_created(
    db: &Db,
    company_id: i64,
    (since, until): (Option<i64>, Option<i64>),
    by_day: bool,
) -> Result<Vec<Tally>> {
    if let (Some(since), Some(until)) = (local_time::day_bound(since), local_time::day_bound(until))
    {
        return kept_created(db, company_id, (since, until), by_day).await;
    }
    counted_created(db, company_id, (since, until), by_day).await
}

/// [`aggregate_created`] over the local days `[since, until)` from the
/// totals of `new_customer_days`.
async fn kept_created(
    db: &Db,
    company_id: i64,
    (since, until): (Option<i64>, Option<i64>),
    by_day: bool,
) -> Result<Vec<Tally>> {
    let keys: Vec<grouped::Key> = by_day
        .then(|| grouped::Key::day(db, "day".to_string()))
        .into_iter()
        .collect();
    let sum = "CAST(COALESCE(SUM(customers), 0) AS BIGINT)";
    let mut q = SqlQuery::new(grouped::select(sum, sum, &keys));
    let c = q.arg(company_id);
    q.push(&format!(" FROM new_customer_days WHERE company_id = {c}"));
    q.and_present(&[("day >=", since), ("day <", until)]);
    grouped::run(db, q, &keys, Some("SUM(customers) > 0"), Page::ALL).await
}

/// [`aggregate_created`] counted from the customers themselves.
async fn counted_created(
    db: &Db,
    company_id: i64,
    (since, until): (Option<i64>, Option<i64>),
    by_day: bool,
) -> Result<Vec<Tally>> {
    let keys: Vec<grouped::Key> = by_day
        .then(|| grouped::key(db, Grouping::Day))
        .into_iter()
        .collect();
    let mut q = SqlQuery::new(grouped::select("COUNT(*)", "COUNT(*)", &keys));
    let c = q.arg(company_id);
    q.push(&format!(" FROM customers WHERE company_id = {c}"));
    q.and_present(&[("created_at >=", since), ("created_at <", until)]);
    grouped::run(db, q, &keys, None, Page::ALL).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_time::{day_start, DAY_MS};
    use crate::store::test_databases::{databases, execute, insert_id};

    #[tokio::test]
    async fn new_customer_totals_follow_every_insert_delete_and_move() {
        for db in databases().await {
            new_customer_totals_follow_the_customers(&db).await;
        }
    }

    async fn new_customer_totals_follow_the_customers(db: &Db) {
        let today = day_start(now_ms());
        let add = |company: i64, n: i64, at: i64| {
            format!(
                "INSERT INTO customers (company_id, user_type, openid, token, created_at) \
                 VALUES ({company}, 1, 'o{n}', 't{n}', {at}) RETURNING id"
            )
        };
        let mut ids = Vec::new();
        // Some on local midnights, one today, one of company 2 on a day
        // company 1 counts.
        for (n, back, into) in [
            (0, 1, 0),
            (1, 1, DAY_MS - 1),
            (2, 2, 3_600_000),
            (3, 5, 0),
            (4, 9, 7),
            (5, 0, 60_000),
        ] {
            ids.push(insert_id(db, &add(1, n, today - back * DAY_MS + into)).await);
        }
        insert_id(db, &add(2, 6, today - DAY_MS)).await;
        // A customer seen again (an upsert that updates) is not new again.
        for _ in 0..2 {
            upsert_by_openid(db, 1, 2, "again", "k", "t-again")
                .await
                .unwrap();
        }
        execute(
            db,
            &format!(
                "UPDATE customers SET created_at = {} WHERE openid = 'again'",
                today - 3 * DAY_MS
            ),
        )
        .await;
        check(db, today, "after inserts", [2, 5, 6]).await;

        execute(db, &format!("DELETE FROM customers WHERE id = {}", ids[2])).await;
        check(db, today, "after a delete", [2, 4, 5]).await;
        // Moved into today, and to company 2.
        execute(
            db,
            &format!(
                "UPDATE customers SET created_at = {today} WHERE id = {}",
                ids[0]
            ),
        )
        .await;
        execute(
            db,
            &format!("UPDATE customers SET company_id = 2 WHERE id = {}", ids[3]),
        )
        .await;
        check(db, today, "after moves", [1, 2, 3]).await;
    }

    /// Every window and grouping the Boss radar asks equals the customers'
    /// own count; `expected` new customers of company 1 yesterday, in the
    /// last 7 days and in the last 30.
    async fn check(db: &Db, today: i64, when: &str, expected: [i64; 3]) {
        let windows = [
            (None, None),
            (Some(today - DAY_MS), Some(today)),
            (Some(today - 7 * DAY_MS), Some(today)),
            (Some(today - 30 * DAY_MS), Some(today)),
            (Some(today), None),
            (Some(today - 2 * DAY_MS + 1), Some(today)),
        ];
        for company in [1, 2] {
            for window in windows {
                for by_day in [false, true] {
                    let what =
                        format!("{when}: company {company} over {window:?}, by day {by_day}");
                    let counted = counted_created(db, company, window, by_day).await.unwrap();
                    let days = (
                        local_time::day_bound(window.0),
                        local_time::day_bound(window.1),
                    );
                    if let (Some(since), Some(until)) = days {
                        let kept = kept_created(db, company, (since, until), by_day).await;
                        assert_eq!(kept.unwrap(), counted, "{what}: kept");
                    }
                    assert_eq!(
                        aggregate_created(db, company, window, by_day)
                            .await
                            .unwrap(),
                        counted,
                        "{what}"
                    );
                }
            }
        }
        for (days, n) in [1, 7, 30].into_iter().zip(expected) {
            let window = (Some(today - days * DAY_MS), Some(today));
            let all = aggregate_created(db, 1, window, false).await.unwrap();
            assert_eq!(
                all[0].count, n,
                "{when}: new customers of the last {days} days"
            );
        }
    }
}
