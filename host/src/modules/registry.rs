//! This host's registry of the builds serving every company's module slots.
//! Route table and prepared builds sit in one snapshot behind an atomic
//! swap: a request takes the build it starts on and finishes on it, however
//! the snapshot changes meanwhile. A watcher applies what the database says
//! changed (every host on the database does, within a second), compiles new
//! builds before anyone uses them, and releases builds nobody uses any more
//! (after their last call). Canary builds take their share of a company's
//! requests; one that fails too often is rolled back by the host itself.

use super::bundled::BUNDLED;
use super::canary::{CanaryRule, Window};
use super::descriptor::Descriptor;
use super::install::{self, Checked};
use super::routes::RouteTable;
use super::stats::Stats;
use super::{assign, ModuleError};
use crate::db::Db;
use crate::runtime::{Prepared, Runtime};
use crate::store::company_modules::{self, SlotRow};
use crate::store::{plugin_builds, plugin_stats};
use arc_swap::ArcSwap;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often a host looks for changes in the database.
pub const WATCH_EVERY: Duration = Duration::from_millis(200);
/// How often the call counts are added to the database's totals.
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// One compiled build on this host.
pub struct Build {
    /// What the plugin said about itself.
    pub info: Descriptor,
    /// The compiled component.
    pub prepared: Prepared,
    /// Compiled into this binary.
    pub bundled: bool,
}

impl Build {
    /// The SHA-256 of its bytes.
    pub fn digest(&self) -> &str {
        &self.prepared.digest
    }

    /// `slot@version+digest prefix`, naming the build in logs and headers.
    pub fn label(&self) -> String {
        format!("{}+{}", self.info.label(), &self.digest()[..12])
    }
}

/// What serves one company's slot.
#[derive(Clone)]
struct Served {
    build: Option<Arc<Build>>,
    canary: Option<(Arc<Build>, u8)>,
    enabled: bool,
}

#[derive(Default)]
struct Snapshot {
    routes: RouteTable,
    /// The bundled build of each slot that has one.
    bundled: HashMap<String, Arc<Build>>,
    /// Slots companies changed, by company, then slot.
    slots: HashMap<i64, HashMap<String, Served>>,
}

/// The build a request runs on.
pub enum Choice {
    /// This build serves it (`canary`: as the slot's canary).
    Serve {
        /// The build.
        build: Arc<Build>,
        /// Whether it runs as the canary.
        canary: bool,
    },
    /// The slot is off for the company (or no build serves it).
    Off,
}

/// The builds serving every company's slots on this host.
pub struct Registry {
    db: Db,
    runtime: Arc<Runtime>,
    snapshot: ArcSwap<Snapshot>,
    /// Builds compiled on this host, by digest: those in use and the bundled ones.
    builds: Mutex<HashMap<String, Arc<Build>>>,
    /// The stored state of every slot a company changed.
    rows: tokio::sync::Mutex<HashMap<(i64, String), SlotRow>>,
    stats: Stats,
    rule: CanaryRule,
    windows: Mutex<HashMap<(i64, String, String), Window>>,
    watermark: Mutex<Watermark>,
}

#[derive(Default, Clone, Copy)]
struct Watermark {
    history: i64,
    builds: i64,
}

impl Registry {
    /// Installs the bundled builds, then loads every company's assignment
    /// (compiling the builds they use, from the on-disk cache when it has
    /// them), so the host serves from its first request as the database says.
    pub async fn start(
        db: Db,
        runtime: Arc<Runtime>,
        rule: CanaryRule,
    ) -> anyhow::Result<Registry> {
        let watermark = Watermark {
            history: company_modules::latest_change(&db).await?,
            builds: plugin_builds::count(&db).await?,
        };
        let registry = Registry {
            db,
            runtime,
            snapshot: ArcSwap::from_pointee(Snapshot::default()),
            builds: Mutex::new(HashMap::new()),
            rows: tokio::sync::Mutex::new(HashMap::new()),
            stats: Stats::default(),
            rule,
            windows: Mutex::new(HashMap::new()),
            watermark: Mutex::new(watermark),
        };
        let mut bundled = HashMap::new();
        for (name, bytes) in BUNDLED {
            let build = registry
                .install_bundled(bytes)
                .await
                .map_err(|e| anyhow::anyhow!("installing the bundled plugin {name}: {e}"))?;
            tracing::info!(plugin = %build.label(), routes = ?build.info.routes, "bundled plugin ready");
            bundled.insert(build.info.slot.clone(), build);
        }
        registry.snapshot.store(Arc::new(Snapshot {
            bundled,
            ..Snapshot::default()
        }));
        let pairs = company_modules::all(&registry.db)
            .await?
            .into_iter()
            .map(|r| (r.company_id, r.slot))
            .collect();
        registry.apply(pairs).await?;
        Ok(registry)
    }

    async fn install_bundled(&self, bytes: &[u8]) -> Result<Arc<Build>, ModuleError> {
        let (_, checked) = install::install(
            &self.db,
            &self.runtime,
            bytes.to_vec(),
            plugin_builds::BUNDLED,
            "host",
        )
        .await?;
        let checked = match checked {
            Some(c) => c,
            None => install::check(&self.runtime, Arc::new(bytes.to_vec())).await?,
        };
        let build = Arc::new(build_of(checked, true));
        self.builds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(build.digest().to_string(), build.clone());
        Ok(build)
    }

    /// The module slot whose route `path` is.
    pub fn slot_of(&self, path: &str) -> Option<String> {
        self.snapshot.load().routes.lookup(path).map(str::to_string)
    }

    /// The build that serves this request of `company_id` to `slot`: the
    /// canary for its share of the requests, else the slot's build.
    pub fn choose(&self, company_id: i64, slot: &str) -> Choice {
        let snapshot = self.snapshot.load();
        let served = snapshot.slots.get(&company_id).and_then(|s| s.get(slot));
        let Some(served) = served else {
            return match snapshot.bundled.get(slot) {
                Some(build) => Choice::Serve {
                    build: build.clone(),
                    canary: false,
                },
                None => Choice::Off,
            };
        };
        if !served.enabled {
            return Choice::Off;
        }
        if let Some((build, percent)) = &served.canary {
            if rand::random::<u8>() % 100 < *percent {
                return Choice::Serve {
                    build: build.clone(),
                    canary: true,
                };
            }
        }
        match &served.build {
            Some(build) => Choice::Serve {
                build: build.clone(),
                canary: false,
            },
            None => Choice::Off,
        }
    }

    /// Counts one call's outcome; a canary failing more than its rule allows
    /// sends the company back to its previous build.
    pub fn record(
        self: &Arc<Self>,
        company_id: i64,
        build: &Build,
        canary: bool,
        failure: Option<&str>,
        took: Duration,
    ) {
        let slot = &build.info.slot;
        self.stats
            .count(company_id, slot, build.digest(), failure.is_none(), took);
        if !canary {
            return;
        }
        let key = (company_id, slot.clone(), build.digest().to_string());
        let (tripped, (failed, calls)) = {
            let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
            let window = windows.entry(key).or_default();
            (window.push(failure.is_none(), &self.rule), window.counts())
        };
        if !tripped {
            return;
        }
        let reason = format!(
            "{failed} of its last {calls} calls failed (more than {}% of {}); last: {}",
            self.rule.max_failure_percent,
            self.rule.window,
            failure.unwrap_or("")
        );
        let (registry, slot, digest) = (self.clone(), slot.clone(), build.digest().to_string());
        tokio::spawn(async move {
            registry
                .roll_back_canary(company_id, slot, digest, reason)
                .await
        });
    }

    async fn roll_back_canary(
        &self,
        company_id: i64,
        slot: String,
        digest: String,
        reason: String,
    ) {
        match assign::auto_rollback(&self.db, company_id, &slot, &digest, &reason).await {
            Ok(true) => {
                tracing::warn!(company_id, slot, canary = %digest, %reason, "canary rolled back")
            }
            Ok(false) => {}
            Err(e) => tracing::error!(company_id, slot, error = %e, "rolling back a canary"),
        }
        if let Err(e) = self.apply(vec![(company_id, slot)]).await {
            tracing::error!(error = %e, "applying a canary rollback");
        }
    }

    /// Applies the stored state of these slots: compiles the builds they
    /// name (keeping the previous state of a slot whose build cannot be
    /// loaded), swaps the snapshot, releases builds no longer used.
    pub async fn apply(&self, pairs: Vec<(i64, String)>) -> Result<(), ModuleError> {
        let mut rows = self.rows.lock().await;
        for (company_id, slot) in pairs {
            match company_modules::get(&self.db, company_id, &slot).await? {
                Some(row) => rows.insert((company_id, slot), row),
                None => rows.remove(&(company_id, slot)),
            };
        }
        let current = self.snapshot.load_full();
        let mut slots: HashMap<i64, HashMap<String, Served>> = HashMap::new();
        for ((company_id, slot), row) in rows.iter() {
            let served = match self.served(&current, row).await {
                Ok(served) => served,
                Err(e) => {
                    tracing::error!(company_id, slot, error = %e, "build not loaded; the slot keeps its previous build");
                    match current.slots.get(company_id).and_then(|s| s.get(slot)) {
                        Some(previous) => previous.clone(),
                        None => continue,
                    }
                }
            };
            slots
                .entry(*company_id)
                .or_default()
                .insert(slot.clone(), served);
        }
        let next = Snapshot {
            routes: route_table(&current.bundled, &slots),
            bundled: current.bundled.clone(),
            slots,
        };
        let used = used_digests(&next);
        self.snapshot.store(Arc::new(next));
        // Released here; a call still running on one holds it until it ends.
        self.builds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|digest, _| used.contains(digest));
        self.windows
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(_, _, digest), _| used.contains(digest));
        Ok(())
    }

    async fn served(&self, current: &Snapshot, row: &SlotRow) -> Result<Served, ModuleError> {
        let build = match &row.digest {
            Some(digest) => Some(self.build(digest).await?),
            None => current.bundled.get(&row.slot).cloned(),
        };
        let canary = match (&row.canary_digest, row.canary_percent) {
            (Some(digest), Some(percent)) => {
                Some((self.build(digest).await?, percent.clamp(0, 100) as u8))
            }
            _ => None,
        };
        Ok(Served {
            build,
            canary,
            enabled: row.enabled == 1,
        })
    }

    /// The compiled build `digest`: from this host's builds, else loaded
    /// from the database and compiled (the on-disk cache usually has it).
    async fn build(&self, digest: &str) -> Result<Arc<Build>, ModuleError> {
        if let Some(b) = self
            .builds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(digest)
        {
            return Ok(b.clone());
        }
        let row = plugin_builds::get(&self.db, digest)
            .await?
            .ok_or_else(|| ModuleError::UnknownBuild(digest.to_string()))?;
        let bytes = plugin_builds::bytes(&self.db, digest)
            .await?
            .ok_or_else(|| ModuleError::UnknownBuild(digest.to_string()))?;
        let checked = install::check(&self.runtime, Arc::new(bytes)).await?;
        let build = Arc::new(build_of(checked, row.bundled()));
        self.builds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(digest.to_string(), build.clone());
        Ok(build)
    }

    /// Starts the watcher: changes of any company's slots applied within
    /// [`WATCH_EVERY`], new builds compiled ahead of use, call counts flushed.
    pub fn spawn_watch(self: &Arc<Self>) {
        let registry = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(WATCH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut flushed = tokio::time::Instant::now();
            loop {
                tick.tick().await;
                if let Err(e) = registry.catch_up().await {
                    tracing::warn!(error = %e, "watching module changes");
                }
                if flushed.elapsed() >= FLUSH_EVERY {
                    registry.flush().await;
                    flushed = tokio::time::Instant::now();
                }
            }
        });
    }

    /// Applies the changes the database holds beyond this host's watermark.
    pub async fn catch_up(self: &Arc<Self>) -> Result<(), ModuleError> {
        let seen = *self.watermark.lock().unwrap_or_else(|e| e.into_inner());
        let builds = plugin_builds::count(&self.db).await?;
        if builds != seen.builds {
            self.watermark
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .builds = builds;
            self.precompile_all();
        }
        if company_modules::latest_change(&self.db).await? == seen.history {
            return Ok(());
        }
        let (pairs, newest) = company_modules::changed_after(&self.db, seen.history).await?;
        let count = pairs.len();
        self.apply(pairs).await?;
        self.watermark
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .history = newest;
        tracing::info!(slots = count, upto = newest, "module changes applied");
        Ok(())
    }

    /// Compiles, in the background, every recorded build this host's cache
    /// lacks, so that a company switching to it waits for no compiler.
    pub fn precompile_all(self: &Arc<Self>) {
        let registry = self.clone();
        tokio::spawn(async move {
            let Ok(rows) = plugin_builds::list(&registry.db, None).await else {
                return;
            };
            for row in rows {
                if registry.runtime.is_cached(&row.digest) {
                    continue;
                }
                let Ok(Some(bytes)) = plugin_builds::bytes(&registry.db, &row.digest).await else {
                    continue;
                };
                let started = std::time::Instant::now();
                match install::check(&registry.runtime, Arc::new(bytes)).await {
                    Ok(_) => {
                        tracing::info!(build = %row.digest, slot = row.slot, took = ?started.elapsed(), "build compiled ahead of use")
                    }
                    Err(e) => {
                        tracing::warn!(build = %row.digest, error = %e, "compiling a build ahead of use")
                    }
                }
            }
        });
    }

    /// Adds this host's call counts to the database's totals.
    pub async fn flush(&self) {
        let deltas = self.stats.take();
        if let Err(e) = plugin_stats::add(&self.db, &deltas).await {
            tracing::warn!(error = %e, "writing call counts; kept for the next flush");
            self.stats.restore(deltas);
        }
    }

    /// Installs every `*.wasm` in `dir`, in the background, as builds any
    /// company may then use; it changes what no company runs.
    pub fn spawn_plugins_dir(self: &Arc<Self>, dir: PathBuf) {
        let registry = self.clone();
        tokio::spawn(async move { registry.install_dir(&dir).await });
    }

    /// Installs every `*.wasm` in `dir` now (what the background task does).
    pub async fn install_dir(&self, dir: &Path) {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
                .collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        let (mut installed, mut refused) = (0, 0);
        for path in paths {
            let origin = path.display().to_string();
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) => {
                    tracing::error!(%origin, error = %e, "reading a plugin");
                    refused += 1;
                    continue;
                }
            };
            match install::install(&self.db, &self.runtime, bytes, "plugins-dir", "plugins-dir")
                .await
            {
                Ok((b, _)) => {
                    installed += 1;
                    tracing::info!(%origin, slot = b.slot, version = b.version, digest = b.digest, "plugin installed");
                }
                Err(e) => {
                    refused += 1;
                    tracing::error!(%origin, error = %e, "plugin not installed");
                }
            }
        }
        tracing::info!(dir = %dir.display(), installed, refused, "plugins dir installed");
    }

    /// Builds compiled on this host right now (in use or bundled).
    pub fn held(&self) -> usize {
        self.builds.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

fn build_of(checked: Checked, bundled: bool) -> Build {
    Build {
        info: checked.descriptor,
        prepared: checked.prepared,
        bundled,
    }
}

/// Every prefix any serving build declares, to its slot. Prefixes are
/// checked against other slots when a build is installed; a clash left (a
/// newer bundled build) keeps the first and is logged.
fn route_table(
    bundled: &HashMap<String, Arc<Build>>,
    slots: &HashMap<i64, HashMap<String, Served>>,
) -> RouteTable {
    let mut table = RouteTable::default();
    let mut seen = HashSet::new();
    let serving = slots.values().flat_map(|s| s.values()).flat_map(|s| {
        s.build
            .iter()
            .chain(s.canary.as_ref().map(|(b, _)| b))
            .collect::<Vec<_>>()
    });
    for build in bundled.values().chain(serving) {
        if !seen.insert(build.digest().to_string()) {
            continue;
        }
        for route in &build.info.routes {
            if let Err(e) = table.add(route, &build.info.slot) {
                tracing::error!(build = %build.label(), error = %e, "route not served");
            }
        }
    }
    table
}

fn used_digests(s: &Snapshot) -> HashSet<String> {
    let mut used: HashSet<String> = s.bundled.values().map(|b| b.digest().to_string()).collect();
    for served in s.slots.values().flat_map(|m| m.values()) {
        used.extend(served.build.iter().map(|b| b.digest().to_string()));
        used.extend(served.canary.iter().map(|(b, _)| b.digest().to_string()));
    }
    used
}
