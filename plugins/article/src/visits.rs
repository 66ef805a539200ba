//! The access log: one document per page view, the stay time its page
//! reports in 5-second heartbeats.

use crate::descriptor::VISITS;
use crate::tree::{self, Node};
use leida_module_sdk::{storage, store, Failure};
use serde::{Deserialize, Serialize};

/// Seconds one heartbeat adds.
const HEARTBEAT_SECS: i64 = 5;
/// Heartbeats are counted at most once per this many milliseconds (the
/// page sends one every 5 s), so a client cannot inflate a stay by calling
/// faster.
const MIN_BEAT_INTERVAL_MS: i64 = 4000;

/// A page view as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitDoc {
    /// The article.
    pub article_id: u64,
    /// The reader's node, 0 when the view joined no tree.
    pub node_id: u64,
    /// The radar user the view is attributed to.
    pub user_id: u64,
    /// The reader.
    pub customer_id: u64,
    /// Seconds read.
    #[serde(default)]
    pub stay_time: i64,
    /// Heartbeats counted.
    #[serde(default)]
    pub beats: i64,
    /// When the last heartbeat was counted, epoch ms (0 before the first).
    #[serde(default)]
    pub last_beat_at: i64,
    /// When the page was opened, epoch ms.
    pub started_at: i64,
}

/// A stored page view.
pub type Visit = store::Stored<VisitDoc>;

/// Logs a page view and returns its id.
pub fn open(doc: &VisitDoc) -> Result<u64, Failure> {
    store::insert(VISITS, doc)
}

/// Adds one heartbeat to the visit `id` of `customer_id` reading
/// `article_id`, on the visit, its node and its tree. 302 for another
/// reader's visit; 301 when heartbeats come faster than the page sends
/// them (nothing counted).
pub fn heartbeat(id: u64, article_id: u64, customer_id: u64, now: i64) -> Result<i64, Failure> {
    let visit = match store::get::<VisitDoc>(VISITS, id)? {
        Some(v) if v.data.customer_id == customer_id && v.data.article_id == article_id => v,
        _ => return Err(Failure::not_found("访问记录不存在")),
    };
    let too_soon = || Failure::invalid("停留时间上报过于频繁");
    // One beat per interval after the last one counted...
    if visit.data.last_beat_at != 0 && now - visit.data.last_beat_at < MIN_BEAT_INTERVAL_MS {
        return Err(too_soon());
    }
    // ...and, for beats sent at once (which all see the same last beat), no
    // more than the visit's age allows: a beat is claimed first and given
    // back when over.
    let allowed = (now - visit.data.started_at).max(0) / MIN_BEAT_INTERVAL_MS + 1;
    let beats = storage::increment(VISITS, id, "beats", 1)?;
    if beats > allowed {
        storage::increment(VISITS, id, "beats", -1)?;
        return Err(too_soon());
    }
    storage::patch(
        VISITS,
        id,
        &serde_json::json!({ "last_beat_at": now }).to_string(),
    )?;
    let stay = storage::increment(VISITS, id, "stay_time", HEARTBEAT_SECS)?;
    let v = &visit.data;
    if v.node_id != 0 {
        tree::count_stay(v.node_id, v.article_id, v.user_id, HEARTBEAT_SECS)?;
    }
    Ok(stay)
}

/// A page of the node's visits, newest first, and their number.
pub fn of_node(
    node: &Node,
    page: leida_module_sdk::types::Page,
) -> Result<(Vec<Visit>, u64), Failure> {
    store::find(
        VISITS,
        vec![store::eq("node_id", node.id as i64)],
        vec![store::desc("id")],
        page,
    )
}
