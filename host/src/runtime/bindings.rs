//! Rust bindings of the newest `leida:platform` contract, generated from
//! `wit/`. The host's capabilities are written once, against these; older
//! versions are served through [`super::contracts`].

wasmtime::component::bindgen!({
    world: "business-module",
    path: "../wit/platform@0.3.0",
    imports: { default: async },
    exports: { default: async },
});

pub use self::leida::platform::types;
pub use exports::leida::platform::module as guest;
