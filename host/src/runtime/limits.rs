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
const MAX_TABLE_ELEMENTS: usize = 100_000;

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
