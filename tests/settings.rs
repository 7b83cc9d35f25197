//! The Settings page: validation, persistence, reset.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::routes::SETTINGS;

wasm_bindgen_test_configure!(run_in_browser);

fn session(key: &str) -> Option<String> {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item(key)
        .unwrap()
}

async fn open_settings() -> Mounted {
    reset(SETTINGS);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, r#"{"bind_list": [], "total_num": 0}"#);
    respond(
        "GET",
        "/custom/",
        200,
        r#"{"bind_list": [], "total_num": 0}"#,
    );
    let app = mount_app();
    wait_for("form filled from config.json", || {
        field("API base URL").is_some() && field_value("API base URL") == "/api"
    })
    .await;
    app
}

#[wasm_bindgen_test]
async fn form_shows_the_config_json_defaults() {
    let _app = open_settings().await;
    assert_eq!(field_value("Project ID"), "proj1");
    assert_eq!(field_value("Request timeout (seconds)"), "30");
    assert_eq!(field_value("Auth token"), "");
    assert!(button("Save").is_some());
    assert!(button("Reset to defaults").is_some());
}

#[wasm_bindgen_test]
async fn invalid_values_are_shown_on_their_fields_and_not_saved() {
    let _app = open_settings().await;
    type_into("API base URL", "not a url");
    type_into("Project ID", "bad/id");
    type_into("Request timeout (seconds)", "601");
    click("Save");
    settle().await;
    let base = field("API base URL").unwrap();
    assert_eq!(base.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = base.get_attribute("aria-describedby").unwrap();
    let message = leptos::prelude::document()
        .get_element_by_id(described.split(' ').next().unwrap())
        .unwrap();
    assert!(
        text_of(&message).starts_with("API base URL must"),
        "{}",
        text_of(&message)
    );
    assert_eq!(
        field("Project ID")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(page_text().contains("Request timeout (seconds) must be a whole number"));
    assert_eq!(
        active_element_id(),
        "api_base_url",
        "focus on the first invalid field"
    );
    assert_eq!(local_item("workspace-console.settings"), None);
    // What the admin typed stays.
    assert_eq!(field_value("Project ID"), "bad/id");
}

#[wasm_bindgen_test]
async fn saved_settings_persist_and_token_stays_in_the_session() {
    let app = open_settings().await;
    type_into("API base URL", "/custom");
    type_into("Project ID", "proj2");
    type_into("Request timeout (seconds)", "12");
    type_into("Auth token", "MIIsecret");
    click("Save");
    wait_for("saved message", || {
        status_text().contains("Settings saved for this browser")
    })
    .await;
    let saved = local_item("workspace-console.settings").unwrap();
    assert!(
        saved.contains("/custom") && saved.contains("proj2") && saved.contains("12000"),
        "{saved}"
    );
    assert!(!saved.contains("MIIsecret"), "token never in localStorage");
    assert_eq!(
        session("workspace-console.auth-token").as_deref(),
        Some("MIIsecret")
    );

    // The new settings are used for the next request, with the token header.
    click_link("Bindings");
    wait_for("request to the new base", || {
        !calls_to("/custom/v2/proj2/").is_empty()
    })
    .await;
    let call = &calls_to("/custom/v2/proj2/")[0];
    assert_eq!(
        call.headers.get("x-auth-token").map(String::as_str),
        Some("MIIsecret")
    );
    assert!(!call.url.contains("MIIsecret"));
    drop(app);

    // A fresh start of the app reads them back.
    set_url(SETTINGS);
    let _again = mount_app();
    wait_for("saved values", || {
        field("Project ID").is_some() && field_value("Project ID") == "proj2"
    })
    .await;
    assert_eq!(field_value("API base URL"), "/custom");
    assert_eq!(field_value("Request timeout (seconds)"), "12");
}

#[wasm_bindgen_test]
async fn reset_goes_back_to_config_json() {
    let _app = open_settings().await;
    type_into("Project ID", "proj2");
    type_into("Auth token", "tok");
    click("Save");
    wait_for("saved", || {
        local_item("workspace-console.settings").is_some()
    })
    .await;
    click("Reset to defaults");
    wait_for("reset message", || {
        status_text().contains("reset to the defaults")
    })
    .await;
    assert_eq!(field_value("Project ID"), "proj1");
    assert_eq!(field_value("Auth token"), "");
    assert_eq!(local_item("workspace-console.settings"), None);
    assert_eq!(session("workspace-console.auth-token"), None);
}

#[wasm_bindgen_test]
async fn saving_the_defaults_stores_no_override() {
    let _app = open_settings().await;
    click("Save");
    wait_for("saved", || status_text().contains("Settings saved")).await;
    assert_eq!(local_item("workspace-console.settings"), None);
}

#[wasm_bindgen_test]
async fn a_base_url_with_a_password_is_refused_and_never_repeated() {
    let _app = open_settings().await;
    type_into("API base URL", "https://admin:s3cret@proxy.example.com/ws");
    click("Save");
    settle().await;
    let base_url = field("API base URL").unwrap();
    assert_eq!(
        base_url.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(page_text().contains("must not contain a user name or password"));
    assert_eq!(
        local_item("workspace-console.settings"),
        None,
        "nothing saved"
    );
    // Only the field the admin typed in holds it; no message repeats it.
    assert!(!page_text().contains("s3cret"), "{}", page_text());
}

#[wasm_bindgen_test]
async fn config_json_with_a_password_in_the_base_url_is_refused_without_repeating_it() {
    reset(SETTINGS);
    respond(
        "GET",
        "/config.json",
        200,
        r#"{"api_base_url": "https://admin:s3cret@proxy.example.com/ws", "project_id": "p1"}"#,
    );
    let _app = mount_app();
    wait_for("config alert", || alert_text().contains("config.json")).await;
    assert!(
        alert_text().contains("user name or password"),
        "{}",
        alert_text()
    );
    assert!(!alert_text().contains("s3cret"));
    assert!(
        !alert_text().contains(".."),
        "one full stop: {}",
        alert_text()
    );
}
