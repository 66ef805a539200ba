//! Per-client allowance of scan-login codes: a `governor` rate limit keyed by
//! client address, so one client cannot fill the store with codes and QR
//! images.

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Codes per client address: a burst of the per-minute allowance, then one
/// code per share of the minute.
pub struct IssueLimiter<C: Clock = DefaultClock> {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, C, NoOpMiddleware<C::Instant>>,
}

impl IssueLimiter {
    /// A limiter allowing `per_minute` codes per client and minute, all at once if it likes.
    pub fn new(per_minute: u32) -> IssueLimiter {
        IssueLimiter::with_clock(per_minute, DefaultClock::default())
    }
}

impl<C: Clock> IssueLimiter<C> {
    fn with_clock(per_minute: u32, clock: C) -> IssueLimiter<C> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        IssueLimiter {
            limiter: RateLimiter::new(quota, DefaultKeyedStateStore::default(), clock),
        }
    }

    /// Takes one code from `client`'s allowance; false when it is spent.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.limiter.check_key(&client_key(client)).is_ok()
    }

    /// Forgets the clients whose allowance has refilled (a new one starts full anyway).
    pub fn prune(&self) {
        self.limiter.retain_recent();
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
    use governor::clock::FakeRelativeClock;
    use std::time::Duration;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn limiter(per_minute: u32) -> (IssueLimiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        (IssueLimiter::with_clock(per_minute, clock.clone()), clock)
    }

    #[test]
    fn a_burst_then_one_code_per_share_of_the_minute() {
        let (limiter, clock) = limiter(3);
        let a = ip("10.0.0.1");
        assert!((0..3).all(|_| limiter.allow(a)));
        assert!(!limiter.allow(a));
        // Another client has its own allowance.
        assert!(limiter.allow(ip("10.0.0.2")));
        // One code comes back every 20 s: none after 19 s, two after 41 s.
        clock.advance(Duration::from_secs(19));
        assert!(!limiter.allow(a));
        clock.advance(Duration::from_secs(22));
        assert!(limiter.allow(a));
        assert!(limiter.allow(a));
        assert!(!limiter.allow(a));
    }

    #[test]
    fn ipv6_clients_count_per_network() {
        let (limiter, _) = limiter(1);
        assert!(limiter.allow(ip("2001:db8::1")));
        assert!(!limiter.allow(ip("2001:db8::ffff:2")));
        assert!(limiter.allow(ip("2001:db8:0:1::1")));
        // An IPv4 client seen through an IPv6 socket is that IPv4 client.
        assert!(limiter.allow(ip("192.0.2.7")));
        assert!(!limiter.allow(ip("::ffff:192.0.2.7")));
    }

    #[test]
    fn refilled_clients_are_forgotten() {
        let (limiter, clock) = limiter(2);
        limiter.allow(ip("10.0.0.1"));
        limiter.prune();
        assert_eq!(limiter.limiter.len(), 1);
        // Kept while its allowance is short, forgotten once it is whole again.
        clock.advance(Duration::from_secs(30));
        limiter.prune();
        assert_eq!(limiter.limiter.len(), 1);
        clock.advance(Duration::from_secs(31));
        limiter.prune();
        assert!(limiter.limiter.is_empty());
    }
}
