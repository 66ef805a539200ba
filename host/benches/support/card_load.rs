//! The load the write benches share: customers viewing a salesperson's card
//! (`GET xiaochengxu/mingpian`, popularity +1 and a radar action per view),
//! one keep-alive connection each, for a fixed time.

use crate::harness::{card_view, Customer, Principal, Server};
use crate::samples::Samples;
use std::time::{Duration, Instant};

/// What one load served.
pub struct Load {
    /// Views answered with code 200.
    pub served: usize,
    /// Views answered otherwise.
    pub failed: usize,
    /// Every view's latency.
    pub latencies: Samples,
    /// How long it ran.
    pub secs: u64,
}

impl Load {
    /// Views served per second.
    pub fn per_second(&self) -> f64 {
        self.served as f64 / self.secs as f64
    }

    /// One line: served, failed, rate, p50 and p99.
    pub fn summary(&mut self) -> String {
        format!(
            "{} served, {} failed in {} s ({:.0}/s), p50 {:.2} ms, p99 {:.2} ms",
            self.served,
            self.failed,
            self.secs,
            self.per_second(),
            self.latencies.ms(0.5),
            self.latencies.ms(0.99),
        )
    }
}

/// Each of `customers` viewing `user`'s card over a connection of its own
/// for `secs`.
pub async fn views(
    server: &'static Server,
    customers: &[Customer],
    user: &Principal,
    secs: u64,
) -> Load {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let tasks: Vec<_> = customers
        .iter()
        .cloned()
        .map(|customer| {
            let (client, uid) = (server.client(), user.id);
            tokio::spawn(async move {
                let (mut ok, mut failed, mut latencies) = (0, 0, Vec::new());
                while Instant::now() < deadline {
                    let start = Instant::now();
                    let reply = card_view(&client, &customer.principal, uid).await;
                    latencies.push(start.elapsed());
                    if reply.code() == 200 {
                        ok += 1;
                    } else {
                        failed += 1;
                    }
                }
                (ok, failed, latencies)
            })
        })
        .collect();
    let mut total = Load {
        served: 0,
        failed: 0,
        latencies: Samples::default(),
        secs,
    };
    for t in tasks {
        let (ok, failed, latencies) = t.await.expect("a load task");
        total.served += ok;
        total.failed += failed;
        total.latencies.extend(latencies);
    }
    total
}
