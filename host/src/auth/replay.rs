//! Remembers accepted signatures until they fall out of the freshness window,
//! so a captured request cannot be sent twice.

use crate::identity::ClientKind;
use std::collections::HashMap;
use std::sync::Mutex;

type Key = (ClientKind, i64, String);

/// Accepted (principal, timestamp, rand_str) triples and when they expire.
#[derive(Default)]
pub struct ReplayCache {
    inner: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    expiry: HashMap<Key, i64>,
    next_sweep: i64,
}

/// How often expired entries are dropped, in ms: sweeping on a timer keeps
/// the cost per request constant however many signatures are live.
const SWEEP_EVERY_MS: i64 = 1000;

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
        let mut seen = self.inner.lock().expect("replay cache poisoned");
        if now >= seen.next_sweep {
            seen.expiry.retain(|_, exp| *exp > now);
            seen.next_sweep = now + SWEEP_EVERY_MS;
        }
        let key = (
            kind,
            id,
            format!("{timestamp}:{}", rand_str.to_ascii_lowercase()),
        );
        match seen.expiry.get(&key) {
            Some(exp) if *exp > now => false,
            _ => {
                seen.expiry.insert(key, expires);
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

    #[test]
    fn expired_entries_are_swept() {
        let c = ReplayCache::default();
        let past = crate::local_time::now_ms() - 1;
        assert!(c.first_use(ClientKind::Customer, 1, "1", "ab", past));
        // Expired: the same signature is accepted again (the window check refuses it earlier anyway).
        assert!(c.first_use(ClientKind::Customer, 1, "1", "ab", past));
        c.inner.lock().unwrap().next_sweep = 0;
        assert!(c.first_use(ClientKind::Customer, 2, "1", "ab", past + 120_000));
        assert_eq!(c.inner.lock().unwrap().expiry.len(), 1);
    }
}
