//! `cargo xtask bench`: browser timings, printed beside a plain-DOM baseline
//! measured in the same run. A benchmark: it never fails on timing.
//!
//! 1. Rendering the bindings table (100 and 1,000 rows; create and replace),
//!    in a release build of `tests/render_bench.rs`.
//! 2. Navigation to the first row painted, through nginx with the mock API
//!    (`e2e/src/bin/first-row.rs`), against `bench/baseline.html`.

use std::fs;

use crate::cmd::{self, command};
use crate::e2e::Deployment;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<(), String> {
    let deployment = Deployment::start()?;
    for (from, to) in [
        ("baseline.html", "bench-baseline.html"),
        ("baseline.js", "bench-baseline.js"),
    ] {
        fs::copy(
            cmd::root().join("bench").join(from),
            deployment.dist.join(to),
        )
        .map_err(|err| format!("bench/{from}: {err}"))?;
    }
    cmd::run(
        command("cargo")
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "e2e",
                "--bin",
                "first-row",
            ])
            .env("E2E_URL", &deployment.url)
            .env("E2E_TRUST_SPKI", &deployment.trusted_spki)
            .env("E2E_BASIC_AUTH", &deployment.basic_auth)
            .env("CHROMEDRIVER", &deployment.chromedriver),
    )?;
    drop(deployment);
    cmd::run(
        command("cargo")
            .args([
                "test",
                "--release",
                "-p",
                "workspace-console",
                "--features",
                "bench",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "render_bench",
                "--",
                "--nocapture",
            ])
            .env(
                "CHROMEDRIVER",
                cmd::which("chromedriver").unwrap_or_default(),
            )
            .env("WASM_BINDGEN_TEST_TIMEOUT", "300"),
    )?;
    println!("\nRatios above 1 mean the console is slower than plain DOM calls.");
    Ok(())
}
