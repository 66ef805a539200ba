//! `chat`: messages posted as the caller, between related people only.

use crate::harness::TestApp;
use leida::identity::Authority;
use leida::runtime::bindings::leida::platform::chat::{Direction, Host, Message};
use leida::runtime::bindings::types::{Error, Window};

#[tokio::test]
async fn a_caller_posts_only_as_itself_to_someone_related() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let stranger = t.radar_user(a.id, "stranger", Authority::Member).await;
    let mut s = t.module_state(a.id, &a.customer, "mall", &[]).await;
    let message = |user_id: i64, direction| Message {
        user_id: user_id as u64,
        customer_id: a.customer.principal.id as u64,
        direction,
        content: r#"{"info_type":1,"msg":"想了解一下"}"#.into(),
    };
    s.post(message(a.user.principal.id, Direction::CustomerToUser))
        .await
        .unwrap();
    // Not as the other side, not to someone unrelated, not with bad content.
    let as_user = s
        .post(message(a.user.principal.id, Direction::UserToCustomer))
        .await;
    assert!(matches!(as_user, Err(Error::Denied(_))));
    let unrelated = s
        .post(message(stranger.principal.id, Direction::CustomerToUser))
        .await;
    assert!(matches!(unrelated, Err(Error::NotFound)));
    let mut bad = message(a.user.principal.id, Direction::CustomerToUser);
    bad.content = r#"{"info_type":3}"#.into();
    assert!(matches!(s.post(bad).await, Err(Error::Invalid(_))));
    let all = Window {
        since: None,
        until: None,
    };
    let n = s
        .count(a.user.principal.id as u64, None, None, all)
        .await
        .unwrap();
    assert_eq!(n, 1);
}
