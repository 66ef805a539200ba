//! What `leida module list` and the back office show of a company's module
//! slots: per slot the build in use (version, digest, bundled or not),
//! whether it is on and since when, its canary, and the calls, failures and
//! latency of every build that served it.

use super::bundled::BUNDLED;
use super::descriptor::routes_of;
use super::stats::quantile_ms;
use super::ModuleError;
use crate::db::Db;
use crate::runtime::artifact_cache::digest;
use crate::store::company_modules::{self, HistoryRow};
use crate::store::plugin_builds::{self, BuildRow};
use crate::store::plugin_stats;
use serde::Serialize;
use serde_json::{json, Value};

/// One slot of a company.
#[derive(Debug, Clone, Serialize)]
pub struct SlotView {
    /// The slot (also under `name`, as earlier listings named it).
    pub name: String,
    /// The slot.
    pub slot: String,
    /// The version of the build in use.
    pub version: Option<String>,
    /// The digest of the build in use.
    pub digest: Option<String>,
    /// Whether the build in use is the bundled one.
    pub bundled: bool,
    /// Whether the slot is on for the company.
    pub enabled: bool,
    /// When the build in use started serving the company (ms); `None`
    /// while the company never changed the slot.
    pub since: Option<i64>,
    /// The route prefixes of the build in use.
    pub routes: Vec<String>,
    /// The canary, while one runs.
    pub canary: Option<CanaryView>,
    /// Calls of every build that served the slot.
    pub stats: Vec<StatView>,
}

/// A running canary.
#[derive(Debug, Clone, Serialize)]
pub struct CanaryView {
    /// Its digest.
    pub digest: String,
    /// Its version.
    pub version: String,
    /// Its share of the requests, in percent.
    pub percent: i64,
}

/// Calls of one build in one company's slot, summed over every host.
#[derive(Debug, Clone, Serialize)]
pub struct StatView {
    /// The build.
    pub digest: String,
    /// Calls.
    pub calls: i64,
    /// Failed calls (traps, deadline, memory cap, malformed responses).
    pub failures: i64,
    /// Mean latency, in ms.
    pub mean_ms: f64,
    /// Latencies under which half and 99 % of the calls fell, in ms (bucket bounds).
    pub p50_ms: Option<f64>,
    /// See `p50_ms`.
    pub p99_ms: Option<f64>,
}

/// The digests of the builds compiled into this binary.
pub fn bundled_digests() -> Vec<String> {
    BUNDLED.iter().map(|(_, bytes)| digest(bytes)).collect()
}

/// Every slot any build serves, as `company_id` has it.
pub async fn company_slots(db: &Db, company_id: i64) -> Result<Vec<SlotView>, ModuleError> {
    let builds = plugin_builds::list(db, None).await?;
    let ours = bundled_digests();
    let mut slots: Vec<String> = builds.iter().map(|b| b.slot.clone()).collect();
    slots.sort();
    slots.dedup();
    let rows = company_modules::of_company(db, company_id).await?;
    let stats = plugin_stats::of_company(db, company_id).await?;
    let mut views = Vec::new();
    for slot in slots {
        let find = |d: &str| builds.iter().find(|b| b.digest == d);
        let bundled = builds
            .iter()
            .rev()
            .find(|b| b.slot == slot && ours.contains(&b.digest))
            .or_else(|| builds.iter().rev().find(|b| b.slot == slot && b.bundled()));
        let row = rows.iter().find(|r| r.slot == slot);
        let current: Option<&BuildRow> = match row.and_then(|r| r.digest.as_deref()) {
            Some(d) => find(d),
            None => bundled,
        };
        let history = company_modules::history(db, company_id, Some(&slot), 1000).await?;
        let mut slot_stats = Vec::new();
        for s in stats.iter().filter(|s| s.slot == slot) {
            let buckets = plugin_stats::buckets(db, company_id, &slot, &s.digest).await?;
            slot_stats.push(StatView {
                digest: s.digest.clone(),
                calls: s.calls,
                failures: s.failures,
                mean_ms: if s.calls > 0 {
                    s.total_us as f64 / s.calls as f64 / 1000.0
                } else {
                    0.0
                },
                p50_ms: quantile_ms(&buckets, 0.5),
                p99_ms: quantile_ms(&buckets, 0.99),
            });
        }
        views.push(SlotView {
            name: slot.clone(),
            slot: slot.clone(),
            version: current.map(|b| b.version.clone()),
            digest: current.map(|b| b.digest.clone()),
            bundled: current.is_some_and(BuildRow::bundled)
                && row.is_none_or(|r| r.digest.is_none()),
            enabled: row.map_or(bundled.is_some(), |r| r.enabled == 1),
            since: since(&history, row.and_then(|r| r.digest.clone())),
            routes: current
                .map(|b| routes_of(&b.descriptor))
                .unwrap_or_default(),
            canary: row.and_then(|r| {
                let d = r.canary_digest.as_deref()?;
                Some(CanaryView {
                    digest: d.to_string(),
                    version: find(d).map(|b| b.version.clone()).unwrap_or_default(),
                    percent: r.canary_percent.unwrap_or(0),
                })
            }),
            stats: slot_stats,
        });
    }
    Ok(views)
}

/// When the build in use began serving: the latest change that made it
/// serve (after one from another build), else its first assignment.
fn since(history: &[HistoryRow], current: Option<String>) -> Option<i64> {
    history
        .iter()
        .find(|h| h.to_digest == current && h.from_digest != h.to_digest)
        .or_else(|| history.iter().rev().find(|h| h.to_digest == current))
        .map(|h| h.at)
}

/// One change of a slot as the CLI and the back office show it (`bundled`
/// for the bundled build).
pub fn history_item(h: &HistoryRow) -> Value {
    json!({
        "id": h.id,
        "slot": h.slot,
        "action": h.action,
        "from": h.from_digest.as_deref().unwrap_or("bundled"),
        "to": h.to_digest.as_deref().unwrap_or("bundled"),
        "canary": h.canary_digest,
        "canary_percent": h.canary_percent,
        "enabled": h.enabled == 1,
        "reason": h.reason,
        "actor": h.actor,
        "at": h.at,
        "create_date": crate::local_time::iso(h.at),
    })
}
