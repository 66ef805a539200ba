//! Peer reads: one module asking another module of the same company to
//! answer a `GET`, as the request's caller. The read is routed like an HTTP
//! request (the path must be one the slot serves, the company's switch and
//! canary choose the build) and runs read-only, without peer reads of its
//! own, in an instance admitted only if the pool has room now.

use crate::capabilities::{PeerAnswer, PeerReads, RequestScope};
use crate::modules::registry::{Choice, Registry};
use crate::modules::routes::object_id;
use crate::runtime::bindings::guest::Request;
use crate::runtime::bindings::guest_principal;
use crate::runtime::bindings::types::Error;
use crate::runtime::Runtime;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

/// The company's modules, as peers of the module handling a request.
pub struct PeerModules {
    registry: Arc<Registry>,
    runtime: Arc<Runtime>,
}

impl PeerModules {
    /// Peer reads over the builds `registry` serves.
    pub fn new(registry: Arc<Registry>, runtime: Arc<Runtime>) -> PeerModules {
        PeerModules { registry, runtime }
    }

    async fn answer(
        &self,
        scope: &RequestScope,
        slot: &str,
        path: &str,
        query: Vec<(String, String)>,
    ) -> Result<PeerAnswer, Error> {
        if self.registry.slot_of(path).as_deref() != Some(slot) {
            return Err(Error::NotFound);
        }
        let Choice::Serve { build, canary } = self.registry.choose(scope.company_id, slot) else {
            return Err(Error::NotFound);
        };
        let peer = RequestScope {
            slot: build.info.slot.clone(),
            collections: build.info.collections.clone(),
            plugin_label: build.info.label(),
            peers: None,
            read_only: true,
            ..scope.clone()
        };
        let request = Request {
            method: "GET".into(),
            path: path.to_string(),
            object_id: object_id(path),
            query,
            form: Vec::new(),
            caller: guest_principal(&scope.caller),
        };
        let started = Instant::now();
        let answered = self
            .runtime
            .handle_nested(&build.prepared, peer, request)
            .await;
        let failure = answered.as_ref().err().map(|e| e.to_string());
        self.registry.record(
            scope.company_id,
            &build,
            canary,
            failure.as_deref(),
            started.elapsed(),
        );
        match answered {
            Ok(r) => Ok(PeerAnswer {
                code: r.code,
                msg: r.msg,
                data: if r.data.trim().is_empty() {
                    "{}".into()
                } else {
                    r.data
                },
            }),
            Err(e) => {
                tracing::warn!(
                    plugin = %build.label(),
                    asked_by = %scope.plugin_label,
                    "peer read failed: {e}"
                );
                Err(Error::Unavailable(format!("the {slot} module failed")))
            }
        }
    }
}

impl PeerReads for PeerModules {
    fn read<'a>(
        &'a self,
        scope: &'a RequestScope,
        slot: &'a str,
        path: &'a str,
        query: Vec<(String, String)>,
    ) -> Pin<Box<dyn Future<Output = Result<PeerAnswer, Error>> + Send + 'a>> {
        Box::pin(self.answer(scope, slot, path, query))
    }
}
