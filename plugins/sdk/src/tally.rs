//! Counts a module keeps itself: the size of a large list as one small
//! document, so a list's total is one read on every engine (PostgreSQL
//! counts a match by visiting each matching row, which at tens of
//! thousands of documents costs more than the whole rest of a page).
//!
//! A [`Tally`] names the documents it counts (a collection and filters). It
//! lives in a collection of the module's own declared with [`tallies`];
//! writes that may move it call [`Tally::keep`] *before* writing, which
//! counts once when the tally is not kept yet (the documents a direct load
//! or an older build left), and [`Kept::add`] after, with the host's atomic
//! increment. Keeping before the write means a write that races the first
//! count is either in that count or adds itself afterwards, never both.

use crate::bindings::leida::platform::storage::{self, Filter};
use crate::describe::{collection, unique_index};
use crate::failure::Failure;
use crate::store::{self, eq};
use crate::Collection;
use serde::{Deserialize, Serialize};

/// The unique index of a tallies collection.
const BY_NAME: &str = "tallies_name";

/// The collection keeping a module's tallies, one document per name.
pub fn tallies(name: &str) -> Collection {
    collection(name, vec![unique_index(BY_NAME, &["name"])])
}

/// A count of the documents of `counted` matching `filters`, kept under
/// `name` in the tallies collection `collection`.
#[derive(Debug, Clone)]
pub struct Tally {
    /// The tallies collection (declared with [`tallies`]).
    pub collection: &'static str,
    /// The tally's name in it.
    pub name: &'static str,
    /// The collection whose documents are counted.
    pub counted: &'static str,
    /// Which of them are counted.
    pub filters: Vec<Filter>,
}

#[derive(Serialize, Deserialize)]
struct TallyDoc {
    name: String,
    count: i64,
}

/// A tally known to be kept, ready to move after a write.
#[derive(Debug, Clone, Copy)]
pub struct Kept {
    collection: &'static str,
    id: u64,
}

impl Tally {
    /// The number of counted documents: the kept count, or a count of the
    /// documents while the tally is not kept yet.
    pub fn count(&self) -> Result<u64, Failure> {
        match self.kept()? {
            Some(doc) => Ok(doc.data.count.max(0) as u64),
            None => Ok(storage::count(self.counted, &self.filters)?),
        }
    }

    /// Makes sure the tally is kept, counting the documents when it is
    /// not; call it before a write that may move the tally.
    pub fn keep(&self) -> Result<Kept, Failure> {
        let doc = match self.kept()? {
            Some(doc) => doc,
            None => {
                let init = TallyDoc {
                    name: self.name.to_string(),
                    count: storage::count(self.counted, &self.filters)? as i64,
                };
                store::get_or_create(self.collection, self.key(), &init)?.0
            }
        };
        Ok(Kept {
            collection: self.collection,
            id: doc.id,
        })
    }

    fn key(&self) -> Vec<Filter> {
        vec![eq("name", self.name)]
    }

    fn kept(&self) -> Result<Option<store::Stored<TallyDoc>>, Failure> {
        store::find_one(self.collection, self.key(), Vec::new())
    }
}

impl Kept {
    /// Moves the tally by `delta` after a write: +1 for a document that
    /// came to match, -1 for one that stopped.
    pub fn add(&self, delta: i64) -> Result<(), Failure> {
        if delta != 0 {
            storage::increment(self.collection, self.id, "count", delta)?;
        }
        Ok(())
    }
}

/// How a write moves a tally: +1 when the document comes to match, -1
/// when it stops, 0 otherwise.
pub fn delta(before: bool, after: bool) -> i64 {
    i64::from(after) - i64::from(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_moves_a_tally_by_the_change_of_membership() {
        assert_eq!(delta(false, true), 1);
        assert_eq!(delta(true, false), -1);
        assert_eq!(delta(true, true), 0);
        assert_eq!(delta(false, false), 0);
    }
}
