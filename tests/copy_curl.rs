//! "Copy as curl" beside list results, success and error, and beside the
//! outcome of a bind: the exact request, the token never in it.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::browser::TOKEN_KEY;
use workspace_console::routes::{BIND_EIP, BINDINGS};

wasm_bindgen_test_configure!(run_in_browser);

const LIST: &str = "/api/v2/proj1/terminals/binding-desktops";

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

async fn copy_curl() -> String {
    capture_clipboard();
    click("Copy as curl");
    wait_for("copied", || copied_text().is_some()).await;
    copied_text().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_list_result_copies_the_get_that_was_sent_without_the_token() {
    reset(&format!("{BINDINGS}?computer_name=fin%20o%27b"));
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .set_item(TOKEN_KEY, "secret-token-1")
        .unwrap();
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", LIST, 200, r#"{"bind_list": [], "total_num": 0}"#);
    let _app = mount_app();
    wait_for("the answer", || status_text().contains("No bindings")).await;
    let sent = calls_to(LIST)
        .into_iter()
        .find(|call| call.method == "GET")
        .unwrap();
    assert_eq!(
        sent.headers.get("x-auth-token").map(String::as_str),
        Some("secret-token-1")
    );
    let text = copy_curl().await;
    assert_eq!(
        text,
        format!(
            "curl -sS -i '{}{}' \\\n  -H 'Accept: application/json' \\\n  -H \"X-Auth-Token: $WORKSPACE_TOKEN\"",
            origin(),
            sent.url
        )
    );
    assert!(!text.contains("secret-token-1"));
    wait_for("said", || page_text().contains("Copied")).await;
}

#[wasm_bindgen_test]
async fn a_failed_list_copies_its_request_too() {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond(
        "GET",
        LIST,
        403,
        r#"{"error_code": "WKS.0001", "error_msg": "denied"}"#,
    );
    let _app = mount_app();
    wait_for("the error", || alert_text().contains("denied")).await;
    let text = copy_curl().await;
    assert!(
        text.starts_with(&format!("curl -sS -i '{}{LIST}?", origin())),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn nothing_to_copy_before_a_request_is_sent() {
    reset(&format!("{BINDINGS}?mac=not-a-mac"));
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    let _app = mount_app();
    wait_for("the refused filter", || {
        status_text().contains("Fix the highlighted filters")
    })
    .await;
    assert!(button("Copy as curl").is_none_or(|b| b.hidden()));
}

#[wasm_bindgen_test]
async fn a_bind_outcome_copies_the_post_with_its_body_and_origin() {
    reset(BIND_EIP);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond(
        "GET",
        "/api/v2/proj1/terminals/",
        200,
        r#"{"bind_list": [], "total_num": 0}"#,
    );
    respond(
        "GET",
        "/api/v2/proj1/eips?state=unbind",
        200,
        r#"{"total_count": 0, "eips": []}"#,
    );
    respond(
        "POST",
        "/api/v2/proj1/eips/binding",
        400,
        r#"{"error_code": "WKS.0302", "error_msg": "EIP is in use"}"#,
    );
    let _app = mount_app();
    wait_for("form ready", || {
        button("Bind EIP").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    type_into("EIP ID", "450ca7d4-9603-48d0-a9bc-fb85cdaf3031");
    type_into("Desktop ID", "90f05916-bc71-4e26-a534-d036188d96e3");
    click("Bind EIP");
    wait_for("the error", || alert_text().contains("EIP is in use")).await;
    let text = copy_curl().await;
    let origin = origin();
    assert_eq!(
        text,
        format!(
            "curl -sS -i -X POST '{origin}/api/v2/proj1/eips/binding' \\\n  \
             -H 'Accept: application/json' \\\n  \
             -H \"X-Auth-Token: $WORKSPACE_TOKEN\" \\\n  \
             -H 'Origin: {origin}' \\\n  \
             -H 'Content-Type: application/json' \\\n  \
             --data-raw '{{\"eip_id\":\"450ca7d4-9603-48d0-a9bc-fb85cdaf3031\",\"desktop_id\":\"90f05916-bc71-4e26-a534-d036188d96e3\"}}'"
        )
    );
}
