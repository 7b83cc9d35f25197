//! Exporting every binding that matches the list's filters: which page to
//! ask for next (the largest the API allows), what the progress says, when
//! it is done, how far a failed export got and where it picks up again.
//! Pure; the page that runs it fetches and saves.

use crate::api::{ListBindingsResponse, TerminalBinding};
use crate::bindings_csv::{export_rows, export_start};
use crate::i18n::{t, tf};
use crate::query::{BindingsQuery, Filters, MAX_OFFSET, thousands};

/// The largest page the list API allows.
pub const EXPORT_PAGE: u32 = 8000;

/// An export in progress: the filters, the rows so far, the total the API
/// last gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    filters: Filters,
    rows: Vec<TerminalBinding>,
    total: Option<u64>,
    /// The total changed between pages: rows were added or deleted while
    /// the export ran, so a row may be missing or repeated.
    pub total_changed: bool,
}

/// Where an export stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Ask for this page next.
    Fetch(BindingsQuery),
    /// Every row is in.
    Done,
    /// The API pages no further (its offset stops at 8,000): the rows in
    /// are all an export can have.
    Truncated,
}

impl Export {
    /// An export of the rows matching `filters` (`count_only` is ignored:
    /// the rows are the point).
    pub fn new(filters: Filters) -> Self {
        Export {
            filters: Filters {
                count_only: false,
                ..filters
            },
            ..Export::default()
        }
    }

    pub fn fetched(&self) -> usize {
        self.rows.len()
    }

    /// What to do next.
    pub fn step(&self) -> Step {
        let fetched = self.rows.len() as u64;
        if self.total.is_some_and(|total| fetched >= total) {
            return Step::Done;
        }
        let Ok(offset) = u32::try_from(fetched) else {
            return Step::Truncated;
        };
        if offset > MAX_OFFSET {
            return Step::Truncated;
        }
        Step::Fetch(BindingsQuery {
            filters: self.filters.clone(),
            offset,
            limit: EXPORT_PAGE,
        })
    }

    /// Takes the answer to the page `step` asked for. A page shorter than
    /// asked for ends the export (rows deleted meanwhile), whatever the
    /// total says.
    pub fn take(&mut self, page: ListBindingsResponse) {
        if self.total.is_some_and(|total| total != page.total_num) {
            self.total_changed = true;
        }
        let short = page.bind_list.len() < EXPORT_PAGE as usize;
        self.rows.extend(page.bind_list);
        self.total = Some(if short {
            self.rows.len() as u64
        } else {
            page.total_num
        });
    }

    /// The progress bar's text, like "1,200 of 4,523".
    pub fn progress(&self) -> String {
        let fetched = thousands(self.rows.len() as u64);
        match self.total {
            Some(total) => tf("{0} of {1}", &[&fetched, &thousands(total)]),
            None => t("Starting…").into(),
        }
    }

    /// The total the API last gave.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// What the admin should know about a finished export's file: rows
    /// beyond the API's paging limit, or bindings that changed meanwhile.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if let Some(total) = self.total.filter(|total| *total > self.rows.len() as u64) {
            let reach = thousands(u64::from(MAX_OFFSET) + u64::from(EXPORT_PAGE));
            let (fetched, total) = (thousands(self.rows.len() as u64), thousands(total));
            let warning = tf(
                "The API pages no further than {0} rows: the file holds the first {1} \
                              of {2}. Export with filters to get the rest.",
                &[&reach, &fetched, &total],
            );
            warnings.push(warning);
        }
        if self.total_changed {
            let warning = t(
                "Bindings were added or deleted while the export ran: a row may be \
                             missing or repeated.",
            );
            warnings.push(warning.into());
        }
        warnings
    }

    /// The file: BOM, header, every row fetched.
    pub fn csv(&self) -> String {
        export_start() + &export_rows(&self.rows)
    }
}

/// `bindings-2026-12-04.csv` for that date (`YYYY-MM-DD`, the admin's
/// local date).
pub fn file_name(year: u32, month: u32, day: u32) -> String {
    format!("bindings-{year:04}-{month:02}-{day:02}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(from: usize, count: usize) -> Vec<TerminalBinding> {
        (from..from + count)
            .map(|n| TerminalBinding {
                id: format!("id{n}"),
                mac: format!("AA-BB-CC-DD-{:02X}-{:02X}", n >> 8, n & 255),
                desktop_name: format!("dsk-{n}"),
                description: String::new(),
            })
            .collect()
    }

    fn page(from: usize, count: usize, total: u64) -> ListBindingsResponse {
        ListBindingsResponse {
            bind_list: rows(from, count),
            total_num: total,
        }
    }

    fn fetch(export: &Export) -> BindingsQuery {
        match export.step() {
            Step::Fetch(query) => query,
            other => panic!("expected a fetch, got {other:?}"),
        }
    }

    #[test]
    fn pages_of_the_largest_size_until_the_total() {
        let filters = Filters {
            computer_name: "fin".into(),
            count_only: true,
            ..Filters::default()
        };
        let mut export = Export::new(filters);
        assert_eq!(export.progress(), "Starting…");
        let first = fetch(&export);
        assert_eq!((first.offset, first.limit), (0, 8000));
        assert_eq!(first.filters.computer_name, "fin");
        assert!(!first.filters.count_only);
        export.take(page(0, 8000, 9200));
        assert_eq!(export.progress(), "8,000 of 9,200");
        let second = fetch(&export);
        assert_eq!(second.offset, 8000);
        export.take(page(8000, 1200, 9200));
        assert_eq!(export.step(), Step::Done);
        assert_eq!(export.progress(), "9,200 of 9,200");
        assert!(!export.total_changed);
        assert!(export.warnings().is_empty());
        assert_eq!(export.fetched(), 9200);
    }

    #[test]
    fn an_empty_list_is_done_after_one_page() {
        let mut export = Export::new(Filters::default());
        export.take(page(0, 0, 0));
        assert_eq!(export.step(), Step::Done);
        assert_eq!(export.csv(), "\u{FEFF}id,mac,desktop_name,description\r\n");
    }

    #[test]
    fn the_api_pages_no_further_than_offset_8000() {
        let mut export = Export::new(Filters::default());
        export.take(page(0, 8000, 20_000));
        export.take(page(8000, 8000, 20_000));
        assert_eq!(export.step(), Step::Truncated);
        assert_eq!(export.progress(), "16,000 of 20,000");
        assert_eq!(
            export.warnings(),
            [
                "The API pages no further than 16,000 rows: the file holds the first 16,000 of \
              20,000. Export with filters to get the rest."
            ]
        );
    }

    #[test]
    fn rows_deleted_meanwhile_end_it_and_are_noticed() {
        let mut export = Export::new(Filters::default());
        export.take(page(0, 8000, 9000));
        export.take(page(8000, 900, 8900));
        assert_eq!(export.step(), Step::Done);
        assert!(export.total_changed);
        assert!(export.warnings()[0].starts_with("Bindings were added or deleted"));
        assert_eq!(export.progress(), "8,900 of 8,900");
    }

    #[test]
    fn a_failure_keeps_what_was_fetched_and_resumes_there() {
        let mut export = Export::new(Filters::default());
        export.take(page(0, 8000, 9000));
        // The next request failed: nothing taken; the same page is next.
        assert_eq!(fetch(&export).offset, 8000);
        assert_eq!(export.fetched(), 8000);
        export.take(page(8000, 1000, 9000));
        assert_eq!(export.step(), Step::Done);
        assert_eq!(export.csv().matches("\r\n").count(), 9001);
    }

    #[test]
    fn file_names_carry_the_date() {
        assert_eq!(file_name(2026, 12, 4), "bindings-2026-12-04.csv");
    }
}
