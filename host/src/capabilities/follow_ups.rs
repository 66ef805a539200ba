//! `leida:platform/follow-ups` (0.5.0; `count-by` 0.6.0): counts over the
//! follow-up log of the request's company.

use super::{tallies, ModuleState};
use crate::runtime::bindings::leida::platform::follow_ups::{FollowUpFilter, Host};
use crate::runtime::bindings::types::{Error, Grouping, Page, Tally};
use crate::store::follow;
use crate::store::grouped::Counted;

impl Host for ModuleState {
    async fn aggregate(
        &mut self,
        f: FollowUpFilter,
        by: Vec<Grouping>,
        p: Page,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("follow-ups.aggregate");
        self.tally_notes(f, by, p, Counted::RowsAndCustomers).await
    }

    async fn count_by(
        &mut self,
        f: FollowUpFilter,
        by: Vec<Grouping>,
        p: Page,
    ) -> Result<Vec<Tally>, Error> {
        self.trace("follow-ups.count-by");
        self.tally_notes(f, by, p, Counted::Rows).await
    }
}

impl ModuleState {
    /// `aggregate` and `count-by`: the company's follow-up notes grouped
    /// and counted as asked.
    async fn tally_notes(
        &mut self,
        f: FollowUpFilter,
        by: Vec<Grouping>,
        p: Page,
        counted: Counted,
    ) -> Result<Vec<Tally>, Error> {
        let s = self.scope()?;
        let filter = follow::LineFilter {
            user_ids: f.user_ids.into_iter().map(|v| v as i64).collect(),
            customer_ids: f.customer_ids.into_iter().map(|v| v as i64).collect(),
            since: f.window.since,
            until: f.window.until,
        };
        let by = tallies::groupings(&by)?;
        let groups =
            follow::tally_lines(&s.db, s.company_id, &filter, &by, tallies::page(p), counted)
                .await?;
        Ok(tallies::tallies(groups))
    }
}
