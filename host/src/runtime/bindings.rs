//! Rust bindings of the newest `leida:platform` contract, generated from
//! `wit/`. The host's capabilities are written once, against these; older
//! versions are served through [`super::contracts`].

wasmtime::component::bindgen!({
    world: "business-module",
    path: "../wit/platform@0.6.0",
    imports: { default: async },
    exports: { default: async },
});

pub use self::leida::platform::types;
pub use exports::leida::platform::module as guest;

/// A verified caller as the WIT names them.
pub fn guest_principal(p: &crate::identity::Principal) -> types::Principal {
    use crate::identity::ClientKind;
    let id = p.id as u64;
    match p.kind {
        ClientKind::Customer => types::Principal::Customer(id),
        ClientKind::RadarUser => types::Principal::RadarUser(id),
        ClientKind::Admin => types::Principal::Admin(id),
    }
}
