//! `cargo xtask bench` part two: from navigation to the first table row
//! painted, for the console and for a plain-DOM page making the same API
//! call, through nginx with the mock API. Medians; it asserts nothing.
//! Needs E2E_URL, CHROMEDRIVER (set by `cargo xtask bench`).

use std::process::ExitCode;

use e2e::Browser;
use serde_json::json;

const RUNS: usize = 11;

/// Waits for the first row, then reports `performance.now()`: milliseconds
/// since the navigation started, at the frame the row was there.
const FIRST_ROW: &str = "
const check = () => document.querySelector('table tbody tr')
  ? done(performance.now())
  : requestAnimationFrame(check);
check();";

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

fn measure(browser: &Browser, url: &str) -> Result<(f64, f64), String> {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        browser.goto(url)?;
        let ms = browser.run_async(FIRST_ROW, json!([]))?;
        times.push(ms.as_f64().ok_or("no time")?);
    }
    // The first load fills the cache; the rest are what an admin sees daily.
    let cold = times[0];
    Ok((cold, median(times[1..].to_vec())))
}

fn main() -> ExitCode {
    let (Ok(base), Ok(driver)) = (std::env::var("E2E_URL"), std::env::var("CHROMEDRIVER")) else {
        eprintln!("first-row: set E2E_URL and CHROMEDRIVER (run `cargo xtask bench`)");
        return ExitCode::FAILURE;
    };
    let profile = std::env::temp_dir().join(format!("bench-chromium-{}", std::process::id()));
    let result = (|| {
        let browser = Browser::start(&driver, &profile)?;
        let console = measure(&browser, &format!("{base}bindings?limit=100"))?;
        let plain = measure(&browser, &format!("{base}bench-baseline.html"))?;
        Ok::<_, String>((console, plain))
    })();
    let _ = std::fs::remove_dir_all(&profile);
    match result {
        Ok(((console_cold, console_warm), (plain_cold, plain_warm))) => {
            println!(
                "BENCH {:<26} {:>10} {:>10} {:>7}",
                "first row (median ms)", "console", "plain DOM", "ratio"
            );
            for (what, ours, theirs) in [
                ("100 rows, first load", console_cold, plain_cold),
                ("100 rows, cached", console_warm, plain_warm),
            ] {
                println!(
                    "BENCH {what:<26} {ours:>10.1} {theirs:>10.1} {:>7.2}",
                    ours / theirs.max(0.001)
                );
            }
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("first-row: {problem}");
            ExitCode::FAILURE
        }
    }
}
