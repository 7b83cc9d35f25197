//! `cargo xtask e2e`: the deployment as an operator runs it. Builds the
//! release bundle for `/console/`, renders the repository's nginx config
//! (basic authentication in front, HTTPS with HTTP/2 as users get it, with
//! a certificate made for 127.0.0.1 that the test browser is told to trust,
//! and plain HTTP beside it for the clients without TLS), starts nginx and
//! the mock API (which
//! demands the token nginx adds, and logs every request to a file), plus a
//! second nginx whose upstream has a self-signed certificate, and runs the
//! suites in `e2e/tests/`: the browser walk and the proxy's refusals.
//! Everything it starts is stopped when it returns, whatever the outcome.

use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{self, command};
use crate::deploy::{self, Auth, Options};
use crate::tools;

/// Stops what it holds when dropped: SIGTERM first, so that nginx's
/// master stops its workers too (SIGKILL would leave them running), then
/// SIGKILL for whatever has not stopped within 5 s.
pub struct Running(pub Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        use nix::sys::signal::{Signal, kill};
        use nix::unistd::Pid;
        for child in &mut self.0 {
            if let Ok(pid) = i32::try_from(child.id()) {
                let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        for child in &mut self.0 {
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The console deployed as in production, on loopback ports.
pub struct Deployment {
    /// The console's HTTPS URL, ending in `/console/`.
    pub url: String,
    /// The same console over plain HTTP, for clients without TLS.
    pub plain_url: String,
    /// The base64 SHA-256 of the certificate's public key, for Chromium's
    /// `--ignore-certificate-errors-spki-list`.
    pub trusted_spki: String,
    pub dist: PathBuf,
    pub chromedriver: PathBuf,
    /// `user:password` for the basic authentication nginx asks for.
    pub basic_auth: String,
    /// The mock API's log: one line per request it received.
    pub mock_log: PathBuf,
    nginx: PathBuf,
    work: PathBuf,
    token_file: PathBuf,
    htpasswd: PathBuf,
    conf_dir: PathBuf,
    // Field order: stopped when dropped.
    running: Running,
}

/// A second nginx with the same console, rendered with an upstream whose
/// certificate is self-signed: it must never be sent the token.
pub struct UntrustedUpstream {
    /// The console (same dist, same credentials) in front of that upstream.
    pub url: String,
    /// The same server as the upstream without TLS, to see that it logs.
    pub plain_url: String,
    /// The upstream's access log.
    pub log: PathBuf,
}

impl Deployment {
    /// Builds, renders the nginx config and starts nginx and the mock API.
    pub fn start() -> Result<Deployment, String> {
        tools::ensure_build_tools(true)?;
        tools::ensure_chromium()?;
        // curl: the proxy tests run "Copy as curl" commands as an operator would.
        tools::ensure_apt(&[("nginx", "nginx"), ("curl", "curl")])?;
        tools::ensure_chinese_font()?;
        let brotli_module = tools::ensure_nginx_brotli_module()?;
        let chromedriver = cmd::which("chromedriver").ok_or("chromedriver is not on PATH")?;
        let nginx = cmd::which("nginx")
            .or_else(|| Some(Path::new("/usr/sbin/nginx").to_path_buf()).filter(|p| p.is_file()))
            .ok_or("nginx is not installed")?;

        let work = cmd::root().join("target").join("e2e");
        let dist = work.join("dist");
        let conf_dir = work.join("nginx");
        let _ = fs::remove_dir_all(&conf_dir);
        fs::create_dir_all(conf_dir.join("tmp")).map_err(|err| err.to_string())?;

        cmd::run(
            command("trunk")
                .args([
                    "build",
                    "--release",
                    "--offline",
                    "--public-url",
                    "/console/",
                    "--dist",
                ])
                .arg(&dist),
        )?;
        fs::write(
            dist.join("config.json"),
            r#"{"api_base_url": "/console/api", "project_id": "e2e0project", "request_timeout_ms": 30000}"#,
        )
        .map_err(|err| err.to_string())?;
        cmd::run(command("cargo").args(["build", "--quiet", "-p", "workspace-mock"]))?;

        let (nginx_port, mock_port, closed_port) = (free_port()?, free_port()?, free_port()?);
        let plain_port = free_port()?;
        let (cert, key) = (conf_dir.join("console.crt"), conf_dir.join("console.key"));
        make_certificate("127.0.0.1", &cert, &key)?;
        let trusted_spki = public_key_sha256(&key)?;
        let secret = (u64::from(std::process::id()) * 2_654_435_761) ^ u64::from(nginx_port);
        let token = format!("e2e-{secret:x}");
        let token_file = conf_dir.join("token.txt");
        fs::write(&token_file, &token).map_err(|err| err.to_string())?;
        // An admin for nginx's basic authentication. {PLAIN} is one of the
        // schemes nginx reads; fine for a throwaway password on loopback.
        let basic_auth = format!("admin:pw-{:x}", secret.rotate_left(17));
        let htpasswd = conf_dir.join("htpasswd");
        let (user, password) = basic_auth.split_once(':').unwrap_or_default();
        fs::write(&htpasswd, format!("{user}:{{PLAIN}}{password}\n"))
            .map_err(|err| err.to_string())?;

        let mock_log = conf_dir.join("mock.log");
        let mock = start_mock(
            &format!("127.0.0.1:{mock_port}"),
            &["--require-token", &token],
            &mock_log,
        )?;
        let mut running = Running(vec![mock]);

        // Test fixtures beside the real config: an upstream that is down
        // (nginx answers its own 502 page) and one that answers too late.
        let token_include = conf_dir.join("console-auth-token.conf");
        // And TLS: the certificate, and the plain port beside it.
        let extra = format!(
            "\n    location /console/broken-api/ {{\n        proxy_pass http://127.0.0.1:{closed_port}/;\n    }}\n\
             \n    location /console/slow-api/ {{\n        proxy_pass http://127.0.0.1:{mock_port}/;\n        \
             proxy_set_header X-Mock-Fault \"delay=5000\";\n        include {};\n    }}\n\
             \n    listen 127.0.0.1:{plain_port};\n    ssl_certificate {};\n    ssl_certificate_key {};\n",
            token_include.display(),
            cert.display(),
            key.display()
        );
        deploy::write(&Options {
            dist: dist.clone(),
            out: conf_dir.join("console.conf"),
            listen: format!("127.0.0.1:{nginx_port} ssl http2"),
            server_name: "127.0.0.1".into(),
            upstream: format!("http://127.0.0.1:{mock_port}/"),
            token_file: Some(token_file.clone()),
            auth: Some(Auth::Basic {
                htpasswd: htpasswd.clone(),
            }),
            extra_locations: extra,
            brotli_static: true,
            ..Options::default()
        })?;
        let dir = conf_dir.display();
        running.0.push(start_nginx(
            &nginx,
            &conf_dir,
            &format!("load_module {};\n", brotli_module.display()),
            &format!("include {dir}/console.conf;"),
        )?);
        wait_for_port(nginx_port)?;
        wait_for_port(plain_port)?;

        let url = format!("https://127.0.0.1:{nginx_port}/console/");
        let plain_url = format!("http://127.0.0.1:{plain_port}/console/");
        println!(
            "==> console behind nginx at {url} (mock API on port {mock_port}, its log in {})",
            mock_log.display()
        );
        Ok(Deployment {
            url,
            plain_url,
            trusted_spki,
            dist,
            chromedriver,
            basic_auth,
            mock_log,
            nginx,
            work,
            token_file,
            htpasswd,
            conf_dir,
            running,
        })
    }

    /// Starts a second nginx: an HTTPS server with a self-signed
    /// certificate for `attacker.invalid` (that also names 127.0.0.1, so
    /// only the chain can fail), logging every request, and the console
    /// rendered with it as upstream, with the same token and admins.
    pub fn start_untrusted_upstream(&mut self) -> Result<UntrustedUpstream, String> {
        tools::ensure_apt(&[("openssl", "openssl")])?;
        let dir = self.work.join("nginx-untrusted");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("tmp")).map_err(|err| err.to_string())?;
        let (cert, key) = (dir.join("attacker.crt"), dir.join("attacker.key"));
        make_certificate("attacker.invalid", &cert, &key)?;
        let (console_port, tls_port, plain_port) = (free_port()?, free_port()?, free_port()?);
        deploy::write(&Options {
            dist: self.dist.clone(),
            out: dir.join("console.conf"),
            listen: format!("127.0.0.1:{console_port}"),
            server_name: "127.0.0.1".into(),
            upstream: format!("https://127.0.0.1:{tls_port}/"),
            token_file: Some(self.token_file.clone()),
            auth: Some(Auth::Basic {
                htpasswd: self.htpasswd.clone(),
            }),
            ..Options::default()
        })?;
        let log = dir.join("attacker-access.log");
        let attacker = format!(
            "server {{\n    listen 127.0.0.1:{tls_port} ssl;\n    listen 127.0.0.1:{plain_port};\n    \
             ssl_certificate {};\n    ssl_certificate_key {};\n    access_log {};\n    \
             default_type application/json;\n    \
             location / {{\n        return 200 '{{\"total_num\": 0, \"bind_list\": []}}';\n    }}\n}}\n",
            cert.display(),
            key.display(),
            log.display()
        );
        fs::write(dir.join("attacker.conf"), attacker).map_err(|err| err.to_string())?;
        let shown = dir.display();
        self.running.0.push(start_nginx(
            &self.nginx,
            &dir,
            "",
            &format!("include {shown}/attacker.conf;\n    include {shown}/console.conf;"),
        )?);
        for port in [console_port, tls_port, plain_port] {
            wait_for_port(port)?;
        }
        Ok(UntrustedUpstream {
            url: format!("http://127.0.0.1:{console_port}/console/"),
            plain_url: format!("http://127.0.0.1:{plain_port}/"),
            log,
        })
    }

    /// nginx's error log, for a failure report.
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.conf_dir.join("error.log")).unwrap_or_default()
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Passed on to `cargo test -p e2e`, e.g. `-- --test proxy`
    #[arg(last = true, value_name = "CARGO_TEST_ARGS")]
    test_args: Vec<String>,
}

pub fn run(args: Args) -> Result<(), String> {
    let axe = tools::ensure_axe_core()?;
    let mut deployment = Deployment::start()?;
    let untrusted = deployment.start_untrusted_upstream()?;
    let outcome = cmd::run(
        command("cargo")
            // Every suite runs even when an earlier one fails.
            .args(["test", "-p", "e2e", "--no-fail-fast"])
            .args(&args.test_args)
            .env("RUST_TEST_NOCAPTURE", "1")
            .env("E2E_URL", &deployment.url)
            .env("E2E_PLAIN_URL", &deployment.plain_url)
            .env("E2E_TRUST_SPKI", &deployment.trusted_spki)
            .env("E2E_DIST", &deployment.dist)
            .env("E2E_BASIC_AUTH", &deployment.basic_auth)
            .env("E2E_MOCK_LOG", &deployment.mock_log)
            .env("E2E_ACCESS_LOG", deployment.conf_dir.join("access.log"))
            .env("E2E_UNTRUSTED_URL", &untrusted.url)
            .env("E2E_UNTRUSTED_PLAIN_URL", &untrusted.plain_url)
            .env("E2E_UNTRUSTED_LOG", &untrusted.log)
            .env("CHROMEDRIVER", &deployment.chromedriver)
            .env("E2E_AXE", &axe)
            .env(
                "E2E_SCREENSHOTS",
                cmd::root().join("docs").join("screenshots"),
            ),
    );
    if outcome.is_err() {
        eprintln!("nginx error.log:\n{}", deployment.error_log());
    }
    outcome
}

/// A self-signed certificate (P-256, two days) for `name` that also names
/// 127.0.0.1, so that only trust can fail.
fn make_certificate(name: &str, cert: &Path, key: &Path) -> Result<(), String> {
    tools::ensure_apt(&[("openssl", "openssl")])?;
    cmd::run(
        command("openssl")
            .args(["req", "-x509", "-newkey", "ec"])
            .args([
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
            ])
            .args(["-subj", &format!("/CN={name}")])
            .args(["-addext", "subjectAltName=IP:127.0.0.1", "-keyout"])
            .arg(key)
            .arg("-out")
            .arg(cert)
            .stderr(Stdio::null()),
    )
}

/// What Chromium's `--ignore-certificate-errors-spki-list` takes: the
/// base64 SHA-256 of the key's DER SubjectPublicKeyInfo.
fn public_key_sha256(key: &Path) -> Result<String, String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let output = command("openssl")
        .args(["pkey", "-pubout", "-outform", "DER", "-in"])
        .arg(key)
        .output()
        .map_err(|err| format!("openssl: {err}"))?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(format!("openssl pkey -pubout failed for {}", key.display()));
    }
    Ok(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&output.stdout)))
}

/// Starts the built mock on `addr` with its log (one line per request) in
/// `log`, and waits for its ready line there.
pub fn start_mock(addr: &str, extra: &[&str], log: &Path) -> Result<Child, String> {
    let binary = cmd::root()
        .join("target")
        .join("debug")
        .join("workspace-mock");
    let file = fs::File::create(log).map_err(|err| format!("{}: {err}", log.display()))?;
    let mut child = command(&binary.to_string_lossy())
        .args(["--listen", addr])
        .args(extra)
        .stdout(file)
        .spawn()
        .map_err(|err| format!("could not start the mock API: {err}"))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if fs::read_to_string(log).is_ok_and(|text| text.contains("listening on")) {
            return Ok(child);
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!(
                "the mock API stopped before it was ready ({status}); is {addr} already in use?"
            ));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the mock API did not start within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Writes `nginx.conf` in `dir` (everything it writes stays there) with
/// `head` before the events block and `http` inside the http block, and
/// starts nginx in the foreground.
fn start_nginx(nginx: &Path, dir: &Path, head: &str, http: &str) -> Result<Child, String> {
    let shown = dir.display();
    let user = if is_root() { "user root;\n" } else { "" };
    let main_conf = format!(
        "{user}{head}worker_processes 1;\npid {shown}/nginx.pid;\nerror_log {shown}/error.log warn;\n\
         events {{ worker_connections 256; }}\nhttp {{\n    include /etc/nginx/mime.types;\n    \
         default_type application/octet-stream;\n    access_log {shown}/access.log;\n    \
         client_body_temp_path {shown}/tmp/body;\n    proxy_temp_path {shown}/tmp/proxy;\n    \
         fastcgi_temp_path {shown}/tmp/fastcgi;\n    uwsgi_temp_path {shown}/tmp/uwsgi;\n    \
         scgi_temp_path {shown}/tmp/scgi;\n    {http}\n}}\n"
    );
    let main_path = dir.join("nginx.conf");
    fs::write(&main_path, main_conf).map_err(|err| err.to_string())?;
    Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&main_path)
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start nginx: {err}"))
}

pub fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn wait_for_port(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("nginx did not listen on port {port}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

fn is_root() -> bool {
    cmd::output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}
