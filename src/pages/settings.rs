//! Settings: the API base URL, project, timeout and an optional token for
//! this browser, over the operator's `config.json`.

use leptos::prelude::*;

use crate::browser::{self, Area, TOKEN_KEY};
use crate::components::TextField;
use crate::components::dom::watch;
use crate::config::{SETTINGS_FIELDS, SavedSettings, SettingsForm};
use crate::i18n::{t, tf};
use crate::state::{DeployLoad, use_app_state};
use crate::validation::FieldErrors;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app_state();
    let api_base_url = RwSignal::new(String::new());
    let project_id = RwSignal::new(String::new());
    let timeout_seconds = RwSignal::new(String::new());
    let auth_token = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let outcome = RwSignal::new(None::<Result<String, String>>);

    let fill_form = move || {
        let form = SettingsForm::current(
            state.deploy_config().as_ref(),
            &untrack(|| state.saved_settings()),
            state.auth_token.get_untracked().as_deref(),
        );
        api_base_url.set(form.api_base_url);
        project_id.set(form.project_id);
        timeout_seconds.set(form.timeout_seconds);
        auth_token.set(form.auth_token);
    };
    // Another profile, another project: its own settings in the form.
    let mut shown_profile = None;
    watch(move || {
        let profile = state.current_profile().map(|profile| profile.name);
        if shown_profile.is_some() && shown_profile != Some(profile.clone()) {
            errors.set(FieldErrors::default());
            outcome.set(None);
            fill_form();
        }
        shown_profile = Some(profile);
    });
    // Fill the form once config.json has arrived (or failed); edits made
    // before that are kept.
    let mut filled = false;
    watch(move || {
        let ready = state.deploy.with(|d| *d != DeployLoad::Loading);
        if !filled && ready {
            let untouched = [api_base_url, project_id, timeout_seconds]
                .iter()
                .all(|field| field.with_untracked(String::is_empty));
            if untouched {
                fill_form();
            }
        }
        filled |= ready;
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let form = SettingsForm {
            api_base_url: api_base_url.get_untracked(),
            project_id: project_id.get_untracked(),
            timeout_seconds: timeout_seconds.get_untracked(),
            auth_token: auth_token.get_untracked(),
        };
        match form.validate(state.deploy_config().as_ref()) {
            Err(problems) => {
                let first = problems.first_field();
                errors.set(problems);
                if let Some(field) = first {
                    browser::focus_id(field);
                }
            }
            Ok(valid) => {
                errors.set(FieldErrors::default());
                let key = untrack(|| state.settings_key());
                let stored = save(&key, &valid.saved, valid.auth_token.as_deref());
                state.saved.set(valid.saved);
                state.auth_token.set(valid.auth_token);
                state.settings_warning.set(None);
                outcome.set(Some(match stored {
                    Ok(()) => Ok(t("Settings saved for this browser.").into()),
                    Err(problem) => Err(tf(
                        "The settings apply until this page is closed, but could not be saved: {0}.",
                        &[&problem],
                    )),
                }));
            }
        }
    };

    let on_reset = move |_| {
        let removed = browser::remove(Area::Local, &untrack(|| state.settings_key()))
            .and(browser::remove(Area::Session, TOKEN_KEY));
        state.saved.set(SavedSettings::default());
        state.auth_token.set(None);
        state.settings_warning.set(None);
        errors.set(FieldErrors::default());
        fill_form();
        outcome.set(Some(match removed {
            Ok(()) => Ok(t("Settings reset to the defaults from config.json.").into()),
            Err(problem) => Err(tf("Settings reset for this page, but {0}.", &[&problem])),
        }));
    };

    let field_error =
        move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field)));

    view! {
        <h1>{t("Settings")}</h1>
        <p>
            {t("These settings apply to this browser only and override the defaults in config.json.")}
        </p>
        {move || {
            state
                .settings_warning
                .get()
                .map(|warning| view! { <div class="alert warning" role="alert">{warning}</div> })
        }}
        <form class="settings" novalidate on:submit=on_submit>
            <TextField
                id=SETTINGS_FIELDS[0]
                label=t("API base URL")
                value=api_base_url
                error=field_error(SETTINGS_FIELDS[0])
                hint=t("An https:// URL of your proxy, or a path on this site such as /workspace-api.")
                required=true
                input_type="url"
            />
            <TextField
                id=SETTINGS_FIELDS[1]
                label=t("Project ID")
                value=project_id
                error=field_error(SETTINGS_FIELDS[1])
                hint=t("The project of the region, from My Credentials in the Huawei Cloud console.")
                required=true
            />
            <TextField
                id=SETTINGS_FIELDS[2]
                label=t("Request timeout (seconds)")
                value=timeout_seconds
                error=field_error(SETTINGS_FIELDS[2])
                hint=t("1 to 600. Slower requests are stopped and reported.")
                required=true
                input_type="number"
            />
            <TextField
                id=SETTINGS_FIELDS[3]
                label=t("Auth token")
                value=auth_token
                error=field_error(SETTINGS_FIELDS[3])
                hint=t("Optional: only when the proxy does not add credentials. Sent as X-Auth-Token and kept only until this tab is closed.")
                input_type="password"
            />
            <div class="actions">
                <button type="submit" class="primary">{t("Save")}</button>
                <button type="button" on:click=on_reset>{t("Reset to defaults")}</button>
            </div>
        </form>
        <div role="status" class="outcome">
            {move || match outcome.get() {
                Some(Ok(message)) => Some(view! { <p class="success">{message}</p> }.into_any()),
                _ => None,
            }}
        </div>
        {move || match outcome.get() {
            Some(Err(message)) => Some(view! { <div class="alert error" role="alert">{message}</div> }),
            _ => None,
        }}
    }
}

/// Saved settings go to localStorage; the token only to sessionStorage.
fn save(key: &str, saved: &SavedSettings, auth_token: Option<&str>) -> Result<(), String> {
    let settings = if saved.is_empty() {
        browser::remove(Area::Local, key)
    } else {
        browser::write(Area::Local, key, &saved.to_json())
    };
    let token = match auth_token {
        Some(token) => browser::write(Area::Session, TOKEN_KEY, token),
        None => browser::remove(Area::Session, TOKEN_KEY),
    };
    settings.and(token)
}
