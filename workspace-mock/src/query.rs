//! The list operation's query string, read as the real service reads it:
//! arrays as repeated keys, `offset` and `limit` required.

use crate::error::WksError;

pub const MAX_LEN: usize = 255;
pub const MAX_ENTRIES: usize = 255;
pub const MAX_OFFSET_LIMIT: u64 = 8000;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub computer_name: Option<String>,
    pub computer_names: Vec<String>,
    pub mac: Option<String>,
    pub mac_list: Vec<String>,
    pub offset: usize,
    pub limit: usize,
    pub count_only: bool,
}

/// Splits and decodes `a=1&b=2` (`+` is a space). Invalid UTF-8 is an error.
pub fn pairs(raw: &str) -> Result<Vec<(String, String)>, WksError> {
    let mut out = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        out.push((decode(key)?, decode(value)?));
    }
    Ok(out)
}

fn decode(text: &str) -> Result<String, WksError> {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| WksError::invalid("The query string is not valid UTF-8."))
}

pub fn is_mac(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 6
        && groups
            .iter()
            .all(|g| g.len() == 2 && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn check_len(name: &str, value: &str) -> Result<(), WksError> {
    if value.chars().count() > MAX_LEN {
        Err(WksError::invalid(format!(
            "Parameter {name} must be at most {MAX_LEN} characters."
        )))
    } else {
        Ok(())
    }
}

fn check_mac(name: &str, value: &str) -> Result<(), WksError> {
    if is_mac(value) {
        Ok(())
    } else {
        Err(WksError::invalid(format!(
            "Parameter {name} does not match the pattern ^([0-9A-Fa-f]{{2}}-){{5}}[0-9A-Fa-f]{{2}}$."
        )))
    }
}

fn number(name: &str, value: Option<&String>) -> Result<usize, WksError> {
    let value = value.ok_or_else(|| WksError::invalid(format!("Parameter {name} is required.")))?;
    value
        .parse::<u64>()
        .ok()
        .filter(|n| *n <= MAX_OFFSET_LIMIT)
        .map(|n| n as usize)
        .ok_or_else(|| {
            WksError::invalid(format!(
                "Parameter {name} must be an integer from 0 to {MAX_OFFSET_LIMIT}."
            ))
        })
}

impl ListQuery {
    pub fn parse(raw: &str) -> Result<Self, WksError> {
        let pairs = pairs(raw)?;
        let last = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
        let all = |key: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let mut query = ListQuery {
            offset: number("offset", last("offset"))?,
            limit: number("limit", last("limit"))?,
            ..ListQuery::default()
        };
        if let Some(name) = last("computer_name").filter(|v| !v.is_empty()) {
            check_len("computer_name", name)?;
            query.computer_name = Some(name.clone());
        }
        // Array parameters: at most MAX_ENTRIES, each checked like a single one.
        let list = |name: &str, check: fn(&str, &str) -> Result<(), WksError>| {
            let values = all(name);
            if values.len() > MAX_ENTRIES {
                return Err(WksError::invalid(format!(
                    "Parameter {name} has more than {MAX_ENTRIES} entries."
                )));
            }
            values.iter().try_for_each(|v| check(name, v))?;
            Ok(values)
        };
        query.computer_names = list("computer_names", check_len)?;
        if let Some(mac) = last("mac").filter(|v| !v.is_empty()) {
            check_mac("mac", mac)?;
            query.mac = Some(mac.clone());
        }
        query.mac_list = list("mac_list", check_mac)?;
        query.count_only = match last("count_only").map(String::as_str) {
            None | Some("") | Some("false") => false,
            Some("true") => true,
            Some(_) => {
                return Err(WksError::invalid(
                    "Parameter count_only must be true or false.",
                ));
            }
        };
        Ok(query)
    }

    /// The matching rules (see README): substring for `computer_name`,
    /// exact for the lists and `mac`, all case-insensitive, combined with AND.
    pub fn matches(&self, desktop_name: &str, mac: &str) -> bool {
        let name = desktop_name.to_lowercase();
        self.computer_name
            .as_ref()
            .is_none_or(|wanted| name.contains(&wanted.to_lowercase()))
            && (self.computer_names.is_empty()
                || self.computer_names.iter().any(|n| n.to_lowercase() == name))
            && self
                .mac
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(mac))
            && (self.mac_list.is_empty()
                || self.mac_list.iter().any(|m| m.eq_ignore_ascii_case(mac)))
    }
}
