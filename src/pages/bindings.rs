//! `/bindings`: which terminal (MAC) is bound to which desktop, on the
//! shared list path (`components::list_page`): the URL is the page state,
//! and every change of it sends exactly one GET.

use leptos::prelude::*;

use crate::api::{self, ApiError, ListBindingsResponse};
use crate::components::dom::watch;
use crate::components::{
    CheckboxField, ListFilters, ListPage, ListResults, TextField, WithApiConfig, bindings_table,
};
use crate::config::ApiConfig;
use crate::query::{BindingsQuery, Filters, Noun, check_request_size};
use crate::routes;
use crate::validation::{FieldErrors, split_list};

impl ListFilters for Filters {
    type Response = ListBindingsResponse;
    const NOUN: Noun = Noun {
        one: "binding",
        many: "bindings",
    };
    const PATH: &'static str = routes::BINDINGS;

    fn check(query: &BindingsQuery, config: &ApiConfig) -> Result<BindingsQuery, FieldErrors> {
        let checked = query.filters.validate().map(|filters| BindingsQuery {
            filters,
            ..query.clone()
        })?;
        // The longest list is what made the request long.
        let field = if checked.filters.computer_names.concat().len()
            >= checked.filters.mac_list.concat().len()
        {
            "computer_names"
        } else {
            "mac_list"
        };
        check_request_size("GET", &api::list_bindings_url(config, &checked), field)?;
        Ok(checked)
    }

    async fn fetch(
        config: ApiConfig,
        query: BindingsQuery,
        cancel: Option<web_sys::AbortController>,
    ) -> Result<ListBindingsResponse, ApiError> {
        api::list_bindings(&config, &query, cancel).await
    }
}

#[component]
pub fn BindingsPage() -> impl IntoView {
    view! {
        <h1>"Terminal bindings"</h1>
        <WithApiConfig content=content />
    }
}

/// The page once the settings are known: the list, and with binding
/// management its policy (chosen here, so the shipped list carries no
/// trace of what is not shipped).
#[cfg(not(feature = "manage-bindings"))]
fn content(config: ApiConfig) -> AnyView {
    view! { <BindingsList config /> }.into_any()
}

#[cfg(feature = "manage-bindings")]
fn content(config: ApiConfig) -> AnyView {
    view! {
        <BindingsList config=config.clone() />
        <crate::pages::BindingPolicySection config />
    }
    .into_any()
}

/// The filter form as typed.
#[derive(Clone, Copy)]
struct FilterForm {
    computer_name: RwSignal<String>,
    computer_names: RwSignal<String>,
    mac: RwSignal<String>,
    mac_list: RwSignal<String>,
    count_only: RwSignal<bool>,
}

impl FilterForm {
    fn new() -> Self {
        FilterForm {
            computer_name: RwSignal::new(String::new()),
            computer_names: RwSignal::new(String::new()),
            mac: RwSignal::new(String::new()),
            mac_list: RwSignal::new(String::new()),
            count_only: RwSignal::new(false),
        }
    }

    fn show(&self, filters: &Filters) {
        self.computer_name.set(filters.computer_name.clone());
        self.computer_names.set(filters.computer_names.join(", "));
        self.mac.set(filters.mac.clone());
        self.mac_list.set(filters.mac_list.join(", "));
        self.count_only.set(filters.count_only);
    }

    fn read(&self) -> Filters {
        Filters {
            computer_name: self.computer_name.get_untracked().trim().to_owned(),
            computer_names: split_list(&self.computer_names.get_untracked()),
            mac: self.mac.get_untracked().trim().to_owned(),
            mac_list: split_list(&self.mac_list.get_untracked()),
            count_only: self.count_only.get_untracked(),
        }
    }
}

#[component]
fn BindingsList(config: ApiConfig) -> impl IntoView {
    let list = ListPage::<Filters>::new(config);
    let form = FilterForm::new();
    // The form shows the URL when it changes (not on Refresh or Retry,
    // which must not undo what the admin is typing).
    watch(move || {
        form.show(&list.query.read().filters);
        list.forget_submitted_errors();
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        list.search(form.read());
    };
    let on_clear = move |_| {
        form.show(&Filters::default());
        list.clear_filters();
    };
    let error = move |field: &'static str| Signal::derive(move || list.field_errors().get(field));

    view! {
        <form class="filters" role="search" aria-label="Filter bindings" novalidate on:submit=on_search>
            <div class="filter-grid">
                <TextField id="computer_name" label="Desktop name" value=form.computer_name error=error("computer_name") />
                <TextField
                    id="computer_names"
                    label="Desktop names"
                    value=form.computer_names
                    error=error("computer_names")
                    hint="Several names, separated by commas, spaces or new lines."
                    multiline=true
                />
                <TextField
                    id="mac"
                    label="MAC address"
                    value=form.mac
                    error=error("mac")
                    hint="Such as AA-BB-CC-DD-EE-FF or aa:bb:cc:dd:ee:ff."
                />
                <TextField
                    id="mac_list"
                    label="MAC addresses"
                    value=form.mac_list
                    error=error("mac_list")
                    hint="Several MAC addresses, separated by commas, spaces or new lines."
                    multiline=true
                />
            </div>
            <CheckboxField id="count_only" label="Count only" checked=form.count_only />
            <div class="actions">
                <button type="submit" class="primary">"Search"</button>
                <button type="button" on:click=on_clear>"Clear filters"</button>
            </div>
        </form>
        <ListResults list table=|answer: &ListBindingsResponse| bindings_table(&answer.bind_list) />
    }
}
