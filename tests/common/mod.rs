//! Test harness for component tests in headless Chromium: a fresh mount per
//! test, a scripted `window.fetch`, and DOM queries by role, label and text
//! (what an admin or a screen reader sees), never by CSS class.
#![allow(dead_code)]

use std::time::Duration;

use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

#[wasm_bindgen(inline_js = r#"
let routes = [];
let defaults = [];
let calls = [];
const realFetch = window.fetch.bind(window);

function pathOf(url) {
  const u = new URL(url, document.baseURI);
  return u.origin === location.origin ? u.pathname + u.search : u.href;
}

export function install_fetch_mock() {
  routes = [];
  defaults = [];
  calls = [];
  window.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.method === 'GET' ? null : await request.clone().text();
    const headers = {};
    request.headers.forEach((v, k) => { headers[k] = v; });
    const call = { method: request.method, url: pathOf(request.url), headers, body, aborted: false,
      redirect: request.redirect };
    calls.push(call);
    const signal = request.signal;
    // The most specific route wins (the longest prefix); a test's own
    // route wins over a default (`default_response`) of the same prefix.
    const route = routes.concat(defaults)
      .filter(r => r.method === request.method && call.url.startsWith(r.prefix))
      .reduce((best, r) => (!best || r.prefix.length > best.prefix.length ? r : best), null);
    if (!route) {
      return new Response('{"error_code":"TEST.404","error_msg":"no mock for ' + call.url + '"}',
        { status: 404, headers: { 'Content-Type': 'application/json' } });
    }
    const waitAbortable = ms => new Promise((resolve, reject) => {
      const onAbort = () => { call.aborted = true; reject(new DOMException('The operation was aborted.', 'AbortError')); };
      if (signal.aborted) { onAbort(); return; }
      signal.addEventListener('abort', onAbort);
      if (ms >= 0) setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    });
    const spec = route.responses.length > 1 ? route.responses.shift() : route.responses[0];
    if (spec.mode === 'hang') { await waitAbortable(-1); }
    if (spec.delay_ms > 0) { await waitAbortable(spec.delay_ms); }
    if (spec.mode === 'network') { throw new TypeError('Failed to fetch'); }
    if (spec.mode === 'redirect') {
      // What fetch gives for a 3xx under redirect: "manual"; a followed
      // redirect would have been a plain 200 instead.
      if (request.redirect !== 'manual') {
        return new Response(spec.body, { status: 200, headers: { 'Content-Type': 'text/html' } });
      }
      const opaque = new Response(null, { status: 200 });
      Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(opaque, 'status', { value: 0 });
      return opaque;
    }
    return new Response(spec.body, { status: spec.status, headers: { 'Content-Type': spec.content_type } });
  };
}

export function mock_response(method, prefix, status, body, content_type, delay_ms, mode) {
  let route = routes.find(r => r.method === method && r.prefix === prefix);
  if (!route) { route = { method, prefix, responses: [] }; routes.push(route); }
  route.responses.push({ status, body, content_type, delay_ms, mode });
}

export function default_response(method, prefix, status, body) {
  defaults.push({ method, prefix, responses: [{ status, body, content_type: 'application/json', delay_ms: 0, mode: 'ok' }] });
}

export function clear_mocks() { routes = []; }
export function fetch_calls() { return JSON.stringify(calls); }
export function reset_calls() { calls = []; }
export function restore_fetch() { window.fetch = realFetch; }
let copied = null;
export function capture_clipboard() {
  copied = null;
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async text => { copied = text; } },
  });
}
export function copied_text() { return copied; }
// Downloads (a link to a Blob, clicked) recorded instead of saved.
let downloads = [];
export function capture_downloads() {
  downloads = [];
  const blobs = new Map();
  URL.createObjectURL = blob => { const url = 'blob:test/' + blobs.size; blobs.set(url, blob); return url; };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = function () {
    if (this.download) { downloads.push({ name: this.download, blob: blobs.get(this.href) }); }
  };
}
export async function downloaded() {
  // The bytes as they are: a BOM stays in the text.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return JSON.stringify(await Promise.all(downloads.map(async d =>
    [d.name, decoder.decode(await d.blob.arrayBuffer())])));
}
"#)]
extern "C" {
    pub fn install_fetch_mock();
    fn mock_response(
        method: &str,
        prefix: &str,
        status: u16,
        body: &str,
        content_type: &str,
        delay_ms: i32,
        mode: &str,
    );
    pub fn clear_mocks();
    /// An answer for requests no route of the test matches more closely.
    fn default_response(method: &str, prefix: &str, status: u16, body: &str);
    /// Replaces the clipboard with one that records what is written.
    pub fn capture_clipboard();
    /// What was last written to the captured clipboard.
    pub fn copied_text() -> Option<String>;
    fn fetch_calls() -> String;
    pub fn reset_calls();
    /// Records downloads instead of saving them.
    pub fn capture_downloads();
    #[wasm_bindgen(js_name = downloaded)]
    async fn downloaded_json() -> JsValue;
}

/// The files offered for download since `capture_downloads`: name and text.
pub async fn downloads() -> Vec<(String, String)> {
    let json = downloaded_json().await.as_string().unwrap_or_default();
    serde_json::from_str(&json).expect("the download capture records valid JSON")
}

/// One request the app made.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Call {
    pub method: String,
    /// Path and query for same-origin requests, the full URL otherwise.
    pub url: String,
    pub headers: std::collections::HashMap<String, String>,
    pub body: Option<String>,
    pub aborted: bool,
    /// The request's redirect mode: the console never follows one.
    pub redirect: String,
}

pub fn calls() -> Vec<Call> {
    serde_json::from_str(&fetch_calls()).expect("the fetch mock records valid JSON")
}

/// Requests whose URL starts with `prefix`.
pub fn calls_to(prefix: &str) -> Vec<Call> {
    calls()
        .into_iter()
        .filter(|c| c.url.starts_with(prefix))
        .collect()
}

/// Queues a response for requests whose path starts with `prefix`; several
/// queued responses are used in order, the last one repeats.
pub fn respond(method: &str, prefix: &str, status: u16, body: &str) {
    mock_response(method, prefix, status, body, "application/json", 0, "ok");
}
pub fn respond_html(method: &str, prefix: &str, status: u16, body: &str) {
    mock_response(method, prefix, status, body, "text/html", 0, "ok");
}
pub fn respond_after(method: &str, prefix: &str, delay_ms: i32, status: u16, body: &str) {
    mock_response(
        method,
        prefix,
        status,
        body,
        "application/json",
        delay_ms,
        "ok",
    );
}
pub fn respond_network_error(method: &str, prefix: &str) {
    mock_response(method, prefix, 0, "", "", 0, "network");
}
/// A redirect (to a sign-in page, say), as fetch reports it when it is not
/// followed; followed, it would give `followed_body` under 200.
pub fn respond_redirect(method: &str, prefix: &str, followed_body: &str) {
    mock_response(
        method,
        prefix,
        302,
        followed_body,
        "text/html",
        0,
        "redirect",
    );
}
/// Never answers until aborted.
pub fn respond_never(method: &str, prefix: &str) {
    mock_response(method, prefix, 0, "", "", 0, "hang");
}

pub const DEFAULT_CONFIG: &str =
    r#"{"api_base_url": "/api", "project_id": "proj1", "request_timeout_ms": 30000}"#;

/// A mounted app; unmounted and cleaned up when dropped.
pub struct Mounted {
    pub root: HtmlElement,
    owner: Owner,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        // The router keeps its owner alive (a global redirect hook holds it),
        // so its window listeners go only with an explicit cleanup.
        self.owner.cleanup();
        self.root.remove();
    }
}

thread_local! {
    static LIVE_OWNERS: std::cell::RefCell<Vec<Owner>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Fresh state: fetch mocked, storage empty, URL set.
pub fn reset(path: &str) {
    // A failed test never drops its mount: clean it up here.
    LIVE_OWNERS.with(|owners| owners.borrow_mut().drain(..).for_each(|o| o.cleanup()));
    for stale in all("[data-test-root]") {
        stale.remove();
    }
    install_fetch_mock();
    // `/bindings` also reads the binding policy: a plain one unless the
    // test says otherwise.
    default_response(
        "GET",
        "/api/v2/proj1/terminals/binding-desktops/config",
        200,
        r#"{"tc_bind_switch": "ON", "tc_auto_bind_switch": "OFF", "tc_auto_bind_max": 1}"#,
    );
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    window.session_storage().unwrap().unwrap().clear().unwrap();
    set_url(path);
}

pub fn set_url(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
}

pub fn current_url() -> String {
    let location = web_sys::window().unwrap().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

pub fn mount_app() -> Mounted {
    mount(workspace_console::app::App)
}

pub fn mount<F, V>(view: F) -> Mounted
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let document = document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    root.set_attribute("data-test-root", "").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let handle = owner.with(|| mount_to(root.clone(), view));
    LIVE_OWNERS.with(|owners| owners.borrow_mut().push(owner.clone()));
    Mounted {
        root,
        owner,
        handle: Some(Box::new(handle)),
    }
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 5 s) until `check` holds; panics with `what` otherwise.
pub async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = js_sys::Date::now() + Duration::from_secs(5).as_millis() as f64;
    loop {
        leptos::task::tick().await;
        if check() {
            return;
        }
        if js_sys::Date::now() > deadline {
            panic!("timed out waiting for: {what}\npage text: {}", page_text());
        }
        sleep(10).await;
    }
}

/// Waits until the address bar shows `expected` (path and query): the
/// router updates it once the new page is ready, a moment after it renders.
pub async fn wait_for_url(expected: &str) {
    wait_for(&format!("URL {expected}"), || current_url() == expected).await;
}

/// Lets pending fetches, effects and renders settle.
pub async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
        sleep(5).await;
    }
}

/// Every element matching `selector`, in document order.
pub fn all(selector: &str) -> Vec<Element> {
    let list = document().query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

pub fn text_of(element: &Element) -> String {
    element
        .text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of the mounted app (not of the test runner's own page).
pub fn page_text() -> String {
    all("[data-test-root]")
        .iter()
        .map(text_of)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The accessible name as the console sets it: aria-label, else the text.
fn accessible_name(element: &Element) -> String {
    element
        .get_attribute("aria-label")
        .unwrap_or_else(|| text_of(element))
}

pub fn button(name: &str) -> Option<HtmlElement> {
    all("button")
        .into_iter()
        .find(|b| accessible_name(b) == name)
        .map(|b| b.unchecked_into())
}

pub fn buttons_named(name: &str) -> Vec<HtmlElement> {
    all("button")
        .into_iter()
        .filter(|b| accessible_name(b) == name)
        .map(|b| b.unchecked_into())
        .collect()
}

pub fn link(name: &str) -> Option<HtmlElement> {
    all("a")
        .into_iter()
        .find(|a| accessible_name(a) == name)
        .map(|a| a.unchecked_into())
}

pub fn heading(level: u8) -> Option<String> {
    all(&format!("h{level}")).first().map(text_of)
}

/// The form control labelled `label` (its `<label for>` text, without the
/// required mark); inside the open dialog when one is open (the rest of
/// the page is then out of reach).
pub fn field(label: &str) -> Option<HtmlElement> {
    let labels = if all("dialog[open]").is_empty() {
        all("label")
    } else {
        all("dialog[open] label")
    };
    let label_el = labels.into_iter().find(|l| {
        let text = text_of(l);
        text == label || text.trim_end_matches('*').trim() == label
    })?;
    let id = label_el.get_attribute("for")?;
    document()
        .get_element_by_id(&id)
        .map(|e| e.unchecked_into())
}

pub fn field_value(label: &str) -> String {
    let element = field(label).unwrap_or_else(|| panic!("no field labelled {label}"));
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.value()
    } else {
        panic!("{label} is not a form control")
    }
}

/// Types into a field as a user would: sets the value and fires `input`.
pub fn type_into(label: &str, value: &str) {
    let element = field(label).unwrap_or_else(|| panic!("no field labelled {label}"));
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        panic!("{label} is not a text field");
    }
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    element.dispatch_event(&event).unwrap();
}

pub fn select_option(label: &str, value: &str) {
    let element = field(label).unwrap_or_else(|| panic!("no field labelled {label}"));
    let select: web_sys::HtmlSelectElement = element.unchecked_into();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&event).unwrap();
}

pub fn click(name: &str) {
    button(name)
        .unwrap_or_else(|| panic!("no button named {name:?}; page: {}", page_text()))
        .click();
}

pub fn click_link(name: &str) {
    link(name)
        .unwrap_or_else(|| panic!("no link named {name:?}; page: {}", page_text()))
        .click();
}

/// Texts of every element with this role attribute (status, alert).
pub fn role_texts(role: &str) -> Vec<String> {
    all(&format!("[role=\"{role}\"]"))
        .iter()
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect()
}

pub fn status_text() -> String {
    role_texts("status").join(" | ")
}

pub fn alert_text() -> String {
    role_texts("alert").join(" | ")
}

pub fn active_element_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// The text of each body row of the table captioned `caption`.
pub fn table_rows(caption: &str) -> Vec<Vec<String>> {
    let Some(table) = all("table").into_iter().find(|t| {
        t.query_selector("caption")
            .ok()
            .flatten()
            .is_some_and(|c| text_of(&c) == caption)
    }) else {
        return Vec::new();
    };
    let rows = table.query_selector_all("tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|row| {
            let row: Element = row.unchecked_into();
            let cells = row.query_selector_all("td").unwrap();
            (0..cells.length())
                .filter_map(|i| cells.item(i))
                .map(|c| text_of(&c.unchecked_into()))
                .collect()
        })
        .collect()
}

pub fn table_exists(caption: &str) -> bool {
    all("caption").iter().any(|c| text_of(c) == caption)
}

/// The checkbox named `name` (by its label or `aria-label`).
pub fn checkbox(name: &str) -> Option<HtmlInputElement> {
    field(name)
        .or_else(|| {
            all("input[type=\"checkbox\"]")
                .into_iter()
                .find(|c| accessible_name(c) == name)
                .map(|c| c.unchecked_into())
        })
        .map(|c| c.unchecked_into())
}

/// Ticks or unticks as a click does.
pub fn tick(name: &str) {
    checkbox(name)
        .unwrap_or_else(|| panic!("no checkbox named {name:?}; page: {}", page_text()))
        .click();
}

/// The open modal dialog: its accessible name (the heading it points to)
/// and its text.
pub fn open_dialog() -> Option<(String, String)> {
    let dialog = all("dialog[open]").into_iter().next()?;
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let heading = dialog
        .get_attribute("aria-labelledby")
        .and_then(|id| document().get_element_by_id(&id))
        .map(|h| text_of(&h))
        .unwrap_or_default();
    Some((heading, text_of(&dialog)))
}

/// The button named `name` inside the open dialog.
pub fn dialog_button(name: &str) -> HtmlElement {
    all("dialog[open] button")
        .into_iter()
        .find(|b| accessible_name(b) == name)
        .map(|b| b.unchecked_into())
        .unwrap_or_else(|| {
            panic!(
                "no button {name:?} in an open dialog; page: {}",
                page_text()
            )
        })
}

/// What the browser sends an open modal dialog when Esc is pressed.
pub fn press_escape_in_dialog() {
    let dialog = all("dialog[open]")
        .into_iter()
        .next()
        .expect("an open dialog");
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict("cancel", &init).unwrap();
    dialog.dispatch_event(&event).unwrap();
}

/// The accessible name of the focused element.
pub fn focused_name() -> String {
    document()
        .active_element()
        .map(|e| accessible_name(&e))
        .unwrap_or_default()
}

/// This browser's `localStorage` entry for `key`.
pub fn local_item(key: &str) -> Option<String> {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(key)
        .unwrap()
}

/// Sets this browser's `localStorage` entry for `key`.
pub fn set_local_item(key: &str, value: &str) {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item(key, value)
        .unwrap();
}

/// Presses `key` on `target` (a keydown that bubbles); false when the
/// page took it (default prevented).
pub fn press_key(target: &web_sys::EventTarget, key: &str) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap()
}
