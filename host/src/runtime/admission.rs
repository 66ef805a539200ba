//! Admission to the instance pool. The pool holds a fixed number of
//! component instances, core instances, memories and tables; a call waits
//! until there is room for everything one instance of its plugin holds, so a
//! burst of calls to a large plugin (a Python build creates 14 core
//! instances, a Rust one 3) queues instead of failing when a pool runs dry.

use super::limits::Needs;
use tokio::sync::{Semaphore, SemaphorePermit};

/// What the pool holds in total.
#[derive(Debug, Clone, Copy)]
pub struct PoolSize {
    /// Component instances alive at once.
    pub instances: u32,
    /// Core instances, over all of them.
    pub core_instances: u32,
    /// Linear memories, over all of them.
    pub memories: u32,
    /// Tables, over all of them.
    pub tables: u32,
}

/// One semaphore per pooled resource.
pub struct Admission {
    size: PoolSize,
    instances: Semaphore,
    core_instances: Semaphore,
    memories: Semaphore,
    tables: Semaphore,
}

/// Room held in the pool for one instance, given back when dropped.
pub struct Admitted<'a> {
    _held: [SemaphorePermit<'a>; 4],
}

impl Admission {
    /// Admission to a pool of `size`.
    pub fn new(size: PoolSize) -> Admission {
        let s = |n: u32| Semaphore::new(n as usize);
        Admission {
            size,
            instances: s(size.instances),
            core_instances: s(size.core_instances),
            memories: s(size.memories),
            tables: s(size.tables),
        }
    }

    /// Waits for room for one instance that holds `needs`; refuses needs
    /// the whole pool could never hold. Every caller takes the semaphores in
    /// the same order, so no two wait on each other.
    pub async fn admit(&self, needs: &Needs) -> Result<Admitted<'_>, String> {
        let size = self.size;
        if needs.core_instances > size.core_instances
            || needs.memories > size.memories
            || needs.tables > size.tables
        {
            return Err(format!(
                "needs {needs:?}, more than the instance pool holds ({size:?})"
            ));
        }
        let closed = |e: tokio::sync::AcquireError| e.to_string();
        Ok(Admitted {
            _held: [
                self.instances.acquire().await.map_err(closed)?,
                self.core_instances
                    .acquire_many(needs.core_instances)
                    .await
                    .map_err(closed)?,
                self.memories
                    .acquire_many(needs.memories)
                    .await
                    .map_err(closed)?,
                self.tables
                    .acquire_many(needs.tables)
                    .await
                    .map_err(closed)?,
            ],
        })
    }

    /// Room for one instance that holds `needs` if there is some right now,
    /// else none: for a call made while another call of the same request
    /// holds its room, which must never wait on calls that may be waiting
    /// for it.
    pub fn try_admit(&self, needs: &Needs) -> Option<Admitted<'_>> {
        Some(Admitted {
            _held: [
                self.instances.try_acquire().ok()?,
                self.core_instances
                    .try_acquire_many(needs.core_instances)
                    .ok()?,
                self.memories.try_acquire_many(needs.memories).ok()?,
                self.tables.try_acquire_many(needs.tables).ok()?,
            ],
        })
    }

    /// Core instances free right now.
    #[cfg(test)]
    fn free_core_instances(&self) -> usize {
        self.core_instances.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn needs(core_instances: u32) -> Needs {
        Needs {
            core_instances,
            memories: 1,
            initial_memory_bytes: 0,
            tables: 1,
            initial_table_elements: 0,
        }
    }

    #[tokio::test]
    async fn a_call_waits_for_room_for_all_its_core_instances() {
        let pool = Admission::new(PoolSize {
            instances: 8,
            core_instances: 20,
            memories: 8,
            tables: 8,
        });
        let first = pool.admit(&needs(14)).await.unwrap();
        assert_eq!(pool.free_core_instances(), 6);
        // A second large instance does not fit beside the first: it waits.
        let large = needs(14);
        let waiting = tokio::time::timeout(Duration::from_millis(50), pool.admit(&large));
        assert!(waiting.await.is_err());
        // A small one does.
        let small = pool.admit(&needs(3)).await.unwrap();
        drop(first);
        let second = pool.admit(&needs(14)).await.unwrap();
        assert_eq!(pool.free_core_instances(), 3);
        drop((small, second));
        assert_eq!(pool.free_core_instances(), 20);
        // More than the pool holds is refused at once, not waited for.
        assert!(pool.admit(&needs(21)).await.is_err());
    }
}
