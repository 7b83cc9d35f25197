//! `cargo xtask sdk-check`: the mock must answer Huawei's official SDK as
//! the service would. Installs the Python SDK (pinned) once, starts a fresh
//! mock on a free port, and runs `workspace-mock/sdk/check_sdk.py`, which
//! calls every operation the mock serves through the SDK and checks what
//! the SDK's models parsed, errors included.

use std::fs;

use crate::cmd::{self, command};
use crate::e2e::{Running, free_port, start_mock};
use crate::tools;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<(), String> {
    let python = tools::ensure_huawei_sdk()?;
    cmd::run(command("cargo").args(["build", "--quiet", "-p", "workspace-mock"]))?;
    let dir = cmd::root().join("target").join("sdk-check");
    fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let addr = format!("127.0.0.1:{}", free_port()?);
    let log = dir.join("mock.log");
    let _mock = Running(vec![start_mock(&addr, &[], &log)?]);
    let outcome = cmd::run(
        command(&python.to_string_lossy())
            .arg(
                cmd::root()
                    .join("workspace-mock")
                    .join("sdk")
                    .join("check_sdk.py"),
            )
            .arg(format!("http://{addr}")),
    );
    if outcome.is_err() {
        eprintln!(
            "the mock's log:\n{}",
            fs::read_to_string(&log).unwrap_or_default()
        );
    }
    outcome
}
