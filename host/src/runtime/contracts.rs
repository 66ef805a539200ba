//! Every version of the `leida:platform` contract this host has shipped, and
//! how each is linked. The promise: a component built against any version
//! listed here keeps running unchanged on every later host.
//!
//! Versions so far only added functions (marked `@since` in the WIT), so the
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
pub const CONTRACTS: &[&str] = &["0.1.0", "0.2.0"];

/// The contract package every plugin targets.
pub const PACKAGE: &str = "leida:platform";

/// The versioned instance name of one contract interface.
pub fn interface_name(interface: &str, version: &str) -> String {
    format!("{PACKAGE}/{interface}@{version}")
}

/// Adds every interface of every served version to `linker`.
pub fn link(linker: &mut Linker<ModuleState>) -> wasmtime::Result<()> {
    for version in CONTRACTS {
        let name = |interface: &str| interface_name(interface, version);
        current::types::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("types"))?,
            state,
        )?;
        current::storage::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("storage"))?,
            state,
        )?;
        current::directory::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("directory"))?,
            state,
        )?;
        current::radar::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("radar"))?,
            state,
        )?;
        current::chat::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("chat"))?,
            state,
        )?;
        current::files::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("files"))?,
            state,
        )?;
        current::images::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("images"))?,
            state,
        )?;
        current::clock::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("clock"))?,
            state,
        )?;
        current::log::add_to_linker_instance::<_, HasSelf<_>>(
            &mut linker.instance(&name("log"))?,
            state,
        )?;
    }
    Ok(())
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
    /// Finds the `module` export of a served version in `component`; its
    /// function types are checked when the component is pre-linked.
    pub fn of(component: &Component) -> wasmtime::Result<ModuleExport> {
        let (version, instance) = CONTRACTS
            .iter()
            .rev()
            .find_map(|v| {
                let index = component.get_export_index(None, interface_name("module", v))?;
                Some((*v, index))
            })
            .ok_or_else(|| {
                wasmtime::format_err!(
                    "the component exports no {PACKAGE}/module of a served version ({})",
                    CONTRACTS.join(", ")
                )
            })?;
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

    /// Calls `describe`.
    pub async fn describe(
        &self,
        store: &mut Store<ModuleState>,
        instance: &Instance,
    ) -> wasmtime::Result<Descriptor> {
        let f = instance.get_typed_func::<(), (Descriptor,)>(&mut *store, self.describe)?;
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
