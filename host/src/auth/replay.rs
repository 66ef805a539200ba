//! Remembers accepted signatures until they fall out of the freshness window,
//! so a captured request cannot be sent twice.

use super::ClientKind;
use std::collections::HashMap;
use std::sync::Mutex;

type Key = (ClientKind, i64, String);

/// Accepted (principal, timestamp, rand_str) triples and when they expire.
#[derive(Default)]
pub struct ReplayCache {
    seen: Mutex<HashMap<Key, i64>>,
}

/// Past this many entries, expired ones are swept on insert.
const SWEEP_AT: usize = 4096;

impl ReplayCache {
    /// Records a signature; false if it was already used and has not expired.
    pub fn first_use(
        &self,
        kind: ClientKind,
        id: i64,
        timestamp: &str,
        rand_str: &str,
        expires: i64,
    ) -> bool {
        let now = crate::local_time::now_ms();
        let mut seen = self.seen.lock().expect("replay cache poisoned");
        if seen.len() >= SWEEP_AT {
            seen.retain(|_, exp| *exp > now);
        }
        let key = (
            kind,
            id,
            format!("{timestamp}:{}", rand_str.to_ascii_lowercase()),
        );
        match seen.get(&key) {
            Some(exp) if *exp > now => false,
            _ => {
                seen.insert(key, expires);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_use_is_refused() {
        let c = ReplayCache::default();
        let later = crate::local_time::now_ms() + 60_000;
        assert!(c.first_use(ClientKind::Customer, 1, "1", "ab", later));
        assert!(!c.first_use(ClientKind::Customer, 1, "1", "AB", later));
        assert!(c.first_use(ClientKind::RadarUser, 1, "1", "ab", later));
    }
}
