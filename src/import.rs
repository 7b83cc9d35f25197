//! The Import page's rules, pure so they are tested natively: a file the
//! browser read (size, UTF-8), the preview's status line and button, the
//! one create request, and what happened to each line once the API
//! answered (the API is all or nothing: a refusal creates no line).

use crate::api::ApiError;
use crate::api::binding_writes::{BindLine, CreateBindingsRequest, RefusedLine};
use crate::bindings_csv::{ImportLine, failed_lines};
use crate::i18n::{t, tf};
use crate::query::thousands;

/// Files larger than this are not read: 8,000 lines of the longest values
/// the API takes stay well under it.
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

/// The name the file of failed lines is saved under.
pub const FAILED_LINES_FILE: &str = "bindings-failed-lines.csv";

/// Refuses a file too large to be an import, before it is read.
pub fn check_file_size(name: &str, bytes: f64) -> Result<(), String> {
    if bytes > MAX_FILE_BYTES {
        Err(tf(
            "{0} is {1} MiB; an import file may be at most 4 MiB (8,000 lines). Split it \
             into several files.",
            &[&name, &format!("{:.1}", bytes / 1024.0 / 1024.0)],
        ))
    } else {
        Ok(())
    }
}

/// The text of a file, which must be UTF-8 (a BOM is taken off by the CSV
/// reader). Decoded here rather than by the browser, which would replace
/// bytes that are not UTF-8 and so change MACs and names silently.
pub fn decode_file(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(tf(
            "{0} is saved as UTF-16. Save it as \"CSV UTF-8\" and choose it again.",
            &[&name],
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        tf(
            "{0} is not UTF-8 text (byte {1} is not). Save it as \"CSV UTF-8\" and choose it \
             again.",
            &[
                &name,
                &thousands(error.utf8_error().valid_up_to() as u64 + 1),
            ],
        )
    })
}

/// Lines that can be sent, and lines with a problem.
pub fn counts(lines: &[ImportLine]) -> (usize, usize) {
    let problems = lines.iter().filter(|l| l.problem.is_some()).count();
    (lines.len() - problems, problems)
}

/// The preview's status line: "3 lines ready, 1 with a problem".
pub fn preview_status(lines: &[ImportLine]) -> String {
    match counts(lines) {
        (0, 0) => t("No lines yet: choose a CSV file or paste its lines.").into(),
        (1, 0) => t("1 line ready").into(),
        (ready, 0) => tf("{0} lines ready", &[&thousands(ready as u64)]),
        (1, problems) => tf(
            "1 line ready, {0} with a problem",
            &[&thousands(problems as u64)],
        ),
        (ready, problems) => tf(
            "{0} lines ready, {1} with a problem",
            &[&thousands(ready as u64), &thousands(problems as u64)],
        ),
    }
}

/// The button that sends the ready lines.
pub fn import_button(ready: usize, sending: bool) -> String {
    let n = thousands(ready as u64);
    match (sending, ready) {
        (true, 1) => t("Importing 1 binding…").into(),
        (true, _) => tf("Importing {0} bindings…", &[&n]),
        (false, 1) => t("Import 1 binding").into(),
        (false, _) => tf("Import {0} bindings", &[&n]),
    }
}

/// The one create: every line without a problem, under its file line.
pub fn create_request(lines: &[ImportLine]) -> CreateBindingsRequest {
    CreateBindingsRequest {
        bind_list: lines
            .iter()
            .filter(|line| line.problem.is_none())
            .map(|line| BindLine {
                line: line.line as u64,
                mac: line.mac.clone(),
                desktop_name: line.desktop_name.clone(),
                description: line.description.clone(),
            })
            .collect(),
    }
}

/// What happened to one line of the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineOutcome {
    /// It had a problem, so it was not sent.
    NotSent,
    Imported,
    /// The API named it, with its code and message.
    Refused(String),
    /// Sent, fine, but not created: another line was refused.
    NotImported,
    /// The request failed as a whole.
    Failed,
    /// No answer in time: it may or may not have been created.
    Unknown,
}

impl LineOutcome {
    /// The cell of the preview's "Outcome" column.
    pub fn text(&self) -> String {
        match self {
            LineOutcome::NotSent => t("Not sent: it has a problem").into(),
            LineOutcome::Imported => t("Imported").into(),
            LineOutcome::Refused(reason) => tf("Refused: {0}", &[reason]),
            LineOutcome::NotImported => {
                t("Not imported: another line was refused, so none was created").into()
            }
            LineOutcome::Failed => t("Not imported: the request failed").into(),
            LineOutcome::Unknown => {
                t("Unknown: no answer in time; it may or may not have been imported").into()
            }
        }
    }

    pub fn imported(&self) -> bool {
        *self == LineOutcome::Imported
    }
}

/// One line for the cell: the API's code and message, or what there is.
fn refusal_text(refused: &RefusedLine) -> String {
    match (refused.code.trim(), refused.message.trim()) {
        ("", "") => t("the API gave no reason").into(),
        (code, "") => code.into(),
        ("", message) => message.into(),
        (code, message) => format!("{code}: {message}"),
    }
}

/// The outcome of every line of `lines` (the preview that was sent) after
/// the create answered `result`. A refused line is found by its `line`,
/// or by its MAC when the API left `line` out.
pub fn line_outcomes(
    lines: &[ImportLine],
    result: &Result<(), (ApiError, Vec<RefusedLine>)>,
) -> Vec<LineOutcome> {
    lines
        .iter()
        .map(|line| {
            if line.problem.is_some() {
                return LineOutcome::NotSent;
            }
            match result {
                Ok(()) => LineOutcome::Imported,
                Err((_, refused)) if !refused.is_empty() => refused
                    .iter()
                    .find(|r| match r.line {
                        Some(number) => number == line.line as u64,
                        None => r.mac.trim().eq_ignore_ascii_case(&line.mac),
                    })
                    .map_or(LineOutcome::NotImported, |r| {
                        LineOutcome::Refused(refusal_text(r))
                    }),
                Err((ApiError::Timeout { .. }, _)) => LineOutcome::Unknown,
                Err(_) => LineOutcome::Failed,
            }
        })
        .collect()
}

/// A finished import as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportDone {
    /// The text the preview was read from, so the page knows whether the
    /// table on screen is the one sent.
    pub text: String,
    pub lines: Vec<ImportLine>,
    pub outcomes: Vec<LineOutcome>,
    pub error: Option<ApiError>,
    /// Lines the API named but the preview has not (none, normally).
    pub unmatched: Vec<RefusedLine>,
}

impl ImportDone {
    pub fn new(
        text: String,
        lines: Vec<ImportLine>,
        result: Result<(), (ApiError, Vec<RefusedLine>)>,
    ) -> Self {
        let outcomes = line_outcomes(&lines, &result);
        let (error, refused) = match result {
            Ok(()) => (None, Vec::new()),
            Err((error, refused)) => (Some(error), refused),
        };
        let unmatched = refused
            .into_iter()
            .filter(|r| {
                !lines.iter().any(|line| match r.line {
                    Some(number) => number == line.line as u64,
                    None => r.mac.trim().eq_ignore_ascii_case(&line.mac),
                })
            })
            .collect();
        ImportDone {
            text,
            lines,
            outcomes,
            error,
            unmatched,
        }
    }

    pub fn imported(&self) -> usize {
        self.outcomes.iter().filter(|o| o.imported()).count()
    }

    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.imported()
    }

    /// The success line, or, after a failure, what it means for the lines.
    pub fn summary(&self) -> String {
        let refused = self
            .outcomes
            .iter()
            .filter(|o| matches!(o, LineOutcome::Refused(_)))
            .count();
        let refused = refused.max(self.unmatched.len());
        match &self.error {
            None if self.imported() == 1 => t("Imported 1 binding.").into(),
            None => tf(
                "Imported {0} bindings.",
                &[&thousands(self.imported() as u64)],
            ),
            Some(_) if refused == 1 => t(
                "Nothing was imported: the API refused 1 line, so no line was created. Each \
                 line's reason is in the table; fix them (or download the failed lines) and \
                 import again.",
            )
            .into(),
            Some(_) if refused > 0 => tf(
                "Nothing was imported: the API refused {0} lines, so no line was created. Each \
                 line's reason is in the table; fix them (or download the failed lines) and \
                 import again.",
                &[&thousands(refused as u64)],
            ),
            Some(ApiError::Timeout { .. }) => t(
                "The import may or may not have happened: no answer came in time. Check the \
                 bindings list before importing again.",
            )
            .into(),
            Some(_) => t("Nothing was imported: the request failed (details below).").into(),
        }
    }

    /// Every line not created, with why, as a CSV to fix and import again.
    /// The header and the line's values are data, never translated; the
    /// "problem" column holds the text the page shows, so in the admin's
    /// language (an import reads only the other columns).
    pub fn failed_file(&self) -> String {
        let rows: Vec<(usize, &str, &str, &str, String)> = self
            .lines
            .iter()
            .zip(&self.outcomes)
            .filter(|(_, outcome)| !outcome.imported())
            .map(|(line, outcome)| {
                let why = match (&line.problem, outcome) {
                    (Some(problem), _) => problem.clone(),
                    (None, outcome) => outcome.text(),
                };
                (
                    line.line,
                    line.mac.as_str(),
                    line.desktop_name.as_str(),
                    line.description.as_str(),
                    why,
                )
            })
            .collect();
        let borrowed: Vec<(usize, &str, &str, &str, &str)> = rows
            .iter()
            .map(|(line, mac, name, description, why)| {
                (*line, *mac, *name, *description, why.as_str())
            })
            .collect();
        failed_lines(&borrowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorBody;
    use crate::bindings_csv::import_lines;

    const TEXT: &str = "mac,desktop_name,description\n\
                        aa:bb:cc:dd:ee:01,dsk-1,first\n\
                        not-a-mac,dsk-2,\n\
                        AA-BB-CC-DD-EE-03,dsk-3,\"a, b\"\n\
                        AA-BB-CC-DD-EE-04,dsk-4,\n";

    fn refusal(refused: Vec<RefusedLine>) -> (ApiError, Vec<RefusedLine>) {
        (
            ApiError::Service {
                status: 400,
                body: ErrorBody {
                    error_code: Some("WKS.0200".into()),
                    ..ErrorBody::default()
                },
            },
            refused,
        )
    }

    #[test]
    fn file_size_and_encoding() {
        assert!(check_file_size("a.csv", MAX_FILE_BYTES).is_ok());
        let big = check_file_size("a.csv", 5.0 * 1024.0 * 1024.0).unwrap_err();
        assert!(big.starts_with("a.csv is 5.0 MiB"), "{big}");
        assert_eq!(
            decode_file("a.csv", "\u{FEFF}é,x".as_bytes().to_vec()).unwrap(),
            "\u{FEFF}é,x"
        );
        let latin1 = decode_file("a.csv", vec![b'a', b',', 0xE9]).unwrap_err();
        assert!(latin1.contains("not UTF-8 text (byte 3"), "{latin1}");
        let utf16 = decode_file("a.csv", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(utf16.contains("UTF-16"), "{utf16}");
    }

    #[test]
    fn status_line_and_button() {
        let lines = import_lines(TEXT).unwrap();
        assert_eq!(counts(&lines), (3, 1));
        assert_eq!(preview_status(&lines), "3 lines ready, 1 with a problem");
        assert_eq!(preview_status(&lines[..1]), "1 line ready");
        assert!(preview_status(&[]).starts_with("No lines yet"));
        assert_eq!(import_button(3, false), "Import 3 bindings");
        assert_eq!(import_button(1, true), "Importing 1 binding…");
        assert_eq!(import_button(8000, false), "Import 8,000 bindings");
    }

    #[test]
    fn the_request_holds_the_ready_lines_under_their_file_lines() {
        let lines = import_lines(TEXT).unwrap();
        assert_eq!(
            create_request(&lines).to_json(),
            r#"{"bind_list":[{"line":2,"mac":"AA-BB-CC-DD-EE-01","desktop_name":"dsk-1","description":"first"},{"line":4,"mac":"AA-BB-CC-DD-EE-03","desktop_name":"dsk-3","description":"a, b"},{"line":5,"mac":"AA-BB-CC-DD-EE-04","desktop_name":"dsk-4","description":""}]}"#
        );
    }

    #[test]
    fn success_imports_every_sent_line() {
        let lines = import_lines(TEXT).unwrap();
        let done = ImportDone::new(TEXT.into(), lines, Ok(()));
        assert_eq!(
            done.outcomes,
            [
                LineOutcome::Imported,
                LineOutcome::NotSent,
                LineOutcome::Imported,
                LineOutcome::Imported
            ]
        );
        assert_eq!(done.summary(), "Imported 3 bindings.");
        assert_eq!(done.failed(), 1);
        let file = done.failed_file();
        assert!(file.starts_with("\u{FEFF}line,mac,desktop_name,description,problem\r\n"));
        assert!(file.contains("\r\n3,not-a-mac,dsk-2,,"), "{file}");
        assert_eq!(file.lines().count(), 2);
    }

    #[test]
    fn a_refusal_names_its_lines_and_the_others_are_not_created() {
        let lines = import_lines(TEXT).unwrap();
        let refused = vec![
            RefusedLine {
                line: Some(4),
                mac: "AA-BB-CC-DD-EE-03".into(),
                code: "WKS.0201".into(),
                message: "The MAC address is already bound.".into(),
            },
            // No line number: found by its MAC.
            RefusedLine {
                line: None,
                mac: "aa-bb-cc-dd-ee-04".into(),
                code: String::new(),
                message: "Desktop not found.".into(),
            },
        ];
        let done = ImportDone::new(TEXT.into(), lines, Err(refusal(refused)));
        assert_eq!(
            done.outcomes,
            [
                LineOutcome::NotImported,
                LineOutcome::NotSent,
                LineOutcome::Refused("WKS.0201: The MAC address is already bound.".into()),
                LineOutcome::Refused("Desktop not found.".into()),
            ]
        );
        assert!(done.unmatched.is_empty());
        assert_eq!(done.imported(), 0);
        assert!(
            done.summary()
                .starts_with("Nothing was imported: the API refused 2 lines"),
            "{}",
            done.summary()
        );
        let file = done.failed_file();
        assert_eq!(file.lines().count(), 5, "{file}");
        assert!(file.contains(
            "4,AA-BB-CC-DD-EE-03,dsk-3,\"a, b\",Refused: WKS.0201: The MAC address is already bound."
        ));
        assert!(file.contains("2,AA-BB-CC-DD-EE-01,dsk-1,first,\"Not imported: another line"));
        // The file imports again as it is.
        let again = import_lines(&file).unwrap();
        assert_eq!(again.len(), 4);
        assert_eq!(again[2].description, "a, b");
    }

    #[test]
    fn a_failed_request_or_a_timeout_says_so_for_every_sent_line() {
        let lines = import_lines(TEXT).unwrap();
        let html = Err((
            ApiError::UnexpectedBody {
                method: crate::api::Method::Post,
                status: 200,
                excerpt: "Sign in".into(),
            },
            Vec::new(),
        ));
        let done = ImportDone::new(TEXT.into(), lines.clone(), html);
        assert_eq!(done.outcomes[0], LineOutcome::Failed);
        assert_eq!(done.outcomes[1], LineOutcome::NotSent);
        assert_eq!(done.imported(), 0);
        assert!(done.summary().starts_with("Nothing was imported"));
        let timeout = Err((
            ApiError::Timeout {
                method: crate::api::Method::Post,
                timeout_ms: 30000,
            },
            Vec::new(),
        ));
        let done = ImportDone::new(TEXT.into(), lines, timeout);
        assert_eq!(done.outcomes[0], LineOutcome::Unknown);
        assert!(done.summary().contains("may or may not"));
    }

    #[test]
    fn refused_lines_the_preview_has_not_are_kept() {
        let lines = import_lines(TEXT).unwrap();
        let refused = vec![RefusedLine {
            line: Some(99),
            mac: "AA-BB-CC-DD-EE-99".into(),
            code: "WKS.0201".into(),
            message: "x".into(),
        }];
        let done = ImportDone::new(TEXT.into(), lines, Err(refusal(refused)));
        assert_eq!(done.unmatched.len(), 1);
        assert_eq!(done.outcomes[0], LineOutcome::NotImported);
        assert!(
            done.summary().contains("refused 1 line,"),
            "{}",
            done.summary()
        );
    }
}
