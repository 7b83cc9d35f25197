//! `workspace-mock`: see README.md for flags, rules and error codes.

use std::process::ExitCode;

use workspace_mock::{Config, serve, shutdown_signal};

const HELP: &str = "\
workspace-mock: a mock of the Huawei Cloud Workspace API (terminal bindings, EIP binding)

Usage: workspace-mock [options]

  --listen ADDR          address to listen on (default 127.0.0.1:8787; port 0 picks one)
  --prefix PATH          also serve the API under PATH (e.g. /workspace-api)
  --project-id ID        accept only this project ID (default: any)
  --seed N               seed of the generated bindings (default 42)
  --bindings N           number of generated bindings (default 523)
  --latency-ms N         delay every answer by N ms
  --error-rate F         answer this fraction (0.0-1.0) of requests with a 500 WKS error
  --require-token TOKEN  refuse requests without X-Auth-Token: TOKEN (401)
  --allow-origin ORIGIN  send CORS headers for ORIGIN (repeatable; * for any)
  --state FILE           keep EIP bindings in FILE across restarts
  --help                 this text

Per request, the header X-Mock-Fault takes ;-separated directives:
  status=502  html  delay=3000  drop  body=garbage  body=schema
";

fn parse(args: &[String]) -> Result<Option<Config>, String> {
    let mut config = Config::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--listen" => {
                let text = value()?;
                config.listen = text.parse().map_err(|_| {
                    format!("--listen {text:?} is not an address like 127.0.0.1:8787")
                })?;
            }
            "--prefix" => {
                let prefix = value()?;
                if !prefix.starts_with('/') {
                    return Err("--prefix must start with /".into());
                }
                config.prefix = Some(prefix);
            }
            "--project-id" => config.project_id = Some(value()?),
            "--seed" => config.seed = number(flag, &value()?)?,
            "--bindings" => config.bindings = number(flag, &value()?)? as usize,
            "--latency-ms" => config.latency_ms = number(flag, &value()?)?,
            "--error-rate" => {
                let text = value()?;
                config.error_rate = text
                    .parse::<f64>()
                    .ok()
                    .filter(|rate| (0.0..=1.0).contains(rate))
                    .ok_or_else(|| format!("--error-rate {text:?} must be from 0.0 to 1.0"))?;
            }
            "--require-token" => config.require_token = Some(value()?),
            "--allow-origin" => config.allow_origins.push(value()?),
            "--state" => config.state_file = Some(value()?.into()),
            other => return Err(format!("unknown option {other:?} (see --help)")),
        }
    }
    Ok(Some(config))
}

fn number(flag: &str, text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("{flag} {text:?} is not a whole number"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse(&args) {
        Ok(Some(config)) => config,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("workspace-mock: {problem}");
            return ExitCode::from(2);
        }
    };
    match serve(config, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("workspace-mock: {problem}");
            ExitCode::FAILURE
        }
    }
}
