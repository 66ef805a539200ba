//! What only the benchmarks use: bulk data written straight into the
//! database, and a server's memory.

use super::client::Principal;
use super::database::Database;
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
            super::database::Engine::Sqlite => data,
            super::database::Engine::Postgres => format!("CAST({data} AS JSONB)"),
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
        if self.engine == super::database::Engine::Postgres {
            sqlx::query("ANALYZE module_documents")
                .execute(&mut conn)
                .await
                .expect("analyzing the loaded products");
        }
    }
}
