//! The latency table of signed requests the read benches print: each row
//! warmed up, then timed one request at a time on one keep-alive
//! connection.

use crate::harness::{Client, Envelope, Params, Principal};
use crate::samples::Samples;
use std::time::{Duration, Instant};

/// Requests per row before timing starts.
const WARM_UP: usize = 10;

/// One row of the table: who asks for which path with which query.
pub struct Row<'a> {
    /// Whether the fields go in a POST form rather than a GET query.
    pub post: bool,
    /// The endpoint path.
    pub path: &'a str,
    /// The signing caller.
    pub who: &'a Principal,
    /// What the row measures, as printed.
    pub label: &'a str,
    /// The query parameters, or the form's fields.
    pub query: Params,
}

impl<'a> Row<'a> {
    /// A row of GET requests.
    pub fn new(path: &'a str, who: &'a Principal, label: &'a str, query: Params) -> Row<'a> {
        Row {
            post: false,
            path,
            who,
            label,
            query,
        }
    }

    /// A row of POST requests (for endpoints that take no GET).
    // Each bench compiles this file; only some time POST endpoints.
    #[allow(dead_code)]
    pub fn post(path: &'a str, who: &'a Principal, label: &'a str, form: Params) -> Row<'a> {
        Row {
            post: true,
            ..Row::new(path, who, label, form)
        }
    }

    fn method(&self) -> &'static str {
        if self.post {
            "POST"
        } else {
            "GET"
        }
    }
}

/// One timed request; `check` asserts what every reply must hold.
pub async fn timed(client: &Client, row: &Row<'_>, check: fn(&Row<'_>, &Envelope)) -> Duration {
    let start = Instant::now();
    let reply = if row.post {
        client.post(row.path, row.who, row.query.clone()).await
    } else {
        client.get(row.path, row.who, row.query.clone()).await
    };
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
            "| {} {} | {} | {requests} | {:.2} | {:.2} |",
            row.method(),
            row.path.trim_start_matches("/zhugeleida/"),
            row.label,
            latencies.ms(0.5),
            latencies.ms(0.99),
        );
    }
}
