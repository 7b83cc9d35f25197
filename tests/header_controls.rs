//! The header's "Theme" control and the keyboard shortcuts.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use workspace_console::browser::THEME_KEY;
use workspace_console::routes::{BINDINGS, SETTINGS};

wasm_bindgen_test_configure!(run_in_browser);

const EMPTY_LIST: &str = r#"{"bind_list": [], "total_num": 0}"#;

async fn open(path: &str) -> Mounted {
    reset(path);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, EMPTY_LIST);
    let app = mount_app();
    wait_for("the page", || {
        field("Theme").is_some() && (path != BINDINGS || field("Desktop name").is_some())
    })
    .await;
    app
}

fn theme_attribute() -> Option<String> {
    document()
        .document_element()
        .unwrap()
        .get_attribute("data-theme")
}

/// The console's stylesheet, which the test page does not otherwise load.
fn load_stylesheet() {
    if document().get_element_by_id("console-style").is_none() {
        let style = document().create_element("style").unwrap();
        style.set_id("console-style");
        style.set_text_content(Some(include_str!("../style/main.css")));
        document().head().unwrap().append_child(&style).unwrap();
    }
}

fn page_background() -> String {
    load_stylesheet();
    let root = document().document_element().unwrap();
    web_sys::window()
        .unwrap()
        .get_computed_style(&root)
        .unwrap()
        .unwrap()
        .get_property_value("background-color")
        .unwrap()
}

fn body() -> web_sys::EventTarget {
    document().body().unwrap().into()
}

fn help_open() -> bool {
    document()
        .get_element_by_id("shortcuts")
        .is_some_and(|help| help.matches(":popover-open").unwrap())
}

#[wasm_bindgen_test]
async fn a_chosen_theme_is_applied_and_remembered_in_this_browser() {
    let app = open(BINDINGS).await;
    assert_eq!(field_value("Theme"), "system");
    assert_eq!(theme_attribute(), None);
    let list = document().query_selector_all("#theme option").unwrap();
    let options: Vec<String> = (0..list.length())
        .filter_map(|i| list.item(i)?.text_content())
        .collect();
    assert_eq!(options, ["System", "Light", "Dark"]);

    select_option("Theme", "dark");
    assert_eq!(theme_attribute().as_deref(), Some("dark"));
    assert_eq!(local_item(THEME_KEY).as_deref(), Some("dark"));
    assert_eq!(page_background(), "rgb(20, 23, 27)");
    select_option("Theme", "light");
    assert_eq!(page_background(), "rgb(255, 255, 255)");
    select_option("Theme", "dark");
    drop(app);

    // A new visit: the same choice, before anything is touched.
    document()
        .document_element()
        .unwrap()
        .remove_attribute("data-theme")
        .unwrap();
    let _app = mount_app();
    wait_for("the page again", || field("Theme").is_some()).await;
    assert_eq!(field_value("Theme"), "dark");
    assert_eq!(theme_attribute().as_deref(), Some("dark"));

    select_option("Theme", "system");
    assert_eq!(theme_attribute(), None);
    assert_eq!(local_item(THEME_KEY).as_deref(), Some("system"));
}

#[wasm_bindgen_test]
async fn an_unknown_saved_theme_follows_the_system() {
    reset(BINDINGS);
    set_local_item(THEME_KEY, "sepia");
    document()
        .document_element()
        .unwrap()
        .set_attribute("data-theme", "dark")
        .unwrap();
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, EMPTY_LIST);
    let _app = mount_app();
    wait_for("the page", || field("Theme").is_some()).await;
    assert_eq!(field_value("Theme"), "system");
    assert_eq!(theme_attribute(), None);
}

#[wasm_bindgen_test]
async fn slash_goes_to_the_first_filter_but_not_while_typing() {
    let _app = open(BINDINGS).await;
    assert!(!press_key(&body(), "/"), "the console takes /");
    assert_eq!(active_element_id(), field("Desktop name").unwrap().id());

    // Typed into a field, "/" is a character like any other.
    let typing = field("MAC addresses").unwrap();
    typing.focus().unwrap();
    assert!(press_key(&typing.clone().into(), "/"));
    assert_eq!(active_element_id(), typing.id());
}

#[wasm_bindgen_test]
async fn slash_does_nothing_on_a_page_without_filters() {
    let _app = open(SETTINGS).await;
    assert!(press_key(&body(), "/"), "left to the browser");
    assert!(!help_open());
}

#[wasm_bindgen_test]
async fn question_mark_shows_the_shortcuts() {
    let _app = open(BINDINGS).await;
    assert!(!help_open());
    assert!(!press_key(&body(), "?"));
    assert!(help_open());
    let help = document().get_element_by_id("shortcuts").unwrap();
    let text = text_of(&help.unchecked_into());
    assert!(text.contains("Keyboard shortcuts"), "{text}");
    assert!(text.contains("Go to the first filter of a list"), "{text}");
    // The help button toggles it like any popover.
    click("Keyboard shortcuts");
    assert!(!help_open());
}
