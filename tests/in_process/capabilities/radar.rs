//! `radar`: actions recorded by who takes part in them, read in one company.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::radar::{Action, Dimension, EventFilter, Host};
use leida::runtime::bindings::types::{Error, Page, Window};

fn everything() -> EventFilter {
    EventFilter {
        user_ids: vec![],
        customer_ids: vec![],
        codes: vec![],
        target: None,
        window: Window {
            since: None,
            until: None,
        },
    }
}

#[tokio::test]
async fn a_caller_records_only_actions_it_takes_part_in() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let other = t.customer(a.id, a.user.principal.id).await;
    let mut s = t.module_state(a.id, &a.customer, "card", &[]).await;
    let action = |customer_id: i64| Action {
        code: 1,
        user_id: a.user.principal.id as u64,
        customer_id: customer_id as u64,
        target: None,
        remark: "查看了您的名片".into(),
    };
    let id = s
        .record_action(action(a.customer.principal.id))
        .await
        .unwrap();
    assert!(matches!(
        s.record_action(action(other.principal.id)).await,
        Err(Error::Denied(_))
    ));
    let events = s
        .find(
            everything(),
            Page {
                offset: 0,
                limit: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].id, id);
    // Another company's log holds none of it.
    let mut in_b = t.module_state(b.id, &b.customer, "card", &[]).await;
    assert_eq!(in_b.count(everything()).await.unwrap(), 0);
}

#[tokio::test]
async fn the_log_aggregates_by_user_and_code() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let second = t.customer(a.id, a.user.principal.id).await;
    for (who, code) in [
        (&a.customer, 1),
        (&a.customer, 1),
        (&second, 1),
        (&second, 6),
    ] {
        let mut s = t.module_state(a.id, who, "card", &[]).await;
        let action = Action {
            code,
            user_id: a.user.principal.id as u64,
            customer_id: who.principal.id as u64,
            target: None,
            remark: String::new(),
        };
        s.record_action(action).await.unwrap();
    }
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    let all = Page {
        offset: 0,
        limit: None,
    };
    let mut groups: Vec<(Vec<String>, u64, u64)> = s
        .aggregate(everything(), vec![Dimension::User, Dimension::Code], all)
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.keys, g.count, g.customers))
        .collect();
    groups.sort();
    let user = a.user.principal.id.to_string();
    assert_eq!(
        groups,
        [
            (vec![user.clone(), "1".into()], 3, 2),
            (vec![user, "6".into()], 1, 1)
        ]
    );
}

#[tokio::test]
async fn counts_by_code_and_day_agree_with_the_log_and_stay_in_the_company() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    for code in [1, 1, 14] {
        let mut s = t.module_state(a.id, &a.customer, "card", &[]).await;
        let action = Action {
            code,
            user_id: a.user.principal.id as u64,
            customer_id: a.customer.principal.id as u64,
            target: None,
            remark: String::new(),
        };
        s.record_action(action).await.unwrap();
    }
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    let mut counts: Vec<(Vec<String>, u64)> = s
        .count_by(everything(), vec![Dimension::Code])
        .await
        .unwrap()
        .into_iter()
        .map(|g| (g.keys, g.count))
        .collect();
    counts.sort();
    assert_eq!(counts, [(vec!["1".into()], 2), (vec!["14".into()], 1)]);
    // One user's count is read from the log, with the same answer.
    let mine = EventFilter {
        user_ids: vec![a.user.principal.id as u64],
        ..everything()
    };
    let total = s.count_by(mine, vec![]).await.unwrap();
    assert_eq!((total.len(), total[0].count), (1, 3));
    assert!(matches!(
        s.count_by(everything(), vec![Dimension::Day, Dimension::Day])
            .await,
        Err(Error::Invalid(_))
    ));
    let mut in_b = t.module_state(b.id, &b.user, "card", &[]).await;
    let none = in_b.count_by(everything(), vec![]).await.unwrap();
    assert_eq!(none[0].count, 0);
}
