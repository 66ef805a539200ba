//! Module switches per company: `leida module list|enable|disable`, and a
//! disabled module answering 404 "not enabled" for that company only.

use crate::harness::{card_view, is_id, params, Customer, Principal, Tenant};
use serde_json::Value;

/// The card module's route prefixes.
const CARD_ROUTES: [&str; 4] = [
    "/zhugeleida/xiaochengxu/mingpian",
    "/zhugeleida/xiaochengxu/website",
    "/zhugeleida/qiyeweixin/mingpian",
    "/zhugeleida/qiyeweixin/tag_user",
];

/// The entry of `module` in `leida module list --company`.
async fn listed(t: &Tenant, module: &str) -> Value {
    let company = t.company_id.to_string();
    let out = t
        .server
        .cli(&["module", "list", "--company", &company])
        .await;
    assert!(is_id(&out["company_id"], t.company_id), "{out}");
    out["modules"]
        .as_array()
        .unwrap_or_else(|| panic!("no modules list in {out}"))
        .iter()
        .find(|m| m["name"] == module)
        .unwrap_or_else(|| panic!("{module} not listed in {out}"))
        .clone()
}

async fn card_works(t: &Tenant, user: &Principal, customer: &Customer) -> bool {
    let seen = card_view(&t.client, &customer.principal, user.id).await;
    let own = t
        .client
        .get("/zhugeleida/qiyeweixin/mingpian", user, params![])
        .await;
    match (seen.code(), own.code()) {
        (200, 200) => true,
        (404, 404) => {
            for reply in [&seen, &own] {
                assert!(reply.msg().contains("not enabled"), "{}", reply.body);
            }
            false
        }
        _ => panic!(
            "card neither works nor is disabled: {} / {}",
            seen.body, own.body
        ),
    }
}

#[tokio::test]
async fn module_list_shows_the_bundled_card_module() {
    let t = Tenant::shared().await;
    let card = listed(&t, "card").await;
    assert_eq!(card["version"], "0.1.0", "{card}");
    assert_eq!(card["enabled"], true, "{card}");
    let routes: Vec<&str> = card["routes"]
        .as_array()
        .unwrap_or_else(|| panic!("no routes in {card}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for route in CARD_ROUTES {
        assert!(routes.contains(&route), "{route} not in {card}");
    }
}

#[tokio::test]
async fn disabling_card_affects_only_that_company() {
    let a = Tenant::shared().await;
    let b = Tenant::shared().await;
    let (ua, ub) = (a.radar_user().await, b.radar_user().await);
    let (ca, cb) = (a.customer(ua.id).await, b.customer(ub.id).await);
    assert!(card_works(&a, &ua, &ca).await);

    let out = a.set_module("card", false).await;
    assert!(is_id(&out["company_id"], a.company_id), "{out}");
    assert_eq!(
        (out["module"].as_str(), out["enabled"].as_bool()),
        (Some("card"), Some(false)),
        "{out}"
    );
    assert!(
        !card_works(&a, &ua, &ca).await,
        "card still served after disable"
    );
    assert!(
        card_works(&b, &ub, &cb).await,
        "disabling A's card disabled B's"
    );
    assert_eq!(listed(&a, "card").await["enabled"], false);
    assert_eq!(listed(&b, "card").await["enabled"], true);

    let out = a.set_module("card", true).await;
    assert_eq!(
        (out["module"].as_str(), out["enabled"].as_bool()),
        (Some("card"), Some(true)),
        "{out}"
    );
    assert!(
        card_works(&a, &ua, &ca).await,
        "card not restored after enable"
    );
    assert_eq!(listed(&a, "card").await["enabled"], true);
}
