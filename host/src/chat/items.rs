//! How messages and contacts look on the wire: the radar side's items, the
//! customer side's items and contact-list entries. The same builders serve
//! HTTP answers and socket pushes.

use super::content::{preview, stored_fields};
use crate::crm::labels::{customer_name, customer_type_label, user_name};
use crate::db::Db;
use crate::local_time::short_moment;
use crate::store::chat::{Contact, Message};
use crate::store::customers::{self, Customer};
use crate::store::users::{self, RadarUser};
use crate::store::Result;
use serde_json::{json, Map, Value};

/// The two people of a conversation.
pub struct Parties {
    /// The radar user.
    pub user: RadarUser,
    /// The customer.
    pub customer: Customer,
}

impl Parties {
    /// Loads both; `None` when either is not in the company.
    pub async fn load(
        db: &Db,
        company_id: i64,
        (user_id, customer_id): (i64, i64),
    ) -> Result<Option<Parties>> {
        let user = users::get(db, company_id, user_id).await?;
        let customer = customers::get(db, company_id, customer_id).await?;
        Ok(user
            .zip(customer)
            .map(|(user, customer)| Parties { user, customer }))
    }

    /// The name the radar user goes by.
    pub fn user_name(&self) -> &str {
        user_name(&self.user.nickname, &self.user.username)
    }

    /// The name shown for the customer.
    pub fn customer_name(&self) -> String {
        customer_name(&self.customer.username, self.customer.id)
    }

    /// The card phone the customer may see: the card phone or, failing
    /// that, the WeChat phone; empty when the user hides it.
    pub fn card_phone(&self) -> &str {
        let u = &self.user;
        match (u.show_phone, u.mingpian_phone.is_empty()) {
            (0, _) => "",
            (_, false) => &u.mingpian_phone,
            (_, true) => &u.wechat_phone,
        }
    }
}

/// The message's content fields with `fields` laid over them.
fn merged(m: &Message, fields: Value) -> Value {
    let mut item: Map<String, Value> = stored_fields(&m.content);
    if let Value::Object(f) = fields {
        item.extend(f);
    }
    Value::Object(item)
}

/// A message as the radar user sees it; `time` formats `dateTime`.
pub fn radar_item(m: &Message, p: &Parties, time: fn(i64) -> String) -> Value {
    let read = i64::from(m.customer_unread == 0);
    merged(
        m,
        json!({
            "customer_id": m.customer_id,
            "customer_avatar": p.customer.headimgurl,
            "user_id": m.user_id,
            "src": p.user.avatar,
            "name": p.user_name(),
            "dateTime": time(m.created_at),
            "send_type": m.send_type,
            "is_customer_already_read": read,
            "is_customer_already_read_text": if read == 1 { "已读" } else { "未读" },
        }),
    )
}

/// A message as the customer sees it; `first_id` is the conversation's
/// oldest message (the greeting, `is_first_info`).
pub fn customer_item(
    m: &Message,
    p: &Parties,
    first_id: Option<i64>,
    time: fn(i64) -> String,
) -> Value {
    let customer = p.customer_name();
    let from = if m.send_type == crate::store::chat::CUSTOMER_TO_USER {
        customer.clone()
    } else {
        p.user_name().to_string()
    };
    merged(
        m,
        json!({
            "customer_id": m.customer_id,
            "user_id": m.user_id,
            "user_avatar": p.user.avatar,
            // Older clients read this spelling; both names keep every client working.
            "user_avator": p.user.avatar,
            "customer_headimgurl": p.customer.headimgurl,
            "customer": customer,
            "from_user_name": from,
            "dateTime": time(m.created_at),
            "send_type": m.send_type,
            "is_first_info": Some(m.id) == first_id,
        }),
    )
}

/// One contact-list entry; `tags` are the names of the user's tags on the
/// customer of the customer's client type.
pub fn contact_item(c: &Contact, tags: Vec<String>, now: i64) -> Value {
    json!({
        "customer_id": c.customer_id,
        "customer_source": c.user_type,
        "customer_source_text": customer_type_label(c.user_type),
        "src": c.headimgurl,
        // Public-account subscriptions are not tracked in this release.
        "is_subscribe": null,
        "is_subscribe_text": null,
        "name": customer_name(&c.username, c.customer_id),
        "dateTime": short_moment(c.created_at, now),
        "msg": preview(&c.content),
        "count": c.unread,
        "tags_list": tags,
        "crea_date": c.created_at / 1000,
    })
}
