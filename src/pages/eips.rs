//! `/eips`: every EIP, whether it is bound and to which desktop, on the
//! shared list path (`components::list_page`); a free EIP links to the bind
//! form, a bound one is unbound after a confirmation, alone or with others
//! ticked on the page (`unbinding` says how the requests go).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::api::{self, ApiError, Eip, ListEipsResponse, Method};
use crate::browser;
use crate::components::dom::{
    self, El, action_of, base_href, column_headers, copy_clicked, curl_button, draw_table, el,
    mount, replace_children, set_attr, set_checked, set_flag, text_el, watch,
};
use crate::components::error_alert::error_alert;
use crate::components::{
    ConfirmDialog, ListFilters, ListPage, ListResults, TextField, WithApiConfig,
};
use crate::config::ApiConfig;
use crate::eip_query::{
    EipFilters, EipState, EipsQuery, bandwidth_text, charge_mode_text, created_text,
};
use crate::i18n::{t, tf, tk};
use crate::query::{Noun, check_request_size, thousands};
use crate::routes;
use crate::state::use_app_state;
use crate::unbinding::{Outcome, Target, Unbinding};
use crate::validation::FieldErrors;

impl ListFilters for EipFilters {
    type Response = ListEipsResponse;
    const NOUN: Noun = Noun {
        one: tk("EIP"),
        many: tk("EIPs"),
    };
    const PATH: &'static str = routes::EIPS;

    fn check(query: &EipsQuery, config: &ApiConfig) -> Result<EipsQuery, FieldErrors> {
        let filters = query.filters.validate()?;
        let field = if filters.address.len() >= filters.desktop_name.len() {
            "address"
        } else {
            "desktop_name"
        };
        let checked = EipsQuery {
            filters,
            ..query.clone()
        };
        check_request_size("GET", &api::list_eips_url(config, &checked), field)?;
        Ok(checked)
    }

    fn url(config: &ApiConfig, query: &EipsQuery) -> String {
        api::list_eips_url(config, query)
    }

    async fn fetch(
        config: ApiConfig,
        query: EipsQuery,
        cancel: Option<web_sys::AbortController>,
    ) -> Result<ListEipsResponse, ApiError> {
        api::list_eips(&config, &query, cancel).await
    }
}

#[component]
pub fn EipsPage() -> impl IntoView {
    view! {
        <h1>{t("EIPs")}</h1>
        <WithApiConfig content=|config| view! { <EipsList config /> }.into_any() />
    }
}

/// The filter form as typed.
#[derive(Clone, Copy)]
struct FilterForm {
    state: RwSignal<Option<EipState>>,
    address: RwSignal<String>,
    desktop_name: RwSignal<String>,
}

impl FilterForm {
    fn show(&self, filters: &EipFilters) {
        self.state.set(filters.state);
        self.address.set(filters.address.clone());
        self.desktop_name.set(filters.desktop_name.clone());
    }

    fn read(&self) -> EipFilters {
        EipFilters {
            state: self.state.get_untracked(),
            address: self.address.get_untracked().trim().to_owned(),
            desktop_name: self.desktop_name.get_untracked().trim().to_owned(),
        }
    }
}

#[component]
fn EipsList(config: ApiConfig) -> impl IntoView {
    let state = use_app_state();
    let list = ListPage::<EipFilters>::new(config.clone());
    let form = FilterForm {
        state: RwSignal::new(None),
        address: RwSignal::new(String::new()),
        desktop_name: RwSignal::new(String::new()),
    };
    // Ticked EIPs: kept across pages, so that more than a page can be
    // unbound at once; a new search starts afresh.
    let ticked = RwSignal::new(Vec::<Target>::new());
    // The EIPs the open dialog is about.
    let confirming = RwSignal::new(None::<Vec<Target>>);
    let mut shown = None::<EipFilters>;
    watch(move || {
        let filters = list.query.read().filters.clone();
        form.show(&filters);
        list.forget_submitted_errors();
        if shown.as_ref().is_some_and(|shown| *shown != filters) {
            ticked.set(Vec::new());
        }
        shown = Some(filters);
    });
    // When a run ends, the list is fetched again; what was not unbound
    // stays ticked.
    let running = Memo::new(move |_| state.unbinding_running());
    let mut was_running = false;
    watch(move || {
        let now = running.get();
        if was_running && !now {
            let left = state
                .unbinding
                .with_untracked(|run| run.as_ref().map(Unbinding::not_unbound));
            ticked.set(left.unwrap_or_default());
            list.refresh();
        }
        was_running = now;
    });
    browser::warn_before_leaving(t("EIPs are still being unbound."), move || {
        state.unbinding_running()
    });

    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        list.search(form.read());
    };
    let on_clear = move |_| {
        form.show(&EipFilters::default());
        list.clear_filters();
    };
    let on_state = move |ev| {
        form.state
            .set(EipState::from_api_name(&event_target_value(&ev)))
    };
    let state_select = NodeRef::<leptos::html::Select>::new();
    watch(move || {
        let value = form.state.get().map_or("", EipState::api_name);
        if let Some(select) = state_select.get() {
            select.set_value(value);
        }
    });
    let error = move |field: &'static str| Signal::derive(move || list.field_errors().get(field));

    let dialog = Signal::derive(move || {
        confirming.with(|targets| {
            targets
                .as_ref()
                .map(|targets| (Unbinding::dialog_title(targets), dialog_lines(targets)))
        })
    });
    let sent_to = config.clone();
    let on_confirm = Callback::new(move |()| {
        let Some(targets) = confirming.get_untracked() else {
            return;
        };
        confirming.set(None);
        if !state.unbinding_running() {
            state.unbind_eips(config.clone(), targets);
        }
    });
    let on_cancel = Callback::new(move |()| confirming.set(None));
    // One run at a time: while one runs, the buttons say so and do nothing.
    let ask = move |targets: Vec<Target>| {
        if !targets.is_empty() && !state.unbinding_running() {
            confirming.set(Some(targets))
        }
    };

    // The latest run's report, the selection bar and the rows' controls,
    // drawn once and kept up to date (plain DOM, `components::dom`).
    let area = NodeRef::<leptos::html::Div>::new();
    let activity_holder = NodeRef::<leptos::html::Div>::new();
    let (drawn, activity) = Activity::new();
    mount(activity_holder, vec![activity]);
    let report = drawn.clone();
    watch(move || {
        state.unbinding.with(|run| {
            // "Copy as curl": the run's latest request sent.
            let curl = run.as_ref().and_then(|run| {
                let sent = run
                    .outcomes
                    .iter()
                    .rposition(|outcome| !matches!(outcome, Outcome::Waiting | Outcome::Skipped))?;
                let request = run.requests().into_iter().nth(sent)?;
                let url = api::unbind_eips_url(&sent_to);
                Some(browser::curl_command(
                    Method::Post,
                    &url,
                    Some(&request.to_json()),
                ))
            });
            report.show_run(run.as_ref(), curl.as_deref())
        })
    });
    watch(move || {
        let Some(area) = area.get() else {
            return;
        };
        let running = running.get();
        ticked.with(|ticked| {
            drawn.show_selection(ticked.len(), running);
            let is_ticked = |eip_id: &str| ticked.iter().any(|t| t.eip_id == eip_id);
            let mut all_ticked = true;
            for control in dom::all(&area, "input[data-eip]") {
                let on = is_ticked(&control.get_attribute("data-eip").unwrap_or_default());
                all_ticked &= on;
                set_checked(&control, on);
            }
            for control in dom::all(&area, "button[data-eip]") {
                set_attr(&control, "aria-disabled", running.then_some("true"));
            }
            if let Some(all) = dom::all(&area, "input[data-action=tick-all]").first() {
                set_checked(all, all_ticked);
            }
        });
    });
    // The bound rows shown now, by EIP ID.
    let shown_target = move |eip_id: &str| {
        list.shown().and_then(|answer| {
            answer
                .eips
                .iter()
                .find(|eip| eip.id == eip_id)
                .and_then(target_of)
        })
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, control)) = action_of(&ev) else {
            return;
        };
        match action.as_str() {
            "unbind" => {
                let eip_id = control.get_attribute("data-eip").unwrap_or_default();
                ask(shown_target(&eip_id).into_iter().collect())
            }
            "unbind-selected" => ask(ticked.get_untracked()),
            "clear-selection" => ticked.set(Vec::new()),
            _ => {}
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some((action, control)) = action_of(&ev) else {
            return;
        };
        let chosen: Vec<Target> = match action.as_str() {
            "tick" => {
                let eip_id = control.get_attribute("data-eip").unwrap_or_default();
                shown_target(&eip_id).into_iter().collect()
            }
            "tick-all" => list
                .shown()
                .map(|answer| answer.eips.iter().filter_map(target_of).collect())
                .unwrap_or_default(),
            _ => return,
        };
        let on = control
            .dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(|input| input.checked());
        ticked.update(|ticked| {
            ticked.retain(|t| !chosen.iter().any(|row| row.eip_id == t.eip_id));
            if on {
                ticked.extend(chosen);
            }
        });
    };

    view! {
        <form class="filters" role="search" aria-label=t("Filter EIPs") novalidate on:submit=on_search>
            <div class="filter-grid">
                <div class="field">
                    <label for="state">{t("State")}</label>
                    <select id="state" name="state" node_ref=state_select on:change=on_state>
                        <option value="">{t("All")}</option>
                        <option value="bind">{t("Bound")}</option>
                        <option value="unbind">{t("Unbound")}</option>
                    </select>
                </div>
                <TextField id="address" label=t("Address") value=form.address error=error("address") />
                <TextField
                    id="desktop_name"
                    label=t("Desktop name")
                    value=form.desktop_name
                    error=error("desktop_name")
                />
            </div>
            <div class="actions">
                <button type="submit" class="primary">{t("Search")}</button>
                <button type="button" on:click=on_clear>{t("Clear filters")}</button>
            </div>
        </form>
        <div node_ref=area on:click=on_click on:change=on_change>
            <div
                node_ref=activity_holder
                on:click=|ev: leptos::ev::MouseEvent| {
                    copy_clicked(&ev);
                }
            ></div>
            <ListResults
                list
                table=move |answer: &ListEipsResponse, holder: &Element| {
                    ticked
                        .with_untracked(|ticked| {
                            eips_table(holder, &answer.eips, ticked, running.get_untracked())
                        })
                }
            />
        </div>
        <ConfirmDialog id="unbind-dialog" content=dialog confirm=t("Unbind") on_confirm on_cancel />
    }
}

/// Addresses the dialog lists before it says how many more.
const SHOWN_IN_DIALOG: usize = 10;

/// The dialog's text: the question, and for several EIPs the first few.
fn dialog_lines(targets: &[Target]) -> Vec<String> {
    let mut lines = vec![Unbinding::question(targets)];
    if targets.len() > 1 {
        lines.extend(
            targets
                .iter()
                .take(SHOWN_IN_DIALOG)
                .map(|target| format!("{} → {}", target.address, target.desktop())),
        );
        if targets.len() > SHOWN_IN_DIALOG {
            lines.push(tf("…and {0} more.", &[&(targets.len() - SHOWN_IN_DIALOG)]));
        }
    }
    lines
}

/// The report of the latest unbinding run and the selection bar, drawn
/// once; the controls report to the page's listener.
#[derive(Clone)]
struct Activity {
    report: Element,
    curl: Element,
    failure: Element,
    count: Element,
    unbind: Element,
    clear: Element,
}

impl Activity {
    /// The parts kept up to date, and the markup to mount.
    fn new() -> (Self, El) {
        let report = el("div").class("outcome").attr("role", "status");
        let failure = el("div");
        // aria-disabled, not disabled: the button keeps focus when the
        // dialog gives it back during a run.
        let unbind = el("button")
            .attr("type", "button")
            .attr("data-action", "unbind-selected")
            .text(t("Unbind selected"));
        let count = el("span");
        let clear = el("button")
            .attr("type", "button")
            .attr("data-action", "clear-selection")
            .text(t("Clear selection"));
        let [curl, curl_outcome] = curl_button();
        let curl_at = curl.0.clone();
        let (report_at, failure_at, count_at, unbind_at, clear_at) = (
            report.0.clone(),
            failure.0.clone(),
            count.0.clone(),
            unbind.0.clone(),
            clear.0.clone(),
        );
        let root = el("div").children([
            report,
            el("p").children([curl, curl_outcome]),
            failure,
            el("div")
                .class("selection")
                .children([unbind, count, clear]),
        ]);
        let parts = Activity {
            report: report_at,
            curl: curl_at,
            failure: failure_at,
            count: count_at,
            unbind: unbind_at,
            clear: clear_at,
        };
        (parts, root)
    }

    fn show_run(&self, run: Option<&Unbinding>, curl: Option<&str>) {
        set_attr(&self.curl, "data-copy", curl);
        set_flag(&self.curl, "hidden", curl.is_none());
        let Some(run) = run else {
            return;
        };
        let class = match (run.failure(), run.finished()) {
            (Some(_), _) => "report failed",
            (None, true) => "report success",
            (None, false) => "report",
        };
        let lines = run.report();
        replace_children(
            &self.report,
            [el("ul")
                .class(class)
                .children(lines.iter().map(|line| text_el("li", line)))],
        );
        replace_children(
            &self.failure,
            run.failure().map(|error| error_alert(error, false)),
        );
    }

    fn show_selection(&self, ticked: usize, running: bool) {
        self.count.set_text_content(Some(&match ticked {
            0 => t("Tick bound EIPs, on any page, to unbind several at once.").to_string(),
            1 => t("1 EIP selected.").to_string(),
            n => tf("{0} EIPs selected.", &[&thousands(n as u64)]),
        }));
        set_flag(&self.clear, "hidden", ticked == 0);
        set_attr(
            &self.unbind,
            "aria-disabled",
            (ticked == 0 || running).then_some("true"),
        );
    }
}

/// What a row needs to be unbound; `None` for a free EIP.
fn target_of(eip: &Eip) -> Option<Target> {
    eip.is_bound().then(|| Target {
        eip_id: eip.id.clone(),
        address: eip.address.clone(),
        desktop_id: eip.attached_desktop_id.clone(),
        desktop_name: eip.attached_desktop_name.clone(),
    })
}

/// The "EIPs" table, drawn with the ticks and the running state of now
/// (the page's effect keeps them up to date); its controls report to the
/// page's listeners by EIP ID.
fn eips_table(holder: &Element, eips: &[Eip], ticked: &[Target], running: bool) {
    let is_ticked = |eip: &Eip| ticked.iter().any(|t| t.eip_id == eip.id);
    let bound: Vec<&Eip> = eips.iter().filter(|eip| eip.is_bound()).collect();
    let select_all = el("th").attr("scope", "col");
    let select_all = if bound.is_empty() {
        select_all
    } else {
        let all = el("input")
            .attr("type", "checkbox")
            .attr("aria-label", t("Select all bound EIPs on this page"))
            .attr("data-action", "tick-all");
        set_checked(&all.0, bound.iter().all(|eip| is_ticked(eip)));
        select_all.child(all)
    };
    let head = el("tr")
        .child(select_all.child(text_el("span", t("Select")).class("visually-hidden")))
        .children(column_headers(&[
            t("Address"),
            t("State"),
            t("Desktop"),
            t("Bandwidth"),
            t("Charge mode"),
            t("Created"),
            t("EIP ID"),
        ]))
        .child(
            el("th")
                .attr("scope", "col")
                .child(text_el("span", t("Actions")).class("visually-hidden")),
        );
    let body = draw_table(holder, "bindings eips", t("EIPs"), head);
    for eip in eips {
        let _ = body.append_with_node_1(&eip_row(eip, is_ticked(eip), running).0);
    }
}

fn eip_row(eip: &Eip, ticked: bool, running: bool) -> El {
    let bound = eip.is_bound();
    let select = el("td");
    let desktop = text_el("td", &eip.attached_desktop_name).class("name");
    let (select, desktop, action) = if bound {
        let tick = el("input")
            .attr("type", "checkbox")
            .attr("aria-label", &tf("Select {0}", &[&eip.address]))
            .attr("data-action", "tick")
            .attr("data-eip", &eip.id);
        set_checked(&tick.0, ticked);
        let unbind = el("button")
            .attr("type", "button")
            .attr("aria-label", &tf("Unbind {0}", &[&eip.address]))
            .attr("data-action", "unbind")
            .attr("data-eip", &eip.id)
            .text(t("Unbind"));
        set_attr(&unbind.0, "aria-disabled", running.then_some("true"));
        // The space keeps name and ID apart for whatever reads the text.
        let desktop = desktop
            .child(el("br"))
            .text(" ")
            .child(text_el("span", &eip.attached_desktop_id).class("mono small"));
        (select.child(tick), desktop, unbind)
    } else {
        let bind = el("a")
            .attr("href", &base_href(&routes::bind_eip(&eip.id, "")))
            .attr("aria-label", &tf("Bind {0}", &[&eip.address]))
            .text(t("Bind"));
        (select, desktop, bind)
    };
    el("tr").children([
        select,
        text_el("td", &eip.address).class("mono"),
        text_el("td", if bound { t("Bound") } else { t("Unbound") }),
        desktop,
        text_el("td", &bandwidth_text(eip.bandwidth_size)),
        text_el("td", &charge_mode_text(&eip.eip_charge_mode)),
        text_el("td", &created_text(&eip.create_time)),
        text_el("td", &eip.id).class("mono"),
        el("td").child(action),
    ])
}
