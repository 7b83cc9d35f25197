//! The Workspace API as the console uses it: types, URL building, error
//! classification (all pure) and the one HTTP client every call goes through.

pub mod client;
pub mod error;
pub mod types;
pub mod url;

pub use client::{bind_eip, list_bindings};
pub use error::{ApiError, Method};
pub use types::{BindEipRequest, ErrorBody, ListBindingsResponse, TerminalBinding};

use crate::config::ApiConfig;
use crate::query::BindingsQuery;

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
    fn bind_url() {
        assert_eq!(
            bind_eip_url(&config()),
            "https://proxy.example.com/ws/v2/p1/eips/binding"
        );
    }
}
