//! `leida module …`: install plugin builds, choose which build serves a
//! company's module slot (use, canary, promote, roll back), switch slots on
//! and off, and show them. Each command prints one JSON line; a refusal is
//! one line on stderr and a non-zero exit.

use super::{DbArgs, RuntimeArgs};
use crate::db::Db;
use crate::modules::assign::{self, Actor, Target};
use crate::modules::install;
use crate::modules::scaffold::{self, Lang, Project};
use crate::modules::view::{self, SlotView};
use crate::store::{companies, company_modules, plugin_builds};
use anyhow::{bail, Context};
use clap::Subcommand;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// The operator's CLI may use any installed build.
const OPERATOR: Actor<'static> = Actor {
    name: "cli",
    granted_only: false,
};

/// `leida module …`.
#[derive(Subcommand)]
pub enum ModuleCommand {
    /// Check a plugin component and record it as a build of its slot; prints
    /// `{"slot","version","digest"}` (the same for the same bytes again).
    Install {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        runtime: RuntimeArgs,
        /// The component (`*.wasm`).
        file: PathBuf,
    },
    /// Check a component as `install` would, without recording it; prints its
    /// contract, imports, exports, needs against the limits, descriptor and
    /// every problem (exit 1 when there is one).
    Check {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        runtime: RuntimeArgs,
        /// The component (`*.wasm`).
        file: PathBuf,
    },
    /// Write a small buildable plugin project (the WIT, the SDK dependency or
    /// the bindings' build, one route, one test, a README); prints where and
    /// the build command.
    New {
        /// The project name (lowercase, digits, `-`); also its directory.
        name: String,
        /// The module slot it serves, e.g. `visit-log`.
        #[arg(long)]
        slot: String,
        /// Its language: `rust`, `python` or `js`.
        #[arg(long, default_value = "rust")]
        lang: Lang,
        /// Where to write it (default: `./NAME`); must not exist or be empty.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Where the Rust SDK comes from: a path or a git URL (default: the
        /// SDK of the source tree this binary was built from).
        #[arg(long)]
        sdk: Option<String>,
    },
    /// Run one request through a component in a scratch tenant (temporary
    /// SQLite, real capabilities); prints the envelope, the host calls it made
    /// and its stderr.
    Try(super::module_try::TryArgs),
    /// Make a build (its digest, or `bundled`) serve a company's slot; with
    /// `--canary P`, for P % of its requests beside the current build.
    Use {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module slot, e.g. `card`.
        slot: String,
        /// The build's digest, or `bundled`.
        digest: String,
        /// Run it as a canary for this share of the requests (1–100).
        #[arg(long)]
        canary: Option<i64>,
    },
    /// Make the company's canary build serve the whole slot.
    Promote {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module slot.
        slot: String,
    },
    /// Return the company's slot to its previous assignment (a canary stops).
    Rollback {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module slot.
        slot: String,
    },
    /// Turn a module on for a company.
    Enable {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module slot, e.g. `card`.
        module: String,
    },
    /// Turn a module off for a company.
    Disable {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The module slot, e.g. `card`.
        module: String,
    },
    /// Show each slot of a company: build in use, canary, on or off, since
    /// when, and the calls of every build that served it.
    List {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
    },
    /// Show the changes of a company's slots, newest first.
    History {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// Only this slot.
        slot: Option<String>,
    },
    /// Show the installed builds.
    Builds {
        #[command(flatten)]
        db: DbArgs,
        /// Only builds of this slot.
        slot: Option<String>,
    },
    /// Make a build available to a company's admins in the back office.
    Grant {
        #[command(flatten)]
        db: DbArgs,
        /// The company id.
        #[arg(long)]
        company: i64,
        /// The build's digest.
        digest: String,
    },
}

/// Runs a `module` command.
pub async fn run(cmd: ModuleCommand) -> anyhow::Result<()> {
    let line = match cmd {
        ModuleCommand::Install { db, runtime, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let runtime = Arc::new(db.runtime(&runtime)?);
            let db = db.open().await?;
            let (installed, _) = install::install(&db, &runtime, bytes, "cli", "cli").await?;
            // In this order: slot, version, digest.
            println!("{}", serde_json::to_string(&installed)?);
            return Ok(());
        }
        ModuleCommand::Check { db, runtime, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let runtime = Arc::new(db.runtime(&runtime)?);
            let report = install::report(&runtime, bytes).await;
            println!("{}", serde_json::to_string(&report)?);
            if !report.problems.is_empty() {
                bail!(
                    "{} problem(s): {}",
                    report.problems.len(),
                    report.problems.join("; ")
                );
            }
            return Ok(());
        }
        ModuleCommand::New {
            name,
            slot,
            lang,
            dir,
            sdk,
        } => {
            let sdk = match sdk {
                Some(sdk) => sdk,
                None if lang != Lang::Rust => String::new(),
                None => scaffold::default_sdk()
                    .context("no SDK source here: pass --sdk PATH or --sdk GIT-URL")?
                    .display()
                    .to_string(),
            };
            let project = Project {
                name,
                slot,
                lang,
                sdk,
            };
            let problems = project.problems();
            if !problems.is_empty() {
                bail!("{}", problems.join("; "));
            }
            let dir = dir.unwrap_or_else(|| PathBuf::from(&project.name));
            project.write(&dir)?;
            json!({
                "dir": dir.display().to_string(),
                "slot": project.slot,
                "lang": lang.name(),
                "build": project.build_command(),
                "component": project.output(),
            })
        }
        ModuleCommand::Try(args) => return super::module_try::run(args).await,
        ModuleCommand::Use {
            db,
            company,
            slot,
            digest,
            canary,
        } => {
            let db = company_db(&db, company).await?;
            assign::use_build(
                &db,
                company,
                &slot,
                &Target::parse(&digest),
                canary,
                OPERATOR,
            )
            .await?;
            slot_line(&db, company, &slot).await?
        }
        ModuleCommand::Promote { db, company, slot } => {
            let db = company_db(&db, company).await?;
            assign::promote(&db, company, &slot, OPERATOR).await?;
            slot_line(&db, company, &slot).await?
        }
        ModuleCommand::Rollback { db, company, slot } => {
            let db = company_db(&db, company).await?;
            assign::rollback(&db, company, &slot, OPERATOR).await?;
            slot_line(&db, company, &slot).await?
        }
        ModuleCommand::Enable {
            db,
            company,
            module,
        } => switch(&db, company, &module, true).await?,
        ModuleCommand::Disable {
            db,
            company,
            module,
        } => switch(&db, company, &module, false).await?,
        ModuleCommand::List { db, company } => {
            let db = company_db(&db, company).await?;
            json!({ "company_id": company, "modules": view::company_slots(&db, company).await? })
        }
        ModuleCommand::History { db, company, slot } => {
            let db = company_db(&db, company).await?;
            let rows = company_modules::history(&db, company, slot.as_deref(), 1000).await?;
            let history: Vec<Value> = rows.iter().map(view::history_item).collect();
            json!({ "company_id": company, "history": history })
        }
        ModuleCommand::Builds { db, slot } => {
            let db = db.open().await?;
            let builds = plugin_builds::list(&db, slot.as_deref()).await?;
            let list: Vec<Value> = builds
                .iter()
                .map(|b| {
                    json!({
                        "slot": b.slot, "version": b.version, "digest": b.digest,
                        "contract": b.contract, "size": b.size, "origin": b.origin,
                        "installed_by": b.installed_by, "installed_at": b.installed_at,
                    })
                })
                .collect();
            json!({ "builds": list })
        }
        ModuleCommand::Grant {
            db,
            company,
            digest,
        } => {
            let db = company_db(&db, company).await?;
            let digest = digest.trim().to_ascii_lowercase();
            let Some(build) = plugin_builds::get(&db, &digest).await? else {
                bail!("no build {digest}");
            };
            plugin_builds::grant(&db, &digest, company, "cli").await?;
            json!({ "company_id": company, "slot": build.slot, "digest": digest, "granted": true })
        }
    };
    println!("{line}");
    Ok(())
}

/// The database, once `company` is known to exist in it.
async fn company_db(db: &DbArgs, company: i64) -> anyhow::Result<Db> {
    let db = db.open().await?;
    if companies::get(&db, company).await?.is_none() {
        bail!("no company {company}");
    }
    Ok(db)
}

async fn switch(db: &DbArgs, company: i64, slot: &str, enabled: bool) -> anyhow::Result<Value> {
    let db = company_db(db, company).await?;
    assign::set_enabled(&db, company, slot, enabled, OPERATOR).await?;
    Ok(json!({ "company_id": company, "module": slot, "enabled": enabled }))
}

/// The slot as `module list` shows it, with the company.
async fn slot_line(db: &Db, company: i64, slot: &str) -> anyhow::Result<Value> {
    let views = view::company_slots(db, company).await?;
    let view: &SlotView = views
        .iter()
        .find(|v| v.slot == slot)
        .with_context(|| format!("no slot {slot}"))?;
    let mut line = serde_json::to_value(view)?;
    line["company_id"] = json!(company);
    Ok(line)
}
