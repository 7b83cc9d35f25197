//! `/eips/bind`: binds an EIP to a desktop. A write to production: one POST
//! per submit, never retried, and the outcome is always said, even when it
//! arrives after the admin left the page. The pickers "Unbound EIP" and
//! "Find desktop" fill the ID fields, which still take a pasted ID.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::BindEipRequest;
use crate::browser;
use crate::components::dom::watch;
use crate::components::pickers::{FindDesktop, Picked, UnboundEipSelect};
use crate::components::{AppLink, ConfigRequired, CopyCurl, ErrorAlert, TextField};
use crate::eip_query::bound_message;
use crate::i18n::{t, tf};
use crate::routes;
use crate::state::use_app_state;
use crate::validation::{FieldErrors, check_id};

#[component]
pub fn BindEipPage() -> impl IntoView {
    let state = use_app_state();
    let bind = state.bind_eip;
    let params = use_query_map();
    let prefill = |key: &str| params.with_untracked(|p| p.get(key).unwrap_or_default());
    let eip_id = RwSignal::new(prefill("eip_id"));
    let desktop_id = RwSignal::new(prefill("desktop_id"));
    let errors = RwSignal::new(FieldErrors::default());
    let pending = Signal::derive(move || bind.pending());
    let config = Memo::new(move |_| state.api_config());
    // Only the outcome of the latest bind sent from this page shows here
    // (earlier ones are in the activity list).
    let hide_up_to = RwSignal::new(bind.version_untracked());
    let outcome = Memo::new(move |_| {
        (bind.version() > hide_up_to.get())
            .then(|| bind.value())
            .flatten()
    });
    // After a success the fields are emptied, unless the admin has typed
    // something else meanwhile.
    watch(move || {
        if let Some(Ok(request)) = outcome.get()
            && eip_id.get_untracked().trim() == request.eip_id
            && desktop_id.get_untracked().trim() == request.desktop_id
        {
            eip_id.set(String::new());
            desktop_id.set(String::new());
        }
    });

    // The pickers know the address and the desktop's name, for the
    // success message; without them, only the IDs.
    let ready_config = Signal::derive(move || config.get().and_then(Result::ok));
    let picked = Picked::new(ready_config);
    browser::warn_before_leaving(t("A binding is still running."), move || {
        bind.pending_untracked()
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The button is disabled while a request runs; Enter in a field still
        // submits, so the guard is here too.
        if bind.pending_untracked() {
            return;
        }
        let Some(Ok(config)) = config.get_untracked() else {
            return;
        };
        let eip = check_id(&eip_id.get_untracked());
        let desktop = check_id(&desktop_id.get_untracked());
        let (Ok(eip), Ok(desktop)) = (&eip, &desktop) else {
            let problems = FieldErrors::of([("eip_id", eip.err()), ("desktop_id", desktop.err())]);
            let first = problems.first_field();
            errors.set(problems);
            if let Some(field) = first {
                browser::focus_id(field);
            }
            return;
        };
        errors.set(FieldErrors::default());
        hide_up_to.set(bind.version_untracked());
        let request = BindEipRequest {
            eip_id: eip.clone(),
            desktop_id: desktop.clone(),
        };
        state.bind_eip(config, request);
    };
    let error = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field)));

    view! {
        <h1>{t("Bind EIP to desktop")}</h1>
        {move || match config.get() {
            Some(Err(problem)) => Some(view! { <ConfigRequired problem /> }),
            _ => None,
        }}
        <form class="bind-eip" novalidate on:submit=on_submit>
            <UnboundEipSelect picked eip_id />
            <TextField
                id="eip_id"
                label=t("EIP ID")
                value=eip_id
                error=error("eip_id")
                hint=t("The ID of the elastic IP, from the EIP console.")
                required=true
            />
            <FindDesktop config=ready_config picked desktop_id />
            <TextField
                id="desktop_id"
                label=t("Desktop ID")
                value=desktop_id
                error=error("desktop_id")
                hint=t("The ID of the desktop, from the Workspace console.")
                required=true
            />
            <div class="actions">
                <button
                    type="submit"
                    class="primary"
                    disabled=move || pending.get() || !matches!(config.get(), Some(Ok(_)))
                    aria-busy=move || pending.get().then_some("true")
                >
                    {move || if pending.get() { t("Binding…") } else { t("Bind EIP") }}
                </button>
            </div>
        </form>
        <div role="status" class="outcome">
            {move || {
                bind.input()
                    .map(|request| {
                        view! {
                            <p>
                                {tf("Binding EIP {0} to desktop {1}…", &[&request.eip_id, &request.desktop_id])}
                            </p>
                        }
                            .into_any()
                    })
                    .or_else(|| match outcome.get() {
                        Some(Ok(request)) => Some(
                            view! {
                                <p class="success">
                                    {
                                        bound_message(
                                            &request.eip_id,
                                            picked.address_of(&request.eip_id).as_deref(),
                                            &request.desktop_id,
                                            picked.name_of(&request.desktop_id).as_deref(),
                                        )
                                    }
                                    <AppLink href=routes::EIPS>{t("See it in the EIP list")}</AppLink>
                                </p>
                            }
                                .into_any(),
                        ),
                        _ => None,
                    })
            }}
        </div>
        {move || match outcome.get() {
            Some(Err(error)) => Some(view! { <ErrorAlert error /> }),
            _ => None,
        }}
        <CopyCurl command=Signal::derive(move || {
            outcome.with(Option::is_some).then(|| state.bind_eip_curl.get()).flatten()
        }) />
        <RecentActivity />
    }
}

#[component]
fn RecentActivity() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="recent" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{t("Recent activity in this tab")}</h2>
            {move || {
                let entries = state.eip_activity.get();
                if entries.is_empty() {
                    return view! { <p>{t("No bindings tried yet.")}</p> }.into_any();
                }
                view! {
                    <ul>
                        {entries
                            .into_iter()
                            .map(|entry| {
                                let (class, outcome) = match &entry.error {
                                    None => ("success", t("Bound").to_string()),
                                    Some(error) => ("failed", tf("Failed: {0}", &[error])),
                                };
                                view! {
                                    <li class=class>
                                        <span class="mono">{entry.eip_id}</span>
                                        " → "
                                        <span class="mono">{entry.desktop_id}</span>
                                        ": "
                                        {outcome}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
