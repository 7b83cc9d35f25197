//! A list page's state as it lives in the URL, with the API's own
//! parameter names: URL ⇄ [`PageQuery`] ⇄ API request, for any list's
//! filters ([`PageFilters`]), and the bindings list's filters. Pure, so it
//! is tested natively, and total: no URL can make it fail.

use crate::api::url::{MAX_REQUEST_LINE_BYTES, query_string, request_line_bytes};
use crate::i18n::{t, tf};
use crate::validation::{
    FieldErrors, check_list, check_list_text, check_mac, check_text, normalize_mac,
};

pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
pub const DEFAULT_LIMIT: u32 = 20;
/// The API accepts offsets up to this value.
pub const MAX_OFFSET: u32 = 8000;

/// The filters, named as the API names them. Values are as found in the URL
/// or the form; [`Filters::validate`] says whether the API would take them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub computer_name: String,
    pub computer_names: Vec<String>,
    pub mac: String,
    pub mac_list: Vec<String>,
    pub count_only: bool,
}

impl Filters {
    /// Normalised filters (MACs as `AA-BB-CC-DD-EE-FF`, repeats dropped), or
    /// a message for each field the API would reject.
    pub fn validate(&self) -> Result<Filters, FieldErrors> {
        let computer_name = check_text(&self.computer_name).map(|()| self.computer_name.clone());
        let computer_names = check_list(&self.computer_names, check_list_text);
        let mac = if self.mac.is_empty() {
            Ok(String::new())
        } else {
            check_mac(&self.mac)
        };
        let mac_list = check_list(&self.mac_list, check_mac);
        match (computer_name, computer_names, mac, mac_list) {
            (Ok(computer_name), Ok(computer_names), Ok(mac), Ok(mac_list)) => Ok(Filters {
                computer_name,
                computer_names,
                mac,
                mac_list,
                count_only: self.count_only,
            }),
            (computer_name, computer_names, mac, mac_list) => Err(FieldErrors::of([
                ("computer_name", computer_name.err()),
                ("computer_names", computer_names.err()),
                ("mac", mac.err()),
                ("mac_list", mac_list.err()),
            ])),
        }
    }
}

/// Refuses a request whose line the proxy would not take, with the message
/// on `field`, the one that made it long.
pub fn check_request_size(method: &str, url: &str, field: &'static str) -> Result<(), FieldErrors> {
    let bytes = request_line_bytes(method, url);
    if bytes <= MAX_REQUEST_LINE_BYTES {
        return Ok(());
    }
    let (sent, most) = (
        thousands(bytes as u64),
        thousands(MAX_REQUEST_LINE_BYTES as u64),
    );
    let message = tf(
        "This search makes a request of {0} bytes; the proxy takes at most {1}. \
                      Split it into several searches.",
        &[&sent, &most],
    );
    Err(FieldErrors::of([(field, Some(message))]))
}

/// `16384` → `16,384`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// What the admin calls the rows of a list, for its status line: English
/// literals marked with `tk`, translated where shown (`t(noun.many)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Noun {
    pub one: &'static str,
    pub many: &'static str,
}

/// An answer holds no more rows than asked for, and a total of at least
/// the rows it carries; anything else is not the page that was asked for.
pub fn check_page_answer(limit: u32, rows: usize, total: u64) -> Result<(), String> {
    if rows > limit as usize {
        let carried = thousands(rows as u64);
        Err(tf(
            "it carries {0} rows for a page of {1}",
            &[&carried, &limit],
        ))
    } else if total < rows as u64 {
        Err(tf(
            "its total of {0} is smaller than the {1} rows it carries",
            &[&total, &rows],
        ))
    } else {
        Ok(())
    }
}

/// What a list's filters tell the page state they live in.
pub trait PageFilters: Clone + Default + PartialEq {
    /// The URL keys of the filters, in the order they are sent.
    const KEYS: &'static [&'static str];
    /// Takes one URL pair (value trimmed and percent-decoded); other keys
    /// are not this list's and are ignored. Never fails: what the API would
    /// refuse is found by the page's check.
    fn read_pair(&mut self, key: &str, value: &str);
    /// The filters as URL and API pairs, in the order they are sent; empty
    /// values are left out when the query is written.
    fn pairs(&self) -> Vec<(&'static str, &str)>;
    /// True when any filter narrows the list (so "no rows" means no match
    /// rather than an empty project).
    fn is_filtering(&self) -> bool;
    fn count_only(&self) -> bool {
        false
    }
}

/// The URL keys of the page window, after the filters'.
pub const PAGE_KEYS: &[&str] = &["offset", "limit"];

/// A list page's whole state: its filters plus the page window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageQuery<F> {
    pub filters: F,
    pub offset: u32,
    pub limit: u32,
}

/// The bindings list's state.
pub type BindingsQuery = PageQuery<Filters>;

impl<F: PageFilters> PageQuery<F> {
    pub fn new(default_limit: u32) -> Self {
        PageQuery {
            filters: F::default(),
            offset: 0,
            limit: valid_limit(default_limit).unwrap_or(DEFAULT_LIMIT),
        }
    }

    /// Reads URL query pairs (already percent-decoded). Unknown keys are
    /// ignored; an invalid offset or limit falls back to its default; a
    /// repeated single-value key keeps its last value, as the router does.
    /// `default_limit` is this browser's remembered page size.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        default_limit: u32,
    ) -> Self {
        let mut query = PageQuery::<F>::new(default_limit);
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "offset" => query.offset = parse_offset(value),
                "limit" => query.limit = parse_limit(value, query.limit),
                _ => query.filters.read_pair(key, value),
            }
        }
        query
    }

    /// The URL query (`?...`, or empty) for this state: defaults are left
    /// out so a plain page path stays plain.
    pub fn to_query_string(&self, default_limit: u32) -> String {
        let offset = self.offset.to_string();
        let limit = self.limit.to_string();
        let mut pairs = self.filters.pairs();
        if self.offset != 0 {
            pairs.push(("offset", &offset));
        }
        if self.limit != default_limit {
            pairs.push(("limit", &limit));
        }
        query_string(pairs)
    }

    /// The API request's query parameters: filters, then the required
    /// offset and limit. Array values become repeated keys.
    pub fn api_query_string(&self) -> String {
        let offset = self.offset.to_string();
        let limit = self.limit.to_string();
        let mut pairs = self.filters.pairs();
        pairs.push(("offset", &offset));
        pairs.push(("limit", &limit));
        query_string(pairs)
    }

    /// A new search starts at the first page.
    pub fn with_filters(&self, filters: F) -> Self {
        PageQuery {
            filters,
            offset: 0,
            limit: self.limit,
        }
    }

    /// A new page size starts at the first page.
    pub fn with_limit(&self, limit: u32) -> Self {
        PageQuery {
            filters: self.filters.clone(),
            offset: 0,
            limit: valid_limit(limit).unwrap_or(self.limit),
        }
    }

    pub fn with_offset(&self, offset: u32) -> Self {
        PageQuery {
            filters: self.filters.clone(),
            offset: offset.min(MAX_OFFSET),
            limit: self.limit,
        }
    }
}

impl PageFilters for Filters {
    const KEYS: &'static [&'static str] = &[
        "computer_name",
        "computer_names",
        "mac",
        "mac_list",
        "count_only",
    ];

    fn read_pair(&mut self, key: &str, value: &str) {
        match key {
            "computer_name" => self.computer_name = value.to_owned(),
            "computer_names" => push_new(&mut self.computer_names, value),
            "mac" => self.mac = normalize_mac(value).unwrap_or_else(|| value.to_owned()),
            "mac_list" => push_new(
                &mut self.mac_list,
                &normalize_mac(value).unwrap_or_else(|| value.to_owned()),
            ),
            "count_only" => self.count_only = value == "true",
            _ => {}
        }
    }

    fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![("computer_name", self.computer_name.as_str())];
        pairs.extend(
            self.computer_names
                .iter()
                .map(|n| ("computer_names", n.as_str())),
        );
        pairs.push(("mac", self.mac.as_str()));
        pairs.extend(self.mac_list.iter().map(|m| ("mac_list", m.as_str())));
        if self.count_only {
            pairs.push(("count_only", "true"));
        }
        pairs
    }

    fn is_filtering(&self) -> bool {
        !self.computer_name.is_empty()
            || !self.computer_names.is_empty()
            || !self.mac.is_empty()
            || !self.mac_list.is_empty()
    }

    fn count_only(&self) -> bool {
        self.count_only
    }
}

/// An `offset` from the URL: 0 when it is not one the API accepts.
pub fn parse_offset(value: &str) -> u32 {
    value
        .parse::<u32>()
        .ok()
        .filter(|offset| *offset <= MAX_OFFSET)
        .unwrap_or(0)
}

/// A `limit` from the URL: one of the page sizes, else `fallback`.
pub fn parse_limit(value: &str, fallback: u32) -> u32 {
    value.parse().ok().and_then(valid_limit).unwrap_or(fallback)
}

pub fn valid_limit(limit: u32) -> Option<u32> {
    PAGE_SIZES.contains(&limit).then_some(limit)
}

fn push_new(list: &mut Vec<String>, value: &str) {
    if !value.is_empty() && !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}

/// Where the page window stands, for the status line and the pagination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageWindow {
    pub offset: u32,
    pub limit: u32,
    pub total: u64,
}

impl PageWindow {
    pub fn page(&self) -> u64 {
        u64::from(self.offset) / u64::from(self.limit.max(1)) + 1
    }

    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.limit.max(1))).max(1)
    }

    pub fn previous_offset(&self) -> Option<u32> {
        (self.offset > 0).then(|| self.offset.saturating_sub(self.limit))
    }

    /// None at the end of the list, and past the API's offset limit.
    pub fn next_offset(&self) -> Option<u32> {
        let next = u64::from(self.offset) + u64::from(self.limit);
        (next < self.total && next <= u64::from(MAX_OFFSET)).then_some(next as u32)
    }

    /// When the offset is past the end (a stale link, rows deleted since),
    /// the offset of the last page; None when the window is fine.
    pub fn last_page_offset_if_past_end(&self) -> Option<u32> {
        if self.total == 0 || u64::from(self.offset) < self.total {
            return None;
        }
        let limit = u64::from(self.limit.max(1));
        let last = (self.total - 1) / limit * limit;
        Some(last.min(u64::from(MAX_OFFSET) / limit * limit) as u32)
    }

    /// True when rows exist that no offset the API accepts can reach.
    pub fn beyond_reach(&self) -> bool {
        self.total > u64::from(MAX_OFFSET) + u64::from(self.limit)
    }
}

/// The live status line.
pub fn status_text(
    noun: Noun,
    window: PageWindow,
    shown: usize,
    filtering: bool,
    count_only: bool,
) -> String {
    let many = t(noun.many);
    let noun = if window.total == 1 { t(noun.one) } else { many };
    let total = window.total;
    if count_only {
        return tf("{0} {1}", &[&total, &noun]);
    }
    if total == 0 {
        return if filtering {
            tf("No {0} match these filters", &[&many])
        } else {
            tf("No {0} yet", &[&many])
        };
    }
    if shown == 0 {
        return tf("No rows on this page; {0} {1} in all", &[&total, &noun]);
    }
    let from = u64::from(window.offset) + 1;
    let to = u64::from(window.offset) + shown as u64;
    tf("Showing {0}–{1} of {2} {3}", &[&from, &to, &total, &noun])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const BINDINGS_NOUN: Noun = Noun {
        one: "binding",
        many: "bindings",
    };

    fn parse(query: &[(&str, &str)]) -> BindingsQuery {
        BindingsQuery::from_pairs(query.iter().copied(), DEFAULT_LIMIT)
    }

    /// Every key a list writes is one it reads back from the URL (the
    /// router hands the page only the keys in `KEYS`).
    pub fn assert_keys_round_trip<F: PageFilters + std::fmt::Debug>(filled: F) {
        let pairs = filled.pairs();
        for (key, _) in &pairs {
            assert!(F::KEYS.contains(key), "{key} is written but not read");
        }
        let mut read = F::default();
        for (key, value) in &pairs {
            read.read_pair(key, value);
        }
        assert_eq!(read, filled);
        for key in F::KEYS {
            assert!(
                pairs.iter().any(|(k, _)| k == key),
                "{key} is read but never written"
            );
        }
    }

    #[test]
    fn the_bindings_keys_are_the_ones_written() {
        assert_keys_round_trip(Filters {
            computer_name: "a".into(),
            computer_names: vec!["b".into(), "c".into()],
            mac: "AA-BB-CC-DD-EE-FF".into(),
            mac_list: vec!["AA-BB-CC-DD-EE-00".into()],
            count_only: true,
        });
    }

    #[test]
    fn empty_url_is_the_default_first_page() {
        let query = parse(&[]);
        assert_eq!(query, BindingsQuery::new(DEFAULT_LIMIT));
        assert_eq!(query.offset, 0);
        assert_eq!(query.limit, 20);
        assert_eq!(query.to_query_string(DEFAULT_LIMIT), "");
        assert_eq!(query.api_query_string(), "?offset=0&limit=20");
    }

    #[test]
    fn invalid_offset_and_limit_fall_back_to_defaults() {
        for (offset, limit) in [
            ("-3", "abc"),
            ("8001", "0"),
            ("1e3", "37"),
            ("", "100000000000"),
        ] {
            let query = parse(&[("offset", offset), ("limit", limit)]);
            assert_eq!((query.offset, query.limit), (0, 20), "{offset} {limit}");
        }
        let query = parse(&[("offset", "40"), ("limit", "50")]);
        assert_eq!((query.offset, query.limit), (40, 50));
    }

    #[test]
    fn remembered_page_size_is_the_default_limit() {
        let query = BindingsQuery::from_pairs([], 50);
        assert_eq!(query.limit, 50);
        assert_eq!(query.to_query_string(50), "");
        assert_eq!(query.with_limit(20).to_query_string(50), "?limit=20");
    }

    #[test]
    fn arrays_are_repeated_keys_both_ways() {
        let query = parse(&[
            ("mac_list", "aa:bb:cc:dd:ee:01"),
            ("mac_list", "AA-BB-CC-DD-EE-02"),
            ("computer_names", "a"),
            ("computer_names", "b"),
            ("count_only", "true"),
        ]);
        assert_eq!(
            query.filters.mac_list,
            vec!["AA-BB-CC-DD-EE-01", "AA-BB-CC-DD-EE-02"]
        );
        assert!(query.filters.count_only);
        assert_eq!(
            query.api_query_string(),
            "?computer_names=a&computer_names=b&mac_list=AA-BB-CC-DD-EE-01&mac_list=AA-BB-CC-DD-EE-02&count_only=true&offset=0&limit=20"
        );
    }

    #[test]
    fn url_round_trips() {
        let query = BindingsQuery {
            filters: Filters {
                computer_name: "fin & ops #1".into(),
                computer_names: vec!["a/b".into(), "桌面".into()],
                mac: "AA-BB-CC-DD-EE-FF".into(),
                mac_list: vec!["00-11-22-33-44-55".into()],
                count_only: true,
            },
            offset: 40,
            limit: 50,
        };
        let url = query.to_query_string(DEFAULT_LIMIT);
        let decoded: Vec<(String, String)> = url
            .trim_start_matches('?')
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                let v = percent_encoding::percent_decode_str(v)
                    .decode_utf8()
                    .unwrap();
                (k.to_string(), v.into_owned())
            })
            .collect();
        let back = BindingsQuery::from_pairs(
            decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            DEFAULT_LIMIT,
        );
        assert_eq!(back, query);
    }

    #[test]
    fn count_only_needs_true() {
        assert!(!parse(&[("count_only", "1")]).filters.count_only);
        assert!(!parse(&[("count_only", "false")]).filters.count_only);
    }

    #[test]
    fn searching_and_page_size_return_to_first_page() {
        let query = parse(&[("offset", "60")]);
        assert_eq!(query.with_filters(Filters::default()).offset, 0);
        assert_eq!(query.with_limit(100).offset, 0);
        assert_eq!(query.with_limit(7).limit, 20);
    }

    #[test]
    fn invalid_filters_are_kept_for_the_form_and_rejected() {
        let query = parse(&[("mac", "zz"), ("computer_name", &"x".repeat(256))]);
        assert_eq!(query.filters.mac, "zz");
        let errors = query.filters.validate().unwrap_err();
        assert!(errors.get("mac").is_some());
        assert!(errors.get("computer_name").is_some());
        assert!(errors.get("mac_list").is_none());
    }

    #[test]
    fn page_window_arithmetic() {
        let w = PageWindow {
            offset: 20,
            limit: 20,
            total: 523,
        };
        assert_eq!((w.page(), w.page_count()), (2, 27));
        assert_eq!((w.previous_offset(), w.next_offset()), (Some(0), Some(40)));
        let last = PageWindow {
            offset: 520,
            limit: 20,
            total: 523,
        };
        assert_eq!(last.next_offset(), None);
        let first = PageWindow {
            offset: 0,
            limit: 20,
            total: 0,
        };
        assert_eq!((first.page_count(), first.previous_offset()), (1, None));
        let odd = PageWindow {
            offset: 5,
            limit: 20,
            total: 523,
        };
        assert_eq!(odd.previous_offset(), Some(0));
    }

    #[test]
    fn past_the_end_moves_to_the_last_page() {
        let w = PageWindow {
            offset: 1000,
            limit: 20,
            total: 523,
        };
        assert_eq!(w.last_page_offset_if_past_end(), Some(520));
        let exact = PageWindow {
            offset: 40,
            limit: 20,
            total: 40,
        };
        assert_eq!(exact.last_page_offset_if_past_end(), Some(20));
        let fine = PageWindow {
            offset: 20,
            limit: 20,
            total: 40,
        };
        assert_eq!(fine.last_page_offset_if_past_end(), None);
        let huge = PageWindow {
            offset: 8000,
            limit: 100,
            total: 9_000_000,
        };
        assert_eq!(huge.last_page_offset_if_past_end(), None);
        assert_eq!(huge.next_offset(), None);
        assert!(huge.beyond_reach());
    }

    #[test]
    fn status_lines() {
        let w = PageWindow {
            offset: 20,
            limit: 20,
            total: 523,
        };
        assert_eq!(
            status_text(BINDINGS_NOUN, w, 20, false, false),
            "Showing 21–40 of 523 bindings"
        );
        assert_eq!(
            status_text(BINDINGS_NOUN, w, 0, false, true),
            "523 bindings"
        );
        let one = PageWindow {
            offset: 0,
            limit: 20,
            total: 1,
        };
        assert_eq!(status_text(BINDINGS_NOUN, one, 0, true, true), "1 binding");
        assert_eq!(
            status_text(BINDINGS_NOUN, one, 1, true, false),
            "Showing 1–1 of 1 binding"
        );
        let none = PageWindow {
            offset: 0,
            limit: 20,
            total: 0,
        };
        assert_eq!(
            status_text(BINDINGS_NOUN, none, 0, true, false),
            "No bindings match these filters"
        );
        assert_eq!(
            status_text(BINDINGS_NOUN, none, 0, false, false),
            "No bindings yet"
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("computer_name".to_string()),
            Just("computer_names".to_string()),
            Just("mac".to_string()),
            Just("mac_list".to_string()),
            Just("count_only".to_string()),
            Just("offset".to_string()),
            Just("limit".to_string()),
            ".{0,12}",
        ]
    }

    proptest! {
        /// Any URL gives a usable state: no panic, offset and limit in range.
        #[test]
        fn any_url_parses_to_a_valid_window(pairs in proptest::collection::vec((key(), ".{0,300}"), 0..20)) {
            let query = BindingsQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), DEFAULT_LIMIT);
            prop_assert!(query.offset <= MAX_OFFSET);
            prop_assert!(PAGE_SIZES.contains(&query.limit));
            let _ = query.filters.validate();
            let _ = query.api_query_string();
        }

        /// State → URL → state is the identity for valid states.
        #[test]
        fn valid_states_round_trip(
            computer_name in "[^\\x00-\\x1f]{0,40}",
            names in proptest::collection::vec("[a-z0-9_-]{1,20}", 0..5),
            macs in proptest::collection::vec("([0-9A-F]{2}-){5}[0-9A-F]{2}", 0..5),
            count_only: bool,
            page in 0u32..80,
            limit_index in 0usize..4,
        ) {
            let limit = PAGE_SIZES[limit_index];
            let mut unique_names = Vec::new();
            for name in names { if !unique_names.contains(&name) { unique_names.push(name); } }
            let mut unique_macs = Vec::new();
            for mac in macs { if !unique_macs.contains(&mac) { unique_macs.push(mac); } }
            let query = BindingsQuery {
                filters: Filters {
                    computer_name: computer_name.trim().to_string(),
                    computer_names: unique_names,
                    mac: String::new(),
                    mac_list: unique_macs,
                    count_only,
                },
                offset: (page * limit).min(MAX_OFFSET),
                limit,
            };
            let url = query.to_query_string(DEFAULT_LIMIT);
            let decoded: Vec<(String, String)> = url
                .trim_start_matches('?')
                .split('&')
                .filter(|pair| !pair.is_empty())
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_string(), percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned()))
                .collect();
            let back = BindingsQuery::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())), DEFAULT_LIMIT);
            prop_assert_eq!(back, query);
        }
    }

    #[test]
    fn an_answer_is_held_to_what_was_asked() {
        assert_eq!(check_page_answer(20, 20, 523), Ok(()));
        assert_eq!(check_page_answer(20, 0, 0), Ok(()));
        assert_eq!(
            check_page_answer(20, 100_000, 100_000),
            Err("it carries 100,000 rows for a page of 20".into())
        );
        assert_eq!(
            check_page_answer(20, 1, 0),
            Err("its total of 0 is smaller than the 1 rows it carries".into())
        );
    }

    #[test]
    fn a_request_the_proxy_would_refuse_is_a_field_error() {
        let fits = format!("/api?{}", "a".repeat(MAX_REQUEST_LINE_BYTES - 20));
        assert_eq!(check_request_size("GET", &fits, "computer_names"), Ok(()));
        let long = format!("/api?{}", "a".repeat(MAX_REQUEST_LINE_BYTES));
        let errors = check_request_size("GET", &long, "mac_list").unwrap_err();
        assert_eq!(errors.first_field(), Some("mac_list"));
        let message = errors.get("mac_list").unwrap();
        assert!(message.contains("at most 16,384"), "{message}");
        assert!(message.contains("Split it into several searches"));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(16_384), "16,384");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
