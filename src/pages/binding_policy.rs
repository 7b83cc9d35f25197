//! The "Binding policy" section of `/bindings`: whether terminal binding
//! and automatic binding are on, the automatic binding limit, and a dialog
//! to change them that says what the change does for every terminal of
//! the tenant before it is saved. One POST per save, never retried; its
//! outcome outlives the page (`AppState::binding_policy`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::api::binding_writes::BindingPolicy;
use crate::api::client;
use crate::binding_policy::{change_effects, check_limit, state_lines};
use crate::browser;
use crate::components::dom::watch;
use crate::components::latest::Latest;
use crate::components::{CheckboxField, CopyCurl, ErrorAlert, FormDialog, TextField};
use crate::config::ApiConfig;
use crate::i18n::t;
use crate::state::use_app_state;
use crate::validation::FieldErrors;

const LIMIT_FIELD: &str = "tc_auto_bind_max";

#[component]
pub fn BindingPolicySection(config: ApiConfig) -> impl IntoView {
    let state = use_app_state();
    let save = state.binding_policy;
    let loaded = RwSignal::new_local(None::<Result<BindingPolicy, ApiError>>);
    let reload = RwSignal::new(0u32);
    let latest = Latest::new();
    {
        let config = config.clone();
        watch(move || {
            reload.track();
            let (ticket, cancel) = latest.start();
            let config = config.clone();
            spawn_local(async move {
                let outcome = client::binding_policy(&config, cancel).await;
                if latest.is_latest(ticket) {
                    loaded.set(Some(outcome));
                }
            });
        });
    }
    let current =
        move || loaded.with(|loaded| loaded.as_ref().and_then(|l| l.as_ref().ok()).cloned());

    // The dialog's fields, filled from the policy when it opens.
    let open = RwSignal::new(false);
    let binding = RwSignal::new(false);
    let automatic = RwSignal::new(false);
    let limit = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let saved_message = RwSignal::new(None::<&'static str>);
    // Only the outcome of a save sent from this dialog shows in it.
    let shown_from = RwSignal::new(save.version_untracked());
    let outcome = Memo::new(move |_| {
        (save.version() > shown_from.get())
            .then(|| save.value())
            .flatten()
    });
    watch(move || {
        if let Some(Ok(_)) = outcome.get() {
            shown_from.set(save.version_untracked());
            open.set(false);
            saved_message.set(Some(t("Binding policy saved.")));
            reload.update(|n| *n += 1);
        }
    });

    let on_change = move |_| {
        let Some(policy) = current() else {
            return;
        };
        binding.set(policy.binding);
        automatic.set(policy.automatic);
        limit.set(policy.automatic_limit.to_string());
        errors.set(FieldErrors::default());
        saved_message.set(None);
        shown_from.set(save.version_untracked());
        open.set(true);
    };
    let next = move || {
        let current = current()?;
        Some(BindingPolicy {
            binding: binding.get(),
            automatic: automatic.get(),
            automatic_limit: check_limit(&limit.get()).unwrap_or(current.automatic_limit),
        })
    };
    let effects = move || {
        let (Some(current), Some(next)) = (current(), next()) else {
            return Vec::new();
        };
        change_effects(&current, &next)
            .into_iter()
            .map(|effect| view! { <li>{effect}</li> })
            .collect::<Vec<_>>()
    };
    let on_submit = Callback::new(move |()| {
        if save.pending_untracked() {
            return;
        }
        match check_limit(&limit.get_untracked()) {
            Err(problem) => {
                errors.set(FieldErrors::of([(LIMIT_FIELD, Some(problem))]));
                browser::focus_id(LIMIT_FIELD);
            }
            Ok(automatic_limit) => {
                errors.set(FieldErrors::default());
                state.set_binding_policy(
                    config.clone(),
                    BindingPolicy {
                        binding: binding.get_untracked(),
                        automatic: automatic.get_untracked(),
                        automatic_limit,
                    },
                );
            }
        }
    });
    let on_cancel = Callback::new(move |()| open.set(false));
    let busy = Signal::derive(move || save.pending());
    let limit_error = Signal::derive(move || errors.with(|errors| errors.get(LIMIT_FIELD)));

    let status = move || match loaded.get() {
        None => view! { <p role="status">{t("Loading the binding policy…")}</p> }.into_any(),
        Some(Ok(policy)) => {
            let lines = state_lines(&policy).map(|line| view! { <li>{line}</li> });
            view! { <ul class="policy-state">{lines.to_vec()}</ul> }.into_any()
        }
        Some(Err(error)) => {
            let retry = Callback::new(move |()| reload.update(|n| *n += 1));
            view! { <ErrorAlert error on_retry=retry /> }.into_any()
        }
    };
    let save_error = move || match outcome.get() {
        Some(Err(error)) => Some(view! {
            <ErrorAlert error />
            <CopyCurl command=state.binding_policy_curl />
        }),
        _ => None,
    };

    view! {
        <section class="policy" aria-labelledby="binding-policy-section">
            <h2 id="binding-policy-section">{t("Binding policy")}</h2>
            {status}
            <button
                type="button"
                on:click=on_change
                aria-disabled=move || current().is_none().then_some("true")
            >
                {t("Change binding policy")}
            </button>
            <p role="status">{move || saved_message.get()}</p>
        </section>
        <FormDialog
            id="binding-policy"
            title=t("Binding policy").to_string()
            open=open
            submit=t("Save")
            busy=busy
            on_submit=on_submit
            on_cancel=on_cancel
        >
            <CheckboxField id="tc_bind_switch" label=t("Terminal binding") checked=binding />
            <CheckboxField id="tc_auto_bind_switch" label=t("Automatic binding") checked=automatic />
            <TextField
                id=LIMIT_FIELD
                label=t("Automatic binding limit")
                value=limit
                error=limit_error
                input_type="number"
                hint=t("Desktops one terminal is bound to automatically, from 1 to 100.")
            />
            <p>{t("For every terminal of the tenant, saving:")}</p>
            <ul class="effects">{effects}</ul>
            <p role="status">{move || busy.get().then_some(t("Saving…"))}</p>
            {save_error}
        </FormDialog>
    }
}
