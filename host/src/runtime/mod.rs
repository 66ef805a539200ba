//! The module runtime: compiles components once (cached on disk), keeps an
//! `InstancePre` per module, and runs each call in a fresh store with a
//! deadline and a memory cap. A trap, a deadline or a cap breach fails only
//! the call that caused it.

pub mod admission;
pub mod artifact_cache;
pub mod bindings;
pub mod contracts;
pub mod engine;
pub mod limits;

use crate::capabilities::{ModuleState, RequestScope};
use admission::Admission;
use bindings::guest::{Descriptor, Request, Response};
use contracts::ModuleExport;
use limits::{Limits, Needs};
use std::path::PathBuf;
use wasmtime::component::{Instance, InstancePre, Linker};
use wasmtime::{Engine, Store, UpdateDeadline};

pub use contracts::CONTRACTS;

/// A compiled plugin ready to instantiate.
pub struct Prepared {
    /// The pre-linked component.
    pub pre: InstancePre<ModuleState>,
    /// Its `module` export, of the contract version it targets.
    pub export: ModuleExport,
    /// The SHA-256 of the component bytes.
    pub digest: String,
    /// What one instance of it holds.
    pub needs: Needs,
}

/// Why a module call failed.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The guest trapped, ran past its deadline or its memory cap.
    #[error("{cause}; guest stderr: {stderr:?}")]
    Trap {
        /// What stopped it (`deadline exceeded`, `trap: …`).
        cause: String,
        /// The last bytes the guest wrote to stderr (a panic message).
        stderr: String,
    },
}

/// The engine, the linker with every host capability, and the limits.
pub struct Runtime {
    engine: Engine,
    linker: Linker<ModuleState>,
    limits: Limits,
    cache_dir: PathBuf,
    admission: Admission,
    /// `pooling` or `on-demand`.
    pub allocator: &'static str,
    _ticker: engine::EpochTicker,
}

impl Runtime {
    /// Builds the runtime; compiled artifacts are cached in `cache_dir`.
    pub fn new(limits: Limits, cache_dir: PathBuf) -> anyhow::Result<Runtime> {
        let (engine, allocator) = engine::build(&limits)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        contracts::link(&mut linker)?;
        let ticker = engine::EpochTicker::start(engine.clone());
        Ok(Runtime {
            engine,
            linker,
            limits,
            cache_dir,
            admission: Admission::new(engine::POOL),
            allocator,
            _ticker: ticker,
        })
    }

    /// Compiles (or loads from the cache) and pre-links a component whose
    /// instances hold `needs`. Compiling can take seconds: call it off the
    /// request path (a blocking thread).
    pub fn prepare(&self, bytes: &[u8], needs: Needs) -> anyhow::Result<Prepared> {
        let digest = artifact_cache::digest(bytes);
        let component = artifact_cache::load(&self.engine, &self.cache_dir, bytes, &digest)?;
        let export = ModuleExport::of(&component)?;
        let pre = self.linker.instantiate_pre(&component)?;
        Ok(Prepared {
            pre,
            export,
            digest,
            needs,
        })
    }

    /// Whether build `digest` is compiled in this host's cache.
    pub fn is_cached(&self, digest: &str) -> bool {
        artifact_cache::is_cached(&self.engine, &self.cache_dir, digest)
    }

    /// The limits every call runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Asks a module to describe itself (no tenant is bound during this call).
    pub async fn describe(&self, module: &Prepared, label: &str) -> Result<Descriptor, CallError> {
        self.run(
            module,
            ModuleState::new(None, label, self.limits.memory_bytes),
            true,
            |e, s, i| Box::pin(async move { e.describe(s, i).await }),
        )
        .await
    }

    /// Handles one request in a fresh instance bound to `scope`.
    pub async fn handle(
        &self,
        module: &Prepared,
        scope: RequestScope,
        req: Request,
    ) -> Result<Response, CallError> {
        self.call(module, scope, req, true).await
    }

    /// [`Self::handle`] for a call made inside another call (a peer read):
    /// it fails at once when the pool has no room, since the pool may be
    /// full of calls waiting on it.
    pub async fn handle_nested(
        &self,
        module: &Prepared,
        scope: RequestScope,
        req: Request,
    ) -> Result<Response, CallError> {
        self.call(module, scope, req, false).await
    }

    async fn call(
        &self,
        module: &Prepared,
        scope: RequestScope,
        req: Request,
        wait: bool,
    ) -> Result<Response, CallError> {
        let label = scope.plugin_label.clone();
        self.run(
            module,
            ModuleState::new(Some(scope), &label, self.limits.memory_bytes),
            wait,
            move |e, s, i| Box::pin(async move { e.handle(s, i, &req).await }),
        )
        .await
    }

    async fn run<T, F>(
        &self,
        module: &Prepared,
        state: ModuleState,
        wait: bool,
        call: F,
    ) -> Result<T, CallError>
    where
        F: for<'a> FnOnce(
            &'a ModuleExport,
            &'a mut Store<ModuleState>,
            &'a Instance,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = wasmtime::Result<T>> + Send + 'a>,
        >,
        T: Send,
    {
        // Wait for room in the pool rather than failing at its limits.
        let refused = |cause: String| CallError::Trap {
            cause,
            stderr: String::new(),
        };
        let _admitted = if wait {
            self.admission.admit(&module.needs).await.map_err(refused)?
        } else {
            self.admission
                .try_admit(&module.needs)
                .ok_or_else(|| refused("no room in the instance pool".into()))?
        };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.memory);
        // On every epoch tick the guest yields to the async runtime, so a
        // spinning module never holds a worker thread from other requests;
        // once the deadline has passed the next tick interrupts it.
        let deadline = std::time::Instant::now() + self.limits.deadline;
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(move |_| {
            Ok(if std::time::Instant::now() >= deadline {
                UpdateDeadline::Interrupt
            } else {
                UpdateDeadline::Yield(1)
            })
        });
        let outcome = async {
            let instance = module.pre.instantiate_async(&mut store).await?;
            call(&module.export, &mut store, &instance).await
        };
        // The epoch callback bounds guest execution; this bounds host calls it waits on.
        let grace = self.limits.deadline + std::time::Duration::from_secs(1);
        let result = match tokio::time::timeout(grace, outcome).await {
            Ok(r) => r,
            Err(_) => Err(wasmtime::format_err!(
                "deadline of {:?} exceeded",
                self.limits.deadline
            )),
        };
        if let Some(trace) = store.data().call_trace() {
            trace.keep_stderr(store.data().stderr_tail());
        }
        // Logged once, by whoever answers for the call.
        result.map_err(|e| CallError::Trap {
            cause: describe_trap(&e),
            stderr: store.data().stderr_tail(),
        })
    }
}

fn describe_trap(e: &wasmtime::Error) -> String {
    match e.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::Interrupt) => "deadline exceeded".into(),
        Some(t) => format!("trap: {t}"),
        None => format!("{e:#}"),
    }
}
