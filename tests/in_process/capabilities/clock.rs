//! `clock`: the host's time and the tenants' offset.

use crate::harness::TestApp;
use leida::runtime::bindings::leida::platform::clock::Host;

#[tokio::test]
async fn the_clock_is_the_hosts_in_china_time() {
    let t = TestApp::new().await;
    let a = t.company().await;
    let mut s = t.module_state(a.id, &a.user, "card", &[]).await;
    let now = leida::local_time::now_ms();
    assert!((s.now().await - now).abs() < 5_000);
    assert_eq!(s.utc_offset().await, 8 * 3600);
}
