//! `/bindings/import`: terminal bindings from a CSV file or pasted lines.
//! Every line is checked and shown before anything is sent; "Import"
//! sends the ready lines in one create, never retried, and the table then
//! says what happened to each line, with the failed ones as a file to fix
//! and import again. The import outlives the page (`AppState::import`).

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use crate::bindings_csv::{ImportLine, import_lines};
use crate::browser;
use crate::components::dom::{El, column_headers, el, replace_children, table, watch};
use crate::components::{AppLink, ConfigRequired, CopyCurl, ErrorAlert};
use crate::i18n::{t, tf};
use crate::import::{
    FAILED_LINES_FILE, ImportDone, LineOutcome, check_file_size, counts, decode_file,
    import_button, preview_status,
};
use crate::routes;
use crate::state::use_app_state;

const FILE_FIELD: &str = "import-file";
const TEXT_FIELD: &str = "import-text";

#[component]
pub fn ImportBindingsPage() -> impl IntoView {
    let state = use_app_state();
    let import = state.import;
    let config = Memo::new(move |_| state.api_config());
    // Back on the page, the text of the import running or last finished,
    // so its outcome shows again.
    let initial = untrack(|| {
        import
            .input()
            .map(|text| text.to_string())
            .or_else(|| import.value().map(|done| done.text.clone()))
            .unwrap_or_default()
    });
    let text = RwSignal::new(initial);
    let file_problem = RwSignal::new(None::<String>);
    let reading = RwSignal::new(None::<String>);
    let download_problem = RwSignal::new(None::<String>);
    let preview = Memo::new(move |_| text.with(|text| import_lines(text)));
    let ready = Memo::new(move |_| preview.with(|p| p.as_ref().map_or(0, |lines| counts(lines).0)));
    let pending = Signal::derive(move || import.pending());
    // The outcome, while the text on screen is the one it was sent from.
    let done = Signal::derive(move || {
        import
            .value()
            .filter(|done| text.with(|text| done.text == *text))
    });
    let imported =
        Signal::derive(move || done.with(|d| d.as_ref().is_some_and(|d| d.error.is_none())));

    browser::warn_before_leaving(t("An import is still running."), move || {
        import.pending_untracked()
    });

    let holder = NodeRef::<html::Div>::new();
    watch(move || {
        let Some(holder) = holder.get() else {
            return;
        };
        let drawn = preview.with(|preview| match preview {
            Ok(lines) if !lines.is_empty() => {
                let outcomes = done.with(|done| done.as_ref().map(|d| d.outcomes.clone()));
                vec![preview_table(lines, outcomes.as_deref())]
            }
            _ => Vec::new(),
        });
        replace_children(&holder, drawn);
    });

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let name = file.name();
        if let Err(problem) = check_file_size(&name, file.size()) {
            file_problem.set(Some(problem));
            return;
        }
        file_problem.set(None);
        reading.set(Some(name.clone()));
        spawn_local(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            reading.try_set(None);
            let outcome = match read {
                Ok(buffer) => decode_file(&name, js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(_) => Err(tf(
                    "{0} could not be read. Check that the file is still there and choose it \
                     again.",
                    &[&name],
                )),
            };
            match outcome {
                Ok(content) => {
                    text.try_set(content);
                }
                // The text in "Paste CSV" stays as it was.
                Err(problem) => {
                    file_problem.try_set(Some(problem));
                }
            }
        });
    };

    let on_import = move |_| {
        if import.pending_untracked() || imported.get_untracked() {
            return;
        }
        let Some(Ok(config)) = config.get_untracked() else {
            return;
        };
        let Ok(lines) = preview.get_untracked() else {
            return;
        };
        if counts(&lines).0 == 0 {
            return;
        }
        download_problem.set(None);
        state.import_bindings(config, text.get_untracked(), lines);
    };

    let on_download = move |_| {
        let Some(done) = done.get_untracked() else {
            return;
        };
        let saved = browser::save_file(
            FAILED_LINES_FILE,
            "text/csv;charset=utf-8",
            &done.failed_file(),
        );
        download_problem.set(
            saved
                .err()
                .map(|problem| tf("Not downloaded: {0}.", &[&problem])),
        );
    };

    // One sentence around the column list, which shows as code.
    let columns_text = t(
        "Lines of {0}, with or without a header line, separated by commas or semicolons. Every \
         line is checked here first; nothing is sent until you import.",
    );
    let (columns_before, columns_after) =
        columns_text.split_once("{0}").unwrap_or((columns_text, ""));

    view! {
        <h1>{t("Import bindings")}</h1>
        {move || match config.get() {
            Some(Err(problem)) => Some(view! { <ConfigRequired problem /> }),
            _ => None,
        }}
        <p>
            {columns_before} <code>"mac,desktop_name,description"</code> {columns_after}
        </p>
        <div class="field">
            <label for=FILE_FIELD>{t("CSV file")}</label>
            <input
                id=FILE_FIELD
                type="file"
                accept=".csv,text/csv,text/plain"
                on:change=on_file
                disabled=move || pending.get()
                aria-describedby=move || {
                    if file_problem.with(Option::is_some) {
                        "import-file-error import-file-hint"
                    } else {
                        "import-file-hint"
                    }
                }
                aria-invalid=move || file_problem.with(Option::is_some).then_some("true")
            />
            <p class="hint" id="import-file-hint">
                {t("UTF-8 (with or without BOM), up to 8,000 lines and 4 MiB. Its lines replace those in Paste CSV.")}
            </p>
            <p class="field-error" id="import-file-error" role="alert">
                {move || file_problem.get()}
            </p>
        </div>
        <div class="field">
            <label for=TEXT_FIELD>{t("Paste CSV")}</label>
            <textarea
                id=TEXT_FIELD
                rows="8"
                spellcheck="false"
                autocomplete="off"
                aria-describedby="import-text-hint"
                readonly=move || pending.get()
                prop:value=move || text.get()
                on:input=move |ev| {
                    file_problem.set(None);
                    text.set(event_target_value(&ev));
                }
            ></textarea>
            <p class="hint" id="import-text-hint">
                {t("Or paste the lines here, from a spreadsheet or a file of failed lines.")}
            </p>
        </div>
        {move || {
            preview
                .with(|p| p.as_ref().err().cloned())
                .map(|problem| {
                    view! {
                        <div class="alert error" role="alert">
                            <p class="headline">{problem}</p>
                        </div>
                    }
                })
        }}
        <p role="status" class="status">
            {move || match reading.get() {
                Some(name) => tf("Reading {0}…", &[&name]),
                None => preview.with(|p| p.as_ref().map(|lines| preview_status(lines)).unwrap_or_default()),
            }}
        </p>
        <div class="actions">
            <button
                type="button"
                class="primary"
                on:click=on_import
                disabled=move || {
                    pending.get() || reading.with(Option::is_some) || ready.get() == 0
                        || imported.get() || !matches!(config.get(), Some(Ok(_)))
                }
                aria-busy=move || pending.get().then_some("true")
            >
                {move || import_button(ready.get(), pending.get())}
            </button>
            {move || {
                done.with(|done| done.as_ref().is_some_and(|d| d.failed() > 0))
                    .then(|| {
                        view! {
                            <button type="button" on:click=on_download>
                                {t("Download failed lines")}
                            </button>
                        }
                    })
            }}
        </div>
        <div role="status" class="outcome">
            {move || {
                done.get()
                    .filter(|done| done.error.is_none())
                    .map(|done| {
                        view! {
                            <p class="success">
                                {done.summary()} " "
                                <AppLink href=routes::BINDINGS>{t("See them in the bindings list")}</AppLink>
                            </p>
                        }
                    })
            }}
        </div>
        {move || done.get().and_then(|done| failure(&done))}
        <CopyCurl command=Signal::derive(move || {
            done.with(Option::is_some).then(|| state.import_curl.get()).flatten()
        }) />
        {move || {
            download_problem
                .get()
                .map(|problem| view! { <p class="alert error" role="alert">{problem}</p> })
        }}
        <div node_ref=holder></div>
    }
}

/// What a failed import means for the lines, then the API's error.
fn failure(done: &Arc<ImportDone>) -> Option<AnyView> {
    let error = done.error.clone()?;
    let unmatched: Vec<String> = done
        .unmatched
        .iter()
        .map(|refused| match refused.line {
            Some(line) => tf(
                "Line {0} {1}: {2} {3}",
                &[&line, &refused.mac, &refused.code, &refused.message],
            ),
            None => format!("{}: {} {}", refused.mac, refused.code, refused.message),
        })
        .collect();
    Some(
        view! {
            <div class="alert error" role="alert">
                <p class="headline">{done.summary()}</p>
                {(!unmatched.is_empty())
                    .then(|| {
                        view! {
                            <p>{t("Lines the API named that are not in this preview:")}</p>
                            <ul>
                                {unmatched.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            </ul>
                        }
                    })}
            </div>
            <ErrorAlert error />
        }
        .into_any(),
    )
}

/// The "Preview" table: one row per line, drawn from a template row (a
/// file may hold 8,000), with an "Outcome" column once the API answered.
fn preview_table(lines: &[ImportLine], outcomes: Option<&[LineOutcome]>) -> El {
    let mut headers = vec![
        t("Line"),
        t("MAC address"),
        t("Desktop name"),
        t("Description"),
        t("Problem"),
    ];
    if outcomes.is_some() {
        headers.push(t("Outcome"));
    }
    let head = el("tr").children(column_headers(&headers));
    let mut template = el("tr").children([
        el("td"),
        el("td").class("mono"),
        el("td").class("name"),
        el("td").class("name"),
        el("td").class("problem"),
    ]);
    if outcomes.is_some() {
        template = template.child(el("td"));
    }
    let body = el("tbody");
    for (index, line) in lines.iter().enumerate() {
        let Ok(row) = template.0.clone_node_with_deep(true) else {
            continue;
        };
        let row: web_sys::Element = row.unchecked_into();
        let outcome = outcomes.and_then(|outcomes| outcomes.get(index));
        let number = line.line.to_string();
        let problem = line.problem.as_deref().unwrap_or_default();
        let outcome_text = outcome.map(LineOutcome::text);
        let texts = [
            Some(number.as_str()),
            Some(line.mac.as_str()),
            Some(line.desktop_name.as_str()),
            Some(line.description.as_str()),
            Some(problem),
            outcome_text.as_deref(),
        ];
        let mut cell = row.first_element_child();
        for value in texts {
            let (Some(at), Some(value)) = (&cell, value) else {
                break;
            };
            at.set_text_content(Some(value));
            cell = at.next_element_sibling();
        }
        if line.problem.is_some() || outcome.is_some_and(|o| !o.imported()) {
            let _ = row.set_attribute("class", "failed");
        }
        let _ = body.0.append_with_node_1(&row);
    }
    table("bindings preview", t("Preview"), head, body)
}
