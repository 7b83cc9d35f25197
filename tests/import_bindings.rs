//! The Import page: a pasted or chosen CSV checked line by line in the
//! preview, the one create it sends, and each line's outcome afterwards.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use workspace_console::routes::BINDINGS_IMPORT;

wasm_bindgen_test_configure!(run_in_browser);

const CREATE: &str = "/api/v2/proj1/terminals/binding-desktops";

#[wasm_bindgen(inline_js = r#"
export function choose_file(input, bytes, name) {
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: 'text/csv' }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
"#)]
extern "C" {
    /// What choosing a file in the browser's dialog does.
    fn choose_file(input: &web_sys::HtmlElement, bytes: &[u8], name: &str);
}

/// Five lines under a header: two ready (file lines 2 and 6), a bad MAC,
/// a name over 100 characters, a MAC repeated from line 2.
fn sample() -> String {
    format!(
        "mac,desktop_name,description\n\
         aa:bb:cc:dd:ee:01,dsk-1,first\n\
         not-a-mac,dsk-2,\n\
         AA-BB-CC-DD-EE-03,{},\n\
         AA-BB-CC-DD-EE-01,dsk-4,again\n\
         AA-BB-CC-DD-EE-05,dsk-5,\"a, b\"\n",
        "n".repeat(101)
    )
}

/// The create requests sent (the bindings list GETs the same path).
fn creates() -> Vec<Call> {
    calls_to(CREATE)
        .into_iter()
        .filter(|call| call.method == "POST")
        .collect()
}

async fn open() -> Mounted {
    reset(BINDINGS_IMPORT);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    let app = mount_app();
    wait_for("import page", || {
        heading(1).as_deref() == Some("Import bindings") && field("Paste CSV").is_some()
    })
    .await;
    app
}

/// Pastes the sample and waits for its preview.
async fn paste_sample() {
    type_into("Paste CSV", &sample());
    wait_for("button ready", || {
        button("Import 2 bindings").is_some_and(|b| !b.has_attribute("disabled"))
    })
    .await;
}

fn row(line: &str) -> Vec<String> {
    table_rows("Preview")
        .into_iter()
        .find(|row| row.first().map(String::as_str) == Some(line))
        .unwrap_or_else(|| panic!("no row for line {line}: {:?}", table_rows("Preview")))
}

fn header_texts() -> Vec<String> {
    let headers = leptos::prelude::document()
        .query_selector_all("table th")
        .unwrap();
    (0..headers.length())
        .filter_map(|i| headers.item(i))
        .map(|h| h.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn pasted_lines_are_all_checked_before_anything_is_sent() {
    let _app = open().await;
    assert!(!table_exists("Preview"), "no table before any line");
    paste_sample().await;
    assert_eq!(
        header_texts(),
        [
            "Line",
            "MAC address",
            "Desktop name",
            "Description",
            "Problem"
        ]
    );
    let rows = table_rows("Preview");
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0], ["2", "AA-BB-CC-DD-EE-01", "dsk-1", "first", ""]);
    assert!(row("3")[4].contains("\"not-a-mac\" is not a MAC address"));
    assert!(
        row("4")[4].contains("101 characters; at most 100"),
        "{:?}",
        row("4")
    );
    assert_eq!(row("5")[4], "The same MAC address is on line 2.");
    assert_eq!(row("6"), ["6", "AA-BB-CC-DD-EE-05", "dsk-5", "a, b", ""]);
    assert!(
        status_text().contains("2 lines ready, 3 with a problem"),
        "{}",
        status_text()
    );
    settle().await;
    assert!(creates().is_empty(), "nothing sent while typing");
}

#[wasm_bindgen_test]
async fn import_sends_the_ready_lines_in_one_create_under_their_file_lines() {
    let _app = open().await;
    respond("POST", CREATE, 200, "");
    paste_sample().await;
    click("Import 2 bindings");
    wait_for("success", || status_text().contains("Imported 2 bindings.")).await;
    let calls = creates();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].method, "POST");
    assert_eq!(calls[0].url, CREATE);
    assert_eq!(
        calls[0].body.as_deref(),
        Some(
            r#"{"bind_list":[{"line":2,"mac":"AA-BB-CC-DD-EE-01","desktop_name":"dsk-1","description":"first"},{"line":6,"mac":"AA-BB-CC-DD-EE-05","desktop_name":"dsk-5","description":"a, b"}]}"#
        )
    );
    assert!(link("See them in the bindings list").is_some());
    assert_eq!(row("2")[5], "Imported");
    assert_eq!(row("3")[5], "Not sent: it has a problem");
    // The lines not imported (the three with a problem) can be fixed.
    assert!(button("Download failed lines").is_some());
    // The same text is not imported twice.
    assert!(
        button("Import 2 bindings")
            .unwrap()
            .has_attribute("disabled")
    );
    assert_eq!(field_value("Paste CSV"), sample());
}

#[wasm_bindgen_test]
async fn a_second_click_while_sending_sends_nothing() {
    let _app = open().await;
    respond_after("POST", CREATE, 300, 200, "");
    paste_sample().await;
    click("Import 2 bindings");
    wait_for("sending", || button("Importing 2 bindings…").is_some()).await;
    assert!(
        button("Importing 2 bindings…")
            .unwrap()
            .has_attribute("disabled")
    );
    button("Importing 2 bindings…").unwrap().click();
    wait_for("success", || status_text().contains("Imported 2 bindings.")).await;
    settle().await;
    assert_eq!(creates().len(), 1);
}

#[wasm_bindgen_test]
async fn a_refusal_shows_each_lines_reason_and_offers_the_failed_lines() {
    let _app = open().await;
    respond(
        "POST",
        CREATE,
        400,
        r#"{"error_code":"WKS.0200","error_msg":"1 of 2 lines cannot be bound; nothing was created.",
            "bind_result_list":[{"line":6,"mac":"AA-BB-CC-DD-EE-05","desktop_name":"dsk-5","description":"a, b",
            "validation_result_code":"WKS.0201","validation_result_msg":"The MAC address is already bound."}]}"#,
    );
    paste_sample().await;
    click("Import 2 bindings");
    wait_for("refusal", || alert_text().contains("WKS.0200")).await;
    assert_eq!(
        header_texts(),
        [
            "Line",
            "MAC address",
            "Desktop name",
            "Description",
            "Problem",
            "Outcome"
        ]
    );
    assert_eq!(
        row("6")[5],
        "Refused: WKS.0201: The MAC address is already bound."
    );
    assert_eq!(
        row("2")[5],
        "Not imported: another line was refused, so none was created"
    );
    let alert = alert_text();
    assert!(
        alert.contains("Nothing was imported: the API refused 1 line"),
        "{alert}"
    );
    assert!(!status_text().contains("Imported"), "{}", status_text());
    // The download is offered without leaving the page or an error.
    click("Download failed lines");
    settle().await;
    assert!(!alert_text().contains("Not downloaded"), "{}", alert_text());
    assert_eq!(heading(1).as_deref(), Some("Import bindings"));
    // What was pasted stays, to fix and import again.
    assert_eq!(field_value("Paste CSV"), sample());
    settle().await;
    assert_eq!(creates().len(), 1, "never retried");
    // The refused create, as sent.
    capture_clipboard();
    click("Copy as curl");
    wait_for("copied", || copied_text().is_some()).await;
    let curl = copied_text().unwrap_or_default();
    assert!(curl.contains(&format!("{CREATE}'")), "{curl}");
    assert!(
        curl.contains(r#""line":6,"mac":"AA-BB-CC-DD-EE-05""#),
        "{curl}"
    );
}

#[wasm_bindgen_test]
async fn a_page_under_200_is_a_failure_not_an_import() {
    let _app = open().await;
    respond_html(
        "POST",
        CREATE,
        200,
        "<html><body><h1>Sign in</h1></body></html>",
    );
    paste_sample().await;
    click("Import 2 bindings");
    wait_for("failure", || alert_text().contains("Nothing was imported")).await;
    assert!(
        alert_text().contains("probably not applied"),
        "{}",
        alert_text()
    );
    assert!(!status_text().contains("Imported"), "{}", status_text());
    assert_eq!(row("2")[5], "Not imported: the request failed");
    assert!(button("Download failed lines").is_some());
    assert_eq!(field_value("Paste CSV"), sample());
}

#[wasm_bindgen_test]
async fn a_file_without_a_mac_column_is_an_alert_and_nothing_can_be_sent() {
    let _app = open().await;
    type_into("Paste CSV", "desktop_name,description\ndsk-1,x\n");
    wait_for("alert", || {
        alert_text().contains("The header line has no \"mac\" column.")
    })
    .await;
    assert!(!table_exists("Preview"));
    assert!(
        button("Import 0 bindings")
            .unwrap()
            .has_attribute("disabled")
    );
    assert_eq!(
        field_value("Paste CSV"),
        "desktop_name,description\ndsk-1,x\n"
    );
}

#[wasm_bindgen_test]
async fn a_chosen_file_fills_the_preview_and_a_bad_one_keeps_the_paste() {
    let _app = open().await;
    // A spreadsheet's export: BOM, semicolons, CRLF, no header.
    let file = "\u{FEFF}aa-bb-cc-dd-ee-01;dsk-1;été\r\nAA:BB:CC:DD:EE:02;dsk-2;\r\n";
    choose_file(
        &field("CSV file").unwrap(),
        file.as_bytes(),
        "terminals.csv",
    );
    wait_for("file preview", || status_text().contains("2 lines ready")).await;
    assert_eq!(row("1"), ["1", "AA-BB-CC-DD-EE-01", "dsk-1", "été", ""]);
    assert_eq!(row("2")[1], "AA-BB-CC-DD-EE-02");
    assert!(button("Import 2 bindings").is_some());

    type_into("Paste CSV", "AA-BB-CC-DD-EE-09,dsk-9,kept\n");
    // Latin-1, not UTF-8.
    choose_file(
        &field("CSV file").unwrap(),
        b"AA-BB-CC-DD-EE-01,d\xE9sk,x\n",
        "latin1.csv",
    );
    wait_for("encoding alert", || {
        alert_text().contains("latin1.csv is not UTF-8")
    })
    .await;
    assert_eq!(field_value("Paste CSV"), "AA-BB-CC-DD-EE-09,dsk-9,kept\n");
    assert_eq!(table_rows("Preview").len(), 1);
    assert_eq!(
        field("CSV file")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn every_control_is_reachable_by_keyboard() {
    let _app = open().await;
    respond("POST", CREATE, 200, "");
    for label in ["CSV file", "Paste CSV"] {
        let control = field(label).unwrap();
        assert_eq!(control.get_attribute("tabindex"), None);
        control.focus().unwrap();
        assert_eq!(active_element_id(), control.id());
    }
    paste_sample().await;
    let import = button("Import 2 bindings").unwrap();
    import.focus().unwrap();
    assert_eq!(focused_name(), "Import 2 bindings");
    // Enter or Space on a focused button is a click.
    import.click();
    wait_for("success", || status_text().contains("Imported 2 bindings.")).await;
    let download = button("Download failed lines").unwrap();
    download.focus().unwrap();
    assert_eq!(focused_name(), "Download failed lines");
}

#[wasm_bindgen_test]
async fn eight_thousand_lines_are_previewed_and_one_more_is_refused() {
    let _app = open().await;
    let lines: String = (0..8000u32)
        .map(|i| {
            format!(
                "02-00-00-{:02X}-{:02X}-{:02X},dsk-{i},\n",
                i >> 16,
                (i >> 8) & 0xFF,
                i & 0xFF
            )
        })
        .collect();
    let started = js_sys::Date::now();
    type_into("Paste CSV", &lines);
    wait_for("8,000 rows", || table_rows("Preview").len() == 8000).await;
    leptos::logging::log!(
        "8,000 lines checked and drawn in {} ms",
        js_sys::Date::now() - started
    );
    assert!(
        status_text().contains("8,000 lines ready"),
        "{}",
        status_text()
    );
    assert!(button("Import 8,000 bindings").is_some());

    type_into(
        "Paste CSV",
        &format!("{lines}02-00-01-00-00-00,dsk-8000,\n"),
    );
    wait_for("too many lines", || {
        alert_text().contains("The file has 8,001 lines; at most 8,000")
    })
    .await;
    assert!(!table_exists("Preview"));
}

#[wasm_bindgen_test]
async fn an_outcome_that_arrives_after_leaving_is_shown_on_return() {
    let _app = open().await;
    respond(
        "GET",
        "/api/v2/proj1/terminals/binding-desktops?",
        200,
        r#"{"bind_list": [], "total_num": 0}"#,
    );
    respond_after("POST", CREATE, 300, 200, "");
    paste_sample().await;
    click("Import 2 bindings");
    wait_for("request sent", || creates().len() == 1).await;
    click_link("Bindings");
    wait_for("bindings page", || {
        heading(1).as_deref() == Some("Terminal bindings")
    })
    .await;
    sleep(500).await;
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_for("import page again", || {
        status_text().contains("Imported 2 bindings.")
    })
    .await;
    assert_eq!(field_value("Paste CSV"), sample());
    assert_eq!(row("6")[5], "Imported");
    assert_eq!(creates().len(), 1);
}
