//! The bulk forward tree of the article benchmark: 100,000 readers written
//! straight into the article module's documents, as its own reads would
//! have left them.

use super::database::Database;
use super::document_load::Loaded;
use super::now_ms;
use sqlx::Row;

/// What [`Database::seed_article_tree`] made.
pub struct SeededTree {
    /// Every node's customer, level by level.
    pub customers: Vec<i64>,
    /// The customer of one node on the deepest level.
    pub deepest: i64,
    /// The number of levels.
    pub depth: usize,
}

/// One generated node.
struct Seed {
    id: i64,
    customer: i64,
    parent: usize,
    level: usize,
    path: Vec<i64>,
    below: Vec<i64>,
    children: i64,
    children_read: i64,
    read: i64,
    stay: i64,
}

impl Database {
    /// Writes a forward tree with `levels` nodes per level (level 1 first) for `article_id` and radar user
    /// `user_id`: one new public-account customer per node, each node's
    /// parent chosen on the level above, with reads, stay times and the
    /// counters the article module keeps (ancestors, depths below, children
    /// and the tree's totals), as its own reads would have left them.
    pub async fn seed_article_tree(
        &self,
        company_id: i64,
        user_id: i64,
        article_id: i64,
        levels: &[usize],
    ) -> SeededTree {
        let total: usize = levels.iter().sum();
        let c = company_id;
        let now = now_ms();
        let mut conn = self.connect().await;
        sqlx::query(&format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {last}) \
             INSERT INTO customers (company_id, user_type, openid, token, username, province, city, created_at) \
             SELECT {c}, 1, 'tree-' || CAST(i AS TEXT), 'tree-{c}-' || CAST(i AS TEXT), \
             '读者' || CAST(i AS TEXT), '北京', '朝阳', {now} FROM n",
            last = total - 1
        ))
        .execute(&mut conn)
        .await
        .expect("loading the tree's customers");
        let customers: Vec<i64> = sqlx::query(&format!(
            "SELECT id FROM customers WHERE company_id = {c} AND openid LIKE 'tree-%' ORDER BY id"
        ))
        .fetch_all(&mut conn)
        .await
        .expect("reading the tree's customers")
        .iter()
        .map(|r| r.get(0))
        .collect();
        let mut nodes = Vec::new();
        self.load_documents(c, |first_id| {
            nodes = generate(levels, &customers, first_id);
            let doc = |collection, data| Loaded {
                slot: "article",
                collection,
                data,
                at: now,
            };
            let mut docs: Vec<Loaded> = nodes
                .iter()
                .map(|n| doc("nodes", node_json(n, article_id, user_id, &nodes, now)))
                .collect();
            docs.push(doc("trees", tree_json(levels, &nodes, article_id, user_id)));
            docs
        })
        .await;
        let deepest = nodes.last().expect("a tree with nodes").customer;
        SeededTree {
            customers,
            deepest,
            depth: levels.len(),
        }
    }
}

/// A deterministic tree: node `k` of a level hangs under a node of the
/// level above picked by a multiplicative hash, so fan-outs vary.
fn generate(levels: &[usize], customers: &[i64], first_id: i64) -> Vec<Seed> {
    assert!(
        levels.iter().all(|l| *l > 0),
        "every level holds a reader, or the next has no parents"
    );
    let mut nodes: Vec<Seed> = Vec::with_capacity(customers.len());
    let mut level_start = 0;
    for (l, size) in levels.iter().enumerate() {
        let above = if l == 0 {
            0..0
        } else {
            level_start - levels[l - 1]..level_start
        };
        for k in 0..*size {
            let index = nodes.len();
            let parent = if above.is_empty() {
                usize::MAX
            } else {
                above.start + (k.wrapping_mul(2_654_435_761) >> 7) % above.len()
            };
            let path = if parent == usize::MAX {
                Vec::new()
            } else {
                let mut p = nodes[parent].path.clone();
                p.push(nodes[parent].id);
                p
            };
            nodes.push(Seed {
                id: first_id + index as i64,
                customer: customers[index],
                parent,
                level: l + 1,
                path,
                below: vec![0; levels.len()],
                children: 0,
                children_read: 0,
                read: 1 + (index as i64 * 7919) % 9,
                stay: 5 * ((index as i64 * 104_729) % 120),
            });
        }
        level_start += size;
    }
    for i in 0..nodes.len() {
        let (level, read, parent) = (nodes[i].level, nodes[i].read, nodes[i].parent);
        if parent != usize::MAX {
            nodes[parent].children += 1;
            nodes[parent].children_read += read;
        }
        let ancestors: Vec<i64> = nodes[i].path.clone();
        for (depth_index, ancestor) in ancestors.iter().enumerate() {
            let at = (*ancestor - nodes[0].id) as usize;
            nodes[at].below[level - (depth_index + 1)] += 1;
        }
    }
    nodes
}

fn node_json(n: &Seed, article_id: i64, user_id: i64, all: &[Seed], now: i64) -> String {
    let mut v = serde_json::json!({
        "article_id": article_id,
        "user_id": user_id,
        "customer_id": n.customer,
        "parent_id": if n.parent == usize::MAX { 0 } else { all[n.parent].customer },
        "parent_node_id": if n.parent == usize::MAX { 0 } else { all[n.parent].id },
        "path": n.path,
        "level": n.level,
        "read_count": n.read,
        "stay_time": n.stay,
        "forward_count": n.children.min(3),
        "forward_friend_count": n.children.min(2),
        "forward_friend_circle_count": (n.children - 2).clamp(0, 1),
        "children_read": n.children_read,
        "last_access_at": now - (n.id * 2_654_435_761) % 86_400_000,
    });
    for (d, count) in n.below.iter().enumerate().filter(|(_, c)| **c > 0) {
        v[format!("below_{d}")] = serde_json::json!(count);
    }
    v.to_string()
}

fn tree_json(levels: &[usize], nodes: &[Seed], article_id: i64, user_id: i64) -> String {
    let mut v = serde_json::json!({
        "article_id": article_id,
        "user_id": user_id,
        "nodes": nodes.len(),
        "read_count": nodes.iter().map(|n| n.read).sum::<i64>(),
        "stay_time": nodes.iter().map(|n| n.stay).sum::<i64>(),
        "forward_friend_count": nodes.iter().map(|n| n.children.min(2)).sum::<i64>(),
        "forward_friend_circle_count": nodes.iter().map(|n| (n.children - 2).clamp(0, 1)).sum::<i64>(),
    });
    for (l, size) in levels.iter().enumerate() {
        v[format!("level_{}", l + 1)] = serde_json::json!(size);
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_counters_are_what_the_module_keeps() {
        // One reader at level 1, two under it, one under the first of those.
        let nodes = generate(&[1, 2, 1], &[10, 11, 12, 13], 100);
        let doc = |i: usize| -> serde_json::Value {
            serde_json::from_str(&node_json(&nodes[i], 1, 2, &nodes, 0)).unwrap()
        };
        let root = doc(0);
        assert_eq!(
            (root["below_1"].clone(), root["below_2"].clone()),
            (2.into(), 1.into())
        );
        assert_eq!(root["path"], serde_json::json!([]));
        let last = doc(3);
        assert_eq!(last["level"], 3);
        assert_eq!(last["path"].as_array().unwrap().len(), 2);
        assert_eq!(last["path"][0], 100);
        let parent = last["parent_node_id"].as_i64().unwrap();
        assert_eq!(doc((parent - 100) as usize)["below_1"], 1);
        let tree: serde_json::Value =
            serde_json::from_str(&tree_json(&[1, 2, 1], &nodes, 1, 2)).unwrap();
        assert_eq!(tree["nodes"], 4);
        assert_eq!(
            (tree["level_1"].clone(), tree["level_3"].clone()),
            (1.into(), 1.into())
        );
    }
}
