//! The one path every list page takes: URL query → typed query (pure,
//! checked before anything is sent) → one GET per change → status line,
//! table, pagination, error with Retry. A page brings its query type, its
//! filter form and its table.
//!
//! The request is sent by an effect with a generation number, not by a
//! Leptos primitive: a `LocalResource` runs its fetcher only after the
//! previous run has finished, so a newer search would wait for a slow older
//! one instead of aborting it; an `Action` does it right but costs 2,325
//! bytes gzip more (README, size table).

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use web_sys::AbortController;

use crate::api::{ApiError, ListAnswer};
use crate::browser::{self, Area, PAGE_SIZE_KEY};
use crate::components::{AppLink, ErrorAlert, Pagination};
use crate::config::ApiConfig;
use crate::query::{DEFAULT_LIMIT, Noun, PageWindow, status_text, thousands, valid_limit};
use crate::validation::FieldErrors;

/// A list page's state as it lives in the URL, with the API's names.
pub trait ListQuery: Clone + PartialEq + Send + Sync + 'static {
    type Response: ListAnswer + Clone + PartialEq + 'static;
    const NOUN: Noun;
    /// The page's route.
    const PATH: &'static str;
    /// URL keys the page reads, in the order they are sent.
    const URL_KEYS: &'static [&'static str];

    /// Total: no URL makes it fail (bad values fall back to defaults).
    fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, limit: u32) -> Self;
    fn to_query_string(&self, default_limit: u32) -> String;
    fn offset(&self) -> u32;
    fn limit(&self) -> u32;
    fn with_offset(&self, offset: u32) -> Self;
    fn with_limit(&self, limit: u32) -> Self;
    fn without_filters(&self) -> Self;
    fn is_filtering(&self) -> bool;
    fn count_only(&self) -> bool {
        false
    }
    /// The query as the API takes it (normalised), or a message on each
    /// field it would reject, including a request too long for the proxy.
    fn check(&self, config: &ApiConfig) -> Result<Self, FieldErrors>;
    fn fetch(
        config: ApiConfig,
        query: Self,
        cancel: Option<AbortController>,
    ) -> impl Future<Output = Result<Self::Response, ApiError>>;
}

/// What the latest request gave, with the query it answers.
#[derive(Clone, PartialEq)]
pub struct Answer<Q: ListQuery> {
    query: Option<Q>,
    outcome: Outcome<Q::Response>,
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
pub struct ListPage<Q: ListQuery> {
    /// The page state, from the URL.
    pub query: Memo<Q>,
    checked: Memo<Result<Q, FieldErrors>>,
    /// Errors of a submitted form that was not sent (the URL is unchanged).
    submitted_errors: RwSignal<FieldErrors>,
    answer: RwSignal<Option<Answer<Q>>, LocalStorage>,
    busy: RwSignal<bool>,
    refresh: RwSignal<u32>,
    config: StoredValue<ApiConfig>,
    navigate: StoredValue<Navigate, LocalStorage>,
    pub default_limit: u32,
}

impl<Q: ListQuery> Clone for ListPage<Q> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Q: ListQuery> Copy for ListPage<Q> {}

impl<Q: ListQuery> ListPage<Q> {
    /// Reads the URL, and fetches once for each change of it and each
    /// `refresh`; a newer request aborts the older one, whose answer is
    /// dropped by its generation number.
    pub fn new(config: ApiConfig) -> Self {
        let params = use_query_map();
        let navigate = use_navigate();
        let default_limit = remembered_page_size();
        let query = Memo::new(move |_| {
            params.with(|params| {
                let pairs: Vec<(&str, String)> = Q::URL_KEYS
                    .iter()
                    .flat_map(|key| {
                        let values = params.get_all(key).unwrap_or_default();
                        values.into_iter().map(move |value| (*key, value))
                    })
                    .collect();
                Q::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), default_limit)
            })
        });
        let checked = {
            let config = config.clone();
            Memo::new(move |_| query.read().check(&config))
        };
        let refresh = RwSignal::new(0u32);
        let in_flight = StoredValue::new_local(None::<AbortController>);
        let answer = RwSignal::new_local(None::<Answer<Q>>);
        let busy = RwSignal::new(false);
        let generation = StoredValue::new(0u64);
        // One request per change of the URL, and per Refresh or Retry.
        {
            let config = config.clone();
            Effect::new(move |_| {
                refresh.track();
                let checked = checked.get();
                if let Some(older) = in_flight.get_value() {
                    older.abort();
                }
                let this = generation.get_value() + 1;
                generation.set_value(this);
                let Ok(query) = checked else {
                    busy.set(false);
                    answer.set(Some(Answer {
                        query: None,
                        outcome: Outcome::NotSent,
                    }));
                    return;
                };
                let cancel = AbortController::new().ok();
                in_flight.set_value(cancel.clone());
                busy.set(true);
                let config = config.clone();
                leptos::task::spawn_local(async move {
                    let outcome = match Q::fetch(config, query.clone(), cancel).await {
                        Ok(response) => Outcome::Loaded(response),
                        Err(error) => Outcome::Failed(error),
                    };
                    // Superseded by a newer request, or the page is gone.
                    if generation.try_get_value() != Some(this) {
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
        on_cleanup(move || {
            if let Some(Some(controller)) = in_flight.try_get_value() {
                controller.abort();
            }
        });
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
        Effect::new(move |_| {
            if let Some(last) = list.past_end_offset()
                && let Ok(current) = checked.get_untracked()
            {
                list.go_to(&current.with_offset(last), true);
            }
        });
        list
    }

    pub fn go_to(&self, next: &Q, replace: bool) {
        let url = format!("{}{}", Q::PATH, next.to_query_string(self.default_limit));
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        };
        self.navigate.with_value(|navigate| navigate(&url, options));
    }

    /// A search from the form: refused on its fields, or sent by changing
    /// the URL (the same search again fetches again).
    pub fn submit(&self, next: Q) {
        let checked = self.config.with_value(|config| next.check(config));
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

    fn past_end_offset(&self) -> Option<u32> {
        self.answer.with(|answer| {
            let answer = answer.as_ref()?;
            let (Some(query), Outcome::Loaded(response)) = (&answer.query, &answer.outcome) else {
                return None;
            };
            let rows_expected = !query.count_only() && response.rows() == 0;
            let window = window_of(query, response.total());
            window
                .last_page_offset_if_past_end()
                .filter(|_| rows_expected)
        })
    }
}

fn window_of<Q: ListQuery>(query: &Q, total: u64) -> PageWindow {
    PageWindow {
        offset: query.offset(),
        limit: query.limit(),
        total,
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

/// The status line with Refresh, the error with Retry, and the table (drawn
/// by the page) with pagination; the previous rows stay, marked busy, while
/// a request runs.
#[component]
pub fn ListResults<Q, T, V>(list: ListPage<Q>, table: T) -> impl IntoView
where
    Q: ListQuery,
    T: Fn(Q::Response, Signal<bool>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let busy = Signal::from(list.busy);
    let many = Q::NOUN.many;
    let status = move || {
        if !list.field_errors().is_empty() {
            return "Fix the highlighted filters to search.".to_string();
        }
        list.answer.with(|answer| match answer {
            None => format!("Loading {many}…"),
            Some(Answer {
                outcome: Outcome::NotSent,
                ..
            }) => "Fix the highlighted filters to search.".to_string(),
            Some(Answer {
                outcome: Outcome::Failed(_),
                ..
            }) => format!("The {many} could not be loaded."),
            Some(Answer {
                query: Some(query),
                outcome: Outcome::Loaded(response),
                ..
            }) => {
                let text = status_text(
                    Q::NOUN,
                    window_of(query, response.total()),
                    response.rows(),
                    query.is_filtering(),
                    query.count_only(),
                );
                if busy.get() {
                    format!("{text} (updating…)")
                } else {
                    text
                }
            }
            Some(_) => String::new(),
        })
    };
    let shown = move || {
        list.answer.with(|answer| match answer {
            Some(Answer {
                query: Some(query),
                outcome: Outcome::Loaded(response),
                ..
            }) => Some((query.clone(), response.clone())),
            _ => None,
        })
    };
    let error = move || {
        list.answer.with(|answer| match answer {
            Some(Answer {
                outcome: Outcome::Failed(error),
                ..
            }) => Some(error.clone()),
            _ => None,
        })
    };
    let retry = Callback::new(move |()| list.refresh());
    let on_offset = Callback::new(move |offset: u32| {
        list.go_to(&list.query.get_untracked().with_offset(offset), false)
    });
    let on_limit = Callback::new(move |limit: u32| list.set_limit(limit));
    let cleared_url = move || {
        let cleared = list.query.get().without_filters();
        format!("{}{}", Q::PATH, cleared.to_query_string(list.default_limit))
    };

    view! {
        <div class="toolbar">
            <p class="status" role="status">{status}</p>
            <button type="button" on:click=move |_| list.refresh()>"Refresh"</button>
        </div>
        {move || {
            shown()
                .is_some_and(|(query, response)| response.total() == 0 && query.is_filtering())
                .then(|| view! { <p class="empty-action"><AppLink href=Signal::derive(cleared_url)>"Clear filters"</AppLink></p> })
        }}
        {move || error().map(|error| view! { <ErrorAlert error on_retry=retry /> })}
        {move || {
            let (query, response) = shown()?;
            if query.count_only() {
                return None;
            }
            let window = window_of(&query, response.total());
            let table = table.clone();
            Some(view! {
                {table(response, busy)}
                <Pagination window=Signal::derive(move || window) on_offset on_limit busy />
                {window.beyond_reach().then(|| view! {
                    <p class="hint">
                        {format!(
                            "The API pages through the first {} {many} only; narrow the filters to reach the rest.",
                            thousands(u64::from(crate::query::MAX_OFFSET)),
                        )}
                    </p>
                })}
            })
        }}
    }
}
