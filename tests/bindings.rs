//! The bindings list: requests, URL state, paging, every state an admin
//! meets, and errors. HTTP is scripted; assertions are on what the admin
//! sees and on the exact requests.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use workspace_console::routes::BINDINGS;

wasm_bindgen_test_configure!(run_in_browser);

const LIST: &str = "/api/v2/proj1/terminals/binding-desktops";

fn rows_json(first: usize, count: usize, total: usize) -> String {
    let rows: Vec<String> = (first..first + count)
        .map(|i| {
            format!(
                r#"{{"id":"{i:032x}","mac":"AA-BB-CC-DD-{:02X}-{:02X}","desktop_name":"dsk-{i:04}","description":"row {i}"}}"#,
                i / 256,
                i % 256
            )
        })
        .collect();
    format!(
        r#"{{"bind_list":[{}],"total_num":{total}}}"#,
        rows.join(",")
    )
}

async fn open(path: &str) -> Mounted {
    reset(path);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    mount_app()
}

/// The list loaded with one page of 20 rows, requests settled and forgotten.
async fn open_loaded(path: &str) -> Mounted {
    let app = open(path).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 523));
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    settle().await;
    reset_calls();
    app
}

/// The list's GETs (not the binding policy's, under the same path).
fn list_calls() -> Vec<Call> {
    calls_to(&format!("{LIST}?"))
}

#[wasm_bindgen_test]
async fn first_page_is_one_request_and_twenty_rows() {
    let _app = {
        reset(BINDINGS);
        respond("GET", "/config.json", 200, DEFAULT_CONFIG);
        respond("GET", LIST, 200, &rows_json(0, 20, 523));
        mount_app()
    };
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    settle().await;
    let calls = list_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].url, format!("{LIST}?offset=0&limit=20"));
    assert_eq!(calls[0].method, "GET");
    assert_eq!(status_text(), "Showing 1–20 of 523 bindings");
    assert!(page_text().contains("Page 1 of 27"));
    assert!(button("Previous page").unwrap().has_attribute("disabled"));
    assert!(!button("Next page").unwrap().has_attribute("disabled"));
    let first = &table_rows("Terminal bindings")[0];
    // A tick, the values, "Edit"; the controls named for their row.
    assert_eq!(first[0], "");
    assert_eq!(first[1], "dsk-0000");
    assert!(first[2].starts_with("AA-BB-CC-DD-00-00"));
    assert_eq!(first[3], "row 0");
    assert!(first[4].starts_with(&format!("{:032x}", 0)));
    assert_eq!(first[5], "Edit");
    assert!(checkbox("Select dsk-0000 AA-BB-CC-DD-00-00").is_some());
    assert!(button("Edit dsk-0000 AA-BB-CC-DD-00-00").is_some());
    assert!(button("Copy MAC address AA-BB-CC-DD-00-00").is_some());
    assert!(button(&format!("Copy binding ID {:032x}", 0)).is_some());
}

#[wasm_bindgen_test]
async fn values_are_shown_as_text_never_as_html() {
    let _app = open(BINDINGS).await;
    respond(
        "GET",
        LIST,
        200,
        r#"{"bind_list":[{"id":"1","mac":"AA-BB-CC-DD-EE-FF","desktop_name":"<img src=x onerror=alert(1)>","description":"<script>alert(2)</script> 桌面 🙂"}],"total_num":1}"#,
    );
    wait_for("row", || table_rows("Terminal bindings").len() == 1).await;
    let row = &table_rows("Terminal bindings")[0];
    assert_eq!(row[1], "<img src=x onerror=alert(1)>");
    assert_eq!(row[3], "<script>alert(2)</script> 桌面 🙂");
    let table = leptos::prelude::document()
        .query_selector("table")
        .unwrap()
        .unwrap();
    assert!(table.query_selector("img").unwrap().is_none());
    assert!(table.query_selector("tbody script").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn deep_link_performs_exactly_that_query_and_fills_the_form() {
    let _app = open(
        &format!("{BINDINGS}?computer_name=fin%20%26%20ops&computer_names=a&computer_names=b&mac_list=aa:bb:cc:dd:ee:01&mac_list=AA-BB-CC-DD-EE-02&offset=40&limit=50"),
    )
    .await;
    respond("GET", LIST, 200, &rows_json(40, 50, 523));
    wait_for("rows", || table_rows("Terminal bindings").len() == 50).await;
    settle().await;
    let calls = list_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].url,
        format!(
            "{LIST}?computer_name=fin%20%26%20ops&computer_names=a&computer_names=b&mac_list=AA-BB-CC-DD-EE-01&mac_list=AA-BB-CC-DD-EE-02&offset=40&limit=50"
        )
    );
    assert_eq!(field_value("Desktop name"), "fin & ops");
    assert_eq!(field_value("Desktop names"), "a, b");
    assert_eq!(
        field_value("MAC addresses"),
        "AA-BB-CC-DD-EE-01, AA-BB-CC-DD-EE-02"
    );
    assert_eq!(field_value("Rows per page"), "50");
    assert_eq!(status_text(), "Showing 41–90 of 523 bindings");
}

#[wasm_bindgen_test]
async fn invalid_offset_and_limit_fall_back_silently() {
    let _app = open(&format!("{BINDINGS}?offset=-3&limit=abc")).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 523));
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    assert_eq!(list_calls()[0].url, format!("{LIST}?offset=0&limit=20"));
    assert!(alert_text().is_empty(), "{}", alert_text());
}

#[wasm_bindgen_test]
async fn search_sends_one_request_with_repeated_keys_and_updates_the_url() {
    let _app = open_loaded(&format!("{BINDINGS}?offset=40")).await;
    type_into("Desktop name", "dsk #1");
    type_into("Desktop names", "x, y\nz  x");
    type_into("MAC address", "aa:bb:cc:dd:ee:ff");
    type_into("MAC addresses", "00-11-22-33-44-55\n00:11:22:33:44:66");
    settle().await;
    assert!(list_calls().is_empty(), "no request while typing");
    click("Search");
    wait_for("request", || !list_calls().is_empty()).await;
    settle().await;
    let calls = list_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(
        calls[0].url,
        format!(
            "{LIST}?computer_name=dsk%20%231&computer_names=x&computer_names=y&computer_names=z&mac=AA-BB-CC-DD-EE-FF&mac_list=00-11-22-33-44-55&mac_list=00-11-22-33-44-66&offset=0&limit=20"
        )
    );
    assert!(current_url().starts_with(&format!("{BINDINGS}?computer_name=dsk%20%231")));
    assert!(
        !current_url().contains("offset"),
        "search returns to offset 0"
    );
}

#[wasm_bindgen_test]
async fn invalid_filters_are_shown_on_their_fields_and_nothing_is_sent() {
    let _app = open_loaded(BINDINGS).await;
    type_into("MAC address", "not-a-mac");
    type_into(
        "Desktop names",
        &(0..256)
            .map(|i| format!("d{i}"))
            .collect::<Vec<_>>()
            .join(","),
    );
    click("Search");
    settle().await;
    assert!(list_calls().is_empty());
    let mac = field("MAC address").unwrap();
    assert_eq!(mac.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(
        mac.get_attribute("aria-describedby")
            .unwrap()
            .contains("mac-error")
    );
    assert!(page_text().contains("\"not-a-mac\" is not a MAC address"));
    assert!(page_text().contains("Desktop names has 256 entries"));
    assert_eq!(
        active_element_id(),
        "computer_names",
        "focus on the first invalid field"
    );
    assert_eq!(field_value("MAC address"), "not-a-mac", "input kept");
}

#[wasm_bindgen_test]
async fn invalid_filter_in_a_link_is_shown_and_not_sent() {
    let _app = open(&format!("{BINDINGS}?mac=zz")).await;
    wait_for("field error", || {
        page_text().contains("\"zz\" is not a MAC address")
    })
    .await;
    settle().await;
    assert!(list_calls().is_empty());
    assert!(status_text().contains("Fix the highlighted filters"));
}

#[wasm_bindgen_test]
async fn paging_next_and_back_restore_state() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 45));
    respond("GET", LIST, 200, &rows_json(20, 20, 45));
    respond("GET", LIST, 200, &rows_json(0, 20, 45));
    wait_for("page 1", || status_text() == "Showing 1–20 of 45 bindings").await;
    click("Next page");
    wait_for("page 2", || status_text() == "Showing 21–40 of 45 bindings").await;
    wait_for_url(&format!("{BINDINGS}?offset=20")).await;
    assert!(page_text().contains("Page 2 of 3"));
    assert!(!button("Previous page").unwrap().has_attribute("disabled"));
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("back to page 1", || {
        status_text() == "Showing 1–20 of 45 bindings"
    })
    .await;
    settle().await;
    let urls: Vec<String> = list_calls().into_iter().map(|c| c.url).collect();
    assert_eq!(
        urls,
        vec![
            format!("{LIST}?offset=0&limit=20"),
            format!("{LIST}?offset=20&limit=20"),
            format!("{LIST}?offset=0&limit=20"),
        ]
    );
}

#[wasm_bindgen_test]
async fn last_page_disables_next() {
    let _app = open(&format!("{BINDINGS}?offset=40")).await;
    respond("GET", LIST, 200, &rows_json(40, 5, 45));
    wait_for("last page", || {
        status_text() == "Showing 41–45 of 45 bindings"
    })
    .await;
    assert!(button("Next page").unwrap().has_attribute("disabled"));
    assert!(page_text().contains("Page 3 of 3"));
}

#[wasm_bindgen_test]
async fn page_size_returns_to_first_page_and_is_remembered() {
    let _app = open(&format!("{BINDINGS}?offset=40")).await;
    respond("GET", LIST, 200, &rows_json(40, 20, 523));
    respond("GET", LIST, 200, &rows_json(0, 50, 523));
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    select_option("Rows per page", "50");
    wait_for("50 rows", || table_rows("Terminal bindings").len() == 50).await;
    wait_for_url(&format!("{BINDINGS}?limit=50")).await;
    assert_eq!(
        list_calls().last().unwrap().url,
        format!("{LIST}?offset=0&limit=50")
    );
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("workspace-console.page-size")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("50"));
}

#[wasm_bindgen_test]
async fn count_only_states_the_total_without_a_table() {
    let _app = open(&format!("{BINDINGS}?count_only=true")).await;
    respond("GET", LIST, 200, r#"{"total_num": 523}"#);
    wait_for("count", || status_text() == "523 bindings").await;
    assert_eq!(
        list_calls()[0].url,
        format!("{LIST}?count_only=true&offset=0&limit=20")
    );
    assert!(!table_exists("Terminal bindings"));
    assert!(button("Next page").is_none());
}

#[wasm_bindgen_test]
async fn empty_project_and_no_match_are_different() {
    let app = open(BINDINGS).await;
    respond("GET", LIST, 200, r#"{"bind_list": [], "total_num": 0}"#);
    wait_for("empty", || status_text() == "No bindings yet").await;
    drop(app);

    let _app = open(&format!("{BINDINGS}?computer_name=zzz")).await;
    respond("GET", LIST, 200, r#"{"bind_list": [], "total_num": 0}"#);
    respond("GET", LIST, 200, &rows_json(0, 20, 523));
    wait_for("no match", || {
        status_text() == "No bindings match these filters"
    })
    .await;
    click_link("Clear filters");
    wait_for("all rows", || table_rows("Terminal bindings").len() == 20).await;
    wait_for_url(BINDINGS).await;
    assert_eq!(field_value("Desktop name"), "");
}

#[wasm_bindgen_test]
async fn offset_past_the_end_moves_to_the_last_page() {
    let _app = open(&format!("{BINDINGS}?offset=1000")).await;
    respond("GET", LIST, 200, r#"{"bind_list": [], "total_num": 523}"#);
    respond("GET", LIST, 200, &rows_json(520, 3, 523));
    wait_for("last page", || {
        status_text() == "Showing 521–523 of 523 bindings"
    })
    .await;
    wait_for_url(&format!("{BINDINGS}?offset=520")).await;
    assert_eq!(list_calls().len(), 2);
}

#[wasm_bindgen_test]
async fn leaving_the_page_aborts_its_request_and_ignores_the_answer() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 45));
    wait_for("page 1", || status_text() == "Showing 1–20 of 45 bindings").await;
    clear_mocks();
    // The slow answer for page 2 must not replace page 3's.
    respond_after("GET", LIST, 400, 200, &rows_json(20, 20, 45));
    respond("GET", LIST, 200, &rows_json(40, 5, 45));
    click("Next page");
    wait_for("request for page 2", || list_calls().len() == 2).await;
    // Page 2 is still loading when the admin leaves and comes back.
    click_link("Bind EIP");
    settle().await;
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("page list again", || {
        heading(1).as_deref() == Some("Terminal bindings")
    })
    .await;
    sleep(600).await;
    settle().await;
    let calls = list_calls();
    assert!(
        calls[1].aborted,
        "the superseded request is aborted: {calls:?}"
    );
    assert!(
        !status_text().contains("Showing 21–40"),
        "late page 2 must not show: {}",
        status_text()
    );
}

#[wasm_bindgen_test]
async fn newer_search_wins_over_an_older_slow_one() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 523));
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    clear_mocks();
    respond_after(
        "GET",
        LIST,
        400,
        200,
        r#"{"bind_list":[{"id":"old","mac":"","desktop_name":"old-answer","description":""}],"total_num":1}"#,
    );
    respond(
        "GET",
        LIST,
        200,
        r#"{"bind_list":[{"id":"new","mac":"","desktop_name":"new-answer","description":""}],"total_num":1}"#,
    );
    type_into("Desktop name", "first");
    click("Search");
    wait_for("first request", || list_calls().len() == 2).await;
    type_into("Desktop name", "second");
    click("Search");
    wait_for("new answer", || {
        table_rows("Terminal bindings")
            .first()
            .is_some_and(|r| r[1] == "new-answer")
    })
    .await;
    sleep(600).await;
    settle().await;
    assert_eq!(table_rows("Terminal bindings")[0][1], "new-answer");
    let calls = list_calls();
    assert_eq!(calls.len(), 3);
    assert!(calls[1].aborted);
    assert!(calls[1].url.contains("computer_name=first"));
}

#[wasm_bindgen_test]
async fn rows_stay_visible_and_busy_while_loading() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 45));
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    clear_mocks();
    respond_never("GET", LIST);
    click("Refresh");
    wait_for("busy", || {
        leptos::prelude::document()
            .query_selector("table[aria-busy=\"true\"]")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(table_rows("Terminal bindings").len(), 20);
}

#[wasm_bindgen_test]
async fn proxy_html_error_page_shows_status_and_excerpt_and_retry_works() {
    let _app = open(BINDINGS).await;
    respond_html(
        "GET",
        LIST,
        502,
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
    );
    respond("GET", LIST, 200, &rows_json(0, 20, 523));
    wait_for("alert", || alert_text().contains("HTTP 502")).await;
    assert!(alert_text().contains("502 Bad Gateway"), "{}", alert_text());
    assert!(alert_text().contains("proxy or gateway"));
    assert!(
        !table_exists("Terminal bindings"),
        "an error is never an empty list"
    );
    click("Retry");
    wait_for("rows after retry", || {
        table_rows("Terminal bindings").len() == 20
    })
    .await;
    assert!(alert_text().is_empty());
    assert_eq!(list_calls().len(), 2);
}

#[wasm_bindgen_test]
async fn retry_keeps_the_focus_while_its_request_runs() {
    let _app = open(BINDINGS).await;
    respond_html("GET", LIST, 502, "<h1>502 Bad Gateway</h1>");
    wait_for("alert", || alert_text().contains("HTTP 502")).await;
    clear_mocks();
    respond_never("GET", LIST);
    let retry = button("Retry").expect("a Retry button");
    retry.focus().unwrap();
    retry.click();
    wait_for("the retry sent", || list_calls().len() == 2).await;
    settle().await;
    assert_eq!(focused_name(), "Retry");
}

#[wasm_bindgen_test]
async fn wks_error_shows_every_field_and_the_encoded_message() {
    let _app = open(BINDINGS).await;
    respond(
        "GET",
        LIST,
        403,
        r#"{"error_code":"WKS.0403","error_msg":"Policy doesn't allow workspace:bindingPolicies:get","error_detail":"iam","encoded_authorization_message":"ENCODED-xyz"}"#,
    );
    wait_for("alert", || alert_text().contains("WKS.0403")).await;
    let alert = alert_text();
    assert!(alert.contains("rejected the request (HTTP 403)"), "{alert}");
    assert!(alert.contains("Policy doesn't allow"));
    assert!(alert.contains("iam"));
    assert!(alert.contains("decode-authorization-message"));
    let details = leptos::prelude::document()
        .query_selector("[role=alert] details")
        .unwrap()
        .expect("encoded message in a collapsed details element");
    assert!(!details.has_attribute("open"));
    assert!(text_of(&details).contains("ENCODED-xyz"));
    assert!(button("Copy encoded authorization message").is_some());
}

#[wasm_bindgen_test]
async fn network_failure_names_the_base_url() {
    let _app = open(BINDINGS).await;
    respond_network_error("GET", LIST);
    wait_for("alert", || {
        alert_text().contains("Could not reach the API at /api")
    })
    .await;
    assert!(button("Retry").is_some());
}

#[wasm_bindgen_test]
async fn timeout_is_reported() {
    reset(BINDINGS);
    respond(
        "GET",
        "/config.json",
        200,
        r#"{"api_base_url": "/api", "project_id": "proj1", "request_timeout_ms": 300}"#,
    );
    respond_never("GET", LIST);
    let _app = mount_app();
    wait_for("timeout alert", || {
        alert_text().contains("timed out after 300 ms")
    })
    .await;
    assert!(list_calls()[0].aborted);
}

#[wasm_bindgen_test]
async fn a_body_that_does_not_match_the_schema_is_reported() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, r#"{"bind_list": "nope", "total_num": 1}"#);
    wait_for("alert", || {
        alert_text().contains("does not have the expected fields")
    })
    .await;
}

#[wasm_bindgen_test]
async fn long_descriptions_are_cut_with_the_full_text_available() {
    let _app = open(BINDINGS).await;
    let long = "x".repeat(200);
    respond(
        "GET",
        LIST,
        200,
        &format!(
            r#"{{"bind_list":[{{"id":"1","mac":"","desktop_name":"d","description":"{long}"}}],"total_num":1}}"#
        ),
    );
    wait_for("row", || table_rows("Terminal bindings").len() == 1).await;
    let details = leptos::prelude::document()
        .query_selector("tbody details")
        .unwrap()
        .expect("a details element for the long description");
    let summary = details.query_selector("summary").unwrap().unwrap();
    assert_eq!(text_of(&summary).chars().count(), 81);
    assert!(text_of(&details).contains(&long));
}

#[wasm_bindgen_test]
async fn same_search_again_fetches_again() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 523));
    wait_for("rows", || table_rows("Terminal bindings").len() == 20).await;
    settle().await;
    click("Search");
    wait_for("second request", || list_calls().len() == 2).await;
    settle().await;
    assert_eq!(list_calls().len(), 2);
}

#[wasm_bindgen_test]
async fn refresh_keeps_what_the_admin_is_typing() {
    let _app = open_loaded(BINDINGS).await;
    type_into("Desktop name", "half-typed");
    click("Refresh");
    wait_for("refetch", || list_calls().len() == 1).await;
    settle().await;
    assert_eq!(field_value("Desktop name"), "half-typed");
    assert_eq!(list_calls()[0].url, format!("{LIST}?offset=0&limit=20"));
}

#[wasm_bindgen_test]
async fn re_rendering_without_a_new_query_sends_nothing() {
    let _app = open_loaded(BINDINGS).await;
    // Keystrokes, a ticked box and a copy re-render parts of the page; none
    // of them is a search.
    type_into("Desktop name", "d");
    type_into("Desktop name", "ds");
    type_into("MAC addresses", "aa-bb-cc-dd-ee-ff");
    field("Count only").expect("the Count only box").click();
    click("Copy MAC address AA-BB-CC-DD-00-00");
    wait_for("copy outcome", || {
        page_text().contains("Copied") || page_text().contains("Not copied")
    })
    .await;
    settle().await;
    assert!(list_calls().is_empty(), "{:?}", list_calls());
    assert_eq!(table_rows("Terminal bindings").len(), 20);
}

/// A new page of rows is drawn into the table already shown: the same
/// table (its scroll kept), the new rows only, its header drawn afresh.
#[wasm_bindgen_test]
async fn a_new_page_replaces_the_rows_of_the_table_shown() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 20, 45));
    respond("GET", LIST, 200, &rows_json(20, 20, 45));
    wait_for("page 1", || status_text() == "Showing 1–20 of 45 bindings").await;
    let tables = || common::all("table");
    let first = tables().remove(0);
    click("Next page");
    wait_for("page 2", || status_text() == "Showing 21–40 of 45 bindings").await;
    assert_eq!(tables().len(), 1);
    assert!(tables()[0].is_same_node(Some(&first)));
    let rows = table_rows("Terminal bindings");
    assert_eq!(rows.len(), 20);
    assert!(rows[0].iter().any(|cell| cell == "dsk-0020"), "{rows:?}");
    assert_eq!(common::all("table thead tr").len(), 1);
    let select_all = common::all("thead input[aria-label='Select all on this page']");
    assert_eq!(select_all.len(), 1);
}

#[wasm_bindgen_test]
async fn copy_buttons_copy_exactly_their_value() {
    let _app = open_loaded(BINDINGS).await;
    capture_clipboard();
    // No live region per button: one is put beside a button when clicked.
    assert!(common::all("table [aria-live]").is_empty());
    click("Copy MAC address AA-BB-CC-DD-00-01");
    wait_for("copied", || page_text().contains("Copied")).await;
    assert_eq!(copied_text().as_deref(), Some("AA-BB-CC-DD-00-01"));
    let said = button("Copy MAC address AA-BB-CC-DD-00-01")
        .and_then(|copy| copy.next_element_sibling())
        .expect("the outcome beside the button");
    assert_eq!(said.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(said.text_content().as_deref(), Some("Copied"));
    click("Copy MAC address AA-BB-CC-DD-00-01");
    settle().await;
    assert_eq!(common::all("table [aria-live]").len(), 1);
    let id = format!("{:032x}", 2);
    click(&format!("Copy binding ID {id}"));
    wait_for("copied again", || {
        copied_text().as_deref() == Some(id.as_str())
    })
    .await;
}

#[wasm_bindgen_test]
async fn more_rows_than_asked_for_are_an_unexpected_answer() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 100_000, 100_000));
    wait_for("alert", || {
        alert_text().contains("100,000 rows for a page of 20")
    })
    .await;
    assert!(
        table_rows("Terminal bindings").is_empty(),
        "nothing rendered"
    );
    assert!(!status_text().contains("Showing"), "{}", status_text());
}

#[wasm_bindgen_test]
async fn a_total_smaller_than_the_rows_is_an_unexpected_answer() {
    let _app = open(BINDINGS).await;
    respond("GET", LIST, 200, &rows_json(0, 1, 0));
    wait_for("alert", || alert_text().contains("total of 0")).await;
    assert!(
        !status_text().contains("No bindings yet"),
        "{}",
        status_text()
    );
    assert!(table_rows("Terminal bindings").is_empty());
}

/// 255 desktop names of 80 characters: the form takes each, but the
/// request would be longer than the proxy's request line.
fn names_too_long_for_the_proxy() -> Vec<String> {
    (0..255)
        .map(|i| format!("{i:03}-{}", "n".repeat(76)))
        .collect()
}

#[wasm_bindgen_test]
async fn a_search_too_long_for_the_proxy_is_refused_on_its_field() {
    let _app = open_loaded(BINDINGS).await;
    type_into("Desktop names", &names_too_long_for_the_proxy().join(","));
    click("Search");
    settle().await;
    assert!(list_calls().is_empty(), "nothing sent");
    let message = page_text();
    assert!(
        message.contains("the proxy takes at most 16,384"),
        "{message}"
    );
    assert!(message.contains("Split it into several searches"));
    assert_eq!(active_element_id(), "computer_names");
    let names = field("Desktop names").unwrap();
    assert_eq!(names.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(current_url(), BINDINGS, "the URL keeps the last search");
}

#[wasm_bindgen_test]
async fn a_bookmarked_search_too_long_for_the_proxy_shows_the_message() {
    let query: Vec<String> = names_too_long_for_the_proxy()
        .iter()
        .map(|name| format!("computer_names={name}"))
        .collect();
    let _app = open(&format!("{BINDINGS}?{}", query.join("&"))).await;
    wait_for("field error", || {
        page_text().contains("Split it into several searches")
    })
    .await;
    settle().await;
    assert!(list_calls().is_empty());
    assert!(status_text().contains("Fix the highlighted filters"));
}
