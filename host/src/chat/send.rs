//! Posting a message: the one path every message takes (HTTP, sockets,
//! modules, the greeting). The message is stored first, then both sides of
//! the pair are woken: the addressee, and the sender's own other sockets
//! (the radar socket shows the user's own messages too).

use super::content::{Content, MALL};
use super::{ChatError, Sender};
use crate::crm::PairError;
use crate::db::Db;
use crate::realtime::{Bus, Recipient, Signal, Wake};
use crate::store::{actions, chat, companies, Result};

/// Checks `raw` content sent by `from` against the rules of the company
/// (whose shop settings decide whether mall cards are allowed).
pub async fn checked_content(
    db: &Db,
    company_id: i64,
    raw: &str,
    from: Sender,
) -> Result<Content, ChatError> {
    let company = companies::get(db, company_id)
        .await?
        .ok_or(ChatError::CompanyGone)?;
    Content::parse(raw, from, company.shopping_type)
}

/// Stores a message of the pair and wakes both sides; `None` when the user
/// or the customer is not in the company. The caller has checked that the
/// pair is related and that `from` is who is calling.
pub async fn post(
    db: &Db,
    bus: &Bus,
    company_id: i64,
    (user_id, customer_id): (i64, i64),
    from: Sender,
    content: &Content,
) -> Result<Option<i64>> {
    let stored = chat::post(
        db,
        company_id,
        user_id,
        customer_id,
        from.send_type(),
        &content.to_json(),
    )
    .await?;
    let Some(id) = stored else {
        return Ok(None);
    };
    if content.info_type() == MALL && from == Sender::User {
        let action = actions::NewAction {
            user_id,
            customer_id,
            code: 23,
            target: None,
            remark: "发送小程序",
        };
        actions::record(db, company_id, action).await?;
    }
    let signal = Signal::Message {
        user_id,
        customer_id,
    };
    for to in [
        Recipient::Customer {
            company_id,
            customer_id,
        },
        Recipient::User {
            company_id,
            user_id,
        },
    ] {
        bus.publish(Wake { to, signal }).await;
    }
    Ok(Some(id))
}

/// [`post`] by a sender whose pair the caller has checked: the one path of
/// HTTP `send_msg` and socket messages; a user or customer gone meanwhile is
/// the usual unknown party.
pub async fn post_checked(
    db: &Db,
    bus: &Bus,
    company_id: i64,
    ids: (i64, i64),
    from: Sender,
    content: &Content,
) -> Result<i64, ChatError> {
    let gone = match from {
        Sender::User => PairError::UnknownCustomer,
        Sender::Customer => PairError::UnknownUser,
    };
    post(db, bus, company_id, ids, from, content)
        .await?
        .ok_or(ChatError::Pair(gone))
}
