//! `links`: share links of the request's company's public account, for its
//! own radar users only.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::links::Host;
use leida::runtime::bindings::types::Error;
use leida::store::companies;
use std::collections::HashMap;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn a_link_names_the_company_and_one_of_its_radar_users() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let uid = a.user.principal.id as u64;
    let mut s = t.module_state(a.id, &a.user, "article", &[]).await;
    // No public account yet.
    assert!(matches!(
        s.public_account_share("article".into(), uid, vec![]).await,
        Err(Error::Unavailable(_))
    ));
    companies::set_app(
        &t.app.db,
        a.id,
        companies::WeChatApp::PublicAccount,
        "wxgzh-a",
        "secret",
    )
    .await
    .unwrap();
    let mut s = t.module_state(a.id, &a.user, "article", &[]).await;
    let url = s
        .public_account_share("article".into(), uid, pairs(&[("article_id", "7")]))
        .await
        .unwrap();
    // The share link nests WeChat's authorize URL, which nests the landing.
    let authorize = query_of(&url)["share_url"].clone();
    assert_eq!(query_of(&authorize)["appid"], "wxgzh-a");
    let landing = query_of(&authorize)["redirect_uri"].clone();
    assert_eq!(
        query_of(&landing)["relate"],
        format!("article_id_7|uid_{uid}|company_id_{}", a.id)
    );
    // Another company's radar user, the host's own keys and bad pairs.
    let foreign = b.user.principal.id as u64;
    assert!(matches!(
        s.public_account_share("article".into(), foreign, vec![])
            .await,
        Err(Error::NotFound)
    ));
    for bad in [
        pairs(&[("company_id", &b.id.to_string())]),
        pairs(&[("uid", "1")]),
        pairs(&[("pid", "1|uid_2")]),
    ] {
        assert!(matches!(
            s.public_account_share("article".into(), uid, bad).await,
            Err(Error::Invalid(_))
        ));
    }
    assert!(matches!(
        s.public_account_share("../admin".into(), uid, vec![]).await,
        Err(Error::Invalid(_))
    ));
}

/// The decoded query parameters of `url`.
fn query_of(url: &str) -> HashMap<String, String> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    serde_urlencoded::from_str(query.trim_end_matches("#wechat_redirect")).unwrap()
}
