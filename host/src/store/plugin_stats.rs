//! Calls, failures and latency of plugin builds per (company, slot, build),
//! added up by every host.

use super::Result;
use crate::db::Db;
use sqlx::{FromRow, Row};

/// Calls one host counted since its last flush.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    pub company_id: i64,
    pub slot: String,
    pub digest: String,
    pub calls: i64,
    pub failures: i64,
    pub total_us: i64,
    /// (bucket upper bound in µs, calls in it).
    pub buckets: Vec<(i64, i64)>,
}

/// The totals of one build in one company's slot.
#[derive(Debug, Clone, FromRow)]
pub struct Totals {
    pub company_id: i64,
    pub slot: String,
    pub digest: String,
    pub calls: i64,
    pub failures: i64,
    pub total_us: i64,
}

/// Adds the deltas (one transaction).
pub async fn add(db: &Db, deltas: &[Delta]) -> Result<()> {
    if deltas.is_empty() {
        return Ok(());
    }
    let mut tx = db.writer().begin().await?;
    for d in deltas {
        sqlx::query(
            "INSERT INTO plugin_call_stats (company_id, slot, digest, calls, failures, total_us) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (company_id, slot, digest) DO UPDATE SET \
             calls = plugin_call_stats.calls + excluded.calls, \
             failures = plugin_call_stats.failures + excluded.failures, \
             total_us = plugin_call_stats.total_us + excluded.total_us",
        )
        .bind(d.company_id)
        .bind(&d.slot)
        .bind(&d.digest)
        .bind(d.calls)
        .bind(d.failures)
        .bind(d.total_us)
        .execute(&mut *tx)
        .await?;
        for (bucket, calls) in &d.buckets {
            sqlx::query(
                "INSERT INTO plugin_call_latency (company_id, slot, digest, bucket_us, calls) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id, slot, digest, bucket_us) \
                 DO UPDATE SET calls = plugin_call_latency.calls + excluded.calls",
            )
            .bind(d.company_id)
            .bind(&d.slot)
            .bind(&d.digest)
            .bind(bucket)
            .bind(calls)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The totals of every build a company's slots ran.
pub async fn of_company(db: &Db, company_id: i64) -> Result<Vec<Totals>> {
    Ok(sqlx::query_as(
        "SELECT company_id, slot, digest, calls, failures, total_us FROM plugin_call_stats \
         WHERE company_id = $1 ORDER BY slot, digest",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The latency buckets of one build in one company's slot: (upper bound in
/// µs, calls), in bucket order.
pub async fn buckets(
    db: &Db,
    company_id: i64,
    slot: &str,
    digest: &str,
) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT bucket_us, calls FROM plugin_call_latency WHERE company_id = $1 AND slot = $2 \
         AND digest = $3 ORDER BY bucket_us",
    )
    .bind(company_id)
    .bind(slot)
    .bind(digest)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get("bucket_us"), r.get("calls")))
        .collect())
}
