//! `leida module new`: a small buildable plugin project in Rust, Python or
//! JavaScript, with the contract's WIT, one route, one test and a README
//! that says how to build, check, try and install it.

use crate::runtime::CONTRACTS;
use crate::store::documents::valid_name;
use std::path::{Path, PathBuf};

/// The language of a new plugin project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Rust with the `leida-module-sdk` crate.
    Rust,
    /// Python, built with componentize-py.
    Python,
    /// JavaScript, built with componentize-js.
    Js,
}

impl Lang {
    /// Its name on the command line: `rust`, `python` or `js`.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::Python => "python",
            Lang::Js => "js",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        [Lang::Rust, Lang::Python, Lang::Js]
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| format!("unknown language {s:?}: rust, python or js"))
    }
}

/// What a new project is made of.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project (and Rust crate or package) name.
    pub name: String,
    /// The module slot it serves.
    pub slot: String,
    /// Its language.
    pub lang: Lang,
    /// Where the Rust SDK comes from: a path or a git URL (Rust only).
    pub sdk: String,
}

/// The newest contract, written into every project's `wit/`.
const WIT: &[(&str, &str)] = &[
    (
        "chat.wit",
        include_str!("../../../../wit/platform@0.6.0/chat.wit"),
    ),
    (
        "clock.wit",
        include_str!("../../../../wit/platform@0.6.0/clock.wit"),
    ),
    (
        "directory.wit",
        include_str!("../../../../wit/platform@0.6.0/directory.wit"),
    ),
    (
        "files.wit",
        include_str!("../../../../wit/platform@0.6.0/files.wit"),
    ),
    (
        "follow-ups.wit",
        include_str!("../../../../wit/platform@0.6.0/follow-ups.wit"),
    ),
    (
        "images.wit",
        include_str!("../../../../wit/platform@0.6.0/images.wit"),
    ),
    (
        "links.wit",
        include_str!("../../../../wit/platform@0.6.0/links.wit"),
    ),
    (
        "log.wit",
        include_str!("../../../../wit/platform@0.6.0/log.wit"),
    ),
    (
        "module.wit",
        include_str!("../../../../wit/platform@0.6.0/module.wit"),
    ),
    (
        "peers.wit",
        include_str!("../../../../wit/platform@0.6.0/peers.wit"),
    ),
    (
        "radar.wit",
        include_str!("../../../../wit/platform@0.6.0/radar.wit"),
    ),
    (
        "storage.wit",
        include_str!("../../../../wit/platform@0.6.0/storage.wit"),
    ),
    (
        "types.wit",
        include_str!("../../../../wit/platform@0.6.0/types.wit"),
    ),
    (
        "world.wit",
        include_str!("../../../../wit/platform@0.6.0/world.wit"),
    ),
];

/// Each language's files: (path in the project, template).
fn templates(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Rust => &[
            ("Cargo.toml", include_str!("rust/Cargo.toml.tmpl")),
            ("src/lib.rs", include_str!("rust/lib.rs.tmpl")),
            ("README.md", include_str!("rust/README.md.tmpl")),
            (".gitignore", include_str!("rust/gitignore.tmpl")),
        ],
        Lang::Python => &[
            ("app.py", include_str!("python/app.py.tmpl")),
            ("greeting.py", include_str!("python/greeting.py.tmpl")),
            (
                "test_greeting.py",
                include_str!("python/test_greeting.py.tmpl"),
            ),
            ("build.sh", include_str!("python/build.sh.tmpl")),
            ("README.md", include_str!("python/README.md.tmpl")),
            (".gitignore", include_str!("python/gitignore.tmpl")),
        ],
        Lang::Js => &[
            ("module.js", include_str!("js/module.js.tmpl")),
            ("greeting.js", include_str!("js/greeting.js.tmpl")),
            ("greeting.test.js", include_str!("js/greeting.test.js.tmpl")),
            ("package.json", include_str!("js/package.json.tmpl")),
            ("build.sh", include_str!("js/build.sh.tmpl")),
            ("README.md", include_str!("js/README.md.tmpl")),
            (".gitignore", include_str!("js/gitignore.tmpl")),
        ],
    }
}

/// The SDK of the source tree this binary was built from, when it is still there.
pub fn default_sdk() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/sdk");
    dir.join("Cargo.toml")
        .is_file()
        .then(|| dir.canonicalize().ok())
        .flatten()
}

impl Project {
    /// Every problem with the name and slot, each named.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        // A slot name without `_`: also a Cargo, PyPI and npm package name.
        if !valid_name(&self.name) || self.name.contains('_') {
            problems.push(format!(
                "invalid project name {:?}: lowercase letters, digits and '-', starting with a letter",
                self.name
            ));
        }
        if !valid_name(&self.slot) {
            problems.push(format!(
                "invalid module slot {:?}: lowercase letters, digits, '_' and '-', starting with a letter",
                self.slot
            ));
        }
        problems
    }

    /// The route prefix: a mini-program path named after the slot.
    pub fn prefix(&self) -> String {
        format!("/zhugeleida/xiaochengxu/{}", self.slot.replace('-', "_"))
    }

    /// The file name of the built component.
    pub fn component(&self) -> String {
        format!("{}.wasm", self.name.replace('-', "_"))
    }

    /// The command that builds the component, run in the project.
    pub fn build_command(&self) -> &'static str {
        match self.lang {
            Lang::Rust => "cargo build --target wasm32-wasip2 --release",
            Lang::Python | Lang::Js => "./build.sh",
        }
    }

    /// Where the build command leaves the component, in the project.
    pub fn output(&self) -> String {
        match self.lang {
            Lang::Rust => format!("target/wasm32-wasip2/release/{}", self.component()),
            Lang::Python | Lang::Js => format!("build/{}", self.component()),
        }
    }

    /// The project's files: (relative path, contents).
    pub fn files(&self) -> Vec<(String, String)> {
        let sdk = if self.sdk.contains("://") {
            format!("{{ git = {:?}, package = \"leida-module-sdk\" }}", self.sdk)
        } else {
            format!("{{ path = {:?} }}", self.sdk)
        };
        let fill = |t: &str| {
            t.replace("{{name}}", &self.name)
                .replace("{{crate}}", &self.name.replace('-', "_"))
                .replace("{{slot}}", &self.slot)
                .replace("{{prefix}}", &self.prefix())
                .replace("{{component}}", &self.component())
                .replace("{{sdk}}", &sdk)
                .replace("{{contract}}", CONTRACTS.last().expect("a served version"))
        };
        let mut files: Vec<(String, String)> = templates(self.lang)
            .iter()
            .map(|(path, t)| (path.to_string(), fill(t)))
            .collect();
        files.extend(
            WIT.iter()
                .map(|(file, text)| (format!("wit/{file}"), text.to_string())),
        );
        files
    }

    /// Writes the project into `dir`, which must not exist or be empty;
    /// returns the paths written.
    pub fn write(&self, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!("{} exists and is not a directory", dir.display());
        }
        if dir.read_dir().is_ok_and(|mut d| d.next().is_some()) {
            anyhow::bail!("{} exists and is not empty", dir.display());
        }
        let mut written = Vec::new();
        for (path, text) in self.files() {
            let to = dir.join(&path);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&to, text)?;
            if path.ends_with(".sh") {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o755))?;
            }
            written.push(to);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(lang: Lang) -> Project {
        Project {
            name: "visit-log".into(),
            slot: "visit-log".into(),
            lang,
            sdk: "/src/leida/plugins/sdk".into(),
        }
    }

    #[test]
    fn every_template_is_filled_and_the_wit_is_the_newest_contract() {
        for lang in [Lang::Rust, Lang::Python, Lang::Js] {
            let files = project(lang).files();
            for (path, text) in &files {
                assert!(
                    !text.contains("{{"),
                    "{path} of {lang:?} keeps a placeholder"
                );
            }
            let world = &files.iter().find(|(p, _)| p == "wit/world.wit").unwrap().1;
            assert!(world.starts_with(&format!(
                "package leida:platform@{};",
                crate::runtime::CONTRACTS.last().unwrap()
            )));
            assert!(files
                .iter()
                .any(|(_, t)| t.contains("/zhugeleida/xiaochengxu/visit_log")));
        }
    }

    #[test]
    fn the_sdk_is_a_path_or_a_git_dependency() {
        let path = project(Lang::Rust).files();
        assert!(path[0]
            .1
            .contains(r#"leida-module-sdk = { path = "/src/leida/plugins/sdk" }"#));
        let mut git = project(Lang::Rust);
        git.sdk = "https://example.com/leida.git".into();
        assert!(git.files()[0].1.contains(
            r#"{ git = "https://example.com/leida.git", package = "leida-module-sdk" }"#
        ));
    }

    #[test]
    fn bad_names_and_slots_are_each_named() {
        let mut p = project(Lang::Rust);
        p.name = "Visit Log".into();
        p.slot = "9slot".into();
        let problems = p.problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("Visit Log") && problems[1].contains("9slot"));
    }

    #[test]
    fn a_project_is_never_written_over_files() {
        let dir = std::env::temp_dir().join(format!("leida-scaffold-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let p = project(Lang::Rust);
        let written = p.write(&dir).unwrap();
        assert!(written.iter().any(|f| f.ends_with("src/lib.rs")));
        assert!(p.write(&dir).unwrap_err().to_string().contains("not empty"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
