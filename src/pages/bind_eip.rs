//! `/eips/bind`: binds an EIP to a desktop. A write to production: one POST
//! per submit, never retried, and the outcome is always said, even when it
//! arrives after the admin left the page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError, BindEipRequest};
use crate::browser;
use crate::components::{AppLink, ConfigRequired, ErrorAlert, TextField};
use crate::state::{EipActivity, use_app_state};
use crate::validation::check_id;

#[component]
pub fn BindEipPage() -> impl IntoView {
    let state = use_app_state();
    let params = use_query_map();
    let prefill = |key: &str| params.with_untracked(|p| p.get(key).unwrap_or_default());
    let eip_id = RwSignal::new(prefill("eip_id"));
    let desktop_id = RwSignal::new(prefill("desktop_id"));
    let eip_error = RwSignal::new(None::<String>);
    let desktop_error = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<Result<BindEipRequest, ApiError>>);
    let pending = Signal::derive(move || state.eip_pending.with(Option::is_some));
    let config = Memo::new(move |_| state.api_config());

    // Warn before the tab is closed or reloaded while a binding runs.
    let unload_guard =
        leptos::prelude::window_event_listener(leptos::ev::beforeunload, move |ev| {
            if state.eip_pending.with_untracked(Option::is_some) {
                ev.prevent_default();
                ev.set_return_value("A binding is still running.");
            }
        });
    on_cleanup(move || unload_guard.remove());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The button is disabled while a request runs; Enter in a field still
        // submits, so the guard is here too.
        if state.eip_pending.with_untracked(Option::is_some) {
            return;
        }
        let Some(Ok(config)) = config.get_untracked() else {
            return;
        };
        let eip = check_id(&eip_id.get_untracked());
        let desktop = check_id(&desktop_id.get_untracked());
        eip_error.set(eip.as_ref().err().cloned());
        desktop_error.set(desktop.as_ref().err().cloned());
        let (Ok(eip), Ok(desktop)) = (eip, desktop) else {
            browser::focus_first_invalid(&[
                ("eip_id", &eip_error.get_untracked()),
                ("desktop_id", &desktop_error.get_untracked()),
            ]);
            return;
        };
        let request = BindEipRequest {
            eip_id: eip,
            desktop_id: desktop,
        };
        outcome.set(None);
        state.eip_pending.set(Some(request.clone()));
        spawn_local(async move {
            let result = api::bind_eip(&config, &request).await;
            state.eip_pending.set(None);
            state.record_eip_activity(EipActivity {
                eip_id: request.eip_id.clone(),
                desktop_id: request.desktop_id.clone(),
                error: result.as_ref().err().map(ApiError::summary),
            });
            // The page may be gone; its signals then no longer take values.
            match result {
                Ok(()) => {
                    if outcome.try_set(Some(Ok(request))).is_none() {
                        eip_id.try_set(String::new());
                        desktop_id.try_set(String::new());
                    }
                }
                Err(err) => {
                    outcome.try_set(Some(Err(err)));
                }
            }
        });
    };

    view! {
        <h1>"Bind EIP to desktop"</h1>
        {move || match config.get() {
            Some(Err(problem)) => Some(view! { <ConfigRequired problem /> }),
            _ => None,
        }}
        <form class="bind-eip" novalidate on:submit=on_submit>
            <TextField
                id="eip_id"
                label="EIP ID"
                value=eip_id
                error=eip_error
                hint="The ID of the elastic IP, from the EIP console."
                required=true
            />
            <TextField
                id="desktop_id"
                label="Desktop ID"
                value=desktop_id
                error=desktop_error
                hint="The ID of the desktop, from the Workspace console."
                required=true
            />
            <div class="actions">
                <button
                    type="submit"
                    class="primary"
                    disabled=move || pending.get() || !matches!(config.get(), Some(Ok(_)))
                    aria-busy=move || pending.get().then_some("true")
                >
                    {move || if pending.get() { "Binding…" } else { "Bind EIP" }}
                </button>
            </div>
        </form>
        <div role="status" class="outcome">
            {move || {
                state
                    .eip_pending
                    .get()
                    .map(|request| {
                        view! {
                            <p>
                                {format!(
                                    "Binding EIP {} to desktop {}…",
                                    request.eip_id,
                                    request.desktop_id,
                                )}
                            </p>
                        }
                            .into_any()
                    })
                    .or_else(|| match outcome.get() {
                        Some(Ok(request)) => Some(
                            view! {
                                <p class="success">
                                    {format!(
                                        "EIP {} is now bound to desktop {}. ",
                                        request.eip_id,
                                        request.desktop_id,
                                    )}
                                    <AppLink href="/bindings">"Go to the terminal bindings"</AppLink>
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
        <RecentActivity />
    }
}

#[component]
fn RecentActivity() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="recent" aria-labelledby="recent-heading">
            <h2 id="recent-heading">"Recent activity in this tab"</h2>
            {move || {
                let entries = state.eip_activity.get();
                if entries.is_empty() {
                    return view! { <p>"No bindings tried yet."</p> }.into_any();
                }
                view! {
                    <ul>
                        {entries
                            .into_iter()
                            .map(|entry| {
                                let (class, outcome) = match &entry.error {
                                    None => ("success", "Bound".to_string()),
                                    Some(error) => ("failed", format!("Failed: {error}")),
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
