//! A small WebDriver client (HTTP/1.1 + JSON to chromedriver) for the
//! end-to-end suite in `tests/`. Pages are driven through short scripts
//! that find elements the way an admin does: by label, button text, role.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A running chromedriver and one headless Chromium session; both end on drop.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Browser {
    pub fn start(chromedriver: &str, profile_dir: &std::path::Path) -> Result<Browser, String> {
        let port = free_port()?;
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("cannot start {chromedriver}: {err}"))?;
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while browser.call("GET", "/status", None).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not start".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": { "browser": "ALL" },
                "goog:chromeOptions": { "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile_dir.display()),
                ]}
            }}
        });
        let answer = browser.call("POST", "/session", Some(capabilities))?;
        browser.session = answer["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session: {answer}"))?
            .to_string();
        Ok(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|e| e.to_string())?;
        // chromedriver keeps the connection open: read by Content-Length.
        let mut raw = Vec::new();
        let mut chunk = [0u8; 8192];
        let payload = loop {
            let n = stream.read(&mut chunk).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("chromedriver closed the connection".into());
            }
            raw.extend_from_slice(&chunk[..n]);
            let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                break String::from_utf8_lossy(&raw[end + 4..end + 4 + length]).into_owned();
            }
        };
        let value: Value = serde_json::from_str(&payload).map_err(|e| format!("{e}: {payload}"))?;
        if let Some(error) = value["value"]["error"].as_str() {
            return Err(format!("{error}: {}", value["value"]["message"]));
        }
        Ok(value.get("value").cloned().unwrap_or(value))
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Empties Chromium's HTTP cache (and with it the compiled-wasm cache),
    /// through chromedriver's DevTools bridge, so the next load is a first.
    pub fn clear_cache(&self) -> Result<(), String> {
        self.session_call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": "Network.clearBrowserCache", "params": {} })),
        )
        .map(|_| ())
    }

    /// Slows every request down to a link of `latency_ms` round trip and
    /// `bits_per_second` each way (chromedriver's network emulation);
    /// `None` lifts it.
    pub fn emulate_link(&self, link: Option<(u32, u32)>) -> Result<(), String> {
        match link {
            Some((latency_ms, bits_per_second)) => {
                let bytes_per_second = bits_per_second / 8;
                self.session_call(
                    "POST",
                    "/chromium/network_conditions",
                    Some(json!({ "network_conditions": {
                        "offline": false,
                        "latency": latency_ms,
                        "download_throughput": bytes_per_second,
                        "upload_throughput": bytes_per_second,
                    }})),
                )
            }
            None => self.session_call("DELETE", "/chromium/network_conditions", None),
        }
        .map(|_| ())
    }

    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.session_call("POST", "/url", Some(json!({ "url": url })))
            .map(|_| ())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) with the
    /// page helpers below in scope.
    pub fn run(&self, script: &str, args: Value) -> Result<Value, String> {
        let body = format!("{HELPERS}\n{script}");
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": body, "args": args })),
        )
    }

    /// Runs `script` that ends by calling `done(value)` (the WebDriver
    /// callback is the last argument).
    pub fn run_async(&self, script: &str, args: Value) -> Result<Value, String> {
        let body = format!("const done = arguments[arguments.length - 1];\n{script}");
        self.session_call(
            "POST",
            "/execute/async",
            Some(json!({ "script": body, "args": args })),
        )
    }

    /// Serious or critical WCAG 2.1 A/AA violations axe-core finds on the
    /// current page, as "rule: target" lines. `axe_source` is axe.min.js.
    pub fn accessibility_violations(&self, axe_source: &str) -> Result<Vec<String>, String> {
        let script = format!(
            "{axe_source}\n\
             axe.run(document, {{ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }})\n\
               .then(r => done(r.violations\n\
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')\n\
                 .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')))))\n\
               .catch(e => done(['axe failed: ' + e]));"
        );
        let found = self.run_async(&script, json!([]))?;
        Ok(found
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Waits up to 10 s for `script` to return true.
    pub fn wait(&self, what: &str, script: &str, args: Value) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.run(script, args.clone())? == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let page = self.run("return document.body.innerText;", json!([]))?;
                return Err(format!("timed out waiting for {what}; page: {page}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn status(&self) -> Result<String, String> {
        Ok(self
            .run("return texts('[role=status]').join(' | ');", json!([]))?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub fn wait_status(&self, wanted: &str) -> Result<(), String> {
        self.wait(
            &format!("status {wanted:?}"),
            "return texts('[role=status]').some(t => t.includes(arguments[0]));",
            json!([wanted]),
        )
    }

    pub fn wait_alert(&self, wanted: &str) -> Result<(), String> {
        self.wait(
            &format!("alert {wanted:?}"),
            "return texts('[role=alert]').some(t => t.includes(arguments[0]));",
            json!([wanted]),
        )
    }

    pub fn type_into(&self, label: &str, value: &str) -> Result<(), String> {
        self.run(
            "typeInto(arguments[0], arguments[1]);",
            json!([label, value]),
        )
        .map(|_| ())
    }

    pub fn click(&self, name: &str) -> Result<(), String> {
        self.run("clickNamed('button', arguments[0]);", json!([name]))
            .map(|_| ())
    }

    pub fn click_link(&self, name: &str) -> Result<(), String> {
        self.run("clickNamed('a', arguments[0]);", json!([name]))
            .map(|_| ())
    }

    pub fn url(&self) -> Result<String, String> {
        Ok(self
            .session_call("GET", "/url", None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub fn back(&self) -> Result<(), String> {
        self.session_call("POST", "/back", Some(json!({})))
            .map(|_| ())
    }

    pub fn screenshot(&self, path: &std::path::Path) -> Result<(), String> {
        use base64::Engine;
        let data = self.session_call("GET", "/screenshot", None)?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Browser console entries since the last call: (level, message).
    pub fn console(&self) -> Result<Vec<(String, String)>, String> {
        let entries = self.session_call("POST", "/se/log", Some(json!({ "type": "browser" })))?;
        Ok(entries
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_string(),
                            e["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// Page helpers: find things as an admin names them.
const HELPERS: &str = r#"
const clean = el => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
const texts = sel => Array.from(document.querySelectorAll(sel)).map(clean).filter(t => t);
const nameOf = el => el.getAttribute('aria-label') || clean(el);
const byLabel = label => {
  const l = Array.from(document.querySelectorAll('label'))
    .find(l => clean(l).replace(/\s*\*$/, '') === label);
  if (!l) throw new Error('no field labelled ' + label);
  return document.getElementById(l.htmlFor);
};
const typeInto = (label, value) => {
  const el = byLabel(label);
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
};
const clickNamed = (tag, name) => {
  const el = Array.from(document.querySelectorAll(tag)).find(e => nameOf(e) === name);
  if (!el) throw new Error('no ' + tag + ' named ' + name);
  el.click();
};
const rows = () => Array.from(document.querySelectorAll('table tbody tr'))
  .map(r => Array.from(r.querySelectorAll('td')).map(clean));
"#;
