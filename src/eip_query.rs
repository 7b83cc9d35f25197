//! The EIP list's filters as they live in the URL, with the API's names
//! (`state`, `address`, `desktop_name`; paging is `query::PageQuery`'s),
//! and how a row reads. Pure and total, like `query` for the bindings.

use crate::i18n::{t, tf};
use crate::query::{PageFilters, PageQuery};
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

impl PageFilters for EipFilters {
    const KEYS: &'static [&'static str] = &["state", "address", "desktop_name"];

    fn read_pair(&mut self, key: &str, value: &str) {
        match key {
            "state" => self.state = EipState::from_api_name(value),
            "address" => self.address = value.to_owned(),
            "desktop_name" => self.desktop_name = value.to_owned(),
            _ => {}
        }
    }

    fn pairs(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("state", self.state.map_or("", EipState::api_name)),
            ("address", self.address.as_str()),
            ("desktop_name", self.desktop_name.as_str()),
        ]
    }

    fn is_filtering(&self) -> bool {
        self.state.is_some() || !self.address.is_empty() || !self.desktop_name.is_empty()
    }
}

/// The EIP list's state.
pub type EipsQuery = PageQuery<EipFilters>;

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
        "traffic" => t("By traffic").into(),
        "bandwidth" => t("By bandwidth").into(),
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
    let (eip, desktop) = (named(eip_id, address), named(desktop_id, desktop_name));
    tf("EIP {0} is now bound to desktop {1}. ", &[&eip, &desktop])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::DEFAULT_LIMIT;

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
    fn the_eip_keys_are_the_ones_written() {
        crate::query::tests::assert_keys_round_trip(EipFilters {
            state: Some(EipState::Unbound),
            address: "119.3".into(),
            desktop_name: "fin".into(),
        });
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
