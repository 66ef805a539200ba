//! What only the benchmarks use: bulk data written straight into the
//! database, and a server's memory.

use super::client::Principal;
use super::database::{Database, Engine};
use super::now_ms;
use super::Server;
use sqlx::{Connection, Row};

impl Database {
    /// `pairs` radar users of `company_id`, each related to one customer of
    /// its own (who has a name, so chat pushes carry one). Returns (user,
    /// customer) principals in the same order.
    pub async fn seed_chat_pairs(
        &self,
        company_id: i64,
        pairs: i64,
    ) -> Vec<(Principal, Principal)> {
        let (c, now, last) = (company_id, now_ms(), pairs - 1);
        // Only integers produced here are formatted into the SQL.
        let statements = [
            format!(
                "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
                 INSERT INTO radar_users (company_id, username, token, created_at) \
                 SELECT {c}, 'pair-user-' || CAST(i AS TEXT), 'pair-u-{c}-' || CAST(i AS TEXT), {now} FROM n"
            ),
            format!(
                "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
                 INSERT INTO customers (company_id, user_type, openid, token, username, created_at) \
                 SELECT {c}, 2, 'pair-' || CAST(i AS TEXT), 'pair-c-{c}-' || CAST(i AS TEXT), \
                 '客户' || CAST(i AS TEXT), {now} FROM n"
            ),
            format!(
                "INSERT INTO relations (company_id, user_id, customer_id, created_at) \
                 SELECT {c}, u.id, cu.id, {now} FROM radar_users u \
                 JOIN customers cu ON cu.company_id = u.company_id \
                  AND cu.token = 'pair-c-{c}-' || SUBSTR(u.token, LENGTH('pair-u-{c}-') + 1) \
                 WHERE u.company_id = {c} AND u.token LIKE 'pair-u-%'"
            ),
        ];
        let mut conn = self.connect().await;
        let mut tx = conn.begin().await.expect("beginning the load");
        for sql in &statements {
            sqlx::query(sql)
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("loading chat pairs: {e}\n{sql}"));
        }
        tx.commit().await.expect("committing the load");
        let rows = sqlx::query(
            "SELECT u.id, u.token, cu.id, cu.token FROM relations r \
             JOIN radar_users u ON u.company_id = r.company_id AND u.id = r.user_id \
             JOIN customers cu ON cu.company_id = r.company_id AND cu.id = r.customer_id \
             WHERE r.company_id = $1 AND u.token LIKE 'pair-u-%' ORDER BY u.id",
        )
        .bind(company_id)
        .fetch_all(&mut conn)
        .await
        .expect("reading the loaded pairs");
        rows.iter()
            .map(|r| {
                (
                    Principal {
                        id: r.get(0),
                        token: r.get(1),
                    },
                    Principal {
                        id: r.get(2),
                        token: r.get(3),
                    },
                )
            })
            .collect()
    }
}

impl Database {
    /// After a bulk load into `tables`: on PostgreSQL each is vacuumed and
    /// analyzed, as autovacuum leaves a table that has settled (statistics
    /// up to date, pages marked visible), so no vacuum of the load runs
    /// during the measurements. SQLite is left as the server leaves it: it
    /// never analyzes.
    pub async fn settle(&self, tables: &[&str]) {
        if self.engine != Engine::Postgres {
            return;
        }
        let mut conn = self.connect().await;
        for table in tables {
            sqlx::query(&format!("VACUUM ANALYZE {table}"))
                .execute(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("vacuuming {table}: {e}"));
        }
    }

    /// `count` radar users of `company_id` (members, without a password),
    /// written in one statement; in id order.
    pub async fn add_radar_users(&self, company_id: i64, count: i64) -> Vec<Principal> {
        let (c, now, last) = (company_id, now_ms(), count - 1);
        // Only integers produced here are formatted into the SQL.
        let sql = format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
             INSERT INTO radar_users (company_id, username, token, created_at) \
             SELECT {c}, '销售' || CAST(i AS TEXT), 'bench-u-{c}-' || CAST(i AS TEXT), {now} FROM n"
        );
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("loading radar users: {e}"));
        let rows = sqlx::query(&format!(
            "SELECT id, token FROM radar_users WHERE company_id = {c} AND token LIKE 'bench-u-{c}-%' ORDER BY id"
        ))
        .fetch_all(&mut conn)
        .await
        .expect("reading the loaded radar users");
        rows.iter()
            .map(|r| Principal {
                id: r.get(0),
                token: r.get(1),
            })
            .collect()
    }
}

impl Database {
    /// Turns the triggers on `actions` that keep its roll-ups
    /// (`action_days`, the per-day totals, and `customer_action_days`,
    /// each customer's codes of a day) off or on, so a benchmark can weigh
    /// what they add to recording an action. SQLite cannot disable a
    /// trigger: it drops them and makes them again from the migrations
    /// that made them. What is recorded while they are off is missing from
    /// the totals afterwards: only for the end of a benchmark.
    pub async fn set_action_rollups(&self, on: bool) {
        let statements: Vec<String> = match (self.engine, on) {
            (Engine::Postgres, on) => POSTGRES_ROLLUP_TRIGGERS
                .iter()
                .map(|t| {
                    let verb = if on { "ENABLE" } else { "DISABLE" };
                    format!("ALTER TABLE actions {verb} TRIGGER {t}")
                })
                .collect(),
            (Engine::Sqlite, true) => sqlite_rollup_triggers()
                .map(|(_, sql)| sql.replacen("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
                .collect(),
            (Engine::Sqlite, false) => sqlite_rollup_triggers()
                .map(|(name, _)| format!("DROP TRIGGER IF EXISTS {name}"))
                .collect(),
        };
        let mut conn = self.connect().await;
        for sql in &statements {
            sqlx::raw_sql(sql)
                .execute(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
}

/// The PostgreSQL triggers on `actions` that keep its roll-ups.
const POSTGRES_ROLLUP_TRIGGERS: [&str; 2] = ["action_days_count", "action_code_sets_keep"];

/// The roll-up triggers on `actions` of the SQLite migrations, as (name,
/// statement).
fn sqlite_rollup_triggers() -> impl Iterator<Item = (&'static str, &'static str)> {
    const MIGRATIONS: [&str; 2] = [
        include_str!("../../../migrations/sqlite/0012_statistics.sql"),
        include_str!("../../../migrations/sqlite/0016_action_code_sets.sql"),
    ];
    MIGRATIONS.into_iter().flat_map(|migration| {
        migration
            .match_indices("CREATE TRIGGER ")
            .map(move |(at, lead)| {
                let rest = &migration[at..];
                let end = rest.find("END;").expect("a trigger ends with END;") + "END;".len();
                let name = rest[lead.len()..]
                    .split_whitespace()
                    .next()
                    .expect("a trigger name");
                (name, &rest[..end])
            })
            .filter(|(_, sql)| {
                let head = &sql[..sql.find("BEGIN").expect("a trigger has a body")];
                head.contains(" ON actions")
            })
    })
}

impl Server {
    /// The server's resident memory (VmRSS) in bytes, read from /proc.
    pub fn resident_bytes(&self) -> u64 {
        let pid = self.child.lock().unwrap_or_else(|e| e.into_inner()).id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_else(|e| panic!("reading /proc/{pid}/status: {e}"));
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("a VmRSS line");
        kib * 1024
    }
}

impl Database {
    /// `count` mall products of `owner_id` (0 for company products) in
    /// `company_id`, written straight into the module's documents: every
    /// 10th recommended, every 7th off the shelf, one second apart; on PostgreSQL
    /// the table is then analyzed.
    pub async fn seed_products(&self, company_id: i64, owner_id: i64, count: i64) {
        let (c, now, last) = (company_id, now_ms(), count - 1);
        let data = "'{\"owner_id\":' || CAST({owner} AS TEXT) || ',\"name\":\"产品' || CAST(i AS TEXT) || \
             '\",\"price\":\"' || CAST(i AS TEXT) || '元\",\"reason\":\"r\",\"status\":' || CAST(s AS TEXT) || \
             ',\"shelf_rank\":' || CAST(CASE s WHEN 3 THEN 2 WHEN 2 THEN 0 ELSE 1 END AS TEXT) || \
             ',\"content\":{\"cover_data\":[{\"type\":\"picture_url\",\"data\":[\"statics/p/' || CAST(i AS TEXT) || \
             '.png\"]}],\"article_data\":[{\"type\":\"title\",\"data\":[\"t\"]}]},\"published_at\":' || \
             CAST({now} - i * 1000 AS TEXT) || '}'"
            .replace("{owner}", &owner_id.to_string())
            .replace("{now}", &now.to_string());
        let data = match self.engine {
            Engine::Sqlite => data,
            Engine::Postgres => format!("CAST({data} AS JSONB)"),
        };
        // Only integers produced here are formatted into the SQL.
        let sql = format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}), \
             m(i, s) AS (SELECT i, CASE WHEN i % 10 = 0 THEN 3 WHEN i % 7 = 0 THEN 2 ELSE 1 END FROM n) \
             INSERT INTO module_documents (company_id, slot, collection, data, created_at, updated_at) \
             SELECT {c}, 'mall', 'products', {data}, {now}, {now} FROM m"
        );
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("loading products: {e}\n{sql}"));
        // What autovacuum does after a bulk load: without statistics
        // PostgreSQL's planner cannot tell the list index from the scan index.
        // SQLite is left as the server leaves it: its bundled 3.46 planner,
        // given statistics of only three owners, would prefer a table scan to
        // the owner index.
        if self.engine == Engine::Postgres {
            sqlx::query("ANALYZE module_documents")
                .execute(&mut conn)
                .await
                .expect("analyzing the loaded products");
        }
    }
}
