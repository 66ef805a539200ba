//! Per-client allowance of scan-login codes: a token bucket per client
//! address, so one client cannot fill the store with codes and QR images.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Token buckets by client address.
pub struct IssueLimiter {
    /// Codes a client may take at once, and per minute after that.
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl IssueLimiter {
    /// A limiter allowing `per_minute` codes per client and minute, all at once if it likes.
    pub fn new(per_minute: u32) -> IssueLimiter {
        IssueLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one code from `client`'s allowance; false when it is spent.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.allow_at(client, Instant::now())
    }

    /// Forgets the clients whose allowance has refilled (a new bucket starts full anyway).
    pub fn prune(&self) {
        self.prune_at(Instant::now());
    }

    fn allow_at(&self, client: IpAddr, now: Instant) -> bool {
        let full = f64::from(self.per_minute);
        let mut buckets = self.buckets.lock().expect("limiter poisoned");
        let bucket = buckets.entry(client_key(client)).or_insert(Bucket {
            tokens: full,
            at: now,
        });
        bucket.tokens = self.refilled(bucket, now);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn prune_at(&self, now: Instant) {
        let full = f64::from(self.per_minute);
        let mut buckets = self.buckets.lock().expect("limiter poisoned");
        buckets.retain(|_, b| self.refilled(b, now) < full);
    }

    fn refilled(&self, bucket: &Bucket, now: Instant) -> f64 {
        let full = f64::from(self.per_minute);
        let elapsed = now.saturating_duration_since(bucket.at);
        let earned = elapsed.as_secs_f64() * full / Duration::from_secs(60).as_secs_f64();
        (bucket.tokens + earned).min(full)
    }
}

/// The key of a client: its IPv4 address, or the /64 network of an IPv6
/// one (a single host usually holds a whole /64).
fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_burst_then_one_code_per_share_of_the_minute() {
        let limiter = IssueLimiter::new(3);
        let start = Instant::now();
        let a = ip("10.0.0.1");
        assert!((0..3).all(|_| limiter.allow_at(a, start)));
        assert!(!limiter.allow_at(a, start));
        // Another client has its own allowance.
        assert!(limiter.allow_at(ip("10.0.0.2"), start));
        // One code comes back every 20 s: none after 19 s, two after 40 s.
        assert!(!limiter.allow_at(a, start + Duration::from_secs(19)));
        let later = start + Duration::from_secs(41);
        assert!(limiter.allow_at(a, later));
        assert!(limiter.allow_at(a, later));
        assert!(!limiter.allow_at(a, later));
    }

    #[test]
    fn ipv6_clients_count_per_network() {
        let limiter = IssueLimiter::new(1);
        let now = Instant::now();
        assert!(limiter.allow_at(ip("2001:db8::1"), now));
        assert!(!limiter.allow_at(ip("2001:db8::ffff:2"), now));
        assert!(limiter.allow_at(ip("2001:db8:0:1::1"), now));
        // An IPv4 client seen through an IPv6 socket is that IPv4 client.
        assert!(limiter.allow_at(ip("192.0.2.7"), now));
        assert!(!limiter.allow_at(ip("::ffff:192.0.2.7"), now));
    }

    #[test]
    fn refilled_clients_are_forgotten() {
        let limiter = IssueLimiter::new(2);
        let now = Instant::now();
        limiter.allow_at(ip("10.0.0.1"), now);
        limiter.prune_at(now);
        assert_eq!(limiter.buckets.lock().unwrap().len(), 1);
        limiter.prune_at(now + Duration::from_secs(30));
        assert!(limiter.buckets.lock().unwrap().is_empty());
    }
}
