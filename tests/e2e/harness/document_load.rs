//! Bulk writes straight into modules' documents: for the benchmarks' large
//! tenants one transaction, ids assigned in order, the engine's statistics
//! brought up to date (and on PostgreSQL the table vacuumed); for tests,
//! documents added beside what other tests write.

use super::database::{inserts, Database, Engine};
use sqlx::Connection;

/// One document to write.
pub struct Loaded {
    /// The module slot.
    pub slot: &'static str,
    /// The collection.
    pub collection: &'static str,
    /// The JSON object (no `'`).
    pub data: String,
    /// Its `created_at` and `updated_at`, epoch milliseconds.
    pub at: i64,
}

impl Database {
    /// Adds documents (JSON objects without `'`) to a company's collection,
    /// with ids the database assigns, so other tests can write at the same
    /// time.
    pub async fn add_documents(
        &self,
        company_id: i64,
        slot: &str,
        collection: &str,
        docs: &[String],
    ) {
        let mut conn = self.connect().await;
        let at = super::now_ms();
        let rows: Vec<String> = docs
            .iter()
            .map(|d| format!("({company_id}, '{slot}', '{collection}', '{d}', {at}, {at})"))
            .collect();
        for sql in inserts(
            "module_documents",
            "company_id, slot, collection, data, created_at, updated_at",
            &rows,
        ) {
            sqlx::query(&sql)
                .execute(&mut conn)
                .await
                .expect("adding documents");
        }
    }

    /// Writes the documents `make` returns for `company_id`; `make` learns
    /// the id the first will get (the rest follow in order), so documents
    /// can name each other.
    pub async fn load_documents(&self, company_id: i64, make: impl FnOnce(i64) -> Vec<Loaded>) {
        let mut conn = self.connect().await;
        let mut tx = conn.begin().await.expect("beginning the load");
        let first_id: i64 = sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM module_documents",
        )
        .fetch_one(&mut *tx)
        .await
        .expect("reading the next document id")
            + 1;
        let docs = make(first_id);
        let rows: Vec<String> = docs
            .iter()
            .zip(first_id..)
            .map(|(d, id)| {
                format!(
                    "({id}, {company_id}, '{}', '{}', '{}', {at}, {at})",
                    d.slot,
                    d.collection,
                    d.data,
                    at = d.at
                )
            })
            .collect();
        let columns = "id, company_id, slot, collection, data, created_at, updated_at";
        for sql in inserts("module_documents", columns, &rows) {
            sqlx::query(&sql)
                .execute(&mut *tx)
                .await
                .expect("loading documents");
        }
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT setval(pg_get_serial_sequence('module_documents', 'id'), (SELECT MAX(id) FROM module_documents))")
                .execute(&mut *tx)
                .await
                .expect("moving the document ids on");
        }
        tx.commit().await.expect("committing the load");
        self.settle(&["module_documents"]).await;
    }
}
