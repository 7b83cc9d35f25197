//! "Copy as curl": a request the console sent, as a shell command an
//! operator can paste to replay it through the proxy. The headers are the
//! client's own (`api::client` sends exactly these); the token is never
//! written out: `$WORKSPACE_TOKEN` stands in its place, and the shell fills
//! it in (through the proxy, nginx replaces it with its own anyway).

use crate::api::Method;
use crate::api::client::{ACCEPT, CONTENT_TYPE, TOKEN_HEADER};

/// A request as the console sent it; `url` absolute.
pub struct Sent<'a> {
    pub method: Method,
    pub url: &'a str,
    pub body: Option<&'a str>,
}

/// The command, one option a line. A write also carries the page's
/// `Origin`, as the browser sent it: the proxy accepts writes only from
/// the console's own origin.
pub fn command(sent: &Sent, origin: &str) -> String {
    let mut lines = vec![match sent.method {
        Method::Get => format!("curl -sS -i {}", quote(sent.url)),
        method => format!("curl -sS -i -X {} {}", method.as_str(), quote(sent.url)),
    }];
    let header = |name: &str, value: &str| format!("-H {}", quote(&format!("{name}: {value}")));
    lines.push(header(ACCEPT.0, ACCEPT.1));
    // Double quotes: the shell expands the variable, and nothing else is in them.
    lines.push(format!("-H \"{TOKEN_HEADER}: $WORKSPACE_TOKEN\""));
    if sent.method.is_write() {
        lines.push(header("Origin", origin));
    }
    if let Some(body) = sent.body {
        lines.push(header(CONTENT_TYPE.0, CONTENT_TYPE.1));
        lines.push(format!("--data-raw {}", quote(body)));
    }
    lines.join(" \\\n  ")
}

/// One shell word, whatever it holds: single quotes keep everything
/// literal, and a single quote itself is closed, escaped and reopened.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_get_is_the_url_with_the_client_s_headers_and_no_token() {
        let sent = Sent {
            method: Method::Get,
            url: "https://console.example/api/v2/p1/terminals/binding-desktops?offset=0&limit=20",
            body: None,
        };
        assert_eq!(
            command(&sent, "https://console.example"),
            "curl -sS -i 'https://console.example/api/v2/p1/terminals/binding-desktops?offset=0&limit=20' \\\n  \
             -H 'Accept: application/json' \\\n  \
             -H \"X-Auth-Token: $WORKSPACE_TOKEN\""
        );
    }

    #[test]
    fn a_write_carries_its_body_and_the_console_s_origin() {
        let sent = Sent {
            method: Method::Post,
            url: "https://console.example/api/v2/p1/eips/binding",
            body: Some(r#"{"desktop_id":"d1","id":"e1"}"#),
        };
        let text = command(&sent, "https://console.example");
        assert!(
            text.starts_with(
                "curl -sS -i -X POST 'https://console.example/api/v2/p1/eips/binding'"
            )
        );
        assert!(text.contains("-H 'Origin: https://console.example'"));
        assert!(text.contains("-H 'Content-Type: application/json'"));
        assert!(text.ends_with(r#"--data-raw '{"desktop_id":"d1","id":"e1"}'"#));
    }

    #[test]
    fn quotes_keep_every_character_literal() {
        assert_eq!(quote("plain"), "'plain'");
        assert_eq!(quote("O'Brien's desk"), r"'O'\''Brien'\''s desk'");
        assert_eq!(quote("$HOME `x` \"y\" \\ ;|&"), "'$HOME `x` \"y\" \\ ;|&'");
        assert_eq!(quote(""), "''");
    }
}
