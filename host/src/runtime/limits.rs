//! Per-call resource limits: a deadline and a memory cap for the whole instance.

use std::time::Duration;
use wasmtime::ResourceLimiter;

/// Limits applied to every module call.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time a call may take.
    pub deadline: Duration,
    /// Linear memory the instance may hold in total, in bytes.
    pub memory_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            deadline: Duration::from_secs(1),
            memory_bytes: 64 << 20,
        }
    }
}

/// Caps the sum of all linear memories of one instance (a per-memory cap
/// would let a component with several memories exceed it).
pub struct InstanceMemory {
    cap: usize,
    used: usize,
}

/// Table elements an instance may hold.
pub const MAX_TABLE_ELEMENTS: usize = 100_000;
/// Core instances one component instance may create. Rust plugins create 3,
/// JavaScript (componentize-js) 4, Python (componentize-py) 14, or 38 built
/// with `--stub-wasi`; each is a slot of bookkeeping in the pool, and calls
/// wait for slots rather than fail (`admission`).
pub const MAX_CORE_INSTANCES: u32 = 40;
/// Linear memories one component instance may hold.
pub const MAX_MEMORIES: u32 = 4;
/// Tables one component instance may hold.
pub const MAX_TABLES: u32 = 16;

/// What a compiled plugin needs of one instance, from its bytes and its
/// compiled form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// Core instances it creates.
    pub core_instances: u32,
    /// Linear memories.
    pub memories: u32,
    /// The largest initial memory, in bytes.
    pub initial_memory_bytes: u64,
    /// Tables.
    pub tables: u32,
    /// The largest initial table, in elements.
    pub initial_table_elements: u64,
}

impl Limits {
    /// Every limit `needs` exceeds, each named.
    pub fn exceeded(&self, needs: &Needs) -> Vec<String> {
        let mut over = Vec::new();
        let mut check = |what: &str, need: u64, limit: u64| {
            if need > limit {
                over.push(format!("needs {need} {what}; the runtime allows {limit}"));
            }
        };
        check(
            "core instances",
            needs.core_instances.into(),
            MAX_CORE_INSTANCES.into(),
        );
        check(
            "linear memories",
            needs.memories.into(),
            MAX_MEMORIES.into(),
        );
        check("tables", needs.tables.into(), MAX_TABLES.into());
        check(
            "table elements",
            needs.initial_table_elements,
            MAX_TABLE_ELEMENTS as u64,
        );
        if needs.initial_memory_bytes > self.memory_bytes as u64 {
            over.push(format!(
                "needs {} MiB of initial memory; the memory cap is {} MiB (--module-memory-mib)",
                needs.initial_memory_bytes.div_ceil(1 << 20),
                self.memory_bytes >> 20
            ));
        }
        over
    }

    /// `Ok` when `needs` fits every limit, else every limit exceeded.
    pub fn allow(&self, needs: &Needs) -> Result<(), String> {
        match self.exceeded(needs) {
            over if over.is_empty() => Ok(()),
            over => Err(over.join("; ")),
        }
    }
}

impl InstanceMemory {
    /// A limiter allowing `cap` bytes in total.
    pub fn new(cap: usize) -> InstanceMemory {
        InstanceMemory { cap, used: 0 }
    }
}

impl ResourceLimiter for InstanceMemory {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let after = self.used + desired.saturating_sub(current);
        if after > self.cap {
            // An error traps the guest with a message naming the cause.
            wasmtime::bail!("memory cap of {} MiB exceeded", self.cap >> 20);
        }
        self.used = after;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_counts_every_memory_of_the_instance() {
        let mut m = InstanceMemory::new(10);
        assert!(m.memory_growing(0, 6, None).unwrap());
        assert!(m.memory_growing(0, 4, None).unwrap());
        assert!(m.memory_growing(4, 5, None).is_err());
    }
}
