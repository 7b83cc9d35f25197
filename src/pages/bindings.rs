//! `/bindings`: which terminal (MAC) is bound to which desktop. The page
//! state is the URL query; every change of it sends exactly one GET, and a
//! newer request aborts and discards the older one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use web_sys::AbortController;

use crate::api::{self, ApiError, ListBindingsResponse};
use crate::browser::{self, Area, PAGE_SIZE_KEY};
use crate::components::{
    AppLink, BindingsTable, CheckboxField, ConfigRequired, ErrorAlert, Pagination, TextField,
};
use crate::config::ApiConfig;
use crate::query::{
    BindingsQuery, DEFAULT_LIMIT, FilterErrors, Filters, PageWindow, status_text, valid_limit,
};
use crate::state::use_app_state;
use crate::validation::split_list;

/// URL keys the page reads, in the order they are sent.
const URL_KEYS: [&str; 7] = [
    "computer_name",
    "computer_names",
    "mac",
    "mac_list",
    "count_only",
    "offset",
    "limit",
];

#[component]
pub fn BindingsPage() -> impl IntoView {
    let state = use_app_state();
    let config = Memo::new(move |_| state.api_config());
    view! {
        <h1>"Terminal bindings"</h1>
        {move || match config.get() {
            None => None,
            Some(Err(problem)) => Some(view! { <ConfigRequired problem /> }.into_any()),
            Some(Ok(config)) => Some(view! { <BindingsList config /> }.into_any()),
        }}
    }
}

/// The last answer shown, with the query it answers.
#[derive(Clone, Debug, PartialEq)]
struct Loaded {
    query: BindingsQuery,
    response: ListBindingsResponse,
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

fn remembered_page_size() -> u32 {
    browser::read(Area::Local, PAGE_SIZE_KEY)
        .ok()
        .flatten()
        .and_then(|size| size.parse().ok())
        .and_then(valid_limit)
        .unwrap_or(DEFAULT_LIMIT)
}

fn query_from_url(params: &ParamsMap, default_limit: u32) -> BindingsQuery {
    let pairs: Vec<(&str, String)> = URL_KEYS
        .iter()
        .flat_map(|key| {
            params
                .get_all(key)
                .unwrap_or_default()
                .into_iter()
                .map(move |value| (*key, value))
        })
        .collect();
    BindingsQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), default_limit)
}

#[component]
fn BindingsList(config: ApiConfig) -> impl IntoView {
    let params = use_query_map();
    let navigate = use_navigate();
    let default_limit = remembered_page_size();
    let query = Memo::new(move |_| params.with(|p| query_from_url(p, default_limit)));

    let form = FilterForm::new();
    let filter_errors = RwSignal::new(FilterErrors::default());
    let shown = RwSignal::new(None::<Loaded>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let refresh = RwSignal::new(0u32);
    let generation = StoredValue::new(0u64);
    let in_flight = StoredValue::new_local(None::<AbortController>);

    let go_to = {
        let navigate = navigate.clone();
        move |next: BindingsQuery, replace: bool| {
            let url = format!("/bindings{}", next.to_query_string(default_limit));
            navigate(
                &url,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };

    let load = {
        let go_to = go_to.clone();
        move |request: BindingsQuery| {
            if let Some(previous) = in_flight.get_value() {
                previous.abort();
            }
            let controller = AbortController::new().ok();
            in_flight.set_value(controller.clone());
            let this = generation.get_value() + 1;
            generation.set_value(this);
            busy.set(true);
            let config = config.clone();
            let go_to = go_to.clone();
            spawn_local(async move {
                let result = api::list_bindings(&config, &request, controller).await;
                // Superseded by a newer request, or the page is gone.
                if generation.try_get_value() != Some(this) {
                    return;
                }
                in_flight.set_value(None);
                busy.set(false);
                match result {
                    Ok(response) => {
                        let window = PageWindow {
                            offset: request.offset,
                            limit: request.limit,
                            total: response.total_num,
                        };
                        let past_end = response.bind_list.is_empty() && !request.filters.count_only;
                        if let Some(last) =
                            window.last_page_offset_if_past_end().filter(|_| past_end)
                        {
                            go_to(request.with_offset(last), true);
                            return;
                        }
                        error.set(None);
                        shown.set(Some(Loaded {
                            query: request,
                            response,
                        }));
                    }
                    Err(err) => error.set(Some(err)),
                }
            });
        }
    };

    // The URL is the page state. The form shows it when it changes (not on
    // Refresh or Retry, which must not undo what the admin is typing)...
    Effect::new(move |_| form.show(&query.read().filters));
    // ...and every change of it, or a Refresh or Retry, fetches it once.
    Effect::new(move |_| {
        refresh.track();
        let query = query.get();
        match query.filters.validate() {
            Ok(filters) => {
                filter_errors.set(FilterErrors::default());
                load(query.with_filters(filters).with_offset(query.offset));
            }
            Err(problems) => {
                // The API would reject these: no request.
                if let Some(previous) = in_flight.get_value() {
                    previous.abort();
                }
                generation.update_value(|g| *g += 1);
                busy.set(false);
                filter_errors.set(problems);
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some(controller)) = in_flight.try_get_value() {
            controller.abort();
        }
    });

    let on_search = {
        let go_to = go_to.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match form.read().validate() {
                Err(problems) => {
                    // Shown first so the focused field already carries its message.
                    filter_errors.set(problems.clone());
                    browser::focus_first_invalid(&[
                        ("computer_name", &problems.computer_name),
                        ("computer_names", &problems.computer_names),
                        ("mac", &problems.mac),
                        ("mac_list", &problems.mac_list),
                    ]);
                }
                Ok(filters) => {
                    let current = query.get_untracked();
                    let next = current.with_filters(filters);
                    if next == current {
                        // Same search again: fetch again, the URL stays.
                        refresh.update(|n| *n += 1);
                    } else {
                        go_to(next, false);
                    }
                }
            }
        }
    };
    let on_clear = {
        let go_to = go_to.clone();
        move |_| {
            form.show(&Filters::default());
            filter_errors.set(FilterErrors::default());
            let current = query.get_untracked();
            let next = current.with_filters(Filters::default());
            if next != current {
                go_to(next, false);
            }
        }
    };
    let on_offset = Callback::new({
        let go_to = go_to.clone();
        move |offset: u32| go_to(query.get_untracked().with_offset(offset), false)
    });
    let on_limit = Callback::new({
        let go_to = go_to.clone();
        move |limit: u32| {
            let _ = browser::write(Area::Local, PAGE_SIZE_KEY, &limit.to_string());
            go_to(query.get_untracked().with_limit(limit), false)
        }
    });
    let retry = Callback::new(move |()| refresh.update(|n| *n += 1));

    let window = Signal::derive(move || {
        shown.with(|loaded| match loaded {
            Some(loaded) => PageWindow {
                offset: loaded.query.offset,
                limit: loaded.query.limit,
                total: loaded.response.total_num,
            },
            None => {
                let q = query.get();
                PageWindow {
                    offset: q.offset,
                    limit: q.limit,
                    total: 0,
                }
            }
        })
    });
    let status = move || {
        if filter_errors.with(|e| *e != FilterErrors::default()) {
            return "Fix the highlighted filters to search.".to_string();
        }
        if error.with(Option::is_some) {
            return "The bindings could not be loaded.".to_string();
        }
        shown.with(|loaded| match loaded {
            None => "Loading bindings…".to_string(),
            Some(loaded) => {
                let text = status_text(
                    window.get(),
                    loaded.response.bind_list.len(),
                    loaded.query.filters.is_filtering(),
                    loaded.query.filters.count_only,
                );
                if busy.get() {
                    format!("{text} (updating…)")
                } else {
                    text
                }
            }
        })
    };
    let cleared_url = move || {
        format!(
            "/bindings{}",
            query
                .get()
                .with_filters(Filters::default())
                .to_query_string(default_limit)
        )
    };
    let field_error = move |pick: fn(&FilterErrors) -> Option<String>| {
        Signal::derive(move || filter_errors.with(pick))
    };

    view! {
        <form class="filters" role="search" aria-label="Filter bindings" novalidate on:submit=on_search>
            <div class="filter-grid">
                <TextField
                    id="computer_name"
                    label="Desktop name"
                    value=form.computer_name
                    error=field_error(|e| e.computer_name.clone())
                />
                <TextField
                    id="computer_names"
                    label="Desktop names"
                    value=form.computer_names
                    error=field_error(|e| e.computer_names.clone())
                    hint="Several names, separated by commas, spaces or new lines."
                    multiline=true
                />
                <TextField
                    id="mac"
                    label="MAC address"
                    value=form.mac
                    error=field_error(|e| e.mac.clone())
                    hint="Such as AA-BB-CC-DD-EE-FF or aa:bb:cc:dd:ee:ff."
                />
                <TextField
                    id="mac_list"
                    label="MAC addresses"
                    value=form.mac_list
                    error=field_error(|e| e.mac_list.clone())
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

        <div class="toolbar">
            <p class="status" role="status">{status}</p>
            <button type="button" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        {move || {
            shown
                .with(|l| {
                    l.as_ref()
                        .is_some_and(|l| {
                            l.response.total_num == 0 && l.query.filters.is_filtering()
                        })
                })
                .then(|| view! { <p class="empty-action"><AppLink href=Signal::derive(cleared_url)>"Clear filters"</AppLink></p> })
        }}
        {move || error.get().map(|error| view! { <ErrorAlert error on_retry=retry /> })}
        {move || {
            let loaded = shown.get()?;
            if error.with(Option::is_some) || loaded.query.filters.count_only {
                return None;
            }
            Some(
                view! {
                    <BindingsTable rows=loaded.response.bind_list busy=busy />
                    <Pagination window on_offset on_limit busy />
                    {window
                        .get()
                        .beyond_reach()
                        .then(|| {
                            view! {
                                <p class="hint">
                                    "The API pages through the first 8,000 bindings only; narrow the filters to reach the rest."
                                </p>
                            }
                        })}
                },
            )
        }}
    }
}
