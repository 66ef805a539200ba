//! Fixtures of the radar views and the address book: log entries, customer
//! names and relation fields written straight into the database (entries
//! dated in the past, which no endpoint makes), and the bulk load of the
//! radar benchmark.

use super::database::Database;
use super::{now_ms, Customer, Tenant};
use sqlx::{Connection, Row};

/// One day in milliseconds.
const DAY_MS: i64 = 86_400_000;

impl Database {
    /// Writes a radar log entry dated `at` and returns its id.
    pub async fn insert_action(
        &self,
        company_id: i64,
        user_id: i64,
        customer_id: i64,
        code: i64,
        remark: &str,
        at: i64,
    ) -> i64 {
        let mut conn = self.connect().await;
        sqlx::query(
            "INSERT INTO actions (company_id, user_id, customer_id, code, remark, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(company_id)
        .bind(user_id)
        .bind(customer_id)
        .bind(code)
        .bind(remark)
        .bind(at)
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("inserting an action: {e}"))
        .get(0)
    }

    /// The ids of `user_id`'s log entries not yet seen, in id order.
    pub async fn unseen_actions(&self, company_id: i64, user_id: i64) -> Vec<i64> {
        let mut conn = self.connect().await;
        sqlx::query(
            "SELECT id FROM actions WHERE company_id = $1 AND user_id = $2 AND is_new = 1 ORDER BY id",
        )
        .bind(company_id)
        .bind(user_id)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading unseen actions: {e}"))
        .iter()
        .map(|r| r.get(0))
        .collect()
    }

    /// Sets a customer's stored nickname (`""`: never authorised).
    pub async fn set_customer_name(&self, company_id: i64, customer_id: i64, name: &str) {
        let mut conn = self.connect().await;
        sqlx::query("UPDATE customers SET username = $1 WHERE company_id = $2 AND id = $3")
            .bind(name)
            .bind(company_id)
            .bind(customer_id)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("naming a customer: {e}"));
    }

    /// Sets the relation's source, expected closing probability and day.
    pub async fn set_relation_estimate(
        &self,
        company_id: i64,
        (user_id, customer_id): (i64, i64),
        source: i64,
        expected_pr: i64,
        expected_date: Option<&str>,
    ) {
        let mut conn = self.connect().await;
        let r = sqlx::query(
            "UPDATE relations SET source = $1, expected_pr = $2, expected_date = $3 \
             WHERE company_id = $4 AND user_id = $5 AND customer_id = $6",
        )
        .bind(source)
        .bind(expected_pr)
        .bind(expected_date.map(str::to_string))
        .bind(company_id)
        .bind(user_id)
        .bind(customer_id)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("setting a relation's estimate: {e}"));
        assert_eq!(
            r.rows_affected(),
            1,
            "no relation ({user_id}, {customer_id})"
        );
    }

    /// Sets when the relation was last followed up and last active (`None`: never).
    pub async fn set_relation_times(
        &self,
        company_id: i64,
        (user_id, customer_id): (i64, i64),
        last_follow_at: Option<i64>,
        last_activity_at: Option<i64>,
    ) {
        let mut conn = self.connect().await;
        let r = sqlx::query(
            "UPDATE relations SET last_follow_at = $1, last_activity_at = $2 \
             WHERE company_id = $3 AND user_id = $4 AND customer_id = $5",
        )
        .bind(last_follow_at)
        .bind(last_activity_at)
        .bind(company_id)
        .bind(user_id)
        .bind(customer_id)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("setting a relation's times: {e}"));
        assert_eq!(
            r.rows_affected(),
            1,
            "no relation ({user_id}, {customer_id})"
        );
    }

    /// In one transaction: `customers` new customers of `company_id`, each
    /// related to `user_id` (various sources, closing estimates and times,
    /// a third never followed up, a fifth never active), and `actions` log
    /// entries of theirs spread over the last `days` days (codes 1..12, all
    /// unseen). Returns the customer ids.
    pub async fn seed_radar_load(
        &self,
        company_id: i64,
        user_id: i64,
        customers: i64,
        actions: i64,
        days: i64,
    ) -> Vec<i64> {
        let (c, u, now, span) = (company_id, user_id, now_ms(), days * DAY_MS);
        // Only integers produced here are formatted into the SQL.
        let statements = [
            format!(
                "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
                 INSERT INTO customers (company_id, user_type, openid, token, username, created_at) \
                 SELECT {c}, 2, 'load-' || CAST(i AS TEXT), 'load-{c}-' || CAST(i AS TEXT), \
                 '客户' || CAST(i AS TEXT), {now} FROM n",
                last = customers - 1
            ),
            format!(
                "INSERT INTO relations (company_id, user_id, customer_id, source, expected_pr, \
                 last_follow_at, last_activity_at, created_at) \
                 SELECT {c}, {u}, id, 1 + id % 4, id % 101, \
                 CASE WHEN id % 3 = 0 THEN NULL ELSE {now} - (id * 2654435761) % {span} END, \
                 CASE WHEN id % 5 = 0 THEN NULL ELSE {now} - (id * 1597334677) % {span} END, {now} \
                 FROM customers WHERE company_id = {c} AND openid LIKE 'load-%'"
            ),
            format!(
                "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}), \
                 cs AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM customers \
                        WHERE company_id = {c} AND openid LIKE 'load-%') \
                 INSERT INTO actions (company_id, user_id, customer_id, code, remark, created_at) \
                 SELECT {c}, {u}, cs.id, 1 + (n.i * 31) % 12, '查看了您的名片', {now} - (n.i * 2654435761) % {span} \
                 FROM n JOIN cs ON cs.k = (n.i * 7919) % {customers}",
                last = actions - 1
            ),
        ];
        let mut conn = self.connect().await;
        let mut tx = conn.begin().await.expect("beginning the load");
        for sql in &statements {
            sqlx::query(sql)
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("loading radar data: {e}\n{sql}"));
        }
        tx.commit().await.expect("committing the load");
        sqlx::query(
            "SELECT id FROM customers WHERE company_id = $1 AND openid LIKE 'load-%' ORDER BY id",
        )
        .bind(company_id)
        .fetch_all(&mut conn)
        .await
        .expect("reading the loaded customers")
        .iter()
        .map(|r| r.get(0))
        .collect()
    }
}

impl Tenant {
    /// A customer of `uid` bound to them (a relation with source 1) who has
    /// not sent a WeChat profile, so has no name.
    pub async fn bound_customer(&self, uid: i64) -> Customer {
        let customer = self.customer(uid).await;
        self.bind(&customer, uid).await.ok();
        customer
    }

    /// A related customer of `uid` whose nickname is `name`.
    pub async fn named_customer(&self, uid: i64, name: &str) -> Customer {
        let customer = self.bound_customer(uid).await;
        self.server
            .db
            .set_customer_name(self.company_id, customer.principal.id, name)
            .await;
        customer
    }

    /// Writes a log entry of `uid`'s for `customer_id` dated `at`; returns its id.
    pub async fn log_action(
        &self,
        uid: i64,
        customer_id: i64,
        code: i64,
        remark: &str,
        at: i64,
    ) -> i64 {
        self.server
            .db
            .insert_action(self.company_id, uid, customer_id, code, remark, at)
            .await
    }

    /// Sets the relation (`uid`, `customer_id`)'s source and closing estimate.
    pub async fn set_relation_estimate(
        &self,
        uid: i64,
        customer_id: i64,
        source: i64,
        expected_pr: i64,
        expected_date: Option<&str>,
    ) {
        self.server
            .db
            .set_relation_estimate(
                self.company_id,
                (uid, customer_id),
                source,
                expected_pr,
                expected_date,
            )
            .await;
    }

    /// Sets when the relation (`uid`, `customer_id`) was last followed up and active.
    pub async fn set_relation_times(
        &self,
        uid: i64,
        customer_id: i64,
        last_follow_at: Option<i64>,
        last_activity_at: Option<i64>,
    ) {
        self.server
            .db
            .set_relation_times(
                self.company_id,
                (uid, customer_id),
                last_follow_at,
                last_activity_at,
            )
            .await;
    }

    /// The start (00:00 UTC+8) of the tenants' local day holding `ms`.
    pub fn local_day_start(ms: i64) -> i64 {
        const OFFSET: i64 = 8 * 3_600_000;
        (ms + OFFSET).div_euclid(DAY_MS) * DAY_MS - OFFSET
    }

    /// The tenants' local day (UTC+8) holding `ms`, as `YYYY-MM-DD`.
    pub fn local_date(ms: i64) -> String {
        let zone = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
        chrono::TimeZone::timestamp_millis_opt(&zone, ms)
            .single()
            .expect("a valid time")
            .format("%Y-%m-%d")
            .to_string()
    }
}
