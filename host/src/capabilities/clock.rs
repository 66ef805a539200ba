//! `leida:platform/clock`: the time as the tenant sees it.

use super::ModuleState;
use crate::local_time;
use crate::runtime::bindings::leida::platform::clock::Host;

impl Host for ModuleState {
    async fn now(&mut self) -> i64 {
        self.trace("clock.now");
        local_time::now_ms()
    }

    async fn utc_offset(&mut self) -> i32 {
        self.trace("clock.utc-offset");
        local_time::UTC_OFFSET_SECS
    }
}
