//! Regions and projects: `config.json`'s profiles, the "Profile" control,
//! the profile in the URL, one request per switch, Settings per profile.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::browser::PROFILE_KEY;
use workspace_console::routes::{BINDINGS, SETTINGS};

wasm_bindgen_test_configure!(run_in_browser);

const PROFILES: &str = r#"{"request_timeout_ms": 30000, "profiles": [
    {"name": "Beijing prod", "api_base_url": "/api-bj", "project_id": "p-bj", "region": "cn-north-4"},
    {"name": "Shanghai", "api_base_url": "/api-sh", "project_id": "p-sh"}]}"#;
const EMPTY: &str = r#"{"bind_list": [], "total_num": 0}"#;
const BJ_LIST: &str = "/api-bj/v2/p-bj/terminals/binding-desktops?";
const SH_LIST: &str = "/api-sh/v2/p-sh/terminals/binding-desktops?";

fn list_gets(prefix: &str) -> usize {
    calls_to(prefix)
        .iter()
        .filter(|c| c.method == "GET")
        .count()
}

async fn open(path: &str) -> Mounted {
    reset(path);
    respond("GET", "/config.json", 200, PROFILES);
    respond("GET", "/api-bj/", 200, EMPTY);
    respond("GET", "/api-sh/", 200, EMPTY);
    let app = mount_app();
    wait_for("the profiles", || field("Profile").is_some()).await;
    app
}

#[wasm_bindgen_test]
async fn one_project_without_profiles_as_before() {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, EMPTY);
    let _app = mount_app();
    wait_for("the list", || status_text().contains("No bindings")).await;
    assert!(field("Profile").is_none());
    assert_eq!(list_gets("/api/v2/proj1/terminals/binding-desktops?"), 1);
    assert!(!current_url().contains("profile"));
}

#[wasm_bindgen_test]
async fn the_first_profile_is_used_and_named_in_the_url() {
    let _app = open(&format!("{BINDINGS}?computer_name=fin")).await;
    wait_for("the list", || status_text().contains("No bindings")).await;
    wait_for_url(&format!(
        "{BINDINGS}?computer_name=fin&profile=Beijing%20prod"
    ))
    .await;
    settle().await;
    assert_eq!(list_gets(BJ_LIST), 1);
    assert_eq!(list_gets(SH_LIST), 0);
    assert_eq!(field_value("Profile"), "Beijing prod");
    let option = leptos::prelude::document()
        .query_selector("#profile option[value='Beijing prod']")
        .unwrap()
        .unwrap();
    assert_eq!(option.text_content().as_deref(), Some("Beijing prod"));
    assert_eq!(option.get_attribute("title").as_deref(), Some("cn-north-4"));
    assert_eq!(local_item(PROFILE_KEY).as_deref(), Some("Beijing prod"));
}

#[wasm_bindgen_test]
async fn a_switch_sends_one_request_to_the_other_project() {
    let _app = open(&format!("{BINDINGS}?computer_name=fin&offset=20")).await;
    wait_for("the list", || list_gets(BJ_LIST) == 1).await;
    settle().await;
    select_option("Profile", "Shanghai");
    wait_for("the other project", || list_gets(SH_LIST) == 1).await;
    settle().await;
    assert_eq!(list_gets(SH_LIST), 1);
    assert_eq!(list_gets(BJ_LIST), 1);
    // Another project starts at its first page; the filters stay.
    assert_eq!(
        current_url(),
        format!("{BINDINGS}?computer_name=fin&profile=Shanghai")
    );
    let sent = calls_to(SH_LIST).pop().unwrap();
    assert!(sent.url.contains("computer_name=fin") && sent.url.contains("offset=0"));
    assert_eq!(local_item(PROFILE_KEY).as_deref(), Some("Shanghai"));
    assert_eq!(field_value("Profile"), "Shanghai");
}

#[wasm_bindgen_test]
async fn a_shared_link_opens_its_project_with_one_request() {
    let _app = open(&format!("{BINDINGS}?profile=Shanghai")).await;
    wait_for("the list", || status_text().contains("No bindings")).await;
    settle().await;
    assert_eq!(list_gets(SH_LIST), 1);
    assert_eq!(list_gets(BJ_LIST), 0);
    assert_eq!(field_value("Profile"), "Shanghai");
}

#[wasm_bindgen_test]
async fn an_unknown_profile_in_the_url_falls_back_and_is_corrected() {
    let _app = open(&format!("{BINDINGS}?profile=Gone")).await;
    wait_for_url(&format!("{BINDINGS}?profile=Beijing%20prod")).await;
    settle().await;
    assert_eq!(list_gets(BJ_LIST), 1);
}

#[wasm_bindgen_test]
async fn settings_are_kept_per_profile() {
    let _app = open(SETTINGS).await;
    wait_for("the form", || field_value("Project ID") == "p-bj").await;
    type_into("Project ID", "p-bj-2");
    click("Save");
    wait_for("saved", || page_text().contains("Settings saved")).await;
    assert!(
        local_item("workspace-console.settings:Beijing prod").is_some_and(|s| s.contains("p-bj-2"))
    );
    select_option("Profile", "Shanghai");
    wait_for("the other profile's settings", || {
        field_value("Project ID") == "p-sh" && field_value("API base URL") == "/api-sh"
    })
    .await;
    select_option("Profile", "Beijing prod");
    wait_for("back", || field_value("Project ID") == "p-bj-2").await;
}
