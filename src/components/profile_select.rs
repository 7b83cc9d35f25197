//! "Profile": the region and project every request goes to, when
//! `config.json` lists profiles (`profiles`). The URL names the one in use
//! (`?profile=`): a link the admin shares opens the same project.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::browser::{self, Area, PROFILE_KEY};
use crate::components::dom::watch;
use crate::i18n::t;
use crate::profiles::{self, PROFILE_PARAM};
use crate::state::use_app_state;

#[component]
pub fn ProfileSelect() -> impl IntoView {
    let state = use_app_state();
    let query = use_query_map();
    let location = use_location();
    let navigate = StoredValue::new_local(use_navigate());
    let go = move |search: String, replace: bool| {
        let path = location.pathname.get_untracked();
        let options = NavigateOptions {
            resolve: false,
            replace,
            scroll: false,
            ..Default::default()
        };
        navigate.with_value(|navigate| navigate(&format!("{path}{search}"), options));
    };
    // The URL's profile is this tab's; a URL without one (a nav link, a
    // bookmark) gets the one in use written in, in place.
    watch(move || {
        let in_url = query.with(|query| query.get(PROFILE_PARAM));
        if in_url.is_some() {
            state.profile.set(in_url.clone());
        }
        let Some(current) = state.current_profile() else {
            return;
        };
        // Where storage is blocked, the URL still carries it.
        let _ = browser::write(Area::Local, PROFILE_KEY, &current.name);
        if in_url.as_deref() != Some(current.name.as_str()) {
            let search = location.search.get_untracked();
            go(
                profiles::search_with_profile(&search, &current.name, true),
                true,
            );
        }
    });
    let on_change = move |ev| {
        let name = event_target_value(&ev);
        let search = location.search.get_untracked();
        go(profiles::search_with_profile(&search, &name, false), false);
    };
    move || {
        let list = state.profiles();
        let current = state.current_profile().map(|p| p.name);
        (!list.is_empty()).then(|| {
            view! {
                <span>
                    <label for="profile">{t("Profile")}</label>
                    <select id="profile" on:change=on_change>
                        {list
                            .into_iter()
                            .map(|profile| {
                                let selected = current.as_deref() == Some(profile.name.as_str());
                                // The UI contract lists the names; the region is its hint.
                                view! {
                                    <option value=profile.name.clone() title=profile.region selected=selected>
                                        {profile.name.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </span>
            }
        })
    }
}
