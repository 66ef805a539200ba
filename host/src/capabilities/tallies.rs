//! The grouped counts several interfaces answer (contract 0.5.0): WIT
//! groupings, pages and tallies to and from the store's.

use crate::runtime::bindings::types::{Error, Grouping, Page, Tally};
use crate::store::{self, grouped};

/// The store's groupings of `by`, refusing a repeated one.
pub fn groupings(by: &[Grouping]) -> Result<Vec<grouped::Grouping>, Error> {
    let store = by.iter().map(|g| match g {
        Grouping::User => grouped::Grouping::User,
        Grouping::Customer => grouped::Grouping::Customer,
        Grouping::Day => grouped::Grouping::Day,
    });
    each_once(store, "grouping")
}

/// `groupings` in order, refusing one asked for twice (`what` names them
/// in the refusal: `grouping`, `dimension`).
pub fn each_once(
    groupings: impl Iterator<Item = grouped::Grouping>,
    what: &str,
) -> Result<Vec<grouped::Grouping>, Error> {
    let mut out = Vec::new();
    for g in groupings {
        if out.contains(&g) {
            return Err(Error::Invalid(format!("{what} {g:?} is asked for twice")));
        }
        out.push(g);
    }
    Ok(out)
}

/// The store's page of `p`.
pub fn page(p: Page) -> store::Page {
    store::Page {
        offset: i64::from(p.offset),
        limit: p.limit.map(i64::from),
    }
}

/// The WIT tallies of the store's.
pub fn tallies(t: Vec<grouped::Tally>) -> Vec<Tally> {
    t.into_iter()
        .map(|t| Tally {
            keys: t.keys,
            count: t.count as u64,
            customers: t.customers as u64,
        })
        .collect()
}
