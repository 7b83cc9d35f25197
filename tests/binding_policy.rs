//! The "Binding policy" section of `/bindings` and its dialog: one GET to
//! show it, a dialog that says what a change does, one POST per save under
//! the API's names, never retried, and the policy read again after it.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::routes::BINDINGS;

wasm_bindgen_test_configure!(run_in_browser);

const POLICY: &str = "/api/v2/proj1/terminals/binding-desktops/config";
const LIST: &str = "/api/v2/proj1/terminals/binding-desktops?";
const ON_OFF_1: &str =
    r#"{"tc_bind_switch": "ON", "tc_auto_bind_switch": "OFF", "tc_auto_bind_max": 1}"#;
const EMPTY_LIST: &str = r#"{"total_num": 0, "bind_list": []}"#;

fn policy_calls(method: &str) -> Vec<Call> {
    calls()
        .into_iter()
        .filter(|c| c.method == method && c.url == POLICY)
        .collect()
}

async fn open_bindings(policy: &[(u16, &str)]) -> Mounted {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    for (status, body) in policy {
        respond("GET", POLICY, *status, body);
    }
    respond("GET", LIST, 200, EMPTY_LIST);
    let app = mount_app();
    wait_for("the policy or its error", || {
        let text = page_text();
        text.contains("Terminal binding: ") || !alert_text().is_empty()
    })
    .await;
    settle().await;
    app
}

async fn open_the_dialog() {
    // As a keyboard or pointer user does: the button has focus first.
    let change = button("Change binding policy").unwrap();
    change.focus().unwrap();
    change.click();
    wait_for("the dialog", || open_dialog().is_some()).await;
}

#[wasm_bindgen_test]
async fn the_section_shows_the_policy_from_one_get() {
    let _app = open_bindings(&[(200, ON_OFF_1)]).await;
    let text = page_text();
    for line in [
        "Binding policy",
        "Terminal binding: On",
        "Automatic binding: Off",
        "Automatic binding limit: 1",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
    assert_eq!(policy_calls("GET").len(), 1, "{:?}", calls());
    assert!(policy_calls("POST").is_empty());
}

#[wasm_bindgen_test]
async fn the_dialog_says_what_changes_and_esc_or_cancel_send_nothing() {
    let _app = open_bindings(&[(200, ON_OFF_1)]).await;
    open_the_dialog().await;
    let (name, text) = open_dialog().unwrap();
    assert_eq!(name, "Binding policy");
    assert!(text.contains("Nothing changes."), "{text}");
    // Filled from the policy; focus on its first field, inside the dialog.
    assert!(checkbox("Terminal binding").unwrap().checked());
    assert!(!checkbox("Automatic binding").unwrap().checked());
    assert_eq!(field_value("Automatic binding limit"), "1");
    assert_eq!(active_element_id(), "tc_bind_switch");

    tick("Terminal binding");
    settle().await;
    let (_, text) = open_dialog().unwrap();
    assert!(
        text.contains(
            "Turns terminal binding off: every terminal of the tenant can reach every desktop"
        ),
        "{text}"
    );
    press_escape_in_dialog();
    wait_for("closed", || open_dialog().is_none()).await;
    assert_eq!(focused_name(), "Change binding policy");

    // Opened again: the fields show the policy, not the abandoned change.
    open_the_dialog().await;
    assert!(checkbox("Terminal binding").unwrap().checked());
    dialog_button("Cancel").click();
    wait_for("closed again", || open_dialog().is_none()).await;
    assert!(policy_calls("POST").is_empty(), "{:?}", calls());
}

#[wasm_bindgen_test]
async fn save_sends_one_post_under_the_api_names_then_reads_the_policy_again() {
    let changed = r#"{"tc_bind_switch": "ON", "tc_auto_bind_switch": "ON", "tc_auto_bind_max": 3}"#;
    let _app = open_bindings(&[(200, ON_OFF_1), (200, changed)]).await;
    respond("POST", POLICY, 200, "");
    open_the_dialog().await;
    tick("Automatic binding");
    type_into("Automatic binding limit", "3");
    settle().await;
    let (_, text) = open_dialog().unwrap();
    assert!(text.contains("up to 3 desktops per terminal"), "{text}");
    dialog_button("Save").click();
    wait_for("closed after saving", || open_dialog().is_none()).await;
    wait_for("the new state", || {
        page_text().contains("Automatic binding: On")
    })
    .await;

    let posts = policy_calls("POST");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(
        posts[0].body.as_deref(),
        Some(r#"{"tc_bind_switch":"ON","tc_auto_bind_switch":"ON","tc_auto_bind_max":3}"#)
    );
    assert_eq!(
        posts[0].headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    assert_eq!(policy_calls("GET").len(), 2);
    assert!(page_text().contains("Automatic binding limit: 3"));
    assert!(
        status_text().contains("Binding policy saved."),
        "{}",
        status_text()
    );
}

#[wasm_bindgen_test]
async fn an_invalid_limit_is_shown_on_its_field_and_nothing_is_sent() {
    let _app = open_bindings(&[(200, ON_OFF_1)]).await;
    open_the_dialog().await;
    type_into("Automatic binding limit", "0");
    dialog_button("Save").click();
    wait_for("the field's message", || {
        page_text().contains("from 1 to 100")
    })
    .await;
    assert_eq!(active_element_id(), "tc_auto_bind_max");
    let limit = field("Automatic binding limit").unwrap();
    assert_eq!(limit.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(open_dialog().is_some());
    assert!(policy_calls("POST").is_empty(), "{:?}", calls());
}

#[wasm_bindgen_test]
async fn a_failed_save_keeps_the_dialog_open_with_the_error_and_is_not_retried() {
    let _app = open_bindings(&[(200, ON_OFF_1)]).await;
    respond(
        "POST",
        POLICY,
        400,
        r#"{"error_code": "WKS.0001", "error_msg": "Parameter tc_bind_switch must be ON or OFF."}"#,
    );
    open_the_dialog().await;
    tick("Terminal binding");
    dialog_button("Save").click();
    wait_for("the error in the dialog", || {
        open_dialog().is_some_and(|(_, text)| text.contains("WKS.0001"))
    })
    .await;
    sleep(300).await;
    assert_eq!(policy_calls("POST").len(), 1);
    // The admin's change is still there to fix or cancel.
    assert!(!checkbox("Terminal binding").unwrap().checked());
    assert!(page_text().contains("Terminal binding: On"));
    // The refused change, as an operator would replay it.
    capture_clipboard();
    dialog_button("Copy as curl").click();
    wait_for("copied", || copied_text().is_some()).await;
    let curl = copied_text().unwrap_or_default();
    assert!(
        curl.contains("-X POST '") && curl.contains(&format!("{POLICY}'")),
        "{curl}"
    );
    assert!(curl.contains(r#""tc_bind_switch":"OFF""#), "{curl}");
}

#[wasm_bindgen_test]
async fn a_failed_read_offers_retry() {
    let _app = open_bindings(&[
        (500, r#"{"error_code": "WKS.0500", "error_msg": "down"}"#),
        (200, ON_OFF_1),
    ])
    .await;
    assert!(alert_text().contains("WKS.0500"), "{}", alert_text());
    let change = button("Change binding policy").unwrap();
    assert_eq!(
        change.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    change.click();
    settle().await;
    assert!(open_dialog().is_none());
    click("Retry");
    wait_for("the policy", || {
        page_text().contains("Terminal binding: On")
    })
    .await;
    assert_eq!(policy_calls("GET").len(), 2);
}
