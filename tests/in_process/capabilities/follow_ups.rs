//! `chat.count-by` and `follow-ups` (`aggregate`, `count-by`): counts of
//! the company's messages and follow-up notes, per user and day, from the
//! totals the host keeps as they are written, in the caller's company only.

use crate::harness::TestApp;
use leida::local_time::{day_start, now_ms, DAY_MS};
use leida::runtime::bindings::leida::platform::chat::{
    Direction, Host as Chat, Message, MessageFilter,
};
use leida::runtime::bindings::leida::platform::follow_ups::{FollowUpFilter, Host as FollowUps};
use leida::runtime::bindings::types::{Grouping, Page, Tally, Window};
use leida::store::follow;

const ALL: Page = Page {
    offset: 0,
    limit: None,
};

fn counted(tallies: Vec<Tally>) -> Vec<(Vec<String>, u64, u64)> {
    tallies
        .into_iter()
        .map(|t| (t.keys, t.count, t.customers))
        .collect()
}

#[tokio::test]
async fn messages_and_notes_are_counted_per_user_and_day_in_the_callers_company() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let (user, customer) = (a.user.principal.id, a.customer.principal.id);
    let mut as_customer = t.module_state(a.id, &a.customer, "boss-radar", &[]).await;
    for _ in 0..2 {
        let m = Message {
            user_id: user as u64,
            customer_id: customer as u64,
            direction: Direction::CustomerToUser,
            content: r#"{"info_type":1,"msg":"在吗"}"#.into(),
        };
        as_customer.post(m).await.unwrap();
    }
    for text in ["电话回访", "已报价", "约了面谈"] {
        assert!(follow::add_line(&t.app.db, a.id, user, customer, text)
            .await
            .unwrap());
    }
    let today = Window {
        since: Some(day_start(now_ms())),
        until: None,
    };
    let before_today = Window {
        since: Some(day_start(now_ms()) - 7 * DAY_MS),
        until: Some(day_start(now_ms())),
    };
    let asked = |window| MessageFilter {
        user_ids: vec![],
        customer_ids: vec![],
        direction: Some(Direction::CustomerToUser),
        window,
    };
    let notes = |window| FollowUpFilter {
        user_ids: vec![],
        customer_ids: vec![],
        window,
    };
    let by_user = vec![Grouping::User];
    let me = vec![user.to_string()];

    let mut s = t.module_state(a.id, &a.manager, "boss-radar", &[]).await;
    let messages = Chat::count_by(&mut s, asked(today), by_user.clone(), ALL);
    assert_eq!(counted(messages.await.unwrap()), [(me.clone(), 2, 0)]);
    let lines = FollowUps::count_by(&mut s, notes(today), by_user.clone(), ALL);
    assert_eq!(counted(lines.await.unwrap()), [(me.clone(), 3, 0)]);
    // `aggregate` counts the distinct customers too.
    let lines = FollowUps::aggregate(&mut s, notes(today), vec![], ALL);
    assert_eq!(counted(lines.await.unwrap()), [(vec![], 3, 1)]);
    // Nothing was written before today.
    let messages = Chat::count_by(&mut s, asked(before_today), by_user.clone(), ALL);
    assert_eq!(counted(messages.await.unwrap()), []);

    // Another company's caller counts its own company's rows: none.
    let mut in_b = t.module_state(b.id, &b.manager, "boss-radar", &[]).await;
    let messages = Chat::count_by(&mut in_b, asked(today), by_user.clone(), ALL);
    assert_eq!(counted(messages.await.unwrap()), []);
    let lines = FollowUps::count_by(&mut in_b, notes(today), vec![], ALL);
    assert_eq!(counted(lines.await.unwrap()), [(vec![], 0, 0)]);
}
