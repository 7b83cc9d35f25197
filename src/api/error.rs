//! What can go wrong with an API call, as values the pages render part by
//! part, and the pure classification of a finished HTTP exchange.

use crate::json::{self, NotAnObject, Object};

use super::types::ErrorBody;
use crate::i18n::{t, tf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }

    /// A write changes production: its failures say whether it may have
    /// been applied.
    pub fn is_write(self) -> bool {
        self != Method::Get
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// An error status with a Huawei error body (`error_code`, `error_msg`...).
    Service { status: u16, body: ErrorBody },
    /// A body that is not an API response: a proxy's HTML error page, a
    /// login page, or the console's own `index.html` when the base URL is
    /// wrong. Keeps a short plain-text excerpt.
    UnexpectedBody {
        method: Method,
        status: u16,
        excerpt: String,
    },
    /// A redirect, never followed (the token would go along): usually the
    /// proxy sending an expired session to its sign-in page. `status` is 0
    /// when the browser hides it (`redirect: "manual"`).
    Redirect { method: Method, status: u16 },
    /// A 2xx JSON body that does not match the documented schema.
    Malformed { status: u16, detail: String },
    /// `fetch` itself failed: offline, DNS, TLS, CORS or CSP blocked it.
    Network { base_url: String, detail: String },
    /// No answer within the configured timeout; the request was aborted.
    Timeout { method: Method, timeout_ms: u32 },
}

impl ApiError {
    /// One sentence an admin understands; the alert shows the details below it.
    /// A failed write whose outcome the console cannot know says so in each
    /// text ("The change was probably not applied: check before trying
    /// again.").
    pub fn headline(&self) -> String {
        match self {
            ApiError::Service { status, .. } if is_success(*status) => tf(
                "The Workspace API \
                answered HTTP {0} with an error. The change was probably not applied: check \
                before trying again.",
                &[status],
            ),
            ApiError::Service { status, .. } => tf(
                "The Workspace API rejected the request \
                (HTTP {0}).",
                &[status],
            ),
            ApiError::UnexpectedBody { method, status, .. }
                if is_success(*status) && method.is_write() =>
            {
                tf(
                    "The server answered HTTP {0} \
                with a page instead of the Workspace API's answer, such as a sign-in page when \
                the proxy's session has expired. The change was probably not applied: check \
                before trying again.",
                    &[status],
                )
            }
            ApiError::UnexpectedBody { status, .. } if is_success(*status) => tf(
                "The server \
                answered HTTP {0} with something that is not a Workspace API response. Check \
                the API base URL in Settings.",
                &[status],
            ),
            ApiError::UnexpectedBody { method, status, .. } if method.is_write() => tf(
                "The \
                server answered HTTP {0} with a page that is not a Workspace API response; it \
                usually comes from a proxy or gateway in between. The change was probably not \
                applied: check before trying again.",
                &[status],
            ),
            ApiError::UnexpectedBody { status, .. } => tf(
                "The server answered HTTP {0} with a \
                page that is not a Workspace API response; it usually comes from a proxy or \
                gateway in between.",
                &[status],
            ),
            ApiError::Redirect { method, status: 0 } if method.is_write() => t("The server \
                answered with a redirect, usually to a sign-in page when the proxy's session \
                has expired; it was not followed. Reload the console to sign in again. The \
                change was probably not applied: check before trying again.")
            .to_owned(),
            ApiError::Redirect { status: 0, .. } => t("The server answered with a redirect, \
                usually to a sign-in page when the proxy's session has expired; it was not \
                followed. Reload the console to sign in again.")
            .to_owned(),
            ApiError::Redirect { method, status } if method.is_write() => tf(
                "The server \
                answered with a redirect (HTTP {0}), usually to a sign-in page when the proxy's \
                session has expired; it was not followed. Reload the console to sign in again. \
                The change was probably not applied: check before trying again.",
                &[status],
            ),
            ApiError::Redirect { status, .. } => tf(
                "The server answered with a redirect \
                (HTTP {0}), usually to a sign-in page when the proxy's session has expired; it \
                was not followed. Reload the console to sign in again.",
                &[status],
            ),
            ApiError::Malformed { status, detail } => tf(
                "The API answered HTTP {0}, but the \
                response does not have the expected fields ({1}).",
                &[status, detail],
            ),
            ApiError::Network { base_url, .. } => tf(
                "Could not reach the API at {0}. Check \
                the network and the API base URL in Settings; a proxy, a CORS rule or a \
                content security policy may be blocking the request.",
                &[base_url],
            ),
            ApiError::Timeout {
                method: Method::Get,
                timeout_ms,
            } => tf(
                "The request timed \
                out after {0}. The API or the proxy may be overloaded; try again, or raise the \
                timeout in Settings.",
                &[&format_duration(*timeout_ms)],
            ),
            ApiError::Timeout {
                method: Method::Post | Method::Put,
                timeout_ms,
            } => tf(
                "The \
                request timed out after {0}. The change may or may not have been applied: \
                check before trying again.",
                &[&format_duration(*timeout_ms)],
            ),
        }
    }

    /// One line for lists: the service's own code and message when it sent
    /// them, the headline otherwise.
    pub fn summary(&self) -> String {
        match self {
            ApiError::Service { body, .. } => match (&body.error_code, &body.error_msg) {
                (Some(code), Some(message)) => format!("{code}: {message}"),
                (Some(text), None) | (None, Some(text)) => text.clone(),
                (None, None) => self.headline(),
            },
            _ => self.headline(),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Service { status, .. }
            | ApiError::UnexpectedBody { status, .. }
            | ApiError::Malformed { status, .. } => Some(*status),
            ApiError::Redirect { status, .. } => (*status != 0).then_some(*status),
            ApiError::Network { .. } | ApiError::Timeout { .. } => None,
        }
    }
}

/// "30 s", or "1500 ms" when not a whole number of seconds.
pub fn format_duration(ms: u32) -> String {
    if ms.is_multiple_of(1000) {
        tf("{0} s", &[&(ms / 1000)])
    } else {
        tf("{0} ms", &[&ms])
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Classifies a finished exchange whose success body is a JSON object,
/// read by `read` (whose error names the field at fault). A Huawei error
/// body is an error whatever the status.
pub fn read_json<T>(
    method: Method,
    status: u16,
    body: &str,
    read: fn(&Object) -> Result<T, String>,
) -> Result<T, ApiError> {
    if !is_success(status) {
        return Err(error_from_body(method, status, body));
    }
    match json::parse_object(body) {
        Ok(object) if has_error_code(&object) => Err(error_from_body(method, status, body)),
        Ok(object) => read(&object).map_err(|detail| ApiError::Malformed { status, detail }),
        Err(NotAnObject::Syntax(_)) => Err(unexpected(method, status, body)),
        Err(NotAnObject::OtherValue) => Err(ApiError::Malformed {
            status,
            detail: t("it is not a JSON object").into(),
        }),
    }
}

/// Classifies a finished write whose documented answer is an empty body
/// (the bind operation answers 200 with nothing). Only a 2xx with an empty
/// body or a JSON object that is not an error is a success: a sign-in page
/// or an error body under 200 is a failure.
pub fn read_empty(method: Method, status: u16, body: &str) -> Result<(), ApiError> {
    if !is_success(status) {
        return Err(error_from_body(method, status, body));
    }
    if body.trim().is_empty() {
        return Ok(());
    }
    match json::parse_object(body) {
        Ok(object) if has_error_code(&object) => Err(error_from_body(method, status, body)),
        Ok(_) => Ok(()),
        Err(_) => Err(unexpected(method, status, body)),
    }
}

fn has_error_code(object: &Object) -> bool {
    json::present(object, "error_code").is_some()
        || json::present(object, "error").is_some_and(serde_json::Value::is_object)
}

fn error_from_body(method: Method, status: u16, body: &str) -> ApiError {
    match ErrorBody::parse(body) {
        Some(body) => ApiError::Service { status, body },
        None => unexpected(method, status, body),
    }
}

fn unexpected(method: Method, status: u16, body: &str) -> ApiError {
    ApiError::UnexpectedBody {
        method,
        status,
        excerpt: plain_text_excerpt(body, EXCERPT_CHARS),
    }
}

const EXCERPT_CHARS: usize = 200;

/// The visible text of an HTML (or any) body: tags, scripts and styles
/// dropped, common entities decoded, white space folded, cut at `max` chars.
pub fn plain_text_excerpt(body: &str, max: usize) -> String {
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let tag = &rest[open..];
        let lower: String = tag.chars().take(8).collect::<String>().to_ascii_lowercase();
        // Skip the content of script and style elements, not just their tags.
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|name| lower.starts_with(*name))
            .map(|name| format!("</{}", &name[1..]));
        rest = match skip_to {
            Some(close) => match tag.to_ascii_lowercase().find(&close) {
                Some(end) => &tag[end + close.len()..],
                None => "",
            },
            None => tag,
        };
        rest = match rest.find('>') {
            Some(end) => &rest[end + 1..],
            None => "",
        };
    }
    text.push_str(rest);

    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let folded = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() > max {
        let mut cut: String = folded.chars().take(max).collect();
        cut.push('…');
        cut
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::ListBindingsResponse;

    fn read_list(status: u16, body: &str) -> Result<ListBindingsResponse, ApiError> {
        read_json(Method::Get, status, body, ListBindingsResponse::from_json)
    }

    #[test]
    fn wks_error_with_all_fields() {
        let err = read_list(400, r#"{"error_code":"WKS.0001","error_msg":"Invalid offset","error_detail":"offset: -1","encoded_authorization_message":"ENC"}"#,
        )
        .unwrap_err();
        let ApiError::Service { status, body } = &err else {
            panic!("expected a service error, got {err:?}")
        };
        assert_eq!(*status, 400);
        assert_eq!(body.error_code.as_deref(), Some("WKS.0001"));
        assert_eq!(body.error_detail.as_deref(), Some("offset: -1"));
        assert_eq!(body.encoded_authorization_message.as_deref(), Some("ENC"));
        assert_eq!(err.status(), Some(400));
    }

    #[test]
    fn wks_error_on_500_for_a_missing_resource() {
        let err = read_empty(
            Method::Post,
            500,
            r#"{"error_code":"WKS.0404","error_msg":"EIP not found"}"#,
        );
        assert!(matches!(err, Err(ApiError::Service { status: 500, .. })));
    }

    #[test]
    fn proxy_html_page_keeps_status_and_visible_text() {
        let html = "<html><head><title>502</title><style>h1{color:red}</style>\
                    <script>var x = '<b>';</script></head>\
                    <body><h1>502 Bad Gateway</h1><hr><center>nginx &amp; friends</center></body></html>";
        let err = read_list(502, html).unwrap_err();
        assert_eq!(
            err,
            ApiError::UnexpectedBody {
                method: Method::Get,
                status: 502,
                excerpt: "502 502 Bad Gateway nginx & friends".into()
            }
        );
        assert!(err.headline().contains("HTTP 502"));
    }

    #[test]
    fn html_with_200_points_to_the_base_url() {
        let err = read_list(200, "<!DOCTYPE html><p>console</p>").unwrap_err();
        assert!(matches!(err, ApiError::UnexpectedBody { status: 200, .. }));
        assert!(err.headline().contains("API base URL"));
    }

    #[test]
    fn json_error_without_huawei_fields_is_unexpected() {
        let err = read_empty(Method::Post, 503, r#"{"message":"maintenance"}"#).unwrap_err();
        assert!(matches!(err, ApiError::UnexpectedBody { status: 503, .. }));
    }

    #[test]
    fn schema_mismatch_on_2xx_is_malformed() {
        let err = read_list(200, r#"{"bind_list":"nope"}"#).unwrap_err();
        assert_eq!(
            err,
            ApiError::Malformed {
                status: 200,
                detail: "\"total_num\" is missing".into()
            }
        );
        assert!(err.headline().contains("(\"total_num\" is missing)"));
        let err = read_list(200, "[1, 2]").unwrap_err();
        assert!(matches!(err, ApiError::Malformed { status: 200, .. }));
    }

    #[test]
    fn empty_success_body_is_fine_for_post_but_not_for_list() {
        assert_eq!(read_empty(Method::Post, 200, ""), Ok(()));
        assert!(matches!(
            read_list(200, ""),
            Err(ApiError::UnexpectedBody { status: 200, .. })
        ));
    }

    #[test]
    fn excerpt_is_cut_at_a_char_boundary() {
        let long = "é".repeat(500);
        let excerpt = plain_text_excerpt(&long, 200);
        assert_eq!(excerpt.chars().count(), 201);
        assert!(excerpt.ends_with('…'));
        assert_eq!(plain_text_excerpt("a <unclosed", 10), "a");
    }

    #[test]
    fn timeout_messages_differ_for_writes() {
        let get = ApiError::Timeout {
            method: Method::Get,
            timeout_ms: 30_000,
        };
        let post = ApiError::Timeout {
            method: Method::Post,
            timeout_ms: 1500,
        };
        assert!(get.headline().contains("30 s"));
        assert!(post.headline().contains("1500 ms"));
        assert!(post.headline().contains("may or may not have been applied"));
    }

    #[test]
    fn summary_prefers_the_service_code_and_message() {
        let err = read_empty(
            Method::Post,
            400,
            r#"{"error_code":"WKS.0103","error_msg":"EIP already bound."}"#,
        )
        .unwrap_err();
        assert_eq!(err.summary(), "WKS.0103: EIP already bound.");
        let html = read_empty(Method::Post, 502, "<h1>Bad Gateway</h1>").unwrap_err();
        assert_eq!(html.summary(), html.headline());
    }

    #[test]
    fn network_error_names_the_base_url() {
        let err = ApiError::Network {
            base_url: "https://proxy.example.com/ws".into(),
            detail: "TypeError: Failed to fetch".into(),
        };
        assert!(err.headline().contains("https://proxy.example.com/ws"));
        assert!(err.headline().contains("Settings"));
    }

    #[test]
    fn a_write_succeeds_only_on_its_documented_answer() {
        assert_eq!(read_empty(Method::Post, 200, ""), Ok(()));
        assert_eq!(read_empty(Method::Post, 204, "  \n"), Ok(()));
        assert_eq!(read_empty(Method::Post, 200, "{}"), Ok(()));
        // An expired SSO session: the proxy's sign-in page under 200.
        let sign_in = read_empty(
            Method::Post,
            200,
            "<html><title>Session expired</title><body>Sign in</body></html>",
        )
        .unwrap_err();
        assert!(matches!(
            sign_in,
            ApiError::UnexpectedBody { status: 200, .. }
        ));
        assert!(
            sign_in.headline().contains("sign-in page"),
            "{}",
            sign_in.headline()
        );
        assert!(sign_in.headline().contains("probably not applied"));
        // An error body under 200 is an error.
        let coded = read_empty(
            Method::Post,
            200,
            r#"{"error_code": "WKS.0175", "error_msg": "EIP is in use."}"#,
        )
        .unwrap_err();
        assert!(matches!(coded, ApiError::Service { status: 200, .. }));
        assert_eq!(coded.summary(), "WKS.0175: EIP is in use.");
        assert!(coded.headline().contains("probably not applied"));
        let nested = read_empty(Method::Post, 200, r#"{"error": {"code": "APIGW.0301"}}"#);
        assert!(matches!(nested, Err(ApiError::Service { .. })));
        assert!(matches!(
            read_empty(Method::Post, 200, "[]"),
            Err(ApiError::UnexpectedBody { .. })
        ));
    }

    #[test]
    fn an_error_body_under_200_fails_a_list_too() {
        let err = read_list(
            200,
            r#"{"error_code":"WKS.0001","error_msg":"x","total_num":3}"#,
        )
        .unwrap_err();
        assert!(matches!(err, ApiError::Service { status: 200, .. }));
    }

    #[test]
    fn redirects_are_reported_with_what_they_mean_for_a_write() {
        let get = ApiError::Redirect {
            method: Method::Get,
            status: 0,
        };
        assert!(get.headline().contains("redirect"));
        assert!(get.headline().contains("not followed"));
        assert!(!get.headline().contains("HTTP"));
        assert!(!get.headline().contains("applied"));
        let post = ApiError::Redirect {
            method: Method::Post,
            status: 302,
        };
        assert!(post.headline().contains("(HTTP 302)"));
        assert!(post.headline().contains("probably not applied"));
        assert_eq!(post.status(), Some(302));
    }
}
