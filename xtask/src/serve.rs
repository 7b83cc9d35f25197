//! `cargo xtask serve`: the mock Workspace API plus `trunk serve`, whose
//! proxy forwards `/workspace-api` to the mock (see Trunk.toml).

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

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

    // From here on a signal stops the children before xtask ends.
    let stop = stop_on_signals()?;
    let mut mock = start_mock(MOCK_ADDR, &["--prefix", "/workspace-api"])?;
    let mut trunk_cmd = command("trunk");
    trunk_cmd.args(["serve", "--offline", "--port", &port]);
    // A group of its own, which stopping it ends with the cargo build it
    // may be running; Ctrl-C then reaches it through our signal flag.
    trunk_cmd.process_group(0);
    if release {
        trunk_cmd.arg("--release");
    }
    let trunk = match trunk_cmd.spawn() {
        Ok(child) => child,
        Err(err) => {
            let _ = mock.kill();
            let _ = mock.wait();
            return Err(format!("could not start trunk: {err}"));
        }
    };
    println!();
    println!(
        "  Workspace console: http://127.0.0.1:{port}/  (mock API at http://{MOCK_ADDR}/workspace-api)"
    );
    println!("  The first build takes a minute; Ctrl-C stops both.");
    println!();

    supervise(&stop, vec![("the mock API", mock), ("trunk", trunk)])
}

/// A flag raised by SIGINT, SIGTERM or SIGHUP, which then no longer end
/// xtask at once. Ctrl-C in a terminal reaches the children too, but a
/// supervisor's `kill PID` reaches xtask alone: left to the default, the
/// children would outlive it and keep their ports.
pub fn stop_on_signals() -> Result<Arc<AtomicBool>, String> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|err| format!("cannot handle signal {signal}: {err}"))?;
    }
    Ok(stop)
}

/// Waits until one of `children` stops or `stop` is raised, then stops the
/// others and waits for them: whichever stops first takes the rest down
/// with it, and a signal to xtask takes them all.
pub fn supervise(stop: &AtomicBool, mut children: Vec<(&str, Child)>) -> Result<(), String> {
    loop {
        thread::sleep(Duration::from_millis(200));
        if stop.load(Ordering::Relaxed) {
            stop_all(&mut children);
            return Ok(());
        }
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

/// Kills each child still running with its process group when it leads
/// one (trunk: its cargo build would outlive it), then reaps it.
fn stop_all(children: &mut [(&str, Child)]) {
    for (_, child) in children {
        if matches!(child.try_wait(), Ok(None)) {
            if let Ok(pid) = i32::try_from(child.id()) {
                // No such group (ESRCH) when the child shares ours.
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
            let _ = child.kill();
        }
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

#[cfg(test)]
mod tests {
    use std::process::Command;
    use std::time::Instant;

    use super::*;

    /// Set for the copy of this test binary that plays `cargo xtask serve`.
    const PLAY_SERVE: &str = "XTASK_TEST_PLAY_SERVE";

    /// Not a test on its own: `a_signal_to_xtask_stops_its_children` runs
    /// it in a process of its own, to be signalled.
    #[test]
    #[ignore = "run by a_signal_to_xtask_stops_its_children"]
    fn supervising_sleeps() {
        if std::env::var_os(PLAY_SERVE).is_none() {
            return;
        }
        let stop = stop_on_signals().unwrap();
        // Not on our stdout: the test reads it to its end.
        let first = Command::new("sleep")
            .arg("60")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        // Like trunk and the cargo build it starts: a child with a child,
        // in a process group of its own.
        let mut second = Command::new("sh")
            .args(["-c", "sleep 60 > /dev/null & echo $!; wait"])
            .process_group(0)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut grandchild = String::new();
        BufReader::new(second.stdout.take().unwrap())
            .read_line(&mut grandchild)
            .unwrap();
        println!(
            "supervising {} {} {}",
            first.id(),
            second.id(),
            grandchild.trim()
        );
        supervise(&stop, vec![("first", first), ("second", second)]).unwrap();
    }

    /// Running, not ended nor a zombie waiting to be reaped.
    fn alive(pid: &str) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            let state = stat.rsplit_once(") ").map(|(_, rest)| rest);
            state.is_some_and(|state| !state.starts_with(['Z', 'X']))
        })
    }

    /// A supervisor's `kill PID` reaches xtask alone, not its children
    /// nor theirs.
    #[test]
    fn a_signal_to_xtask_stops_its_children() {
        for signal in ["TERM", "INT", "HUP"] {
            let mut serve = Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "serve::tests::supervising_sleeps"])
                .args(["--ignored", "--nocapture", "--test-threads=1"])
                .env(PLAY_SERVE, "1")
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let mut output = BufReader::new(serve.stdout.take().unwrap()).lines();
            let children: Vec<String> = output
                .by_ref()
                .map_while(Result::ok)
                .find_map(|line| Some(line.split_once("supervising ")?.1.to_string()))
                .expect("the children's ids")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            assert_eq!(children.len(), 3);

            let sent = Command::new("kill")
                .args(["-s", signal, &serve.id().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
            output.for_each(drop);
            let status = serve.wait().unwrap();

            // Given a moment, all are gone.
            let deadline = Instant::now() + Duration::from_secs(2);
            while children.iter().any(|pid| alive(pid)) && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(50));
            }
            let left: Vec<&String> = children.iter().filter(|pid| alive(pid)).collect();
            for pid in &left {
                let _ = Command::new("kill").args(["-9", pid.as_str()]).status();
            }
            assert!(left.is_empty(), "SIG{signal}: children {left:?} still run");
            assert!(status.success(), "SIG{signal}: xtask ended with {status}");
        }
    }
}
