//! workspace-console: an admin console for the Huawei Cloud Workspace API.
//! The app is a library so `tests/` can mount any component in a browser.

pub mod api;
pub mod app;
pub mod binding_deletion;
pub mod binding_form;
pub mod binding_policy;
pub mod bindings_csv;
pub mod browser;
pub mod components;
pub mod config;
pub mod curl;
pub mod eip_query;
pub mod export;
pub mod i18n;
pub mod import;
pub mod json;
pub mod pages;
pub mod profiles;
pub mod query;
pub mod routes;
pub mod state;
pub mod theme;
pub mod unbinding;
pub mod validation;

// Talc instead of Rust's default dlmalloc: a few KB smaller on the wire
// (the first load is this console's speed) and faster. Single-threaded wasm.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Entry point of the wasm binary: installs the panic reporting, then the
/// admin's language (its catalogue, when not English), and mounts the app
/// into `<body>`.
pub fn start() {
    components::panic_notice::install();
    // Leptos' own executor starts with the mount: this one is the browser's.
    wasm_bindgen_futures::spawn_local(async {
        browser::start_language().await;
        leptos::mount::mount_to_body(app::App);
    });
}
