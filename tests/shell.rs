//! The app shell: routes, navigation, 404, and `config.json` loading.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::routes::{BIND_EIP, BINDINGS, SETTINGS};

wasm_bindgen_test_configure!(run_in_browser);

const EMPTY_LIST: &str = r#"{"bind_list": [], "total_num": 0}"#;

#[wasm_bindgen_test]
async fn root_redirects_to_bindings_and_nav_is_present() {
    reset("/");
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, EMPTY_LIST);
    let _app = mount_app();
    wait_for("bindings heading", || {
        heading(1).as_deref() == Some("Terminal bindings")
    })
    .await;
    wait_for_url(BINDINGS).await;
    for name in ["Bindings", "Bind EIP", "Settings"] {
        assert!(link(name).is_some(), "nav link {name}");
    }
    let nav = gloo_nav_label();
    assert_eq!(nav.as_deref(), Some("Main"));
}

fn gloo_nav_label() -> Option<String> {
    leptos::prelude::document()
        .query_selector("nav")
        .ok()
        .flatten()
        .and_then(|n| n.get_attribute("aria-label"))
}

#[wasm_bindgen_test]
async fn nav_links_route_without_reload() {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, EMPTY_LIST);
    let _app = mount_app();
    wait_for("bindings page", || {
        heading(1).as_deref() == Some("Terminal bindings")
    })
    .await;
    click_link("Bind EIP");
    wait_for("bind page", || {
        heading(1).as_deref() == Some("Bind EIP to desktop")
    })
    .await;
    wait_for_url(BIND_EIP).await;
    click_link("Settings");
    wait_for("settings page", || {
        heading(1).as_deref() == Some("Settings")
    })
    .await;
    wait_for_url(SETTINGS).await;
    // config.json is read once at start, not per page.
    assert_eq!(calls_to("/config.json").len(), 1);
}

#[wasm_bindgen_test]
async fn unknown_path_shows_not_found_with_a_way_back() {
    reset("/no/such/page");
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, EMPTY_LIST);
    let _app = mount_app();
    wait_for("not found heading", || {
        heading(1).as_deref() == Some("Page not found")
    })
    .await;
    click_link("Go to the terminal bindings");
    wait_for("bindings", || {
        heading(1).as_deref() == Some("Terminal bindings")
    })
    .await;
    wait_for_url(BINDINGS).await;
}

#[wasm_bindgen_test]
async fn missing_config_json_names_the_file_and_keeps_settings_open() {
    reset(BINDINGS);
    respond_html("GET", "/config.json", 404, "<h1>Not Found</h1>");
    let _app = mount_app();
    wait_for("config alert", || alert_text().contains("config.json")).await;
    assert!(alert_text().contains("HTTP 404"), "{}", alert_text());
    assert!(
        calls_to("/api/").is_empty(),
        "no API call without a base URL"
    );
    click_link("Settings");
    wait_for("settings", || heading(1).as_deref() == Some("Settings")).await;
    assert!(field("API base URL").is_some());
}

#[wasm_bindgen_test]
async fn malformed_config_json_is_explained() {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, r#"{"api_base_url": 42}"#);
    let _app = mount_app();
    wait_for("config alert", || {
        alert_text().contains("config.json is not usable")
    })
    .await;
    assert!(
        alert_text().contains("\"api_base_url\" must be a string"),
        "{}",
        alert_text()
    );
}

#[wasm_bindgen_test]
async fn config_json_that_is_html_is_explained() {
    reset(BINDINGS);
    respond_html(
        "GET",
        "/config.json",
        200,
        "<!DOCTYPE html><html><body>index</body></html>",
    );
    let _app = mount_app();
    wait_for("config alert", || alert_text().contains("not valid JSON")).await;
}

#[wasm_bindgen_test]
async fn config_without_project_asks_for_one() {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, r#"{"api_base_url": "/api"}"#);
    let _app = mount_app();
    wait_for("project alert", || {
        alert_text().contains("No project is set")
    })
    .await;
    assert!(calls_to("/api/").is_empty());
    assert!(link("Open Settings").is_some());
}

#[wasm_bindgen_test]
async fn broken_config_json_with_browser_settings_still_works() {
    reset(BINDINGS);
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(
            "workspace-console.settings",
            r#"{"api_base_url": "/own", "project_id": "p9"}"#,
        )
        .unwrap();
    respond("GET", "/config.json", 500, "oops");
    respond("GET", "/own/", 200, EMPTY_LIST);
    let _app = mount_app();
    wait_for("request with own settings", || {
        !calls_to("/own/v2/p9/").is_empty()
    })
    .await;
    assert!(alert_text().contains("config.json"));
}

#[wasm_bindgen_test]
async fn corrupt_local_storage_does_not_break_the_app() {
    reset(SETTINGS);
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item("workspace-console.settings", "{{{not json")
        .unwrap();
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    let _app = mount_app();
    wait_for("settings warning", || {
        alert_text().contains("could not be read")
    })
    .await;
    wait_for("defaults in the form", || {
        field_value("API base URL") == "/api"
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_panic_leaves_a_readable_notice_not_a_blank_page() {
    reset(BINDINGS);
    workspace_console::components::panic_notice::show_notice();
    workspace_console::components::panic_notice::show_notice();
    let notices = leptos::prelude::document()
        .query_selector_all("#panic-notice[role=alert]")
        .unwrap();
    assert_eq!(notices.length(), 1);
    let text = notices.item(0).unwrap().text_content().unwrap();
    assert!(text.contains("Reload the page"), "{text}");
    leptos::prelude::document()
        .get_element_by_id("panic-notice")
        .unwrap()
        .remove();
}
