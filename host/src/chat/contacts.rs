//! Unread counts and the radar user's contact list (the newest message per
//! customer, unread per contact and in total), computed live from the chat
//! indexes; read by the HTTP endpoints and pushed by the sockets.

use super::items::contact_item;
use crate::db::Db;
use crate::local_time::now_ms;
use crate::store::chat::{self, Reader};
use crate::store::{tags, Page, Result};
use serde_json::{json, Value};

/// The user's unread total (`unread_msg_num`).
pub async fn unread_of_user(db: &Db, company_id: i64, user_id: i64) -> Result<i64> {
    chat::unread_count(db, company_id, Reader::User, Some(user_id), None).await
}

/// The customer's unread count, in the conversation with `user_id` or in all.
pub async fn unread_of_customer(
    db: &Db,
    company_id: i64,
    customer_id: i64,
    user_id: Option<i64>,
) -> Result<i64> {
    chat::unread_count(db, company_id, Reader::Customer, user_id, Some(customer_id)).await
}

/// `{ret_data, data_count, unread_msg_num}` of one page of the user's contacts.
pub async fn contact_page(db: &Db, company_id: i64, user_id: i64, page: Page) -> Result<Value> {
    let contacts = chat::contacts(db, company_id, user_id, page.offset, page.limit).await?;
    let ids: Vec<i64> = contacts.iter().map(|c| c.customer_id).collect();
    let tags = tags::on_customers(db, company_id, user_id, &ids).await?;
    let now = now_ms();
    let items: Vec<Value> = contacts
        .iter()
        .map(|c| {
            // A tag applies to one client type: the customer's.
            let names = tags
                .iter()
                .filter(|(id, kind, _)| *id == c.customer_id && *kind == c.user_type)
                .map(|(_, _, name)| name.clone())
                .collect();
            contact_item(c, names, now)
        })
        .collect();
    Ok(json!({
        "ret_data": items,
        "data_count": chat::contact_count(db, company_id, user_id).await?,
        "unread_msg_num": unread_of_user(db, company_id, user_id).await?,
    }))
}
