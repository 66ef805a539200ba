//! The wasmtime engine: pooling allocation with copy-on-write images when the
//! machine has the address space, epoch interruption for deadlines.

use super::admission::PoolSize;
use super::limits::{Limits, MAX_CORE_INSTANCES, MAX_MEMORIES, MAX_TABLES, MAX_TABLE_ELEMENTS};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// How often the epoch advances; deadlines are counted in these ticks.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Instances that may run at once (also the size of the instance pool).
pub const MAX_CONCURRENT_INSTANCES: u32 = 128;

/// The pool: 128 instances, and room for each to hold 8 core instances, 2
/// memories and 8 tables on average (a Rust plugin holds 3, 1 and 1).
pub const POOL: PoolSize = PoolSize {
    instances: MAX_CONCURRENT_INSTANCES,
    core_instances: MAX_CONCURRENT_INSTANCES * 8,
    memories: MAX_CONCURRENT_INSTANCES * 2,
    tables: MAX_CONCURRENT_INSTANCES * 8,
};

/// Builds the engine, preferring the pooling allocator.
pub fn build(limits: &Limits) -> anyhow::Result<(Engine, &'static str)> {
    match Engine::new(&config(Some(limits))) {
        Ok(engine) => Ok((engine, "pooling")),
        Err(e) => {
            tracing::warn!(error = %e, "pooling allocator unavailable; using on-demand allocation");
            Ok((Engine::new(&config(None))?, "on-demand"))
        }
    }
}

// What one instance may hold fits the pool, so admission never waits for
// room that cannot exist.
const _: () = assert!(
    MAX_CORE_INSTANCES <= POOL.core_instances
        && MAX_MEMORIES <= POOL.memories
        && MAX_TABLES <= POOL.tables
);

fn config(pooling: Option<&Limits>) -> Config {
    let mut c = Config::new();
    c.wasm_component_model(true);
    c.epoch_interruption(true);
    c.memory_init_cow(true);
    if let Some(limits) = pooling {
        let mut p = PoolingAllocationConfig::default();
        p.total_component_instances(POOL.instances);
        p.total_core_instances(POOL.core_instances);
        p.total_memories(POOL.memories);
        p.total_tables(POOL.tables);
        p.max_memories_per_component(MAX_MEMORIES);
        p.max_tables_per_component(MAX_TABLES);
        p.max_core_instances_per_component(MAX_CORE_INSTANCES);
        p.table_elements(MAX_TABLE_ELEMENTS);
        p.max_memory_size(limits.memory_bytes);
        // Keep the first pages of each slot resident between uses (they are
        // zeroed instead of unmapped): fewer page faults, bounded memset.
        p.linear_memory_keep_resident(256 << 10);
        c.allocation_strategy(InstanceAllocationStrategy::Pooling(p));
    }
    c
}

/// Advances the engine's epoch every [`EPOCH_TICK`] until dropped.
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
}

impl EpochTicker {
    /// Starts the ticker thread.
    pub fn start(engine: Engine) -> EpochTicker {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::Builder::new()
            .name("leida-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(EPOCH_TICK);
                    engine.increment_epoch();
                }
            })
            .expect("spawning the epoch ticker");
        EpochTicker { stop }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
