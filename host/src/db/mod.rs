//! The database: sqlx `Any` pools over SQLite (default) or PostgreSQL.

mod dialect;
mod query;

pub use dialect::Dialect;
pub use query::SqlQuery;

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

/// A connected database and the SQL dialect it speaks.
#[derive(Clone)]
pub struct Db {
    /// The connection pool for reads.
    pub pool: AnyPool,
    /// The pool for writes: on SQLite a single connection, so writers queue
    /// in the pool instead of spinning on the file lock; on PostgreSQL the
    /// same pool as reads.
    writer: AnyPool,
    /// Which engine is behind the pools.
    pub dialect: Dialect,
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite file if needed.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::from_url(url)?;
        let (pool, writer) = match dialect {
            Dialect::Sqlite => {
                if let Some(dir) = sqlite_file(url).and_then(|p| Path::new(p).parent()) {
                    std::fs::create_dir_all(dir).ok();
                }
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                // Each SQLite connection has its own worker thread: two readers
                // per core keep the cores busy without piling up hand-offs.
                let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
                let writer = sqlite_pool(&url, 1).await?;
                (sqlite_pool(&url, (2 * cores).clamp(2, 16)).await?, writer)
            }
            Dialect::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    // A broken connection fails its query and is replaced; pinging
                    // before every use would double the round trips.
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect(url)
                    .await
                    .context("connecting to PostgreSQL")?;
                (pool.clone(), pool)
            }
        };
        Ok(Db {
            pool,
            writer,
            dialect,
        })
    }

    /// The pool every writing statement runs on.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Applies the migrations of this engine that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.dialect {
            Dialect::Sqlite => sqlx::migrate!("../migrations/sqlite"),
            Dialect::Postgres => sqlx::migrate!("../migrations/postgres"),
        };
        migrator
            .run(&self.writer)
            .await
            .context("applying migrations")?;
        Ok(())
    }
}

async fn sqlite_pool(url: &str, connections: u32) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(connections)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL lets readers run beside the one writer; NORMAL sync is
                // durable across process crashes, which is what WAL promises.
                // Reads map the file (shared by every connection through the
                // OS page cache) instead of copying each page out of it, and
                // each connection keeps 16 MiB of pages it has decoded.
                conn.execute(
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; \
                     PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; \
                     PRAGMA mmap_size=1073741824; PRAGMA cache_size=-16384;",
                )
                .await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .with_context(|| format!("opening SQLite database {url}"))
}

fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}
