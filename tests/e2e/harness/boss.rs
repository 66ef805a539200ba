//! Random activity of a company written straight into the database (dated
//! in the past, which no endpoint makes), kept in memory as well, so the
//! Boss-radar tests can count every number again from the rows.

use super::database::{inserts, Database};
use super::now_ms;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{Connection, Row};
use std::collections::HashMap;

/// One day in milliseconds.
const DAY_MS: i64 = 86_400_000;

/// A relation as loaded.
#[derive(Debug, Clone)]
pub struct LoadedRelation {
    pub user_id: i64,
    pub customer_id: i64,
    pub source: i64,
    pub expected_pr: i64,
    pub last_follow_at: Option<i64>,
    pub created_at: i64,
}

/// Everything loaded for one company.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// (customer id, first seen).
    pub customers: Vec<(i64, i64)>,
    pub relations: Vec<LoadedRelation>,
    /// (user, customer, code, at).
    pub actions: Vec<(i64, i64, i64, i64)>,
    /// (user, customer, send_type, at).
    pub messages: Vec<(i64, i64, i64, i64)>,
    /// (user, customer, at).
    pub follow_ups: Vec<(i64, i64, i64)>,
}

/// How much activity to load for one company.
#[derive(Debug, Clone, Copy)]
pub struct Volume {
    /// Customers, each related to one or two of the users.
    pub customers: usize,
    /// Action-log events.
    pub actions: usize,
    /// Chat messages, from either side.
    pub messages: usize,
    /// Follow-up notes.
    pub follow_ups: usize,
}

/// The action codes the load draws from (every code the statistics count,
/// and some they do not).
const CODES: &[i64] = &[1, 1, 1, 14, 14, 2, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 19, 21];
/// Closing estimates around the bucket edges.
const PRS: &[i64] = &[0, 0, 1, 50, 51, 80, 81, 99, 100];

impl Database {
    /// In one transaction, for `company_id`: the customers of `volume`
    /// first seen over the last 35 days (today included), each related to
    /// one or two of `users`, and its actions, messages and follow-up notes
    /// of those pairs at random times of the same span, written in
    /// multi-row statements. The same `seed` loads the same shape.
    pub async fn load_activity(
        &self,
        company_id: i64,
        users: &[i64],
        volume: Volume,
        seed: u64,
    ) -> Activity {
        let mut rng = StdRng::seed_from_u64(seed);
        let now = now_ms();
        let when = |rng: &mut StdRng| now - rng.gen_range(0..35 * DAY_MS);
        let c = company_id;
        let mut conn = self.connect().await;
        let mut tx = conn.begin().await.expect("a transaction");
        let mut a = Activity::default();

        // Customers by a token of their own, read back for their ids.
        let prefix = format!("boss-load-{c}-{seed}-");
        let first_seen: Vec<i64> = (0..volume.customers).map(|_| when(&mut rng)).collect();
        let rows: Vec<String> = first_seen
            .iter()
            .enumerate()
            .map(|(n, at)| format!("({c}, 2, '{prefix}{n}', '{prefix}{n}', '客户{n}', {at})"))
            .collect();
        let columns = "company_id, user_type, openid, token, username, created_at";
        run(&mut tx, &inserts("customers", columns, &rows), "customers").await;
        let ids: HashMap<String, i64> = sqlx::query(&format!(
            "SELECT token, id FROM customers WHERE company_id = {c} AND token LIKE '{prefix}%'"
        ))
        .fetch_all(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("reading the loaded customers: {e}"))
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        for (n, at) in first_seen.into_iter().enumerate() {
            a.customers.push((ids[&format!("{prefix}{n}")], at));
        }

        for &(customer_id, _) in &a.customers {
            let first = rng.gen_range(0..users.len());
            let mut owners = vec![users[first]];
            if users.len() > 1 && rng.gen_bool(0.3) {
                owners.push(users[(first + 1) % users.len()]);
            }
            for user_id in owners {
                a.relations.push(LoadedRelation {
                    user_id,
                    customer_id,
                    source: rng.gen_range(1..=4),
                    expected_pr: PRS[rng.gen_range(0..PRS.len())],
                    last_follow_at: rng.gen_bool(0.6).then(|| when(&mut rng)),
                    created_at: when(&mut rng),
                });
            }
        }
        let rows: Vec<String> = a
            .relations
            .iter()
            .map(|r| {
                let last = r.last_follow_at.map_or("NULL".into(), |at| at.to_string());
                format!(
                    "({c}, {}, {}, {}, {}, {last}, {})",
                    r.user_id, r.customer_id, r.source, r.expected_pr, r.created_at
                )
            })
            .collect();
        let columns =
            "company_id, user_id, customer_id, source, expected_pr, last_follow_at, created_at";
        run(&mut tx, &inserts("relations", columns, &rows), "relations").await;

        let pairs = a.relations.len();
        let pair = |rng: &mut StdRng| {
            let r = &a.relations[rng.gen_range(0..pairs)];
            (r.user_id, r.customer_id, when(rng))
        };
        let actions: Vec<_> = (0..volume.actions)
            .map(|_| {
                let (u, cu, at) = pair(&mut rng);
                (u, cu, CODES[rng.gen_range(0..CODES.len())], at)
            })
            .collect();
        let messages: Vec<_> = (0..volume.messages)
            .map(|_| {
                let (u, cu, at) = pair(&mut rng);
                (u, cu, rng.gen_range(1..=2), at)
            })
            .collect();
        let follow_ups: Vec<_> = (0..volume.follow_ups).map(|_| pair(&mut rng)).collect();

        let rows: Vec<String> = actions
            .iter()
            .map(|(u, cu, code, at)| format!("({c}, {u}, {cu}, {code}, '', {at})"))
            .collect();
        let columns = "company_id, user_id, customer_id, code, remark, created_at";
        run(&mut tx, &inserts("actions", columns, &rows), "actions").await;
        let rows: Vec<String> = messages
            .iter()
            .map(|(u, cu, t, at)| {
                format!("({c}, {u}, {cu}, {t}, '{{\"info_type\":1,\"msg\":\"在吗\"}}', {at})")
            })
            .collect();
        let columns = "company_id, user_id, customer_id, send_type, content, created_at";
        run(
            &mut tx,
            &inserts("chat_messages", columns, &rows),
            "messages",
        )
        .await;
        let rows: Vec<String> = follow_ups
            .iter()
            .map(|(u, cu, at)| format!("({c}, {u}, {cu}, '电话回访', {at})"))
            .collect();
        let columns = "company_id, user_id, customer_id, follow_info, created_at";
        run(
            &mut tx,
            &inserts("follow_infos", columns, &rows),
            "follow-ups",
        )
        .await;

        tx.commit().await.expect("committing the load");
        a.actions = actions;
        a.messages = messages;
        a.follow_ups = follow_ups;
        a
    }
}

/// Runs each of `statements` in `tx`.
async fn run(tx: &mut sqlx::Transaction<'_, sqlx::Any>, statements: &[String], what: &str) {
    for sql in statements {
        sqlx::query(sql)
            .execute(&mut **tx)
            .await
            .unwrap_or_else(|e| panic!("loading {what}: {e}"));
    }
}
