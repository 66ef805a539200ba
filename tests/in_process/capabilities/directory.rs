//! `directory`: the company, people and relations of the request's company.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::directory::{Authority, Host};
use leida::runtime::bindings::types::{Error, Principal};

#[tokio::test]
async fn the_directory_is_the_requests_company() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let mut s = t.module_state(a.id, &a.customer, "card", &[]).await;
    assert_eq!(s.get_company().await.id, a.id as u64);
    let me = a.customer.principal.id as u64;
    assert!(matches!(s.caller().await, Principal::Customer(id) if id == me));
    let user = s.get_user(a.user.principal.id as u64).await.unwrap();
    assert_eq!(user.id, a.user.principal.id as u64);
    // Another company's people are unknown, not forbidden: nothing leaks.
    assert!(matches!(
        s.get_user(b.user.principal.id as u64).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.get_customer(b.customer.principal.id as u64).await,
        Err(Error::NotFound)
    ));
    let relation = s
        .get_relation(a.user.principal.id as u64, a.customer.principal.id as u64)
        .await
        .unwrap();
    assert!(relation.is_some());
}

#[tokio::test]
async fn the_callers_authority_comes_from_their_role() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut member = t.module_state(a.id, &a.user, "card", &[]).await;
    assert_eq!(member.caller_authority().await, Authority::Member);
    let mut manager = t.module_state(a.id, &a.manager, "card", &[]).await;
    assert_eq!(manager.caller_authority().await, Authority::TenantAdmin);
    let mut customer = t.module_state(a.id, &a.customer, "card", &[]).await;
    assert_eq!(customer.caller_authority().await, Authority::Member);
}
