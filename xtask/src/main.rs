//! Project automation, in Rust rather than shell (`cargo xtask <command>`).
//! Every command installs what it needs and skips what is already there.
//! The command lines are declared once, below and in each command's `Args`;
//! `--help` is generated from them.

mod assets;
mod bench;
mod cmd;
mod deploy;
mod e2e;
mod sdk;
mod serve;
mod size;
mod split;
mod test;
#[cfg(test)]
mod tidy;
mod tools;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project automation for workspace-console.
#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the console on the embedded mock Workspace API (mock on
    /// 127.0.0.1:8787, console on 127.0.0.1:8080)
    Serve(serve::Args),
    /// Install what is missing, then run every check and test: fmt, clippy
    /// (native and wasm), native tests, browser tests, Huawei's SDK against
    /// the mock, end-to-end, size budget
    Test(test::Args),
    /// Release build behind nginx (the repository's config) with the mock API,
    /// driven in headless Chromium; saves docs/screenshots/
    E2e(e2e::Args),
    /// Browser timings (table render, navigation to first row) beside a
    /// plain-DOM baseline; never fails on timing
    Bench(bench::Args),
    /// Build for release; report first-load bytes (raw, gzip, brotli) per file
    /// and per crate
    Size(size::Args),
    /// Last step of a release build (Trunk hook): minify the JS glue, update
    /// index.html's integrity hashes, write .gz and .br
    ReleaseAssets(assets::Args),
    /// Render deploy/nginx/console.conf.template for a built dist/
    DeployConfig(Box<deploy::Args>),
    /// Huawei's official Python SDK calls every operation the mock serves
    /// on a fresh mock and parses every answer
    SdkCheck(sdk::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Test(args) => test::run(args),
        Command::E2e(args) => e2e::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Size(args) => size::run(args),
        Command::ReleaseAssets(args) => assets::run(args),
        Command::DeployConfig(args) => deploy::run(*args),
        Command::SdkCheck(args) => sdk::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_declaration_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
