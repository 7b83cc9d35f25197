//! `cargo xtask e2e`: the deployment as an operator runs it. Builds the
//! release bundle for `/console/`, renders the repository's nginx config,
//! starts nginx and the mock API (which demands the token nginx adds), and
//! runs the browser suite in `e2e/tests/`. Everything it starts is stopped
//! when it returns, whatever the outcome.

use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{self, command};
use crate::deploy::{self, Options};
use crate::{serve, tools};

/// Kills what it holds when dropped.
struct Running(Vec<Child>);

impl Drop for Running {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The console deployed as in production, on loopback ports.
pub struct Deployment {
    /// The console's URL, ending in `/console/`.
    pub url: String,
    pub dist: PathBuf,
    pub chromedriver: PathBuf,
    conf_dir: PathBuf,
    // Field order: stopped when dropped.
    _running: Running,
}

impl Deployment {
    /// Builds, renders the nginx config and starts nginx and the mock API.
    pub fn start() -> Result<Deployment, String> {
        tools::ensure_build_tools(true)?;
        tools::ensure_chromium()?;
        tools::ensure_apt(&[("nginx", "nginx")])?;
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
        let token = format!(
            "e2e-{:x}",
            (u64::from(std::process::id()) * 2_654_435_761) ^ u64::from(nginx_port)
        );
        let token_file = conf_dir.join("token.txt");
        fs::write(&token_file, &token).map_err(|err| err.to_string())?;

        let mock = serve::start_mock(
            &format!("127.0.0.1:{mock_port}"),
            &["--require-token", &token],
        )?;
        let mut running = Running(vec![mock]);

        // Test fixtures beside the real config: an upstream that is down
        // (nginx answers its own 502 page) and one that answers too late.
        let token_include = conf_dir.join("console-auth-token.conf");
        let extra = format!(
            "\n    location /console/broken-api/ {{\n        proxy_pass http://127.0.0.1:{closed_port}/;\n    }}\n\
             \n    location /console/slow-api/ {{\n        proxy_pass http://127.0.0.1:{mock_port}/;\n        \
             proxy_set_header X-Mock-Fault \"delay=5000\";\n        include {};\n    }}\n",
            token_include.display()
        );
        deploy::write(&Options {
            dist: dist.clone(),
            out: conf_dir.join("console.conf"),
            listen: format!("127.0.0.1:{nginx_port}"),
            upstream: format!("http://127.0.0.1:{mock_port}/"),
            token_file: Some(token_file),
            extra_locations: extra,
            brotli_static: true,
            ..Options::default()
        })?;
        let dir = conf_dir.display();
        let user = if is_root() { "user root;\n" } else { "" };
        let main_conf = format!(
            "{user}load_module {};\nworker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log warn;\n\
             events {{ worker_connections 256; }}\nhttp {{\n    include /etc/nginx/mime.types;\n    \
             default_type application/octet-stream;\n    access_log {dir}/access.log;\n    \
             client_body_temp_path {dir}/tmp/body;\n    proxy_temp_path {dir}/tmp/proxy;\n    \
             fastcgi_temp_path {dir}/tmp/fastcgi;\n    uwsgi_temp_path {dir}/tmp/uwsgi;\n    \
             scgi_temp_path {dir}/tmp/scgi;\n    include {dir}/console.conf;\n}}\n",
            brotli_module.display()
        );
        let main_path = conf_dir.join("nginx.conf");
        fs::write(&main_path, main_conf).map_err(|err| err.to_string())?;
        let nginx_child = Command::new(&nginx)
            .arg("-p")
            .arg(&conf_dir)
            .arg("-c")
            .arg(&main_path)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|err| format!("cannot start nginx: {err}"))?;
        running.0.push(nginx_child);
        wait_for_port(nginx_port)?;

        let url = format!("http://127.0.0.1:{nginx_port}/console/");
        println!("==> console behind nginx at {url} (mock API on port {mock_port})");
        Ok(Deployment {
            url,
            dist,
            chromedriver,
            conf_dir,
            _running: running,
        })
    }

    /// nginx's error log, for a failure report.
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.conf_dir.join("error.log")).unwrap_or_default()
    }
}

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<(), String> {
    let axe = tools::ensure_axe_core()?;
    let deployment = Deployment::start()?;
    let outcome = cmd::run(
        command("cargo")
            .args(["test", "-p", "e2e", "--", "--nocapture"])
            .env("E2E_URL", &deployment.url)
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

fn free_port() -> Result<u16, String> {
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
