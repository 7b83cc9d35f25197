//! `cargo xtask bench` part two: from navigation to the first table row
//! painted, for the console and for a plain-DOM page making the same API
//! call, through nginx with the mock API. Medians; it asserts nothing.
//! Needs E2E_URL, CHROMEDRIVER, and E2E_BASIC_AUTH (`user:password`) when
//! nginx demands it (set by `cargo xtask bench`).

use std::process::ExitCode;

use e2e::{BasicAuth, Browser, Error};
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

fn first_row(browser: &Browser, url: &str) -> Result<f64, Error> {
    browser.goto(url)?;
    browser.run_async(FIRST_ROW, json!([]))
}

/// A VPN-like link: 10 Mbit/s each way, 40 ms round trip.
const SLOW_LINK: (u32, u32) = (40, 10_000_000);

/// Medians of: first loads (the cache emptied before each), first loads
/// over the slow link, and cached loads (what an admin sees daily).
fn measure(browser: &Browser, url: &str) -> Result<[f64; 3], Error> {
    let mut first = Vec::new();
    let mut slow = Vec::new();
    let mut cached = Vec::new();
    for _ in 0..RUNS {
        browser.clear_cache()?;
        first.push(first_row(browser, url)?);
    }
    browser.emulate_link(Some(SLOW_LINK))?;
    for _ in 0..RUNS {
        browser.clear_cache()?;
        slow.push(first_row(browser, url)?);
    }
    browser.emulate_link(None)?;
    for _ in 0..RUNS {
        cached.push(first_row(browser, url)?);
    }
    Ok([median(first), median(slow), median(cached)])
}

fn main() -> ExitCode {
    let (Ok(base), Ok(driver)) = (std::env::var("E2E_URL"), std::env::var("CHROMEDRIVER")) else {
        eprintln!("first-row: set E2E_URL and CHROMEDRIVER (run `cargo xtask bench`)");
        return ExitCode::FAILURE;
    };
    let profile = std::env::temp_dir().join(format!("bench-chromium-{}", std::process::id()));
    let result = (|| {
        let auth = BasicAuth::from_env()?;
        let browser = Browser::start(&driver, &profile, auth.as_ref())?;
        let console = measure(&browser, &format!("{base}bindings?limit=100"))?;
        let plain = measure(&browser, &format!("{base}bench-baseline.html"))?;
        Ok::<_, Error>((console, plain))
    })();
    let _ = std::fs::remove_dir_all(&profile);
    match result {
        Ok((console, plain)) => {
            println!(
                "BENCH {:<26} {:>10} {:>10} {:>7}",
                "first row (median ms)", "console", "plain DOM", "ratio"
            );
            let rows = [
                "100 rows, first load",
                "first load, 10 Mbit/s",
                "100 rows, cached",
            ];
            for ((what, ours), theirs) in rows.into_iter().zip(console).zip(plain) {
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
