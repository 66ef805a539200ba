//! Host capabilities granted to modules, one file per WIT interface. Each is
//! bound to the request's company, caller and module slot through
//! [`RequestScope`]; a module never names a tenant.

mod chat;
mod clock;
mod directory;
mod errors;
mod files;
mod follow_ups;
mod images;
mod links;
mod log;
mod peers;
mod radar;
mod storage;
mod tallies;

use crate::db::Db;
use crate::identity::Principal;
use crate::media::Files;
use crate::runtime::bindings::types::Error;
use crate::runtime::limits::InstanceMemory;
use std::collections::HashSet;
use std::sync::Arc;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

/// What every capability call of one request is bound to (built by
/// `App::request_scope`).
#[derive(Clone)]
pub struct RequestScope {
    /// The database.
    pub db: Db,
    /// The tenant of the request.
    pub company_id: i64,
    /// The authenticated caller.
    pub caller: Principal,
    /// The module slot whose documents the module may touch.
    pub slot: String,
    /// The collections the module declared.
    pub collections: Arc<HashSet<String>>,
    /// `name@version` of the module, for logs.
    pub plugin_label: String,
    /// The tenant's company row, as loaded when the request arrived.
    pub company: Arc<crate::store::companies::Company>,
    /// Stored files.
    pub files: Files,
    /// Wakes the sockets a posted message concerns.
    pub bus: Arc<crate::realtime::Bus>,
    /// Draws the images modules ask for.
    pub painter: Arc<crate::images::Painter>,
    /// Where public-account share links point.
    pub share_links: Arc<crate::public_account::share_link::ShareLinks>,
    /// Where the host calls and the guest's stderr go, when someone asked
    /// (`leida module try`).
    pub trace: Option<Arc<CallTrace>>,
    /// The company's other modules, for peer reads; none while the module
    /// itself answers a peer read, so reads never chain.
    pub peers: Option<Arc<dyn PeerReads>>,
    /// Whether every write the module tries is refused (a peer read).
    pub read_only: bool,
}

/// What a peer module answered: its envelope's code, message and data.
pub type PeerAnswer = crate::runtime::bindings::leida::platform::peers::Answer;

/// Runs peer reads: a `GET` to another module of the request's company, as
/// the request's caller, read-only.
pub trait PeerReads: Send + Sync {
    /// Asks the company's module of `slot` to answer `path?query` in `scope`
    /// (the asking module's scope).
    fn read<'a>(
        &'a self,
        scope: &'a RequestScope,
        slot: &'a str,
        path: &'a str,
        query: Vec<(String, String)>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<PeerAnswer, Error>> + Send + 'a>>;
}

/// The host calls a plugin made, in order, and what it wrote to stderr.
#[derive(Debug, Default)]
pub struct CallTrace {
    calls: std::sync::Mutex<Vec<String>>,
    stderr: std::sync::Mutex<String>,
}

impl CallTrace {
    /// The calls so far, e.g. `storage.insert`.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What the guest wrote to stderr.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Keeps the guest's stderr of a finished call.
    pub fn keep_stderr(&self, text: String) {
        *self.stderr.lock().unwrap_or_else(|e| e.into_inner()) = text;
    }
}

/// Guest stderr kept for the log line of a failed call.
const STDERR_BYTES: usize = 4096;

/// The store data of one module instance.
pub struct ModuleState {
    scope: Option<RequestScope>,
    /// `name@version` of the module, for logs.
    pub plugin_label: String,
    /// The instance's memory cap.
    pub memory: InstanceMemory,
    wasi: WasiCtx,
    table: ResourceTable,
    stderr: MemoryOutputPipe,
}

impl ModuleState {
    /// State for one call; `scope` is none while the module describes itself.
    pub fn new(scope: Option<RequestScope>, label: &str, memory_cap: usize) -> ModuleState {
        let stderr = MemoryOutputPipe::new(STDERR_BYTES);
        // No preopened directories, environment, arguments or network: WASI is
        // linked only because guest standard libraries import it.
        let wasi = WasiCtxBuilder::new().stderr(stderr.clone()).build();
        ModuleState {
            scope,
            plugin_label: label.to_string(),
            memory: InstanceMemory::new(memory_cap),
            wasi,
            table: ResourceTable::new(),
            stderr,
        }
    }

    /// The request scope, or `denied` outside a request.
    fn scope(&self) -> Result<&RequestScope, Error> {
        self.scope
            .as_ref()
            .ok_or_else(|| Error::Denied("no request is being handled".into()))
    }

    /// The request scope for a write, or `denied` in a peer read.
    fn writable(&self) -> Result<&RequestScope, Error> {
        let scope = self.scope()?;
        if scope.read_only {
            return Err(Error::Denied("a peer read cannot write".into()));
        }
        Ok(scope)
    }

    /// Notes a host call when someone traces the plugin's calls.
    fn trace(&self, call: &str) {
        if let Some(t) = self.call_trace() {
            t.calls
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(call.to_string());
        }
    }

    /// The trace of this call's host calls, if one was asked for.
    pub fn call_trace(&self) -> Option<&Arc<CallTrace>> {
        self.scope.as_ref().and_then(|s| s.trace.as_ref())
    }

    /// The last bytes the guest wrote to stderr (panic messages).
    pub fn stderr_tail(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents())
            .trim()
            .to_string()
    }
}

impl WasiView for ModuleState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl crate::runtime::bindings::types::Host for ModuleState {}
