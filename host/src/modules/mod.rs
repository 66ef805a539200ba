//! Business modules and the plugins that serve them: the bundled plugin
//! builds, what a component's bytes say (`inspect`), installing a build
//! (checked, content-addressed, stored in the database), which build serves
//! each company's slot (`assign`: use, canary, promote, roll back, switch),
//! and the registry each host keeps of it (`registry`: route table and
//! prepared builds behind one atomic swap, canaries, call statistics).
//! Requests reach them through `api::modules`.

pub mod assign;
mod bundled;
pub mod canary;
pub mod descriptor;
pub mod inspect;
pub mod install;
pub mod peers;
pub mod registry;
pub mod routes;
pub mod scaffold;
mod stats;
pub mod view;

use crate::store::StoreError;

/// Why a build or a slot change was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// The component is not a plugin this host can install; the text says
    /// why in one line.
    #[error("{0}")]
    Refused(String),
    /// No installed build has this digest (or none the company may use).
    #[error("no build {0}")]
    UnknownBuild(String),
    /// The build serves another slot.
    #[error("build {digest} serves slot {serves}, not {asked}")]
    OtherSlot {
        /// The build.
        digest: String,
        /// The slot it serves.
        serves: String,
        /// The slot it was asked for.
        asked: String,
    },
    /// No build of this slot is installed.
    #[error("no build of slot {0} is installed")]
    UnknownSlot(String),
    /// The slot has no bundled build to return to.
    #[error("slot {0} has no bundled build")]
    NotBundled(String),
    /// A canary share outside 1..=100.
    #[error("a canary takes 1 to 100 percent of the requests, not {0}")]
    BadPercent(i64),
    /// Nothing to promote: no canary runs.
    #[error("slot {0} runs no canary")]
    NoCanary(String),
    /// Nothing to roll back to.
    #[error("slot {0} has no earlier build to return to")]
    NothingToRollBack(String),
    /// The component could not be compiled or run here.
    #[error("runtime: {0}")]
    Runtime(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
