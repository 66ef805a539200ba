//! Rust bindings of the `leida:platform@0.1.0` world, generated from `wit/`.

wasmtime::component::bindgen!({
    world: "business-module",
    path: "../wit/platform@0.1.0",
    imports: { default: async },
    exports: { default: async },
});

pub use self::leida::platform::types;
pub use exports::leida::platform::module as guest;
