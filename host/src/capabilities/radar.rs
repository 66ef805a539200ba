//! `leida:platform/radar`: record and read the action log of the request's company.

use super::{tallies, ModuleState};
use crate::identity::ClientKind;
use crate::runtime::bindings::leida::platform::radar::{
    Action, Dimension, Event, EventFilter, Group, Host, Target,
};
use crate::runtime::bindings::types::{Error, Page, Tally};
use crate::store::actions;
use crate::store::grouped::{self, Grouping};

/// The store's groupings of the radar's dimensions, refusing a repeated one.
fn dimensions(by: &[Dimension]) -> Result<Vec<Grouping>, Error> {
    let store = by.iter().map(|d| match d {
        Dimension::User => Grouping::User,
        Dimension::Customer => Grouping::Customer,
        Dimension::Code => Grouping::Code,
        Dimension::Day => Grouping::Day,
    });
    tallies::each_once(store, "dimension")
}

/// Longest remark stored.
const MAX_REMARK: usize = 512;

fn filter(f: EventFilter) -> actions::ActionFilter {
    actions::ActionFilter {
        user_ids: f.user_ids.into_iter().map(|v| v as i64).collect(),
        customer_ids: f.customer_ids.into_iter().map(|v| v as i64).collect(),
        codes: f.codes.into_iter().map(i64::from).collect(),
        target: f.target.map(|t| (t.kind, t.id as i64)),
        since: f.window.since,
        until: f.window.until,
    }
}

fn event(a: actions::Action) -> Event {
    Event {
        id: a.id as u64,
        code: a.code as u16,
        user_id: a.user_id as u64,
        customer_id: a.customer_id as u64,
        target: match (a.target_kind, a.target_id) {
            (Some(kind), Some(id)) => Some(Target {
                kind,
                id: id as u64,
            }),
            _ => None,
        },
        remark: a.remark,
        at: a.created_at,
    }
}

impl Host for ModuleState {
    async fn record_action(&mut self, a: Action) -> Result<u64, Error> {
        self.trace("radar.record-action");
        let s = self.writable()?;
        let (user_id, customer_id) = (a.user_id as i64, a.customer_id as i64);
        // A caller records only actions it takes part in.
        let own = match s.caller.kind {
            ClientKind::Customer => s.caller.id == customer_id,
            ClientKind::RadarUser => s.caller.id == user_id,
            ClientKind::Admin => true,
        };
        if !own {
            return Err(Error::Denied(
                "an action is recorded by the customer or user taking it".into(),
            ));
        }
        if a.remark.len() > MAX_REMARK {
            return Err(Error::Invalid(format!(
                "remark longer than {MAX_REMARK} bytes"
            )));
        }
        let new = actions::NewAction {
            user_id,
            customer_id,
            code: i64::from(a.code),
            target: a.target.as_ref().map(|t| (t.kind.as_str(), t.id as i64)),
            remark: &a.remark,
        };
        let id = actions::record(&s.db, s.company_id, new)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(id as u64)
    }

    async fn find(&mut self, f: EventFilter, p: Page) -> Result<Vec<Event>, Error> {
        self.trace("radar.find");
        let s = self.scope()?;
        let list = actions::find(
            &s.db,
            s.company_id,
            &filter(f),
            i64::from(p.offset),
            p.limit.map(i64::from),
        )
        .await?;
        Ok(list.into_iter().map(event).collect())
    }

    async fn count(&mut self, f: EventFilter) -> Result<u64, Error> {
        self.trace("radar.count");
        let s = self.scope()?;
        Ok(actions::count(&s.db, s.company_id, &filter(f)).await? as u64)
    }

    async fn aggregate(
        &mut self,
        f: EventFilter,
        by: Vec<Dimension>,
        p: Page,
    ) -> Result<Vec<Group>, Error> {
        self.trace("radar.aggregate");
        let s = self.scope()?;
        let groups = actions::aggregate(
            &s.db,
            s.company_id,
            &filter(f),
            &dimensions(&by)?,
            tallies::page(p),
        )
        .await?;
        Ok(groups
            .into_iter()
            .map(|g: grouped::Tally| Group {
                keys: g.keys,
                count: g.count as u64,
                customers: g.customers as u64,
            })
            .collect())
    }

    async fn count_by(&mut self, f: EventFilter, by: Vec<Dimension>) -> Result<Vec<Tally>, Error> {
        self.trace("radar.count-by");
        let s = self.scope()?;
        let groups = actions::count_by(&s.db, s.company_id, &filter(f), &dimensions(&by)?).await?;
        Ok(tallies::tallies(groups))
    }
}
