//! The bind-EIP form: validation, the exact request, one request per
//! submit, and every outcome.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use workspace_console::routes::BIND_EIP;

wasm_bindgen_test_configure!(run_in_browser);

const BIND: &str = "/api/v2/proj1/eips/binding";

async fn open(path: &str) -> Mounted {
    reset(path);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond(
        "GET",
        "/api/v2/proj1/terminals/",
        200,
        r#"{"bind_list": [], "total_num": 0}"#,
    );
    let app = mount_app();
    wait_for("form ready", || {
        button("Bind EIP").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    app
}

fn bind_calls() -> Vec<Call> {
    calls_to(BIND)
}

fn submit_form() {
    let form: web_sys::HtmlFormElement = leptos::prelude::document()
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // What pressing Enter in a field does.
    form.request_submit().unwrap();
}

#[wasm_bindgen_test]
async fn fields_are_prefilled_from_the_url() {
    let _app = open(&format!("{BIND_EIP}?eip_id=eip-1&desktop_id=dsk%201")).await;
    assert_eq!(heading(1).as_deref(), Some("Bind EIP to desktop"));
    assert_eq!(field_value("EIP ID"), "eip-1");
    assert_eq!(field_value("Desktop ID"), "dsk 1");
}

#[wasm_bindgen_test]
async fn invalid_fields_get_errors_focus_and_no_request() {
    let _app = open(BIND_EIP).await;
    type_into("Desktop ID", "has space");
    click("Bind EIP");
    settle().await;
    assert!(bind_calls().is_empty());
    let eip = field("EIP ID").unwrap();
    assert_eq!(eip.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        eip.get_attribute("aria-describedby").as_deref(),
        Some("eip_id-error eip_id-hint")
    );
    let message = leptos::prelude::document()
        .get_element_by_id("eip_id-error")
        .unwrap();
    assert_eq!(text_of(&message), "EIP ID is required.");
    assert!(page_text().contains("Desktop ID must not contain spaces"));
    assert_eq!(active_element_id(), "eip_id");

    type_into("EIP ID", &"e".repeat(256));
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    settle().await;
    assert!(bind_calls().is_empty());
    assert!(page_text().contains("EIP ID must be at most 255 characters long."));
    assert_eq!(
        field("Desktop ID").unwrap().get_attribute("aria-invalid"),
        None
    );
}

#[wasm_bindgen_test]
async fn a_valid_submit_sends_exactly_the_documented_request() {
    let _app = open(BIND_EIP).await;
    respond("POST", BIND, 200, "");
    type_into("EIP ID", "  450ca7d4-9603-48d0-a9bc-fb85cdaf3031 ");
    type_into("Desktop ID", "90f05916-bc71-4e26-a534-d036188d96e3");
    click("Bind EIP");
    wait_for("success", || status_text().contains("is now bound")).await;
    let calls = bind_calls();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call.method, "POST");
    assert_eq!(call.url, BIND);
    assert_eq!(
        call.headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    assert_eq!(
        call.body.as_deref(),
        Some(
            r#"{"eip_id":"450ca7d4-9603-48d0-a9bc-fb85cdaf3031","desktop_id":"90f05916-bc71-4e26-a534-d036188d96e3"}"#
        )
    );
    let status = status_text();
    assert!(status.contains("EIP 450ca7d4-9603-48d0-a9bc-fb85cdaf3031 is now bound to desktop 90f05916-bc71-4e26-a534-d036188d96e3"), "{status}");
    // Where to see it.
    assert!(link("See it in the EIP list").is_some(), "{}", page_text());
    // Ready for the next binding; the attempt is listed.
    assert_eq!(field_value("EIP ID"), "");
    assert!(page_text().contains(
        "450ca7d4-9603-48d0-a9bc-fb85cdaf3031 → 90f05916-bc71-4e26-a534-d036188d96e3: Bound"
    ));
}

#[wasm_bindgen_test]
async fn double_click_and_repeated_enter_send_one_request() {
    let _app = open(BIND_EIP).await;
    respond_after("POST", BIND, 300, 200, "");
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    click("Bind EIP");
    submit_form();
    wait_for("button shows work", || button("Binding…").is_some()).await;
    assert!(button("Binding…").unwrap().has_attribute("disabled"));
    submit_form();
    wait_for("done", || status_text().contains("is now bound")).await;
    settle().await;
    assert_eq!(bind_calls().len(), 1);
}

#[wasm_bindgen_test]
async fn wks_error_keeps_the_form_and_shows_every_field() {
    let _app = open(BIND_EIP).await;
    respond(
        "POST",
        BIND,
        400,
        r#"{"error_code":"WKS.0012","error_msg":"The EIP is already bound.","error_detail":"eip e1","encoded_authorization_message":"ENC-123"}"#,
    );
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    wait_for("alert", || alert_text().contains("WKS.0012")).await;
    let alert = alert_text();
    assert!(alert.contains("The EIP is already bound."));
    assert!(alert.contains("eip e1"));
    assert!(alert.contains("decode-authorization-message"));
    assert!(alert.contains("ENC-123"));
    assert!(
        button("Retry").is_none(),
        "a POST is never retried for the admin"
    );
    assert_eq!(field_value("EIP ID"), "e1");
    assert_eq!(field_value("Desktop ID"), "d1");
    assert!(page_text().contains("e1 → d1: Failed: WKS.0012: The EIP is already bound."));
    settle().await;
    assert_eq!(bind_calls().len(), 1, "no automatic retry");
}

#[wasm_bindgen_test]
async fn proxy_html_page_is_explained() {
    let _app = open(BIND_EIP).await;
    respond_html(
        "POST",
        BIND,
        504,
        "<html><body><h1>504 Gateway Time-out</h1></body></html>",
    );
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    wait_for("alert", || alert_text().contains("HTTP 504")).await;
    assert!(alert_text().contains("504 Gateway Time-out"));
}

#[wasm_bindgen_test]
async fn timeout_says_the_binding_may_have_happened() {
    reset(BIND_EIP);
    respond(
        "GET",
        "/config.json",
        200,
        r#"{"api_base_url": "/api", "project_id": "proj1", "request_timeout_ms": 300}"#,
    );
    respond_never("POST", BIND);
    let _app = mount_app();
    wait_for("form ready", || {
        button("Bind EIP").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    wait_for("timeout alert", || alert_text().contains("timed out")).await;
    assert!(alert_text().contains("may or may not have been applied"));
    assert_eq!(bind_calls().len(), 1);
    assert_eq!(field_value("EIP ID"), "e1");
}

#[wasm_bindgen_test]
async fn keyboard_only_use() {
    let _app = open(BIND_EIP).await;
    respond("POST", BIND, 200, "");
    // Every control is a native, focusable element in document order.
    for label in ["EIP ID", "Desktop ID"] {
        let control = field(label).unwrap();
        assert_eq!(control.get_attribute("tabindex"), None);
        control.focus().unwrap();
        assert_eq!(active_element_id(), control.id());
    }
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    submit_form();
    wait_for("success", || status_text().contains("is now bound")).await;
    assert_eq!(bind_calls().len(), 1);
}

#[wasm_bindgen_test]
async fn a_result_that_arrives_after_leaving_is_shown_on_return() {
    let _app = open(BIND_EIP).await;
    respond_after("POST", BIND, 300, 200, "");
    type_into("EIP ID", "e9");
    type_into("Desktop ID", "d9");
    click("Bind EIP");
    wait_for("request sent", || bind_calls().len() == 1).await;
    click_link("Bindings");
    wait_for("bindings page", || {
        heading(1).as_deref() == Some("Terminal bindings")
    })
    .await;
    sleep(500).await;
    click_link("Bind EIP");
    wait_for("activity", || page_text().contains("e9 → d9: Bound")).await;
}

/// Submits e1 → d1 and waits for the outcome in the activity list.
async fn bind_and_wait_for_activity() {
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    wait_for("activity", || page_text().contains("e1 → d1: ")).await;
    settle().await;
}

fn assert_reported_as_not_applied() {
    assert!(
        !status_text().contains("is now bound"),
        "a false success: {}",
        status_text()
    );
    assert!(!page_text().contains("e1 → d1: Bound"), "{}", page_text());
    assert!(page_text().contains("e1 → d1: Failed"), "{}", page_text());
    assert!(
        alert_text().contains("probably not applied"),
        "{}",
        alert_text()
    );
    assert_eq!(field_value("EIP ID"), "e1", "the form keeps its values");
    assert_eq!(bind_calls().len(), 1, "never retried");
}

#[wasm_bindgen_test]
async fn a_sign_in_page_under_200_is_not_a_success() {
    let _app = open(BIND_EIP).await;
    respond_html(
        "POST",
        BIND,
        200,
        "<html><head><title>Session expired</title></head><body><h1>Sign in</h1></body></html>",
    );
    bind_and_wait_for_activity().await;
    assert_reported_as_not_applied();
    assert!(alert_text().contains("sign-in page"), "{}", alert_text());
    assert!(alert_text().contains("Session expired"), "{}", alert_text());
}

#[wasm_bindgen_test]
async fn a_redirect_is_not_followed_and_not_a_success() {
    let _app = open(BIND_EIP).await;
    respond_redirect("POST", BIND, "<h1>Sign in</h1>");
    bind_and_wait_for_activity().await;
    assert_reported_as_not_applied();
    assert!(alert_text().contains("redirect"), "{}", alert_text());
    assert_eq!(bind_calls()[0].redirect, "manual");
}

#[wasm_bindgen_test]
async fn an_error_body_under_200_is_not_a_success() {
    let _app = open(BIND_EIP).await;
    respond(
        "POST",
        BIND,
        200,
        r#"{"error_code": "WKS.0175", "error_msg": "The EIP is in use."}"#,
    );
    bind_and_wait_for_activity().await;
    assert_reported_as_not_applied();
    assert!(page_text().contains("e1 → d1: Failed: WKS.0175: The EIP is in use."));
}

#[wasm_bindgen_test]
async fn every_request_refuses_redirects() {
    let _app = open(BIND_EIP).await;
    respond("POST", BIND, 200, "");
    type_into("EIP ID", "e1");
    type_into("Desktop ID", "d1");
    click("Bind EIP");
    wait_for("success", || status_text().contains("is now bound")).await;
    let all = calls();
    assert!(all.len() >= 2, "config.json and the bind: {all:?}");
    for call in all {
        assert_eq!(call.redirect, "manual", "{} {}", call.method, call.url);
    }
}
