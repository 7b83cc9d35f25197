//! `/bindings`: which terminal (MAC) is bound to which desktop, on the
//! shared list path (`components::list_page`): the URL is the page state,
//! and every change of it sends exactly one GET.
//!
//! Managing bindings (add, edit, delete, export, the binding policy) is
//! asked for here: the toolbar, the ticks and what a task reports are
//! drawn by this page, the dialogs and the requests by
//! `manage_bindings`, whose code is a wasm file of its own fetched once
//! the list has answered (README, size table). What the admin asks for
//! before it has arrived waits for it in `Manage::asked`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError, ListBindingsResponse, TerminalBinding};
use crate::components::dom::{action_of, watch};
use crate::components::error_alert::error_alert;
use crate::components::{
    AppLink, CheckboxField, ListFilters, ListPage, ListResults, TextField, WithApiConfig,
    bindings_table, dom,
};
use crate::config::ApiConfig;
use crate::query::{BindingsQuery, Filters, Noun, check_request_size, thousands};
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

fn content(config: ApiConfig) -> AnyView {
    view! { <BindingsList config /> }.into_any()
}

/// What the admin asked binding management for.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    Add,
    Edit(TerminalBinding),
    Delete(Vec<TerminalBinding>),
    /// Every binding matching these filters, to a CSV file.
    Export(Filters),
    /// Go on with the export that failed, from the rows it has.
    ResumeExport,
    CancelExport,
}

/// What a finished task says above the list: its lines, and the error
/// when it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub lines: Vec<String>,
    pub error: Option<ApiError>,
    /// A failed export can go on from where it stopped.
    pub resumable: bool,
}

/// A running export: rows fetched, the total when known, and the
/// progress text ("1,200 of 4,523").
#[derive(Clone, Debug, PartialEq)]
pub struct ExportProgress {
    pub fetched: u64,
    pub total: Option<u64>,
    pub text: String,
}

/// The list page's side of binding management; `Copy`.
#[derive(Clone, Copy)]
pub struct Manage {
    pub config: StoredValue<ApiConfig>,
    /// Ticked bindings, kept across pages; a new search starts afresh.
    pub ticked: RwSignal<Vec<TerminalBinding>>,
    /// Taken (set back to `None`) by binding management.
    pub asked: RwSignal<Option<Ask>>,
    pub notice: RwSignal<Option<Notice>>,
    pub export: RwSignal<Option<ExportProgress>>,
    list: ListPage<Filters>,
}

impl Manage {
    /// Fetches the list again (after a write).
    pub fn refresh(&self) {
        self.list.refresh();
    }
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
    let list = ListPage::<Filters>::new(config.clone());
    let form = FilterForm::new();
    let manage = Manage {
        config: StoredValue::new(config),
        ticked: RwSignal::new(Vec::new()),
        asked: RwSignal::new(None),
        notice: RwSignal::new(None),
        export: RwSignal::new(None),
        list,
    };
    // The form shows the URL when it changes (not on Refresh or Retry,
    // which must not undo what the admin is typing); other filters start
    // the ticks afresh.
    let mut shown = None::<Filters>;
    watch(move || {
        let filters = list.query.read().filters.clone();
        form.show(&filters);
        list.forget_submitted_errors();
        if shown.as_ref().is_some_and(|shown| *shown != filters) {
            manage.ticked.set(Vec::new());
        }
        shown = Some(filters);
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

    // The ticks, kept up to date on the rows drawn (plain DOM).
    let area = NodeRef::<leptos::html::Div>::new();
    watch(move || {
        let Some(area) = area.get() else {
            return;
        };
        manage.ticked.with(|ticked| {
            let mut all_ticked = true;
            for control in dom::all(&area, "input[data-action=tick]") {
                let id = control.get_attribute("data-id").unwrap_or_default();
                let on = ticked.iter().any(|t| t.id == id);
                all_ticked &= on;
                dom::set_checked(&control, on);
            }
            if let Some(all) = dom::all(&area, "input[data-action=tick-all]").first() {
                dom::set_checked(all, all_ticked);
            }
        });
    });
    let shown_rows = move |id: Option<&str>| -> Vec<TerminalBinding> {
        list.shown()
            .map(|answer| {
                answer
                    .bind_list
                    .into_iter()
                    .filter(|row| id.is_none_or(|id| row.id == id))
                    .collect()
            })
            .unwrap_or_default()
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(("edit", control)) = action_of(&ev).as_ref().map(|(a, c)| (a.as_str(), c)) {
            let id = control.get_attribute("data-id").unwrap_or_default();
            if let Some(row) = shown_rows(Some(&id)).pop() {
                manage.asked.set(Some(Ask::Edit(row)));
            }
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some((action, control)) = action_of(&ev) else {
            return;
        };
        let chosen = match action.as_str() {
            "tick" => shown_rows(control.get_attribute("data-id").as_deref()),
            "tick-all" => shown_rows(None),
            _ => return,
        };
        let on = control
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(|input| input.checked());
        manage.ticked.update(|ticked| {
            ticked.retain(|t| !chosen.iter().any(|row| row.id == t.id));
            if on {
                ticked.extend(chosen);
            }
        });
    };

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
        <Toolbar manage />
        <div node_ref=area on:click=on_click on:change=on_change>
            <ListResults
                list
                table=move |answer: &ListBindingsResponse| {
                    manage.ticked.with_untracked(|ticked| bindings_table(&answer.bind_list, ticked))
                }
            />
        </div>
        <Management manage />
    }
}

/// "Add binding", "Export CSV", "Import CSV", "Delete selected", and what
/// the latest task reports: an export's progress, an outcome, an error.
#[component]
fn Toolbar(manage: Manage) -> impl IntoView {
    let ask = move |ask: Ask| manage.asked.set(Some(ask));
    let ticked = move || manage.ticked.with(Vec::len);
    let exporting = move || manage.export.with(Option::is_some);
    let selection = move || match ticked() {
        0 => String::new(),
        1 => "1 binding selected.".to_string(),
        n => format!("{} bindings selected.", thousands(n as u64)),
    };
    // An outcome or error, drawn as plain DOM (`error_alert`).
    let notice_at = NodeRef::<leptos::html::Div>::new();
    watch(move || {
        let Some(holder) = notice_at.get() else {
            return;
        };
        manage.notice.with(|notice| {
            let parts = notice.iter().flat_map(|notice| {
                let lines = dom::el("ul")
                    .children(notice.lines.iter().map(|line| dom::text_el("li", line)));
                let error = notice.error.as_ref().map(|error| error_alert(error, false));
                let resume = notice.resumable.then(|| {
                    dom::el("button")
                        .attr("type", "button")
                        .attr("data-action", "resume-export")
                        .text("Resume export")
                });
                [Some(lines), error, resume].into_iter().flatten()
            });
            dom::replace_children(&holder, parts);
        });
    });
    let on_notice_click = move |ev: leptos::ev::MouseEvent| {
        if action_of(&ev).is_some_and(|(action, _)| action == "resume-export") {
            ask(Ask::ResumeExport);
        }
    };
    let progress = move || {
        manage.export.get().map(|export| {
            let total = export.total.unwrap_or(0);
            let text = export.text.clone();
            view! {
                <div class="export">
                    <div
                        role="progressbar"
                        aria-label="Exporting bindings"
                        aria-valuemin="0"
                        aria-valuemax=total
                        aria-valuenow=export.fetched
                        aria-valuetext=text
                    >
                        <progress max=total.max(1) value=export.fetched aria-hidden="true"></progress>
                        <span>{export.text}</span>
                    </div>
                    <button type="button" on:click=move |_| ask(Ask::CancelExport)>"Cancel"</button>
                </div>
            }
        })
    };
    view! {
        <div class="toolbar">
            <button type="button" on:click=move |_| ask(Ask::Add)>"Add binding"</button>
            <button
                type="button"
                on:click=move |_| ask(Ask::Export(manage.list.query.get_untracked().filters))
                aria-disabled=move || exporting().then_some("true")
            >
                "Export CSV"
            </button>
            <AppLink href=routes::BINDINGS_IMPORT>"Import CSV"</AppLink>
            <button
                type="button"
                disabled=move || ticked() == 0
                on:click=move |_| ask(Ask::Delete(manage.ticked.get_untracked()))
            >
                "Delete selected"
            </button>
            <span role="status">{selection}</span>
        </div>
        {progress}
        <div class="outcome" role="status" node_ref=notice_at on:click=on_notice_click></div>
    }
}

/// Binding management, loaded once the list has answered (or as soon as
/// the admin asks for something).
#[component]
fn Management(manage: Manage) -> impl IntoView {
    let wanted = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false)
            || manage.list.answered()
            || manage.asked.with(Option::is_some)
    });
    move || {
        wanted
            .get()
            .then(|| Suspend::new(crate::pages::manage_bindings(manage)))
    }
}
