//! `log`: a plugin's lines reach the host log, bounded in length.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::log::{Host, Level};

#[tokio::test]
async fn a_flood_is_cut_and_nothing_breaks() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    // Longer than the limit, cut inside a multi-byte character: no panic.
    s.write(Level::Warn, "日".repeat(5000)).await;
    s.write(Level::Info, "short".into()).await;
}
