//! Managing terminal bindings on `/bindings`: the "Add binding" / "Edit
//! binding" dialog, "Delete selected" after a confirmation, "Export CSV"
//! page by page, and the "Binding policy" section. What the admin asks
//! for arrives through `Manage::asked`; what a task reports goes back
//! through `Manage::notice` and `Manage::export`, which the list page
//! draws. Every write is one request, never retried; the list is fetched
//! again after each.
//!
//! With `--features split` this is a wasm file of its own, fetched once
//! the list has answered (README, size table).

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::bindings::{Ask, ExportProgress, Manage, Notice};
use crate::api::binding_writes::{
    BindLine, CreateBindingsRequest, DeleteBindingsRequest, UpdateBindingRequest,
};
use crate::api::{self, ApiError, Method, TerminalBinding, client};
use crate::binding_deletion;
use crate::binding_form::{self, DESCRIPTION, DESKTOP_NAME, MAC, Typed};
use crate::browser;
use crate::components::dom::watch;
use crate::components::{ConfirmDialog, CopyCurl, ErrorAlert, FormDialog, TextField};
use crate::export::{self, Export, Step};
use crate::i18n::{t, tf};
use crate::pages::BindingPolicySection;
use crate::query::thousands;
use crate::validation::FieldErrors;

/// Draws binding management into `holder` under `owner` (the list
/// page's), kept until the page goes.
#[cfg(feature = "split")]
#[leptos::lazy]
pub fn manage_bindings(manage: Manage, owner: Owner, holder: web_sys::Element) {
    mount(manage, owner, holder);
}

#[cfg(not(feature = "split"))]
pub async fn manage_bindings(manage: Manage, owner: Owner, holder: web_sys::Element) {
    mount(manage, owner, holder);
}

fn mount(manage: Manage, owner: Owner, holder: web_sys::Element) {
    use leptos::tachys::view::{Mountable, Render};
    owner.with(|| {
        let mut drawn = view! { <ManageBindings manage /> }.build();
        drawn.mount(&holder, None);
        StoredValue::new_local(drawn);
    });
}

#[component]
fn ManageBindings(manage: Manage) -> impl IntoView {
    let config = manage.config.get_value();
    let editor = Editor::new();
    let deleting = RwSignal::new(None::<Vec<TerminalBinding>>);
    let deletion_running = RwSignal::new(false);
    let exports = Exports::new();
    browser::warn_before_leaving(
        t("A change to the bindings is still being sent."),
        move || editor.saving.get_untracked() || deletion_running.get_untracked(),
    );

    // What the admin asked for, taken once.
    watch(move || {
        let Some(ask) = manage.asked.get() else {
            return;
        };
        manage.asked.set(None);
        match ask {
            Ask::Add => editor.open(None),
            Ask::Edit(row) => editor.open(Some(row)),
            Ask::Delete(rows) if !rows.is_empty() && !deletion_running.get_untracked() => {
                deleting.set(Some(rows))
            }
            Ask::Delete(_) => {}
            Ask::Export(filters) => exports.start(manage, Export::new(filters)),
            Ask::ResumeExport => exports.resume(manage),
            Ask::CancelExport => exports.cancel(manage),
        }
    });

    let confirm = Signal::derive(move || {
        deleting.with(|rows| {
            rows.as_ref().map(|rows| {
                (
                    binding_deletion::dialog_title(rows),
                    binding_deletion::dialog_lines(rows),
                )
            })
        })
    });
    let on_delete = Callback::new(move |()| {
        let Some(rows) = deleting.get_untracked() else {
            return;
        };
        deleting.set(None);
        if deletion_running.get_untracked() {
            return;
        }
        deletion_running.set(true);
        manage.notice.set(Some(Notice {
            lines: vec![binding_deletion::running_text(&rows)],
            error: None,
            resumable: false,
            curl: None,
        }));
        let request = DeleteBindingsRequest {
            id_list: rows.iter().map(|row| row.id.clone()).collect(),
        };
        let config = manage.config.get_value();
        let curl = browser::curl_command(
            Method::Post,
            &api::delete_bindings_url(&config),
            Some(&request.to_json()),
        );
        spawn_local(async move {
            let answer = client::delete_bindings(&config, &request).await;
            deletion_running.try_set(false);
            let notice = match answer {
                Ok(answer) => {
                    let (lines, kept) = binding_deletion::outcome(&rows, &answer);
                    manage.ticked.try_set(kept);
                    Notice {
                        lines,
                        error: None,
                        resumable: false,
                        curl: Some(curl),
                    }
                }
                Err(error) => Notice {
                    lines: vec![t("The bindings were not deleted.").into()],
                    error: Some(error),
                    resumable: false,
                    curl: Some(curl),
                },
            };
            manage.notice.try_set(Some(notice));
            manage.refresh();
        });
    });
    let on_keep = Callback::new(move |()| deleting.set(None));

    view! {
        <EditDialog editor manage />
        <ConfirmDialog id="delete-dialog" content=confirm confirm=t("Delete") on_confirm=on_delete on_cancel=on_keep />
        <BindingPolicySection config />
    }
}

/// The add/edit dialog's state: which binding it edits (`None`: a new
/// one), the fields as typed, their problems, the save running and its
/// failure.
#[derive(Clone, Copy)]
struct Editor {
    open: RwSignal<bool>,
    editing: RwSignal<Option<TerminalBinding>>,
    mac: RwSignal<String>,
    desktop_name: RwSignal<String>,
    description: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    saving: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
    /// The save that failed, as "Copy as curl" gives it.
    failed_curl: RwSignal<Option<String>>,
}

impl Editor {
    fn new() -> Self {
        Editor {
            open: RwSignal::new(false),
            editing: RwSignal::new(None),
            mac: RwSignal::new(String::new()),
            desktop_name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            errors: RwSignal::new(FieldErrors::default()),
            saving: RwSignal::new(false),
            failure: RwSignal::new(None),
            failed_curl: RwSignal::new(None),
        }
    }

    /// Opens on a binding's values, or empty for a new one. A dialog
    /// whose save is still running stays as it is.
    fn open(&self, row: Option<TerminalBinding>) {
        if self.saving.get_untracked() {
            return;
        }
        let same = |row: &TerminalBinding| {
            self.editing
                .with_untracked(|editing| editing.as_ref().is_some_and(|e| e.id == row.id))
        };
        // Reopening on what was left typed (a failed save, Esc) keeps it.
        let keep = self.failure.with_untracked(Option::is_some)
            && match &row {
                Some(row) => same(row),
                None => self.editing.with_untracked(Option::is_none),
            };
        if !keep {
            let row = row.clone().unwrap_or_default();
            self.mac.set(row.mac);
            self.desktop_name.set(row.desktop_name);
            self.description.set(row.description);
            self.errors.set(FieldErrors::default());
            self.failure.set(None);
        }
        self.editing.set(row);
        self.open.set(true);
    }

    fn typed(&self) -> Typed {
        Typed {
            mac: self.mac.get_untracked(),
            desktop_name: self.desktop_name.get_untracked(),
            description: self.description.get_untracked(),
        }
    }

    /// A refusal on the field it is about, or on the whole form.
    fn refused(&self, error: ApiError, messages: Vec<String>) {
        let mut on_fields = Vec::new();
        for message in messages {
            if let Some(field) = binding_form::field_of(&message)
                && !on_fields.iter().any(|(f, _)| *f == field)
            {
                on_fields.push((field, Some(message)));
            }
        }
        let errors = FieldErrors::of(on_fields);
        let first = errors.first_field();
        self.errors.try_set(errors);
        self.failure.try_set(Some(error));
        if let Some(field) = first {
            browser::focus_id(field);
        }
    }
}

#[component]
fn EditDialog(editor: Editor, manage: Manage) -> impl IntoView {
    let title = Signal::derive(move || {
        if editor.editing.with(Option::is_some) {
            t("Edit binding").to_string()
        } else {
            t("Add binding").to_string()
        }
    });
    let on_submit = Callback::new(move |()| {
        if editor.saving.get_untracked() {
            return;
        }
        let checked = match binding_form::check(&editor.typed()) {
            Ok(checked) => checked,
            Err(errors) => {
                let first = errors.first_field();
                editor.errors.set(errors);
                if let Some(field) = first {
                    browser::focus_id(field);
                }
                return;
            }
        };
        editor.errors.set(FieldErrors::default());
        editor.failure.set(None);
        editor.saving.set(true);
        let config = manage.config.get_value();
        let editing = editor.editing.get_untracked();
        spawn_local(async move {
            let curl;
            let saved = match &editing {
                Some(row) => {
                    let request = UpdateBindingRequest {
                        id: row.id.clone(),
                        mac: checked.mac.clone(),
                        desktop_name: checked.desktop_name.clone(),
                        description: checked.description.clone(),
                    };
                    curl = browser::curl_command(
                        Method::Put,
                        &api::binding_desktops_url(&config),
                        Some(&request.to_json()),
                    );
                    client::update_binding(&config, &request)
                        .await
                        .map_err(|error| {
                            let message = service_message(&error);
                            (error, message.into_iter().collect())
                        })
                }
                None => {
                    let request = CreateBindingsRequest {
                        bind_list: vec![BindLine {
                            line: 1,
                            mac: checked.mac.clone(),
                            desktop_name: checked.desktop_name.clone(),
                            description: checked.description.clone(),
                        }],
                    };
                    curl = browser::curl_command(
                        Method::Post,
                        &api::binding_desktops_url(&config),
                        Some(&request.to_json()),
                    );
                    client::create_bindings(&config, &request)
                        .await
                        .map_err(|(error, lines)| {
                            let mut messages: Vec<String> =
                                lines.into_iter().map(|line| line.message).collect();
                            messages.extend(service_message(&error));
                            (error, messages)
                        })
                }
            };
            editor.saving.try_set(false);
            match saved {
                Ok(()) => {
                    let (mac, desktop) = (&checked.mac, &checked.desktop_name);
                    let line = if editing.is_some() {
                        tf("Saved the binding of {0} to desktop {1}.", &[mac, desktop])
                    } else {
                        tf("Added the binding of {0} to desktop {1}.", &[mac, desktop])
                    };
                    manage.notice.try_set(Some(Notice {
                        lines: vec![line],
                        error: None,
                        resumable: false,
                        curl: Some(curl),
                    }));
                    editor.open.try_set(false);
                    manage.refresh();
                }
                Err((error, messages)) => {
                    editor.failed_curl.try_set(Some(curl));
                    editor.refused(error, messages)
                }
            }
        });
    });
    let on_cancel = Callback::new(move |()| editor.open.set(false));
    let busy = Signal::derive(move || editor.saving.get());
    let error =
        move |field: &'static str| Signal::derive(move || editor.errors.with(|e| e.get(field)));
    let failure = move || {
        editor
            .failure
            .get()
            .map(|error| view! { <ErrorAlert error /> })
    };

    view! {
        <FormDialog
            id="binding-dialog"
            title
            open=editor.open
            submit=t("Save")
            busy
            on_submit
            on_cancel
        >
            <TextField
                id=MAC
                label=t("MAC address")
                value=editor.mac
                error=error(MAC)
                hint=t("Such as AA-BB-CC-DD-EE-FF or aa:bb:cc:dd:ee:ff.")
                required=true
            />
            <TextField
                id=DESKTOP_NAME
                label=t("Desktop name")
                value=editor.desktop_name
                error=error(DESKTOP_NAME)
                required=true
            />
            <TextField id=DESCRIPTION label=t("Description") value=editor.description error=error(DESCRIPTION) />
            <p role="status">{move || busy.get().then_some(t("Saving…"))}</p>
            {failure}
            <CopyCurl command=Signal::derive(move || {
                editor.failure.with(Option::is_some).then(|| editor.failed_curl.get()).flatten()
            }) />
        </FormDialog>
    }
}

/// The service's own message of a refusal, to place on its field.
fn service_message(error: &ApiError) -> Option<String> {
    match error {
        ApiError::Service { body, .. } => body.error_msg.clone(),
        _ => None,
    }
}

/// The export running (or failed, to resume), and how to stop it.
#[derive(Clone, Copy)]
struct Exports {
    export: StoredValue<Option<Export>>,
    cancel: StoredValue<Option<AbortController>, LocalStorage>,
}

impl Exports {
    fn new() -> Self {
        Exports {
            export: StoredValue::new(None),
            cancel: StoredValue::new_local(None),
        }
    }

    fn running(&self) -> bool {
        self.cancel.with_value(Option::is_some)
    }

    fn start(&self, manage: Manage, export: Export) {
        if self.running() {
            return;
        }
        self.export.set_value(Some(export));
        self.run(manage);
    }

    fn resume(&self, manage: Manage) {
        if !self.running() && self.export.with_value(Option::is_some) {
            self.run(manage);
        }
    }

    fn cancel(&self, manage: Manage) {
        if let Some(controller) = self.cancel.try_update_value(Option::take).flatten() {
            controller.abort();
        }
        self.export.set_value(None);
        manage.export.set(None);
        manage.notice.set(Some(Notice {
            lines: vec![t("Export cancelled; no file was saved.").into()],
            error: None,
            resumable: false,
            curl: None,
        }));
    }

    /// Pages through the list with the largest page the API allows, the
    /// progress shown after each page, until every row is in; then saves.
    fn run(&self, manage: Manage) {
        let Ok(controller) = AbortController::new() else {
            return;
        };
        self.cancel.set_value(Some(controller.clone()));
        manage.notice.set(None);
        let this = *self;
        let config = manage.config.get_value();
        let show = move |export: &Export| {
            manage.export.try_set(Some(ExportProgress {
                fetched: export.fetched() as u64,
                total: export.total(),
                text: export.progress(),
            }));
        };
        spawn_local(async move {
            loop {
                let Some(step) = this
                    .export
                    .try_with_value(|e| e.as_ref().map(Export::step))
                    .flatten()
                else {
                    return;
                };
                if let Some(export) = this.export.try_get_value().flatten() {
                    show(&export);
                }
                let query = match step {
                    Step::Fetch(query) => query,
                    Step::Done | Step::Truncated => break,
                };
                let page = api::list_bindings(&config, &query, Some(controller.clone())).await;
                // Cancelled meanwhile: the notice is already said.
                if controller.signal().aborted() && !this.running() {
                    return;
                }
                match page {
                    Ok(page) => {
                        this.export.try_update_value(|export| {
                            if let Some(export) = export {
                                export.take(page);
                            }
                        });
                    }
                    Err(error) => {
                        this.cancel.try_set_value(None);
                        let fetched = this
                            .export
                            .try_with_value(|e| e.as_ref().map(Export::fetched))
                            .flatten()
                            .unwrap_or(0);
                        manage.export.try_set(None);
                        let fetched = thousands(fetched as u64);
                        let line = tf(
                            "The export stopped after {0} rows; no file was saved. \
                                       Resume export to go on from there.",
                            &[&fetched],
                        );
                        manage.notice.try_set(Some(Notice {
                            lines: vec![line],
                            error: Some(error),
                            resumable: true,
                            curl: None,
                        }));
                        return;
                    }
                }
            }
            this.cancel.try_set_value(None);
            manage.export.try_set(None);
            let Some(export) = this.export.try_update_value(Option::take).flatten() else {
                return;
            };
            manage.notice.try_set(Some(save_export(&export)));
        });
    }
}

/// Saves the file and says what it holds.
fn save_export(export: &Export) -> Notice {
    let today = js_sys::Date::new_0();
    let name = export::file_name(
        today.get_full_year(),
        today.get_month() + 1,
        today.get_date(),
    );
    let lines = match browser::save_file(&name, "text/csv;charset=utf-8", &export.csv()) {
        Ok(()) => {
            let count = thousands(export.fetched() as u64);
            let exported = match export.fetched() {
                1 => tf("Exported 1 binding to {0}.", &[&name]),
                _ => tf("Exported {0} bindings to {1}.", &[&count, &name]),
            };
            let mut lines = vec![exported];
            lines.extend(export.warnings());
            lines
        }
        Err(problem) => vec![tf("The export could not be saved: {0}.", &[&problem])],
    };
    Notice {
        lines,
        error: None,
        resumable: false,
        curl: None,
    }
}
