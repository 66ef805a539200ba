//! The forward tree of one article and one radar user: a node per customer
//! reached (through a parent customer, or directly at level 1), with the
//! counters the radar's views read. Everything a view sums or walks is kept
//! as it happens, by increments the host applies atomically, so a view of
//! a tree of any size reads a page of nodes and one tree document:
//! - a node keeps its ancestors (`path`), its children's reads, and
//!   `below_<d>`: how many nodes lie `d` levels under it (`below_1`: its
//!   children);
//! - the tree keeps its totals and `level_<n>`: how many nodes are at level n,
//!   so a list of the whole tree or of one level needs no count.

use crate::descriptor::{NODES, TREES};
use leida_module_sdk::store::{self, asc, eq};
use leida_module_sdk::{clock, storage, Failure};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A node as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeDoc {
    /// The article.
    pub article_id: u64,
    /// The radar user whose share started the tree.
    pub user_id: u64,
    /// The customer reached.
    pub customer_id: u64,
    /// The customer who shared it on to this one; 0 at level 1.
    pub parent_id: u64,
    /// The parent's node; 0 at level 1.
    pub parent_node_id: u64,
    /// The ancestors' nodes, level 1 first (empty at level 1).
    pub path: Vec<u64>,
    /// 1 for a customer who opened the radar user's own share.
    pub level: u32,
    /// Page views.
    #[serde(default)]
    pub read_count: i64,
    /// Seconds read, in 5 s heartbeats.
    #[serde(default)]
    pub stay_time: i64,
    /// Forwards, either way.
    #[serde(default)]
    pub forward_count: i64,
    /// Forwards to a friend.
    #[serde(default)]
    pub forward_friend_count: i64,
    /// Forwards to Moments.
    #[serde(default)]
    pub forward_friend_circle_count: i64,
    /// Page views of the nodes one level under this one.
    #[serde(default)]
    pub children_read: i64,
    /// The last page view, epoch ms.
    #[serde(default)]
    pub last_access_at: i64,
    /// `below_<d>` counters, kept as they come.
    #[serde(flatten)]
    pub depths: Map<String, Value>,
}

/// A stored node.
pub type Node = store::Stored<NodeDoc>;

impl NodeDoc {
    /// The nodes one level under this one.
    pub fn children(&self) -> i64 {
        counters(&self.depths, "below_")
            .find(|(d, _)| *d == 1)
            .map_or(0, |(_, n)| n)
    }

    /// Every node under this one, at any depth.
    pub fn lower_people_count(&self) -> i64 {
        counters(&self.depths, "below_").map(|(_, n)| n).sum()
    }

    /// How many levels reach below this node.
    pub fn lower_level(&self) -> u32 {
        counters(&self.depths, "below_")
            .filter(|(_, n)| *n > 0)
            .map(|(d, _)| d)
            .max()
            .unwrap_or(0)
    }
}

/// The totals of one tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeDoc {
    /// The article.
    pub article_id: u64,
    /// The radar user.
    pub user_id: u64,
    /// Nodes.
    #[serde(default)]
    pub nodes: i64,
    /// Page views of all nodes.
    #[serde(default)]
    pub read_count: i64,
    /// Seconds read over all nodes.
    #[serde(default)]
    pub stay_time: i64,
    /// Forwards to friends over all nodes.
    #[serde(default)]
    pub forward_friend_count: i64,
    /// Forwards to Moments over all nodes.
    #[serde(default)]
    pub forward_friend_circle_count: i64,
    /// `level_<n>` counters.
    #[serde(flatten)]
    pub levels: Map<String, Value>,
}

impl TreeDoc {
    /// The nodes at `level`.
    pub fn at_level(&self, level: u32) -> i64 {
        counters(&self.levels, "level_")
            .find(|(l, _)| *l == level)
            .map_or(0, |(_, n)| n)
    }

    /// The deepest level reached (0 for an empty tree).
    pub fn max_level(&self) -> u32 {
        counters(&self.levels, "level_")
            .filter(|(_, n)| *n > 0)
            .map(|(l, _)| l)
            .max()
            .unwrap_or(0)
    }
}

fn counters<'a>(
    map: &'a Map<String, Value>,
    prefix: &'a str,
) -> impl Iterator<Item = (u32, i64)> + 'a {
    map.iter().filter_map(move |(k, v)| {
        let n: u32 = k.strip_prefix(prefix)?.parse().ok()?;
        Some((n, v.as_i64()?))
    })
}

/// The tree of `article_id` and `user_id`, empty when nobody was reached.
pub fn tree(article_id: u64, user_id: u64) -> Result<TreeDoc, Failure> {
    let found = store::find_one::<TreeDoc>(TREES, tree_key(article_id, user_id), Vec::new())?;
    Ok(found.map(|t| t.data).unwrap_or_else(|| TreeDoc {
        article_id,
        user_id,
        nodes: 0,
        read_count: 0,
        stay_time: 0,
        forward_friend_count: 0,
        forward_friend_circle_count: 0,
        levels: Map::new(),
    }))
}

fn tree_key(article_id: u64, user_id: u64) -> Vec<storage::Filter> {
    vec![
        eq("article_id", article_id as i64),
        eq("user_id", user_id as i64),
    ]
}

/// The tree document's id, creating it on first use.
fn tree_id(article_id: u64, user_id: u64) -> Result<u64, Failure> {
    let init = tree(article_id, user_id)?;
    let (doc, _) = store::get_or_create(TREES, tree_key(article_id, user_id), &init)?;
    Ok(doc.id)
}

/// Adds `delta` to `field` of the tree, if it exists yet.
pub fn add_to_tree(article_id: u64, user_id: u64, field: &str, delta: i64) -> Result<(), Failure> {
    if let Some(t) = store::find_one::<TreeDoc>(TREES, tree_key(article_id, user_id), Vec::new())? {
        storage::increment(TREES, t.id, field, delta)?;
    }
    Ok(())
}

/// The node of `customer_id` in the tree reached through `parent_id` (0:
/// directly), if any.
pub fn node_of(
    article_id: u64,
    user_id: u64,
    customer_id: u64,
    parent_id: u64,
) -> Result<Option<Node>, Failure> {
    store::find_one(
        NODES,
        node_key(article_id, user_id, customer_id, parent_id),
        Vec::new(),
    )
}

/// The customer's shallowest node in the tree, if any.
pub fn first_node_of(
    article_id: u64,
    user_id: u64,
    customer_id: u64,
) -> Result<Option<Node>, Failure> {
    store::find_one(
        NODES,
        vec![
            eq("article_id", article_id as i64),
            eq("user_id", user_id as i64),
            eq("customer_id", customer_id as i64),
        ],
        vec![asc("level")],
    )
}

fn node_key(
    article_id: u64,
    user_id: u64,
    customer_id: u64,
    parent_id: u64,
) -> Vec<storage::Filter> {
    vec![
        eq("article_id", article_id as i64),
        eq("user_id", user_id as i64),
        eq("customer_id", customer_id as i64),
        eq("parent_id", parent_id as i64),
    ]
}

/// A customer opening the article as shared by radar user `user_id`, passed
/// on by customer `pid` (none: the user's own share).
pub struct Opening {
    /// The article.
    pub article_id: u64,
    /// The radar user whose tree it is.
    pub user_id: u64,
    /// The reader.
    pub customer_id: u64,
    /// Who passed it on, if anyone but the radar user.
    pub pid: Option<u64>,
    /// The company keeps each customer with one radar user.
    pub customer_unique: bool,
}

/// Where an opening finds the reader: the parent (the shallowest node of
/// the link's pid, when they read it here) and the reader's node under it.
/// Without such a parent (the user's own link, the reader's own re-share, a
/// pid who never read it here) a reader already in the tree is where they
/// are: only a parent's link places anyone.
pub fn locate(
    article_id: u64,
    user_id: u64,
    customer_id: u64,
    pid: Option<u64>,
) -> Result<(Option<Node>, Option<Node>), Failure> {
    let parent = match pid {
        Some(pid) if pid != customer_id => first_node_of(article_id, user_id, pid)?,
        _ => None,
    };
    let found = match &parent {
        Some(p) => node_of(article_id, user_id, customer_id, p.data.customer_id)?,
        None => first_node_of(article_id, user_id, customer_id)?,
    };
    Ok((parent, found))
}

/// The reader's node for this opening, added to the tree when the rules
/// allow: a customer of a company that keeps customers unique joins only
/// the tree of the radar user they belong to (or, belonging to nobody yet,
/// any), and joins it again only at another level. None when not allowed.
pub fn bind(o: &Opening) -> Result<Option<Node>, Failure> {
    let (parent, found) = locate(o.article_id, o.user_id, o.customer_id, o.pid)?;
    if found.is_some() {
        return Ok(found);
    }
    let parent_id = parent.as_ref().map_or(0, |p| p.data.customer_id);
    let level = parent.as_ref().map_or(1, |p| p.data.level + 1);
    if o.customer_unique && !may_join(o, level)? {
        return Ok(None);
    }
    let mut path = parent
        .as_ref()
        .map(|p| p.data.path.clone())
        .unwrap_or_default();
    if let Some(p) = &parent {
        path.push(p.id);
    }
    let init = NodeDoc {
        article_id: o.article_id,
        user_id: o.user_id,
        customer_id: o.customer_id,
        parent_id,
        parent_node_id: parent.as_ref().map_or(0, |p| p.id),
        path,
        level,
        read_count: 0,
        stay_time: 0,
        forward_count: 0,
        forward_friend_count: 0,
        forward_friend_circle_count: 0,
        children_read: 0,
        last_access_at: clock::now(),
        depths: Map::new(),
    };
    let key = node_key(o.article_id, o.user_id, o.customer_id, parent_id);
    let (node, created) = store::get_or_create(NODES, key, &init)?;
    if created {
        grow(&node)?;
    }
    Ok(Some(node))
}

/// Whether the reader of a unique-customer company may join this tree at `level`.
fn may_join(o: &Opening, level: u32) -> Result<bool, Failure> {
    let (mine, _) = store::find::<NodeDoc>(
        NODES,
        vec![
            eq("article_id", o.article_id as i64),
            eq("customer_id", o.customer_id as i64),
        ],
        Vec::new(),
        leida_module_sdk::types::Page {
            offset: 0,
            limit: Some(200),
        },
    )?;
    if !mine.is_empty() {
        return Ok(mine.iter().all(|n| n.data.user_id == o.user_id)
            && mine.iter().all(|n| n.data.level != level));
    }
    let owners = crate::people::related_users(o.customer_id)?;
    Ok(owners.is_empty() || owners.contains(&o.user_id))
}

/// Counts a new node into its tree and into every ancestor.
fn grow(node: &Node) -> Result<(), Failure> {
    let n = &node.data;
    let tree = tree_id(n.article_id, n.user_id)?;
    storage::increment(TREES, tree, "nodes", 1)?;
    storage::increment(TREES, tree, &format!("level_{}", n.level), 1)?;
    // path[i] is at level i + 1; the parent (the last) counts it in `below_1`.
    for (i, ancestor) in n.path.iter().enumerate() {
        let depth = n.level - (i as u32 + 1);
        storage::increment(NODES, *ancestor, &format!("below_{depth}"), 1)?;
    }
    Ok(())
}

/// Which way a reader forwarded an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forward {
    /// To a friend (`forward_type` 1).
    Friend,
    /// To Moments (`forward_type` 2).
    Moments,
}

/// Counts a forward of `node`: on the node and its tree.
pub fn count_forward(node: &Node, way: Forward) -> Result<(), Failure> {
    let field = match way {
        Forward::Friend => "forward_friend_count",
        Forward::Moments => "forward_friend_circle_count",
    };
    storage::increment(NODES, node.id, "forward_count", 1)?;
    storage::increment(NODES, node.id, field, 1)?;
    add_to_tree(node.data.article_id, node.data.user_id, field, 1)
}

/// Counts `seconds` read on node `node_id` of the tree and on the tree.
pub fn count_stay(
    node_id: u64,
    article_id: u64,
    user_id: u64,
    seconds: i64,
) -> Result<(), Failure> {
    storage::increment(NODES, node_id, "stay_time", seconds)?;
    add_to_tree(article_id, user_id, "stay_time", seconds)
}

/// Counts a page view of `node`: on the node, its parent and its tree.
pub fn count_read(node: &Node, now: i64) -> Result<(), Failure> {
    let n = &node.data;
    storage::increment(NODES, node.id, "read_count", 1)?;
    storage::patch(
        NODES,
        node.id,
        &serde_json::json!({ "last_access_at": now }).to_string(),
    )?;
    if n.parent_node_id != 0 {
        storage::increment(NODES, n.parent_node_id, "children_read", 1)?;
    }
    add_to_tree(n.article_id, n.user_id, "read_count", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_counters_give_the_people_and_levels_below() {
        let node: NodeDoc = serde_json::from_value(json!({
            "article_id": 1, "user_id": 2, "customer_id": 3, "parent_id": 0,
            "parent_node_id": 0, "path": [], "level": 1,
            "below_1": 3, "below_2": 5, "below_3": 0, "below_x": 9
        }))
        .unwrap();
        assert_eq!(node.lower_people_count(), 8);
        assert_eq!(node.lower_level(), 2);
        assert_eq!(node.children(), 3);
        let tree: TreeDoc = serde_json::from_value(json!({
            "article_id": 1, "user_id": 2, "nodes": 4, "level_1": 1, "level_4": 3
        }))
        .unwrap();
        assert_eq!(tree.max_level(), 4);
    }
}
