//! The release bundle behind the repository's nginx configuration, with the
//! mock API as upstream (it requires the token nginx adds), in headless
//! Chromium. Run by `cargo xtask e2e` (part of `cargo xtask test`), which
//! builds, renders the config, starts nginx and the mock, and sets:
//! E2E_URL (the console over HTTPS, e.g. https://127.0.0.1:PORT/console/),
//! E2E_TRUST_SPKI (its certificate's key, for Chromium), E2E_PLAIN_URL (the
//! same over plain HTTP), E2E_DIST (the files nginx serves), CHROMEDRIVER,
//! E2E_SCREENSHOTS (where to save PNGs), E2E_AXE (axe.min.js),
//! E2E_ACCESS_LOG (nginx's access log), and, when
//! nginx demands it, E2E_BASIC_AUTH (`user:password`, sent with every
//! request).

use std::path::PathBuf;

use e2e::{BasicAuth, Browser, KEY_DOWN, KEY_ENTER, KEY_ESCAPE, KEY_TAB};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, AUTHORIZATION, HeaderMap};
use serde_json::{Value, json};

const EIP: &str = "450ca7d4-9603-48d0-a9bc-fb85cdaf3031";
const DESKTOP: &str = "90f05916-bc71-4e26-a534-d036188d96e3";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run `cargo xtask e2e`"))
}

struct Suite {
    browser: Browser,
    base: String,
    shots: PathBuf,
    axe: String,
}

impl Suite {
    fn open(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.base)).unwrap();
    }

    fn rows(&self) -> Vec<Vec<String>> {
        serde_json::from_value(self.browser.run("return rows();", json!([])).unwrap()).unwrap()
    }

    fn shot(&self, name: &str) {
        // No blinking caret: the same page gives the same picture.
        self.browser
            .run(
                "document.activeElement && document.activeElement.blur();",
                json!([]),
            )
            .unwrap();
        self.browser.screenshot(&self.shots.join(name)).unwrap();
    }

    /// WCAG 2.1 AA as axe-core checks it: no serious or critical violation.
    fn assert_accessible(&self, page: &str) {
        let violations = self.browser.accessibility_violations(&self.axe).unwrap();
        assert!(violations.is_empty(), "{page}: {violations:#?}");
    }

    /// No CSP violation, uncaught error or panic in the browser console.
    /// Failed requests the flow provoked on purpose are allowed.
    fn assert_clean_console(&self, allowed: &[&str]) {
        let bad: Vec<(String, String)> = self
            .browser
            .console()
            .unwrap()
            .into_iter()
            .filter(|(level, message)| {
                let serious = level == "SEVERE"
                    || message.contains("Content Security Policy")
                    || message.contains("Refused to")
                    || message.contains("panicked");
                serious && !allowed.iter().any(|a| message.contains(a))
            })
            .collect();
        assert!(bad.is_empty(), "browser console: {bad:#?}");
    }
}

#[test]
fn the_console_works_behind_nginx() {
    let profile = std::env::temp_dir().join(format!("e2e-chromium-{}", std::process::id()));
    let shots = PathBuf::from(env("E2E_SCREENSHOTS"));
    std::fs::create_dir_all(&shots).unwrap();
    let suite = Suite {
        browser: Browser::start(
            &env("CHROMEDRIVER"),
            &profile,
            BasicAuth::from_env().unwrap().as_ref(),
        )
        .unwrap(),
        base: env("E2E_URL"),
        shots,
        axe: std::fs::read_to_string(env("E2E_AXE")).unwrap(),
    };
    let b = &suite.browser;

    // First page: `/console/` redirects to the list; 20 rows from the mock,
    // which answers only because nginx adds the token. config.json is
    // fetched once: the app takes the answer index.html preloaded.
    let requests_to = |start: &str| {
        std::fs::read_to_string(env("E2E_ACCESS_LOG"))
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains(&format!("\"GET {start}")))
            .count()
    };
    let config_requests = || requests_to("/console/config.json ");
    let list_requests = || requests_to("/console/api/v2/e2e0project/terminals/binding-desktops?");
    let (before, lists_before) = (config_requests(), list_requests());
    suite.open("");
    b.wait_status("Showing 1–20 of 523 bindings").unwrap();
    assert_eq!(config_requests() - before, 1, "one config.json per load");
    // One GET of the list too: the one early.js started, taken by the app.
    assert_eq!(list_requests() - lists_before, 1, "one list GET per load");
    // ...and it started while the wasm was still downloading, not after.
    let overlap = b
        .run(
            "const all = performance.getEntriesByType('resource'); \
             const config = all.filter(e => e.name.endsWith('/config.json')); \
             const wasm = all.find(e => e.name.endsWith('_bg.wasm')); \
             return [config.length, config[0].startTime < wasm.responseEnd];",
            json!([]),
        )
        .unwrap();
    assert_eq!(overlap, json!([1, true]), "config.json beside the wasm");
    // As users get it: HTTPS with HTTP/2, so Chromium asks for brotli and
    // receives the wasm's .br file.
    let wasm = b
        .run(
            "const e = performance.getEntriesByType('resource') \
               .find(e => e.name.endsWith('_bg.wasm')); \
             return [e.name.split('/').pop(), e.nextHopProtocol, e.encodedBodySize];",
            json!([]),
        )
        .unwrap();
    let name = wasm[0].as_str().unwrap_or_default();
    let brotli = std::fs::metadata(PathBuf::from(env("E2E_DIST")).join(format!("{name}.br")))
        .unwrap()
        .len();
    assert_eq!(wasm[1], json!("h2"), "{wasm}");
    assert_eq!(wasm[2].as_u64(), Some(brotli), "{wasm}");
    // Until the list has answered, one wasm file: binding management (and
    // the pieces it shares with other pages) comes after the first row,
    // other pages when they open, each in a wasm file of its own. It is
    // fetched from a timer after the first rows: waited for, not assumed.
    b.wait(
        "binding management's wasm",
        "return performance.getEntriesByType('resource') \
           .some(e => e.name.split('/').pop().startsWith('manage-bindings-'));",
        json!([]),
    )
    .unwrap();
    let wasm_files = b
        .run(
            "const all = performance.getEntriesByType('resource'); \
             const list = all.find(e => e.name.includes('/terminals/binding-desktops?')); \
             const wasm = all.filter(e => e.name.endsWith('.wasm')); \
             const name = e => e.name.split('/').pop(); \
             return [wasm.filter(e => e.startTime < list.responseEnd).map(name), \
                     wasm.filter(e => e.startTime >= list.responseEnd).map(name)];",
            json!([]),
        )
        .unwrap();
    let first = wasm_files[0].as_array().cloned().unwrap_or_default();
    assert_eq!(first.len(), 1, "{wasm_files}");
    assert!(
        first[0].as_str().is_some_and(|n| n.contains("_bg")),
        "{wasm_files}"
    );
    let later = wasm_files[1].as_array().cloned().unwrap_or_default();
    let later: Vec<&str> = later.iter().filter_map(|n| n.as_str()).collect();
    assert!(
        later.iter().any(|n| n.starts_with("manage-bindings-"))
            && later
                .iter()
                .all(|n| n.starts_with("manage-bindings-") || n.starts_with("chunk-")),
        "{wasm_files}"
    );
    let wasm_files = "return performance.getEntriesByType('resource') \
                        .map(e => e.name.split('/').pop()).filter(n => n.endsWith('.wasm'));";
    assert!(b.url().unwrap().ends_with("/console/bindings"));
    assert_eq!(suite.rows().len(), 20);
    suite.shot("bindings.png");
    suite.assert_accessible("bindings");
    // The checker itself works: an unlabelled field is caught.
    b.run(
        "document.body.insertAdjacentHTML('beforeend', '<input id=\"axe-probe\">');",
        json!([]),
    )
    .unwrap();
    let caught = b.accessibility_violations(&suite.axe).unwrap();
    assert!(caught.iter().any(|v| v.starts_with("label")), "{caught:?}");
    b.run("document.getElementById('axe-probe').remove();", json!([]))
        .unwrap();
    suite.assert_clean_console(&[]);

    // A filtered search, reflected in the URL.
    b.type_into("Desktop name", "fin").unwrap();
    b.click("Search").unwrap();
    b.wait(
        "filtered rows",
        "return location.search.includes('computer_name=fin') && rows().length > 0 && \
         rows().every(r => r[1].toLowerCase().includes('fin'));",
        json!([]),
    )
    .unwrap();
    assert!(b.status().unwrap().contains("Showing 1–"));

    // Paging and Back.
    b.click("Clear filters").unwrap();
    b.wait_status("Showing 1–20 of 523 bindings").unwrap();
    b.click("Next page").unwrap();
    b.wait_status("Showing 21–40 of 523 bindings").unwrap();
    assert!(b.url().unwrap().ends_with("/console/bindings?offset=20"));
    b.back().unwrap();
    b.wait_status("Showing 1–20 of 523 bindings").unwrap();

    // A deep link loads through nginx's fallback to index.html.
    suite.open("bindings?offset=40&limit=50");
    b.wait_status("Showing 41–90 of 523 bindings").unwrap();

    // Count only.
    b.run("byLabel('Count only').click();", json!([])).unwrap();
    b.click("Search").unwrap();
    b.wait_status("523 bindings").unwrap();
    assert!(suite.rows().is_empty());

    // A deep link with every filter, cold, over Slow 4G: its GET starts
    // while the wasm is still downloading (early.js), and is the only one.
    b.clear_cache().unwrap();
    b.emulate_link(Some((150, 1_600_000))).unwrap();
    let (before, lists_before) = (config_requests(), list_requests());
    suite.open(
        "bindings?computer_name=%20fin%20&computer_names=dsk-a&computer_names=dsk-b\
         &mac=aa:bb:cc:dd:ee:ff&mac_list=AA-BB-CC-DD-EE-01&mac_list=aa:bb:cc:dd:ee:02\
         &count_only=true&offset=20&limit=50",
    );
    b.wait(
        "the count",
        "return texts('[role=status]').some(t => /^\\d+ bindings?$/.test(t.trim()));",
        json!([]),
    )
    .unwrap();
    b.emulate_link(None).unwrap();
    assert_eq!(config_requests() - before, 1, "one config.json per load");
    assert_eq!(list_requests() - lists_before, 1, "one list GET per load");
    let overlap = b
        .run(
            "const all = performance.getEntriesByType('resource'); \
             const list = all.filter(e => e.name.includes('/terminals/binding-desktops?')); \
             const wasm = all.find(e => e.name.endsWith('_bg.wasm')); \
             return [list.length, list[0].startTime < wasm.responseEnd];",
            json!([]),
        )
        .unwrap();
    assert_eq!(overlap, json!([1, true]), "the list's GET beside the wasm");

    // The first page, cold over Slow 4G: early.js paints its rows while the
    // wasm is still downloading, and the console's own table replaces them.
    b.clear_cache().unwrap();
    b.emulate_link(Some((150, 1_600_000))).unwrap();
    let (before, lists_before) = (config_requests(), list_requests());
    suite.open("bindings?limit=100");
    b.wait_status("Showing 1–100 of 523 bindings").unwrap();
    b.emulate_link(None).unwrap();
    assert_eq!(config_requests() - before, 1, "one config.json per load");
    assert_eq!(list_requests() - lists_before, 1, "one list GET per load");
    let painted = b
        .run(
            "const mark = performance.getEntriesByName('first-rows')[0]; \
             const wasm = performance.getEntriesByType('resource') \
               .find(e => e.name.endsWith('_bg.wasm')); \
             return [!!mark && mark.startTime < wasm.responseEnd, \
                     document.querySelectorAll('#first-rows, table').length];",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        painted,
        json!([true, 1]),
        "rows before the wasm, then one table"
    );
    assert_eq!(suite.rows().len(), 100);

    // Binding an EIP, then the same again: the mock's error is shown.
    b.click_link("Bind EIP").unwrap();
    b.wait("bind form", "return !!byLabel('EIP ID');", json!([]))
        .unwrap();
    b.type_into("EIP ID", EIP).unwrap();
    b.type_into("Desktop ID", DESKTOP).unwrap();
    b.click("Bind EIP").unwrap();
    b.wait_status("is now bound to desktop").unwrap();
    b.type_into("EIP ID", EIP).unwrap();
    b.type_into("Desktop ID", DESKTOP).unwrap();
    b.click("Bind EIP").unwrap();
    b.wait_alert("WKS.0103").unwrap();
    b.wait(
        "the attempt in the activity list",
        "return document.body.innerText.includes('Failed: WKS.0103');",
        json!([]),
    )
    .unwrap();
    suite.shot("bind-eip-error.png");
    suite.assert_accessible("bind EIP with an error");
    suite.assert_clean_console(&["status of 400"]);

    // EIPs, with the keyboard alone and no ID typed: a free EIP from
    // "Unbound EIP", a desktop found by name, bound; seen bound on /eips;
    // unbound through the dialog, which Esc first closes sending nothing.
    let unbind_requests = || {
        std::fs::read_to_string(env("E2E_ACCESS_LOG"))
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains("\"POST /console/api/v2/e2e0project/eips/unbinding "))
            .count()
    };
    suite.open("eips/bind");
    b.wait(
        "the free EIPs",
        "return byLabel('Unbound EIP').options.length > 1;",
        json!([]),
    )
    .unwrap();
    b.focus("Unbound EIP").unwrap();
    b.keys(KEY_DOWN).unwrap();
    b.wait(
        "EIP ID filled",
        "return byLabel('EIP ID').value !== '';",
        json!([]),
    )
    .unwrap();
    let address = b
        .run(
            "const s = byLabel('Unbound EIP'); return s.options[s.selectedIndex].text;",
            json!([]),
        )
        .unwrap();
    let address = address.as_str().unwrap_or_default().to_owned();
    assert!(address.starts_with("119.3."), "{address}");
    b.focus("Find desktop").unwrap();
    b.keys("dsk-hr").unwrap();
    b.wait(
        "matching desktops",
        "return document.querySelectorAll('[role=option]').length > 0;",
        json!([]),
    )
    .unwrap();
    suite.assert_accessible("the bind form with its pickers open");
    b.keys(&format!("{KEY_DOWN}{KEY_ENTER}")).unwrap();
    b.wait(
        "Desktop ID filled",
        "return byLabel('Desktop ID').value !== '';",
        json!([]),
    )
    .unwrap();
    b.focus("Desktop ID").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait_status(&format!("EIP {address} (")).unwrap();
    b.wait_status("dsk-hr-0002").unwrap();
    b.click_link("See it in the EIP list").unwrap();
    b.wait(
        "the EIP bound on /eips",
        "return rows().some(r => r.includes(arguments[0]) && r.includes('Bound') \
           && r.some(c => c.includes('dsk-hr-0002')));",
        json!([address]),
    )
    .unwrap();
    suite.shot("eips.png");
    suite.assert_accessible("EIPs");
    let unbind = format!("Unbind {address}");
    let before = unbind_requests();
    b.focus_button(&unbind).unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait(
        "the dialog",
        "return !!document.querySelector('dialog[open]');",
        json!([]),
    )
    .unwrap();
    suite.assert_accessible("the unbind dialog");
    b.keys(KEY_ESCAPE).unwrap();
    b.wait(
        "closed",
        "return !document.querySelector('dialog[open]');",
        json!([]),
    )
    .unwrap();
    assert_eq!(unbind_requests(), before, "Esc sends nothing");
    b.focus_button(&unbind).unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait(
        "the dialog again",
        "return !!document.querySelector('dialog[open]');",
        json!([]),
    )
    .unwrap();
    // Focus starts on Cancel; Tab to "Unbind".
    b.keys(&format!("{KEY_TAB}{KEY_ENTER}")).unwrap();
    b.wait_status(&format!(
        "EIP {address} is no longer bound to desktop dsk-hr-0002."
    ))
    .unwrap();
    assert_eq!(unbind_requests(), before + 1);
    b.wait(
        "the EIP free again",
        "return rows().some(r => r.includes(arguments[0]) && r.includes('Unbound'));",
        json!([address]),
    )
    .unwrap();
    suite.assert_clean_console(&["status of 400"]);

    // A proxy's HTML 502 page.
    b.click_link("Settings").unwrap();
    b.wait(
        "settings form",
        "return byLabel('API base URL').value !== '';",
        json!([]),
    )
    .unwrap();
    let later = b.run(wasm_files, json!([])).unwrap();
    assert!(
        later.as_array().is_some_and(|files| files
            .iter()
            .any(|f| f.as_str().is_some_and(|f| f.starts_with("settings-")))),
        "Settings' own wasm fetched when it opened: {later}"
    );
    b.type_into("API base URL", "/console/broken-api").unwrap();
    b.click("Save").unwrap();
    b.wait_status("Settings saved").unwrap();
    b.click_link("Bindings").unwrap();
    b.wait_alert("HTTP 502").unwrap();
    b.wait_alert("Bad Gateway").unwrap();
    suite.assert_accessible("bindings with an error");
    assert!(b.run("return !!Array.from(document.querySelectorAll('button')).find(e => e.innerText.trim() === 'Retry');", json!([])).unwrap() == json!(true));

    // A timeout.
    b.click_link("Settings").unwrap();
    b.wait(
        "settings form",
        "return byLabel('API base URL').value === '/console/broken-api';",
        json!([]),
    )
    .unwrap();
    b.type_into("API base URL", "/console/slow-api").unwrap();
    b.type_into("Request timeout (seconds)", "2").unwrap();
    b.click("Save").unwrap();
    b.wait_status("Settings saved").unwrap();
    suite.assert_accessible("settings");
    b.click_link("Bindings").unwrap();
    b.wait_alert("timed out after 2 s").unwrap();

    // Back to the defaults from config.json.
    b.click_link("Settings").unwrap();
    b.wait(
        "settings form",
        "return !!byLabel('API base URL');",
        json!([]),
    )
    .unwrap();
    b.click("Reset to defaults").unwrap();
    b.wait(
        "defaults",
        "return byLabel('API base URL').value === '/console/api';",
        json!([]),
    )
    .unwrap();
    suite.shot("settings.png");
    b.click_link("Bindings").unwrap();
    b.wait_status("Showing 1–20 of 523 bindings").unwrap();
    suite.assert_clean_console(&["status of 502", "status of 400"]);

    managing_bindings(&suite);
    header_controls(&suite);

    drop(suite);
    let _ = std::fs::remove_dir_all(profile);
}

/// The header's controls: "/" and "?" from the keyboard, "Copy as curl"
/// pasted into a shell, and every page in the dark theme.
fn header_controls(suite: &Suite) {
    let b = &suite.browser;
    suite.open("bindings");
    b.wait_status("Showing 1–20 of 523 bindings").unwrap();
    let blur = "document.activeElement && document.activeElement.blur();";
    b.run(blur, json!([])).unwrap();
    b.keys("/").unwrap();
    b.wait(
        "the first filter focused",
        "return document.activeElement === byLabel('Desktop name');",
        json!([]),
    )
    .unwrap();
    b.run(blur, json!([])).unwrap();
    b.keys("?").unwrap();
    let help_open = "return document.getElementById('shortcuts').matches(':popover-open');";
    b.wait("the shortcuts", help_open, json!([])).unwrap();
    suite.assert_accessible("the keyboard shortcuts");
    b.keys(KEY_ESCAPE).unwrap();
    b.wait(
        "the shortcuts closed",
        &help_open.replace("return ", "return !"),
        json!([]),
    )
    .unwrap();

    // "Copy as curl", pasted into a shell as an operator would: the same
    // answer, through the same proxy (the admin's credentials and trust in
    // the test certificate from curl's own configuration file).
    b.run(
        "navigator.clipboard.writeText = text => { window.copiedText = text; return Promise.resolve(); };",
        json!([]),
    )
    .unwrap();
    b.click("Copy as curl").unwrap();
    b.wait(
        "the copied command",
        "return typeof window.copiedText === 'string';",
        json!([]),
    )
    .unwrap();
    let command = b.run("return window.copiedText;", json!([])).unwrap();
    let command = command.as_str().unwrap_or_default();
    assert!(
        command.starts_with("curl ") && command.contains("$WORKSPACE_TOKEN"),
        "{command}"
    );
    let replayed = e2e::replay_curl(command).unwrap();
    assert!(
        replayed.head.starts_with("HTTP/2 200"),
        "{command}\n{}",
        replayed.head
    );
    let body = replayed.body.as_str();
    let answer: Value = serde_json::from_str(body).unwrap();
    assert_eq!(answer["total_num"], json!(523), "{body}");
    assert_eq!(answer["bind_list"].as_array().map(Vec::len), Some(20));

    // Every page in both languages and both themes, as axe-core sees it.
    // The controls are found by their place, as the labels change language.
    let choose = "const select = document.getElementById(arguments[0]); \
                  select.value = arguments[1]; \
                  select.dispatchEvent(new Event('change', { bubbles: true }));";
    b.run(choose, json!(["theme", "dark"])).unwrap();
    suite.shot("bindings-dark.png");
    let every_page = |language: &str, theme: &str| {
        for path in [
            "bindings",
            "eips",
            "eips/bind",
            "bindings/import",
            "settings",
        ] {
            suite.open(path);
            b.wait(
                path,
                "const html = document.documentElement; \
                 const list = location.pathname.endsWith('/bindings') || location.pathname.endsWith('/eips'); \
                 return html.lang === arguments[0] && (html.dataset.theme || 'light') === arguments[1] && \
                        !!document.querySelector('main h1') && !document.querySelector('main .loading') && \
                        (!list || rows().length > 0);",
                json!([language, theme]),
            )
            .unwrap();
            suite.assert_accessible(&format!("{path}, {language}, {theme}"));
        }
    };
    every_page("en", "dark");
    b.run(choose, json!(["theme", "light"])).unwrap();
    every_page("en", "light");

    // 中文, picked in the header: the page comes back in Chinese.
    suite.open("bindings");
    b.wait("the page", "return rows().length > 0;", json!([]))
        .unwrap();
    b.run(choose, json!(["language", "zh-CN"])).unwrap();
    b.wait(
        "the page in Chinese",
        "return document.documentElement.lang === 'zh-CN' && \
                (document.querySelector('main h1') || {}).innerText === '终端绑定' && rows().length > 0;",
        json!([]),
    )
    .unwrap();
    suite.shot("bindings-zh.png");
    every_page("zh-CN", "light");
    b.run(choose, json!(["theme", "dark"])).unwrap();
    every_page("zh-CN", "dark");
    b.run("localStorage.clear();", json!([])).unwrap();
}

/// Issue "Terminal bindings", keyboard only: import a small file with
/// one bad line, see the good lines in the list, edit one, delete both,
/// export every binding and read the downloaded file back.
fn managing_bindings(suite: &Suite) {
    let b = &suite.browser;
    let writes = |request: &str| {
        std::fs::read_to_string(env("E2E_ACCESS_LOG"))
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains(&format!("\"{request} ")))
            .count()
    };
    const BINDINGS: &str = "/console/api/v2/e2e0project/terminals/binding-desktops";
    let creates = || writes(&format!("POST {BINDINGS}"));

    // Import: pasted lines, checked before anything is sent.
    b.focus_link("Import CSV").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait(
        "the import page",
        "return document.querySelector('h1').innerText === 'Import bindings';",
        json!([]),
    )
    .unwrap();
    b.focus("Paste CSV").unwrap();
    b.keys(
        "mac,desktop_name,description\naa:bb:cc:e2:00:01,dsk-e2e-1,imported one\n\
         AA-BB-CC-E2-00-02,dsk-e2e-2,imported two\nnot-a-mac,dsk-e2e-3,bad line",
    )
    .unwrap();
    b.wait_status("2 lines ready, 1 with a problem").unwrap();
    suite.assert_accessible("the import page with its preview");
    let before = creates();
    b.focus_button("Import 2 bindings").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait_status("Imported 2 bindings.").unwrap();
    assert_eq!(creates(), before + 1, "one create");
    suite.shot("import.png");
    b.focus_link("See them in the bindings list").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait_status("Showing 1–20 of 525 bindings").unwrap();

    // The good lines are in the list.
    b.focus("Desktop name").unwrap();
    b.keys(&format!("dsk-e2e{KEY_ENTER}")).unwrap();
    b.wait_status("Showing 1–2 of 2 bindings").unwrap();
    let rows = suite.rows();
    assert!(rows[0].contains(&"dsk-e2e-1".to_string()), "{rows:?}");
    assert!(
        rows[0].iter().any(|c| c.starts_with("AA-BB-CC-E2-00-01")),
        "{rows:?}"
    );

    // Edit one: the dialog opens on its values, Enter saves.
    b.focus_button("Edit dsk-e2e-1 AA-BB-CC-E2-00-01").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait(
        "the edit dialog",
        "return !!document.querySelector('dialog[open]');",
        json!([]),
    )
    .unwrap();
    suite.assert_accessible("the list with the edit dialog open");
    b.focus("Description").unwrap();
    b.keys(&format!(", edited{KEY_ENTER}")).unwrap();
    b.wait_status("Saved the binding of AA-BB-CC-E2-00-01 to desktop dsk-e2e-1.")
        .unwrap();
    b.wait(
        "the edited row",
        "return rows().some(r => r.includes('imported one, edited'));",
        json!([]),
    )
    .unwrap();
    assert_eq!(writes(&format!("PUT {BINDINGS}")), 1);

    // Delete both, after the confirmation.
    b.focus("Select all on this page").unwrap();
    b.keys(" ").unwrap();
    b.wait_status("2 bindings selected.").unwrap();
    b.focus_button("Delete selected").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait(
        "the delete dialog",
        "return (document.querySelector('dialog[open]') || {}).innerText.includes('dsk-e2e-2');",
        json!([]),
    )
    .unwrap();
    suite.shot("delete-dialog.png");
    // Focus starts on Cancel; Tab to "Delete".
    b.keys(&format!("{KEY_TAB}{KEY_ENTER}")).unwrap();
    b.wait_status("Deleted 2 bindings.").unwrap();
    assert_eq!(writes(&format!("POST {BINDINGS}/batch-delete")), 1);
    b.wait_status("No bindings match").unwrap();

    // Export every binding: the file, read back.
    let downloads = std::env::temp_dir().join(format!("e2e-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap();
    b.allow_downloads(&downloads).unwrap();
    b.focus_button("Clear filters").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait_status("Showing 1–20 of 523 bindings").unwrap();
    b.focus_button("Export CSV").unwrap();
    b.keys(KEY_ENTER).unwrap();
    b.wait_status("Exported 523 bindings to bindings-").unwrap();
    let file = (0..100)
        .find_map(|_| {
            let found = std::fs::read_dir(&downloads)
                .ok()?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|e| e == "csv"));
            if found.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            found
        })
        .expect("the export is saved");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("bindings-") && name.len() == "bindings-2026-12-04.csv".len(),
        "{name}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("\u{feff}id,mac,desktop_name,description\r\n"));
    // Read as a spreadsheet would: quoted cells may hold line breaks.
    let body = text.trim_start_matches('\u{feff}');
    let records: Vec<csv::StringRecord> = csv::Reader::from_reader(body.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(records.len(), 523, "every binding, not one page");
    assert!(records.iter().all(|r| r.len() == 4));
    assert!(!text.contains("dsk-e2e"), "the deleted bindings are gone");
    // The seeded formula cells are neutralised.
    assert!(text.contains("'=HYPERLINK("), "formula guard");
    assert!(!text.contains(",=HYPERLINK(") && !text.contains("\"=HYPERLINK("));
    let _ = std::fs::remove_dir_all(&downloads);
    suite.assert_clean_console(&["status of 502", "status of 400"]);
}

/// One GET, the body as sent (not decoded), with the basic auth nginx may
/// demand.
async fn get(
    client: &reqwest::Client,
    url: &str,
    accept_encoding: &str,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = client.get(url).header(ACCEPT_ENCODING, accept_encoding);
    if let Some(auth) = BasicAuth::from_env().unwrap() {
        request = request.header(AUTHORIZATION, auth.header_value());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap().to_vec();
    (status, headers, body)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|value| value.to_str().unwrap())
}

#[tokio::test]
async fn precompressed_files_are_sent_by_what_the_browser_accepts() {
    let base = env("E2E_PLAIN_URL");
    let client = reqwest::Client::new();
    let (status, _, index) = get(&client, &base, "identity").await;
    assert_eq!(status, StatusCode::OK);
    // The wasm's hashed name, from index.html.
    let index = String::from_utf8_lossy(&index).to_string();
    let wasm = index
        .split(['"', '\'', ' ', '=', '>'])
        .find(|piece| piece.ends_with("_bg.wasm"))
        .expect("index.html names the wasm")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let url = format!("{base}{wasm}");

    let (_, plain, plain_body) = get(&client, &url, "identity").await;
    let (_, gzip, gzip_body) = get(&client, &url, "gzip").await;
    let (_, brotli, brotli_body) = get(&client, &url, "gzip, deflate, br").await;
    assert_eq!(header(&plain, "content-encoding"), None);
    assert_eq!(header(&gzip, "content-encoding"), Some("gzip"));
    assert_eq!(header(&brotli, "content-encoding"), Some("br"));
    assert!(plain_body.starts_with(b"\0asm"));
    assert!(gzip_body.starts_with(&[0x1f, 0x8b]));
    assert!(
        brotli_body.len() < gzip_body.len() && gzip_body.len() < plain_body.len(),
        "br {}, gzip {}, plain {}",
        brotli_body.len(),
        gzip_body.len(),
        plain_body.len()
    );
    for headers in [&plain, &gzip, &brotli] {
        assert_eq!(header(headers, "content-type"), Some("application/wasm"));
        assert_eq!(
            header(headers, "cache-control"),
            Some("public, max-age=31536000, immutable")
        );
    }
}
