//! The bind form's pickers:
//! "Unbound EIP" and the "Find desktop" combobox (requests once typing
//! pauses, the older one aborted, keyboard and mouse choice), and the
//! success message naming what they chose.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use workspace_console::routes::BIND_EIP;

wasm_bindgen_test_configure!(run_in_browser);

const BIND: &str = "/api/v2/proj1/eips/binding";

fn bind_calls() -> Vec<Call> {
    calls_to(BIND)
}

const UNBOUND: &str = "/api/v2/proj1/eips?state=unbind";
const DESKTOPS: &str = "/api/v2/proj1/desktops";
const UNBOUND_ANSWER: &str = r#"{"total_count": 2, "eips": [
    {"id": "e10", "address": "119.3.0.10", "eip_charge_mode": "traffic", "bandwidth_size": 5, "create_time": "2024-05-01T08:30:00Z"},
    {"id": "e11", "address": "119.3.0.11", "eip_charge_mode": "bandwidth", "bandwidth_size": 10, "create_time": "2024-05-01T08:30:00Z"}]}"#;
const DESKTOPS_ANSWER: &str = r#"{"total_count": 2, "desktops": [
    {"desktop_id": "d1", "computer_name": "dsk-fin-0001", "ip_address": "192.168.10.11", "status": "ACTIVE"},
    {"desktop_id": "d2", "computer_name": "dsk-fin-0002", "ip_address": "192.168.10.12", "status": "SHUTOFF"}]}"#;

async fn open_with_pickers(path: &str) -> Mounted {
    reset(path);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", UNBOUND, 200, UNBOUND_ANSWER);
    let app = mount_app();
    wait_for("the unbound EIPs", || {
        page_text().contains("2 unbound EIPs.")
    })
    .await;
    app
}

fn key(label: &str, key: &str) {
    press_key(&field(label).unwrap().into(), key);
}

fn options() -> Vec<String> {
    let list = leptos::prelude::document()
        .query_selector_all("[role=listbox]:not([hidden]) [role=option]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| text_of(&n.unchecked_into()))
        .collect()
}

fn combobox_attribute(name: &str) -> Option<String> {
    field("Find desktop").unwrap().get_attribute(name)
}

#[wasm_bindgen_test]
async fn the_unbound_eip_select_fills_the_eip_id_and_follows_it() {
    let _app = open_with_pickers(&format!("{BIND_EIP}?eip_id=e11")).await;
    assert_eq!(calls_to(UNBOUND).len(), 1);
    assert_eq!(calls_to("/api/v2/proj1/eips")[0].url, UNBOUND);
    // Preselected from the URL.
    assert_eq!(field_value("Unbound EIP"), "e11");
    select_option("Unbound EIP", "e10");
    settle().await;
    assert_eq!(field_value("EIP ID"), "e10");
    // A pasted ID the list does not hold leaves the select on its prompt.
    type_into("EIP ID", "pasted-id");
    settle().await;
    assert_eq!(field_value("Unbound EIP"), "");
    assert!(page_text().contains("Choose an EIP"));
}

#[wasm_bindgen_test]
async fn find_desktop_asks_once_typing_pauses_and_not_for_one_character() {
    let _app = open_with_pickers(BIND_EIP).await;
    respond("GET", DESKTOPS, 200, DESKTOPS_ANSWER);
    type_into("Find desktop", "f");
    sleep(400).await;
    assert_eq!(calls_to(DESKTOPS).len(), 0, "one character sends nothing");
    type_into("Find desktop", "fi");
    sleep(50).await;
    type_into("Find desktop", "fin");
    sleep(100).await;
    assert_eq!(calls_to(DESKTOPS).len(), 0, "nothing before typing pauses");
    wait_for("options", || options().len() == 2).await;
    let asked = calls_to(DESKTOPS);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(
        asked[0].url,
        format!("{DESKTOPS}?computer_name=fin&offset=0&limit=10")
    );
    assert_eq!(
        options(),
        [
            "dsk-fin-0001 · 192.168.10.11 · ACTIVE",
            "dsk-fin-0002 · 192.168.10.12 · SHUTOFF"
        ]
    );
    assert_eq!(combobox_attribute("role").as_deref(), Some("combobox"));
    assert_eq!(combobox_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(page_text().contains("2 desktops found."));
}

#[wasm_bindgen_test]
async fn arrow_keys_and_enter_choose_a_desktop_without_submitting() {
    let _app = open_with_pickers(BIND_EIP).await;
    respond("GET", DESKTOPS, 200, DESKTOPS_ANSWER);
    type_into("Find desktop", "fin");
    wait_for("options", || options().len() == 2).await;
    key("Find desktop", "ArrowDown");
    key("Find desktop", "ArrowDown");
    settle().await;
    assert_eq!(
        combobox_attribute("aria-activedescendant").as_deref(),
        Some("find_desktop-option-1")
    );
    key("Find desktop", "ArrowUp");
    settle().await;
    assert_eq!(
        combobox_attribute("aria-activedescendant").as_deref(),
        Some("find_desktop-option-0")
    );
    key("Find desktop", "Enter");
    settle().await;
    assert_eq!(field_value("Desktop ID"), "d1");
    assert_eq!(field_value("Find desktop"), "dsk-fin-0001");
    assert_eq!(
        combobox_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(options().is_empty());
    assert_eq!(bind_calls().len(), 0, "Enter chose; it did not submit");
    // Esc closes the list without choosing.
    type_into("Find desktop", "fin-0002");
    wait_for("options again", || options().len() == 2).await;
    key("Find desktop", "Escape");
    settle().await;
    assert!(options().is_empty());
    assert_eq!(field_value("Desktop ID"), "d1");
}

#[wasm_bindgen_test]
async fn a_newer_search_aborts_the_older_and_its_answer_is_dropped() {
    let _app = open_with_pickers(BIND_EIP).await;
    respond_never("GET", &format!("{DESKTOPS}?computer_name=old"));
    respond(
        "GET",
        &format!("{DESKTOPS}?computer_name=fin"),
        200,
        DESKTOPS_ANSWER,
    );
    type_into("Find desktop", "old");
    wait_for("the older request", || calls_to(DESKTOPS).len() == 1).await;
    type_into("Find desktop", "fin");
    wait_for("options", || options().len() == 2).await;
    settle().await;
    let asked = calls_to(DESKTOPS);
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[0].aborted, "the older search is aborted");
    assert!(!asked[1].aborted);
}

#[wasm_bindgen_test]
async fn a_mouse_choice_fills_the_id_and_the_success_names_both() {
    let _app = open_with_pickers(BIND_EIP).await;
    respond("GET", DESKTOPS, 200, DESKTOPS_ANSWER);
    respond("POST", BIND, 200, "");
    select_option("Unbound EIP", "e10");
    type_into("Find desktop", "fin");
    wait_for("options", || options().len() == 2).await;
    let second = leptos::prelude::document()
        .get_element_by_id("find_desktop-option-1")
        .unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    second
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("mousedown", &init).unwrap())
        .unwrap();
    settle().await;
    assert_eq!(field_value("Desktop ID"), "d2");
    click("Bind EIP");
    wait_for("success", || status_text().contains("is now bound")).await;
    assert!(
        status_text().contains("EIP 119.3.0.10 (e10) is now bound to desktop dsk-fin-0002 (d2)."),
        "{}",
        status_text()
    );
    let sent = bind_calls();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].body.as_deref(),
        Some(r#"{"eip_id":"e10","desktop_id":"d2"}"#)
    );
}
