//! Managing bindings on `/bindings`: "Add binding" and "Edit" in a dialog,
//! ticks and "Delete selected" after a confirmation, "Export CSV" page by
//! page with a progress bar and Cancel. Exact requests, one per save,
//! never retried; the list fetched again after each write.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use workspace_console::routes::BINDINGS;

wasm_bindgen_test_configure!(run_in_browser);

const WRITE: &str = "/api/v2/proj1/terminals/binding-desktops";
const DELETE: &str = "/api/v2/proj1/terminals/binding-desktops/batch-delete";
const LIST: &str = "/api/v2/proj1/terminals/binding-desktops?";

fn row(n: usize) -> String {
    format!(
        r#"{{"id":"id{n}","mac":"AA-BB-CC-DD-EE-{n:02}","desktop_name":"dsk-{n:02}","description":"desk {n}"}}"#
    )
}

fn page(rows: std::ops::Range<usize>, total: usize) -> String {
    let rows: Vec<String> = rows.map(row).collect();
    format!(
        r#"{{"total_num":{total},"bind_list":[{}]}}"#,
        rows.join(",")
    )
}

fn list_calls() -> Vec<Call> {
    calls_to(LIST)
}

fn writes() -> Vec<Call> {
    calls().into_iter().filter(|c| c.method != "GET").collect()
}

/// `/bindings` with three rows, and the management code loaded.
async fn open_list() -> Mounted {
    reset(BINDINGS);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", LIST, 200, &page(1..4, 3));
    let app = mount_app();
    wait_for("rows", || table_rows("Terminal bindings").len() == 3).await;
    wait_for("the binding policy", || {
        page_text().contains("Terminal binding: On")
    })
    .await;
    settle().await;
    app
}

/// As a keyboard or pointer user does: the button has focus, then is
/// pressed; for a dialog, waits until it is open.
async fn press(name: &str) {
    let control =
        button(name).unwrap_or_else(|| panic!("no button {name:?}; page: {}", page_text()));
    control.focus().unwrap();
    control.click();
    settle().await;
}

async fn press_for_dialog(name: &str) {
    press(name).await;
    wait_for("the dialog", || open_dialog().is_some()).await;
}

/// Answers for the list from now on (the first page's answer is replaced).
fn list_answers(pages: &[String]) {
    clear_mocks();
    for page in pages {
        respond("GET", LIST, 200, page);
    }
}

fn outcome_text() -> String {
    role_texts("status").join(" | ")
}

#[wasm_bindgen_test]
async fn the_toolbar_and_the_ticks() {
    let _app = open_list().await;
    assert!(button("Add binding").is_some());
    assert!(button("Export CSV").is_some());
    assert!(link("Import CSV").is_some());
    let delete = button("Delete selected").unwrap();
    assert!(delete.has_attribute("disabled"));

    tick("Select dsk-02 AA-BB-CC-DD-EE-02");
    settle().await;
    assert!(!delete.has_attribute("disabled"));
    assert!(outcome_text().contains("1 binding selected."));
    assert!(!checkbox("Select all on this page").unwrap().checked());

    tick("Select all on this page");
    settle().await;
    assert!(outcome_text().contains("3 bindings selected."));
    for n in 1..4 {
        let name = format!("Select dsk-{n:02} AA-BB-CC-DD-EE-{n:02}");
        assert!(checkbox(&name).unwrap().checked(), "{name}");
    }
    tick("Select all on this page");
    settle().await;
    assert!(delete.has_attribute("disabled"));
    // Ticking sends nothing.
    assert!(writes().is_empty());
    assert_eq!(list_calls().len(), 1);
}

#[wasm_bindgen_test]
async fn add_checks_the_fields_then_sends_one_create() {
    let _app = open_list().await;
    press_for_dialog("Add binding").await;
    let (title, _) = open_dialog().expect("the dialog");
    assert_eq!(title, "Add binding");
    assert_eq!(active_element_id(), "binding-mac");

    type_into("MAC address", "aa:bb:cc");
    type_into("Desktop name", "");
    dialog_button("Save").click();
    settle().await;
    assert!(
        writes().is_empty(),
        "nothing is sent for a form with problems"
    );
    let (_, text) = open_dialog().unwrap();
    assert!(text.contains("not a MAC address"), "{text}");
    assert!(text.contains("The desktop name is missing."), "{text}");
    assert_eq!(active_element_id(), "binding-mac");

    list_answers(&[page(1..5, 4)]);
    respond("POST", WRITE, 200, "");
    type_into("MAC address", "aa:bb:cc:dd:ee:0f");
    type_into("Desktop name", " dsk-15 ");
    type_into("Description", "Lobby \"kiosk\"");
    dialog_button("Save").click();
    wait_for("the dialog to close", || open_dialog().is_none()).await;
    wait_for("the list again", || list_calls().len() == 2).await;
    let sent = writes();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "POST");
    assert_eq!(sent[0].url, WRITE);
    assert_eq!(
        sent[0].body.as_deref(),
        Some(
            r#"{"bind_list":[{"line":1,"mac":"AA-BB-CC-DD-EE-0F","desktop_name":"dsk-15","description":"Lobby \"kiosk\""}]}"#
        )
    );
    assert!(
        outcome_text().contains("Added the binding of AA-BB-CC-DD-EE-0F to desktop dsk-15."),
        "{}",
        outcome_text()
    );
    assert_eq!(focused_name(), "Add binding");
    wait_for("the new row", || table_rows("Terminal bindings").len() == 4).await;
}

#[wasm_bindgen_test]
async fn a_refused_create_shows_the_reason_on_its_field_and_is_not_retried() {
    let _app = open_list().await;
    respond(
        "POST",
        WRITE,
        400,
        r#"{"error_code":"WKS.0200","error_msg":"1 of 1 lines could not be bound.",
            "bind_result_list":[{"line":1,"mac":"AA-BB-CC-DD-EE-01","desktop_name":"dsk-09","description":"",
            "validation_result_code":"WKS.0204","validation_result_msg":"MAC address AA-BB-CC-DD-EE-01 is already bound."}]}"#,
    );
    press_for_dialog("Add binding").await;
    type_into("MAC address", "AA-BB-CC-DD-EE-01");
    type_into("Desktop name", "dsk-09");
    dialog_button("Save").click();
    wait_for("the refusal", || {
        open_dialog().is_some_and(|(_, text)| text.contains("is already bound"))
    })
    .await;
    sleep(300).await;
    assert_eq!(writes().len(), 1, "never retried");
    assert_eq!(
        list_calls().len(),
        1,
        "nothing changed, nothing fetched again"
    );
    let (_, text) = open_dialog().unwrap();
    assert!(text.contains("WKS.0200"), "{text}");
    // The refused create, as an operator would replay it.
    capture_clipboard();
    dialog_button("Copy as curl").click();
    wait_for("copied", || copied_text().is_some()).await;
    let curl = copied_text().unwrap_or_default();
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert!(
        curl.starts_with(&format!("curl -sS -i -X POST '{origin}{WRITE}'")),
        "{curl}"
    );
    assert!(
        curl.contains(r#""mac":"AA-BB-CC-DD-EE-01","desktop_name":"dsk-09""#),
        "{curl}"
    );
    let mac = field("MAC address").unwrap();
    assert_eq!(mac.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(active_element_id(), "binding-mac");
    // What was typed is still there, after Esc and opening again too.
    press_escape_in_dialog();
    settle().await;
    press_for_dialog("Add binding").await;
    assert_eq!(field_value("Desktop name"), "dsk-09");
}

#[wasm_bindgen_test]
async fn edit_opens_on_the_row_and_sends_one_put() {
    let _app = open_list().await;
    press_for_dialog("Edit dsk-02 AA-BB-CC-DD-EE-02").await;
    let (title, _) = open_dialog().unwrap();
    assert_eq!(title, "Edit binding");
    assert_eq!(field_value("MAC address"), "AA-BB-CC-DD-EE-02");
    assert_eq!(field_value("Desktop name"), "dsk-02");
    assert_eq!(field_value("Description"), "desk 2");

    // Esc sends nothing and gives focus back to the row's button.
    press_escape_in_dialog();
    settle().await;
    assert!(open_dialog().is_none());
    assert_eq!(focused_name(), "Edit dsk-02 AA-BB-CC-DD-EE-02");
    assert!(writes().is_empty());

    respond("PUT", WRITE, 200, "");
    press_for_dialog("Edit dsk-02 AA-BB-CC-DD-EE-02").await;
    type_into("Description", "moved to floor 3");
    dialog_button("Save").click();
    wait_for("the dialog to close", || open_dialog().is_none()).await;
    let sent = writes();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "PUT");
    assert_eq!(sent[0].url, WRITE);
    assert_eq!(
        sent[0].body.as_deref(),
        Some(
            r#"{"id":"id2","mac":"AA-BB-CC-DD-EE-02","desktop_name":"dsk-02","description":"moved to floor 3"}"#
        )
    );
    wait_for("the list again", || list_calls().len() == 2).await;
    assert!(outcome_text().contains("Saved the binding of AA-BB-CC-DD-EE-02 to desktop dsk-02."));
}

#[wasm_bindgen_test]
async fn an_html_answer_to_a_save_is_not_a_success() {
    let _app = open_list().await;
    respond_html("PUT", WRITE, 200, "<html><body>Sign in</body></html>");
    press_for_dialog("Edit dsk-01 AA-BB-CC-DD-EE-01").await;
    dialog_button("Save").click();
    wait_for("the failure", || {
        open_dialog().is_some_and(|(_, text)| text.contains("probably not applied"))
    })
    .await;
    assert!(!outcome_text().contains("Saved the binding"));
    assert_eq!(list_calls().len(), 1);
}

#[wasm_bindgen_test]
async fn delete_asks_then_sends_one_batch_delete_and_keeps_the_failed_ticked() {
    let _app = open_list().await;
    tick("Select dsk-01 AA-BB-CC-DD-EE-01");
    tick("Select dsk-03 AA-BB-CC-DD-EE-03");
    settle().await;
    press_for_dialog("Delete selected").await;
    let (title, text) = open_dialog().unwrap();
    assert_eq!(title, "Delete 2 bindings");
    assert!(text.contains("dsk-01 (AA-BB-CC-DD-EE-01)"), "{text}");
    assert!(text.contains("dsk-03 (AA-BB-CC-DD-EE-03)"), "{text}");
    assert_eq!(focused_name(), "Cancel", "never one stray Enter away");
    press_escape_in_dialog();
    settle().await;
    assert!(writes().is_empty());
    assert_eq!(focused_name(), "Delete selected");

    list_answers(&[page(2..4, 2)]);
    respond(
        "POST",
        DELETE,
        200,
        r#"{"result_list":[{"id":"id1","delete_result_code":"WKS.0000","delete_result_msg":"success"},
            {"id":"id3","delete_result_code":"WKS.0206","delete_result_msg":"Terminal binding id3 does not exist."}]}"#,
    );
    press_for_dialog("Delete selected").await;
    dialog_button("Delete").click();
    wait_for("the outcome", || {
        outcome_text().contains("Deleted 1 binding")
    })
    .await;
    let sent = writes();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url, DELETE);
    assert_eq!(
        sent[0].body.as_deref(),
        Some(r#"{"id_list":["id1","id3"]}"#)
    );
    let text = outcome_text();
    assert!(
        text.contains("Not deleted: dsk-03 (AA-BB-CC-DD-EE-03): WKS.0206: Terminal binding id3 does not exist."),
        "{text}"
    );
    assert!(
        text.contains("Deleted: dsk-01 (AA-BB-CC-DD-EE-01)."),
        "{text}"
    );
    wait_for("the list again", || {
        table_rows("Terminal bindings").len() == 2
    })
    .await;
    assert!(
        checkbox("Select dsk-03 AA-BB-CC-DD-EE-03")
            .unwrap()
            .checked()
    );
    assert!(
        !checkbox("Select dsk-02 AA-BB-CC-DD-EE-02")
            .unwrap()
            .checked()
    );
    assert!(outcome_text().contains("1 binding selected."));
}

#[wasm_bindgen_test]
async fn a_failed_delete_says_so_and_keeps_the_ticks() {
    let _app = open_list().await;
    respond(
        "POST",
        DELETE,
        500,
        r#"{"error_code":"WKS.9999","error_msg":"internal"}"#,
    );
    tick("Select dsk-02 AA-BB-CC-DD-EE-02");
    settle().await;
    press_for_dialog("Delete selected").await;
    assert_eq!(open_dialog().unwrap().0, "Delete 1 binding");
    dialog_button("Delete").click();
    wait_for("the failure", || {
        outcome_text().contains("The bindings were not deleted.")
    })
    .await;
    assert!(page_text().contains("WKS.9999"));
    assert_eq!(writes().len(), 1);
    // Beside the outcome: the batch delete, as sent.
    capture_clipboard();
    let copy: web_sys::HtmlElement = leptos::prelude::document()
        .query_selector(".outcome button.copy:not([hidden])")
        .unwrap()
        .expect("Copy as curl beside the outcome")
        .unchecked_into();
    copy.click();
    wait_for("copied", || copied_text().is_some()).await;
    let curl = copied_text().unwrap_or_default();
    assert!(curl.contains(&format!("{DELETE}'")), "{curl}");
    assert!(
        curl.ends_with(r#"--data-raw '{"id_list":["id2"]}'"#),
        "{curl}"
    );
    assert!(
        checkbox("Select dsk-02 AA-BB-CC-DD-EE-02")
            .unwrap()
            .checked()
    );
}

#[wasm_bindgen_test]
async fn export_pages_through_every_matching_binding_and_saves_the_file() {
    let _app = open_list().await;
    capture_downloads();
    // The first of two pages of the largest size, then the rest.
    list_answers(&[page(0..3, 3), page(0..8000, 8002), page(8000..8002, 8002)]);
    type_into("Desktop name", "dsk");
    click("Search");
    wait_for("the search", || list_calls().len() == 2).await;
    settle().await;
    reset_calls();
    click("Export CSV");
    wait_for("the file", || {
        outcome_text().contains("Exported 8,002 bindings")
    })
    .await;
    let urls: Vec<String> = list_calls().into_iter().map(|c| c.url).collect();
    assert_eq!(
        urls,
        [
            format!("{LIST}computer_name=dsk&offset=0&limit=8000"),
            format!("{LIST}computer_name=dsk&offset=8000&limit=8000"),
        ]
    );
    let files = downloads().await;
    assert_eq!(files.len(), 1);
    let (name, text) = &files[0];
    assert!(
        name.starts_with("bindings-")
            && name.ends_with(".csv")
            && name.len() == "bindings-2026-12-04.csv".len(),
        "{name}"
    );
    assert!(
        text.starts_with("\u{feff}id,mac,desktop_name,description\r\n"),
        "{}",
        &text[..60]
    );
    assert!(text.contains("\r\nid8001,AA-BB-CC-DD-EE-8001,dsk-8001,desk 8001\r\n"));
    assert_eq!(text.matches("\r\n").count(), 8003);
    assert!(
        role_texts("progressbar").is_empty(),
        "the bar is gone when done"
    );
}

#[wasm_bindgen_test]
async fn export_shows_progress_and_cancel_stops_paging() {
    let _app = open_list().await;
    capture_downloads();
    list_answers(&[page(0..8000, 12000)]);
    respond_never("GET", LIST);
    reset_calls();
    click("Export CSV");
    wait_for("the second page", || list_calls().len() == 2).await;
    settle().await;
    let bar = role_texts("progressbar");
    assert_eq!(bar, ["8,000 of 12,000"]);
    click("Cancel");
    wait_for("cancelled", || {
        outcome_text().contains("Export cancelled; no file was saved.")
    })
    .await;
    sleep(200).await;
    let calls = list_calls();
    assert_eq!(calls.len(), 2, "no page after Cancel");
    assert!(calls[1].aborted);
    assert!(downloads().await.is_empty());
    assert!(role_texts("progressbar").is_empty());
}

#[wasm_bindgen_test]
async fn a_failed_export_says_how_far_it_got_and_resumes_there() {
    let _app = open_list().await;
    capture_downloads();
    list_answers(&[page(0..8000, 8001)]);
    respond(
        "GET",
        LIST,
        503,
        r#"{"error_code":"WKS.0503","error_msg":"busy"}"#,
    );
    respond("GET", LIST, 200, &page(8000..8001, 8001));
    reset_calls();
    click("Export CSV");
    wait_for("the failure", || {
        outcome_text().contains("stopped after 8,000 rows")
    })
    .await;
    assert!(page_text().contains("WKS.0503"));
    assert!(downloads().await.is_empty());
    click("Resume export");
    wait_for("the file", || {
        outcome_text().contains("Exported 8,001 bindings")
    })
    .await;
    let urls: Vec<String> = list_calls().into_iter().map(|c| c.url).collect();
    assert_eq!(
        urls,
        [
            format!("{LIST}offset=0&limit=8000"),
            format!("{LIST}offset=8000&limit=8000"),
            format!("{LIST}offset=8000&limit=8000"),
        ]
    );
    assert_eq!(downloads().await.len(), 1);
}
