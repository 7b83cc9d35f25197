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

/// The links of the first loads, as (round trip ms, bits per second each
/// way): loopback, a VPN-like link, and Slow 4G.
const LINKS: [Option<(u32, u32)>; 3] = [None, Some((40, 10_000_000)), Some((150, 1_600_000))];

/// Medians of: first loads (the cache emptied before each) over each link,
/// then cached loads over loopback (what an admin sees daily).
fn measure(browser: &Browser, url: &str) -> Result<[f64; 4], Error> {
    let mut medians = [0.0; 4];
    for (link, median_of) in LINKS.into_iter().zip(medians.iter_mut()) {
        browser.emulate_link(link)?;
        let mut times = Vec::new();
        for _ in 0..RUNS {
            browser.clear_cache()?;
            times.push(first_row(browser, url)?);
        }
        *median_of = median(times);
    }
    browser.emulate_link(None)?;
    let mut cached = Vec::new();
    for _ in 0..RUNS {
        cached.push(first_row(browser, url)?);
    }
    medians[3] = median(cached);
    Ok(medians)
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
                "first load, Slow 4G",
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
