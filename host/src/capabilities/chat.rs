//! `leida:platform/chat`: messages into a user–customer conversation of the request's company.

use super::{tallies, ModuleState};
use crate::chat::content::Content;
use crate::chat::send;
use crate::chat::Sender;
use crate::identity::ClientKind;
use crate::runtime::bindings::leida::platform::chat::{Direction, Host, Message, MessageFilter};
use crate::runtime::bindings::types::{Error, Grouping, Page, Tally, Window};
use crate::store::grouped::Counted;
use crate::store::{chat, relations};

fn send_type(d: Direction) -> i64 {
    match d {
        Direction::UserToCustomer => chat::USER_TO_CUSTOMER,
        Direction::CustomerToUser => chat::CUSTOMER_TO_USER,
    }
}

impl Host for ModuleState {
    async fn post(&mut self, m: Message) -> Result<u64, Error> {
        self.trace("chat.post");
        let s = self.writable()?;
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
        let from = match m.direction {
            Direction::UserToCustomer => Sender::User,
            Direction::CustomerToUser => Sender::Customer,
        };
        // The same content rules as every other way a message enters.
        let content = Content::parse(&m.content, from, s.company.shopping_type)?;
        // A conversation exists only between related people.
        relations::get(&s.db, s.company_id, user_id, customer_id)
            .await?
            .ok_or(Error::NotFound)?;
        let id = send::post(
            &s.db,
            &s.bus,
            s.company_id,
            (user_id, customer_id),
            from,
            &content,
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
        self.trace("chat.count");
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

    async fn aggregate(
        &mut self,
        f: MessageFilter,
        by: Vec<Grouping>,
        p: Page,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("chat.aggregate");
        self.tally_messages(f, by, p, Counted::RowsAndCustomers)
            .await
    }

    async fn count_by(
        &mut self,
        f: MessageFilter,
        by: Vec<Grouping>,
        p: Page,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("chat.count-by");
        self.tally_messages(f, by, p, Counted::Rows).await
    }
}

impl ModuleState {
    /// `aggregate` and `count-by`: the company's messages grouped and
    /// counted as asked.
    async fn tally_messages(
        &mut self,
        f: MessageFilter,
        by: Vec<Grouping>,
        p: Page,
        counted: Counted,
    ) -> Result<Vec<Tally>, Error> {
        let s = self.scope()?;
        let filter = chat::MessageFilter {
            user_ids: f.user_ids.into_iter().map(|v| v as i64).collect(),
            customer_ids: f.customer_ids.into_iter().map(|v| v as i64).collect(),
            send_type: f.direction.map(send_type),
            since: f.window.since,
            until: f.window.until,
        };
        let by = tallies::groupings(&by)?;
        let groups =
            chat::tally(&s.db, s.company_id, &filter, &by, tallies::page(p), counted).await?;
        Ok(tallies::tallies(groups))
    }
}
