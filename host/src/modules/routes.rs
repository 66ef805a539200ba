//! Which module slot serves a path: the longest matching route prefix, by whole segments.

/// Route prefixes and the slot serving each.
#[derive(Default, Clone)]
pub struct RouteTable {
    entries: Vec<(String, String)>,
}

/// The trailing numeric id of a path like `.../delete/{id}`, which every
/// module request carries as its `object-id`.
pub fn object_id(path: &str) -> Option<u64> {
    path.rsplit('/').next().and_then(|last| last.parse().ok())
}

impl RouteTable {
    /// Adds a prefix; fails if another slot already serves it.
    pub fn add(&mut self, prefix: &str, slot: &str) -> Result<(), String> {
        let prefix = prefix.trim_end_matches('/');
        if let Some((_, other)) = self.entries.iter().find(|(p, s)| p == prefix && s != slot) {
            return Err(format!("route {prefix} is already served by {other}"));
        }
        self.entries.retain(|(p, _)| p != prefix);
        self.entries.push((prefix.to_string(), slot.to_string()));
        // Longest first, so the first match is the most specific.
        self.entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        Ok(())
    }

    /// The slot serving `path`.
    pub fn lookup(&self, path: &str) -> Option<&str> {
        let path = path.trim_end_matches('/');
        self.entries
            .iter()
            .find(|(p, _)| {
                path == p
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|(_, s)| s.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_whole_segment_prefix_wins() {
        let mut t = RouteTable::default();
        t.add("/zhugeleida/xiaochengxu/mingpian", "card").unwrap();
        t.add("/zhugeleida/xiaochengxu/mingpian/special", "other")
            .unwrap();
        assert_eq!(t.lookup("/zhugeleida/xiaochengxu/mingpian"), Some("card"));
        assert_eq!(
            t.lookup("/zhugeleida/xiaochengxu/mingpian/praise"),
            Some("card")
        );
        assert_eq!(
            t.lookup("/zhugeleida/xiaochengxu/mingpian/special/1"),
            Some("other")
        );
        assert_eq!(t.lookup("/zhugeleida/xiaochengxu/mingpianx"), None);
        assert!(t.add("/zhugeleida/xiaochengxu/mingpian", "third").is_err());
    }
}
