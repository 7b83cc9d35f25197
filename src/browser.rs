//! Thin wrappers over the browser APIs the console uses (storage, `<base>`,
//! clipboard, focus). Each failure is a value: private browsing, a full quota
//! or a denied clipboard must never take a page down.

use leptos::prelude::{document, window};
use wasm_bindgen::JsCast;
use web_sys::Storage;

use crate::i18n::{t, tf};

/// `localStorage`: kept per browser. `sessionStorage`: this tab only.
#[derive(Clone, Copy, Debug)]
pub enum Area {
    Local,
    Session,
}

pub const SETTINGS_KEY: &str = "workspace-console.settings";
pub const PAGE_SIZE_KEY: &str = "workspace-console.page-size";
pub const TOKEN_KEY: &str = "workspace-console.auth-token";
pub const RECENT_BINDINGS_KEY: &str = "workspace-console.recent-eip-bindings";
pub const THEME_KEY: &str = "workspace-console.theme";
pub const LANGUAGE_KEY: &str = "workspace-console.language";
pub const PROFILE_KEY: &str = "workspace-console.profile";

/// A parameter of the page's own URL, decoded as the router decodes it.
pub fn url_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The admin's language (`i18n::Language::pick`), shown on `<html lang>`.
pub fn language() -> crate::i18n::Language {
    let saved = read(Area::Local, LANGUAGE_KEY).ok().flatten();
    let browser: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    crate::i18n::Language::pick(saved.as_deref(), &browser)
}

/// Sets `<html lang>` and installs the language's catalogue. Without it
/// (a failed download, a broken file) the console is in English, and says
/// why in the browser's console.
pub async fn start_language() {
    let language = language();
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", language.code());
    }
    let Some(path) = language.catalogue() else {
        return;
    };
    let url = format!("{}{path}", base_path());
    let installed = match crate::api::client::site_file(&url).await {
        Ok((200, text)) => crate::i18n::install(Some(&text)),
        Ok((status, _)) => Err(format!("{url} answered {status}")),
        Err(error) => Err(error.summary()),
    };
    if let Err(problem) = installed {
        leptos::logging::warn!("The console stays in English: {problem}");
    }
}

fn storage(area: Area) -> Result<Storage, String> {
    let storage = match area {
        Area::Local => window().local_storage(),
        Area::Session => window().session_storage(),
    };
    storage
        .ok()
        .flatten()
        .ok_or_else(|| t("browser storage is not available").to_string())
}

pub fn read(area: Area, key: &str) -> Result<Option<String>, String> {
    storage(area)?
        .get_item(key)
        .map_err(|_| t("browser storage could not be read").to_string())
}

pub fn write(area: Area, key: &str, value: &str) -> Result<(), String> {
    storage(area)?
        .set_item(key, value)
        .map_err(|_| t("browser storage is full or blocked").to_string())
}

pub fn remove(area: Area, key: &str) -> Result<(), String> {
    storage(area)?
        .remove_item(key)
        .map_err(|_| t("browser storage is blocked").to_string())
}

/// The site's base path from `<base href>` (Trunk writes it from
/// `--public-url`), always ending in `/`.
pub fn base_path() -> String {
    let href = document()
        .query_selector("base[href]")
        .ok()
        .flatten()
        .and_then(|base| base.get_attribute("href"))
        .unwrap_or_default();
    base_path_of(&href)
}

/// The path of a `<base href>`, always starting and ending in `/`.
pub fn base_path_of(href: &str) -> String {
    // An absolute base (https://host/console/) keeps only its path.
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => href,
    };
    let mut path = path.to_owned();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Shows `theme` on `<html>`, the stylesheet's one switch.
pub fn show_theme(theme: crate::theme::Theme) {
    if let Some(root) = document().document_element() {
        let _ = match theme.attribute() {
            Some(value) => root.set_attribute("data-theme", value),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// "Copy as curl" for a request to `url` (as the client was given it,
/// possibly relative to this page) from this page.
pub fn curl_command(method: crate::api::Method, url: &str, body: Option<&str>) -> String {
    let location = window().location();
    let page = location.href().unwrap_or_default();
    let url = web_sys::Url::new_with_base(url, &page).map_or_else(|_| url.to_owned(), |u| u.href());
    let sent = crate::curl::Sent {
        method,
        url: &url,
        body,
    };
    crate::curl::command(&sent, &location.origin().unwrap_or_default())
}

/// Copies text to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| t("the browser did not allow copying").to_string())
}

/// The rows `early.js` paints from the list's first answer while the wasm
/// still downloads (README, Speed).
pub const FIRST_ROWS_ID: &str = "first-rows";

/// Removes the rows `early.js` painted, if any: the page now shows its own
/// answer, or none at all.
pub fn remove_first_rows() {
    if let Some(rows) = document().get_element_by_id(FIRST_ROWS_ID) {
        rows.remove();
    }
}

/// Moves keyboard focus to the element with this id, if it exists (the
/// first field with a problem, so keyboard and screen reader users land on
/// what needs fixing).
pub fn focus_id(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// While the calling page is shown, asks before the tab is closed or
/// reloaded whenever `busy` says a write is still running.
pub fn warn_before_leaving(message: &'static str, busy: impl Fn() -> bool + 'static) {
    let guard = leptos::prelude::window_event_listener(leptos::ev::beforeunload, move |ev| {
        if busy() {
            ev.prevent_default();
            ev.set_return_value(message);
        }
    });
    leptos::prelude::on_cleanup(move || guard.remove());
}

/// Offers `text` as a download named `file_name` (a CSV the admin saves),
/// through a link to a Blob that is released once clicked.
pub fn save_file(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let failed = |_| tf("the browser did not save {0}", &[&file_name]);
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let link: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(failed)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Released once the download has surely started (some browsers read
    // the Blob after the click returns).
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
