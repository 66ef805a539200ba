//! The company's radar users, read once per request, to name the rows of
//! the rankings.

use leida_module_sdk::directory::{self, User};
use leida_module_sdk::types::{Page, Tally};
use leida_module_sdk::{Failure, Json};
use std::collections::HashMap;

/// Radar users by id, disabled ones included (their customers still count).
pub struct Roster(HashMap<u64, User>);

impl Roster {
    /// Every radar user of the company.
    pub fn load() -> Result<Roster, Failure> {
        let all = Page {
            offset: 0,
            limit: None,
        };
        let users = directory::list_users(true, all)?;
        Ok(Roster(users.into_iter().map(|u| (u.id, u)).collect()))
    }

    /// One JSON row per group keyed by user (largest first, as counted),
    /// made by `row` from the user and the group's count; groups of users
    /// the company no longer lists are left out.
    pub fn rows(&self, groups: &[Tally], row: impl Fn(&User, u64) -> Json) -> Vec<Json> {
        groups
            .iter()
            .filter_map(|g| {
                let id: u64 = g.keys.first()?.parse().ok()?;
                self.0.get(&id).map(|u| row(u, g.count))
            })
            .collect()
    }
}
