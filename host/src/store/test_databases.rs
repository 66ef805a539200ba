//! Fresh databases for the store's tests: the one place they are made.

use crate::db::Db;

/// A fresh SQLite database with companies 1 and 2, and a fresh PostgreSQL
/// one too when `LEIDA_TEST_POSTGRES_URL` names a server.
pub async fn databases() -> Vec<Db> {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let tag = format!("{}_{n}", std::process::id());
    let dir = std::env::temp_dir().join(format!("leida-docs-{tag}"));
    let mut urls = vec![format!("sqlite://{}/t.db", dir.display())];
    if let Ok(server) = std::env::var("LEIDA_TEST_POSTGRES_URL") {
        let admin = Db::connect(&server).await.unwrap();
        // Databases of earlier test processes are no longer in use.
        let stale: Vec<String> = sqlx::query_scalar(
            "SELECT datname::text FROM pg_database WHERE datname LIKE 'leida_unit_%'",
        )
        .fetch_all(&admin.pool)
        .await
        .unwrap();
        for old in stale
            .iter()
            .filter(|d| !d.starts_with(&format!("leida_unit_{}_", std::process::id())))
        {
            sqlx::query(&format!("DROP DATABASE IF EXISTS {old} WITH (FORCE)"))
                .execute(&admin.pool)
                .await
                .ok();
        }
        let name = format!("leida_unit_{tag}");
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
            .execute(&admin.pool)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin.pool)
            .await
            .unwrap();
        let base = server.rsplit_once('/').map(|(b, _)| b).unwrap_or(&server);
        urls.push(format!("{base}/{name}"));
    }
    let mut dbs = Vec::new();
    for url in urls {
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        for name in ["a", "b"] {
            crate::store::companies::create(&db, name).await.unwrap();
        }
        dbs.push(db);
    }
    dbs
}

/// Runs one statement on `db`'s writer.
pub async fn execute(db: &Db, sql: &str) {
    sqlx::query(sql)
        .execute(db.writer())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Runs one `INSERT … RETURNING id` on `db`'s writer; the id.
pub async fn insert_id(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(db.writer())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A radar user of `company_id` named `name` (unique in the company); its id.
pub async fn add_user(db: &Db, company_id: i64, name: &str) -> i64 {
    insert_id(
        db,
        &format!(
            "INSERT INTO radar_users (company_id, username, token, created_at) \
             VALUES ({company_id}, '{name}', 'token-u-{company_id}-{name}', 0) RETURNING id"
        ),
    )
    .await
}

/// A mini-program customer of `company_id` with the openid `name`; its id.
pub async fn add_customer(db: &Db, company_id: i64, name: &str) -> i64 {
    insert_id(
        db,
        &format!(
            "INSERT INTO customers (company_id, user_type, openid, token, created_at) \
             VALUES ({company_id}, 2, '{name}', 'token-c-{company_id}-{name}', 0) RETURNING id"
        ),
    )
    .await
}
