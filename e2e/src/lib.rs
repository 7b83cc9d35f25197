//! Headless Chromium for the end-to-end suite in `tests/` and the
//! first-row benchmark, driven through chromedriver with `thirtyfour`.
//! The calls are synchronous (each one runs on the browser's own tokio
//! runtime), so a test reads as an admin's session. Pages are driven through
//! short scripts that find elements the way an admin does: by label, button
//! text, role.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use thirtyfour::cdp::domains::network::NetworkConditions;
use thirtyfour::error::WebDriverError;
use thirtyfour::{ChromiumLikeCapabilities, DesiredCapabilities, LoggingPrefsLogLevel, WebDriver};
use tokio::runtime::Runtime;

/// Why a browser step failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot start {program}: {source}")]
    Spawn {
        program: String,
        #[source]
        source: io::Error,
    },
    #[error("chromedriver did not say which port it listens on within 10 s")]
    DriverNotReady,
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] io::Error),
    #[error("webdriver: {0}")]
    WebDriver(#[from] WebDriverError),
    #[error("timed out waiting for {what}; page: {page}")]
    Timeout { what: String, page: String },
    #[error("{}: {source}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("E2E_BASIC_AUTH must be user:password")]
    BasicAuth,
    #[error("the copied command failed ({status}): {stderr}\n{command}")]
    Shell {
        command: String,
        status: std::process::ExitStatus,
        stderr: String,
    },
}

/// A "Copy as curl" command's answer: the status line and headers, the
/// status code and the body.
pub struct Replayed {
    pub head: String,
    pub status: u16,
    pub body: String,
}

/// Runs a "Copy as curl" command as an operator would: pasted into `sh`,
/// with `WORKSPACE_TOKEN` set and the admin's credentials (from
/// `E2E_BASIC_AUTH`) and trust in the test certificate in curl's own
/// configuration file, not in the command.
pub fn replay_curl(command: &str) -> Result<Replayed> {
    let home = std::env::temp_dir().join(format!("e2e-curl-{}", std::process::id()));
    let file = |source| Error::File {
        path: home.clone(),
        source,
    };
    std::fs::create_dir_all(&home).map_err(file)?;
    let mut curlrc = String::from("insecure\n");
    if let Some(auth) = BasicAuth::from_env()? {
        curlrc.push_str(&format!(
            "header = \"Authorization: {}\"\n",
            auth.header_value()
        ));
    }
    std::fs::write(home.join(".curlrc"), curlrc).map_err(file)?;
    let output = std::process::Command::new("sh")
        .args(["-c", command])
        .env("CURL_HOME", &home)
        .env("WORKSPACE_TOKEN", "token-from-the-shell")
        .output()
        .map_err(|source| Error::Spawn {
            program: "sh".into(),
            source,
        });
    let _ = std::fs::remove_dir_all(&home);
    let output = output?;
    if !output.status.success() {
        return Err(Error::Shell {
            command: command.into(),
            status: output.status,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok(Replayed {
        head: head.to_owned(),
        status,
        body: body.to_owned(),
    })
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Chromium's command line: headless, and quiet on the network apart from
/// the pages under test.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
];

/// HTTP Basic credentials (`user:password`) for a server that demands them.
#[derive(Clone)]
pub struct BasicAuth {
    user: String,
    password: String,
}

impl BasicAuth {
    /// From `E2E_BASIC_AUTH`, if set.
    pub fn from_env() -> Result<Option<BasicAuth>> {
        match std::env::var("E2E_BASIC_AUTH") {
            Ok(value) => BasicAuth::parse(&value).map(Some),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::BasicAuth),
        }
    }

    /// `user:password`; the password may hold colons, the user may not.
    pub fn parse(value: &str) -> Result<BasicAuth> {
        let (user, password) = value.split_once(':').ok_or(Error::BasicAuth)?;
        Ok(BasicAuth {
            user: user.to_string(),
            password: password.to_string(),
        })
    }

    /// The `Authorization` header's value.
    pub fn header_value(&self) -> String {
        use base64::Engine;
        let pair = format!("{}:{}", self.user, self.password);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

impl std::fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BasicAuth({}:***)", self.user)
    }
}

/// A running chromedriver and one headless Chromium session; both end on drop.
pub struct Browser {
    runtime: Runtime,
    // Some until dropped: quitting takes it.
    driver: Option<WebDriver>,
    _chromedriver: ChromeDriver,
}

impl Browser {
    /// Starts chromedriver and Chromium with `profile_dir` as its profile.
    /// With `basic_auth`, every request the page makes carries it, from the
    /// first navigation on.
    pub fn start(
        chromedriver: &str,
        profile_dir: &Path,
        basic_auth: Option<&BasicAuth>,
    ) -> Result<Browser> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        let (chromedriver, port) = ChromeDriver::start(chromedriver)?;

        let mut capabilities = DesiredCapabilities::chrome();
        for arg in CHROMIUM_ARGS {
            capabilities.add_arg(arg)?;
        }
        capabilities.add_arg(&format!("--user-data-dir={}", profile_dir.display()))?;
        // The deployment's own certificate for 127.0.0.1, trusted by its key.
        if let Ok(spki) = std::env::var("E2E_TRUST_SPKI") {
            capabilities.add_arg(&format!("--ignore-certificate-errors-spki-list={spki}"))?;
        }
        capabilities.set_browser_log_level(LoggingPrefsLogLevel::All)?;
        let driver = runtime.block_on(WebDriver::new(
            format!("http://127.0.0.1:{port}"),
            capabilities,
        ))?;
        let browser = Browser {
            runtime,
            driver: Some(driver),
            _chromedriver: chromedriver,
        };
        if let Some(auth) = basic_auth {
            browser.send_header("Authorization", &auth.header_value())?;
        }
        Ok(browser)
    }

    fn driver(&self) -> &WebDriver {
        self.driver
            .as_ref()
            .expect("the session lives until the browser is dropped")
    }

    fn block_on<T>(&self, step: impl Future<Output = Result<T, WebDriverError>>) -> Result<T> {
        Ok(self.runtime.block_on(step)?)
    }

    /// Adds a header to every request this tab makes from now on
    /// (`Network.setExtraHTTPHeaders`, which needs the Network domain).
    fn send_header(&self, name: &str, value: &str) -> Result<()> {
        let network = self.driver().cdp();
        self.block_on(async {
            network.network().enable().await?;
            network
                .network()
                .set_extra_http_headers(HashMap::from([(name.to_string(), value.to_string())]))
                .await
        })
    }

    /// Saves downloads into `dir` (headless Chromium refuses them otherwise).
    pub fn allow_downloads(&self, dir: &Path) -> Result<()> {
        let params = json!({"behavior": "allow", "downloadPath": dir.display().to_string()});
        let cdp = self.driver().cdp();
        self.block_on(async { cdp.send_raw("Browser.setDownloadBehavior", params).await })
            .map(|_| ())
    }

    /// Empties Chromium's HTTP cache (and with it the compiled-wasm cache),
    /// through the DevTools protocol, so the next load is a first.
    pub fn clear_cache(&self) -> Result<()> {
        self.block_on(self.driver().cdp().network().clear_browser_cache())
    }

    /// Slows every request down to a link of `latency_ms` round trip and
    /// `bits_per_second` each way (Chromium's network emulation, as
    /// chromedriver applies it); `None` lifts it.
    pub fn emulate_link(&self, link: Option<(u32, u32)>) -> Result<()> {
        let conditions = match link {
            Some((latency_ms, bits_per_second)) => {
                let bytes_per_second = i32::try_from(bits_per_second / 8).unwrap_or(i32::MAX);
                NetworkConditions {
                    latency: latency_ms,
                    download_throughput: bytes_per_second,
                    upload_throughput: bytes_per_second,
                    ..NetworkConditions::default()
                }
            }
            None => NetworkConditions::default(),
        };
        let cdp = self.driver().cdp();
        self.block_on(async {
            cdp.network().enable().await?;
            cdp.network().emulate_network_conditions(conditions).await
        })
    }

    pub fn goto(&self, url: &str) -> Result<()> {
        self.block_on(self.driver().goto(url))
    }

    /// Runs `script` (a function body; `arguments` holds the items of the
    /// JSON array `args`) with the page helpers below in scope.
    pub fn run(&self, script: &str, args: Value) -> Result<Value> {
        let body = format!("{HELPERS}\n{script}");
        let answer = self.block_on(self.driver().execute(body, script_args(args)))?;
        Ok(answer.json().clone())
    }

    /// Runs `script` that ends by calling `done(value)` (the WebDriver
    /// callback is the last argument), and reads the value as a `T`.
    pub fn run_async<T: serde::de::DeserializeOwned>(
        &self,
        script: &str,
        args: Value,
    ) -> Result<T> {
        let body = format!("const done = arguments[arguments.length - 1];\n{script}");
        let answer = self.block_on(self.driver().execute_async(body, script_args(args)))?;
        Ok(answer.convert()?)
    }

    /// Serious or critical WCAG 2.1 A/AA violations axe-core finds on the
    /// current page, as "rule: target" lines. `axe_source` is axe.min.js.
    pub fn accessibility_violations(&self, axe_source: &str) -> Result<Vec<String>> {
        let script = format!(
            "{axe_source}\n\
             axe.run(document, {{ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }})\n\
               .then(r => done(r.violations\n\
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')\n\
                 .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')))))\n\
               .catch(e => done(['axe failed: ' + e]));"
        );
        self.run_async(&script, json!([]))
    }

    /// Waits up to 10 s for `script` to return true. A script that throws
    /// (a field not there yet: pages other than the list arrive in a wasm
    /// file of their own) has not come true yet.
    pub fn wait(&self, what: &str, script: &str, args: Value) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let script = format!("try {{ {script} }} catch (e) {{ return false; }}");
        loop {
            if self.run(&script, args.clone())? == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let page = self.run("return document.body.innerText;", json!([]))?;
                return Err(Error::Timeout {
                    what: what.to_string(),
                    page: page.to_string(),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn status(&self) -> Result<String> {
        Ok(self
            .run("return texts('[role=status]').join(' | ');", json!([]))?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub fn wait_status(&self, wanted: &str) -> Result<()> {
        self.wait(
            &format!("status {wanted:?}"),
            "return texts('[role=status]').some(t => t.includes(arguments[0]));",
            json!([wanted]),
        )
    }

    pub fn wait_alert(&self, wanted: &str) -> Result<()> {
        self.wait(
            &format!("alert {wanted:?}"),
            "return texts('[role=alert]').some(t => t.includes(arguments[0]));",
            json!([wanted]),
        )
    }

    pub fn type_into(&self, label: &str, value: &str) -> Result<()> {
        self.run(
            "typeInto(arguments[0], arguments[1]);",
            json!([label, value]),
        )
        .map(|_| ())
    }

    /// Sends `keys` to the focused element as a keyboard does (WebDriver key
    /// events): text, or keys such as `KEY_DOWN`.
    pub fn keys(&self, keys: &str) -> Result<()> {
        let driver = self.driver();
        self.block_on(async { driver.active_element().await?.send_keys(keys).await })
    }

    /// Moves focus to the field labelled `label`.
    pub fn focus(&self, label: &str) -> Result<()> {
        self.run("byLabel(arguments[0]).focus();", json!([label]))
            .map(|_| ())
    }

    /// Moves focus to the button named `name`.
    pub fn focus_button(&self, name: &str) -> Result<()> {
        self.run(
            "Array.from(document.querySelectorAll('button')).find(e => nameOf(e) === arguments[0]).focus();",
            json!([name]),
        )
        .map(|_| ())
    }

    pub fn click(&self, name: &str) -> Result<()> {
        self.run("clickNamed('button', arguments[0]);", json!([name]))
            .map(|_| ())
    }

    /// Moves focus to the link named `name`.
    pub fn focus_link(&self, name: &str) -> Result<()> {
        self.run(
            "Array.from(document.querySelectorAll('a')).find(e => nameOf(e) === arguments[0]).focus();",
            json!([name]),
        )
        .map(|_| ())
    }

    pub fn click_link(&self, name: &str) -> Result<()> {
        self.run("clickNamed('a', arguments[0]);", json!([name]))
            .map(|_| ())
    }

    pub fn url(&self) -> Result<String> {
        Ok(self.block_on(self.driver().current_url())?.to_string())
    }

    pub fn back(&self) -> Result<()> {
        self.block_on(self.driver().back())
    }

    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let png = self.block_on(self.driver().screenshot_as_png())?;
        std::fs::write(path, png).map_err(|source| Error::File {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Browser console entries since the last call: (level, message).
    pub fn console(&self) -> Result<Vec<(String, String)>> {
        let entries = self.block_on(self.driver().browser_log())?;
        Ok(entries
            .into_iter()
            .map(|entry| (entry.level, entry.message))
            .collect())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(driver) = self.driver.take() {
            let _ = self.runtime.block_on(driver.quit());
        }
    }
}

/// WebDriver script arguments: the items of a JSON array.
fn script_args(args: Value) -> Vec<Value> {
    match args {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        single => vec![single],
    }
}

/// The chromedriver process, killed on drop.
struct ChromeDriver(Child);

impl ChromeDriver {
    /// Starts chromedriver on a port it picks, and reads that port from the
    /// line it prints once it is ready.
    fn start(program: &str) -> Result<(ChromeDriver, u16)> {
        let mut child = Command::new(program)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| Error::Spawn {
                program: program.to_string(),
                source,
            })?;
        let stdout = child.stdout.take();
        let driver = ChromeDriver(child);
        let (found, port) = mpsc::channel();
        // Keeps reading until chromedriver exits, so its pipe never fills.
        std::thread::spawn(move || {
            for line in stdout
                .into_iter()
                .flat_map(|out| BufReader::new(out).lines())
            {
                let Ok(line) = line else { break };
                if let Some(port) = ready_port(&line) {
                    let _ = found.send(port);
                }
            }
        });
        let port = port
            .recv_timeout(Duration::from_secs(10))
            .map_err(|_| Error::DriverNotReady)?;
        Ok((driver, port))
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The port in "ChromeDriver was started successfully on port 41234."
fn ready_port(line: &str) -> Option<u16> {
    line.split_once("started successfully on port ")?
        .1
        .trim_end_matches('.')
        .trim()
        .parse()
        .ok()
}

/// WebDriver's codes for the keys the walk presses.
pub const KEY_DOWN: &str = "\u{E015}";
pub const KEY_ENTER: &str = "\u{E007}";
pub const KEY_ESCAPE: &str = "\u{E00C}";
pub const KEY_TAB: &str = "\u{E004}";

/// Page helpers: find things as an admin names them.
const HELPERS: &str = r#"
const clean = el => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
const texts = sel => Array.from(document.querySelectorAll(sel)).map(clean).filter(t => t);
const nameOf = el => el.getAttribute('aria-label') || clean(el);
// Inside the open dialog when one is open: the rest of the page is inert.
const byLabel = label => {
  const scope = document.querySelector('dialog[open]') || document;
  const l = Array.from(scope.querySelectorAll('label'))
    .find(l => clean(l).replace(/\s*\*$/, '') === label);
  if (l) return document.getElementById(l.htmlFor);
  // A field named by aria-label, such as a row's checkbox.
  const named = Array.from(scope.querySelectorAll('input, select, textarea'))
    .find(e => e.getAttribute('aria-label') === label);
  if (!named) throw new Error('no field labelled ' + label);
  return named;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_header_is_the_rfc_7617_example() {
        let auth = BasicAuth::parse("Aladdin:open sesame").unwrap();
        assert_eq!(auth.header_value(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    #[test]
    fn basic_auth_password_may_hold_colons() {
        let auth = BasicAuth::parse("admin:a:b").unwrap();
        assert_eq!(auth.header_value(), "Basic YWRtaW46YTpi");
        assert!(BasicAuth::parse("no-colon").is_err());
        assert_eq!(format!("{auth:?}"), "BasicAuth(admin:***)");
    }

    #[test]
    fn chromedriver_ready_line_names_the_port() {
        assert_eq!(
            ready_port("ChromeDriver was started successfully on port 42435."),
            Some(42435)
        );
        assert_eq!(ready_port("Only local connections are allowed."), None);
    }
}
