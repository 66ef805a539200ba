//! The counts every page is made of, for one scope ([`Whose`]) and window,
//! each one host call counted in the database.

use crate::who::Whose;
use leida_module_sdk::chat::{self, Direction, MessageFilter};
use leida_module_sdk::directory::{self, RelationFilter};
use leida_module_sdk::follow_ups::{self, FollowUpFilter};
use leida_module_sdk::radar::{self, Dimension, EventFilter};
use leida_module_sdk::types::{Grouping, Page, Tally, Window};
use leida_module_sdk::Failure;
use std::collections::HashMap;

/// Every group.
pub const ALL: Page = Page {
    offset: 0,
    limit: None,
};

/// The number of the one group of an ungrouped count (its rows, or its
/// distinct customers when `customers`).
fn single(groups: &[Tally], customers: bool) -> u64 {
    groups
        .first()
        .map_or(0, |g| if customers { g.customers } else { g.count })
}

/// Group key → rows (or distinct customers) of a count grouped once.
fn by_key(groups: Vec<Tally>, customers: bool) -> HashMap<String, u64> {
    groups
        .into_iter()
        .filter_map(|g| {
            let n = if customers { g.customers } else { g.count };
            g.keys.into_iter().next().map(|k| (k, n))
        })
        .collect()
}

fn events(whose: Whose, codes: &[u16], window: Window) -> EventFilter {
    EventFilter {
        user_ids: whose.user_ids(),
        customer_ids: Vec::new(),
        codes: codes.to_vec(),
        target: None,
        window,
    }
}

/// Radar actions per code.
pub fn actions_by_code(
    whose: Whose,
    codes: &[u16],
    window: Window,
) -> Result<HashMap<u16, u64>, Failure> {
    let groups = radar::count_by(&events(whose, codes, window), &[Dimension::Code])?;
    Ok(by_key(groups, false)
        .into_iter()
        .filter_map(|(k, n)| k.parse().ok().map(|c| (c, n)))
        .collect())
}

/// Radar actions of `codes` per local day.
pub fn actions_by_day(
    whose: Whose,
    codes: &[u16],
    window: Window,
) -> Result<HashMap<String, u64>, Failure> {
    let groups = radar::count_by(&events(whose, codes, window), &[Dimension::Day])?;
    Ok(by_key(groups, false))
}

/// Distinct customers with an action of `codes`, per local day.
pub fn actors_by_day(
    whose: Whose,
    codes: &[u16],
    window: Window,
) -> Result<HashMap<String, u64>, Failure> {
    let groups = radar::aggregate(&events(whose, codes, window), &[Dimension::Day], ALL)?;
    Ok(groups
        .into_iter()
        .filter_map(|g| g.keys.into_iter().next().map(|k| (k, g.customers)))
        .collect())
}

fn messages(whose: Whose, direction: Direction, window: Window) -> MessageFilter {
    MessageFilter {
        user_ids: whose.user_ids(),
        customer_ids: Vec::new(),
        direction: Some(direction),
        window,
    }
}

/// Distinct customers of the messages in `direction`.
pub fn chatting_customers(
    whose: Whose,
    direction: Direction,
    window: Window,
) -> Result<u64, Failure> {
    let groups = chat::aggregate(&messages(whose, direction, window), &[], ALL)?;
    Ok(single(&groups, true))
}

/// Distinct customers of the messages in `direction`, per local day.
pub fn chatting_customers_by_day(
    whose: Whose,
    direction: Direction,
    window: Window,
) -> Result<HashMap<String, u64>, Failure> {
    let groups = chat::aggregate(&messages(whose, direction, window), &[Grouping::Day], ALL)?;
    Ok(by_key(groups, true))
}

/// Messages in `direction` per radar user, most first (without distinct
/// customers, which the host then need not count).
pub fn messages_by_user(
    whose: Whose,
    direction: Direction,
    window: Window,
) -> Result<Vec<Tally>, Failure> {
    Ok(chat::count_by(
        &messages(whose, direction, window),
        &[Grouping::User],
        ALL,
    )?)
}

/// The customers of one radar user's messages in `direction`, most
/// messages first, one page, and their number.
pub fn chatting_customers_of(
    user_id: u64,
    direction: Direction,
    window: Window,
    page: Page,
) -> Result<(Vec<u64>, u64), Failure> {
    let filter = messages(Whose::User(user_id), direction, window);
    let total = single(&chat::aggregate(&filter, &[], ALL)?, true);
    let groups = chat::aggregate(&filter, &[Grouping::Customer], page)?;
    Ok((customer_ids(groups), total))
}

fn follow_filter(whose: Whose, window: Window) -> FollowUpFilter {
    FollowUpFilter {
        user_ids: whose.user_ids(),
        customer_ids: Vec::new(),
        window,
    }
}

/// Follow-up notes written.
pub fn follow_ups(whose: Whose, window: Window) -> Result<u64, Failure> {
    let groups = follow_ups::count_by(&follow_filter(whose, window), &[], ALL)?;
    Ok(single(&groups, false))
}

/// Follow-up notes written per local day.
pub fn follow_ups_by_day(whose: Whose, window: Window) -> Result<HashMap<String, u64>, Failure> {
    let groups = follow_ups::count_by(&follow_filter(whose, window), &[Grouping::Day], ALL)?;
    Ok(by_key(groups, false))
}

/// Follow-up notes written per radar user, most first (without distinct
/// customers).
pub fn follow_ups_by_user(whose: Whose, window: Window) -> Result<Vec<Tally>, Failure> {
    Ok(follow_ups::count_by(
        &follow_filter(whose, window),
        &[Grouping::User],
        ALL,
    )?)
}

/// The customers one radar user followed up, most notes first, one page,
/// and their number.
pub fn followed_customers_of(
    user_id: u64,
    window: Window,
    page: Page,
) -> Result<(Vec<u64>, u64), Failure> {
    let filter = follow_filter(Whose::User(user_id), window);
    let total = single(&follow_ups::aggregate(&filter, &[], ALL)?, true);
    let groups = follow_ups::aggregate(&filter, &[Grouping::Customer], page)?;
    Ok((customer_ids(groups), total))
}

fn customer_ids(groups: Vec<Tally>) -> Vec<u64> {
    groups
        .iter()
        .filter_map(|g| g.keys.first().and_then(|k| k.parse().ok()))
        .collect()
}

/// Relations of the scope (created within `created`, with `expected-pr` in
/// `pr`, when given).
pub fn relation_filter(whose: Whose, created: Window, pr: Option<(u8, u8)>) -> RelationFilter {
    RelationFilter {
        user_id: whose.user_id(),
        customer_id: None,
        created,
        expected_pr_min: pr.map(|p| p.0),
        expected_pr_max: pr.map(|p| p.1),
        followed: Window {
            since: None,
            until: None,
        },
    }
}

/// New customers: the company's customers first seen in `window`, or the
/// customers bound to the radar user in it.
pub fn new_customers(whose: Whose, window: Window) -> Result<u64, Failure> {
    let groups = match whose {
        Whose::Company => directory::aggregate_customers(window, &[])?,
        Whose::User(_) => {
            directory::aggregate_relations(relation_filter(whose, window, None), &[], ALL)?
        }
    };
    Ok(single(&groups, false))
}

/// New customers per local day (as [`new_customers`] counts them).
pub fn new_customers_by_day(whose: Whose, window: Window) -> Result<HashMap<String, u64>, Failure> {
    let groups = match whose {
        Whose::Company => directory::aggregate_customers(window, &[Grouping::Day])?,
        Whose::User(_) => directory::aggregate_relations(
            relation_filter(whose, window, None),
            &[Grouping::Day],
            ALL,
        )?,
    };
    Ok(by_key(groups, false))
}

/// Relations per radar user, most first.
pub fn relations_by_user(filter: RelationFilter) -> Result<Vec<Tally>, Failure> {
    Ok(directory::aggregate_relations(
        filter,
        &[Grouping::User],
        ALL,
    )?)
}

/// The sum of `counts` over `codes`.
pub fn sum(counts: &HashMap<u16, u64>, codes: &[u16]) -> u64 {
    codes.iter().filter_map(|c| counts.get(c)).sum()
}
