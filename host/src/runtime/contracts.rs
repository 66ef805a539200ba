//! Every version of the `leida:platform` contract this host has shipped, and
//! how each is linked. The promise: a component built against any version
//! listed here keeps running unchanged on every later host.
//!
//! Versions so far only added functions and interfaces (marked `@since` in
//! the WIT; an interface is linked from its first version on), so the
//! newest implementation of each interface is also registered under each
//! older version's name: an older component imports a subset of its
//! functions, and the component model checks the types it does import
//! structurally when the component is linked. A future version that changes
//! a type keeps the old one working through an adapter here, converting
//! between the old version's bindings and the current ones.

use super::bindings::guest::{Descriptor, Request, Response};
use super::bindings::leida::platform as current;
use crate::capabilities::ModuleState;
use wasmtime::component::{Component, ComponentExportIndex, HasSelf, Instance, Linker};
use wasmtime::Store;

/// The contract versions this host serves, oldest first; the last is the one
/// [`super::bindings`] is generated from.
pub const CONTRACTS: &[&str] = &["0.1.0", "0.2.0", "0.3.0", "0.4.0", "0.5.0", "0.6.0"];

/// The contract package every plugin targets.
pub const PACKAGE: &str = "leida:platform";

/// The versioned instance name of one contract interface.
pub fn interface_name(interface: &str, version: &str) -> String {
    format!("{PACKAGE}/{interface}@{version}")
}

/// Registers the current implementation of `interface` under its instance
/// name in `version`.
macro_rules! link_interface {
    ($linker:expr, $version:expr, $interface:ident) => {
        current::$interface::add_to_linker_instance::<_, HasSelf<_>>(
            // WIT names are kebab-case (`follow-ups`), Rust modules snake_case.
            &mut $linker.instance(&interface_name(
                &stringify!($interface).replace('_', "-"),
                $version,
            ))?,
            state,
        )?
    };
}

/// Adds every interface of every served version to `linker`. A component of
/// an older version could also import a newer function under the older
/// name (nothing the older WIT generates does): it gets the same grants.
pub fn link(linker: &mut Linker<ModuleState>) -> wasmtime::Result<()> {
    for version in CONTRACTS {
        link_interface!(linker, version, types);
        link_interface!(linker, version, storage);
        link_interface!(linker, version, directory);
        link_interface!(linker, version, radar);
        link_interface!(linker, version, chat);
        link_interface!(linker, version, files);
        link_interface!(linker, version, images);
        link_interface!(linker, version, clock);
        link_interface!(linker, version, log);
        if has_since(version, "0.3.0") {
            link_interface!(linker, version, links);
        }
        if has_since(version, "0.4.0") {
            link_interface!(linker, version, peers);
        }
        if has_since(version, "0.5.0") {
            link_interface!(linker, version, follow_ups);
        }
    }
    Ok(())
}

/// The version of the `module` export the host calls among `exported`
/// (export names): the newest served one. `inspect` and the runtime both
/// choose with this.
pub fn module_version(mut exported: impl FnMut(&str) -> bool) -> Option<&'static str> {
    CONTRACTS
        .iter()
        .rev()
        .find(|v| exported(&interface_name("module", v)))
        .copied()
}

/// Whether served `version` is `since` or later (the order of [`CONTRACTS`]).
fn has_since(version: &str, since: &str) -> bool {
    let at = |v: &str| CONTRACTS.iter().position(|c| *c == v);
    matches!((at(version), at(since)), (Some(v), Some(s)) if v >= s)
}

fn state(s: &mut ModuleState) -> &mut ModuleState {
    s
}

/// The `module` export of a component, whichever served version it targets.
#[derive(Clone, Copy)]
pub struct ModuleExport {
    /// The contract version of the export.
    pub version: &'static str,
    describe: ComponentExportIndex,
    handle: ComponentExportIndex,
}

impl ModuleExport {
    /// Finds the `module` export of a served version in `component`.
    pub fn of(component: &Component) -> wasmtime::Result<ModuleExport> {
        let version = module_version(|name| component.get_export_index(None, name).is_some())
            .ok_or_else(|| {
                wasmtime::format_err!(
                    "the component exports no {PACKAGE}/module of a served version ({})",
                    CONTRACTS.join(", ")
                )
            })?;
        let instance = component
            .get_export_index(None, interface_name("module", version))
            .expect("the export just found");
        let func = |name: &str| {
            component
                .get_export_index(Some(&instance), name)
                .ok_or_else(|| wasmtime::format_err!("{PACKAGE}/module@{version} lacks `{name}`"))
        };
        Ok(ModuleExport {
            version,
            describe: func("describe")?,
            handle: func("handle")?,
        })
    }

    /// Calls `describe`, after checking that both functions have the types
    /// the host calls them with: `describe` runs when a build is installed
    /// and loaded, so a mistyped `handle` is refused then, not per request.
    pub async fn describe(
        &self,
        store: &mut Store<ModuleState>,
        instance: &Instance,
    ) -> wasmtime::Result<Descriptor> {
        instance
            .get_typed_func::<(&Request,), (Response,)>(&mut *store, self.handle)
            .map_err(|e| e.context("`handle` has the wrong type"))?;
        let f = instance
            .get_typed_func::<(), (Descriptor,)>(&mut *store, self.describe)
            .map_err(|e| e.context("`describe` has the wrong type"))?;
        Ok(f.call_async(&mut *store, ()).await?.0)
    }

    /// Calls `handle`.
    pub async fn handle(
        &self,
        store: &mut Store<ModuleState>,
        instance: &Instance,
        req: &Request,
    ) -> wasmtime::Result<Response> {
        let f = instance.get_typed_func::<(&Request,), (Response,)>(&mut *store, self.handle)?;
        Ok(f.call_async(&mut *store, (req,)).await?.0)
    }
}
