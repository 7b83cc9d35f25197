//! `cargo xtask serve`: the mock Workspace API plus `trunk serve`, whose
//! proxy forwards `/workspace-api` to the mock (see Trunk.toml).

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::thread;
use std::time::Duration;

use crate::cmd::{self, command};
use crate::tools;

pub const MOCK_ADDR: &str = "127.0.0.1:8787";

#[derive(clap::Args)]
pub struct Args {
    /// Build with the release profile (and wasm-opt, terser), as shipped
    #[arg(long)]
    release: bool,
    /// Port of the console (Trunk's server)
    #[arg(long, value_name = "N", default_value_t = 8080)]
    port: u16,
}

pub fn run(args: Args) -> Result<(), String> {
    let release = args.release;
    let port = args.port.to_string();

    tools::ensure_build_tools(release)?;
    cmd::run(command("cargo").args(["build", "--quiet", "-p", "workspace-mock"]))?;

    let mut mock = start_mock(MOCK_ADDR, &["--prefix", "/workspace-api"])?;
    let mut trunk_cmd = command("trunk");
    trunk_cmd.args(["serve", "--offline", "--port", &port]);
    if release {
        trunk_cmd.arg("--release");
    }
    let mut trunk = match trunk_cmd.spawn() {
        Ok(child) => child,
        Err(err) => {
            let _ = mock.kill();
            return Err(format!("could not start trunk: {err}"));
        }
    };
    println!();
    println!(
        "  Workspace console: http://127.0.0.1:{port}/  (mock API at http://{MOCK_ADDR}/workspace-api)"
    );
    println!("  The first build takes a minute; Ctrl-C stops both.");
    println!();

    // Whichever stops first takes the other down with it.
    loop {
        thread::sleep(Duration::from_millis(200));
        let mock_done = mock.try_wait().ok().flatten();
        let trunk_done = trunk.try_wait().ok().flatten();
        if mock_done.is_some() || trunk_done.is_some() {
            let _ = mock.kill();
            let _ = trunk.kill();
            let _ = mock.wait();
            let _ = trunk.wait();
            return match (mock_done, trunk_done) {
                (Some(status), _) if !status.success() => {
                    Err(format!("the mock API stopped ({status})"))
                }
                (_, Some(status)) if !status.success() => Err(format!("trunk stopped ({status})")),
                _ => Ok(()),
            };
        }
    }
}

/// Starts the built mock on `addr` and waits for its ready line; its log
/// keeps streaming to our stdout.
pub fn start_mock(addr: &str, extra: &[&str]) -> Result<Child, String> {
    let binary = crate::cmd::root()
        .join("target")
        .join("debug")
        .join("workspace-mock");
    let mut child = command(&binary.to_string_lossy())
        .args(["--listen", addr])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|err| format!("could not start the mock API: {err}"))?;
    let stdout = child.stdout.take().ok_or("mock API has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|err| format!("mock API output: {err}"))?;
        println!("{line}");
        if line.contains("listening on") {
            thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    println!("{line}");
                }
            });
            return Ok(child);
        }
    }
    let status = child.wait().map_err(|err| err.to_string())?;
    Err(format!(
        "the mock API stopped before it was ready ({status}); is {addr} already in use?"
    ))
}
