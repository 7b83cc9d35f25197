use leptos::prelude::*;

use crate::components::AppLink;
use crate::config::{ApiConfig, ConfigProblem};
use crate::i18n::t;
use crate::state::use_app_state;

/// A page's content once the API settings are known, or what is missing
/// instead (nothing while `config.json` loads). The content is drawn again
/// when the settings change.
#[component]
pub fn WithApiConfig(content: fn(ApiConfig) -> AnyView) -> impl IntoView {
    let state = use_app_state();
    let config = Memo::new(move |_| state.api_config());
    move || match config.get() {
        None => None,
        Some(Err(problem)) => Some(view! { <ConfigRequired problem /> }.into_any()),
        Some(Ok(config)) => Some(content(config)),
    }
}

/// What a page shows instead of its content when no API call can be made.
#[component]
pub fn ConfigRequired(problem: ConfigProblem) -> impl IntoView {
    let message = match problem {
        ConfigProblem::DeployConfig(_) => t("The console has no API base URL to use: \
            config.json could not be used, and this browser has no saved settings."),
        ConfigProblem::NoProjectId => t("No project is set. Enter your project ID in \
            Settings to use the console."),
    };
    // Rows painted by early.js from other settings are not this console's.
    crate::browser::remove_first_rows();
    view! {
        <div class="alert error" role="alert">
            <p>{message}</p>
            <p>
                <AppLink href=crate::routes::SETTINGS>{t("Open Settings")}</AppLink>
            </p>
        </div>
    }
}
