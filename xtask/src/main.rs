//! Project automation, in Rust rather than shell (`cargo xtask <command>`).
//! Every command installs what it needs and skips what is already there.

mod assets;
mod bench;
mod cmd;
mod deploy;
mod e2e;
mod serve;
mod size;
mod test;
#[cfg(test)]
mod tidy;
mod tools;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  serve [--release] [--port N]   Run the console on the embedded mock Workspace API
                                 (mock on 127.0.0.1:8787, console on 127.0.0.1:8080)
  test                           Install what is missing, then run every check and test:
                                 fmt, clippy (native and wasm), native tests, browser tests
  e2e                            Release build behind nginx (the repo's config) with the mock
                                 API, driven in headless Chromium; saves docs/screenshots/
  bench                          Browser timings (table render, navigation to first row)
                                 beside a plain-DOM baseline; never fails on timing
  size [--check]                 Build for release; report first-load bytes (raw, gzip, brotli)
                                 per file and per crate; --check enforces size-budget.txt
  release-assets [DIR]           Last step of a release build (Trunk hook): minify the JS glue,
                                 update index.html's integrity hashes, write .gz and .br
  deploy-config [options]        Render deploy/nginx/console.conf.template for a built dist/
                                 (--dist DIR --out FILE --listen PORT --base /console/
                                  --api-path /console/api/ --upstream URL --token-file FILE
                                  --api-origin ORIGIN --server-name NAME --brotli-static)
  help                           This text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "serve" => serve::run(rest),
        "test" => test::run(rest),
        "size" => size::run(rest),
        "deploy-config" => deploy::run(rest),
        "e2e" => e2e::run(rest),
        "bench" => bench::run(rest),
        "release-assets" => assets::run(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
