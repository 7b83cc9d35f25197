//! Terminal bindings as CSV, both ways. Pure, so it is tested natively.
//!
//! Reading (the import): RFC 4180 fields (quotes, `""` inside quotes, line
//! breaks inside quotes), comma or semicolon, UTF-8 with or without BOM, a
//! header line optional. With a header, columns are found by name (so an
//! export, or a file of failed lines, imports as it is); without one they
//! are `mac,desktop_name,description`. Every line is checked before
//! anything is sent: the MAC (any case, `-` or `:`), the name length, the
//! description length, a MAC repeated in the file.
//!
//! Writing (the export): UTF-8 with a BOM (so spreadsheets read it as
//! UTF-8), CRLF, fields quoted when they hold a comma, quote or line break,
//! and a leading `'` on any cell a spreadsheet would run as a formula
//! (starting with `=`, `+`, `-`, `@`, tab or carriage return). Reading
//! takes that `'` off again, so an export imports unchanged.

use crate::api::TerminalBinding;
use crate::i18n::{t, tf};
use crate::validation::{check_description, check_desktop_name, check_mac, normalize_mac};

/// Lines one import may hold: the API's limit for one create.
pub const MAX_IMPORT_LINES: usize = 8000;

const BOM: char = '\u{FEFF}';
/// What a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The columns of an export, in order.
pub const EXPORT_HEADER: [&str; 4] = ["id", "mac", "desktop_name", "description"];
/// The columns of an import file without a header, in order.
pub const IMPORT_COLUMNS: [&str; 3] = ["mac", "desktop_name", "description"];

/// One record of a CSV text: its fields and the file line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits a CSV text into records. Blank lines are no record. A quote left
/// open is an error naming the line it opened on: what follows it would be
/// read as one field.
pub fn records(text: &str) -> Result<Vec<Record>, String> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let delimiter = delimiter_of(text);
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quoted = false;
    let mut quote_line = 0;
    // Whether anything but an unquoted empty field was seen in this record.
    let mut started = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                quote_line = line;
                started = true;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if started || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    out.push(Record {
                        line: record_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                started = false;
                line += 1;
                record_line = line;
            }
            _ => {
                field.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err(tf(
            "Line {0}: a quoted field is not closed, so the rest of the file would be one \
             value. Check the quotes (\") on that line.",
            &[&quote_line],
        ));
    }
    if started || !field.is_empty() {
        fields.push(field);
        out.push(Record {
            line: record_line,
            fields,
        });
    }
    Ok(out)
}

/// `;` when the first line has a semicolon and no comma outside quotes
/// (spreadsheets in many locales write that), else `,`.
fn delimiter_of(text: &str) -> char {
    let mut quoted = false;
    let (mut commas, mut semicolons) = (0, 0);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > 0 && commas == 0 {
        ';'
    } else {
        ','
    }
}

/// A line of an import, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLine {
    /// The file line the record starts on.
    pub line: usize,
    /// Normalised (`AA-BB-CC-DD-EE-FF`) when valid, else as written.
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
    /// Why this line cannot be sent; `None` when it is ready.
    pub problem: Option<String>,
}

/// Reads an import file into its lines, each checked. The error is about
/// the whole file (not CSV, no MAC column, too many lines).
pub fn import_lines(text: &str) -> Result<Vec<ImportLine>, String> {
    let mut records = records(text)?;
    let columns = match records.first() {
        Some(first) if is_header(&first.fields) => {
            let header: Vec<String> = first.fields.iter().map(|f| header_name(f)).collect();
            records.remove(0);
            let find = |name: &str| header.iter().position(|h| h == name);
            let Some(mac) = find("mac") else {
                return Err(t("The header line has no \"mac\" column.").into());
            };
            [Some(mac), find("desktop_name"), find("description")]
        }
        _ => [Some(0), Some(1), Some(2)],
    };
    let width = if columns == [Some(0), Some(1), Some(2)] {
        Some(IMPORT_COLUMNS.len())
    } else {
        None
    };
    if records.len() > MAX_IMPORT_LINES {
        return Err(tf(
            "The file has {0} lines; at most {1} can be imported at once. Split it into \
             several files.",
            &[
                &crate::query::thousands(records.len() as u64),
                &crate::query::thousands(MAX_IMPORT_LINES as u64),
            ],
        ));
    }
    let mut first_line_of_mac: Vec<(String, usize)> = Vec::new();
    let lines = records
        .into_iter()
        .map(|record| {
            let take = |column: Option<usize>| {
                column
                    .and_then(|i| record.fields.get(i))
                    .map(|field| unescape_cell(field))
                    .unwrap_or_default()
            };
            let raw_mac = take(columns[0]);
            let mac_text = raw_mac.trim();
            let mut line = ImportLine {
                line: record.line,
                mac: normalize_mac(mac_text).unwrap_or_else(|| mac_text.to_owned()),
                desktop_name: take(columns[1]),
                description: take(columns[2]),
                problem: None,
            };
            line.problem = problem_of(&line, width, record.fields.len(), &mut first_line_of_mac);
            line
        })
        .collect();
    Ok(lines)
}

/// What is wrong with one line, the first problem found.
fn problem_of(
    line: &ImportLine,
    width: Option<usize>,
    fields: usize,
    first_line_of_mac: &mut Vec<(String, usize)>,
) -> Option<String> {
    if let Some(width) = width.filter(|width| fields > *width) {
        return Some(tf(
            "Has {0} values; expected {1}: MAC address, desktop name, description. Quote a \
             value that holds a comma.",
            &[&fields, &width],
        ));
    }
    if let Err(problem) = check_mac(&line.mac) {
        return Some(problem);
    }
    if let Err(problem) = check_desktop_name(&line.desktop_name) {
        return Some(problem);
    }
    if let Err(problem) = check_description(&line.description) {
        return Some(problem);
    }
    if let Some((_, first)) = first_line_of_mac.iter().find(|(mac, _)| *mac == line.mac) {
        return Some(tf("The same MAC address is on line {0}.", &[first]));
    }
    first_line_of_mac.push((line.mac.clone(), line.line));
    None
}

/// A first record is a header when it does not start with a MAC address
/// and one of its fields names a column.
fn is_header(fields: &[String]) -> bool {
    let starts_with_mac = fields
        .first()
        .is_some_and(|first| normalize_mac(first).is_some());
    !starts_with_mac
        && fields
            .iter()
            .any(|field| IMPORT_COLUMNS.contains(&header_name(field).as_str()))
}

/// `MAC`, ` Desktop name `, `desktop-name` → `mac`, `desktop_name`.
fn header_name(field: &str) -> String {
    field.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The cell as a spreadsheet may take it: a leading `'` when it would
/// otherwise start a formula, and one more `'` before `'`s that lead to
/// such a start, so that `unescape_cell` gives back exactly the value.
pub fn escape_cell(value: &str) -> String {
    let after_quotes = value.trim_start_matches('\'');
    if after_quotes.starts_with(FORMULA_STARTS) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// The inverse of `escape_cell`.
pub fn unescape_cell(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// One CSV field: quoted when it holds the delimiter, a quote or a line
/// break, with quotes doubled.
fn field(value: &str) -> String {
    let cell = escape_cell(value);
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

fn row(values: &[&str]) -> String {
    let fields: Vec<String> = values.iter().map(|v| field(v)).collect();
    fields.join(",") + "\r\n"
}

/// The start of an export: the BOM and the header line.
pub fn export_start() -> String {
    format!("{BOM}{}", row(&EXPORT_HEADER))
}

/// The export lines of some bindings, in order.
pub fn export_rows(bindings: &[TerminalBinding]) -> String {
    bindings
        .iter()
        .map(|b| row(&[&b.id, &b.mac, &b.desktop_name, &b.description]))
        .collect()
}

/// The lines of an import that were not created, with their problem, as a
/// file the admin can fix and import again (its header names the columns).
pub fn failed_lines(lines: &[(usize, &str, &str, &str, &str)]) -> String {
    let mut out = format!(
        "{BOM}{}",
        row(&["line", "mac", "desktop_name", "description", "problem"])
    );
    for (line, mac, desktop_name, description, problem) in lines {
        out.push_str(&row(&[
            &line.to_string(),
            mac,
            desktop_name,
            description,
            problem,
        ]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(id: &str, mac: &str, name: &str, description: &str) -> TerminalBinding {
        TerminalBinding {
            id: id.into(),
            mac: mac.into(),
            desktop_name: name.into(),
            description: description.into(),
        }
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|record| record.fields)
            .collect()
    }

    #[test]
    fn rfc_4180_fields() {
        assert_eq!(
            fields("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"multi\nline\",,x\n"),
            [vec!["a", "b,c", "d \"e\""], vec!["multi\nline", "", "x"]]
        );
        // Line numbers count the lines inside quotes; blank lines are no record.
        let lines: Vec<usize> = records("a\n\n\"b\nc\"\nd")
            .unwrap()
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, [1, 3, 5]);
    }

    #[test]
    fn semicolons_bom_and_a_missing_last_line_break() {
        assert_eq!(
            fields("\u{FEFF}mac;desktop_name\r\nAA-BB-CC-DD-EE-FF;\"x;y\""),
            [
                vec!["mac", "desktop_name"],
                vec!["AA-BB-CC-DD-EE-FF", "x;y"]
            ]
        );
        // A comma on the first line keeps the comma.
        assert_eq!(fields("a,b;c"), [vec!["a", "b;c"]]);
    }

    #[test]
    fn an_open_quote_names_its_line() {
        let problem = records("a\nb,\"c\nd\n").unwrap_err();
        assert!(problem.starts_with("Line 2:"), "{problem}");
    }

    #[test]
    fn import_checks_every_line() {
        let text = "aa:bb:cc:dd:ee:01,dsk-1,first\n\
                    AA-BB-CC-DD-EE-02,dsk-2\n\
                    not-a-mac,dsk-3,\n\
                    AA-BB-CC-DD-EE-04,,\n\
                    aa-bb-cc-dd-ee-01,dsk-5,again\n\
                    AA-BB-CC-DD-EE-06,dsk-6,x,extra\n";
        let lines = import_lines(text).unwrap();
        let problems: Vec<(usize, bool)> = lines
            .iter()
            .map(|l| (l.line, l.problem.is_some()))
            .collect();
        assert_eq!(
            problems,
            [
                (1, false),
                (2, false),
                (3, true),
                (4, true),
                (5, true),
                (6, true)
            ]
        );
        assert_eq!(lines[0].mac, "AA-BB-CC-DD-EE-01");
        assert_eq!(lines[0].description, "first");
        assert_eq!(lines[1].description, "");
        assert!(lines[2].problem.as_deref().unwrap().contains("not a MAC"));
        assert!(
            lines[3]
                .problem
                .as_deref()
                .unwrap()
                .contains("name is missing")
        );
        assert_eq!(
            lines[4].problem.as_deref(),
            Some("The same MAC address is on line 1.")
        );
        assert!(
            lines[5]
                .problem
                .as_deref()
                .unwrap()
                .contains("Has 4 values")
        );
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let ok = format!(
            "AA-BB-CC-DD-EE-01,{},{}",
            "名".repeat(100),
            "描".repeat(255)
        );
        assert_eq!(import_lines(&ok).unwrap()[0].problem, None);
        let long_name = format!("AA-BB-CC-DD-EE-01,{}", "n".repeat(101));
        assert!(import_lines(&long_name).unwrap()[0].problem.is_some());
        let long_description = format!("AA-BB-CC-DD-EE-01,n,{}", "d".repeat(256));
        assert!(
            import_lines(&long_description).unwrap()[0]
                .problem
                .is_some()
        );
    }

    #[test]
    fn a_header_finds_columns_by_name() {
        let text = "Description;MAC;Desktop name\nfloor 2;aa-bb-cc-dd-ee-01;dsk-1\n";
        let lines = import_lines(text).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(
            (
                lines[0].line,
                lines[0].mac.as_str(),
                lines[0].desktop_name.as_str(),
                lines[0].description.as_str()
            ),
            (2, "AA-BB-CC-DD-EE-01", "dsk-1", "floor 2")
        );
        assert!(import_lines("name,desktop_name\nx,y").is_err());
    }

    #[test]
    fn more_than_8000_lines_is_refused_whole() {
        let line = |n: usize| {
            format!(
                "AA-BB-CC-{:02X}-{:02X}-{:02X},d\n",
                n >> 16,
                (n >> 8) & 255,
                n & 255
            )
        };
        let most: String = (0..8000).map(line).collect();
        assert_eq!(import_lines(&most).unwrap().len(), 8000);
        let over: String = (0..8001).map(line).collect();
        let problem = import_lines(&over).unwrap_err();
        assert!(problem.contains("8,001 lines"), "{problem}");
    }

    #[test]
    fn exports_start_with_a_bom_and_the_header() {
        let text = export_start()
            + &export_rows(&[binding(
                "1",
                "AA-BB-CC-DD-EE-01",
                "dsk, \"one\"",
                "line\nbreak",
            )]);
        assert_eq!(
            text,
            "\u{FEFF}id,mac,desktop_name,description\r\n\
             1,AA-BB-CC-DD-EE-01,\"dsk, \"\"one\"\"\",\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn hostile_cells_are_neutralised() {
        for (value, cell) in [
            (
                "=HYPERLINK(\"https://evil.example\")",
                "'=HYPERLINK(\"https://evil.example\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("'plain", "'plain"),
            ("plain=1", "plain=1"),
        ] {
            assert_eq!(escape_cell(value), cell, "{value:?}");
        }
        let text = export_rows(&[binding("1", "AA-BB-CC-DD-EE-01", "=cmd", "\r=1")]);
        assert_eq!(text, "1,AA-BB-CC-DD-EE-01,'=cmd,\"'\r=1\"\r\n");
    }

    #[test]
    fn failed_lines_import_again() {
        let text = failed_lines(&[(7, "AA-BB-CC-DD-EE-01", "=dsk", "d, e", "MAC already bound")]);
        let lines = import_lines(&text).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(
            (
                lines[0].mac.as_str(),
                lines[0].desktop_name.as_str(),
                lines[0].description.as_str()
            ),
            ("AA-BB-CC-DD-EE-01", "=dsk", "d, e")
        );
    }

    // Property tests run natively (proptest is a native dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn mac() -> impl Strategy<Value = String> {
            proptest::collection::vec(any::<u8>(), 6).prop_map(|bytes| {
                bytes
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<Vec<_>>()
                    .join("-")
            })
        }

        fn text(max: usize) -> impl Strategy<Value = String> {
            // Anything, weighted to what breaks CSV: delimiters, quotes, line
            // breaks, formula starts, apostrophes, non-ASCII.
            let piece = prop_oneof![
                Just(",".to_owned()),
                Just(";".to_owned()),
                Just("\"".to_owned()),
                Just("\r\n".to_owned()),
                Just("\n".to_owned()),
                Just("\r".to_owned()),
                Just("'".to_owned()),
                Just("=".to_owned()),
                Just("+".to_owned()),
                Just("-".to_owned()),
                Just("@".to_owned()),
                Just("\t".to_owned()),
                Just(" ".to_owned()),
                Just("\u{FEFF}".to_owned()),
                "[a-z0-9]{1,4}",
                "\\PC{1,3}",
            ];
            proptest::collection::vec(piece, 0..8)
                .prop_map(move |pieces| pieces.concat().chars().take(max).collect())
        }

        proptest! {
            #[test]
            fn written_then_read_back_is_unchanged(
                rows in proptest::collection::vec(
                    ("[0-9a-f]{32}", mac(), text(100), text(255)),
                    0..20,
                )
            ) {
                let bindings: Vec<TerminalBinding> = rows
                    .iter()
                    .map(|(id, mac, name, description)| binding(id, mac, name, description))
                    .collect();
                let text = export_start() + &export_rows(&bindings);
                let read = records(&text).unwrap();
                prop_assert_eq!(read.len(), bindings.len() + 1);
                prop_assert_eq!(&read[0].fields, &EXPORT_HEADER.map(String::from).to_vec());
                for (record, binding) in read[1..].iter().zip(&bindings) {
                    let values: Vec<String> = record.fields.iter().map(|f| unescape_cell(f)).collect();
                    prop_assert_eq!(
                        values,
                        vec![
                            binding.id.clone(),
                            binding.mac.clone(),
                            binding.desktop_name.clone(),
                            binding.description.clone()
                        ]
                    );
                }
                // And the export imports as the same bindings (empty names are
                // the import's problem, not the format's).
                let lines = import_lines(&text).unwrap();
                prop_assert_eq!(lines.len(), bindings.len());
                for (line, binding) in lines.iter().zip(&bindings) {
                    prop_assert_eq!(&line.mac, &binding.mac);
                    prop_assert_eq!(&line.desktop_name, &binding.desktop_name);
                    prop_assert_eq!(&line.description, &binding.description);
                }
            }

            #[test]
            fn no_written_cell_starts_a_formula(value in text(300)) {
                let line = export_rows(&[binding("1", "AA-BB-CC-DD-EE-01", &value, &value)]);
                let read = records(&line).unwrap();
                prop_assert_eq!(read.len(), 1);
                for cell in &read[0].fields {
                    prop_assert!(!cell.starts_with(FORMULA_STARTS), "{:?}", cell);
                    prop_assert_eq!(unescape_cell(&escape_cell(cell)), cell.clone());
                }
            }

            #[test]
            fn any_text_reads_without_panicking(text in "\\PC{0,200}") {
                let _ = import_lines(&text);
            }
        }
    }
}
