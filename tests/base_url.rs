//! The API base URL check against the browser's own URL parser: whatever
//! the check accepts, the browser sends to the origin the admin wrote, with
//! no user info; hostile spellings that the browser reads as another host
//! are refused.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::Url;
use workspace_console::api::url::api_url;
use workspace_console::config::check_base_url;

wasm_bindgen_test_configure!(run_in_browser);

/// Spellings an attacker (or a typo) could put in config.json or Settings.
const HOSTILE: &[&str] = &[
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "//evil.example",
    "///evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/\u{3000}/evil.example",
    "/\u{FF0F}evil.example",
    "https://evil.example\\@good.example",
    "https://good.example@evil.example",
    "https://user:s3cret@good.example",
    "https://:s3cret@good.example",
    "https:evil.example",
    "https:/evil.example",
    "https:///evil.example",
    "https:\\\\evil.example",
    "http://evil.example%2F@good.example",
    "https://\u{FF45}vil.example",
    "https://evil.example\u{2215}good.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "HTTPS://good.example",
    " /api",
    "/api",
    "/workspace-api/",
    "https://good.example",
    "https://good.example:8443/ws/",
    "http://127.0.0.1:8787/x",
];

fn page() -> Url {
    let href = web_sys::window().unwrap().location().href().unwrap();
    Url::new(&href).unwrap()
}

#[wasm_bindgen_test]
fn accepted_base_urls_reach_only_the_origin_they_name() {
    let page = page();
    let mut accepted = 0;
    for value in HOSTILE {
        let Ok(base) = check_base_url(value) else {
            continue;
        };
        accepted += 1;
        let request = api_url(&base, "p1", &["eips", "binding"], []);
        let parsed = Url::new_with_base(&request, &page.href())
            .unwrap_or_else(|_| panic!("accepted {value:?}, but the browser cannot parse it"));
        assert_eq!(parsed.username(), "", "{value:?}");
        assert_eq!(parsed.password(), "", "{value:?}");
        assert!(
            ["http:", "https:"].contains(&parsed.protocol().as_str()),
            "{value:?}"
        );
        if base.starts_with('/') {
            assert_eq!(parsed.origin(), page.origin(), "{value:?} left the site");
        } else {
            let written = base.split("://").nth(1).unwrap().split('/').next().unwrap();
            assert_eq!(parsed.host(), written, "{value:?} reached another host");
        }
    }
    // The plain paths and URLs, and the percent-encoded paths, which stay on the site.
    assert_eq!(accepted, 10);
}

#[wasm_bindgen_test]
fn spellings_the_browser_reads_as_another_host_are_refused() {
    let page = page();
    for value in HOSTILE {
        let Ok(parsed) = Url::new_with_base(&format!("{value}/v2/p1/eips"), &page.href()) else {
            continue;
        };
        let elsewhere = parsed.origin() != page.origin()
            && !["good.example", "good.example:8443", "127.0.0.1:8787"]
                .contains(&parsed.host().as_str());
        let with_user = !parsed.username().is_empty() || !parsed.password().is_empty();
        if elsewhere || with_user {
            assert!(check_base_url(value).is_err(), "{value:?} was accepted");
        }
    }
    // The test itself: the browser does read these as another host.
    let sneaky = Url::new_with_base("/\\evil.example/v2", &page.href()).unwrap();
    assert_eq!(sneaky.host(), "evil.example");
}

#[wasm_bindgen_test]
fn a_refused_url_is_never_repeated_with_its_password() {
    for value in [
        "https://admin:s3cret@good.example",
        "https://:s3cret@good.example",
    ] {
        let problem = check_base_url(value).unwrap_err();
        assert!(!problem.contains("s3cret"), "{problem}");
    }
}
