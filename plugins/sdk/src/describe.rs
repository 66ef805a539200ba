//! Building a module's descriptor: collections and their indexes.

use crate::bindings::exports::leida::platform::module::{Collection, Index};

/// A collection with its indexes.
pub fn collection(name: &str, indexes: Vec<Index>) -> Collection {
    Collection {
        name: name.to_string(),
        indexes,
    }
}

/// An index over `fields`, in order: lists filtered by the leading fields
/// and ordered by the next ones read it as a range.
pub fn index(name: &str, fields: &[&str]) -> Index {
    Index {
        name: name.to_string(),
        fields: fields.iter().map(|f| f.to_string()).collect(),
        unique: false,
    }
}

/// A unique index over `fields`: a second document with the same values is
/// refused with `conflict` (per company).
pub fn unique_index(name: &str, fields: &[&str]) -> Index {
    Index {
        unique: true,
        ..index(name, fields)
    }
}
