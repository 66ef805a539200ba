//! The command line: `serve`, `migrate` and the operator commands.

mod module_try;
mod modules;
mod serve;
mod tenants;

use crate::db::Db;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Leida: the sales-radar backend.
#[derive(Parser)]
#[command(name = "leida", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the HTTP API (migrates first).
    // Boxed: its many flags would make every other command as large.
    Serve(Box<serve::ServeArgs>),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Create a company (tenant) and its first back-office admin.
    Bootstrap(tenants::BootstrapArgs),
    /// Manage radar users (salespeople).
    #[command(subcommand)]
    User(tenants::UserCommand),
    /// Manage companies.
    #[command(subcommand)]
    Company(tenants::CompanyCommand),
    /// List, enable or disable a company's modules.
    #[command(subcommand)]
    Module(modules::ModuleCommand),
}

/// How plugins run; shared by `serve` and `module install`.
#[derive(Args, Clone)]
pub struct RuntimeArgs {
    /// Where compiled plugins are cached (default: `<data-dir>/cache`).
    #[arg(long, env = "LEIDA_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Wall-clock limit of one module call, in milliseconds.
    #[arg(long, env = "LEIDA_MODULE_DEADLINE_MS", default_value_t = crate::settings::MODULE_DEADLINE_MS)]
    pub module_deadline_ms: u64,
    /// Memory limit of one module instance, in MiB.
    #[arg(long, env = "LEIDA_MODULE_MEMORY_MIB", default_value_t = crate::settings::MODULE_MEMORY_MIB)]
    pub module_memory_mib: usize,
}

impl RuntimeArgs {
    /// The limits every call runs under.
    pub fn limits(&self) -> crate::runtime::limits::Limits {
        crate::runtime::limits::Limits {
            deadline: std::time::Duration::from_millis(self.module_deadline_ms),
            memory_bytes: self.module_memory_mib << 20,
        }
    }

    /// The cache dir: the flag, or `cache` in `data_dir`.
    pub fn cache_dir(&self, data_dir: &std::path::Path) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("cache"))
    }
}

/// Where the data lives; shared by every command.
#[derive(Args, Clone)]
pub struct DbArgs {
    /// Database URL: `sqlite://PATH` or `postgres://…` (default: SQLite in the data dir).
    #[arg(long = "database", env = "LEIDA_DATABASE_URL")]
    pub database: Option<String>,
    /// Directory for the SQLite file, stored files and caches.
    #[arg(long = "data-dir", env = "LEIDA_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

impl DbArgs {
    /// The database URL: the flag, or SQLite in the data dir.
    pub fn url(&self) -> String {
        self.database
            .clone()
            .unwrap_or_else(|| crate::settings::sqlite_url(&self.data_dir))
    }

    /// The plugin runtime these settings and `runtime` describe (a CLI
    /// command checking a component compiles it like `serve`).
    pub fn runtime(&self, runtime: &RuntimeArgs) -> anyhow::Result<crate::runtime::Runtime> {
        crate::runtime::Runtime::new(runtime.limits(), runtime.cache_dir(&self.data_dir))
    }

    /// Connects to the database and applies pending migrations.
    pub async fn open(&self) -> anyhow::Result<Db> {
        let db = Db::connect(&self.url()).await?;
        db.migrate().await?;
        Ok(db)
    }
}

/// Runs the command line.
pub async fn run() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Serve(args) => serve::run(*args).await,
        Command::Migrate(db) => {
            db.open().await?;
            println!("{}", serde_json::json!({ "migrated": true }));
            Ok(())
        }
        Command::Bootstrap(args) => tenants::bootstrap(args).await,
        Command::User(cmd) => tenants::user(cmd).await,
        Command::Company(cmd) => tenants::company(cmd).await,
        Command::Module(cmd) => modules::run(cmd).await,
    }
}
