//! `cargo xtask test`: installs what is missing, then runs every check and
//! test suite. All steps run even after a failure, so one run shows all.

use crate::cmd::{self, command, which};
use crate::tools;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<(), String> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    tools::ensure_chromium()?;
    tools::ensure_build_tools(true)?;
    tools::ensure_apt(&[("nginx", "nginx")])?;
    let chromedriver = which("chromedriver").ok_or("chromedriver is not on PATH")?;

    let steps: Vec<(&str, std::process::Command)> = vec![
        ("format", {
            let mut c = command("cargo");
            c.args(["fmt", "--all", "--check"]);
            c
        }),
        ("clippy (native)", {
            let mut c = command("cargo");
            c.args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]);
            c
        }),
        ("clippy (wasm)", {
            let mut c = command("cargo");
            c.args([
                "clippy",
                "-p",
                "workspace-console",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                // `bench` too: the render bench is compiled only with it.
                "--features",
                "split,bench",
                "--",
                "-D",
                "warnings",
            ]);
            c
        }),
        ("native tests", {
            let mut c = command("cargo");
            // e2e needs the servers `cargo xtask e2e` starts: its own step.
            c.args(["test", "--workspace", "--exclude", "e2e"]);
            c
        }),
        ("browser tests (headless Chromium)", {
            let mut c = command("cargo");
            c.args([
                "test",
                "-p",
                "workspace-console",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CHROMEDRIVER", &chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
            c
        }),
        ("Huawei's SDK against the mock", {
            let mut c = command("cargo");
            c.args(["xtask", "sdk-check"]);
            c
        }),
        ("end-to-end (release build behind nginx)", {
            let mut c = command("cargo");
            c.args(["xtask", "e2e"]);
            c
        }),
        ("size budget (release build)", {
            let mut c = command("cargo");
            c.args(["xtask", "size", "--check"]);
            c
        }),
    ];

    let mut failed = Vec::new();
    let total = steps.len();
    for (name, mut step) in steps {
        println!("\n=== {name}");
        if let Err(problem) = cmd::run(&mut step) {
            eprintln!("xtask: {problem}");
            failed.push(name);
        }
    }
    println!();
    if failed.is_empty() {
        println!("All {total} test steps succeeded.");
        Ok(())
    } else {
        Err(format!(
            "{} of {total} test steps failed: {}",
            failed.len(),
            failed.join(", ")
        ))
    }
}
