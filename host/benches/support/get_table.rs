//! The latency table of signed GET requests the list benches print: each
//! row warmed up, then timed one request at a time on one keep-alive
//! connection.

use crate::harness::{Client, Envelope, Params, Principal};
use crate::samples::Samples;
use std::time::{Duration, Instant};

/// Requests per row before timing starts.
const WARM_UP: usize = 10;

/// One row of the table: who asks for which path with which query.
pub struct Row<'a> {
    /// The endpoint path.
    pub path: &'a str,
    /// The signing caller.
    pub who: &'a Principal,
    /// What the row measures, as printed.
    pub label: &'a str,
    /// The query parameters.
    pub query: Params,
}

impl<'a> Row<'a> {
    /// A row of the table.
    pub fn new(path: &'a str, who: &'a Principal, label: &'a str, query: Params) -> Row<'a> {
        Row {
            path,
            who,
            label,
            query,
        }
    }
}

/// One timed request; `check` asserts what every reply must hold.
pub async fn timed(client: &Client, row: &Row<'_>, check: fn(&Row<'_>, &Envelope)) -> Duration {
    let start = Instant::now();
    let reply = client.get(row.path, row.who, row.query.clone()).await;
    let elapsed = start.elapsed();
    check(row, &reply);
    elapsed
}

/// Times `requests` of every row and prints a Markdown table of the median
/// and p99 in milliseconds.
pub async fn print(
    client: &Client,
    rows: &[Row<'_>],
    requests: usize,
    check: fn(&Row<'_>, &Envelope),
) {
    println!();
    println!("| request | params | requests | median ms | p99 ms |");
    println!("|---|---|---:|---:|---:|");
    for row in rows {
        for _ in 0..WARM_UP {
            timed(client, row, check).await;
        }
        let mut latencies = Samples::default();
        for _ in 0..requests {
            latencies.push(timed(client, row, check).await);
        }
        println!(
            "| GET {} | {} | {requests} | {:.2} | {:.2} |",
            row.path.trim_start_matches("/zhugeleida/"),
            row.label,
            latencies.ms(0.5),
            latencies.ms(0.99),
        );
    }
}
