//! `directory`: the company, people and relations of the request's company.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::directory::{
    Authority, Host, ProfilePatch, RelationFilter,
};
use leida::runtime::bindings::leida::platform::images::{Canvas, Format, Host as _};
use leida::runtime::bindings::types::{Error, Page, Principal, Window};

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

fn any_relation() -> RelationFilter {
    let open = Window {
        since: None,
        until: None,
    };
    RelationFilter {
        user_id: None,
        customer_id: None,
        created: open,
        expected_pr_min: None,
        expected_pr_max: None,
        followed: open,
    }
}

#[tokio::test]
async fn lists_and_counts_cover_the_requests_company_only() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let mut s = t.module_state(a.id, &a.manager, "boss", &[]).await;
    let all = Page {
        offset: 0,
        limit: None,
    };
    let users: Vec<u64> = s
        .list_users(true, all)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    let expected = [a.manager.principal.id as u64, a.user.principal.id as u64];
    assert!(expected.iter().all(|id| users.contains(id)), "{users:?}");
    assert!(!users.contains(&(b.user.principal.id as u64)));
    let relations = s.find_relations(any_relation(), all).await.unwrap();
    assert_eq!(relations.len(), 1);
    assert_eq!(relations[0].customer_id, a.customer.principal.id as u64);
    assert_eq!(s.count_relations(any_relation()).await.unwrap(), 1);
    let per_user = s.count_relations_by_user(any_relation()).await.unwrap();
    assert_eq!(per_user.len(), 1);
    assert_eq!(
        (per_user[0].user_id, per_user[0].count),
        (a.user.principal.id as u64, 1)
    );
}

#[tokio::test]
async fn a_radar_user_edits_only_their_own_card() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let patch = || ProfilePatch {
        real_name: None,
        nickname: None,
        avatar: None,
        position: Some("销售总监".into()),
        gender: None,
        mingpian_phone: None,
        show_phone: None,
        telephone: None,
        wechat: None,
        email: None,
        company_area: None,
        company_address: None,
    };
    let mut own = t.module_state(a.id, &a.user, "card", &[]).await;
    let user = own.update_own_profile(patch()).await.unwrap();
    assert_eq!(
        (user.id, user.position.as_str()),
        (a.user.principal.id as u64, "销售总监")
    );
    let mut customer = t.module_state(a.id, &a.customer, "card", &[]).await;
    assert!(matches!(
        customer.update_own_profile(patch()).await,
        Err(Error::Denied(_))
    ));
}

#[tokio::test]
async fn a_pair_poster_is_a_file_of_the_module() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut card = t.module_state(a.id, &a.customer, "card", &[]).await;
    let stored = card.render(red_square(), Format::Png).await.unwrap();
    let (user, customer) = (a.user.principal.id as u64, a.customer.principal.id as u64);
    card.set_relation_poster(user, customer, stored.path.clone())
        .await
        .unwrap();
    let relation = card.get_relation(user, customer).await.unwrap().unwrap();
    assert_eq!(relation.poster_url, stored.path);
    // Another module's file, or a pair the caller is not part of, is refused.
    let mut mall = t.module_state(a.id, &a.customer, "mall", &[]).await;
    let foreign = mall
        .set_relation_poster(user, customer, stored.path.clone())
        .await;
    assert!(matches!(foreign, Err(Error::Invalid(_))));
    let other = t.customer(a.id, a.user.principal.id).await;
    let not_theirs = card
        .set_relation_poster(user, other.principal.id as u64, stored.path)
        .await;
    assert!(matches!(not_theirs, Err(Error::Denied(_))));
}

fn red_square() -> Canvas {
    Canvas {
        width: 2,
        height: 2,
        background: 0xFF0000FF,
        layers: vec![],
    }
}

#[tokio::test]
async fn customers_are_read_in_one_batch_of_the_requests_company() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let second = t.customer(a.id, a.user.principal.id).await;
    let mut s = t.module_state(a.id, &a.user, "article", &[]).await;
    let (first, second, foreign) = (
        a.customer.principal.id as u64,
        second.principal.id as u64,
        b.customer.principal.id as u64,
    );
    // In the order asked, each once; another company's id is left out.
    let ids: Vec<u64> = s
        .get_customers(vec![second, foreign, first, second])
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, vec![second, first]);
    let places: Vec<u64> = s
        .get_customer_places(vec![foreign, first])
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(places, vec![first]);
    assert!(matches!(
        s.get_customers((1..=501).collect()).await,
        Err(Error::Invalid(_))
    ));
    assert!(s.get_customers(vec![u64::MAX]).await.unwrap().is_empty());
}
