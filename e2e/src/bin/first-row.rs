//! `cargo xtask bench` part two: from navigation to the first table row
//! painted, for the console and for a plain-DOM page making the same API
//! call, through nginx with the mock API. Medians; it asserts nothing.
//! Needs E2E_URL, CHROMEDRIVER, and E2E_BASIC_AUTH (`user:password`) when
//! nginx demands it (set by `cargo xtask bench`).

use std::process::ExitCode;

use e2e::{BasicAuth, Browser, Error};
use serde_json::json;

const RUNS: usize = 11;

/// Reports `performance.now()` (milliseconds since the navigation started)
/// at the frame the first row was there, and at the frame the page's own
/// table was (`ready`: the console's, with its controls, where early.js
/// painted the rows before it; the same table for the plain page).
const FIRST_ROW: &str = "
const [ready] = arguments;
let first = null;
const check = () => {
  if (first === null && document.querySelector('table tbody tr')) first = performance.now();
  if (document.querySelector(ready)) done([first, performance.now()]);
  else requestAnimationFrame(check);
};
check();";

/// The first row of the console's own table, and of the plain page's.
const CONSOLE_READY: &str = ".results table tbody tr";
const PLAIN_READY: &str = "table tbody tr";

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

/// (first row, own table ready) of one load.
fn first_row(browser: &Browser, url: &str, ready: &str) -> Result<(f64, f64), Error> {
    browser.goto(url)?;
    let [first, ready]: [f64; 2] = browser.run_async(FIRST_ROW, json!([ready]))?;
    Ok((first, ready))
}

/// The loads measured, as (link, cold): first loads (the cache emptied
/// before each) over loopback, a VPN-like link and Slow 4G (round trip ms,
/// bits per second each way), then cached loads over loopback (what an
/// admin sees daily).
const LOADS: [(Option<(u32, u32)>, bool); 4] = [
    (None, true),
    (Some((40, 10_000_000)), true),
    (Some((150, 1_600_000)), true),
    (None, false),
];

/// Medians of (first row, own table ready) of each of `LOADS`.
fn measure(browser: &Browser, url: &str, ready: &str) -> Result<[(f64, f64); 4], Error> {
    let mut medians = [(0.0, 0.0); 4];
    for ((link, cold), median_of) in LOADS.into_iter().zip(medians.iter_mut()) {
        browser.emulate_link(link)?;
        let mut times = Vec::new();
        for _ in 0..RUNS {
            if cold {
                browser.clear_cache()?;
            }
            times.push(first_row(browser, url, ready)?);
        }
        *median_of = (
            median(times.iter().map(|t| t.0).collect()),
            median(times.iter().map(|t| t.1).collect()),
        );
    }
    browser.emulate_link(None)?;
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
        let console = measure(
            &browser,
            &format!("{base}bindings?limit=100"),
            CONSOLE_READY,
        )?;
        let plain = measure(&browser, &format!("{base}bench-baseline.html"), PLAIN_READY)?;
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
                    "BENCH {what:<26} {:>10.1} {:>10.1} {:>7.2}",
                    ours.0,
                    theirs.0,
                    ours.0 / theirs.0.max(0.001)
                );
            }
            // Where early.js painted the rows first, the console's own
            // table (its controls working) came later.
            println!("BENCH {:<26} {:>10}", "console's own table (ms)", "console");
            for (what, ours) in rows.into_iter().zip(console) {
                println!("BENCH {what:<26} {:>10.1}", ours.1);
            }
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("first-row: {problem}");
            ExitCode::FAILURE
        }
    }
}
