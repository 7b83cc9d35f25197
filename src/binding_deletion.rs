//! "Delete selected": what the confirmation says, and what the API's
//! per-ID answer means for each ticked binding. Pure.

use crate::api::TerminalBinding;
use crate::api::binding_writes::DeleteBindingsResponse;
use crate::i18n::{t, tf, tk};
use crate::query::thousands;

/// Bindings the dialog names before it says how many more.
const NAMED_IN_DIALOG: usize = 10;

/// `one` (a `tk` text about 1 binding) or `many` (about `{0}` bindings).
fn counted(n: usize, one: &'static str, many: &'static str) -> String {
    match n {
        1 => t(one).to_owned(),
        n => tf(many, &[&thousands(n as u64)]),
    }
}

fn named(row: &TerminalBinding) -> String {
    format!("{} ({})", row.desktop_name, row.mac)
}

/// "Delete 3 bindings".
pub fn dialog_title(rows: &[TerminalBinding]) -> String {
    counted(
        rows.len(),
        tk("Delete 1 binding"),
        tk("Delete {0} bindings"),
    )
}

/// What the page says while the request runs.
pub fn running_text(rows: &[TerminalBinding]) -> String {
    counted(
        rows.len(),
        tk("Deleting 1 binding…"),
        tk("Deleting {0} bindings…"),
    )
}

/// The question, then the desktops and terminals it is about.
pub fn dialog_lines(rows: &[TerminalBinding]) -> Vec<String> {
    let question = counted(
        rows.len(),
        tk(
            "These terminals will no longer be bound to their desktops; a terminal whose binding \
            is deleted can no longer reach its desktop while terminal binding is on. 1 binding to \
            delete:",
        ),
        tk(
            "These terminals will no longer be bound to their desktops; a terminal whose binding \
            is deleted can no longer reach its desktop while terminal binding is on. {0} bindings \
            to delete:",
        ),
    );
    let mut lines = vec![question];
    lines.extend(rows.iter().take(NAMED_IN_DIALOG).map(named));
    if rows.len() > NAMED_IN_DIALOG {
        let more = thousands((rows.len() - NAMED_IN_DIALOG) as u64);
        lines.push(tf("…and {0} more.", &[&more]));
    }
    lines
}

/// What a finished delete says, each binding's outcome, and the bindings
/// that stay ticked: those not deleted (an ID the answer does not name
/// included, as nothing says it went).
pub fn outcome(
    rows: &[TerminalBinding],
    answer: &DeleteBindingsResponse,
) -> (Vec<String>, Vec<TerminalBinding>) {
    let mut deleted = Vec::new();
    let mut failed = Vec::new();
    let mut kept = Vec::new();
    for row in rows {
        let name = named(row);
        match answer.outcome(&row.id) {
            Some(outcome) if outcome.deleted() => deleted.push(tf("Deleted: {0}.", &[&name])),
            Some(outcome) => {
                let reason = match (outcome.code.trim(), outcome.message.trim()) {
                    (code, "") => code.to_owned(),
                    ("", message) => message.to_owned(),
                    (code, message) => format!("{code}: {message}"),
                };
                failed.push(tf("Not deleted: {0}: {1}", &[&name, &reason]));
                kept.push(row.clone());
            }
            None => {
                let line = tf(
                    "Not deleted: {0}: the answer does not mention it.",
                    &[&name],
                );
                failed.push(line);
                kept.push(row.clone());
            }
        }
    }
    let (done, not) = (deleted.len(), failed.len());
    let (done_n, not_n) = (thousands(done as u64), thousands(not as u64));
    let summary = match (done, not) {
        (n, 0) => counted(n, tk("Deleted 1 binding."), tk("Deleted {0} bindings.")),
        (0, 1) => t("1 binding not deleted; it stays selected.").into(),
        (0, _) => tf("{0} bindings not deleted; they stay selected.", &[&not_n]),
        (1, _) => tf(
            "Deleted 1 binding; {0} not deleted stay selected.",
            &[&not_n],
        ),
        (_, _) => tf(
            "Deleted {0} bindings; {1} not deleted stay selected.",
            &[&done_n, &not_n],
        ),
    };
    let mut lines = vec![summary];
    lines.extend(failed);
    lines.extend(deleted);
    (lines, kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::binding_writes::DeleteOutcome;

    fn row(n: usize) -> TerminalBinding {
        TerminalBinding {
            id: format!("id{n}"),
            mac: format!("AA-BB-CC-DD-EE-{n:02}"),
            desktop_name: format!("dsk-{n:02}"),
            description: String::new(),
        }
    }

    fn answer(outcomes: &[(&str, &str, &str)]) -> DeleteBindingsResponse {
        DeleteBindingsResponse {
            result_list: outcomes
                .iter()
                .map(|(id, code, message)| DeleteOutcome {
                    id: (*id).into(),
                    code: (*code).into(),
                    message: (*message).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_dialog_names_the_bindings() {
        let rows: Vec<_> = (1..=12).map(row).collect();
        assert_eq!(dialog_title(&rows[..1]), "Delete 1 binding");
        assert_eq!(dialog_title(&rows), "Delete 12 bindings");
        let lines = dialog_lines(&rows);
        assert!(lines[0].ends_with("12 bindings to delete:"));
        assert_eq!(lines[1], "dsk-01 (AA-BB-CC-DD-EE-01)");
        assert_eq!(lines.len(), 1 + 10 + 1);
        assert_eq!(lines[11], "…and 2 more.");
        assert_eq!(dialog_lines(&rows[..2]).len(), 3);
    }

    #[test]
    fn each_outcome_and_what_stays_ticked() {
        let rows: Vec<_> = (1..=3).map(row).collect();
        let (lines, kept) = outcome(
            &rows,
            &answer(&[("id1", "WKS.0000", "ok"), ("id2", "WKS.0206", "gone")]),
        );
        assert_eq!(kept, vec![row(2), row(3)]);
        assert_eq!(
            lines,
            vec![
                "Deleted 1 binding; 2 not deleted stay selected.",
                "Not deleted: dsk-02 (AA-BB-CC-DD-EE-02): WKS.0206: gone",
                "Not deleted: dsk-03 (AA-BB-CC-DD-EE-03): the answer does not mention it.",
                "Deleted: dsk-01 (AA-BB-CC-DD-EE-01).",
            ]
        );
        let (lines, kept) = outcome(&rows[..2], &answer(&[("id1", "", ""), ("id2", "0", "")]));
        assert!(kept.is_empty());
        assert_eq!(lines[0], "Deleted 2 bindings.");
        let (lines, kept) = outcome(&rows[..1], &answer(&[("id1", "WKS.0206", "")]));
        assert_eq!(kept, vec![row(1)]);
        assert_eq!(lines[0], "1 binding not deleted; it stays selected.");
        assert_eq!(
            lines[1],
            "Not deleted: dsk-01 (AA-BB-CC-DD-EE-01): WKS.0206"
        );
    }
}
