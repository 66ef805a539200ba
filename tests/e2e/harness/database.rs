//! The database of one test server: a fresh SQLite file, or a fresh
//! PostgreSQL database when `LEIDA_TEST_POSTGRES_URL` is set; plus the few
//! direct reads and writes the tests need (the action log, card photos, the
//! website content), which no HTTP endpoint of this release exposes.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection, Row};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

/// The environment variable naming the PostgreSQL server to test against.
pub const POSTGRES_ENV: &str = "LEIDA_TEST_POSTGRES_URL";

/// Which engine a test database runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A SQLite file in the server's data directory.
    Sqlite,
    /// A database of its own on the PostgreSQL server.
    Postgres,
}

/// One radar action row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow {
    /// The radar user whose log it is.
    pub user_id: i64,
    /// The customer who acted.
    pub customer_id: i64,
    /// The action code (1 view, 4 website, 5 WeChat id, 6 forward, 9 praise, 10 call, …).
    pub code: i64,
    /// The remark shown in the radar.
    pub remark: String,
}

/// A test server's database.
#[derive(Debug)]
pub struct Database {
    /// The URL handed to `leida --database`.
    pub url: String,
    /// The engine behind it.
    pub engine: Engine,
    /// The PostgreSQL database name and its server URL, to drop it afterwards.
    postgres: Option<(String, String)>,
}

impl Database {
    /// A fresh database for a server whose data directory is `data_dir`.
    pub fn fresh(data_dir: &Path) -> Database {
        install_drivers();
        match std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) {
            None => Database {
                url: format!("sqlite://{}", data_dir.join("leida.db").display()),
                engine: Engine::Sqlite,
                postgres: None,
            },
            Some(admin_url) => {
                static COUNTER: AtomicU32 = AtomicU32::new(0);
                let name = format!(
                    "leida_e2e_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                blocking(|| async {
                    let mut admin = AnyConnection::connect(&admin_url)
                        .await
                        .unwrap_or_else(|e| panic!("connecting to {admin_url}: {e}"));
                    drop_stale_databases(&mut admin).await;
                    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                        .execute(&mut admin)
                        .await
                        .unwrap_or_else(|e| panic!("creating database {name}: {e}"));
                });
                Database {
                    url: with_database(&admin_url, &name),
                    engine: Engine::Postgres,
                    postgres: Some((name, admin_url)),
                }
            }
        }
    }

    /// The same database for another server; only the original drops it.
    pub fn shared(&self) -> Database {
        Database {
            url: self.url.clone(),
            engine: self.engine,
            postgres: None,
        }
    }

    /// Drops the PostgreSQL database (after its server has stopped).
    pub fn drop_database(&self) {
        if let Some((name, admin_url)) = &self.postgres {
            blocking(|| async {
                if let Ok(mut admin) = AnyConnection::connect(admin_url).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::raw_sql(&sql).execute(&mut admin).await;
                }
            });
        }
    }

    /// A connection of its own to the test database.
    pub(super) async fn connect(&self) -> AnyConnection {
        AnyConnection::connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("connecting to the test database {}: {e}", self.url))
    }

    /// `?` placeholders for SQLite, `$n` for PostgreSQL.
    fn sql(&self, text: &str) -> String {
        match self.engine {
            Engine::Sqlite => text.to_string(),
            Engine::Postgres => {
                let mut out = String::with_capacity(text.len() + 8);
                let mut n = 0;
                for c in text.chars() {
                    if c == '?' {
                        n += 1;
                        out.push_str(&format!("${n}"));
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// Every radar action of `user_id` in `company_id`, oldest first.
    pub async fn actions(&self, company_id: i64, user_id: i64) -> Vec<ActionRow> {
        let sql = self.sql(
            "SELECT user_id, customer_id, code, remark FROM actions \
             WHERE company_id = ? AND user_id = ? ORDER BY created_at, id",
        );
        let mut conn = self.connect().await;
        let rows: Vec<AnyRow> = sqlx::query(&sql)
            .bind(company_id)
            .bind(user_id)
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading actions: {e}"));
        rows.iter()
            .map(|r| ActionRow {
                user_id: r.get(0),
                customer_id: r.get(1),
                code: r.get(2),
                remark: r.get(3),
            })
            .collect()
    }

    /// The newest change of any company's module slots (0 before any).
    pub async fn latest_module_change(&self) -> i64 {
        let mut conn = self.connect().await;
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM module_history")
            .fetch_one(&mut conn)
            .await
            .expect("reading the module history");
        id.unwrap_or(0)
    }

    /// The company a customer belongs to, if the customer exists.
    pub async fn customer_company(&self, customer_id: i64) -> Option<i64> {
        let sql = self.sql("SELECT company_id FROM customers WHERE id = ?");
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(customer_id)
            .fetch_optional(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading customers: {e}"))
            .map(|r| r.get(0))
    }

    /// The form ids kept for a customer's template messages (`form_ids`, a
    /// JSON list of text).
    pub async fn customer_form_ids(&self, customer_id: i64) -> Vec<String> {
        let sql = self.sql("SELECT form_ids FROM customers WHERE id = ?");
        let mut conn = self.connect().await;
        let text: String = sqlx::query(&sql)
            .bind(customer_id)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading customers: {e}"))
            .get(0);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("form_ids {text:?}: {e}"))
    }

    /// Stores a photo-wall picture (photo_type 1) on `user_id`'s card, the
    /// way the card module keeps it (uploads are not part of this release),
    /// and returns its id.
    pub async fn insert_card_photo(&self, company_id: i64, user_id: i64, url: &str) -> i64 {
        let data =
            serde_json::json!({"user_id": user_id, "photo_type": 1, "photo_url": url, "order": 0})
                .to_string();
        let now = now_ms();
        let cast = match self.engine {
            Engine::Sqlite => "?",
            Engine::Postgres => "CAST(? AS JSONB)",
        };
        let sql = self.sql(&format!(
            "INSERT INTO module_documents (company_id, slot, collection, data, created_at, updated_at) \
             VALUES (?, 'card', 'photos', {cast}, ?, ?) RETURNING id"
        ));
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(company_id)
            .bind(data)
            .bind(now)
            .bind(now)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("inserting a card photo: {e}"))
            .get(0)
    }

    /// The stored files of a company: (path, owner kind, owner id, size, content type).
    pub async fn stored_files(&self, company_id: i64) -> Vec<(String, String, i64, i64, String)> {
        let sql = self.sql(
            "SELECT path, owner_kind, owner_id, size, content_type FROM stored_files \
             WHERE company_id = ? ORDER BY id",
        );
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(company_id)
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading stored_files: {e}"))
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
            .collect()
    }

    /// Who stored the file at `path` in a company: (owner kind, owner id,
    /// module slot), if it is recorded.
    pub async fn stored_file_owner(
        &self,
        company_id: i64,
        path: &str,
    ) -> Option<(String, i64, Option<String>)> {
        let sql = self.sql(
            "SELECT owner_kind, owner_id, slot FROM stored_files WHERE company_id = ? AND path = ?",
        );
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(company_id)
            .bind(path)
            .fetch_optional(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading the owner of {path}: {e}"))
            .map(|r| (r.get(0), r.get(1), r.get(2)))
    }

    /// The chat messages of one pair, oldest first: (send_type, content JSON).
    pub async fn chat_messages(
        &self,
        company_id: i64,
        user_id: i64,
        customer_id: i64,
    ) -> Vec<(i64, serde_json::Value)> {
        let sql = self.sql(
            "SELECT send_type, content FROM chat_messages \
             WHERE company_id = ? AND user_id = ? AND customer_id = ? ORDER BY id",
        );
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(company_id)
            .bind(user_id)
            .bind(customer_id)
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("reading chat_messages: {e}"))
            .iter()
            .map(|r| {
                let content: String = r.get(1);
                let json = serde_json::from_str(&content)
                    .unwrap_or_else(|e| panic!("chat content {content:?} is not JSON: {e}"));
                (r.get(0), json)
            })
            .collect()
    }

    /// Sets a radar user's account status (1 enabled, 2 disabled) directly,
    /// for tests about what a disabled account may do.
    pub async fn set_user_status(&self, company_id: i64, user_id: i64, status: i64) {
        let sql = self.sql("UPDATE radar_users SET status = ? WHERE company_id = ? AND id = ?");
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(status)
            .bind(company_id)
            .bind(user_id)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("setting a user's status: {e}"));
    }

    /// Deletes a company's documents of one module collection directly, as
    /// if they had been lost or never written.
    pub async fn delete_documents(&self, company_id: i64, slot: &str, collection: &str) {
        let sql = self.sql(
            "DELETE FROM module_documents WHERE company_id = ? AND slot = ? AND collection = ?",
        );
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(company_id)
            .bind(slot)
            .bind(collection)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("deleting {slot}/{collection}: {e}"));
    }

    /// The texts that would betray a disclosure of the company's data: every
    /// name this test process made for it (`unique`'s `prefix-pid-n`, found
    /// anywhere in its rows, JSON included) and its principals' tokens.
    pub async fn company_secrets(&self, company_id: i64) -> Vec<String> {
        let snapshot = self.company_snapshot(company_id).await;
        let marker = format!("-{}-", std::process::id());
        let mut secrets = Vec::new();
        for (at, _) in snapshot.match_indices(&marker) {
            let start = snapshot[..at]
                .rfind(|c: char| "\"'|,{}[]: \n\\".contains(c))
                .map_or(0, |i| i + 1);
            let digits = snapshot[at + marker.len()..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(snapshot.len(), |i| at + marker.len() + i);
            if start < at && digits > at + marker.len() {
                secrets.push(snapshot[start..digits].to_string());
            }
        }
        let mut conn = self.connect().await;
        for table in ["radar_users", "customers", "admins"] {
            let sql = self.sql(&format!(
                "SELECT token FROM {table} WHERE company_id = ? AND token <> ''"
            ));
            let tokens: Vec<AnyRow> = sqlx::query(&sql)
                .bind(company_id)
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("reading {table}: {e}"));
            secrets.extend(tokens.iter().map(|r| r.get::<String, _>(0)));
        }
        secrets.sort();
        secrets.dedup();
        assert!(
            !secrets.is_empty(),
            "company {company_id} has nothing to hide"
        );
        secrets
    }

    /// [`Database::company_snapshot`] of each of `company_ids`, in order.
    pub async fn snapshots(&self, company_ids: &[i64]) -> Vec<String> {
        let mut out = Vec::new();
        for id in company_ids {
            out.push(self.company_snapshot(*id).await);
        }
        out
    }

    /// Every row a company owns, rendered as text in a stable order: two
    /// equal snapshots mean a request changed nothing of that company.
    pub async fn company_snapshot(&self, company_id: i64) -> String {
        let mut conn = self.connect().await;
        let mut out = String::new();
        for table in TENANT_TABLES {
            let key = if *table == "companies" {
                "id"
            } else {
                "company_id"
            };
            // The Any driver cannot decode PostgreSQL's jsonb: read it as text.
            let columns = if *table == "module_documents" {
                "id, company_id, slot, collection, CAST(data AS TEXT), created_at, updated_at"
            } else {
                "*"
            };
            let sql = self.sql(&format!(
                "SELECT {columns} FROM {table} WHERE {key} = ? ORDER BY 1, 2, 3"
            ));
            let rows: Vec<AnyRow> = sqlx::query(&sql)
                .bind(company_id)
                .fetch_all(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("reading {table}: {e}"));
            out.push_str(&format!("[{table}: {} rows]\n", rows.len()));
            for row in &rows {
                let cells: Vec<String> = (0..row.columns().len()).map(|i| cell(row, i)).collect();
                out.push_str(&cells.join("|"));
                out.push('\n');
            }
        }
        out
    }

    /// Sets the company's website ("官网") JSON, which only admin endpoints
    /// outside this release edit.
    pub async fn set_website_content(&self, company_id: i64, content: &serde_json::Value) {
        let sql = self.sql("UPDATE companies SET website_content = ? WHERE id = ?");
        let mut conn = self.connect().await;
        sqlx::query(&sql)
            .bind(content.to_string())
            .bind(company_id)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("setting the website content: {e}"));
    }
}

/// The tables whose rows belong to one company.
const TENANT_TABLES: &[&str] = &[
    "companies",
    "admins",
    "radar_users",
    "roles",
    "role_rules",
    "customers",
    "relations",
    "actions",
    "chat_messages",
    "customer_notes",
    "follow_infos",
    "follow_languages",
    "customer_tags",
    "customer_tag_links",
    "company_modules",
    "module_documents",
    "stored_files",
    "scan_logins",
];

/// One cell as text, whatever its SQL type.
fn cell(row: &AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return format!("{v:?}");
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return format!("{v:?}");
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return format!("{v:?}");
    }
    "?".to_string()
}

/// The INSERTs of `rows` (each a parenthesised tuple of `columns`, only
/// numbers and fixed texts formatted in) into `table`, 500 rows a
/// statement: a bulk load in a few hundred statements instead of a round
/// trip a row.
pub fn inserts(table: &str, columns: &str, rows: &[String]) -> Vec<String> {
    rows.chunks(500)
        .map(|chunk| {
            format!(
                "INSERT INTO {table} ({columns}) VALUES {}",
                chunk.join(", ")
            )
        })
        .collect()
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

fn install_drivers() {
    static ONCE: Once = Once::new();
    ONCE.call_once(sqlx::any::install_default_drivers);
}

/// `url` with its database (path) replaced by `name`, keeping any query.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    format!("{}/{name}{query}", &base[..host_end])
}

/// Drops the databases of earlier runs whose test process is gone.
async fn drop_stale_databases(admin: &mut AnyConnection) {
    static ONCE: AtomicU32 = AtomicU32::new(0);
    if ONCE.fetch_add(1, Ordering::SeqCst) != 0 {
        return;
    }
    let rows = sqlx::query(
        "SELECT CAST(datname AS TEXT) FROM pg_database WHERE datname LIKE 'leida_e2e_%'",
    )
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    for row in rows {
        let name: String = row.get(0);
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::raw_sql(&sql).execute(&mut *admin).await;
        }
    }
}

/// Runs the future `make` returns to completion on a runtime of its own, on
/// a thread of its own, so it can be called from synchronous code inside or
/// outside a runtime.
fn blocking<F, Fut>(make: F)
where
    F: FnOnce() -> Fut + Send,
    Fut: std::future::Future<Output = ()>,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("database runtime")
                .block_on(make())
        })
        .join()
        .expect("database helper thread panicked")
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "y"),
            "postgres://u:p@h/y?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h:1", "z"), "postgres://h:1/z");
    }
}
