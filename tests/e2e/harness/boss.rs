//! Random activity of a company written straight into the database (dated
//! in the past, which no endpoint makes), kept in memory as well, so the
//! Boss-radar tests can count every number again from the rows.

use super::database::Database;
use super::now_ms;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::{Connection, Row};

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

/// The action codes the load draws from (every code the statistics count,
/// and some they do not).
const CODES: &[i64] = &[1, 1, 1, 14, 14, 2, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 19, 21];
/// Closing estimates around the bucket edges.
const PRS: &[i64] = &[0, 0, 1, 50, 51, 80, 81, 99, 100];

impl Database {
    /// In one transaction, for `company_id`: `customers` customers first
    /// seen over the last 35 days (today included), each related to one or
    /// two of `users`, and `events` actions, messages and follow-up notes
    /// of those pairs at random times of the same span. The same `seed`
    /// loads the same shape.
    pub async fn load_activity(
        &self,
        company_id: i64,
        users: &[i64],
        customers: usize,
        events: usize,
        seed: u64,
    ) -> Activity {
        let mut rng = StdRng::seed_from_u64(seed);
        let now = now_ms();
        let when = |rng: &mut StdRng| now - rng.gen_range(0..35 * DAY_MS);
        let mut conn = self.connect().await;
        let mut tx = conn.begin().await.expect("a transaction");
        let mut a = Activity::default();
        for n in 0..customers {
            let at = when(&mut rng);
            let token = format!("boss-load-{company_id}-{seed}-{n}");
            let id: i64 = sqlx::query(
                "INSERT INTO customers (company_id, user_type, openid, token, username, created_at) \
                 VALUES ($1, 2, $2, $2, $3, $4) RETURNING id",
            )
            .bind(company_id)
            .bind(&token)
            .bind(format!("客户{n}"))
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("loading a customer: {e}"))
            .get(0);
            a.customers.push((id, at));
            let first = rng.gen_range(0..users.len());
            let mut owners = vec![users[first]];
            if users.len() > 1 && rng.gen_bool(0.3) {
                owners.push(users[(first + 1) % users.len()]);
            }
            for user_id in owners {
                let r = LoadedRelation {
                    user_id,
                    customer_id: id,
                    source: rng.gen_range(1..=4),
                    expected_pr: PRS[rng.gen_range(0..PRS.len())],
                    last_follow_at: rng.gen_bool(0.6).then(|| when(&mut rng)),
                    created_at: when(&mut rng),
                };
                sqlx::query(
                    "INSERT INTO relations (company_id, user_id, customer_id, source, expected_pr, \
                     last_follow_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(company_id)
                .bind(r.user_id)
                .bind(r.customer_id)
                .bind(r.source)
                .bind(r.expected_pr)
                .bind(r.last_follow_at)
                .bind(r.created_at)
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("loading a relation: {e}"));
                a.relations.push(r);
            }
        }
        for _ in 0..events {
            let pair = a.relations[rng.gen_range(0..a.relations.len())].clone();
            let (u, c, at) = (pair.user_id, pair.customer_id, when(&mut rng));
            match rng.gen_range(0..10) {
                0..=5 => {
                    let code = CODES[rng.gen_range(0..CODES.len())];
                    sqlx::query(
                        "INSERT INTO actions (company_id, user_id, customer_id, code, remark, created_at) \
                         VALUES ($1, $2, $3, $4, '', $5)",
                    )
                    .bind(company_id)
                    .bind(u)
                    .bind(c)
                    .bind(code)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .unwrap_or_else(|e| panic!("loading an action: {e}"));
                    a.actions.push((u, c, code, at));
                }
                6..=8 => {
                    let send_type = rng.gen_range(1..=2);
                    sqlx::query(
                        "INSERT INTO chat_messages (company_id, user_id, customer_id, send_type, content, created_at) \
                         VALUES ($1, $2, $3, $4, '{\"info_type\":1,\"msg\":\"在吗\"}', $5)",
                    )
                    .bind(company_id)
                    .bind(u)
                    .bind(c)
                    .bind(send_type)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .unwrap_or_else(|e| panic!("loading a message: {e}"));
                    a.messages.push((u, c, send_type, at));
                }
                _ => {
                    sqlx::query(
                        "INSERT INTO follow_infos (company_id, user_id, customer_id, follow_info, created_at) \
                         VALUES ($1, $2, $3, '电话回访', $4)",
                    )
                    .bind(company_id)
                    .bind(u)
                    .bind(c)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .unwrap_or_else(|e| panic!("loading a follow-up: {e}"));
                    a.follow_ups.push((u, c, at));
                }
            }
        }
        tx.commit().await.expect("committing the load");
        a
    }
}
