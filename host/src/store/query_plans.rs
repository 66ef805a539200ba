//! SQLite query plans of the radar views, the address book and the chat
//! unread counts: each query is driven by the index meant for it (0004,
//! 0008) and never scans a table. SQLite
//! plans these without statistics, so the plans do not depend on the data.

use super::actions::{self, LogFilter};
use super::address_book::{self, BookFilter, BookOrder};
use super::chat::{self, Reader};
use crate::db::{Db, SqlQuery};
use sqlx::Row;

const EXPLAIN: &str = "EXPLAIN QUERY PLAN ";

async fn sqlite() -> Db {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("leida-plans-{}_{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = Db::connect(&format!("sqlite://{}/t.db", dir.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db
}

/// The plan's lines, e.g. `SEARCH actions USING INDEX … (company_id=? AND …)`.
async fn plan(db: &Db, q: SqlQuery) -> String {
    let rows = q.fetch_all(db).await.unwrap();
    rows.iter()
        .map(|r| r.get::<String, _>("detail"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the plan reads a whole table; the page subqueries `a` and `t`
/// hold only the rows of one page.
fn scans_a_table(plan: &str) -> bool {
    plan.lines()
        .filter_map(|l| l.trim().strip_prefix("SCAN "))
        .any(|name| name != "a" && name != "t")
}

/// Asserts that the plan searches `table` by `index` and scans no table.
fn assert_driven(plan: &str, table: &str, index: &str, what: &str) {
    assert!(
        plan.contains(&format!("SEARCH {table} USING "))
            && plan.contains(&format!("INDEX {index} (company_id=? AND user_id=?")),
        "{what}: not driven by {index}:\n{plan}"
    );
    assert!(!scans_a_table(plan), "{what}: scans a table:\n{plan}");
}

#[tokio::test]
async fn radar_queries_use_the_index_meant_for_them() {
    let db = sqlite().await;
    let user = LogFilter {
        user_id: 1,
        ..LogFilter::default()
    };
    let week = LogFilter {
        since: Some(1_000),
        ..user
    };
    let code = LogFilter {
        code: Some(3),
        ..week
    };
    let customer = LogFilter {
        customer_id: Some(5),
        ..user
    };
    let customer_code = LogFilter {
        customer_id: Some(5),
        ..code
    };
    let cases = [
        (user, "actions_by_user_time"),
        (week, "actions_by_user_time"),
        (code, "actions_by_user_code"),
        (customer, "actions_by_user_customer"),
        (customer_code, "actions_by_user_customer"),
    ];
    for (f, index) in cases {
        let p = plan(&db, actions::log_page_sql(EXPLAIN, 1, &f, 20, Some(10))).await;
        assert_driven(&p, "actions", index, &format!("page of {f:?}"));
        let p = plan(&db, actions::log_count_sql(EXPLAIN, 1, &f)).await;
        // Counting reads an index only (several fit; any is fine).
        assert!(
            p.contains("SEARCH actions USING COVERING INDEX") && !scans_a_table(&p),
            "count of {f:?}:\n{p}"
        );
        let unseen = LogFilter {
            max_id: Some(9),
            ..f
        };
        for (what, q) in [
            (
                "snapshot",
                actions::unseen_snapshot_sql(EXPLAIN, 1, &unseen),
            ),
            ("probe", actions::unseen_probe_sql(EXPLAIN, 1, &unseen)),
            ("mark", actions::mark_seen_sql(EXPLAIN, 1, &unseen)),
        ] {
            let p = plan(&db, q).await;
            assert_driven(&p, "actions", "actions_unseen", &format!("{what} of {f:?}"));
        }
        let unseen_page = LogFilter {
            unseen: true,
            ..unseen
        };
        let p = plan(
            &db,
            actions::log_page_sql(EXPLAIN, 1, &unseen_page, 0, Some(10)),
        )
        .await;
        assert_driven(&p, "actions", "actions_unseen", "unseen page");
    }
    let p = plan(&db, actions::count_by_code_sql(EXPLAIN, 1, &week)).await;
    assert_driven(&p, "actions", "actions_by_user_time", "count by code");
    assert!(
        p.contains("created_at>?"),
        "the window bounds the scan:\n{p}"
    );
    let p = plan(
        &db,
        actions::top_customers_sql(EXPLAIN, 1, &week, 0, Some(10)),
    )
    .await;
    assert_driven(&p, "actions", "actions_by_user_time", "top customers");
    assert!(
        p.contains("created_at>?"),
        "the window bounds the scan:\n{p}"
    );
    let p = plan(
        &db,
        actions::count_by_customer_and_code_sql(EXPLAIN, 1, &week, &[5, 6, 7]),
    )
    .await;
    assert!(
        p.contains("SEARCH actions USING") && !scans_a_table(&p),
        "per-customer counts:\n{p}"
    );
}

#[tokio::test]
async fn address_book_orders_use_their_index() {
    let db = sqlite().await;
    let all = BookFilter {
        user_id: 1,
        sources: None,
    };
    let some = BookFilter {
        user_id: 1,
        sources: Some(vec![1, 2, 3]),
    };
    for (order, index) in [
        (BookOrder::ExpectedPr, "relations_by_user_pr"),
        (BookOrder::LastFollow, "relations_by_user_follow"),
        (BookOrder::LastActivity, "relations_by_user_activity"),
    ] {
        for f in [&all, &some] {
            let p = plan(
                &db,
                address_book::page_sql(EXPLAIN, 1, f, order, 0, Some(10)),
            )
            .await;
            assert_driven(&p, "r", index, &format!("{order:?} {f:?}"));
            assert!(
                !p.contains("TEMP B-TREE FOR ORDER BY"),
                "{order:?} sorts everything:\n{p}"
            );
        }
    }
    let p = plan(&db, address_book::count_sql(EXPLAIN, 1, &some)).await;
    assert!(!scans_a_table(&p), "count:\n{p}");
}

#[tokio::test]
async fn unread_counts_use_the_partial_unread_indexes() {
    let db = sqlite().await;
    let cases = [
        (Reader::User, Some(1), None, "chat_unread_by_user"),
        (Reader::User, Some(1), Some(2), "chat_unread_by_user"),
        (Reader::Customer, None, Some(2), "chat_unread_by_customer"),
        (
            Reader::Customer,
            Some(1),
            Some(2),
            "chat_unread_by_customer",
        ),
    ];
    for (reader, user, customer, index) in cases {
        let p = plan(
            &db,
            chat::unread_count_sql(EXPLAIN, 1, reader, user, customer),
        )
        .await;
        assert!(
            p.contains(&format!("USING COVERING INDEX {index}")),
            "{reader:?} {user:?} {customer:?}: not driven by {index}:\n{p}"
        );
        assert!(!scans_a_table(&p), "scans a table:\n{p}");
    }
}
