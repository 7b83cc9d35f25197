//! `src/early.js` against the Rust it mirrors. The script starts the list
//! page's first GET while the wasm downloads; the console's fetch takes
//! that answer only for exactly the request it sends itself. Here both
//! compute the first GET for thousands of generated addresses, settings and
//! `config.json` texts, and must agree: a drift would cost every load a
//! wasted GET. Then the hand-over itself: taken once, for the same token
//! only, and aborted with the app's request.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use workspace_console::api;
use workspace_console::browser::base_path_of;
use workspace_console::components::ListFilters;
use workspace_console::components::list_page::{page_query, page_size};
use workspace_console::config::{DeployConfig, SavedSettings, resolve};
use workspace_console::query::{BindingsQuery, DEFAULT_LIMIT, Filters};
use workspace_console::routes;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/src/early.js")]
extern "C" {
    #[wasm_bindgen(js_name = firstListUrl)]
    fn script_first_list_url(
        config: Option<String>,
        saved: Option<String>,
        page_size: Option<String>,
        base: &str,
        pathname: &str,
        search: &str,
    ) -> Option<String>;

    #[wasm_bindgen(js_name = pickLanguage)]
    fn script_pick_language(saved: Option<String>, browser: Vec<String>) -> String;

    #[wasm_bindgen(js_name = basePath)]
    fn script_base_path(href: &str) -> String;

    #[wasm_bindgen(js_name = startGet)]
    fn script_start_get(url: &str, token: Option<String>) -> js_sys::Promise;

    #[wasm_bindgen(js_name = bindingRows)]
    fn script_binding_rows(status: u16, body: &str) -> JsValue;

    #[wasm_bindgen(js_name = firstRowsView)]
    fn script_first_rows_view(rows: &JsValue, catalogue: &JsValue) -> web_sys::Element;
}

/// What the console itself sends first on this page: the settings as
/// `AppState` resolves them, the URL as the router reads it, the page state
/// and check of the bindings list, its request URL.
fn console_first_list_url(
    config: Option<&str>,
    saved: Option<&str>,
    stored_page_size: Option<&str>,
    base: &str,
    pathname: &str,
    search: &str,
) -> Option<String> {
    if pathname != format!("{}{}", base.trim_end_matches('/'), routes::BINDINGS) {
        return None;
    }
    let deploy = match config {
        Some(text) => DeployConfig::parse(text),
        None => Err("not loaded".to_owned()),
    };
    let saved = saved
        .and_then(|text| SavedSettings::parse(text).ok())
        .unwrap_or_default();
    let config = resolve(deploy.as_ref().map_err(String::as_str), &saved, None).ok()?;
    let query: BindingsQuery = page_query(&router_params(search), page_size(stored_page_size));
    let checked = Filters::check(&query, &config).ok()?;
    Some(api::list_bindings_url(&config, &checked))
}

/// The router's reading of `location.search` (leptos_router's
/// `search_params_from_web_url`, which is private): URLSearchParams, then
/// `ParamsMap`'s own decoding of each value.
fn router_params(search: &str) -> leptos_router::params::ParamsMap {
    let params = web_sys::UrlSearchParams::new_with_str(search).unwrap();
    js_sys::try_iter(&params)
        .unwrap()
        .unwrap()
        .map(|entry| {
            let pair: js_sys::Array = entry.unwrap().dyn_into().unwrap();
            (
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_string().unwrap(),
            )
        })
        .collect()
}

/// xorshift64*: the same cases on every run.
struct Cases(u64);

impl Cases {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const CONFIGS: &[Option<&str>] = &[
    Some(r#"{"api_base_url": "/workspace-api", "project_id": "p1"}"#),
    Some(r#"{"api_base_url": "https://proxy.example.com/ws/", "project_id": " p2 "}"#),
    Some(r#"{"api_base_url": "https://proxy.example.com:8443", "project_id": "p_3-x"}"#),
    Some(r#"{"api_base_url": " /spaced ", "project_id": "p4", "request_timeout_ms": 5000}"#),
    Some(r#"{"api_base_url": "\u0085/nel\u0085", "project_id": "p5"}"#),
    Some(r#"{"api_base_url": "\ufeff/bom", "project_id": "p6"}"#),
    Some(r#"{"api_base_url": "/api"}"#),
    Some(r#"{"api_base_url": "/api", "project_id": ""}"#),
    Some(r#"{"api_base_url": "/api", "project_id": null}"#),
    Some(r#"{"api_base_url": "/api", "project_id": "bad id"}"#),
    Some(r#"{"api_base_url": "/api", "project_id": 7}"#),
    Some(r#"{"api_base_url": "/api", "project_id": "p", "request_timeout_ms": 0}"#),
    Some(r#"{"api_base_url": "/api", "project_id": "p", "request_timeout_ms": 600001}"#),
    Some(r#"{"api_base_url": "/api", "project_id": "p", "request_timeout_ms": "5"}"#),
    Some(r#"{"api_base_url": "//evil.example", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "https://user@host.example/x", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "https://ｈost.example/x", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "https://host%2Eexample/x", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "https://:80/x", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "HTTPS://host.example", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "/a?b", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "/a\\b", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "/a b", "project_id": "p"}"#),
    Some(r#"{"api_base_url": "api", "project_id": "p"}"#),
    Some(r#"{"api_base_url": null, "project_id": "p"}"#),
    Some(r#"{"project_id": "p"}"#),
    Some("[]"),
    Some("not json"),
    Some(""),
    None,
];

const SAVED: &[Option<&str>] = &[
    None,
    None,
    None,
    Some("{}"),
    Some(r#"{"project_id": "saved-p"}"#),
    Some(r#"{"project_id": " saved "}"#),
    Some(r#"{"api_base_url": "/saved"}"#),
    Some(r#"{"api_base_url": "https://saved.example/ws", "project_id": "sp"}"#),
    Some(r#"{"api_base_url": "//evil.example"}"#),
    Some(r#"{"project_id": "p", "request_timeout_ms": 1.5}"#),
    Some(r#"{"project_id": "p", "request_timeout_ms": 9000}"#),
    Some(r#"{"project_id": 5}"#),
    Some("garbage"),
];

const PAGE_SIZES: &[Option<&str>] = &[
    None,
    None,
    Some("50"),
    Some("100"),
    Some("+50"),
    Some("050"),
    Some(" 50"),
    Some("7"),
    Some("abc"),
];

const KEYS: &[&str] = &[
    "computer_name",
    "computer_names",
    "computer_names",
    "mac",
    "mac_list",
    "mac_list",
    "count_only",
    "offset",
    "limit",
    "other",
    "Computer_name",
    "mac%5Flist",
];

const TEXTS: &[&str] = &[
    "dsk-01",
    "a b",
    "a+b",
    "+",
    "%20padded%20",
    "%E6%A1%8C%E9%9D%A2",
    "%41",
    "%2541",
    "%252",
    "%ZZ",
    "%E6%A1",
    "%C2%85x%C2%85",
    "%EF%BB%BFy",
    "ctl%00",
    "line%0Abreak",
    "%C2%9F",
    "a%26b%3Dc",
    "quote%27s%20(x)*!",
    "~._-",
    "",
    " ",
];

const NUMBERS: &[&str] = &[
    "0",
    "40",
    "+40",
    "8000",
    "8001",
    "-1",
    "20",
    "50",
    "100",
    "7",
    "abc",
    "00100",
    "%2050",
    "99999999999999999999",
    "1e2",
];

fn mac(cases: &mut Cases) -> String {
    let groups = if cases.below(10) == 0 { 5 } else { 6 };
    let separator = ["-", ":", "-", ":", "-", "."][cases.below(6)];
    let mut parts = Vec::new();
    for _ in 0..groups {
        let digits = if cases.below(40) == 0 {
            "g1"
        } else {
            ["0a", "FF", "b3", "9C", "12", "Ab"][cases.below(6)]
        };
        parts.push(digits);
    }
    let mac = parts.join(separator);
    match cases.below(5) {
        0 => format!("%20{mac}%20"),
        1 => mac.to_lowercase(),
        _ => mac,
    }
}

fn value(cases: &mut Cases, key: &str) -> String {
    match key {
        "mac" | "mac_list" if cases.below(4) > 0 => mac(cases),
        "offset" | "limit" => cases.pick(NUMBERS).to_owned(),
        "count_only" => cases
            .pick(&["true", "TRUE", "false", "", "%74rue"])
            .to_owned(),
        _ if cases.below(40) == 0 => "n".repeat(250 + cases.below(10)),
        _ if cases.below(3) == 0 => cases.pick(TEXTS).to_owned(),
        _ => cases
            .pick(&["dsk-01", "a b", "%E6%A1%8C%E9%9D%A2", "x+y", "%41"])
            .to_owned(),
    }
}

fn search(cases: &mut Cases) -> String {
    let mut pairs: Vec<String> = (0..cases.below(7))
        .map(|_| {
            let key = cases.pick(KEYS);
            format!("{key}={}", value(cases, key))
        })
        .collect();
    // Now and then a search the API or the proxy would refuse for its size.
    match cases.below(30) {
        0 => pairs.extend((0..256).map(|i| format!("computer_names=d{i}"))),
        1 => pairs.extend((0..90).map(|i| format!("computer_names={i}{}", "x".repeat(200)))),
        _ => {}
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

#[wasm_bindgen_test]
fn the_script_computes_the_consoles_first_get() {
    let mut cases = Cases(0x9E37_79B9_7F4A_7C15);
    let (mut sent, mut not_sent) = (0, 0);
    for _ in 0..6000 {
        // Half the cases on a usable config.json, as on most loads.
        let usable = cases.below(2) == 0;
        let config = CONFIGS[cases.below(if usable { 4 } else { CONFIGS.len() })];
        let saved = SAVED[cases.below(SAVED.len())];
        let stored_page_size = PAGE_SIZES[cases.below(PAGE_SIZES.len())];
        let base = cases.pick(&["/", "/console/"]);
        let page = cases.pick(&[
            "bindings",
            "bindings",
            "bindings",
            "eips",
            "settings",
            "bindings/",
        ]);
        let pathname = format!("{base}{page}");
        let search = search(&mut cases);

        let console =
            console_first_list_url(config, saved, stored_page_size, base, &pathname, &search);
        let script = script_first_list_url(
            config.map(str::to_owned),
            saved.map(str::to_owned),
            stored_page_size.map(str::to_owned),
            base,
            &pathname,
            &search,
        );
        assert_eq!(
            script, console,
            "config {config:?}, saved {saved:?}, page size {stored_page_size:?}, \
             {pathname}{search}"
        );
        if console.is_some() {
            sent += 1;
        } else {
            not_sent += 1;
        }
    }
    // Both kinds of case are well represented, so agreement means something.
    assert!(
        sent > 800 && not_sent > 800,
        "sent {sent}, not sent {not_sent}"
    );
}

#[wasm_bindgen_test]
fn the_script_reads_the_base_path_as_the_console_does() {
    for href in [
        "",
        "/",
        "/console",
        "/console/",
        "console/",
        "https://host.example",
        "https://host.example/console/",
        "https://host.example/a://b/",
        "//host.example/x",
    ] {
        assert_eq!(script_base_path(href), base_path_of(href), "{href:?}");
    }
}

#[wasm_bindgen_test]
fn a_deep_link_with_every_filter_is_started_as_the_console_sends_it() {
    let config = r#"{"api_base_url": "/workspace-api", "project_id": "p1"}"#;
    let search = "?computer_name=%E6%A1%8C%20a&computer_names=dsk-1&computer_names=dsk-2\
                  &mac=aa:bb:cc:dd:ee:0f&mac_list=AA-BB-CC-DD-EE-01&mac_list=aa-bb-cc-dd-ee-02\
                  &count_only=true&offset=40&limit=50";
    let expected = "/workspace-api/v2/p1/terminals/binding-desktops?computer_name=%E6%A1%8C%20a\
                    &computer_names=dsk-1&computer_names=dsk-2&mac=AA-BB-CC-DD-EE-0F\
                    &mac_list=AA-BB-CC-DD-EE-01&mac_list=AA-BB-CC-DD-EE-02&count_only=true\
                    &offset=40&limit=50";
    let console = console_first_list_url(Some(config), None, None, "/", routes::BINDINGS, search);
    assert_eq!(console.as_deref(), Some(expected));
    let script = script_first_list_url(
        Some(config.into()),
        None,
        None,
        "/",
        routes::BINDINGS,
        search,
    );
    assert_eq!(script.as_deref(), Some(expected));
}

fn api_config(token: Option<&str>) -> workspace_console::config::ApiConfig {
    workspace_console::config::ApiConfig {
        base_url: "/early-api".into(),
        project_id: "p1".into(),
        auth_token: token.map(str::to_owned),
        timeout_ms: 5_000,
    }
}

const PAGE: &str = r#"{"total_num": 1, "bind_list": [{"id": "b1", "mac": "AA-BB-CC-DD-EE-01",
    "desktop_name": "dsk-1", "description": ""}]}"#;

#[wasm_bindgen_test]
async fn a_started_get_is_taken_once_and_only_with_the_same_token() {
    install_fetch_mock();
    reset_calls();
    respond("GET", "/early-api/", 200, PAGE);
    let query = BindingsQuery::new(DEFAULT_LIMIT);
    let url = api::list_bindings_url(&api_config(Some("t1")), &query);

    // Started with the same URL and token: the console sends nothing more.
    let _ = script_start_get(&url, Some("t1".into()));
    assert_eq!(calls().len(), 1);
    let first = api::list_bindings(&api_config(Some("t1")), &query, None).await;
    assert_eq!(first.map(|page| page.total_num).ok(), Some(1));
    assert_eq!(calls().len(), 1, "{:?}", calls());
    assert_eq!(
        calls()[0].headers.get("x-auth-token").map(String::as_str),
        Some("t1")
    );
    assert_eq!(
        calls()[0].headers.get("accept").map(String::as_str),
        Some("application/json")
    );
    assert_eq!(calls()[0].redirect, "manual");

    // Taken already: the next request is the console's own.
    api::list_bindings(&api_config(Some("t1")), &query, None)
        .await
        .unwrap();
    assert_eq!(calls().len(), 2);

    // Another token (Settings changed in between): not taken.
    let _ = script_start_get(&url, Some("old".into()));
    api::list_bindings(&api_config(Some("t1")), &query, None)
        .await
        .unwrap();
    let calls = calls();
    assert_eq!(calls.len(), 4);
    assert_eq!(
        calls[3].headers.get("x-auth-token").map(String::as_str),
        Some("t1")
    );
    clear_mocks();
}

#[wasm_bindgen_test]
async fn the_consoles_abort_reaches_a_started_get() {
    install_fetch_mock();
    reset_calls();
    respond_never("GET", "/early-api/");
    let query = BindingsQuery::new(DEFAULT_LIMIT);
    let url = api::list_bindings_url(&api_config(None), &query);
    let _ = script_start_get(&url, None);
    let cancel = web_sys::AbortController::new().unwrap();
    {
        let cancel = cancel.clone();
        wasm_bindgen_futures::spawn_local(async move {
            sleep(50).await;
            cancel.abort();
        });
    }
    let outcome = api::list_bindings(&api_config(None), &query, Some(cancel)).await;
    assert!(outcome.is_err());
    let calls = calls();
    assert_eq!(calls.len(), 1);
    assert!(calls[0].aborted, "{calls:?}");
    clear_mocks();
}

#[wasm_bindgen_test]
async fn a_write_goes_on_unchanged_while_a_started_get_waits() {
    install_fetch_mock();
    reset_calls();
    respond("POST", "/early-api/", 200, "{}");
    let query = BindingsQuery::new(DEFAULT_LIMIT);
    let url = api::list_bindings_url(&api_config(None), &query);
    let _ = script_start_get(&url, None);
    let request = api::BindEipRequest {
        eip_id: "eip-1".into(),
        desktop_id: "d-1".into(),
    };
    api::bind_eip(&api_config(None), &request).await.unwrap();
    let calls = calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[1].method, "POST");
    assert_eq!(
        calls[1].body.as_deref(),
        Some(r#"{"eip_id":"eip-1","desktop_id":"d-1"}"#)
    );
    clear_mocks();
}

/// The script starts the catalogue of the language the app will pick.
#[wasm_bindgen_test]
fn the_script_picks_the_language_the_app_picks() {
    use workspace_console::i18n::Language;
    let saved = [
        None,
        Some("en"),
        Some("zh-CN"),
        Some("zh"),
        Some(""),
        Some("EN"),
    ];
    let tags = [
        "zh-CN",
        "zh",
        "ZH-tw",
        "zh-Hans-CN",
        "en",
        "en-GB",
        "fr-FR",
        "",
        "-",
        "zhx",
        "de",
    ];
    let mut cases = 0;
    for saved in saved {
        for first in tags {
            for second in tags {
                let browser = vec![first.to_owned(), second.to_owned()];
                for browser in [browser.clone(), browser[..1].to_vec(), Vec::new()] {
                    let app = Language::pick(saved, &browser).code();
                    let script = script_pick_language(saved.map(str::to_owned), browser.clone());
                    assert_eq!(script, app, "{saved:?} {browser:?}");
                    cases += 1;
                }
            }
        }
    }
    assert!(cases > 2000);
}

/// With profiles the app picks one; the script leaves the first GET to it.
#[wasm_bindgen_test]
fn the_script_sends_nothing_when_config_json_lists_profiles() {
    let config = r#"{"api_base_url": "/api", "project_id": "p1",
        "profiles": [{"name": "a", "api_base_url": "/a", "project_id": "pa"}]}"#;
    let sent = script_first_list_url(Some(config.into()), None, None, "/", routes::BINDINGS, "");
    assert_eq!(sent, None);
    let without = r#"{"api_base_url": "/api", "project_id": "p1", "profiles": []}"#;
    let sent = script_first_list_url(Some(without.into()), None, None, "/", routes::BINDINGS, "");
    assert!(sent.is_some_and(|url| url.starts_with("/api/v2/p1/")));
}

/// Texts a row's field may hold: markup, quotes, 中文, an emoji on the
/// 80th character, descriptions just under, at and over the 80 shown.
const FIELD_TEXTS: &[&str] = &[
    "\"dsk-01\"",
    "\"AA-BB-CC-DD-EE-01\"",
    "\"\"",
    "\" \"",
    "\"<img src=x onerror=alert(1)>\"",
    "\"=HYPERLINK(\\\"x\\\")\"",
    "\"桌面 一\"",
    "\"tab\\there\\nline\"",
    "\"\\u00e9\\u0301\"",
];

fn field_value(cases: &mut Cases) -> (String, bool) {
    match cases.below(24) {
        0 => ("null".into(), true),
        1 => ("5".into(), false),
        2 => ("{}".into(), false),
        3 => ("\"\\ud800\"".into(), false),
        4 => (format!("\"{}\"", "d".repeat(79 + cases.below(3))), true),
        5 => (
            format!("\"{}😀{}\"", "e".repeat(79), "f".repeat(cases.below(3))),
            true,
        ),
        6 => (format!("\"{}\"", "长".repeat(78 + cases.below(5))), true),
        _ => (cases.pick(FIELD_TEXTS).to_owned(), true),
    }
}

/// A list answer: mostly well formed, sometimes not in one of the ways the
/// console refuses, now and then with a count JavaScript cannot hold.
fn list_answer(cases: &mut Cases) -> (u16, String, bool) {
    let status = [200, 200, 200, 200, 200, 201, 204, 400, 500][cases.below(9)];
    let (total, exotic) = match cases.below(16) {
        0 => ("5.0", false),
        1 => ("-1", false),
        2 => ("\"5\"", false),
        3 => ("null", false),
        4 => ("1e2", false),
        5 => ("18446744073709551615", true),
        6 => ("9007199254740993", true),
        _ => ("523", false),
    };
    let mut rows = Vec::new();
    for _ in 0..cases.below(5) {
        let mut fields = Vec::new();
        for key in ["id", "mac", "desktop_name", "description"] {
            if cases.below(12) == 0 {
                continue;
            }
            let (value, _) = field_value(cases);
            fields.push(format!("\"{key}\": {value}"));
        }
        rows.push(format!("{{{}}}", fields.join(", ")));
    }
    let list = match cases.below(20) {
        0 => "null".to_owned(),
        1 => "{}".to_owned(),
        2 => "[1]".to_owned(),
        _ => format!("[{}]", rows.join(", ")),
    };
    let body = match cases.below(30) {
        0 => "[]".to_owned(),
        1 => "not json".to_owned(),
        2 => String::new(),
        3 => format!(r#"{{"error_code": "WKS.0001", "total_num": {total}, "bind_list": {list}}}"#),
        4 => format!(r#"{{"error": {{"code": "x"}}, "total_num": {total}, "bind_list": {list}}}"#),
        5 => format!(r#"{{"bind_list": {list}}}"#),
        6 => format!(r#"{{"total_num": {total}, "bind_list": {list}, "bind_list": []}}"#),
        7 => format!(r#"{{"error_code": null, "total_num": {total}, "bind_list": {list}}}"#),
        _ => format!(r#"{{"total_num": {total}, "bind_list": {list}}}"#),
    };
    (status, body, exotic)
}

/// A table's header and body texts as the admin reads them: the four
/// value columns (the copy buttons and a long description's full text,
/// one click away, left out).
fn value_columns(table: &web_sys::Element) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let trs = table.query_selector_all("tr").unwrap();
    for i in 0..trs.length() {
        let tr: web_sys::Element = trs.item(i).unwrap().unchecked_into();
        let cells = tr.children();
        rows.push(
            (1..5)
                .map(|c| {
                    let cell = cells.item(c).unwrap();
                    let shown = cell
                        .query_selector("summary, span")
                        .unwrap()
                        .unwrap_or(cell);
                    shown.text_content().unwrap_or_default()
                })
                .collect(),
        );
    }
    rows
}

fn table_in(view: &web_sys::Element) -> web_sys::Element {
    view.query_selector("table").unwrap().unwrap()
}

/// The console's bindings table for these rows, as the list page draws it.
fn console_table(rows: &[workspace_console::api::TerminalBinding]) -> web_sys::Element {
    let holder = document().create_element("div").unwrap();
    workspace_console::components::bindings_table(&holder, rows, &[]);
    holder
}

/// What early.js paints before the wasm runs is what the console then
/// shows: the same rows in the same cells, under the same headers and
/// caption; for an answer the console would not show as rows, nothing.
#[wasm_bindgen_test]
fn the_early_rows_are_the_rows_the_console_shows() {
    use workspace_console::api::ListBindingsResponse;
    use workspace_console::api::error::read_json;
    let mut cases = Cases(0xD1B5_4A32_D192_ED03);
    let (mut painted, mut declined) = (0, 0);
    for _ in 0..3000 {
        let (status, body, exotic) = list_answer(&mut cases);
        let console = read_json(
            api::Method::Get,
            status,
            &body,
            ListBindingsResponse::from_json,
        )
        .ok()
        .filter(|page| !page.bind_list.is_empty());
        let rows = script_binding_rows(status, &body);
        match (rows.is_null(), console) {
            (true, None) => {}
            (true, Some(_)) => {
                assert!(exotic, "declined, shown by the console: {status} {body}");
                declined += 1;
            }
            (false, None) => panic!("painted, refused by the console: {status} {body}"),
            (false, Some(page)) => {
                let early = script_first_rows_view(&rows, &JsValue::NULL);
                assert_eq!(early.id(), workspace_console::browser::FIRST_ROWS_ID);
                let console = console_table(&page.bind_list);
                let (early, console) = (table_in(&early), table_in(&console));
                assert_eq!(
                    value_columns(&early),
                    value_columns(&console),
                    "{status} {body}"
                );
                let caption = |table: &web_sys::Element| {
                    table
                        .query_selector("caption")
                        .unwrap()
                        .unwrap()
                        .text_content()
                };
                assert_eq!(caption(&early), caption(&console));
                painted += 1;
            }
        }
    }
    assert!(painted > 150, "painted {painted}");
    assert!(declined > 10, "declined {declined}");
}

/// In Chinese the early rows carry the catalogue's texts, as the console's
/// table does.
#[wasm_bindgen_test]
fn the_early_rows_speak_the_consoles_language() {
    use workspace_console::api::ListBindingsResponse;
    const CATALOGUE: &str = include_str!("../public/i18n/zh-CN.json");
    let rows = script_binding_rows(200, PAGE);
    let catalogue = js_sys::JSON::parse(CATALOGUE).unwrap();
    let early = script_first_rows_view(&rows, &catalogue);
    workspace_console::i18n::install(Some(CATALOGUE)).unwrap();
    let object = workspace_console::json::parse_object(PAGE).unwrap();
    let page = ListBindingsResponse::from_json(&object).unwrap();
    let console = console_table(&page.bind_list);
    workspace_console::i18n::install(None).unwrap();
    let (early_table, console_table) = (table_in(&early), table_in(&console));
    assert_eq!(value_columns(&early_table), value_columns(&console_table));
    let headers = value_columns(&early_table).remove(0);
    assert_eq!(headers, ["桌面名称", "MAC地址", "描述", "绑定ID"]);
    let heading = early.query_selector("h1").unwrap().unwrap().text_content();
    assert_eq!(heading.as_deref(), Some("终端绑定"));
}

fn early_rows_shown() -> bool {
    document()
        .get_element_by_id(workspace_console::browser::FIRST_ROWS_ID)
        .is_some()
}

/// The rows early.js painted stay until the list shows its own answer, a
/// failure as much as rows, and then leave: one table, one status line.
#[wasm_bindgen_test]
async fn the_list_page_takes_the_place_of_the_early_rows() {
    let failure = r#"{"error_code": "WKS.0001", "error_msg": "Service unavailable"}"#;
    for (status, body, shown) in [(200, PAGE, "Showing 1–1 of 1 binding"), (503, failure, "")] {
        reset(routes::BINDINGS);
        respond("GET", "/config.json", 200, DEFAULT_CONFIG);
        respond_after("GET", "/api/v2/proj1/", 400, status, body);
        let early = script_first_rows_view(&script_binding_rows(200, PAGE), &JsValue::NULL);
        document()
            .body()
            .unwrap()
            .prepend_with_node_1(&early)
            .unwrap();
        let _app = mount_app();
        sleep(150).await;
        assert!(early_rows_shown(), "gone before the answer");
        wait_for("the early rows to leave", || !early_rows_shown()).await;
        if status == 200 {
            assert_eq!(table_rows("Terminal bindings").len(), 1);
        } else {
            assert!(
                alert_text().contains("Service unavailable"),
                "{}",
                alert_text()
            );
        }
        let statuses = role_texts("status");
        assert!(
            statuses.iter().all(|s| !s.contains("Loading the console")),
            "{statuses:?}"
        );
        assert!(statuses.iter().any(|s| s.contains(shown)));
        assert_eq!(all("table").len(), 1 - usize::from(status != 200));
    }
    clear_mocks();
}
