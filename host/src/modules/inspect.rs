//! What a component's bytes say before anything runs: that it is a component
//! at all, which contract version it targets, what it imports and exports,
//! and how many core instances it creates. Each refusal is one line.

use crate::runtime::contracts::{module_version, CONTRACTS, PACKAGE};
use crate::runtime::limits::Needs;
use wasmparser::{Instance, Parser, Payload};

/// A component's outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The contract version of its `leida:platform/module` export.
    pub contract: String,
    /// Its top-level imports (e.g. `leida:platform/storage@0.1.0`, `wasi:io/streams@0.2.0`).
    pub imports: Vec<String>,
    /// Its top-level exports.
    pub exports: Vec<String>,
    /// What one instance holds: core instances it creates, the memories and
    /// tables its core modules define (imported ones are defined elsewhere in
    /// the component), their largest initial sizes.
    pub needs: Needs,
}

/// Reads the outline of `bytes`; the error says in one line why they are no
/// plugin for this host.
pub fn outline(bytes: &[u8]) -> Result<Outline, String> {
    if Parser::is_core_wasm(bytes) {
        return Err("a core WebAssembly module, not a component: build it for wasm32-wasip2 (or wrap it with `wasm-tools component new`)".into());
    }
    if !Parser::is_component(bytes) {
        return Err("not a WebAssembly component".into());
    }
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    let mut needs = Needs {
        core_instances: 0,
        memories: 0,
        initial_memory_bytes: 0,
        tables: 0,
        initial_table_elements: 0,
    };
    let mut depth = 0u32;
    let invalid = |e: wasmparser::BinaryReaderError| format!("not a valid component: {e}");
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(invalid)?;
        match payload {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::InstanceSection(reader) => {
                for instance in reader {
                    if matches!(instance.map_err(invalid)?, Instance::Instantiate { .. }) {
                        needs.core_instances += 1;
                    }
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    let memory = memory.map_err(invalid)?;
                    needs.memories += 1;
                    let page = 1u64 << memory.page_size_log2.unwrap_or(16);
                    needs.initial_memory_bytes = needs
                        .initial_memory_bytes
                        .max(memory.initial.saturating_mul(page));
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    let table = table.map_err(invalid)?;
                    needs.tables += 1;
                    needs.initial_table_elements =
                        needs.initial_table_elements.max(table.ty.initial);
                }
            }
            Payload::ComponentImportSection(reader) if depth == 0 => {
                for import in reader {
                    imports.push(import.map_err(invalid)?.name.name.to_string());
                }
            }
            Payload::ComponentExportSection(reader) if depth == 0 => {
                for export in reader {
                    exports.push(export.map_err(invalid)?.name.name.to_string());
                }
            }
            _ => {}
        }
    }
    let contract = contract_of(&exports)?;
    for import in &imports {
        if let Some(version) = import
            .strip_prefix(PACKAGE)
            .and_then(|rest| rest.split('@').nth(1))
        {
            if !CONTRACTS.contains(&version) {
                return Err(format!(
                    "imports {import}, a contract version this host does not serve (it serves {})",
                    served()
                ));
            }
        } else if !(import.starts_with("wasi:") || import.starts_with(PACKAGE)) {
            return Err(format!("imports {import}, which this host does not grant"));
        }
    }
    Ok(Outline {
        contract,
        imports,
        exports,
        needs,
    })
}

/// The contract version of the `leida:platform/module` export the host
/// calls (the newest served one, when a component exports several).
fn contract_of(exports: &[String]) -> Result<String, String> {
    if let Some(version) = module_version(|name| exports.iter().any(|e| e == name)) {
        return Ok(version.to_string());
    }
    let module = format!("{PACKAGE}/module@");
    let Some(version) = exports.iter().find_map(|e| e.strip_prefix(&module)) else {
        return Err(format!(
            "exports no {PACKAGE}/module interface: not a Leida plugin (exports: {})",
            if exports.is_empty() {
                "none".to_string()
            } else {
                exports.join(", ")
            }
        ));
    };
    Err(format!(
        "targets {PACKAGE}@{version}; this host serves {}",
        served()
    ))
}

fn served() -> String {
    CONTRACTS
        .iter()
        .map(|v| format!("{PACKAGE}@{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_and_junk_are_refused_with_their_reason() {
        let core = b"\0asm\x01\0\0\0";
        assert!(outline(core)
            .unwrap_err()
            .contains("core WebAssembly module"));
        assert_eq!(
            outline(b"hello").unwrap_err(),
            "not a WebAssembly component"
        );
        assert_eq!(outline(b"").unwrap_err(), "not a WebAssembly component");
    }

    #[test]
    fn the_contract_comes_from_the_module_export() {
        let exports = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            contract_of(&exports(&["leida:platform/module@0.1.0"])).unwrap(),
            "0.1.0"
        );
        let future = contract_of(&exports(&["leida:platform/module@9.0.0"])).unwrap_err();
        assert!(future.contains("targets leida:platform@9.0.0"), "{future}");
        let none = contract_of(&exports(&["wasi:http/incoming-handler@0.2.0"])).unwrap_err();
        assert!(none.contains("not a Leida plugin"), "{none}");
        // Exporting several versions: the newest served one is called.
        let both = exports(&[
            "leida:platform/module@0.1.0",
            "leida:platform/module@0.2.0",
            "leida:platform/module@9.0.0",
        ]);
        assert_eq!(contract_of(&both).unwrap(), "0.2.0");
    }
}
