//! Building a module's descriptor: collections and their indexes.

use crate::bindings::exports::leida::platform::module::{Collection, Descriptor, Index};

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

/// The names of `d`'s collections, indexes and index fields that are not
/// storage identifiers (`[a-z_][a-z0-9_]*`, valid as collection, index and
/// field names alike), for a module's test of its descriptor; empty when
/// all are.
pub fn name_problems(d: &Descriptor) -> Vec<String> {
    let valid = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_lowercase())
            && chars.all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let mut problems = Vec::new();
    for c in &d.collections {
        if !valid(&c.name) {
            problems.push(format!("collection {:?}", c.name));
        }
        for i in &c.indexes {
            if !valid(&i.name) {
                problems.push(format!("index {:?} of {}", i.name, c.name));
            }
            for f in i.fields.iter().filter(|f| !valid(f)) {
                problems.push(format!("field {f:?} of index {}", i.name));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_no_storage_identifiers_are_named() {
        let d = Descriptor {
            name: "x".into(),
            version: "0".into(),
            routes: vec![],
            collections: vec![
                collection("notes", vec![index("by_day", &["day", "_id2"])]),
                collection("Bad-Name", vec![unique_index("k-1", &["a b"])]),
            ],
        };
        assert_eq!(
            name_problems(&d),
            [
                "collection \"Bad-Name\"",
                "index \"k-1\" of Bad-Name",
                "field \"a b\" of index k-1"
            ]
        );
    }
}
