//! One running `leida serve` process with its own data directory and
//! database, and the `leida` CLI commands run against that database.

use super::database::Database;
use super::fake_wechat::FakeWechat;
use super::Client;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::time::{Duration, Instant};

/// The `leida` binary under test.
pub const LEIDA: &str = env!("CARGO_BIN_EXE_leida");
/// How long a server may take to print its listening line.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The prefix of the listening line on stdout.
const LISTENING: &str = "leida listening on ";

/// Settings that differ between servers; the default is the shared server's.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// `--module-deadline-ms`.
    pub module_deadline_ms: Option<u64>,
    /// `--module-memory-mib`.
    pub module_memory_mib: Option<u64>,
    /// `--signature-window-secs`.
    pub signature_window_secs: Option<u64>,
    /// `--upload-expiry-secs`.
    pub upload_expiry_secs: Option<u64>,
    /// `--scan-login-expiry-secs`.
    pub scan_login_expiry_secs: Option<u64>,
    /// `--scan-login-per-minute`.
    pub scan_login_per_minute: Option<u64>,
    /// `--scan-login-waiting-cap`.
    pub scan_login_waiting_cap: Option<u64>,
    /// Component files copied into the server's `--plugins-dir`.
    pub plugins: Vec<PathBuf>,
    /// `--bus` (a Redis URL): socket wake-ups cross hosts.
    pub bus: Option<String>,
    /// `--canary-window` and `--canary-max-failure-percent`.
    pub canary: Option<(u64, u64)>,
}

/// A running `leida serve`; stopped with SIGTERM when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The server's `--data-dir`.
    pub data_dir: PathBuf,
    /// The server's database.
    pub db: Database,
    /// The file that receives the server's stderr.
    pub log_path: PathBuf,
    pub(super) child: Mutex<Child>,
}

impl Server {
    /// The default-configured server shared by every test that needs nothing
    /// special; tests keep to their own companies, so they can share it.
    pub fn shared() -> &'static Server {
        static SHARED: OnceLock<Server> = OnceLock::new();
        SHARED.get_or_init(|| Server::start(&ServerConfig::default()))
    }

    /// Starts a server with `config` on a fresh database, waiting for its listening line.
    pub fn start(config: &ServerConfig) -> Server {
        Server::start_on(config, None)
    }

    /// A second host on `first`'s database (its own data dir): two
    /// `leida serve` processes behind one load balancer.
    pub fn start_beside(first: &Server, config: &ServerConfig) -> Server {
        Server::start_on(config, Some(first.db.shared()))
    }

    fn start_on(config: &ServerConfig, database: Option<Database>) -> Server {
        let data_dir = fresh_data_dir();
        let plugins_dir = data_dir.join("plugins");
        std::fs::create_dir_all(&plugins_dir).expect("creating the plugins dir");
        for plugin in &config.plugins {
            let name = plugin.file_name().expect("a plugin file name");
            std::fs::copy(plugin, plugins_dir.join(name))
                .unwrap_or_else(|e| panic!("copying {}: {e}", plugin.display()));
        }
        let cache_dir = compile_cache();
        std::fs::create_dir_all(&cache_dir).expect("creating the module cache dir");
        let db = database.unwrap_or_else(|| Database::fresh(&data_dir));
        let log_path = data_dir.join("leida.log");
        let log = std::fs::File::create(&log_path).expect("creating the server log");
        let fake = FakeWechat::shared().base_url().to_string();

        let mut cmd = Command::new(LEIDA);
        without_leida_env(&mut cmd);
        cmd.arg("serve")
            .args(["--listen", "127.0.0.1:0", "--database", &db.url])
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["--wechat-api-base", &fake, "--wework-api-base", &fake])
            .args(["--wechat-open-base", &fake])
            .arg("--plugins-dir")
            .arg(&plugins_dir)
            .arg("--cache-dir")
            .arg(&cache_dir);
        let numbers = [
            ("--module-deadline-ms", config.module_deadline_ms),
            ("--module-memory-mib", config.module_memory_mib),
            ("--signature-window-secs", config.signature_window_secs),
            ("--upload-expiry-secs", config.upload_expiry_secs),
            ("--scan-login-expiry-secs", config.scan_login_expiry_secs),
            ("--scan-login-per-minute", config.scan_login_per_minute),
            ("--scan-login-waiting-cap", config.scan_login_waiting_cap),
        ];
        for (flag, value) in numbers {
            if let Some(v) = value {
                cmd.arg(flag).arg(v.to_string());
            }
        }
        if let Some(bus) = &config.bus {
            cmd.arg("--bus").arg(bus);
        }
        if let Some((window, percent)) = config.canary {
            cmd.arg("--canary-window").arg(window.to_string());
            cmd.arg("--canary-max-failure-percent")
                .arg(percent.to_string());
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| panic!("spawning {LEIDA}: {e}"));
        remember_pid(child.id());
        let stdout = child.stdout.take().expect("the server's stdout");
        let base_url = match wait_listening(stdout, &data_dir.join("stdout.log")) {
            Ok(url) => url,
            Err(why) => {
                let _ = child.kill();
                let _ = child.wait();
                forget_pid(child.id());
                panic!(
                    "leida serve did not start ({why}); command: {cmd:?}\n--- server log ---\n{}",
                    read_log(&log_path)
                );
            }
        };
        let server = Server {
            base_url,
            data_dir,
            db,
            log_path,
            child: Mutex::new(child),
        };
        if !config.plugins.is_empty() {
            server.wait_plugins_installed();
        }
        server
    }

    /// Waits until the server has installed its plugins dir (it does so in
    /// the background after it listens).
    fn wait_plugins_installed(&self) {
        let deadline = Instant::now() + START_TIMEOUT;
        while !self.log().contains("plugins dir installed") {
            assert!(
                Instant::now() < deadline,
                "the plugins dir was not installed within {START_TIMEOUT:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// An HTTP client for this server (create one per test: a client is tied
    /// to the runtime it first runs on).
    pub fn client(&self) -> Client {
        Client::new(&self.base_url, &self.log_path)
    }

    /// Everything the server has logged so far, without colour codes.
    pub fn log(&self) -> String {
        read_log(&self.log_path)
    }

    /// Runs a `leida module …` command that changes a company's slot and
    /// waits until this server applied it (its watcher logs each change it
    /// applies); returns the command's JSON line.
    pub async fn module_change(&self, args: &[&str]) -> Value {
        let out = self.cli(args).await;
        let change = self.db.latest_module_change().await;
        self.applied(change, Duration::from_secs(30)).await;
        out
    }

    /// Waits up to `timeout` until this server has applied module change
    /// `change` (its watcher logs `upto=<id>` for every batch it applies);
    /// returns how long that took.
    pub async fn applied(&self, change: i64, timeout: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let done = self.log().lines().any(|line| {
                line.contains("module changes applied")
                    && line
                        .split("upto=")
                        .nth(1)
                        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                        .and_then(|n| n.parse::<i64>().ok())
                        .is_some_and(|upto| upto >= change)
            });
            if done {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < timeout,
                "the server did not apply module change {change} within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `leida <args…>` on no database of a server (`module try` makes
    /// its own), with the shared compile cache; the one JSON line it prints.
    pub async fn cli_alone(args: &[&str]) -> Value {
        let mut cmd = Command::new(LEIDA);
        without_leida_env(&mut cmd);
        let cache = compile_cache();
        let output = tokio::process::Command::from(cmd)
            .args(args)
            .arg("--cache-dir")
            .arg(&cache)
            .stdin(Stdio::null())
            .output()
            .await
            .unwrap_or_else(|e| panic!("running leida {args:?}: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "leida {args:?} failed\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("leida {args:?} printed no JSON line ({e}): {stdout}"))
    }

    /// Runs `leida <args…>` against this server's database and data dir and
    /// returns the one JSON line it prints; panics when the command fails.
    pub async fn cli(&self, args: &[&str]) -> Value {
        let (status, stdout, stderr) = self.cli_raw(args).await;
        assert!(
            status,
            "leida {args:?} failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
        );
        let line = stdout
            .lines()
            .rev()
            .find(|l| l.trim_start().starts_with('{'))
            .unwrap_or_else(|| panic!("leida {args:?} printed no JSON line: {stdout:?}"));
        serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("leida {args:?} printed bad JSON {line:?}: {e}"))
    }

    /// Runs `leida <args…>` and returns (success, stdout, stderr). The
    /// `--database` and `--data-dir` flags follow the first word that is
    /// not a subcommand, i.e. they come right before the first `--flag`.
    pub async fn cli_raw(&self, args: &[&str]) -> (bool, String, String) {
        let split = args
            .iter()
            .position(|a| a.starts_with("--"))
            .unwrap_or(args.len());
        let mut cmd = Command::new(LEIDA);
        without_leida_env(&mut cmd);
        // The servers' compile cache: a build `module install` compiled is
        // then loaded, not compiled again, by the server that runs it.
        cmd.env("LEIDA_CACHE_DIR", compile_cache());
        let output = tokio::process::Command::from(cmd)
            .args(&args[..split])
            .args(["--database", &self.db.url])
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(&args[split..])
            .stdin(Stdio::null())
            .output()
            .await
            .unwrap_or_else(|e| panic!("running leida {args:?}: {e}"));
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Waits up to `timeout` for a line of the log past its first `from`
    /// bytes that holds every one of `needles`, each as a whole word (not
    /// followed by a letter or digit, so `company=3` is not `company=31`);
    /// that line, or `None`.
    pub async fn wait_for_log_line(
        &self,
        from: usize,
        needles: &[&str],
        timeout: Duration,
    ) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log();
            let found = log
                .get(from..)
                .unwrap_or("")
                .lines()
                .find(|line| needles.iter().all(|n| holds_word(line, n)))
                .map(str::to_string);
            if found.is_some() || Instant::now() > deadline {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits up to `timeout` for the log, past its first `from` bytes, to
    /// contain `needle`; returns that part of the log.
    pub async fn wait_for_log(&self, from: usize, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log();
            let tail = log.get(from..).unwrap_or("").to_string();
            if tail.contains(needle) || Instant::now() > deadline {
                return tail;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner());
        forget_pid(child.id());
        // SAFETY: the child has not been reaped (only `child` waits for it).
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        self.db.drop_database();
    }
}

/// Keeps the developer's `LEIDA_*` settings away from the command, so only
/// the flags the harness passes apply.
fn without_leida_env(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("LEIDA_") {
            cmd.env_remove(name);
        }
    }
}

/// The compile cache every test server and CLI run shares.
fn compile_cache() -> PathBuf {
    tmp_root().join("leida-e2e-cache")
}

/// Where test servers keep their files.
fn tmp_root() -> PathBuf {
    option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
}

/// A new, empty data directory for one server of this test process; the
/// directories of earlier, finished test processes are removed first.
fn fresh_data_dir() -> PathBuf {
    static CLEANED: Once = Once::new();
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let runs = tmp_root().join("leida-e2e");
    CLEANED.call_once(|| {
        for entry in std::fs::read_dir(&runs).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let pid = name
                .strip_prefix("run-")
                .and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|p| !Path::new(&format!("/proc/{p}")).exists()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
    let dir = runs
        .join(format!("run-{}", std::process::id()))
        .join(format!("server-{}", COUNTER.fetch_add(1, Ordering::SeqCst)));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the server data dir");
    dir
}

/// Reads stdout until the listening line (copying every line to `copy`),
/// then keeps draining it on the same thread so the server never blocks.
fn wait_listening(stdout: std::process::ChildStdout, copy: &Path) -> Result<String, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut copy = std::fs::File::create(copy).map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = writeln!(copy, "{line}");
            if let Some(rest) = line.trim().strip_prefix(LISTENING) {
                if let Some(tx) = tx.take() {
                    let _ = tx.send(rest.trim().trim_end_matches('/').to_string());
                }
            }
        }
    });
    match rx.recv_timeout(START_TIMEOUT) {
        Ok(url) if url.starts_with("http://") => Ok(url),
        Ok(url) => Err(format!("unexpected listening address {url:?}")),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("no listening line within {START_TIMEOUT:?}"))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("stdout closed before the listening line".into())
        }
    }
}

fn read_lossy(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

/// The server log at `path` without terminal colour codes.
pub fn read_log(path: &Path) -> String {
    let raw = read_lossy(path);
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip a CSI sequence: ESC '[' parameters… final byte in '@'..='~'.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Servers still running; the shared ones are never dropped, so they are
/// stopped when the test process exits.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

fn remember_pid(pid: u32) {
    static AT_EXIT: Once = Once::new();
    AT_EXIT.call_once(|| {
        // SAFETY: registers a plain `extern "C"` function without arguments.
        unsafe { libc::atexit(stop_remaining) };
    });
    RUNNING.lock().unwrap_or_else(|e| e.into_inner()).push(pid);
}

fn forget_pid(pid: u32) {
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| *p != pid);
}

extern "C" fn stop_remaining() {
    let pids = std::mem::take(&mut *RUNNING.lock().unwrap_or_else(|e| e.into_inner()));
    for pid in pids {
        terminate(pid as i32, Duration::from_secs(5));
    }
}

/// Sends SIGTERM and waits up to `grace` for the child to exit, then SIGKILL.
fn terminate(pid: i32, grace: Duration) {
    // SAFETY: `pid` is a child of this process that has not been reaped yet.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        let mut status = 0;
        // SAFETY: non-blocking wait on our own child.
        let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if reaped != 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: as above.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        libc::waitpid(pid, std::ptr::null_mut(), 0);
    }
}

/// Whether `text` holds `word` not followed by a letter or digit.
pub fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        !text[at + word.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    })
}
