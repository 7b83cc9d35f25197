//! The Workspace API as the console uses it: types, URL building, error
//! classification (all pure) and the one HTTP client every call goes through.

pub mod binding_writes;
pub mod client;
pub mod error;
pub mod types;
pub mod url;

pub use client::{bind_eip, find_desktops, list_bindings, list_eips, unbind_eips, unbound_eips};
pub use error::{ApiError, Method};
pub use types::{
    BindEipRequest, Desktop, Eip, ErrorBody, ListAnswer, ListBindingsResponse,
    ListDesktopsResponse, ListEipsResponse, TerminalBinding, UnbindEipsRequest,
};

use crate::config::ApiConfig;
use crate::eip_query::{EipState, EipsQuery};
use crate::query::BindingsQuery;

/// Desktops the "Find desktop" picker shows for what was typed.
pub const DESKTOP_MATCHES: u32 = 10;

/// `GET {base}/v2/{project_id}/terminals/binding-desktops?...`
pub fn list_bindings_url(config: &ApiConfig, query: &BindingsQuery) -> String {
    let mut url = url::api_url(
        &config.base_url,
        &config.project_id,
        &["terminals", "binding-desktops"],
        [],
    );
    url.push_str(&query.api_query_string());
    url
}

/// `GET {base}/v2/{project_id}/eips?...`
pub fn list_eips_url(config: &ApiConfig, query: &EipsQuery) -> String {
    let mut url = url::api_url(&config.base_url, &config.project_id, &["eips"], []);
    url.push_str(&query.api_query_string());
    url
}

/// `GET {base}/v2/{project_id}/eips?state=unbind`: every unbound EIP.
pub fn unbound_eips_url(config: &ApiConfig) -> String {
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["eips"],
        [("state", EipState::Unbound.api_name())],
    )
}

/// `POST {base}/v2/{project_id}/eips/unbinding`
pub fn unbind_eips_url(config: &ApiConfig) -> String {
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["eips", "unbinding"],
        [],
    )
}

/// `GET {base}/v2/{project_id}/desktops?computer_name=...&offset=0&limit=10`
pub fn find_desktops_url(config: &ApiConfig, computer_name: &str) -> String {
    let limit = DESKTOP_MATCHES.to_string();
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["desktops"],
        [
            ("computer_name", computer_name),
            ("offset", "0"),
            ("limit", limit.as_str()),
        ],
    )
}

/// `POST` (create) and `PUT` (update) `{base}/v2/{project_id}/terminals/binding-desktops`
pub fn binding_desktops_url(config: &ApiConfig) -> String {
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["terminals", "binding-desktops"],
        [],
    )
}

/// `POST {base}/v2/{project_id}/terminals/binding-desktops/batch-delete`
pub fn delete_bindings_url(config: &ApiConfig) -> String {
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["terminals", "binding-desktops", "batch-delete"],
        [],
    )
}

/// `GET` and `POST {base}/v2/{project_id}/terminals/binding-desktops/config`
pub fn binding_policy_url(config: &ApiConfig) -> String {
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["terminals", "binding-desktops", "config"],
        [],
    )
}

/// `POST {base}/v2/{project_id}/eips/binding`
pub fn bind_eip_url(config: &ApiConfig) -> String {
    url::api_url(
        &config.base_url,
        &config.project_id,
        &["eips", "binding"],
        [],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::DEFAULT_LIMIT;

    fn config() -> ApiConfig {
        ApiConfig {
            base_url: "https://proxy.example.com/ws/".into(),
            project_id: "p1".into(),
            auth_token: None,
            timeout_ms: 30_000,
        }
    }

    #[test]
    fn list_url_carries_the_page_state() {
        let query = BindingsQuery::from_pairs(
            [("computer_name", "a b"), ("offset", "40"), ("limit", "20")],
            DEFAULT_LIMIT,
        );
        assert_eq!(
            list_bindings_url(&config(), &query),
            "https://proxy.example.com/ws/v2/p1/terminals/binding-desktops?computer_name=a%20b&offset=40&limit=20"
        );
    }

    #[test]
    fn eip_and_desktop_urls() {
        let query = EipsQuery::from_pairs([("state", "bind"), ("address", "119.3")], DEFAULT_LIMIT);
        assert_eq!(
            list_eips_url(&config(), &query),
            "https://proxy.example.com/ws/v2/p1/eips?state=bind&address=119.3&offset=0&limit=20"
        );
        assert_eq!(
            unbound_eips_url(&config()),
            "https://proxy.example.com/ws/v2/p1/eips?state=unbind"
        );
        assert_eq!(
            unbind_eips_url(&config()),
            "https://proxy.example.com/ws/v2/p1/eips/unbinding"
        );
        assert_eq!(
            find_desktops_url(&config(), "dsk fin"),
            "https://proxy.example.com/ws/v2/p1/desktops?computer_name=dsk%20fin&offset=0&limit=10"
        );
    }

    #[test]
    fn binding_management_urls() {
        assert_eq!(
            binding_desktops_url(&config()),
            "https://proxy.example.com/ws/v2/p1/terminals/binding-desktops"
        );
        assert_eq!(
            delete_bindings_url(&config()),
            "https://proxy.example.com/ws/v2/p1/terminals/binding-desktops/batch-delete"
        );
        assert_eq!(
            binding_policy_url(&config()),
            "https://proxy.example.com/ws/v2/p1/terminals/binding-desktops/config"
        );
    }

    #[test]
    fn bind_url() {
        assert_eq!(
            bind_eip_url(&config()),
            "https://proxy.example.com/ws/v2/p1/eips/binding"
        );
    }
}
