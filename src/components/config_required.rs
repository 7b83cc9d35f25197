use leptos::prelude::*;

use crate::components::AppLink;

use crate::config::ConfigProblem;

/// What a page shows instead of its content when no API call can be made.
#[component]
pub fn ConfigRequired(problem: ConfigProblem) -> impl IntoView {
    let message = match problem {
        ConfigProblem::DeployConfig(_) => {
            "The console has no API base URL to use: config.json could not be used, and this \
             browser has no saved settings."
        }
        ConfigProblem::NoProjectId => {
            "No project is set. Enter your project ID in Settings to use the console."
        }
    };
    view! {
        <div class="alert error" role="alert">
            <p>{message}</p>
            <p>
                <AppLink href=crate::routes::SETTINGS>"Open Settings"</AppLink>
            </p>
        </div>
    }
}
