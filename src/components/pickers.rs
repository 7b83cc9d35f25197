//! The bind form's pickers:
//! "Unbound EIP", a select of the free EIPs, and "Find desktop", a WAI-ARIA
//! combobox (list autocomplete: the focus stays in the field and
//! `aria-activedescendant` names the highlighted option). Typing 2 or more
//! characters, once typing pauses, asks the desktop list for names
//! containing them; a newer search aborts the older one, and an answer to
//! an older search is dropped. Options are drawn as plain DOM (`dom`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Desktop, Eip};
use crate::components::dom::{El, action_of, el, replace_children, watch};
use crate::components::latest::Latest;
use crate::config::ApiConfig;
use crate::i18n::{t, tf};

/// What the pickers know: the unbound EIPs and the desktop chosen, to name
/// them when the bind succeeds.
#[derive(Clone, Copy)]
pub struct Picked {
    unbound: RwSignal<Option<Result<Vec<Eip>, String>>>,
    desktop: RwSignal<Option<Desktop>>,
}

impl Picked {
    /// Fetches the unbound EIPs once the settings are known (again when they
    /// change; the older request is aborted).
    pub fn new(config: Signal<Option<ApiConfig>>) -> Self {
        let picked = Picked {
            unbound: RwSignal::new(None),
            desktop: RwSignal::new(None),
        };
        let latest = Latest::new();
        watch(move || {
            let Some(config) = config.get() else {
                return;
            };
            let (ticket, cancel) = latest.start();
            picked.unbound.set(None);
            spawn_local(async move {
                let answer = api::unbound_eips(&config, cancel).await;
                if latest.is_latest(ticket) {
                    picked
                        .unbound
                        .try_set(Some(answer.map(|list| list.eips).map_err(|e| e.summary())));
                }
            });
        });
        picked
    }

    /// The address of a listed EIP.
    pub fn address_of(&self, eip_id: &str) -> Option<String> {
        self.unbound.with(|list| match list {
            Some(Ok(eips)) => eips
                .iter()
                .find(|eip| eip.id == eip_id)
                .map(|eip| eip.address.clone()),
            _ => None,
        })
    }

    /// The name of the desktop chosen, if it is this one.
    pub fn name_of(&self, desktop_id: &str) -> Option<String> {
        self.desktop.with(|chosen| {
            chosen
                .as_ref()
                .filter(|desktop| desktop.desktop_id == desktop_id)
                .map(|desktop| desktop.computer_name.clone())
        })
    }
}

/// "Unbound EIP": the addresses of the unbound EIPs; choosing one fills
/// `eip_id`, and an ID typed there that is in the list shows as chosen.
#[component]
pub fn UnboundEipSelect(picked: Picked, eip_id: RwSignal<String>) -> impl IntoView {
    let unbound = picked.unbound;
    let hint = move || match unbound.get() {
        None => t("Loading the unbound EIPs…").to_string(),
        Some(Err(problem)) => tf("The unbound EIPs could not be loaded: {0}", &[&problem]),
        Some(Ok(eips)) if eips.is_empty() => {
            t("Every EIP is bound: unbind one in the EIP list first.").into()
        }
        Some(Ok(eips)) if eips.len() == 1 => t("1 unbound EIP.").into(),
        Some(Ok(eips)) => tf("{0} unbound EIPs.", &[&eips.len()]),
    };
    // The options, with the one `eip_id` names shown as chosen; redrawn as a
    // whole, a few dozen nodes.
    let select = NodeRef::<leptos::html::Select>::new();
    watch(move || {
        let Some(select) = select.get() else {
            return;
        };
        let wanted = eip_id.get().trim().to_owned();
        unbound.with(|unbound| {
            let eips = match unbound {
                Some(Ok(eips)) => eips.as_slice(),
                _ => &[],
            };
            let listed = eips.iter().any(|eip| eip.id == wanted);
            let prompt = el("option").attr("value", "").text(t("Choose an EIP"));
            let options = eips
                .iter()
                .map(|eip| el("option").attr("value", &eip.id).text(&eip.address));
            replace_children(&select, std::iter::once(prompt).chain(options));
            select.set_value(if listed { &wanted } else { "" });
        });
    });
    view! {
        <div class="field">
            <label for="unbound_eip">{t("Unbound EIP")}</label>
            <select
                node_ref=select
                id="unbound_eip"
                aria-describedby="unbound_eip-hint"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        eip_id.set(id);
                    }
                }
            ></select>
            <p class="hint" id="unbound_eip-hint">{hint}</p>
        </div>
    }
}

/// Fewer characters than this match too much to be worth a request.
pub const MIN_SEARCH_CHARS: usize = 2;
/// How long typing must pause before a search is sent.
const PAUSE_MS: u64 = 300;

#[derive(Clone, PartialEq)]
enum Matches {
    /// Nothing asked (too short, or a desktop was just chosen).
    Idle,
    Searching,
    Found(Vec<Desktop>),
    Failed(String),
}

/// The option text: "{computer_name} · {ip_address} · {status}".
pub fn option_text(desktop: &Desktop) -> String {
    format!(
        "{} · {} · {}",
        desktop.computer_name, desktop.ip_address, desktop.status
    )
}

#[component]
pub fn FindDesktop(
    config: Signal<Option<ApiConfig>>,
    picked: Picked,
    /// Filled with the ID of the desktop the admin chose.
    desktop_id: RwSignal<String>,
) -> impl IntoView {
    const ID: &str = "find_desktop";
    const LIST_ID: &str = "find_desktop-list";
    let text = RwSignal::new(String::new());
    let matches = RwSignal::new(Matches::Idle);
    let expanded = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let latest = Latest::new();
    let pause = StoredValue::new_local(None::<TimeoutHandle>);

    // A keystroke, a choice or leaving: no search waiting or running counts.
    let stop_older = move || {
        if let Some(timer) = pause.get_value() {
            timer.clear();
        }
        latest.stop();
    };
    on_cleanup(move || {
        if let Some(Some(timer)) = pause.try_get_value() {
            timer.clear();
        }
    });
    let search = move |name: String| {
        let Some(config) = config.get_untracked() else {
            return;
        };
        let (ticket, cancel) = latest.start();
        matches.set(Matches::Searching);
        spawn_local(async move {
            let answer = api::find_desktops(&config, &name, cancel).await;
            if !latest.is_latest(ticket) {
                return;
            }
            matches.set(match answer {
                Ok(found) => Matches::Found(found.desktops),
                Err(error) => Matches::Failed(error.summary()),
            });
            active.set(None);
            expanded.set(true);
        });
    };
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        stop_older();
        active.set(None);
        let name = typed.trim().to_owned();
        if name.chars().count() < MIN_SEARCH_CHARS {
            matches.set(Matches::Idle);
            expanded.set(false);
            return;
        }
        let timer = set_timeout_with_handle(
            move || search(name),
            std::time::Duration::from_millis(PAUSE_MS),
        )
        .ok();
        pause.set_value(timer);
    };
    let found = move || match matches.get() {
        Matches::Found(found) => found,
        _ => Vec::new(),
    };
    let choose = move |index: usize| {
        if let Some(desktop) = found().get(index).cloned() {
            stop_older();
            text.set(desktop.computer_name.clone());
            matches.set(Matches::Idle);
            expanded.set(false);
            active.set(None);
            desktop_id.set(desktop.desktop_id.clone());
            picked.desktop.set(Some(desktop));
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = found().len();
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                ev.prevent_default();
                expanded.set(true);
                let down = ev.key() == "ArrowDown";
                active.update(|active| {
                    *active = Some(match (*active, down) {
                        (None, true) => 0,
                        (None, false) => count - 1,
                        (Some(i), true) => (i + 1) % count,
                        (Some(i), false) => (i + count - 1) % count,
                    })
                });
            }
            "Enter" if expanded.get_untracked() && active.get_untracked().is_some() => {
                // Chooses instead of submitting the form.
                ev.prevent_default();
                if let Some(index) = active.get_untracked() {
                    choose(index);
                }
            }
            "Escape" if expanded.get_untracked() => {
                ev.prevent_default();
                expanded.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = |index: usize| format!("{ID}-option-{index}");
    // The options, drawn from the matches (`dom`: one list, no view each).
    let list = NodeRef::<leptos::html::Ul>::new();
    watch(move || {
        let Some(list) = list.get() else {
            return;
        };
        let active = active.get();
        let options: Vec<El> = matches.with(|matches| match matches {
            Matches::Found(found) => found
                .iter()
                .enumerate()
                .map(|(index, desktop)| {
                    el("li")
                        .attr("id", &option_id(index))
                        .attr("role", "option")
                        .attr(
                            "aria-selected",
                            if active == Some(index) {
                                "true"
                            } else {
                                "false"
                            },
                        )
                        .attr("data-action", "choose")
                        .attr("data-index", &index.to_string())
                        .text(&option_text(desktop))
                })
                .collect(),
            _ => Vec::new(),
        });
        replace_children(&list, options);
    });
    let status = move || match matches.get() {
        Matches::Idle => String::new(),
        Matches::Searching => t("Searching desktops…").into(),
        Matches::Found(found) if found.is_empty() => t("No desktop name contains this.").into(),
        Matches::Found(found) if found.len() == 1 => t("1 desktop found.").into(),
        Matches::Found(found) => tf("{0} desktops found.", &[&found.len()]),
        Matches::Failed(problem) => tf("Desktops could not be searched: {0}", &[&problem]),
    };

    view! {
        <div class="field combobox">
            <label for=ID>{t("Find desktop")}</label>
            <input
                id=ID
                type="text"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=LIST_ID
                aria-describedby="find_desktop-hint find_desktop-status"
                aria-expanded=move || if expanded.get() { "true" } else { "false" }
                aria-activedescendant=move || active.get().map(option_id)
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| expanded.set(false)
            />
            <ul
                node_ref=list
                id=LIST_ID
                role="listbox"
                aria-label=t("Matching desktops")
                class="options"
                hidden=move || !expanded.get() || found().is_empty()
                // mousedown, not click: the field keeps focus (a blur would
                // close the list first).
                on:mousedown=move |ev| {
                    if let Some((action, option)) = action_of(&ev)
                        && action == "choose"
                        && let Some(index) = option.get_attribute("data-index").and_then(|i| i.parse().ok())
                    {
                        ev.prevent_default();
                        choose(index);
                    }
                }
            ></ul>
            <p class="hint" id="find_desktop-hint">
                {t("Type at least 2 characters of the desktop's name, then choose it with the arrow keys and Enter.")}
            </p>
            <p class="hint" id="find_desktop-status" role="status">{status}</p>
        </div>
    }
}
