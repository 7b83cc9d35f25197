//! The one path every list page takes: URL query → typed query (pure,
//! checked before anything is sent) → one GET per change → status line,
//! table, pagination, error with Retry. A page brings its query type, its
//! filter form and its table.
//!
//! The request is sent by an effect and `latest::Latest` (a newer request
//! aborts the older one, whose answer is dropped), not by a Leptos
//! primitive: a `LocalResource` runs its fetcher only after the
//! previous run has finished, so a newer search would wait for a slow older
//! one instead of aborting it; an `Action` does it right but costs 2,325
//! bytes gzip more (README, size table).

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use web_sys::AbortController;

use super::latest::Latest;

use crate::api::{ApiError, ListAnswer, Method};
use crate::browser::{self, Area, PAGE_SIZE_KEY};
use crate::components::dom::{
    action_of, base_href, copy_clicked, curl_button, el, mount, replace_children, set_attr,
    set_flag, text_el, value_of, watch,
};
use crate::components::error_alert::error_alert;
use crate::config::ApiConfig;
use crate::i18n::{t, tf};
use crate::query::{
    DEFAULT_LIMIT, MAX_OFFSET, Noun, PAGE_KEYS, PAGE_SIZES, PageFilters, PageQuery, PageWindow,
    status_text, thousands, valid_limit,
};
use crate::validation::FieldErrors;
use leptos::html;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// What a list page brings to the shared path: its filters (read from and
/// written to the URL by `query::PageQuery`), its route, and how its query
/// is checked and fetched.
pub trait ListFilters: PageFilters + Send + Sync + 'static {
    type Response: ListAnswer + Clone + PartialEq + 'static;
    const NOUN: Noun;
    /// The page's route.
    const PATH: &'static str;

    /// The query as the API takes it (normalised), or a message on each
    /// field it would reject, including a request too long for the proxy.
    fn check(query: &PageQuery<Self>, config: &ApiConfig) -> Result<PageQuery<Self>, FieldErrors>;
    /// The GET `fetch` sends for `query` ("Copy as curl" shows it).
    fn url(config: &ApiConfig, query: &PageQuery<Self>) -> String;
    fn fetch(
        config: ApiConfig,
        query: PageQuery<Self>,
        cancel: Option<AbortController>,
    ) -> impl Future<Output = Result<Self::Response, ApiError>>;
}

/// What the latest request gave, with the query it answers.
#[derive(Clone, PartialEq)]
pub struct Answer<F: ListFilters> {
    query: Option<PageQuery<F>>,
    outcome: Outcome<F::Response>,
}

#[derive(Clone, PartialEq)]
enum Outcome<R> {
    /// The URL holds filters the API would reject: nothing was sent.
    NotSent,
    Loaded(R),
    Failed(ApiError),
}

/// The router's `navigate`, kept where handlers can reach it.
type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// One list page's state; `Copy`, so handlers and views share it.
pub struct ListPage<F: ListFilters> {
    /// The page state, from the URL.
    pub query: Memo<PageQuery<F>>,
    checked: Memo<Result<PageQuery<F>, FieldErrors>>,
    /// Errors of a submitted form that was not sent (the URL is unchanged).
    submitted_errors: RwSignal<FieldErrors>,
    answer: RwSignal<Option<Answer<F>>, LocalStorage>,
    busy: RwSignal<bool>,
    refresh: RwSignal<u32>,
    config: StoredValue<ApiConfig>,
    navigate: StoredValue<Navigate, LocalStorage>,
    pub default_limit: u32,
}

impl<F: ListFilters> Clone for ListPage<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F: ListFilters> Copy for ListPage<F> {}

impl<F: ListFilters> ListPage<F> {
    /// Reads the URL, and fetches once for each change of it and each
    /// `refresh`; a newer request aborts the older one, whose answer is
    /// dropped (`Latest`).
    pub fn new(config: ApiConfig) -> Self {
        let params = use_query_map();
        let navigate = use_navigate();
        let default_limit = remembered_page_size();
        let query = Memo::new(move |_| params.with(|params| page_query(params, default_limit)));
        let checked = {
            let config = config.clone();
            Memo::new(move |_| F::check(&query.read(), &config))
        };
        let refresh = RwSignal::new(0u32);
        let answer = RwSignal::new_local(None::<Answer<F>>);
        let busy = RwSignal::new(false);
        let latest = Latest::new();
        // One request per change of the URL, and per Refresh or Retry.
        {
            let config = config.clone();
            watch(move || {
                refresh.track();
                let checked = checked.get();
                let Ok(query) = checked else {
                    latest.stop();
                    busy.set(false);
                    answer.set(Some(Answer {
                        query: None,
                        outcome: Outcome::NotSent,
                    }));
                    return;
                };
                let (ticket, cancel) = latest.start();
                busy.set(true);
                let config = config.clone();
                leptos::task::spawn_local(async move {
                    let outcome = match F::fetch(config, query.clone(), cancel).await {
                        Ok(response) => Outcome::Loaded(response),
                        Err(error) => Outcome::Failed(error),
                    };
                    // Superseded by a newer request, or the page is gone.
                    if !latest.is_latest(ticket) {
                        return;
                    }
                    busy.set(false);
                    answer.set(Some(Answer {
                        query: Some(query),
                        outcome,
                    }));
                });
            });
        }
        let list = ListPage {
            query,
            checked,
            submitted_errors: RwSignal::new(FieldErrors::default()),
            answer,
            busy,
            refresh,
            config: StoredValue::new(config),
            navigate: StoredValue::new_local(Rc::new(navigate)),
            default_limit,
        };
        // An offset past the end (a stale link, rows deleted since) moves
        // to the last page, replacing the URL.
        watch(move || {
            if let Some(last) = list.past_end_offset()
                && let Ok(current) = checked.get_untracked()
            {
                list.go_to(&current.with_offset(last), true);
            }
        });
        list
    }

    pub fn go_to(&self, next: &PageQuery<F>, replace: bool) {
        let url = format!("{}{}", F::PATH, next.to_query_string(self.default_limit));
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        };
        self.navigate.with_value(|navigate| navigate(&url, options));
    }

    /// A search with these filters from the first page: refused on its
    /// fields, or sent by changing the URL (the same search again fetches
    /// again).
    pub fn search(&self, filters: F) {
        let next = self.query.get_untracked().with_filters(filters);
        let checked = self.config.with_value(|config| F::check(&next, config));
        match checked {
            Err(errors) => {
                // Set first, so the focused field already carries its message.
                let first = errors.first_field();
                self.submitted_errors.set(errors);
                if let Some(field) = first {
                    browser::focus_id(field);
                }
            }
            Ok(next) => {
                self.submitted_errors.set(FieldErrors::default());
                if next == self.query.get_untracked() {
                    self.refresh();
                } else {
                    self.go_to(&next, false);
                }
            }
        }
    }

    /// "Clear filters": back to the unfiltered list (the page resets its
    /// form); nothing is sent when the list is not filtered.
    pub fn clear_filters(&self) {
        self.forget_submitted_errors();
        let current = self.query.get_untracked();
        let cleared = current.with_filters(F::default());
        if cleared != current {
            self.go_to(&cleared, false);
        }
    }

    /// The URL changed: what the form showed as refused no longer applies.
    pub fn forget_submitted_errors(&self) {
        self.submitted_errors.set(FieldErrors::default());
    }

    pub fn refresh(&self) {
        self.refresh.update(|n| *n += 1);
    }

    /// What the filter form shows on its fields.
    pub fn field_errors(&self) -> FieldErrors {
        let submitted = self.submitted_errors.get();
        if !submitted.is_empty() {
            return submitted;
        }
        self.checked
            .with(|checked| checked.clone().err().unwrap_or_default())
    }

    pub fn set_limit(&self, limit: u32) {
        let _ = browser::write(Area::Local, PAGE_SIZE_KEY, &limit.to_string());
        self.go_to(&self.query.get_untracked().with_limit(limit), false);
    }

    /// Whether the list has had an answer (or found nothing to send).
    pub fn answered(&self) -> bool {
        self.answer.with(Option::is_some)
    }

    /// The rows on screen, while the latest answer is a loaded page.
    pub fn shown(&self) -> Option<F::Response> {
        self.answer.with(|answer| match answer {
            Some(Answer {
                outcome: Outcome::Loaded(response),
                ..
            }) => Some(response.clone()),
            _ => None,
        })
    }

    fn past_end_offset(&self) -> Option<u32> {
        self.answer.with(|answer| {
            let answer = answer.as_ref()?;
            let (Some(query), Outcome::Loaded(response)) = (&answer.query, &answer.outcome) else {
                return None;
            };
            let rows_expected = !query.filters.count_only() && response.rows() == 0;
            let window = window_of(query, response.total());
            window
                .last_page_offset_if_past_end()
                .filter(|_| rows_expected)
        })
    }
}

fn window_of<F>(query: &PageQuery<F>, total: u64) -> PageWindow {
    PageWindow {
        offset: query.offset,
        limit: query.limit,
        total,
    }
}

/// A list's page state from the router's reading of the URL query (what
/// `early.js` mirrors, and its test compares with).
pub fn page_query<F: PageFilters>(params: &ParamsMap, default_limit: u32) -> PageQuery<F> {
    let pairs: Vec<(&str, String)> = F::KEYS
        .iter()
        .chain(PAGE_KEYS)
        .flat_map(|key| {
            let values = params.get_all(key).unwrap_or_default();
            values.into_iter().map(move |value| (*key, value))
        })
        .collect();
    PageQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), default_limit)
}

fn remembered_page_size() -> u32 {
    page_size(
        browser::read(Area::Local, PAGE_SIZE_KEY)
            .ok()
            .flatten()
            .as_deref(),
    )
}

/// The page size remembered in this browser (its stored text), else the default.
pub fn page_size(stored: Option<&str>) -> u32 {
    stored
        .and_then(|size| size.parse().ok())
        .and_then(valid_limit)
        .unwrap_or(DEFAULT_LIMIT)
}

/// What the results area shows, whatever the page: computed from the page's
/// state by `ListResults` (generic), drawn by `draw_results` (not generic,
/// so every list page shares its code).
#[derive(Clone, Default, PartialEq)]
struct Results {
    status: String,
    error: Option<ApiError>,
    /// The page shown, when a table is shown.
    window: Option<PageWindow>,
    /// The list with no filters, when a filtered search found nothing.
    cleared_href: Option<String>,
    busy: bool,
}

fn results_of<F: ListFilters>(list: ListPage<F>) -> Results {
    let busy = list.busy.get();
    let many = t(F::NOUN.many);
    let mut results = Results {
        busy,
        ..Results::default()
    };
    if !list.field_errors().is_empty() {
        results.status = t("Fix the highlighted filters to search.").into();
        return results;
    }
    list.answer.with(|answer| match answer {
        None => results.status = tf("Loading {0}…", &[&many]),
        Some(Answer {
            outcome: Outcome::NotSent,
            ..
        }) => results.status = t("Fix the highlighted filters to search.").into(),
        Some(Answer {
            outcome: Outcome::Failed(error),
            ..
        }) => {
            results.status = tf("The {0} could not be loaded.", &[&many]);
            results.error = Some(error.clone());
        }
        Some(Answer {
            query: Some(query),
            outcome: Outcome::Loaded(response),
        }) => {
            let window = window_of(query, response.total());
            let text = status_text(
                F::NOUN,
                window,
                response.rows(),
                query.filters.is_filtering(),
                query.filters.count_only(),
            );
            results.status = if busy {
                tf("{0} (updating…)", &[&text])
            } else {
                text
            };
            results.window = (!query.filters.count_only()).then_some(window);
            if response.total() == 0 && query.filters.is_filtering() {
                let cleared = query.with_filters(F::default());
                results.cleared_href = Some(base_href(&format!(
                    "{}{}",
                    F::PATH,
                    cleared.to_query_string(list.default_limit)
                )));
            }
        }
        Some(_) => {}
    });
    results
}

/// The status line with Refresh, the error with Retry, and the table (drawn
/// by the page, as plain DOM) with pagination; the previous rows stay,
/// marked busy, while a request runs.
#[component]
pub fn ListResults<F, T>(list: ListPage<F>, table: T) -> impl IntoView
where
    F: ListFilters,
    T: Fn(&F::Response, &Element) + 'static,
{
    let root = NodeRef::<html::Div>::new();
    let results = Memo::new(move |_| results_of(list));
    let parts = draw_results(root, results, F::NOUN.many);
    // The rows, drawn again only for a new answer; nothing loaded yet
    // leaves the area as it is.
    watch(move || {
        list.answer.with(|answer| {
            let Some(answer) = answer else {
                return;
            };
            parts.with_value(|parts| {
                match answer {
                    Answer {
                        query: Some(query),
                        outcome: Outcome::Loaded(response),
                    } if !query.filters.count_only() => table(response, &parts.table),
                    _ => parts.table.set_text_content(None),
                }
                mark_busy(&parts.table, list.busy.get_untracked());
            });
            // In the same frame as the page's own rows, or its error.
            browser::remove_first_rows();
        })
    });
    on_cleanup(browser::remove_first_rows);
    // "Copy as curl": the request behind what is shown, answered or failed.
    watch(move || {
        let curl = list.answer.with(|answer| {
            let query = answer.as_ref()?.query.as_ref()?;
            let url = list.config.with_value(|config| F::url(config, query));
            Some(browser::curl_command(Method::Get, &url, None))
        });
        parts.with_value(|parts| {
            set_attr(&parts.curl, "data-copy", curl.as_deref());
            set_flag(&parts.curl, "hidden", curl.is_none());
        });
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if copy_clicked(&ev) {
            return;
        }
        let Some((action, _)) = action_of(&ev) else {
            return;
        };
        let window = results.with_untracked(|results| results.window);
        let offset = match action.as_str() {
            "refresh" | "retry" => return list.refresh(),
            "previous" => window.and_then(|w| w.previous_offset()),
            "next" => window.and_then(|w| w.next_offset()),
            _ => None,
        };
        if let Some(offset) = offset {
            list.go_to(&list.query.get_untracked().with_offset(offset), false);
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some((action, control)) = action_of(&ev)
            && action == "limit"
            && let Ok(limit) = value_of(&control).parse::<u32>()
        {
            list.set_limit(limit);
        }
    };
    view! { <div class="results" node_ref=root on:click=on_click on:change=on_change></div> }
}

/// The parts of the results area that change.
#[derive(Clone)]
struct Parts {
    status: Element,
    curl: Element,
    cleared: Element,
    error: Element,
    table: Element,
    pagination: Element,
    pagination_slot: Element,
    previous: Element,
    page_of: Element,
    next: Element,
    page_size: Element,
    beyond_reach: Element,
}

fn mark_busy(table_holder: &Element, busy: bool) {
    if let Ok(Some(table)) = table_holder.query_selector("table") {
        set_attr(&table, "aria-busy", busy.then_some("true"));
        let _ = table.class_list().toggle_with_force("busy", busy);
    }
}

/// Draws the results area into `root` and keeps it up to date.
fn draw_results(
    root: NodeRef<html::Div>,
    results: Memo<Results>,
    many: &'static str,
) -> StoredValue<Parts, LocalStorage> {
    let status = el("p").class("status").attr("role", "status");
    let cleared = el("p").class("empty-action").flag("hidden", true);
    let error = el("div");
    let table = el("div");
    let previous = el("button")
        .attr("type", "button")
        .attr("data-action", "previous")
        .text(t("Previous page"));
    let page_of = el("span").class("page-of");
    let next = el("button")
        .attr("type", "button")
        .attr("data-action", "next")
        .text(t("Next page"));
    let page_size = el("select")
        .attr("id", "rows-per-page")
        .attr("data-action", "limit")
        .children(PAGE_SIZES.iter().map(|size| {
            let size = size.to_string();
            el("option").attr("value", &size).text(&size)
        }));
    let reach = thousands(u64::from(MAX_OFFSET));
    let beyond = tf(
        "The API pages through the first {0} {1} only; narrow the filters to \
                     reach the rest.",
        &[&reach, &t(many)],
    );
    let beyond_reach = text_el("p", &beyond).class("hint").flag("hidden", true);
    let (previous_at, page_of_at, next_at, page_size_at) = (
        previous.0.clone(),
        page_of.0.clone(),
        next.0.clone(),
        page_size.0.clone(),
    );
    let pagination = el("nav")
        .class("pagination")
        .attr("aria-label", t("Pagination"))
        .children([
            previous,
            page_of,
            next,
            text_el("label", t("Rows per page")).attr("for", "rows-per-page"),
            page_size,
        ]);
    // Pagination is in the page only while a table is: hidden controls would
    // still be found by whatever looks for them.
    let pagination_slot = el("div");
    let [curl, curl_outcome] = curl_button();
    let parts = StoredValue::new_local(Parts {
        status: status.0.clone(),
        curl: curl.0.clone(),
        cleared: cleared.0.clone(),
        error: error.0.clone(),
        table: table.0.clone(),
        pagination: pagination.0,
        pagination_slot: pagination_slot.0.clone(),
        previous: previous_at,
        page_of: page_of_at,
        next: next_at,
        page_size: page_size_at,
        beyond_reach: beyond_reach.0.clone(),
    });
    let toolbar = el("div").class("toolbar").children([
        status,
        el("span").children([
            curl,
            curl_outcome,
            el("button")
                .attr("type", "button")
                .attr("data-action", "refresh")
                .text(t("Refresh")),
        ]),
    ]);
    mount(
        root,
        vec![
            toolbar,
            cleared,
            error,
            table,
            pagination_slot,
            beyond_reach,
        ],
    );
    let mut drawn = None::<(Option<ApiError>, Option<String>)>;
    watch(move || {
        let results = results.get();
        let parts = parts.get_value();
        parts.status.set_text_content(Some(&results.status));
        // Redrawn only when they change: a Retry or a link that has focus
        // keeps it while the request runs.
        if drawn.as_ref() != Some(&(results.error.clone(), results.cleared_href.clone())) {
            set_flag(&parts.cleared, "hidden", results.cleared_href.is_none());
            replace_children(
                &parts.cleared,
                results
                    .cleared_href
                    .as_deref()
                    .map(|href| el("a").attr("href", href).text(t("Clear filters"))),
            );
            replace_children(
                &parts.error,
                results.error.as_ref().map(|error| error_alert(error, true)),
            );
            drawn = Some((results.error.clone(), results.cleared_href.clone()));
        }
        mark_busy(&parts.table, results.busy);
        if results.window.is_none() {
            parts.pagination_slot.set_text_content(None);
        } else if parts.pagination.parent_element().is_none() {
            let _ = parts.pagination_slot.append_with_node_1(&parts.pagination);
        }
        set_flag(
            &parts.beyond_reach,
            "hidden",
            !results.window.is_some_and(|w| w.beyond_reach()),
        );
        if let Some(window) = results.window {
            set_flag(
                &parts.previous,
                "disabled",
                window.previous_offset().is_none(),
            );
            set_flag(&parts.next, "disabled", window.next_offset().is_none());
            let (page, pages) = (window.page(), window.page_count());
            let page_of = tf("Page {0} of {1}", &[&page, &pages]);
            parts.page_of.set_text_content(Some(&page_of));
            set_attr(
                &parts.page_size,
                "aria-busy",
                results.busy.then_some("true"),
            );
            if let Some(select) = parts.page_size.dyn_ref::<web_sys::HtmlSelectElement>() {
                select.set_value(&window.limit.to_string());
            }
        }
    });
    parts
}
