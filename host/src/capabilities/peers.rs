//! `leida:platform/peers`: reads answered by another module of the request's
//! company, as the request's caller. The host routes the read the way it
//! routes an HTTP request, so a peer read gives a module only what its
//! caller could have asked the peer for themself.

use super::ModuleState;
use crate::runtime::bindings::leida::platform::peers::{Answer, Host};
use crate::runtime::bindings::types::Error;

impl Host for ModuleState {
    async fn read(
        &mut self,
        slot: String,
        path: String,
        query: Vec<(String, String)>,
    ) -> Result<Answer, Error> {
        self.trace("peers.read");
        let s = self.scope()?;
        if slot == s.slot {
            return Err(Error::Invalid(
                "a module reads its own slot through storage".into(),
            ));
        }
        let Some(peers) = s.peers.as_ref() else {
            return Err(Error::Denied("a peer read cannot make peer reads".into()));
        };
        peers.read(s, &slot, &path, query).await
    }
}
