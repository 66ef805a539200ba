//! `leida module list|enable|disable`: a company's module switches.

use super::DbArgs;
use crate::store::{companies, module_registry};
use anyhow::bail;
use clap::Subcommand;
use serde_json::{json, Value};

/// `leida module …`.
#[derive(Subcommand)]
pub enum ModuleCommand {
    /// List the installed modules and whether the company has them on.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
    },
    /// Turn a module on for a company.
    Enable {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module (slot) name, e.g. `card`.
        module: String,
    },
    /// Turn a module off for a company.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module (slot) name, e.g. `card`.
        module: String,
    },
}

/// Runs a `module` command.
pub async fn run(cmd: ModuleCommand) -> anyhow::Result<()> {
    let (db, company, change) = match cmd {
        ModuleCommand::List { db, company } => (db, company, None),
        ModuleCommand::Enable {
            db,
            company,
            module,
        } => (db, company, Some((module, true))),
        ModuleCommand::Disable {
            db,
            company,
            module,
        } => (db, company, Some((module, false))),
    };
    let db = db.open().await?;
    if companies::get(&db, company).await?.is_none() {
        bail!("no company {company}");
    }
    let installed = module_registry::installed(&db).await?;
    if let Some((module, enabled)) = change {
        if !installed.iter().any(|m| m.name == module) {
            let known: Vec<&str> = installed.iter().map(|m| m.name.as_str()).collect();
            bail!("no installed module {module:?} (installed: {known:?}; modules are installed when `leida serve` starts)");
        }
        module_registry::set_enabled(&db, company, &module, enabled).await?;
        println!(
            "{}",
            json!({ "company_id": company, "module": module, "enabled": enabled })
        );
        return Ok(());
    }
    let mut list = Vec::new();
    for m in installed {
        let switch = module_registry::switch(&db, company, &m.name).await?;
        let descriptor: Value = serde_json::from_str(&m.descriptor).unwrap_or(Value::Null);
        list.push(json!({
            "name": m.name,
            "version": m.version,
            "enabled": module_registry::is_on(switch, m.bundled),
            "bundled": m.bundled,
            "routes": descriptor.get("routes").cloned().unwrap_or(json!([])),
        }));
    }
    println!("{}", json!({ "company_id": company, "modules": list }));
    Ok(())
}
