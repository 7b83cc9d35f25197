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

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::api::{self, ApiError, ListBindingsResponse, TerminalBinding};
use crate::components::dom::{action_of, watch};
use crate::components::error_alert::error_alert;
use crate::components::{
    CheckboxField, ListFilters, ListPage, ListResults, TextField, WithApiConfig, bindings_table,
    dom,
};
use crate::config::ApiConfig;
use crate::i18n::{t, tf, tk};
use crate::query::{BindingsQuery, Filters, Noun, check_request_size, thousands};
use crate::routes;
use crate::validation::{FieldErrors, split_list};

impl ListFilters for Filters {
    type Response = ListBindingsResponse;
    const NOUN: Noun = Noun {
        one: tk("binding"),
        many: tk("bindings"),
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

    fn url(config: &ApiConfig, query: &BindingsQuery) -> String {
        api::list_bindings_url(config, query)
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
        <h1>{t("Terminal bindings")}</h1>
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
    /// The write this tells the outcome of, as "Copy as curl" gives it.
    pub curl: Option<String>,
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
        <form class="filters" role="search" aria-label=t("Filter bindings") novalidate on:submit=on_search>
            <div class="filter-grid">
                <TextField id="computer_name" label=t("Desktop name") value=form.computer_name error=error("computer_name") />
                <TextField
                    id="computer_names"
                    label=t("Desktop names")
                    value=form.computer_names
                    error=error("computer_names")
                    hint=t("Several names, separated by commas, spaces or new lines.")
                    multiline=true
                />
                <TextField
                    id="mac"
                    label=t("MAC address")
                    value=form.mac
                    error=error("mac")
                    hint=t("Such as AA-BB-CC-DD-EE-FF or aa:bb:cc:dd:ee:ff.")
                />
                <TextField
                    id="mac_list"
                    label=t("MAC addresses")
                    value=form.mac_list
                    error=error("mac_list")
                    hint=t("Several MAC addresses, separated by commas, spaces or new lines.")
                    multiline=true
                />
            </div>
            <CheckboxField id="count_only" label=t("Count only") checked=form.count_only />
            <div class="actions">
                <button type="submit" class="primary">{t("Search")}</button>
                <button type="button" on:click=on_clear>{t("Clear filters")}</button>
            </div>
        </form>
        <Toolbar manage />
        <div node_ref=area on:click=on_click on:change=on_change>
            <ListResults
                list
                table=move |answer: &ListBindingsResponse, holder: &Element| {
                    manage
                        .ticked
                        .with_untracked(|ticked| bindings_table(holder, &answer.bind_list, ticked))
                }
            />
        </div>
        <Management manage />
    }
}

/// "Add binding", "Export CSV", "Import CSV", "Delete selected", and what
/// the latest task reports: an export's progress, an outcome, an error.
/// Plain DOM (`components::dom`): as a Leptos view it cost several KB of
/// the first load.
#[component]
fn Toolbar(manage: Manage) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    let button = |action: &str, text: &str| {
        dom::el("button")
            .attr("type", "button")
            .attr("data-action", action)
            .text(text)
    };
    let delete = button("delete-selected", t("Delete selected"));
    let selection = dom::el("span").attr("role", "status");
    let progress = dom::el("div");
    let notice = dom::el("div").class("outcome").attr("role", "status");
    let (delete_at, selection_at, progress_at, notice_at) = (
        delete.0.clone(),
        selection.0.clone(),
        progress.0.clone(),
        notice.0.clone(),
    );
    let bar = dom::el("div").class("toolbar").children([
        button("add", t("Add binding")),
        button("export", t("Export CSV")),
        dom::el("a")
            .attr("href", &dom::base_href(routes::BINDINGS_IMPORT))
            .text(t("Import CSV")),
        delete,
        selection,
    ]);
    dom::mount(holder, vec![bar, progress, notice]);

    watch(move || {
        let ticked = manage.ticked.with(Vec::len);
        dom::set_flag(&delete_at, "disabled", ticked == 0);
        selection_at.set_text_content(Some(&match ticked {
            0 => String::new(),
            1 => t("1 binding selected.").to_string(),
            n => tf("{0} bindings selected.", &[&thousands(n as u64)]),
        }));
    });
    watch(move || {
        manage.export.with(|export| {
            dom::replace_children(&progress_at, export.as_ref().map(export_bar));
        })
    });
    watch(move || {
        manage.notice.with(|notice| {
            let parts = notice.iter().flat_map(|notice| {
                let lines = dom::el("ul")
                    .children(notice.lines.iter().map(|line| dom::text_el("li", line)));
                let error = notice.error.as_ref().map(|error| error_alert(error, false));
                let resume = notice
                    .resumable
                    .then(|| button("resume-export", t("Resume export")));
                let curl = notice.curl.as_deref().map(|command| {
                    let [copy, said] = dom::curl_button();
                    let copy = copy.attr("data-copy", command).flag("hidden", false);
                    dom::el("p").children([copy, said])
                });
                [Some(lines), error, resume, curl].into_iter().flatten()
            });
            dom::replace_children(&notice_at, parts);
        });
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if dom::copy_clicked(&ev) {
            return;
        }
        let Some((action, _)) = action_of(&ev) else {
            return;
        };
        let ask = match action.as_str() {
            "add" => Ask::Add,
            "export" => Ask::Export(manage.list.query.get_untracked().filters),
            "delete-selected" => Ask::Delete(manage.ticked.get_untracked()),
            "resume-export" => Ask::ResumeExport,
            "cancel-export" => Ask::CancelExport,
            _ => return,
        };
        manage.asked.set(Some(ask));
    };
    view! { <div node_ref=holder on:click=on_click></div> }
}

/// The progress bar ("1,200 of 4,523") and its "Cancel".
fn export_bar(export: &ExportProgress) -> dom::El {
    let total = export.total.unwrap_or(0).to_string();
    let fetched = export.fetched.to_string();
    let bar = dom::el("div")
        .attr("role", "progressbar")
        .attr("aria-label", t("Exporting bindings"))
        .attr("aria-valuemin", "0")
        .attr("aria-valuemax", &total)
        .attr("aria-valuenow", &fetched)
        .attr("aria-valuetext", &export.text)
        .child(
            dom::el("progress")
                .attr("max", if export.total.is_some() { &total } else { "1" })
                .attr("value", &fetched)
                .attr("aria-hidden", "true"),
        )
        .child(dom::text_el("span", &export.text));
    dom::el("div").class("export").children([
        bar,
        dom::el("button")
            .attr("type", "button")
            .attr("data-action", "cancel-export")
            .text(t("Cancel")),
    ])
}

/// Binding management, loaded once the list's first rows are painted (or as soon as
/// the admin asks for something), and drawn into this page's holder under
/// its owner. Not a `Suspend`: that machinery cost the first load more
/// than the mounting done here by hand.
#[component]
fn Management(manage: Manage) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    // The page's owner: what management creates goes when the page goes.
    let owner = Owner::current().unwrap_or_default();
    let mut started = false;
    watch(move || {
        let wanted = manage.list.answered() || manage.asked.with(Option::is_some);
        let Some(holder) = holder.get() else {
            return;
        };
        if wanted && !started {
            started = true;
            let owner = owner.clone();
            let holder: web_sys::Element = holder.into();
            let start = move || {
                leptos::task::spawn_local(crate::pages::manage_bindings(manage, owner, holder))
            };
            if manage.asked.with_untracked(Option::is_some) {
                start();
            } else {
                // After the first rows are painted (a timer set in the frame
                // callback runs once the frame is drawn): fetching and
                // compiling management's wasm must not delay them.
                request_animation_frame(move || set_timeout(start, Duration::ZERO));
            }
        }
    });
    view! { <div node_ref=holder></div> }
}
