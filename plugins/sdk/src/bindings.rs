//! The generated bindings of world `business-module` (package
//! `leida:platform@0.6.0`). Module crates do not run `generate!` themselves:
//! they use these types and export with [`crate::export!`].

wit_bindgen::generate!({
    world: "business-module",
    path: "../../wit/platform@0.6.0",
    pub_export_macro: true,
    export_macro_name: "export",
    default_bindings_module: "$crate::bindings",
    additional_derives: [PartialEq],
});
