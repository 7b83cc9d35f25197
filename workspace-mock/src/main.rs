//! `workspace-mock`: see README.md for flags, rules and error codes.

use std::process::ExitCode;

use clap::Parser;
use workspace_mock::{Config, serve, shutdown_signal};

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    match serve(config, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("workspace-mock: {problem}");
            ExitCode::FAILURE
        }
    }
}
