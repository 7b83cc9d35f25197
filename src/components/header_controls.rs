//! The header's controls on every page: "Theme" and the "Keyboard
//! shortcuts" help, and the shortcuts themselves.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{self, Area, LANGUAGE_KEY, THEME_KEY};
use crate::i18n::{Language, t};
use crate::theme::Theme;

#[component]
pub fn HeaderControls() -> impl IntoView {
    keyboard_shortcuts();
    view! {
        <div class="header-controls">
            <crate::components::profile_select::ProfileSelect />
            <LanguageSelect />
            <ThemeSelect />
            <button type="button" id="shortcuts-button" popovertarget="shortcuts">
                {t("Keyboard shortcuts")}
            </button>
            // The browser's own popover: Esc and a click elsewhere close it,
            // and it follows its button in the tab order.
            <div id="shortcuts" popover="auto" class="popover" role="dialog" aria-labelledby="shortcuts-heading">
                <h2 id="shortcuts-heading">{t("Keyboard shortcuts")}</h2>
                <dl class="shortcuts">
                    <dt><kbd>"/"</kbd></dt>
                    <dd>{t("Go to the first filter of a list")}</dd>
                    <dt><kbd>"?"</kbd></dt>
                    <dd>{t("Show these shortcuts")}</dd>
                    <dt><kbd>"Esc"</kbd></dt>
                    <dd>{t("Close a dialog, a picker or this help")}</dd>
                    <dt><kbd>"Enter"</kbd></dt>
                    <dd>{t("Search, save or confirm, from any field of a form")}</dd>
                    <dt><kbd>{t("Space")}</kbd></dt>
                    <dd>{t("Tick or untick the focused row")}</dd>
                    <dt><kbd>"↑"</kbd> " " <kbd>"↓"</kbd></dt>
                    <dd>{t("Move through the options of a picker")}</dd>
                </dl>
            </div>
        </div>
    }
}

/// "Language": each language by its own name, remembered in this browser;
/// the page loads again in the chosen one (every text, dialogs and status
/// lines included, comes from one catalogue read at start).
#[component]
fn LanguageSelect() -> impl IntoView {
    let current = browser::language();
    let options = Language::ALL.map(|language| Choice {
        value: language.code(),
        label: language.label(),
        lang: Some(language.code()),
        selected: language == current,
    });
    header_select(
        "language",
        t("Language"),
        options.into(),
        Box::new(|code| {
            if browser::write(Area::Local, LANGUAGE_KEY, &code).is_ok() {
                let _ = window().location().reload();
            }
        }),
    )
}

/// "Theme": System, Light or Dark, remembered in this browser.
#[component]
fn ThemeSelect() -> impl IntoView {
    let saved = browser::read(Area::Local, THEME_KEY).ok().flatten();
    let saved = Theme::from_value(saved.as_deref());
    browser::show_theme(saved);
    let options = Theme::ALL.map(|theme| Choice {
        value: theme.value(),
        label: theme.label(),
        lang: None,
        selected: theme == saved,
    });
    header_select(
        "theme",
        t("Theme"),
        options.into(),
        Box::new(|value| {
            let theme = Theme::from_value(Some(&value));
            browser::show_theme(theme);
            // Where storage is blocked the choice still holds for this tab.
            let _ = browser::write(Area::Local, THEME_KEY, theme.value());
        }),
    )
}

/// One option of a header select.
struct Choice {
    value: &'static str,
    label: &'static str,
    /// The language the label is in, when it is not the page's.
    lang: Option<&'static str>,
    selected: bool,
}

/// A labelled select of the header; `on_change` gets the chosen value.
fn header_select(
    id: &'static str,
    label: &'static str,
    options: Vec<Choice>,
    on_change: Box<dyn Fn(String)>,
) -> impl IntoView {
    view! {
        <span>
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| on_change(event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|choice| {
                        view! {
                            <option value=choice.value lang=choice.lang selected=choice.selected>
                                {choice.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </span>
    }
}

/// `/` goes to the first filter of a list page and `?` shows the help, but
/// never while the admin is typing in a field or a dialog is open.
fn keyboard_shortcuts() {
    let handle = window_event_listener(leptos::ev::keydown, |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
            .is_some_and(|element| {
                element.is_content_editable()
                    || matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
        let dialog_open = matches!(document().query_selector("dialog[open]"), Ok(Some(_)));
        if typing || dialog_open {
            return;
        }
        let target = match ev.key().as_str() {
            "/" => "main form[role=search] input, main form[role=search] textarea",
            "?" => "#shortcuts-button",
            _ => return,
        };
        let Ok(Some(element)) = document().query_selector(target) else {
            return;
        };
        let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() else {
            return;
        };
        ev.prevent_default();
        if ev.key() == "?" {
            element.click();
        } else {
            let _ = element.focus();
        }
    });
    on_cleanup(move || handle.remove());
}
