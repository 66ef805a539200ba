//! `leida:platform/chat`: messages into a user–customer conversation of the request's company.

use super::ModuleState;
use crate::auth::ClientKind;
use crate::runtime::bindings::leida::platform::chat::{Direction, Host, Message};
use crate::runtime::bindings::types::{Error, Window};
use crate::store::chat;

/// Largest message content accepted.
const MAX_CONTENT: usize = 16 * 1024;

fn send_type(d: Direction) -> i64 {
    match d {
        Direction::UserToCustomer => chat::USER_TO_CUSTOMER,
        Direction::CustomerToUser => chat::CUSTOMER_TO_USER,
    }
}

impl Host for ModuleState {
    async fn post(&mut self, m: Message) -> Result<u64, Error> {
        let s = self.scope()?;
        let (user_id, customer_id) = (m.user_id as i64, m.customer_id as i64);
        // A caller speaks only as itself.
        let allowed = match (s.caller.kind, m.direction) {
            (ClientKind::Customer, Direction::CustomerToUser) => s.caller.id == customer_id,
            (ClientKind::RadarUser, Direction::UserToCustomer) => s.caller.id == user_id,
            _ => false,
        };
        if !allowed {
            return Err(Error::Denied("a caller posts only as itself".into()));
        }
        if m.content.len() > MAX_CONTENT
            || serde_json::from_str::<serde_json::Value>(&m.content).is_err()
        {
            return Err(Error::Invalid(
                "content must be JSON text of at most 16 KiB".into(),
            ));
        }
        let id = chat::post(
            &s.db,
            s.company_id,
            user_id,
            customer_id,
            send_type(m.direction),
            &m.content,
        )
        .await?
        .ok_or(Error::NotFound)?;
        Ok(id as u64)
    }

    async fn count(
        &mut self,
        user_id: u64,
        customer_id: Option<u64>,
        direction: Option<Direction>,
        w: Window,
    ) -> Result<u64, Error> {
        let s = self.scope()?;
        let n = chat::count(
            &s.db,
            s.company_id,
            user_id as i64,
            customer_id.map(|c| c as i64),
            direction.map(send_type),
            w.since,
            w.until,
        )
        .await?;
        Ok(n as u64)
    }
}
