//! The radar's views of a forward tree (`qiyeweixin/article/<op>/{id}`):
//! who read a radar user's article, how long, who passed it on to whom,
//! level by level. Each reads one index range of the tree and the customers
//! of one page; sums and depths come from the counters `tree` keeps.

use crate::article::{existing, optional_id, Article, ArticleDoc, DELETED};
use crate::descriptor::{ARTICLES, NODES};
use crate::duration::stay_text;
use crate::people::{self, Face};
use crate::rights::tree_owner;
use crate::tree::{self, Node, NodeDoc};
use crate::visits;
use leida_module_sdk::store::{self, desc, eq};
use leida_module_sdk::{
    clock, directory, json, object_id, ok, time, Failure, Input, Outcome, Paging, Request,
};
use serde_json::Value;
use std::collections::HashMap;

/// Default page length of the lists.
const PAGE_LENGTH: u32 = 10;
/// The longest page: a tree can hold more readers than one call may read.
const MAX_PAGE_LENGTH: u32 = 100;

/// The page a list asks for, at most [`MAX_PAGE_LENGTH`] long (`length=0`,
/// "everything", too).
fn paging(input: &Input<'_>) -> Result<Paging, Failure> {
    let mut p = Paging::from_input(input, PAGE_LENGTH)?;
    p.length = Some(p.length.map_or(MAX_PAGE_LENGTH, |l| l.min(MAX_PAGE_LENGTH)));
    Ok(p)
}

/// The tree a view shows: the article (of the company) and the radar user.
struct Scope {
    article: Article,
    user: directory::User,
}

impl Scope {
    fn of(req: &Request) -> Result<Scope, Failure> {
        let user = tree_owner(req)?;
        let article = existing(object_id(req)?)?;
        Ok(Scope { article, user })
    }

    fn of_tree(&self) -> Vec<leida_module_sdk::storage::Filter> {
        vec![
            eq("article_id", self.article.id as i64),
            eq("user_id", self.user.id as i64),
        ]
    }

    /// The node of `customer_id` reached through `pid` (none: directly);
    /// 302 when there is none.
    fn node(&self, customer_id: u64, pid: Option<u64>) -> Result<Node, Failure> {
        tree::node_of(self.article.id, self.user.id, customer_id, pid.unwrap_or(0))?
            .ok_or_else(|| Failure::not_found("客户不在该文章的传播中"))
    }
}

/// The faces of a page of nodes' customers.
fn faces_of(nodes: &[Node]) -> Result<HashMap<u64, Face>, Failure> {
    let ids: Vec<u64> = nodes.iter().map(|n| n.data.customer_id).collect();
    people::faces(&ids)
}

fn pid_value(n: &NodeDoc) -> Value {
    if n.parent_id == 0 {
        Value::Null
    } else {
        json!(n.parent_id)
    }
}

/// A node as the level views show it (`sex` as text there).
fn level_row(s: &Scope, n: &Node, face: &Face) -> Value {
    json!({
        "id": n.id,
        "uid": s.user.id,
        "user_name": s.user.username,
        "customer_id": n.data.customer_id,
        "customer_name": face.name,
        "customer_headimgurl": face.headimgurl,
        "sex": face.sex_text(),
        "area": face.area,
        "read_count": n.data.read_count,
        "stay_time": stay_text(n.data.stay_time),
        "forward_friend_circle_count": n.data.forward_friend_circle_count,
        "forward_friend_count": n.data.forward_friend_count,
        "level": n.data.level,
    })
}

/// `GET qiyeweixin/article/hide_customer_data/{id}?order`: the tree's
/// readers ("potential customers"), by last access (default), stay time
/// (`-stay_time`) or reads (`-read_count`), with the tree's totals.
pub fn hide_customer_data(req: &Request) -> Outcome {
    let s = Scope::of(req)?;
    let input = Input::of(req);
    let field = match input.text("order").unwrap_or("-last_access_date") {
        "-last_access_date" => "last_access_at",
        "-stay_time" => "stay_time",
        "-read_count" => "read_count",
        _ => {
            return Err(Failure::invalid(
                "order 只能是 -last_access_date、-stay_time 或 -read_count",
            ))
        }
    };
    let paging = paging(&input)?;
    let nodes = store::find_page::<NodeDoc>(
        NODES,
        s.of_tree(),
        vec![desc(field), desc("id")],
        paging.page(),
    )?;
    let totals = tree::tree(s.article.id, s.user.id)?;
    let faces = faces_of(&nodes)?;
    let offset = clock::utc_offset();
    let rows: Vec<Value> = nodes
        .iter()
        .map(|n| {
            let face = faces.get(&n.data.customer_id).cloned().unwrap_or_default();
            json!({
                "article_id": s.article.id,
                "uid": s.user.id,
                "user_name": s.user.username,
                "customer_id": n.data.customer_id,
                "customer_name": face.name,
                "customer_headimgurl": face.headimgurl,
                "sex_text": face.sex_text(),
                "sex": face.sex_number(),
                "area": face.area,
                "read_count": n.data.read_count,
                "forward_count": n.data.forward_count,
                "stay_time": stay_text(n.data.stay_time),
                "level": n.data.level,
                "pid": pid_value(&n.data),
                "last_access_date": time::local_datetime(n.data.last_access_at, offset),
            })
        })
        .collect();
    Ok(ok(
        "返回成功",
        json!({
            "ret_data": rows,
            "article_id": s.article.id.to_string(),
            "total_customer_num": totals.nodes,
            "total_read_num": totals.read_count,
            "count": totals.nodes,
        }),
    ))
}

/// `GET qiyeweixin/article/get_article_access_log/{id}?customer_id&pid`:
/// one reader's visits, newest first.
pub fn get_article_access_log(req: &Request) -> Outcome {
    let s = Scope::of(req)?;
    let input = Input::of(req);
    let customer_id = input.required_id("customer_id")?;
    let face = people::face(customer_id)?;
    let node = s.node(customer_id, optional_id(&input, "pid")?)?;
    let paging = paging(&input)?;
    let (list, total) = visits::of_node(&node, paging.page())?;
    let offset = clock::utc_offset();
    let rows: Vec<Value> = list
        .iter()
        .map(|v| {
            json!({
                "article_access_log_id": v.id,
                "last_read_time": time::local_datetime(v.created_at, offset),
                "stay_time": stay_text(v.data.stay_time),
            })
        })
        .collect();
    Ok(ok(
        "",
        json!({
            "customer_id": customer_id,
            "customer_name": face.name,
            "customer_headimgurl": face.headimgurl,
            "sex_text": face.sex_text(),
            "sex": face.sex_number(),
            "pid": pid_value(&node.data),
            "area": face.area,
            "ret_data": rows,
            "data_count": total,
        }),
    ))
}

/// `GET qiyeweixin/article/get_article_forward_info/{id}?customer_id&pid`:
/// what one reader's forwards brought: the readers one level below and
/// their reads.
pub fn get_article_forward_info(req: &Request) -> Outcome {
    let s = Scope::of(req)?;
    let input = Input::of(req);
    let customer_id = input.required_id("customer_id")?;
    let face = people::face(customer_id)?;
    let n = s.node(customer_id, optional_id(&input, "pid")?)?;
    let row = json!({
        "article_id": s.article.id,
        "customer_id": customer_id,
        "customer_name": face.name,
        "customer_headimgurl": face.headimgurl,
        "area": face.area,
        "sex_text": face.sex_text(),
        "sex": face.sex_number(),
        "forward_customer_read_people": n.data.children(),
        "forward_customer_read_num": n.data.children_read,
        "level": n.data.level,
        "forward_friend_count": n.data.forward_friend_count,
        "forward_friend_circle_count": n.data.forward_friend_circle_count,
        "pid": pid_value(&n.data),
    });
    Ok(ok("", json!({ "ret_data": [row], "data_count": 1 })))
}

fn required_level(input: &Input<'_>) -> Result<u32, Failure> {
    let level = input.required_int("level")?;
    u32::try_from(level)
        .ok()
        .filter(|l| *l >= 1)
        .ok_or_else(|| Failure::invalid("level 必须是正整数"))
}

/// `GET qiyeweixin/article/customer_effect_ranking_by_level/{id}?level`: the
/// readers at one level, longest stay first, and the tree's depth.
pub fn customer_effect_ranking_by_level(req: &Request) -> Outcome {
    let s = Scope::of(req)?;
    let input = Input::of(req);
    let level = required_level(&input)?;
    let paging = paging(&input)?;
    let mut filters = s.of_tree();
    filters.push(eq("level", level as i64));
    let nodes = store::find_page::<NodeDoc>(
        NODES,
        filters,
        vec![desc("stay_time"), desc("id")],
        paging.page(),
    )?;
    let totals = tree::tree(s.article.id, s.user.id)?;
    let faces = faces_of(&nodes)?;
    let rows: Vec<Value> = nodes
        .iter()
        .map(|n| {
            level_row(
                &s,
                n,
                faces.get(&n.data.customer_id).unwrap_or(&Face::default()),
            )
        })
        .collect();
    Ok(ok(
        "返回成功",
        json!({
            "ret_data": rows,
            "total_level_num": totals.max_level(),
            "article_id": s.article.id.to_string(),
            "article_title": s.article.data.fields.title,
            "count": totals.at_level(level),
        }),
    ))
}

/// `GET qiyeweixin/article/query_customer_transmit_path/{id}?customer_id&level`:
/// how the article reached a reader: the radar user (level 0), then each
/// customer who passed it on, down to the reader.
pub fn query_customer_transmit_path(req: &Request) -> Outcome {
    let s = Scope::of(req)?;
    let input = Input::of(req);
    let customer_id = input.required_id("customer_id")?;
    let level = required_level(&input)?;
    // The reader's few nodes (an index range of `nodes_key`), then the one
    // at `level`.
    let mut filters = s.of_tree();
    filters.push(eq("customer_id", customer_id as i64));
    let node = store::find_all::<NodeDoc>(NODES, filters, Vec::new())?
        .into_iter()
        .find(|n| n.data.level == level)
        .ok_or_else(|| Failure::not_found("客户不在该文章的传播中"))?;
    let mut chain = Vec::with_capacity(node.data.path.len() + 1);
    for ids in node.data.path.chunks(500) {
        chain.extend(store::get_many::<NodeDoc>(NODES, ids)?);
    }
    chain.push(node.clone());
    let faces = faces_of(&chain)?;
    let mut rows = vec![json!({
        "uid": s.user.id,
        "user_name": s.user.username,
        "user_avatar": s.user.avatar,
        "level": 0,
    })];
    for n in &chain {
        let face = faces.get(&n.data.customer_id).cloned().unwrap_or_default();
        rows.push(json!({
            "uid": s.user.id,
            "user_name": s.user.username,
            "customer_id": n.data.customer_id,
            "customer_name": face.name,
            "customer_headimgurl": face.headimgurl,
            "level": n.data.level,
        }));
    }
    let face = faces.get(&customer_id).cloned().unwrap_or_default();
    Ok(ok(
        "返回成功",
        json!({
            "customer_id": customer_id,
            "customer_name": face.name,
            "sex": face.sex_text(),
            "level": level,
            "ret_data": rows,
            "article_id": s.article.id,
        }),
    ))
}

/// `GET qiyeweixin/article/query_customer_table_by_level/{id}?level&query_customer_id`
/// (and `admin/article/…` with `uid`): the tree as a table. Level 0 is the
/// radar user with the tree's sums; `query_customer_id` lists the readers
/// that customer passed the article to; else the readers at `level`
/// (default 1). Each row has the people and levels below it.
pub fn query_customer_table_by_level(req: &Request) -> Outcome {
    let s = Scope::of(req)?;
    let input = Input::of(req);
    let totals = tree::tree(s.article.id, s.user.id)?;
    let level = match input.int("level")? {
        None => 1,
        Some(l) if l >= 0 => u32::try_from(l).map_err(|_| Failure::invalid("level 太大"))?,
        Some(_) => return Err(Failure::invalid("level 不能为负数")),
    };
    let header = |rows: Value, count: u64| {
        json!({
            "ret_data": rows,
            "total_level_num": totals.max_level(),
            "article_id": s.article.id.to_string(),
            "article_title": s.article.data.fields.title,
            "count": count,
        })
    };
    let query_customer = optional_id(&input, "query_customer_id")?;
    if level == 0 && query_customer.is_none() {
        let row = json!({
            "uid": s.user.id.to_string(),
            "user_name": s.user.username,
            "sex": s.user.gender,
            "read_count": totals.read_count,
            "stay_time": stay_text(totals.stay_time),
            "forward_friend_circle_count": totals.forward_friend_circle_count,
            "forward_friend_count": totals.forward_friend_count,
            "lower_people_count": totals.nodes,
            "lower_level": totals.max_level(),
            "level": 0,
        });
        return Ok(ok("返回成功", header(json!([row]), 1)));
    }
    // Each list is one index range read backwards: `nodes_parent` newest
    // first, `nodes_level` longest stay first.
    let mut filters = s.of_tree();
    let order = match query_customer {
        Some(c) => {
            people::face(c)?;
            filters.push(eq("parent_id", c as i64));
            vec![desc("id")]
        }
        None => {
            filters.push(eq("level", level as i64));
            vec![desc("stay_time"), desc("id")]
        }
    };
    let paging = paging(&input)?;
    let (nodes, total) = match query_customer {
        Some(_) => store::find::<NodeDoc>(NODES, filters, order, paging.page())?,
        None => (
            store::find_page::<NodeDoc>(NODES, filters, order, paging.page())?,
            totals.at_level(level) as u64,
        ),
    };
    let faces = faces_of(&nodes)?;
    let rows: Vec<Value> = nodes
        .iter()
        .map(|n| {
            let mut row = level_row(
                &s,
                n,
                faces.get(&n.data.customer_id).unwrap_or(&Face::default()),
            );
            row["lower_people_count"] = json!(n.data.lower_people_count());
            row["lower_level"] = json!(n.data.lower_level());
            row["is_have_child"] = json!(n.data.children() > 0);
            row
        })
        .collect();
    Ok(ok("返回成功", header(Value::Array(rows), total)))
}

/// `GET qiyeweixin/article/customer_read_info/{any}?customer_id&log_type`:
/// per article of the caller's trees, what one customer read (1, the
/// default): stay, reads, forwards, the levels they are at and the last
/// access. Videos (2) and diaries (3) are other modules': an empty list.
pub fn customer_read_info(req: &Request) -> Outcome {
    let uid = tree_owner(req)?.id;
    let input = Input::of(req);
    let customer_id = input.required_id("customer_id")?;
    people::face(customer_id)?;
    match input.int("log_type")?.unwrap_or(1) {
        1 => {}
        2 | 3 => return Ok(ok("返回成功", json!({ "ret_data": [] }))),
        _ => return Err(Failure::invalid("log_type 只能是 1、2 或 3")),
    }
    let nodes = store::find_all::<NodeDoc>(
        NODES,
        vec![
            eq("user_id", uid as i64),
            eq("customer_id", customer_id as i64),
        ],
        vec![desc("id")],
    )?;
    let mut per_article: Vec<(u64, Vec<&NodeDoc>)> = Vec::new();
    for n in &nodes {
        match per_article
            .iter_mut()
            .find(|(a, _)| *a == n.data.article_id)
        {
            Some((_, list)) => list.push(&n.data),
            None => per_article.push((n.data.article_id, vec![&n.data])),
        }
    }
    // The titles of the articles still there (deleted ones are left out).
    let mut titles: HashMap<u64, String> = HashMap::new();
    let ids: Vec<u64> = per_article.iter().map(|(a, _)| *a).collect();
    for chunk in ids.chunks(500) {
        for a in store::get_many::<ArticleDoc>(ARTICLES, chunk)? {
            if a.data.fields.status != DELETED {
                titles.insert(a.id, a.data.fields.title);
            }
        }
    }
    let offset = clock::utc_offset();
    let article_num = titles.len();
    let rows: Vec<Value> = per_article
        .iter()
        .filter_map(|(article_id, list)| {
            let title = titles.get(article_id)?;
            let mut levels: Vec<u32> = list.iter().map(|n| n.level).collect();
            levels.sort_unstable();
            levels.dedup();
            let last = list.iter().map(|n| n.last_access_at).max().unwrap_or(0);
            Some(json!({
                "article_num": article_num,
                "article_id": article_id,
                "article_title": title,
                "stay_time": stay_text(list.iter().map(|n| n.stay_time).sum()),
                "read_count": list.iter().map(|n| n.read_count).sum::<i64>(),
                "forward_count": list.iter().map(|n| n.forward_count).sum::<i64>(),
                "level": levels,
                "create_date": time::local_datetime(last, offset),
            }))
        })
        .collect();
    Ok(ok("返回成功", json!({ "ret_data": rows })))
}
