//! The EIP list's state as it lives in the URL, with the API's names
//! (`state`, `address`, `desktop_name`, `offset`, `limit`), and how a row
//! reads. Pure and total, like `query` for the bindings.

use crate::api::url::query_string;
use crate::query::{DEFAULT_LIMIT, MAX_OFFSET, parse_limit, parse_offset, valid_limit};
use crate::validation::{FieldErrors, check_text};

/// `state` in the URL and the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EipState {
    Bound,
    Unbound,
}

impl EipState {
    pub fn api_name(self) -> &'static str {
        match self {
            EipState::Bound => "bind",
            EipState::Unbound => "unbind",
        }
    }

    pub fn from_api_name(name: &str) -> Option<Self> {
        match name {
            "bind" => Some(EipState::Bound),
            "unbind" => Some(EipState::Unbound),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EipFilters {
    pub state: Option<EipState>,
    pub address: String,
    pub desktop_name: String,
}

impl EipFilters {
    pub fn is_filtering(&self) -> bool {
        self.state.is_some() || !self.address.is_empty() || !self.desktop_name.is_empty()
    }

    pub fn validate(&self) -> Result<EipFilters, FieldErrors> {
        let errors = FieldErrors::of([
            ("address", check_text(&self.address).err()),
            ("desktop_name", check_text(&self.desktop_name).err()),
        ]);
        if errors.is_empty() {
            Ok(self.clone())
        } else {
            Err(errors)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EipsQuery {
    pub filters: EipFilters,
    pub offset: u32,
    pub limit: u32,
}

impl EipsQuery {
    pub fn new(default_limit: u32) -> Self {
        EipsQuery {
            filters: EipFilters::default(),
            offset: 0,
            limit: valid_limit(default_limit).unwrap_or(DEFAULT_LIMIT),
        }
    }

    /// Reads URL query pairs (percent-decoded); unknown keys are ignored and
    /// bad values fall back to defaults.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        default_limit: u32,
    ) -> Self {
        let mut query = EipsQuery::new(default_limit);
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "state" => query.filters.state = EipState::from_api_name(value),
                "address" => query.filters.address = value.to_owned(),
                "desktop_name" => query.filters.desktop_name = value.to_owned(),
                "offset" => query.offset = parse_offset(value),
                "limit" => query.limit = parse_limit(value, query.limit),
                _ => {}
            }
        }
        query
    }

    fn filter_pairs(&self) -> Vec<(&'static str, &str)> {
        let f = &self.filters;
        vec![
            ("state", f.state.map_or("", EipState::api_name)),
            ("address", f.address.as_str()),
            ("desktop_name", f.desktop_name.as_str()),
        ]
    }

    /// The URL query; defaults left out.
    pub fn to_query_string(&self, default_limit: u32) -> String {
        let (offset, limit) = (self.offset.to_string(), self.limit.to_string());
        let mut pairs = self.filter_pairs();
        if self.offset != 0 {
            pairs.push(("offset", &offset));
        }
        if self.limit != default_limit {
            pairs.push(("limit", &limit));
        }
        query_string(pairs)
    }

    /// The API request's query: filters, then offset and limit.
    pub fn api_query_string(&self) -> String {
        let (offset, limit) = (self.offset.to_string(), self.limit.to_string());
        let mut pairs = self.filter_pairs();
        pairs.push(("offset", &offset));
        pairs.push(("limit", &limit));
        query_string(pairs)
    }

    pub fn with_filters(&self, filters: EipFilters) -> Self {
        EipsQuery {
            filters,
            offset: 0,
            limit: self.limit,
        }
    }

    pub fn with_limit(&self, limit: u32) -> Self {
        EipsQuery {
            filters: self.filters.clone(),
            offset: 0,
            limit: valid_limit(limit).unwrap_or(self.limit),
        }
    }

    pub fn with_offset(&self, offset: u32) -> Self {
        EipsQuery {
            filters: self.filters.clone(),
            offset: offset.min(MAX_OFFSET),
            limit: self.limit,
        }
    }
}

/// `2024-05-01T08:30:00Z` → `2024-05-01 08:30 UTC`; anything else as given.
pub fn created_text(create_time: &str) -> String {
    let bytes = create_time.as_bytes();
    let shaped =
        create_time.len() == 20 && bytes[10] == b'T' && bytes[19] == b'Z' && create_time.is_ascii();
    if shaped {
        format!("{} {} UTC", &create_time[..10], &create_time[11..16])
    } else {
        create_time.to_owned()
    }
}

/// `5` → `5 Mbit/s`.
pub fn bandwidth_text(bandwidth_size: Option<u64>) -> String {
    bandwidth_size.map_or(String::new(), |mbit| format!("{mbit} Mbit/s"))
}

/// `traffic` → `By traffic`, `bandwidth` → `By bandwidth`; others as given.
pub fn charge_mode_text(mode: &str) -> String {
    match mode {
        "traffic" => "By traffic".into(),
        "bandwidth" => "By bandwidth".into(),
        other => other.to_owned(),
    }
}

/// What the bind form says after a success: the address and the desktop's
/// name where the pickers knew them, the IDs always.
pub fn bound_message(
    eip_id: &str,
    address: Option<&str>,
    desktop_id: &str,
    desktop_name: Option<&str>,
) -> String {
    let named = |id: &str, name: Option<&str>| match name.filter(|name| !name.is_empty()) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_owned(),
    };
    format!(
        "EIP {} is now bound to desktop {}. ",
        named(eip_id, address),
        named(desktop_id, desktop_name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> EipsQuery {
        EipsQuery::from_pairs(pairs.iter().copied(), DEFAULT_LIMIT)
    }

    #[test]
    fn the_url_uses_the_api_names_both_ways() {
        let query = parse(&[
            ("state", "unbind"),
            ("address", "119.3"),
            ("desktop_name", "fin & ops"),
            ("offset", "20"),
            ("limit", "50"),
        ]);
        assert_eq!(query.filters.state, Some(EipState::Unbound));
        assert_eq!(
            query.to_query_string(DEFAULT_LIMIT),
            "?state=unbind&address=119.3&desktop_name=fin%20%26%20ops&offset=20&limit=50"
        );
        assert_eq!(
            query.api_query_string(),
            "?state=unbind&address=119.3&desktop_name=fin%20%26%20ops&offset=20&limit=50"
        );
        assert_eq!(parse(&[]).api_query_string(), "?offset=0&limit=20");
        assert_eq!(parse(&[]).to_query_string(DEFAULT_LIMIT), "");
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let query = parse(&[("state", "maybe"), ("offset", "-3"), ("limit", "abc")]);
        assert_eq!(query, EipsQuery::new(DEFAULT_LIMIT));
    }

    #[test]
    fn a_new_search_or_page_size_starts_at_the_first_page() {
        let query = parse(&[("offset", "40")]);
        assert_eq!(query.with_filters(EipFilters::default()).offset, 0);
        assert_eq!(query.with_limit(50).offset, 0);
        assert_eq!(query.with_limit(7).limit, 20);
    }

    #[test]
    fn filters_the_api_would_reject_are_field_errors() {
        let filters = EipFilters {
            address: "x".repeat(256),
            ..EipFilters::default()
        };
        let errors = filters.validate().unwrap_err();
        assert_eq!(errors.first_field(), Some("address"));
        assert!(EipFilters::default().validate().is_ok());
        assert!(!EipFilters::default().is_filtering());
    }

    #[test]
    fn the_success_names_what_the_pickers_knew() {
        assert_eq!(
            bound_message("e1", Some("119.3.0.10"), "d1", Some("dsk-fin-0001")),
            "EIP 119.3.0.10 (e1) is now bound to desktop dsk-fin-0001 (d1). "
        );
        assert_eq!(
            bound_message("e1", None, "d1", Some("")),
            "EIP e1 is now bound to desktop d1. "
        );
    }

    #[test]
    fn rows_read_plainly() {
        assert_eq!(created_text("2024-05-01T08:30:00Z"), "2024-05-01 08:30 UTC");
        assert_eq!(created_text("yesterday"), "yesterday");
        assert_eq!(created_text("2024-05-01T08:30:00é"), "2024-05-01T08:30:00é");
        assert_eq!(bandwidth_text(Some(5)), "5 Mbit/s");
        assert_eq!(bandwidth_text(None), "");
        assert_eq!(charge_mode_text("traffic"), "By traffic");
        assert_eq!(charge_mode_text("other"), "other");
    }
}
