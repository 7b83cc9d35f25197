//! 中文: the catalogue fetched for a Chinese admin, `<html lang>`, and the
//! console's texts from it (English for anything it lacks).
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::document;
use wasm_bindgen_test::*;
use workspace_console::browser::{self, LANGUAGE_KEY};
use workspace_console::i18n;
use workspace_console::routes::BINDINGS;

wasm_bindgen_test_configure!(run_in_browser);

const CATALOGUE: &str = include_str!("../public/i18n/zh-CN.json");

fn choose(code: &str) {
    set_local_item(LANGUAGE_KEY, code);
}

fn html_lang() -> Option<String> {
    document().document_element().unwrap().get_attribute("lang")
}

#[wasm_bindgen_test]
async fn a_chinese_admin_gets_the_catalogue_and_the_page_in_chinese() {
    reset(BINDINGS);
    choose("zh-CN");
    respond("GET", "/i18n/zh-CN.json", 200, CATALOGUE);
    respond("GET", "/config.json", 200, DEFAULT_CONFIG);
    respond("GET", "/api/", 200, r#"{"bind_list": [], "total_num": 0}"#);
    browser::start_language().await;
    assert_eq!(html_lang().as_deref(), Some("zh-CN"));
    assert_eq!(calls_to("/i18n/zh-CN.json").len(), 1);
    let app = mount_app();
    wait_for("the list in Chinese", || button("搜索").is_some()).await;
    assert_eq!(heading(1).as_deref(), Some("终端绑定"));
    assert!(field("桌面名称").is_some(), "{}", page_text());
    assert_eq!(field_value("语言"), "zh-CN");
    drop(app);
    i18n::install(None).unwrap();
}

#[wasm_bindgen_test]
async fn a_missing_catalogue_leaves_the_console_in_english() {
    reset(BINDINGS);
    choose("zh-CN");
    respond("GET", "/i18n/zh-CN.json", 404, "<html>not here</html>");
    browser::start_language().await;
    assert_eq!(html_lang().as_deref(), Some("zh-CN"));
    assert_eq!(i18n::t("Search"), "Search");
}

#[wasm_bindgen_test]
async fn an_english_admin_downloads_no_catalogue() {
    reset(BINDINGS);
    choose("en");
    browser::start_language().await;
    assert_eq!(html_lang().as_deref(), Some("en"));
    assert!(calls_to("/i18n/").is_empty());
    assert_eq!(i18n::t("Search"), "Search");
}
