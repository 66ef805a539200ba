//! Which build serves a company's module slot: use a build (or the bundled
//! one), run one as a canary on a share of the requests, promote it, roll
//! back, switch the slot on or off. Every change is one transaction with its
//! history row; hosts apply it within a second.

use super::ModuleError;
use crate::db::Db;
use crate::store::company_modules::{self, Entry, HistoryRow, SlotState};
use crate::store::plugin_builds::{self, BuildRow};

/// Which build a company asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The slot's build compiled into this binary.
    Bundled,
    /// An installed build, by digest.
    Build(String),
}

impl Target {
    /// `bundled`, or a digest.
    pub fn parse(text: &str) -> Target {
        match text.trim() {
            "bundled" => Target::Bundled,
            digest => Target::Build(digest.to_ascii_lowercase()),
        }
    }
}

/// Who changes a slot, and whether they may use only the builds available
/// to the company (tenant admins) or any installed build (the operator's CLI).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// `cli`, `admin:<id>`, …
    pub name: &'a str,
    /// Only bundled builds and builds granted to the company.
    pub granted_only: bool,
}

/// The slot's state after a change.
pub type Assigned = SlotState;

/// The bundled build of `slot`, if the binary has one.
async fn bundled_build(db: &Db, slot: &str) -> Result<Option<BuildRow>, ModuleError> {
    Ok(plugin_builds::list(db, Some(slot))
        .await?
        .into_iter()
        .rev()
        .find(BuildRow::bundled))
}

/// The state of a slot the company never changed: the bundled build, on
/// when there is one.
async fn initial(db: &Db, slot: &str) -> Result<SlotState, ModuleError> {
    if plugin_builds::list(db, Some(slot)).await?.is_empty() {
        return Err(ModuleError::UnknownSlot(slot.to_string()));
    }
    Ok(SlotState {
        digest: None,
        enabled: bundled_build(db, slot).await?.is_some(),
        canary: None,
    })
}

/// The installed build `digest` of `slot`, as `actor` may use it in `company_id`.
async fn build_of_slot(
    db: &Db,
    company_id: i64,
    slot: &str,
    digest: &str,
    actor: Actor<'_>,
) -> Result<BuildRow, ModuleError> {
    let unknown = || ModuleError::UnknownBuild(digest.to_string());
    let row = plugin_builds::get(db, digest).await?.ok_or_else(unknown)?;
    if actor.granted_only && !plugin_builds::is_available(db, company_id, digest).await? {
        return Err(unknown());
    }
    if row.slot != slot {
        return Err(ModuleError::OtherSlot {
            digest: digest.to_string(),
            serves: row.slot,
            asked: slot.to_string(),
        });
    }
    Ok(row)
}

async fn write(
    db: &Db,
    company_id: i64,
    slot: &str,
    decide: impl FnOnce(&SlotState) -> Option<SlotState>,
    action: &str,
    reason: &str,
    actor: Actor<'_>,
) -> Result<Option<Assigned>, ModuleError> {
    let initial = initial(db, slot).await?;
    let entry = Entry {
        action,
        reason,
        actor: actor.name,
    };
    let changed = company_modules::change(db, company_id, slot, initial, decide, entry).await?;
    Ok(changed.map(|(state, _)| state))
}

/// Makes `target` serve the company's slot, whole or (with `canary`) for
/// that share of its requests beside the current build.
pub async fn use_build(
    db: &Db,
    company_id: i64,
    slot: &str,
    target: &Target,
    canary: Option<i64>,
    actor: Actor<'_>,
) -> Result<Assigned, ModuleError> {
    initial(db, slot).await?;
    let digest = match target {
        Target::Bundled => None,
        Target::Build(d) => Some(build_of_slot(db, company_id, slot, d, actor).await?.digest),
    };
    let canary = match canary {
        None => None,
        Some(p) if (1..=100).contains(&p) => {
            // A canary names its build: the bundled one by its digest.
            let build = match &digest {
                Some(d) => d.clone(),
                None => {
                    bundled_build(db, slot)
                        .await?
                        .ok_or_else(|| ModuleError::NotBundled(slot.to_string()))?
                        .digest
                }
            };
            Some((build, p as u8))
        }
        Some(p) => return Err(ModuleError::BadPercent(p)),
    };
    if digest.is_none() && canary.is_none() && bundled_build(db, slot).await?.is_none() {
        return Err(ModuleError::NotBundled(slot.to_string()));
    }
    let action = if canary.is_some() { "canary" } else { "use" };
    let decided = write(
        db,
        company_id,
        slot,
        |now| {
            Some(match canary {
                Some(c) => SlotState {
                    canary: Some(c),
                    ..now.clone()
                },
                None => SlotState {
                    digest,
                    canary: None,
                    ..now.clone()
                },
            })
        },
        action,
        "",
        actor,
    )
    .await?;
    Ok(decided.expect("use always changes the slot"))
}

/// Makes the canary the slot's whole build.
pub async fn promote(
    db: &Db,
    company_id: i64,
    slot: &str,
    actor: Actor<'_>,
) -> Result<Assigned, ModuleError> {
    let bundled = bundled_build(db, slot).await?.map(|b| b.digest);
    let decided = write(
        db,
        company_id,
        slot,
        |now| {
            let (build, _) = now.canary.clone()?;
            // The bundled build is served as "bundled", so it follows upgrades.
            let digest = if Some(&build) == bundled.as_ref() {
                None
            } else {
                Some(build)
            };
            Some(SlotState {
                digest,
                canary: None,
                ..now.clone()
            })
        },
        "promote",
        "",
        actor,
    )
    .await?;
    decided.ok_or_else(|| ModuleError::NoCanary(slot.to_string()))
}

/// Returns the slot to its previous assignment: a running canary is
/// stopped; otherwise the build that served before the latest change of
/// build serves again.
pub async fn rollback(
    db: &Db,
    company_id: i64,
    slot: &str,
    actor: Actor<'_>,
) -> Result<Assigned, ModuleError> {
    let history = company_modules::history(db, company_id, Some(slot), 1000).await?;
    let decided = write(
        db,
        company_id,
        slot,
        |now| {
            if now.canary.is_some() {
                return Some(SlotState {
                    canary: None,
                    ..now.clone()
                });
            }
            let previous = previous_build(&history, &now.digest)?;
            Some(SlotState {
                digest: previous,
                ..now.clone()
            })
        },
        "rollback",
        "",
        actor,
    )
    .await?;
    decided.ok_or_else(|| ModuleError::NothingToRollBack(slot.to_string()))
}

/// The build that served before the latest change that made `current` serve.
fn previous_build(history: &[HistoryRow], current: &Option<String>) -> Option<Option<String>> {
    history
        .iter()
        .find(|h| &h.to_digest == current && h.from_digest != h.to_digest)
        .map(|h| h.from_digest.clone())
}

/// Stops the canary `digest` because it failed too often (only if it is
/// still the slot's canary: several hosts may decide at once). True when
/// this call stopped it.
pub async fn auto_rollback(
    db: &Db,
    company_id: i64,
    slot: &str,
    digest: &str,
    reason: &str,
) -> Result<bool, ModuleError> {
    let actor = Actor {
        name: "host",
        granted_only: false,
    };
    let decided = write(
        db,
        company_id,
        slot,
        |now| {
            let (canary, _) = now.canary.as_ref()?;
            (canary == digest).then(|| SlotState {
                canary: None,
                ..now.clone()
            })
        },
        "auto-rollback",
        reason,
        actor,
    )
    .await?;
    Ok(decided.is_some())
}

/// Switches the company's slot on or off. A slot without a bundled build is
/// pinned to its newest build when first switched on, so a later install
/// never changes what the company runs.
pub async fn set_enabled(
    db: &Db,
    company_id: i64,
    slot: &str,
    enabled: bool,
    actor: Actor<'_>,
) -> Result<Assigned, ModuleError> {
    let pinned = match bundled_build(db, slot).await? {
        Some(_) => None,
        None => plugin_builds::list(db, Some(slot))
            .await?
            .pop()
            .map(|b| b.digest),
    };
    let action = if enabled { "enable" } else { "disable" };
    let decided = write(
        db,
        company_id,
        slot,
        |now| {
            Some(SlotState {
                enabled,
                digest: now.digest.clone().or(pinned),
                ..now.clone()
            })
        },
        action,
        "",
        actor,
    )
    .await?;
    Ok(decided.expect("a switch always writes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, action: &str, from: Option<&str>, to: Option<&str>) -> HistoryRow {
        HistoryRow {
            id,
            company_id: 1,
            slot: "card".into(),
            action: action.into(),
            from_digest: from.map(str::to_string),
            to_digest: to.map(str::to_string),
            canary_digest: None,
            canary_percent: None,
            enabled: 1,
            reason: String::new(),
            actor: "cli".into(),
            at: id,
        }
    }

    #[test]
    fn rollback_returns_to_the_build_before_the_latest_change() {
        // Newest first: bundled → a, then a → b (with a switch in between).
        let history = vec![
            row(3, "use", Some("a"), Some("b")),
            row(2, "disable", Some("a"), Some("a")),
            row(1, "use", None, Some("a")),
        ];
        assert_eq!(
            previous_build(&history, &Some("b".into())),
            Some(Some("a".into()))
        );
        assert_eq!(previous_build(&history, &Some("a".into())), Some(None));
        assert_eq!(previous_build(&history, &None), None);
        // After rolling back to a, rolling back again returns to b.
        let mut after = vec![row(4, "rollback", Some("b"), Some("a"))];
        after.extend(history);
        assert_eq!(
            previous_build(&after, &Some("a".into())),
            Some(Some("b".into()))
        );
    }
}
