//! Values an API hands out for a limited time (access tokens, JS-SDK
//! tickets), kept per key until shortly before they expire, in a `moka`
//! cache whose expiry follows each value's lifetime. One fetch runs at a
//! time per key: concurrent callers wait for it instead of each asking the
//! API (which rate-limits these calls).

use moka::future::Cache;
use moka::ops::compute::Op;
use moka::Expiry;
use std::future::Future;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// The longest time before expiry at which a value is renewed.
const RENEW_MARGIN: Duration = Duration::from_secs(300);
/// Keys (apps, corps) kept at most; more is a sign of misuse, not of load.
const MAX_KEYS: u64 = 100_000;

/// Per-key cached values with expiry.
pub struct ExpiringCache<K> {
    values: Cache<K, Entry>,
}

#[derive(Clone)]
struct Entry {
    value: String,
    usable_for: Duration,
}

/// Each entry expires when its own lifetime says.
struct OwnLifetime;

impl<K> Expiry<K, Entry> for OwnLifetime {
    fn expire_after_create(&self, _: &K, entry: &Entry, _: Instant) -> Option<Duration> {
        Some(entry.usable_for)
    }
}

impl<K: Eq + Hash + Clone + Send + Sync + 'static> Default for ExpiringCache<K> {
    fn default() -> Self {
        ExpiringCache {
            values: Cache::builder()
                .max_capacity(MAX_KEYS)
                .expire_after(OwnLifetime)
                .build(),
        }
    }
}

impl<K: Eq + Hash + Clone + Send + Sync + 'static> ExpiringCache<K> {
    /// The cached value of `key`, or the one `fetch` returns with its
    /// lifetime (then cached). A failed fetch caches nothing.
    pub async fn get_or_fetch<F, Fut, E>(&self, key: &K, fetch: F) -> Result<String, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(String, Duration), E>>,
        E: Clone + Send + Sync + 'static,
    {
        let fetched = async {
            let (value, lifetime) = fetch().await?;
            Ok(Entry {
                value,
                usable_for: usable(lifetime),
            })
        };
        match self.values.try_get_with_by_ref(key, fetched).await {
            Ok(entry) => Ok(entry.value),
            // Every waiter of a failed fetch gets its error.
            Err(shared) => Err(E::clone(&shared)),
        }
    }

    /// Forgets `value` for `key` (the API said it is no longer valid) unless
    /// a newer value has replaced it meanwhile.
    pub async fn invalidate(&self, key: &K, value: &str) {
        self.values
            .entry_by_ref(key)
            .and_compute_with(|current| async move {
                match current {
                    Some(e) if e.value().value == value => Op::Remove,
                    _ => Op::Nop,
                }
            })
            .await;
    }
}

/// How long a value that lives `lifetime` is used: renewed a tenth of its
/// life (at most five minutes) early, so it never expires in flight.
fn usable(lifetime: Duration) -> Duration {
    lifetime.saturating_sub((lifetime / 10).min(RENEW_MARGIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test]
    async fn concurrent_callers_share_one_fetch() {
        let cache = Arc::new(ExpiringCache::<&str>::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..20)
            .map(|_| {
                let (cache, fetches) = (cache.clone(), fetches.clone());
                tokio::spawn(async move {
                    cache
                        .get_or_fetch(&"corp", || async {
                            fetches.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok::<_, ()>(("t1".to_string(), Duration::from_secs(7200)))
                        })
                        .await
                })
            })
            .collect();
        for c in callers {
            assert_eq!(c.await.unwrap(), Ok("t1".to_string()));
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn expired_invalidated_and_failed_values_are_fetched_again() {
        let cache = ExpiringCache::<&str>::default();
        let fetch = |v: &'static str, secs: u64| {
            move || async move { Ok::<_, ()>((v.to_string(), Duration::from_secs(secs))) }
        };
        // A zero lifetime is stale at once.
        assert_eq!(
            cache.get_or_fetch(&"k", fetch("a", 0)).await,
            Ok("a".into())
        );
        assert_eq!(
            cache.get_or_fetch(&"k", fetch("b", 60)).await,
            Ok("b".into())
        );
        assert_eq!(
            cache.get_or_fetch(&"k", fetch("c", 60)).await,
            Ok("b".into())
        );
        // Invalidating an older value keeps the newer one.
        cache.invalidate(&"k", "a").await;
        assert_eq!(
            cache.get_or_fetch(&"k", fetch("c", 60)).await,
            Ok("b".into())
        );
        cache.invalidate(&"k", "b").await;
        assert_eq!(
            cache.get_or_fetch(&"k", fetch("c", 60)).await,
            Ok("c".into())
        );
        // Keys are separate; a failure caches nothing.
        let failed = cache
            .get_or_fetch(&"other", || async { Err::<(String, Duration), _>("down") })
            .await;
        assert_eq!(failed, Err("down"));
        assert_eq!(
            cache.get_or_fetch(&"other", fetch("d", 60)).await,
            Ok("d".into())
        );
    }

    #[test]
    fn values_are_renewed_before_they_expire() {
        assert_eq!(usable(Duration::from_secs(7200)), Duration::from_secs(6900));
        assert_eq!(usable(Duration::from_secs(100)), Duration::from_secs(90));
        assert_eq!(usable(Duration::ZERO), Duration::ZERO);
    }
}
