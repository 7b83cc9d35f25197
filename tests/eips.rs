//! The EIP list: its requests and URL state on the shared list path, the
//! rows, and unbinding (one, or several across pages in requests of at most
//! 100) behind a confirmation dialog.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::routes::{BIND_EIP, EIPS};

wasm_bindgen_test_configure!(run_in_browser);

const LIST: &str = "/api/v2/proj1/eips";
const UNBIND: &str = "/api/v2/proj1/eips/unbinding";

/// EIP `i` is bound to desktop `d{i}` unless `i` is a multiple of 3.
fn eip_json(i: usize) -> String {
    let bound = !i.is_multiple_of(3);
    let (desktop_id, desktop_name) = if bound {
        (format!("d{i:04}"), format!("dsk-{i:04}"))
    } else {
        (String::new(), String::new())
    };
    format!(
        r#"{{"id":"e{i:04}","address":"10.0.{}.{}","eip_charge_mode":"traffic","bandwidth_size":5,"create_time":"2024-05-01T08:30:00Z","attached_desktop_id":"{desktop_id}","attached_desktop_name":"{desktop_name}","enterprise_project_id":"0"}}"#,
        i / 256,
        i % 256
    )
}

fn page_json(first: usize, count: usize, total: usize) -> String {
    let rows: Vec<String> = (first..first + count).map(eip_json).collect();
    format!(r#"{{"total_count":{total},"eips":[{}]}}"#, rows.join(","))
}

async fn open_loaded(path: &str, first_page: &str, rows: usize) -> Mounted {
    reset(path);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", LIST, 200, first_page);
    let app = mount_app();
    wait_for("rows", || table_rows("EIPs").len() == rows).await;
    settle().await;
    app
}

fn list_calls() -> Vec<Call> {
    calls()
        .into_iter()
        .filter(|c| c.method == "GET" && c.url.starts_with(LIST))
        .collect()
}

#[wasm_bindgen_test]
async fn first_page_is_one_request_with_every_column() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    let calls = list_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].url, format!("{LIST}?offset=0&limit=20"));
    assert_eq!(heading(1).as_deref(), Some("EIPs"));
    assert!(
        status_text().contains("Showing 1–20 of 60 EIPs"),
        "{}",
        status_text()
    );
    let rows = table_rows("EIPs");
    // Select, address, state, desktop, bandwidth, charge mode, created, ID, action.
    assert_eq!(
        rows[1][1..8],
        [
            "10.0.0.1",
            "Bound",
            "dsk-0001 d0001",
            "5 Mbit/s",
            "By traffic",
            "2024-05-01 08:30 UTC",
            "e0001",
        ]
    );
    assert_eq!(rows[0][2], "Unbound");
    assert_eq!(rows[0][3], "");
    // A free EIP links to the bind form with it chosen; a bound one unbinds.
    let bind = link("Bind 10.0.0.0").expect("a Bind link on a free EIP");
    assert!(
        bind.get_attribute("href")
            .unwrap()
            .ends_with(&format!("{BIND_EIP}?eip_id=e0000")),
        "{:?}",
        bind.get_attribute("href")
    );
    assert!(link("Bind 10.0.0.1").is_none());
    assert!(button("Unbind 10.0.0.1").is_some());
    assert!(button("Unbind 10.0.0.0").is_none());
    assert!(checkbox("Select 10.0.0.1").is_some());
    assert!(checkbox("Select 10.0.0.0").is_none());
    // Nothing is written until the admin acts.
    assert!(common::calls().iter().all(|c| c.method == "GET"));
}

#[wasm_bindgen_test]
async fn deep_link_performs_exactly_that_query_and_fills_the_form() {
    let _app = open_loaded(
        &format!("{EIPS}?state=bind&address=10.0&desktop_name=fin%20%26%20ops&offset=20&limit=10"),
        &page_json(20, 10, 40),
        10,
    )
    .await;
    let calls = list_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].url,
        format!("{LIST}?state=bind&address=10.0&desktop_name=fin%20%26%20ops&offset=20&limit=10")
    );
    assert_eq!(field_value("State"), "bind");
    assert_eq!(field_value("Address"), "10.0");
    assert_eq!(field_value("Desktop name"), "fin & ops");
    assert!(page_text().contains("Page 3 of 4"));
}

#[wasm_bindgen_test]
async fn search_sends_one_request_under_the_api_names_and_clear_goes_back() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    reset_calls();
    select_option("State", "unbind");
    type_into("Desktop name", "  dsk ");
    settle().await;
    assert_eq!(list_calls().len(), 0, "typing sends nothing");
    click("Search");
    wait_for_url(&format!("{EIPS}?state=unbind&desktop_name=dsk")).await;
    settle().await;
    let calls = list_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].url,
        format!("{LIST}?state=unbind&desktop_name=dsk&offset=0&limit=20")
    );
    reset_calls();
    click("Clear filters");
    wait_for_url(EIPS).await;
    settle().await;
    assert_eq!(list_calls().len(), 1);
    assert_eq!(field_value("State"), "");
    assert_eq!(field_value("Desktop name"), "");
}

#[wasm_bindgen_test]
async fn a_filter_the_api_would_reject_is_shown_and_not_sent() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    reset_calls();
    type_into("Address", &"1".repeat(256));
    click("Search");
    settle().await;
    assert_eq!(list_calls().len(), 0);
    assert_eq!(active_element_id(), "address");
    assert!(page_text().contains("Address"), "{}", page_text());
    assert_eq!(
        field("Address")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn unbind_asks_first_and_esc_or_cancel_send_nothing() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    reset_calls();
    button("Unbind 10.0.0.1").unwrap().focus().unwrap();
    click("Unbind 10.0.0.1");
    wait_for("the dialog", || open_dialog().is_some()).await;
    let (name, text) = open_dialog().unwrap();
    assert_eq!(name, "Unbind EIP");
    assert!(
        text.contains("Unbind EIP 10.0.0.1 from desktop dsk-0001?"),
        "{text}"
    );
    // Focus starts on Cancel, not on the destructive button.
    assert_eq!(focused_name(), "Cancel");
    press_escape_in_dialog();
    wait_for("closed", || open_dialog().is_none()).await;
    assert_eq!(focused_name(), "Unbind 10.0.0.1");
    click("Unbind 10.0.0.1");
    wait_for("the dialog again", || open_dialog().is_some()).await;
    dialog_button("Cancel").click();
    wait_for("closed again", || open_dialog().is_none()).await;
    assert_eq!(focused_name(), "Unbind 10.0.0.1");
    settle().await;
    assert_eq!(calls().len(), 0, "{:?}", calls());
}

#[wasm_bindgen_test]
async fn confirmed_unbind_sends_one_post_reports_it_and_fetches_the_list_again() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    reset_calls();
    respond("POST", UNBIND, 200, "");
    click("Unbind 10.0.0.1");
    wait_for("the dialog", || open_dialog().is_some()).await;
    dialog_button("Unbind").click();
    wait_for("the report", || {
        status_text().contains("EIP 10.0.0.1 is no longer bound to desktop dsk-0001.")
    })
    .await;
    settle().await;
    let posts: Vec<Call> = calls().into_iter().filter(|c| c.method == "POST").collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0].url, UNBIND);
    assert_eq!(
        posts[0].body.as_deref(),
        Some(r#"{"desktop_ids":["d0001"]}"#)
    );
    assert_eq!(
        posts[0].headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    assert_eq!(list_calls().len(), 1, "the list is fetched again, once");
    assert!(open_dialog().is_none());
}

#[wasm_bindgen_test]
async fn a_failed_unbind_is_reported_with_the_api_error_and_not_retried() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    reset_calls();
    respond(
        "POST",
        UNBIND,
        400,
        r#"{"error_code":"WKS.0127","error_msg":"The desktop has no EIP."}"#,
    );
    click("Unbind 10.0.0.2");
    wait_for("the dialog", || open_dialog().is_some()).await;
    dialog_button("Unbind").click();
    wait_for("the failure", || alert_text().contains("WKS.0127")).await;
    settle().await;
    assert!(
        status_text().contains(
            "EIP 10.0.0.2 was not unbound from desktop dsk-0002: WKS.0127: The desktop has no EIP."
        ),
        "{}",
        status_text()
    );
    assert!(
        alert_text().contains("rejected the request (HTTP 400)"),
        "{}",
        alert_text()
    );
    let posts = calls().into_iter().filter(|c| c.method == "POST").count();
    assert_eq!(posts, 1);
}

#[wasm_bindgen_test]
async fn a_sign_in_page_under_200_is_not_an_unbinding() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    respond_html(
        "POST",
        UNBIND,
        200,
        "<html><body>Session expired, sign in</body></html>",
    );
    click("Unbind 10.0.0.1");
    wait_for("the dialog", || open_dialog().is_some()).await;
    dialog_button("Unbind").click();
    wait_for("the failure", || status_text().contains("was not unbound")).await;
    assert!(
        !status_text().contains("no longer bound"),
        "{}",
        status_text()
    );
    assert!(
        alert_text().contains("probably not applied"),
        "{}",
        alert_text()
    );
}

#[wasm_bindgen_test]
async fn several_selected_across_pages_go_in_requests_of_at_most_100() {
    // Page 1: 100 rows, all bound; page 2: one more bound row.
    let bound_page = |first: usize, count: usize| {
        let rows: Vec<String> = (first..first + count)
            .map(|i| eip_json(i * 3 + 1))
            .collect();
        format!(r#"{{"total_count":101,"eips":[{}]}}"#, rows.join(","))
    };
    let _app = open_loaded(&format!("{EIPS}?limit=100"), &bound_page(0, 100), 100).await;
    tick("Select all bound EIPs on this page");
    settle().await;
    assert!(
        page_text().contains("100 EIPs selected."),
        "{}",
        page_text()
    );
    clear_mocks();
    respond("GET", LIST, 200, &bound_page(100, 1));
    click("Next page");
    wait_for("page 2", || table_rows("EIPs").len() == 1).await;
    tick("Select 10.0.1.45");
    settle().await;
    assert!(
        page_text().contains("101 EIPs selected."),
        "{}",
        page_text()
    );
    reset_calls();
    respond_after("POST", UNBIND, 50, 200, "");
    click("Unbind selected");
    wait_for("the dialog", || open_dialog().is_some()).await;
    let (name, text) = open_dialog().unwrap();
    assert_eq!(name, "Unbind 101 EIPs");
    assert!(text.contains("10.0.0.1 → dsk-0001"), "{text}");
    assert!(text.contains("…and 91 more."), "{text}");
    dialog_button("Unbind").click();
    wait_for("both requests", || {
        status_text().contains("Request 2 of 2 (1 EIP): unbound.")
    })
    .await;
    assert!(status_text().contains("Request 1 of 2 (100 EIPs): unbound."));
    settle().await;
    let posts: Vec<Call> = calls().into_iter().filter(|c| c.method == "POST").collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    let first = posts[0].body.clone().unwrap();
    assert_eq!(first.matches("\"d0").count(), 100, "{first}");
    assert!(
        first.starts_with(r#"{"desktop_ids":["d0001","d0004""#),
        "{first}"
    );
    assert_eq!(
        posts[1].body.as_deref(),
        Some(r#"{"desktop_ids":["d0301"]}"#)
    );
    assert_eq!(list_calls().len(), 1, "fetched again once, at the end");
    assert!(!page_text().contains("EIPs selected."), "{}", page_text());
}

#[wasm_bindgen_test]
async fn a_failed_request_stops_the_run_and_keeps_the_rest_selected() {
    let _app = open_loaded(&format!("{EIPS}?limit=100"), &page_json(0, 100, 100), 100).await;
    tick("Select all bound EIPs on this page");
    // 66 bound rows on this page: one request. A failure keeps them ticked.
    reset_calls();
    respond_network_error("POST", UNBIND);
    click("Unbind selected");
    wait_for("the dialog", || open_dialog().is_some()).await;
    assert_eq!(open_dialog().unwrap().0, "Unbind 66 EIPs");
    dialog_button("Unbind").click();
    wait_for("the failure", || {
        status_text().contains("failed, not retried")
    })
    .await;
    settle().await;
    assert_eq!(
        calls().into_iter().filter(|c| c.method == "POST").count(),
        1
    );
    assert!(page_text().contains("66 EIPs selected."), "{}", page_text());
    assert!(checkbox("Select 10.0.0.1").unwrap().checked());
}

#[wasm_bindgen_test]
async fn a_new_search_clears_the_selection_and_paging_keeps_it() {
    let _app = open_loaded(EIPS, &page_json(0, 20, 60), 20).await;
    tick("Select 10.0.0.1");
    settle().await;
    assert!(page_text().contains("1 EIP selected."));
    respond("GET", LIST, 200, &page_json(20, 20, 60));
    click("Next page");
    wait_for_url(&format!("{EIPS}?offset=20")).await;
    settle().await;
    assert!(page_text().contains("1 EIP selected."), "{}", page_text());
    select_option("State", "bind");
    click("Search");
    wait_for_url(&format!("{EIPS}?state=bind")).await;
    settle().await;
    assert!(!page_text().contains("EIP selected."), "{}", page_text());
}
