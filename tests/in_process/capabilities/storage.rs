//! `storage`: a module's own documents, in the request's company only.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::storage::{
    Comparison, Document, Filter, Host, Order, Query,
};
use leida::runtime::bindings::types::{Error, Page, Value};
use leida::store::documents::{ensure_index, IndexSpec};

fn page(limit: u32) -> Page {
    Page {
        offset: 0,
        limit: Some(limit),
    }
}

#[tokio::test]
async fn documents_live_in_the_requests_company_and_declared_collections() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let mut in_a = t.module_state(a.id, &a.user, "notes", &["notes"]).await;
    let mut in_b = t.module_state(b.id, &b.user, "notes", &["notes"]).await;
    let id = in_a
        .insert("notes".into(), r#"{"text":"甲"}"#.into())
        .await
        .unwrap();
    let doc = in_a.get("notes".into(), id).await.unwrap().unwrap();
    assert_eq!(doc.data, r#"{"text":"甲"}"#);
    // The same id from another company is no document at all, and stays so.
    assert!(in_b.get("notes".into(), id).await.unwrap().is_none());
    assert!(!in_b.replace("notes".into(), id, "{}".into()).await.unwrap());
    assert!(!in_b.delete("notes".into(), id).await.unwrap());
    assert_eq!(
        in_a.get("notes".into(), id).await.unwrap().unwrap().data,
        doc.data
    );
    // Only declared collections exist, and documents are JSON objects.
    assert!(matches!(
        in_a.insert("other".into(), "{}".into()).await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        in_a.insert("notes".into(), "[1]".into()).await,
        Err(Error::Invalid(_))
    ));
}

#[tokio::test]
async fn find_filters_orders_pages_and_patches_merge() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.user, "notes", &["notes"]).await;
    for (n, kind) in [(3, "x"), (1, "x"), (2, "y")] {
        let data = format!(r#"{{"n":{n},"kind":"{kind}"}}"#);
        s.insert("notes".into(), data).await.unwrap();
    }
    let found = s
        .find(Query {
            collection: "notes".into(),
            filters: vec![Filter {
                field: "kind".into(),
                op: Comparison::Eq,
                value: Value::Text("x".into()),
            }],
            order: vec![Order {
                field: "n".into(),
                descending: false,
            }],
            page: page(1),
        })
        .await
        .unwrap();
    assert_eq!(found.total, 2);
    assert_eq!(found.documents.len(), 1);
    let first = &found.documents[0];
    assert_eq!(first.data, r#"{"kind":"x","n":1}"#);
    assert!(s
        .patch("notes".into(), first.id, r#"{"n":10}"#.into())
        .await
        .unwrap());
    let patched = s.get("notes".into(), first.id).await.unwrap().unwrap();
    assert_eq!(patched.data, r#"{"kind":"x","n":10}"#);
    assert_eq!(
        s.increment("notes".into(), first.id, "n".into(), 5)
            .await
            .unwrap(),
        15
    );
}

#[tokio::test]
async fn a_unique_index_answers_conflict() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let unique = IndexSpec {
        name: "by_code".into(),
        fields: vec!["code".into()],
        unique: true,
    };
    ensure_index(&t.app.db, "notes", "notes", &unique)
        .await
        .unwrap();
    let mut s = t.module_state(a.id, &a.user, "notes", &["notes"]).await;
    s.insert("notes".into(), r#"{"code":"k"}"#.into())
        .await
        .unwrap();
    let again = s.insert("notes".into(), r#"{"code":"k"}"#.into()).await;
    assert!(matches!(again, Err(Error::Conflict)));
    // Unique within a company: another company may hold the same key.
    let mut other = t.module_state(b.id, &b.user, "notes", &["notes"]).await;
    other
        .insert("notes".into(), r#"{"code":"k"}"#.into())
        .await
        .unwrap();
}

fn eq(field: &str, value: Value) -> Filter {
    Filter {
        field: field.into(),
        op: Comparison::Eq,
        value,
    }
}

#[tokio::test]
async fn any_of_several_filters_counts_by_field_and_deletes_where() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.user, "notes", &["notes"]).await;
    for owner in [0, 7, 7, 9] {
        s.insert("notes".into(), format!(r#"{{"owner":{owner}}}"#))
            .await
            .unwrap();
    }
    let order = vec![Order {
        field: "owner".into(),
        descending: true,
    }];
    let alternatives = vec![
        vec![eq("owner", Value::Integer(0))],
        vec![eq("owner", Value::Integer(7))],
    ];
    let found = s
        .find_any("notes".into(), alternatives, order, page(10))
        .await
        .unwrap();
    assert_eq!(found.total, 3);
    assert_eq!(found.documents[0].data, r#"{"owner":7}"#);
    assert_eq!(found.documents[2].data, r#"{"owner":0}"#);
    let mut by_owner: Vec<(i64, u64)> = s
        .count_by("notes".into(), vec![], "owner".into())
        .await
        .unwrap()
        .into_iter()
        .map(|g| match g.key {
            Value::Integer(owner) => (owner, g.count),
            other => panic!("an owner is an integer: {other:?}"),
        })
        .collect();
    by_owner.sort();
    assert_eq!(by_owner, [(0, 1), (7, 2), (9, 1)]);
    let gone = s
        .delete_where("notes".into(), vec![eq("owner", Value::Integer(7))])
        .await;
    assert_eq!(gone.unwrap(), 2);
    assert_eq!(s.count("notes".into(), vec![]).await.unwrap(), 2);
}

#[tokio::test]
async fn get_many_reads_the_tenants_documents_in_the_order_asked_each_once() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let mut in_a = t.module_state(a.id, &a.user, "notes", &["notes"]).await;
    let mut in_b = t.module_state(b.id, &b.user, "notes", &["notes"]).await;
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(
            in_a.insert("notes".into(), format!(r#"{{"n":{n}}}"#))
                .await
                .unwrap(),
        );
    }
    let theirs = in_b
        .insert("notes".into(), r#"{"n":9}"#.into())
        .await
        .unwrap();
    let asked = vec![ids[2], theirs, ids[0], ids[2], 999_999];
    let got = in_a.get_many("notes".into(), asked).await.unwrap();
    let data: Vec<&str> = got.iter().map(|d| d.data.as_str()).collect();
    // Another company's id and an unknown one are left out; a repeat appears once.
    assert_eq!(data, [r#"{"n":2}"#, r#"{"n":0}"#]);
    assert!(in_a
        .get_many("notes".into(), vec![])
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        in_a.get_many("notes".into(), vec![1; 501]).await,
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        in_a.get_many("other".into(), vec![ids[0]]).await,
        Err(Error::Invalid(_))
    ));
}

#[tokio::test]
async fn find_page_is_the_page_of_find_without_its_total() {
    let t = TestApp::new().await;
    let (a, b) = (t.company().await, t.company().await);
    let mut in_a = t.module_state(a.id, &a.user, "notes", &["notes"]).await;
    let mut in_b = t.module_state(b.id, &b.user, "notes", &["notes"]).await;
    for n in 0..5 {
        in_a.insert("notes".into(), format!(r#"{{"n":{n}}}"#))
            .await
            .unwrap();
    }
    in_b.insert("notes".into(), r#"{"n":9}"#.into())
        .await
        .unwrap();
    let query = |offset: u32| Query {
        collection: "notes".into(),
        filters: vec![],
        order: vec![Order {
            field: "n".into(),
            descending: true,
        }],
        page: Page {
            offset,
            limit: Some(2),
        },
    };
    let page = in_a.find_page(query(1)).await.unwrap();
    let found = in_a.find(query(1)).await.unwrap();
    let ids = |docs: &[_]| docs.iter().map(|d: &Document| d.id).collect::<Vec<_>>();
    assert_eq!(ids(&page), ids(&found.documents));
    let data: Vec<&str> = page.iter().map(|d| d.data.as_str()).collect();
    assert_eq!(data, [r#"{"n":3}"#, r#"{"n":2}"#]);
    assert_eq!(found.total, 5);
    assert!(matches!(
        in_a.find_page(Query {
            collection: "other".into(),
            ..query(0)
        })
        .await,
        Err(Error::Invalid(_))
    ));
}
