//! `cargo xtask serve`: the mock Workspace API plus `trunk serve`, whose
//! proxy forwards `/workspace-api` to the mock (see Trunk.toml).

use std::io::{BufRead, BufReader};
use std::process::{Child, ExitStatus, Stdio};
use std::thread;
use std::time::Duration;

use crate::cmd::{self, command};
use crate::tools;

pub const MOCK_ADDR: &str = "127.0.0.1:8787";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut release = false;
    let mut port = String::from("8080");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => release = true,
            "--port" => port = args.next().cloned().ok_or("--port needs a number")?,
            other => return Err(format!("serve: unknown option {other:?}")),
        }
    }
    port.parse::<u16>()
        .map_err(|_| format!("--port {port:?} is not a port number"))?;

    tools::ensure_build_tools(release)?;
    cmd::run(command("cargo").args(["build", "--quiet", "-p", "workspace-mock"]))?;

    let mut mock = start_mock(MOCK_ADDR, &["--prefix", "/workspace-api"])?;
    let mut trunk_cmd = command("trunk");
    trunk_cmd.args(["serve", "--offline", "--port", &port]);
    if release {
        trunk_cmd.arg("--release");
    }
    let trunk = match trunk_cmd.spawn() {
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

    supervise(vec![("the mock API", mock), ("trunk", trunk)])
}

/// Waits until one of `children` stops, then stops the others and waits
/// for them: whichever stops first takes the rest down with it.
pub fn supervise(mut children: Vec<(&str, Child)>) -> Result<(), String> {
    loop {
        thread::sleep(Duration::from_millis(200));
        let ended: Vec<(&str, ExitStatus)> = children
            .iter_mut()
            .filter_map(|(name, child)| Some((*name, child.try_wait().ok().flatten()?)))
            .collect();
        if ended.is_empty() {
            continue;
        }
        stop_all(&mut children);
        return match ended.into_iter().find(|(_, status)| !status.success()) {
            Some((name, status)) => Err(format!("{name} stopped ({status})")),
            None => Ok(()),
        };
    }
}

fn stop_all(children: &mut [(&str, Child)]) {
    for (_, child) in children {
        let _ = child.kill();
        let _ = child.wait();
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

