//! Every page of the console, named once: the paths links and navigation
//! use, the segments the router matches, and `href` builders. No other
//! file spells a route path (the tidy test checks it).

use leptos_router::StaticSegment;

use crate::api::url::query_string;

/// `/`: redirects to the bindings list.
pub const HOME: &str = "/";
/// The terminal-desktop bindings list.
pub const BINDINGS: &str = "/bindings";
/// Import terminal bindings from a CSV file or pasted lines.
pub const BINDINGS_IMPORT: &str = "/bindings/import";
/// The EIP list.
pub const EIPS: &str = "/eips";
/// Bind an EIP to a desktop.
pub const BIND_EIP: &str = "/eips/bind";
/// API base URL, project, timeout and token for this browser.
pub const SETTINGS: &str = "/settings";

/// What the router matches for each path above.
pub type OneSegment = (StaticSegment<&'static str>,);
pub type TwoSegments = (StaticSegment<&'static str>, StaticSegment<&'static str>);
pub const BINDINGS_MATCH: OneSegment = (StaticSegment("bindings"),);
pub const BINDINGS_IMPORT_MATCH: TwoSegments = (StaticSegment("bindings"), StaticSegment("import"));
pub const EIPS_MATCH: OneSegment = (StaticSegment("eips"),);
pub const BIND_EIP_MATCH: TwoSegments = (StaticSegment("eips"), StaticSegment("bind"));
pub const SETTINGS_MATCH: OneSegment = (StaticSegment("settings"),);

/// `/bindings` with a URL query built by `BindingsQuery::to_query_string`.
pub fn bindings(query_string: &str) -> String {
    format!("{BINDINGS}{query_string}")
}

/// `/eips` with a URL query built by `EipsQuery::to_query_string`.
pub fn eips(query_string: &str) -> String {
    format!("{EIPS}{query_string}")
}

/// `/eips/bind`, with the fields to prefill.
pub fn bind_eip(eip_id: &str, desktop_id: &str) -> String {
    format!(
        "{BIND_EIP}{}",
        query_string([("eip_id", eip_id), ("desktop_id", desktop_id)])
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos_router::AsPath;

    fn joined(segments: &[&StaticSegment<&'static str>]) -> String {
        segments
            .iter()
            .map(|segment| format!("/{}", segment.0.as_path()))
            .collect()
    }

    #[test]
    fn paths_and_router_segments_agree() {
        assert_eq!(joined(&[&BINDINGS_MATCH.0]), BINDINGS);
        assert_eq!(
            joined(&[&BINDINGS_IMPORT_MATCH.0, &BINDINGS_IMPORT_MATCH.1]),
            BINDINGS_IMPORT
        );
        assert_eq!(joined(&[&EIPS_MATCH.0]), EIPS);
        assert_eq!(joined(&[&BIND_EIP_MATCH.0, &BIND_EIP_MATCH.1]), BIND_EIP);
        assert_eq!(joined(&[&SETTINGS_MATCH.0]), SETTINGS);
    }

    #[test]
    fn hrefs() {
        assert_eq!(bindings(""), "/bindings");
        assert_eq!(bindings("?offset=20"), "/bindings?offset=20");
        assert_eq!(eips("?state=unbind"), "/eips?state=unbind");
        assert_eq!(bind_eip("", ""), "/eips/bind");
        assert_eq!(bind_eip("e 1", ""), "/eips/bind?eip_id=e%201");
    }
}
