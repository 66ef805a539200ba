//! Modules compiled into the binary by `host/build.rs` from `plugins/`.

/// (file name, component bytes) of every bundled module.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "leida_card.wasm",
        include_bytes!(concat!(env!("LEIDA_WASM_DIR"), "/leida_card.wasm")),
    ),
    (
        "leida_mall.wasm",
        include_bytes!(concat!(env!("LEIDA_WASM_DIR"), "/leida_mall.wasm")),
    ),
    (
        "leida_article.wasm",
        include_bytes!(concat!(env!("LEIDA_WASM_DIR"), "/leida_article.wasm")),
    ),
    (
        "leida_cases.wasm",
        include_bytes!(concat!(env!("LEIDA_WASM_DIR"), "/leida_cases.wasm")),
    ),
    (
        "leida_diary.wasm",
        include_bytes!(concat!(env!("LEIDA_WASM_DIR"), "/leida_diary.wasm")),
    ),
    (
        "leida_boss_radar.wasm",
        include_bytes!(concat!(env!("LEIDA_WASM_DIR"), "/leida_boss_radar.wasm")),
    ),
];
