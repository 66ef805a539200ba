//! `peers`: a read answered by another module of the request's company, as
//! the caller; the module answering it writes nothing and reads no peers.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::chat::{Direction, Host as Chat, Message};
use leida::runtime::bindings::leida::platform::peers::Host as Peers;
use leida::runtime::bindings::leida::platform::radar::{Action, Host as Radar};
use leida::runtime::bindings::leida::platform::storage::Host as Storage;
use leida::runtime::bindings::types::Error;
use serde_json::Value;

/// Whether a host call was refused as a write in a peer read.
fn denied<T>(r: Result<T, Error>) -> bool {
    matches!(r, Err(Error::Denied(_)))
}

const DIARY_READS: &str = "/zhugeleida/xiaochengxu/diary_manage/for_cases/newest_normal";

#[tokio::test]
async fn a_peer_read_reaches_the_companys_module_of_that_slot_only() {
    let t = TestApp::with_plugins(&["leida_misbehave.wasm"]).await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.customer, "cases", &[]).await;
    let query = vec![("limit".to_string(), "5".to_string())];
    let answer = s
        .read("diary".into(), DIARY_READS.into(), query.clone())
        .await
        .unwrap();
    assert_eq!(answer.code, 200, "{}", answer.msg);
    let data: Value = serde_json::from_str(&answer.data).unwrap();
    assert_eq!(data["total"], 0);
    // The peer's own refusals come back as its envelope.
    let bad = vec![("limit".to_string(), "x".to_string())];
    let refused = s
        .read("diary".into(), DIARY_READS.into(), bad)
        .await
        .unwrap();
    assert_eq!((refused.code, refused.data.as_str()), (301, "{}"));

    // Only a path the slot serves, of a slot the company has on, and
    // never the caller's own.
    for (slot, path) in [
        ("diary", "/zhugeleida/xiaochengxu/mingpian"),
        ("nothing", DIARY_READS),
        ("misbehave", "/zhugeleida/xiaochengxu/misbehave/ok"),
    ] {
        assert!(
            matches!(
                s.read(slot.into(), path.into(), vec![]).await,
                Err(Error::NotFound)
            ),
            "{slot} {path}"
        );
    }
    assert!(matches!(
        s.read(
            "cases".into(),
            "/zhugeleida/xiaochengxu/case_manage/case_list".into(),
            vec![]
        )
        .await,
        Err(Error::Invalid(_))
    ));
    t.set_module(a.id, "diary", false).await;
    assert!(matches!(
        s.read("diary".into(), DIARY_READS.into(), query).await,
        Err(Error::NotFound)
    ));

    // A peer that traps fails the read, not the module that asked.
    t.set_module(a.id, "misbehave", true).await;
    let ok = s
        .read(
            "misbehave".into(),
            "/zhugeleida/xiaochengxu/misbehave/ok".into(),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(ok.data, r#"{"ok":true}"#);
    assert!(matches!(
        s.read(
            "misbehave".into(),
            "/zhugeleida/xiaochengxu/misbehave/trap".into(),
            vec![]
        )
        .await,
        Err(Error::Unavailable(_))
    ));
}

#[tokio::test]
async fn a_module_answering_a_peer_read_reads_but_never_writes_or_asks_further() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut normal = t.module_state(a.id, &a.customer, "notes", &["notes"]).await;
    let id = normal
        .insert("notes".into(), r#"{"text":"甲"}"#.into())
        .await
        .unwrap();
    let mut peer = t
        .peer_module_state(a.id, &a.customer, "notes", &["notes"])
        .await;
    assert!(peer.get("notes".into(), id).await.unwrap().is_some());
    assert!(denied(peer.insert("notes".into(), "{}".into()).await));
    assert!(denied(
        peer.patch("notes".into(), id, r#"{"text":"乙"}"#.into())
            .await
    ));
    assert!(denied(peer.replace("notes".into(), id, "{}".into()).await));
    assert!(denied(
        peer.increment("notes".into(), id, "n".into(), 1).await
    ));
    assert!(denied(peer.delete("notes".into(), id).await));
    assert!(denied(peer.delete_where("notes".into(), vec![]).await));
    let action = Action {
        code: 21,
        user_id: a.user.principal.id as u64,
        customer_id: a.customer.principal.id as u64,
        target: None,
        remark: String::new(),
    };
    assert!(denied(peer.record_action(action).await));
    let message = Message {
        user_id: a.user.principal.id as u64,
        customer_id: a.customer.principal.id as u64,
        direction: Direction::CustomerToUser,
        content: r#"{"info_type":1,"msg":"x"}"#.into(),
    };
    assert!(denied(peer.post(message).await));
    assert!(denied(
        peer.read("diary".into(), DIARY_READS.into(), vec![]).await
    ));
    assert_eq!(
        normal.get("notes".into(), id).await.unwrap().unwrap().data,
        r#"{"text":"甲"}"#
    );
}
