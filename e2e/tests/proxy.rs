//! The repository's nginx configuration as a client without a browser sees
//! it: what it refuses, with the mock API's log as witness that a refused
//! request never reached the upstream. Run by `cargo xtask e2e`, which sets:
//! E2E_PLAIN_URL (the console over plain HTTP, e.g.
//! http://127.0.0.1:PORT/console/; the same server block as over HTTPS),
//! E2E_BASIC_AUTH (`user:password` for nginx's basic authentication),
//! E2E_MOCK_LOG (the mock API's log, one line per request it received),
//! E2E_UNTRUSTED_URL (the same console in front of an upstream whose TLS
//! certificate is self-signed), E2E_UNTRUSTED_LOG (that upstream's access
//! log) and E2E_UNTRUSTED_PLAIN_URL (the same upstream without TLS).

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use base64::Engine;
use ureq::Agent;
use ureq::http::Response;

const PROJECT: &str = "e2e0project";
/// IDs the mock does not know: a bind that reaches it changes nothing.
const BIND_BODY: &str = r#"{"eip_id": "proxy-test-eip", "desktop_id": "proxy-test-desktop"}"#;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run `cargo xtask e2e`"))
}

/// The tests read the mock's log before and after their requests: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

struct Proxy {
    agent: Agent,
    /// The console's URL, ending in `/`.
    base: String,
    /// `Basic ...` for the admin.
    authorization: String,
    _serial: MutexGuard<'static, ()>,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

impl Proxy {
    fn new() -> Proxy {
        Proxy::for_console(&env("E2E_PLAIN_URL"))
    }

    fn for_console(base: &str) -> Proxy {
        let serial = SERIAL
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let credentials = base64::engine::general_purpose::STANDARD.encode(env("E2E_BASIC_AUTH"));
        Proxy {
            agent,
            base: base.to_string(),
            authorization: format!("Basic {credentials}"),
            _serial: serial,
        }
    }

    /// `path` is relative to the console, e.g. `api/v2/...`.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn api(&self, path: &str) -> String {
        self.url(&format!("api/v2/{PROJECT}/{path}"))
    }

    /// A request as the console's own page sends it (same-origin, JSON),
    /// with the admin's credentials, plus `headers`.
    fn send(&self, method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        let mut all = vec![("Authorization", self.authorization.as_str())];
        all.extend_from_slice(headers);
        self.raw(method, url, &all, body)
    }

    /// Exactly these headers, no credentials unless given.
    fn raw(&self, method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        let mut request = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body.as_bytes().to_vec()).unwrap();
        let response = self
            .agent
            .run(request)
            .unwrap_or_else(|err| panic!("{method} {url}: {err}"));
        read(response)
    }

    fn get(&self, url: &str) -> Answer {
        self.send("GET", url, &[], "")
    }
}

fn read(mut response: Response<ureq::Body>) -> Answer {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(key, value)| {
            (
                key.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status,
        headers,
        body,
    }
}

/// The lines of a log file (the mock's: one per request it received).
fn log_lines(path: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("{path}: {err}"))
        .lines()
        .map(str::to_string)
        .collect()
}

/// Runs `requests` and returns what the mock logged meanwhile.
fn mock_saw(requests: impl FnOnce()) -> Vec<String> {
    let log = env("E2E_MOCK_LOG");
    let before = log_lines(&log).len();
    requests();
    log_lines(&log).split_off(before)
}

const SAME_ORIGIN_JSON: [(&str, &str); 2] = [
    ("Sec-Fetch-Site", "same-origin"),
    ("Content-Type", "application/json"),
];

#[test]
fn operations_outside_the_allowlist_are_refused_before_the_upstream() {
    let proxy = Proxy::new();
    let list = proxy.api("terminals/binding-desktops");
    let seen = mock_saw(|| {
        for (method, url) in [
            ("GET", format!("{list}/batch-delete")),
            ("PUT", format!("{list}/batch-delete")),
            ("DELETE", list.clone()),
            ("PATCH", list.clone()),
            ("OPTIONS", list.clone()),
            ("PUT", format!("{list}/config")),
            ("POST", format!("{list}/x")),
            ("POST", proxy.api("eips")),
            ("GET", proxy.api("eips/unbinding")),
            ("POST", proxy.api("desktops")),
            ("GET", proxy.api("desktops/x")),
            ("GET", proxy.url("api/v3/x/terminals/binding-desktops")),
            ("GET", proxy.url("api/v2/a.b/terminals/binding-desktops")),
            ("GET", proxy.url("api/")),
            // Encoded and dot segments are judged after decoding, as forwarded.
            ("PUT", format!("{list}%2Fbatch-delete")),
            ("POST", format!("{list}%2Fx")),
            (
                "GET",
                proxy.api("eips/binding/../../terminals/binding-desktops/batch-delete"),
            ),
        ] {
            let answer = proxy.send(method, &url, &SAME_ORIGIN_JSON, r#"{"id_list": ["x"]}"#);
            assert_eq!(answer.status, 403, "{method} {url}: {}", answer.body);
        }
    });
    assert_eq!(seen, Vec::<String>::new());

    // The operations the console calls do reach the mock.
    let seen = mock_saw(|| {
        let answer = proxy.get(&format!("{list}?offset=0&limit=1"));
        assert_eq!(answer.status, 200, "{}", answer.body);
        let answer = proxy.send(
            "POST",
            &proxy.api("eips/binding"),
            &SAME_ORIGIN_JSON,
            BIND_BODY,
        );
        assert_eq!(
            answer.status, 400,
            "the mock's own refusal: {}",
            answer.body
        );
        for read in ["eips?state=unbind", "desktops?computer_name=fin&limit=10"] {
            let answer = proxy.get(&proxy.api(read));
            assert_eq!(answer.status, 200, "{read}: {}", answer.body);
        }
        let answer = proxy.send(
            "POST",
            &proxy.api("eips/unbinding"),
            &SAME_ORIGIN_JSON,
            r#"{"desktop_ids": ["proxy-test-desktop"]}"#,
        );
        assert_eq!(
            answer.status, 400,
            "the mock's own refusal: {}",
            answer.body
        );
    });
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen[0].starts_with(&format!("GET /v2/{PROJECT}/terminals/binding-desktops?")));
    assert!(seen[1].starts_with(&format!("POST /v2/{PROJECT}/eips/binding 400")));
    assert!(seen[2].starts_with(&format!("GET /v2/{PROJECT}/eips?state=unbind 200")));
    assert!(seen[3].starts_with(&format!("GET /v2/{PROJECT}/desktops?")));
    assert!(seen[4].starts_with(&format!("POST /v2/{PROJECT}/eips/unbinding 400")));
}

#[test]
fn the_binding_writes_reach_the_upstream_and_only_a_create_may_be_large() {
    let proxy = Proxy::new();
    let list = proxy.api("terminals/binding-desktops");
    // Requests the mock refuses or that name nothing it has: the data the
    // browser walk reads stays as it is.
    let seen = mock_saw(|| {
        let bad_line =
            r#"{"line":1,"mac":"not-a-mac","desktop_name":"proxy-test","description":""}"#;
        let answer = proxy.send(
            "POST",
            &list,
            &SAME_ORIGIN_JSON,
            &format!(r#"{{"bind_list":[{bad_line}]}}"#),
        );
        assert_eq!(answer.status, 400, "the mock's refusal: {}", answer.body);
        let answer = proxy.send(
            "PUT",
            &list,
            &SAME_ORIGIN_JSON,
            r#"{"id":"proxy-test","mac":"AA-BB-CC-DD-EE-FF","desktop_name":"x","description":""}"#,
        );
        assert_eq!(answer.status, 400, "unknown ID: {}", answer.body);
        let answer = proxy.send(
            "POST",
            &format!("{list}/batch-delete"),
            &SAME_ORIGIN_JSON,
            r#"{"id_list":["proxy-test"]}"#,
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.body.contains("WKS.0206"), "{}", answer.body);
        let answer = proxy.get(&format!("{list}/config"));
        assert_eq!(answer.status, 200, "{}", answer.body);
        let answer = proxy.send(
            "POST",
            &format!("{list}/config"),
            &SAME_ORIGIN_JSON,
            r#"{"tc_bind_switch":"MAYBE"}"#,
        );
        assert_eq!(answer.status, 400, "the mock's refusal: {}", answer.body);
        // An import of 8,000 lines (about 3.5 MB) passes nginx.
        let lines: Vec<String> = (1..=8000)
            .map(|n| {
                format!(
                    r#"{{"line":{n},"mac":"not-a-mac","desktop_name":"{}","description":"{}"}}"#,
                    "n".repeat(100),
                    "d".repeat(255)
                )
            })
            .collect();
        let body = format!(r#"{{"bind_list":[{}]}}"#, lines.join(","));
        assert!(body.len() > 3_000_000);
        let answer = proxy.send("POST", &list, &SAME_ORIGIN_JSON, &body);
        assert_eq!(
            answer.status,
            400,
            "the mock's refusal: {}",
            &answer.body[..200.min(answer.body.len())]
        );
    });
    assert_eq!(seen.len(), 6, "{seen:?}");
    for (line, start) in seen.iter().zip([
        format!("POST /v2/{PROJECT}/terminals/binding-desktops 400"),
        format!("PUT /v2/{PROJECT}/terminals/binding-desktops 400"),
        format!("POST /v2/{PROJECT}/terminals/binding-desktops/batch-delete 200"),
        format!("GET /v2/{PROJECT}/terminals/binding-desktops/config 200"),
        format!("POST /v2/{PROJECT}/terminals/binding-desktops/config 400"),
        format!("POST /v2/{PROJECT}/terminals/binding-desktops 400"),
    ]) {
        assert!(line.starts_with(&start), "{line} vs {start}");
    }

    // Any other body of 1 MB or more is refused before the upstream.
    let big = format!(r#"{{"id_list":["{}"]}}"#, "x".repeat(1_000_000));
    let seen = mock_saw(|| {
        for url in [format!("{list}/batch-delete"), format!("{list}/config")] {
            let answer = proxy.send("POST", &url, &SAME_ORIGIN_JSON, &big);
            assert_eq!(answer.status, 413, "{url}");
        }
        let answer = proxy.send("PUT", &list, &SAME_ORIGIN_JSON, &big);
        assert_eq!(answer.status, 413);
    });
    assert_eq!(seen, Vec::<String>::new());
}

#[test]
fn a_cross_site_form_cannot_write() {
    let proxy = Proxy::new();
    let bind = proxy.api("eips/binding");
    let origin = proxy.base.trim_end_matches("/console/").to_string();
    let seen = mock_saw(|| {
        for headers in [
            // A text/plain form on another site, as a browser sends it.
            vec![
                ("Origin", "http://attacker.invalid"),
                ("Sec-Fetch-Site", "cross-site"),
                ("Content-Type", "text/plain"),
            ],
            // The same with what a form cannot send, one at a time.
            vec![
                ("Origin", "http://attacker.invalid"),
                ("Sec-Fetch-Site", "cross-site"),
                ("Content-Type", "application/json"),
            ],
            vec![
                ("Origin", origin.as_str()),
                ("Sec-Fetch-Site", "cross-site"),
                ("Content-Type", "application/json"),
            ],
            vec![
                ("Sec-Fetch-Site", "same-site"),
                ("Content-Type", "application/json"),
            ],
            vec![
                ("Sec-Fetch-Site", "same-origin"),
                ("Content-Type", "text/plain"),
            ],
            vec![
                ("Sec-Fetch-Site", "same-origin"),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            // Without Sec-Fetch-Site the Origin decides.
            vec![
                ("Origin", "http://attacker.invalid"),
                ("Content-Type", "application/json"),
            ],
            vec![("Content-Type", "application/json")],
        ] {
            let answer = proxy.send("POST", &bind, &headers, BIND_BODY);
            assert_eq!(answer.status, 403, "{headers:?}: {}", answer.body);
        }
    });
    assert_eq!(seen, Vec::<String>::new());

    let seen = mock_saw(|| {
        for headers in [
            vec![
                ("Sec-Fetch-Site", "same-origin"),
                ("Content-Type", "application/json"),
            ],
            vec![
                ("Origin", origin.as_str()),
                ("Sec-Fetch-Site", "same-origin"),
                ("Content-Type", "application/json; charset=utf-8"),
            ],
            vec![
                ("Origin", origin.as_str()),
                ("Content-Type", "application/json"),
            ],
        ] {
            let answer = proxy.send("POST", &bind, &headers, BIND_BODY);
            assert_eq!(answer.status, 400, "{headers:?}: {}", answer.body);
        }
    });
    assert_eq!(seen.len(), 3, "{seen:?}");
}

#[test]
fn admins_authenticate_for_pages_and_api() {
    let proxy = Proxy::new();
    let list = format!(
        "{}?offset=0&limit=1",
        proxy.api("terminals/binding-desktops")
    );
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("admin:wrong")
    );
    let seen = mock_saw(|| {
        for url in [
            proxy.url(""),
            proxy.url("bindings"),
            proxy.url("config.json"),
            list.clone(),
        ] {
            let answer = proxy.raw("GET", &url, &[], "");
            assert_eq!(answer.status, 401, "{url}");
            assert!(
                answer
                    .header("WWW-Authenticate")
                    .is_some_and(|v| v.starts_with("Basic")),
                "{url}"
            );
            let answer = proxy.raw("GET", &url, &[("Authorization", &wrong)], "");
            assert_eq!(answer.status, 401, "{url}");
        }
    });
    assert_eq!(seen, Vec::<String>::new());
    for url in [
        proxy.url(""),
        proxy.url("bindings"),
        proxy.url("config.json"),
        list,
    ] {
        assert_eq!(proxy.get(&url).status, 200, "{url}");
    }
}

#[test]
fn an_upstream_with_an_untrusted_certificate_is_never_sent_the_token() {
    let proxy = Proxy::for_console(&env("E2E_UNTRUSTED_URL"));
    let log = env("E2E_UNTRUSTED_LOG");
    // The upstream is up and logs what it receives...
    let before = log_lines(&log).len();
    assert_eq!(
        proxy
            .raw("GET", &env("E2E_UNTRUSTED_PLAIN_URL"), &[], "")
            .status,
        200
    );
    std::thread::sleep(Duration::from_millis(200));
    let after_plain = log_lines(&log).len();
    assert_eq!(after_plain, before + 1);
    // ...but nginx refuses its certificate and never sends it a request.
    let answer = proxy.get(&format!(
        "{}?offset=0&limit=1",
        proxy.api("terminals/binding-desktops")
    ));
    assert_eq!(answer.status, 502, "{}", answer.body);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(log_lines(&log)[after_plain..], [] as [String; 0]);
}

#[test]
fn a_missing_asset_is_404_and_app_routes_are_index_html() {
    let proxy = Proxy::new();
    let index = proxy.get(&proxy.url(""));
    assert_eq!(index.status, 200);
    let wasm = index
        .body
        .split(['"', '\'', ' ', '>', '('])
        .find(|piece| piece.ends_with(".wasm"))
        .expect("index.html names the wasm")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(proxy.get(&proxy.url(&wasm)).status, 200, "{wasm}");
    for missing in [
        "missing-0123.wasm",
        "missing-0123.js",
        "missing-0123.css",
        "missing.json",
        "bindings/missing-0123.wasm",
    ] {
        let answer = proxy.get(&proxy.url(missing));
        assert_eq!(answer.status, 404, "{missing}");
        assert_eq!(answer.header("X-Content-Type-Options"), Some("nosniff"));
    }
    for route in ["bindings", "eips/bind", "settings", "no/such/page"] {
        let answer = proxy.get(&proxy.url(route));
        assert_eq!(answer.status, 200, "{route}");
        assert_eq!(answer.body, index.body, "{route}");
        assert!(
            answer
                .header("Content-Type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{route}"
        );
        assert!(
            answer
                .header("Content-Security-Policy")
                .is_some_and(|csp| csp.contains("script-src 'self' 'sha256-")),
            "{route}"
        );
        assert_eq!(answer.header("Cache-Control"), Some("no-cache"), "{route}");
    }
}

#[test]
fn api_answers_are_data_never_a_page_of_the_console() {
    let proxy = Proxy::new();
    let list = format!(
        "{}?offset=0&limit=1",
        proxy.api("terminals/binding-desktops")
    );
    let answers = [
        ("list", proxy.get(&list)),
        (
            "upstream HTML page",
            proxy.send("GET", &list, &[("X-Mock-Fault", "status=404;html")], ""),
        ),
        ("refused", proxy.send("DELETE", &list, &[], "")),
    ];
    assert_eq!(answers[0].1.status, 200);
    assert_eq!(answers[1].1.status, 404);
    assert!(answers[1].1.body.contains("<html>"));
    assert_eq!(answers[2].1.status, 403);
    for (what, answer) in &answers {
        assert_eq!(
            answer.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            answer.header("Content-Security-Policy"),
            Some("default-src 'none'; sandbox"),
            "{what}"
        );
        assert_eq!(answer.header("X-Frame-Options"), Some("DENY"), "{what}");
        assert_eq!(answer.header("Set-Cookie"), None, "{what}");
    }
}

#[test]
fn other_host_names_are_refused() {
    let proxy = Proxy::new();
    let list = format!(
        "{}?offset=0&limit=1",
        proxy.api("terminals/binding-desktops")
    );
    let seen = mock_saw(|| {
        for url in [proxy.url(""), list.clone()] {
            let answer = proxy.send("GET", &url, &[("Host", "attacker.invalid")], "");
            assert_eq!(answer.status, 421, "{url}");
        }
    });
    assert_eq!(seen, Vec::<String>::new());
}

#[test]
fn a_console_url_as_long_as_the_app_allows_reaches_index_html() {
    let proxy = Proxy::new();
    let url = proxy.url("bindings?computer_name=");
    let path_start = url.find("/console/").unwrap();
    // GET, a space, the path and query, a space, HTTP/1.1 and CRLF: 16,384 bytes.
    let fill = 16_384 - "GET  HTTP/1.1\r\n".len() - (url.len() - path_start);
    let long = format!("{url}{}", "a".repeat(fill));
    let answer = proxy.get(&long);
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("<script"));
    let longer = format!("{long}a");
    assert_eq!(proxy.get(&longer).status, 414);
}

/// A copied command's status and body, run through `e2e::replay_curl`.
fn replay(command: &str) -> (u16, String) {
    let replayed = e2e::replay_curl(command).unwrap();
    (replayed.status, replayed.body)
}

#[test]
fn copied_curl_commands_replay_through_the_proxy() {
    use workspace_console::api::Method;
    use workspace_console::curl::{Sent, command};
    let proxy = Proxy::new();
    let list = proxy.api("terminals/binding-desktops");
    let origin = proxy
        .base
        .trim_end_matches('/')
        .trim_end_matches("/console");
    let description = r#"O'Brien's "desk" $HOME `id` \ ; | & *"#;
    let body = serde_json::json!({"bind_list": [{
        "line": 1,
        "mac": "AA-BB-CC-C0-55-01",
        "desktop_name": "dsk curl 'one'",
        "description": description,
    }]})
    .to_string();
    let create = command(
        &Sent {
            method: Method::Post,
            url: &list,
            body: Some(&body),
        },
        origin,
    );
    assert!(!create.contains("token-from-the-shell"));
    let (status, answer) = replay(&create);
    assert_eq!(status, 200, "{create}\n{answer}");

    // Read back through a copied GET: every character arrived as typed.
    let get = command(
        &Sent {
            method: Method::Get,
            url: &format!("{list}?mac=AA-BB-CC-C0-55-01&offset=0&limit=10"),
            body: None,
        },
        origin,
    );
    let (status, answer) = replay(&get);
    assert_eq!(status, 200, "{get}\n{answer}");
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let row = &answer["bind_list"][0];
    assert_eq!(row["description"], description, "{answer}");
    assert_eq!(row["desktop_name"], "dsk curl 'one'", "{answer}");

    // And away again, by a copied batch delete.
    let id = row["id"].as_str().unwrap().to_owned();
    let delete = command(
        &Sent {
            method: Method::Post,
            url: &format!("{list}/batch-delete"),
            body: Some(&serde_json::json!({"id_list": [id]}).to_string()),
        },
        origin,
    );
    let (status, answer) = replay(&delete);
    assert_eq!(status, 200, "{delete}\n{answer}");
}
