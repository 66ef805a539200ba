//! `leida:platform/follow-ups` (0.5.0): counts over the follow-up log of
//! the request's company.

use super::{tallies, ModuleState};
use crate::runtime::bindings::leida::platform::follow_ups::{FollowUpFilter, Host};
use crate::runtime::bindings::types::{Error, Grouping, Page, Tally};
use crate::store::follow;

impl Host for ModuleState {
    async fn aggregate(
        &mut self,
        f: FollowUpFilter,
        by: Vec<Grouping>,
        p: Page,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("follow-ups.aggregate");
        let s = self.scope()?;
        let filter = follow::LineFilter {
            user_ids: f.user_ids.into_iter().map(|v| v as i64).collect(),
            customer_ids: f.customer_ids.into_iter().map(|v| v as i64).collect(),
            since: f.window.since,
            until: f.window.until,
        };
        let groups = follow::aggregate_lines(
            &s.db,
            s.company_id,
            &filter,
            &tallies::groupings(&by)?,
            tallies::page(p),
        )
        .await?;
        Ok(tallies::tallies(groups))
    }
}
