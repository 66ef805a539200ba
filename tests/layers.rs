//! The host's layers, checked on its source: the route table above the
//! handlers, handlers above the services, services above `store/`, shared
//! types at the bottom, and SQL only in `store/` (and `db/`, which runs it).
//! A file that names a module its layer may not use fails this test with
//! the file and the name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The services: what handlers call and what the app holds.
const SERVICES: &[&str] = &[
    "auth",
    "capabilities",
    "chat",
    "crm",
    "expiring_cache",
    "images",
    "media",
    "modules",
    "public_account",
    "qr_codes",
    "realtime",
    "runtime",
    "scan_login",
    "wechat",
    "wecom",
];
/// What every layer may use.
const SHARED: &[&str] = &["identity", "settings", "local_time"];

/// The top-level modules a file of module `top` may name with `crate::`.
fn allowed(top: &str) -> Option<BTreeSet<&'static str>> {
    let mut ok: BTreeSet<&str> = SHARED.iter().copied().collect();
    let services = SERVICES.iter().copied();
    match top {
        // The command line and the crate root wire everything together.
        "cli" | "lib" | "main" => return None,
        "router" => ok.extend(["api", "app", "http"]),
        "api" => ok.extend(services.chain(["api", "app", "http", "store", "db"])),
        "app" => ok.extend(services.chain(["store", "db"])),
        "http" => ok.extend(services.chain(["http", "store"])),
        "store" => ok.extend(["store", "db"]),
        "db" => {
            ok.insert("db");
        }
        "identity" | "settings" | "local_time" => {}
        service if SERVICES.contains(&service) => ok.extend(services.chain(["store", "db"])),
        other => panic!("{other}: a new top-level module needs a layer in tests/layers.rs"),
    }
    Some(ok)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without comments and without its unit tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::<name>` a file uses, including those inside `crate::{…}`.
fn crate_names(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap();
        let first = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = first.trim_end_matches(".rs");
        let Some(ok) = allowed(top) else { continue };
        for name in crate_names(&code(file)) {
            if !ok.contains(name.as_str()) {
                wrong.push(format!("{} uses crate::{name}", relative.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
}

#[test]
fn sql_is_written_only_in_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let outside: Vec<String> = files
        .iter()
        .filter(|f| {
            let r = f.strip_prefix(&root).unwrap();
            !(r.starts_with("store") || r.starts_with("db"))
        })
        .filter(|f| {
            let c = code(f);
            ["sqlx::query", "query_scalar(", "query_as("]
                .iter()
                .any(|q| c.contains(q))
        })
        .map(|f| f.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert!(outside.is_empty(), "SQL outside store/: {outside:?}");
}
