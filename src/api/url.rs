//! Building request URLs: the one place where paths and query strings are
//! assembled, so every value is percent-encoded the same way.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything except RFC 3986 "unreserved" characters is encoded, so a value
/// can never break out of its path segment or query parameter.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The longest request line (`GET /path?query HTTP/1.1`) the shipped nginx
/// configuration accepts (`large_client_header_buffers 4 16k`): a longer
/// request would get the proxy's bare 414 page, so the console refuses it.
pub const MAX_REQUEST_LINE_BYTES: usize = 16_384;

/// Bytes of the request line a proxy reads for `method url` (the path and
/// query only, whether the URL is absolute or a path on the site).
pub fn request_line_bytes(method: &str, url: &str) -> usize {
    let target = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |slash| &rest[slash..]),
        None => url,
    };
    method.len() + 1 + target.len() + " HTTP/1.1\r\n".len()
}

/// Percent-encodes one path segment or query value.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Builds `?k=v&k=v` from pairs, in order. Pairs with an empty value are
/// omitted; repeated keys stay repeated (the API's array encoding).
/// Returns an empty string when nothing is left.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if value.is_empty() {
            continue;
        }
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(&encode_component(key));
        out.push('=');
        out.push_str(&encode_component(value));
    }
    out
}

/// `{base}/v2/{project_id}/{segments...}{query}`. A trailing `/` on the base
/// is tolerated; every segment is encoded (a project ID with `/` or `#`
/// cannot change the path).
pub fn api_url<'a>(
    base_url: &str,
    project_id: &str,
    segments: &[&str],
    query: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let mut url = base_url.trim_end_matches('/').to_owned();
    url.push_str("/v2/");
    url.push_str(&encode_component(project_id));
    for segment in segments {
        url.push('/');
        url.push_str(&encode_component(segment));
    }
    url.push_str(&query_string(query));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_trailing_slash_is_tolerated() {
        let expected = "https://proxy.example.com/workspace/v2/p1/terminals/binding-desktops";
        for base in [
            "https://proxy.example.com/workspace",
            "https://proxy.example.com/workspace/",
        ] {
            assert_eq!(
                api_url(base, "p1", &["terminals", "binding-desktops"], []),
                expected
            );
        }
    }

    #[test]
    fn path_relative_base_is_kept() {
        assert_eq!(
            api_url("/workspace-api", "p1", &["eips", "binding"], []),
            "/workspace-api/v2/p1/eips/binding"
        );
    }

    #[test]
    fn repeated_keys_for_arrays_and_empty_values_omitted() {
        let url = api_url(
            "/api",
            "p",
            &["terminals", "binding-desktops"],
            [
                ("computer_name", ""),
                ("mac_list", "AA-BB-CC-DD-EE-01"),
                ("mac_list", "AA-BB-CC-DD-EE-02"),
                ("offset", "0"),
                ("limit", "20"),
            ],
        );
        assert_eq!(
            url,
            "/api/v2/p/terminals/binding-desktops?mac_list=AA-BB-CC-DD-EE-01&mac_list=AA-BB-CC-DD-EE-02&offset=0&limit=20"
        );
    }

    #[test]
    fn reserved_characters_are_encoded_in_values() {
        assert_eq!(
            query_string([("computer_name", "a#b&c=d/e f+g?h%")]),
            "?computer_name=a%23b%26c%3Dd%2Fe%20f%2Bg%3Fh%25"
        );
    }

    #[test]
    fn non_ascii_is_utf8_percent_encoded() {
        assert_eq!(
            query_string([("computer_name", "桌面 é")]),
            "?computer_name=%E6%A1%8C%E9%9D%A2%20%C3%A9"
        );
    }

    #[test]
    fn project_id_cannot_escape_its_segment() {
        assert_eq!(
            api_url("/api", "../x?y#z", &["eips", "binding"], []),
            "/api/v2/..%2Fx%3Fy%23z/eips/binding"
        );
    }

    #[test]
    fn no_pairs_gives_no_question_mark() {
        assert_eq!(query_string([("a", ""), ("b", "")]), "");
    }

    #[test]
    fn request_line_counts_only_what_the_proxy_reads() {
        assert_eq!(request_line_bytes("GET", "/a?b=c"), 3 + 1 + 6 + 11);
        assert_eq!(
            request_line_bytes("GET", "https://proxy.example.com/a?b=c"),
            request_line_bytes("GET", "/a?b=c")
        );
        assert_eq!(
            request_line_bytes("GET", "https://proxy.example.com"),
            3 + 1 + 1 + 11
        );
    }
}
