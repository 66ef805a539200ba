//! A customer reading an article in the public account: the page view
//! (which places the reader in the sharer's forward tree), the stay-time
//! heartbeat, forwards and the like.

use crate::article::{optional_id, published, remark_title, Ads, Article};
use crate::descriptor::{ARTICLES, COMMENTS, LIKES};
use crate::duration::stay_text;
use crate::reports;
use crate::tree::{self, Forward, Opening};
use crate::visits::{self, VisitDoc};
use leida_module_sdk::store::{self, eq};
use leida_module_sdk::{
    clock, directory, json, object_id, ok, radar, require_customer, storage, time, Failure, Input,
    Outcome, Request,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Radar code 14: read an article.
const READ: u16 = 14;
/// Radar code 15: forwarded an article to a friend.
const FORWARD_FRIEND: u16 = 15;
/// Radar code 16: forwarded an article to Moments.
const FORWARD_MOMENTS: u16 = 16;
/// Radar code 19: liked an article.
const LIKED: u16 = 19;

/// A like as stored: once per customer and article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LikeDoc {
    /// The article.
    pub article_id: u64,
    /// Who liked it.
    pub customer_id: u64,
    /// The radar user the like was shown to, 0 when none.
    pub user_id: u64,
}

/// The radar user a reader's actions are shown to: in a company that keeps
/// customers unique, the one the reader belongs to; else the sharer.
fn attributed_user(customer_id: u64, uid: u64, unique: bool) -> Result<u64, Failure> {
    if !unique {
        return Ok(uid);
    }
    let owners = crate::people::related_users(customer_id)?;
    Ok(if owners.contains(&uid) {
        uid
    } else {
        owners.first().copied().unwrap_or(uid)
    })
}

/// The reader, the article and the sharer (`uid`, when given) of a request.
struct Reading {
    customer_id: u64,
    article: Article,
    uid: Option<u64>,
    pid: Option<u64>,
}

impl Reading {
    fn of(req: &Request) -> Result<Reading, Failure> {
        let customer_id = require_customer(req)?;
        let article = published(object_id(req)?)?;
        let input = Input::of(req);
        let uid = optional_id(&input, "uid")?;
        if let Some(uid) = uid {
            crate::rights::radar_user(uid)?;
        }
        let pid = optional_id(&input, "pid")?.filter(|p| *p != customer_id);
        if let Some(pid) = pid {
            directory::get_customer(pid)
                .map_err(|e| Failure::from(e).or_not_found("客户不存在"))?;
        }
        Ok(Reading {
            customer_id,
            article,
            uid,
            pid,
        })
    }

    /// The reader's node in `uid`'s tree, if they have one: where the link
    /// places them, else their shallowest.
    fn node(&self, uid: u64) -> Result<Option<tree::Node>, Failure> {
        let (_, found) = tree::locate(self.article.id, uid, self.customer_id, self.pid)?;
        match found {
            Some(n) => Ok(Some(n)),
            None => tree::first_node_of(self.article.id, uid, self.customer_id),
        }
    }

    fn target(&self) -> Option<radar::Target> {
        Some(radar::Target {
            kind: "article".into(),
            id: self.article.id,
        })
    }
}

/// What the article embeds: the card of `user` or the sign-up plug-in.
fn advert(article: &Article, user: Option<&directory::User>) -> Result<Value, Failure> {
    Ok(match article.data.fields.ads {
        Ads::None => json!({}),
        Ads::Baoming => match reports::active(article.data.fields.report_id) {
            Ok(r) => reports::advert(&r),
            Err(_) => json!({}),
        },
        Ads::Mingpian => match user {
            Some(u) => json!({
                "type": "mingpian",
                "mingpian": true,
                "uid": u.id,
                "username": u.username,
                "avatar": u.avatar,
                "phone": u.card_phone,
                "position": u.position,
                "webchat_code": u.qr_code,
            }),
            // A preview shows where the sharer's card will be.
            None => json!({
                "type": "mingpian",
                "mingpian": true,
                "username": "雷达用户",
                "avatar": "statics/imgs/setAvator.jpg",
                "phone": "",
                "position": "",
                "webchat_code": "",
            }),
        },
    })
}

/// `GET gongzhonghao/article/myarticle/{id}?uid&pid`: the article, with the
/// sharer's card or the sign-up plug-in. Opened through a share (`uid`),
/// the view places the reader in the sharer's tree (in a company that keeps
/// customers unique, the tree of the user the reader belongs to, whose card
/// is then shown), counts the read on the
/// article, the node and the tree, logs the visit (its id is the
/// heartbeat's `article_access_log_id`) and shows on the radar (action 14,
/// once the reader has authorised a name). Without `uid` it is a preview:
/// nothing is counted.
pub fn myarticle(req: &Request) -> Outcome {
    let r = Reading::of(req)?;
    let a = &r.article;
    let company = directory::get_company();
    let offset = clock::utc_offset();
    let mut data = json!({
        "id": a.id,
        "title": a.data.fields.title,
        "summary": a.data.fields.summary,
        "content": a.data.fields.content,
        "cover_picture": a.data.fields.cover_picture,
        "source": a.data.fields.source,
        "read_count": a.data.read_count,
        "forward_count": a.data.forward_count,
        "up_count": a.data.up_count,
        "comment_count": storage::count(COMMENTS, &[eq("article_id", a.id as i64), eq("approved", true)])?,
        "create_date": time::local_datetime(a.created_at, offset),
        "is_praise_article": liked(a.id, r.customer_id)? as u8,
        "article_access_log_id": Value::Null,
        "level": 0,
        "uid": Value::Null,
    });
    let Some(uid) = r.uid else {
        data["insert_ads"] = advert(a, None)?;
        return Ok(ok("查询成功", data));
    };
    // Everything that can refuse is read before the first write, so a
    // refused read counts nothing.
    let owner = attributed_user(r.customer_id, uid, company.customer_unique)?;
    let card = directory::get_user(owner)?;
    let authorised = directory::get_customer(r.customer_id)?.authorised;
    let node = tree::bind(&Opening {
        article_id: a.id,
        user_id: owner,
        customer_id: r.customer_id,
        pid: r.pid,
        customer_unique: company.customer_unique,
    })?;
    let now = clock::now();
    let read_count = storage::increment(ARTICLES, a.id, "read_count", 1)?;
    if let Some(n) = &node {
        tree::count_read(n, now)?;
    }
    if a.data.fields.ads == Ads::Baoming && reports::active(a.data.fields.report_id).is_ok() {
        reports::count_reader(a.data.fields.report_id)?;
    }
    let visit = visits::open(&VisitDoc {
        article_id: a.id,
        node_id: node.as_ref().map_or(0, |n| n.id),
        user_id: node.as_ref().map_or(owner, |n| n.data.user_id),
        customer_id: r.customer_id,
        stay_time: 0,
        beats: 0,
        last_beat_at: 0,
        started_at: now,
    })?;
    if authorised {
        radar::record_action(&radar::Action {
            code: READ,
            user_id: owner,
            customer_id: r.customer_id,
            target: r.target(),
            remark: format!(
                "正在查看文章《{}》,看来对您的文章感兴趣",
                remark_title(&a.data.fields.title)
            ),
        })?;
    }
    data["insert_ads"] = advert(a, Some(&card))?;
    data["read_count"] = json!(read_count);
    data["article_access_log_id"] = json!(visit);
    data["level"] = json!(node.as_ref().map_or(0, |n| n.data.level));
    data["uid"] = json!(owner);
    Ok(ok("查询成功", data))
}

fn liked(article_id: u64, customer_id: u64) -> Result<bool, Failure> {
    Ok(storage::count(
        LIKES,
        &[
            eq("article_id", article_id as i64),
            eq("customer_id", customer_id as i64),
        ],
    )? > 0)
}

/// `GET gongzhonghao/article/staytime/{id}?article_access_log_id`: the
/// page's 5-second heartbeat, on the visit, the reader's node and the tree.
pub fn staytime(req: &Request) -> Outcome {
    let customer_id = require_customer(req)?;
    let article_id = object_id(req)?;
    let visit = Input::of(req).required_id("article_access_log_id")?;
    let stay = visits::heartbeat(visit, article_id, customer_id, clock::now())?;
    Ok(ok("记录成功", json!({ "stay_time": stay_text(stay) })))
}

/// `GET gongzhonghao/article/forward_article/{id}?forward_type&uid&pid`: the
/// reader forwarded the article to a friend (1) or to Moments (2): counted
/// on the article, their node and the tree, shown on the radar (15, 16).
pub fn forward_article(req: &Request) -> Outcome {
    let r = Reading::of(req)?;
    let (way, code, to) = match Input::of(req).required_int("forward_type")? {
        1 => (Forward::Friend, FORWARD_FRIEND, "分享给【朋友】"),
        2 => (Forward::Moments, FORWARD_MOMENTS, "分享到【朋友圈】"),
        _ => return Err(Failure::invalid("forward_type 必须是 1 或 2")),
    };
    let forward_count = storage::increment(ARTICLES, r.article.id, "forward_count", 1)?;
    let Some(uid) = r.uid else {
        return Ok(ok("转发成功", json!({ "forward_count": forward_count })));
    };
    let owner = attributed_user(r.customer_id, uid, directory::get_company().customer_unique)?;
    if let Some(node) = r.node(owner)? {
        tree::count_forward(&node, way)?;
    }
    radar::record_action(&radar::Action {
        code,
        user_id: owner,
        customer_id: r.customer_id,
        target: r.target(),
        remark: format!(
            "转发了您的文章《{}》{to},帮您进一步扩大了传播效果",
            remark_title(&r.article.data.fields.title)
        ),
    })?;
    Ok(ok("转发成功", json!({ "forward_count": forward_count })))
}

/// `GET gongzhonghao/article/praise_article/{id}?uid`: the reader likes the
/// article, once; the first like counts and shows on the radar (19).
pub fn praise_article(req: &Request) -> Outcome {
    let r = Reading::of(req)?;
    let unique = directory::get_company().customer_unique;
    let owner = match r.uid {
        Some(uid) => Some(attributed_user(r.customer_id, uid, unique)?),
        None => None,
    };
    let like = LikeDoc {
        article_id: r.article.id,
        customer_id: r.customer_id,
        user_id: owner.unwrap_or(0),
    };
    let key = vec![
        eq("article_id", r.article.id as i64),
        eq("customer_id", r.customer_id as i64),
    ];
    let (_, created) = store::get_or_create(LIKES, key, &like)?;
    let up_count = if created {
        let n = storage::increment(ARTICLES, r.article.id, "up_count", 1)?;
        if let Some(owner) = owner {
            radar::record_action(&radar::Action {
                code: LIKED,
                user_id: owner,
                customer_id: r.customer_id,
                target: r.target(),
                remark: format!(
                    "点赞了您的文章《{}》",
                    remark_title(&r.article.data.fields.title)
                ),
            })?;
        }
        n
    } else {
        published(r.article.id)?.data.up_count
    };
    Ok(ok(
        "点赞成功",
        json!({
            "up_count": up_count,
            "is_praise_article": 1,
            "is_praise_article_text": "已赞此文章",
        }),
    ))
}
