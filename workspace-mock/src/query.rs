//! The list operations' query strings, read as the real service reads them:
//! arrays as repeated keys; for the bindings list `offset` and `limit` are
//! required, for the EIP and desktop lists they are optional.

use crate::data::{Desktop, Eip};
use crate::error::WksError;

pub const MAX_LEN: usize = 255;
pub const MAX_ENTRIES: usize = 255;
pub const MAX_OFFSET_LIMIT: u64 = 8000;
/// `offset` of the EIP and desktop lists: an int32 in the API's models.
pub const MAX_OFFSET: u64 = i32::MAX as u64;
pub const MAX_EIP_LIMIT: u64 = 1000;
pub const MAX_DESKTOP_LIMIT: u64 = 1000;
/// `desktop_id` and `user_name` of the desktop list.
pub const MAX_DESKTOP_ENTRIES: usize = 100;

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

/// The decoded pairs of a query, read by name.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: &str) -> Result<Self, WksError> {
        pairs(raw).map(Params)
    }

    /// The last value of a key, as most servers read a repeated single key.
    fn last(&self, key: &str) -> Option<&String> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A text filter: absent or empty is no filter; at most `MAX_LEN`.
    fn text(&self, key: &str) -> Result<Option<String>, WksError> {
        match self.last(key).filter(|v| !v.is_empty()) {
            Some(value) => check_len(key, value).map(|()| Some(value.clone())),
            None => Ok(None),
        }
    }

    /// An array filter (repeated keys): empty entries are left out, at most
    /// `max` entries, each at most `MAX_LEN`.
    fn list(&self, key: &str, max: usize) -> Result<Vec<String>, WksError> {
        let values: Vec<String> = self
            .0
            .iter()
            .filter(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        if values.len() > max {
            return Err(WksError::invalid(format!(
                "Parameter {key} has more than {max} entries."
            )));
        }
        values.iter().try_for_each(|v| check_len(key, v))?;
        Ok(values)
    }

    /// An optional integer from `min` to `max`; present but empty or not a
    /// number is an error.
    fn integer(&self, key: &str, min: u64, max: u64) -> Result<Option<usize>, WksError> {
        let Some(value) = self.last(key) else {
            return Ok(None);
        };
        value
            .parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| {
                WksError::invalid(format!(
                    "Parameter {key} must be an integer from {min} to {max}."
                ))
            })
    }
}

/// Whether the EIP is bound, as `state` asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EipState {
    Bind,
    Unbind,
}

/// `GET /v2/{project_id}/eips`: every parameter optional.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct EipQuery {
    pub enterprise_project_id: Option<String>,
    pub desktop_id: Option<String>,
    pub desktop_name: Option<String>,
    pub user_name: Option<String>,
    pub address: Option<String>,
    pub state: Option<EipState>,
    pub offset: usize,
    /// `None`: every match (the API's rule when `limit` is left out).
    pub limit: Option<usize>,
}

impl EipQuery {
    pub fn parse(raw: &str) -> Result<Self, WksError> {
        let params = Params::parse(raw)?;
        let state = match params.last("state").map(String::as_str) {
            None | Some("") => None,
            Some("bind") => Some(EipState::Bind),
            Some("unbind") => Some(EipState::Unbind),
            Some(_) => {
                return Err(WksError::invalid("Parameter state must be bind or unbind."));
            }
        };
        Ok(EipQuery {
            enterprise_project_id: params.text("enterprise_project_id")?,
            desktop_id: params.text("desktop_id")?,
            desktop_name: params.text("desktop_name")?,
            user_name: params.text("user_name")?,
            address: params.text("address")?,
            state,
            offset: params.integer("offset", 0, MAX_OFFSET)?.unwrap_or(0),
            limit: params.integer("limit", 1, MAX_EIP_LIMIT)?,
        })
    }

    /// The matching rules (see README), combined with AND. The desktop
    /// filters look at the attached desktop, so an unbound EIP never
    /// matches them.
    pub fn matches(&self, eip: &Eip, attached: Option<&Desktop>) -> bool {
        let desktop = |wanted: &Option<String>, test: &dyn Fn(&str, &Desktop) -> bool| {
            wanted
                .as_deref()
                .is_none_or(|w| attached.is_some_and(|d| test(w, d)))
        };
        self.enterprise_project_id
            .as_deref()
            .is_none_or(|p| p == eip.enterprise_project_id)
            && self
                .address
                .as_deref()
                .is_none_or(|a| eip.address.contains(a))
            && self.state.is_none_or(|state| match state {
                EipState::Bind => attached.is_some(),
                EipState::Unbind => attached.is_none(),
            })
            && desktop(&self.desktop_id, &|w, d| d.desktop_id == w)
            && desktop(&self.desktop_name, &|w, d| {
                contains_ignoring_case(&d.computer_name, w)
            })
            && desktop(&self.user_name, &|w, d| {
                contains_ignoring_case(&d.user_name, w)
            })
    }
}

/// `GET /v2/{project_id}/desktops`: every parameter optional.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DesktopQuery {
    pub computer_name: Option<String>,
    pub desktop_ip: Option<String>,
    pub status: Option<String>,
    pub desktop_ids: Vec<String>,
    pub user_names: Vec<String>,
    pub offset: usize,
    pub limit: usize,
}

impl DesktopQuery {
    pub fn parse(raw: &str) -> Result<Self, WksError> {
        let params = Params::parse(raw)?;
        Ok(DesktopQuery {
            computer_name: params.text("computer_name")?,
            desktop_ip: params.text("desktop_ip")?,
            status: params.text("status")?,
            desktop_ids: params.list("desktop_id", MAX_DESKTOP_ENTRIES)?,
            user_names: params.list("user_name", MAX_DESKTOP_ENTRIES)?,
            offset: params.integer("offset", 0, MAX_OFFSET)?.unwrap_or(0),
            limit: params
                .integer("limit", 0, MAX_DESKTOP_LIMIT)?
                .unwrap_or(MAX_DESKTOP_LIMIT as usize),
        })
    }

    /// The matching rules (see README), combined with AND.
    pub fn matches(&self, desktop: &Desktop) -> bool {
        self.computer_name
            .as_deref()
            .is_none_or(|w| contains_ignoring_case(&desktop.computer_name, w))
            && self
                .desktop_ip
                .as_deref()
                .is_none_or(|ip| ip == desktop.ip_address)
            && self.status.as_deref().is_none_or(|s| s == desktop.status)
            && (self.desktop_ids.is_empty() || self.desktop_ids.contains(&desktop.desktop_id))
            && (self.user_names.is_empty()
                || self
                    .user_names
                    .iter()
                    .any(|u| contains_ignoring_case(&desktop.user_name, u)))
    }
}

fn contains_ignoring_case(value: &str, wanted: &str) -> bool {
    value.to_lowercase().contains(&wanted.to_lowercase())
}
