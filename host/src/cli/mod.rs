//! The command line: `serve`, `migrate` and the operator commands.

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
    Serve(serve::ServeArgs),
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
        Command::Serve(args) => serve::run(args).await,
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
