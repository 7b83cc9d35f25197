//! `cargo xtask size`: what the first page load costs. Builds the release
//! bundle, reports raw / gzip -9 / brotli bytes per file the browser fetches
//! to show the first page, and which crates the wasm bytes come from.
//! `--check` fails when the gzip total is over the budget in
//! `size-budget.txt`, or when the budget is more than 10% above it (then it
//! should be lowered).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cmd::{self, command, output};
use crate::tools;

const BUDGET_FILE: &str = "size-budget.txt";

/// Measured for the same list page and bind form (bytes, gzip and brotli).
const REACT_STACKS: [(&str, u32, u32); 3] = [
    ("plain React, no UI kit", 84_000, 72_000),
    ("react-admin", 311_000, 260_000),
    ("Cloudscape", 513_000, 429_000),
];

#[derive(clap::Args)]
pub struct Args {
    /// Fail when the gzip total is over size-budget.txt, or the budget is more
    /// than 10% above it
    #[arg(long)]
    check: bool,
}

pub fn run(args: Args) -> Result<(), String> {
    let check = args.check;
    tools::ensure_build_tools(true)?;
    release_build()?;
    let dist = cmd::root().join("dist");
    let files = first_load_files(&dist)?;

    println!("\nFirst page load (release build):\n");
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli"
    );
    let (mut raw_total, mut gzip_total, mut brotli_total) = (0, 0, 0);
    for file in &files {
        let bytes = fs::read(file).map_err(|err| format!("{}: {err}", file.display()))?;
        let (gz, br) = (gzip(&bytes)?.len(), brotli(&bytes)?.len());
        let name = file
            .strip_prefix(&dist)
            .unwrap_or(file)
            .display()
            .to_string();
        println!("{name:<48} {:>10} {:>10} {:>10}", bytes.len(), gz, br);
        raw_total += bytes.len();
        gzip_total += gz;
        brotli_total += br;
    }
    println!(
        "{:<48} {raw_total:>10} {gzip_total:>10} {brotli_total:>10}",
        "total"
    );
    println!("\nThe same console built with React stacks (first load, gzip / brotli):");
    for (stack, gzip, brotli) in REACT_STACKS {
        println!("  {stack:<24} {gzip:>7} / {brotli:>7}");
    }

    let shipped_wasm = files
        .iter()
        .find(|file| file.extension().is_some_and(|e| e == "wasm"))
        .and_then(|file| fs::metadata(file).ok())
        .map_or(0, |meta| meta.len() as usize);
    if let Err(problem) = crate_breakdown(shipped_wasm) {
        println!("\n(no per-crate breakdown: {problem})");
    }

    let budget = read_budget()?;
    println!("\nBudget ({BUDGET_FILE}): {budget} bytes gzip; measured {gzip_total}.");
    if gzip_total > budget {
        return Err(format!(
            "the first load is {gzip_total} bytes gzip, over the budget of {budget}"
        ));
    }
    let loosest = gzip_total + gzip_total / 10;
    if budget > loosest {
        let message = format!(
            "the budget ({budget}) is more than 10% above the measured size ({gzip_total}); \
             lower it to at most {loosest} in {BUDGET_FILE}"
        );
        if check {
            return Err(message);
        }
        println!("Note: {message}.");
    }
    Ok(())
}

fn release_build() -> Result<(), String> {
    cmd::run(command("trunk").args(["build", "--release", "--offline"]))
}

fn read_budget() -> Result<usize, String> {
    let path = cmd::root().join(BUDGET_FILE);
    let text = fs::read_to_string(&path).map_err(|err| format!("{BUDGET_FILE}: {err}"))?;
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .and_then(|line| line.replace('_', "").parse().ok())
        .ok_or_else(|| format!("{BUDGET_FILE} must hold the gzip budget in bytes"))
}

/// index.html, config.json, and every asset index.html references.
fn first_load_files(dist: &Path) -> Result<Vec<PathBuf>, String> {
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index).map_err(|err| format!("{}: {err}", index.display()))?;
    let mut files = vec![index.clone(), dist.join("config.json")];
    // Attributes may be quoted or not (the release index.html is minified).
    for attribute in ["href=", "src=", "from ", "module_or_path: ", "import("] {
        for piece in html.split(attribute).skip(1) {
            let piece = piece.trim_start_matches(['"', '\'']);
            let end = piece
                .find(|c: char| matches!(c, '"' | '\'' | '>' | ')') || c.is_whitespace())
                .unwrap_or(piece.len());
            let name = piece[..end].rsplit('/').next().unwrap_or_default();
            let path = dist.join(name);
            if !name.is_empty() && path.is_file() && !files.contains(&path) {
                files.push(path);
            }
        }
    }
    // What the JS loaded first imports at once (the wasm chunks' loader).
    let scripts: Vec<PathBuf> = files
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "js"))
        .cloned()
        .collect();
    for script in scripts {
        let text = fs::read_to_string(&script).unwrap_or_default();
        for piece in text.split("from").skip(1) {
            let piece = piece.trim_start().trim_start_matches(['"', '\'']);
            let end = piece.find(['"', '\'']).unwrap_or(0);
            let name = piece[..end].rsplit('/').next().unwrap_or_default();
            let path = dist.join(name);
            if name.ends_with(".js") && path.is_file() && !files.contains(&path) {
                files.push(path);
            }
        }
    }
    Ok(files)
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|err| err.to_string())?;
    encoder.finish().map_err(|err| err.to_string())
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|err| err.to_string())?;
    Ok(out)
}

/// Where the wasm bytes come from, by crate, for the whole program (every
/// page's wasm together: the release wasm before the split). The shipped
/// files have no names, so it goes through the same wasm-bindgen and
/// wasm-opt steps again with names kept (`-g`).
fn crate_breakdown(shipped_wasm: usize) -> Result<(), String> {
    tools::ensure_twiggy()?;
    let root = cmd::root();
    let out = root.join("target").join("size-names");
    let _ = fs::remove_dir_all(&out);
    let release = root
        .join("target")
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("workspace-console.wasm");
    cmd::run(
        command("wasm-bindgen")
            .args(["--target", "web", "--keep-debug", "--out-dir"])
            .arg(&out)
            .arg(&release),
    )?;
    let bound = out.join("workspace-console_bg.wasm");
    let named = out.join("named.wasm");
    let index = fs::read_to_string(root.join("index.html")).map_err(|err| err.to_string())?;
    cmd::run(
        command("wasm-opt")
            .arg("-Oz")
            .args(wasm_opt_params(&index))
            .args(["-g", "--enable-reference-types", "--output"])
            .arg(&named)
            .arg(&bound),
    )?;
    let json = output(
        command("twiggy")
            .args(["top", "-n", "1000000", "-f", "json"])
            .arg(&named),
    )
    .ok_or("twiggy could not read the wasm")?;
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&json).map_err(|err| format!("twiggy output: {err}"))?;
    let mut by_crate: std::collections::BTreeMap<String, u64> = Default::default();
    let mut total = 0u64;
    for row in &rows {
        let name = row["name"].as_str().unwrap_or_default();
        let size = row["shallow_size"].as_u64().unwrap_or_default();
        // The names themselves are not shipped.
        if name.contains("\" subsection") || name.starts_with("custom section") {
            continue;
        }
        total += size;
        *by_crate.entry(crate_of(name)).or_default() += size;
    }
    let mut ranked: Vec<(String, u64)> = by_crate.into_iter().collect();
    ranked.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    println!(
        "\nWhere the wasm bytes come from, every page's together ({total} bytes of code \
         and data counted; the first page's file is {shipped_wasm}):\n"
    );
    for (name, size) in ranked.iter().take(24) {
        println!(
            "{name:<40} {:>5.1}%  {size:>9} bytes",
            *size as f64 * 100.0 / total.max(1) as f64
        );
    }
    Ok(())
}

/// The extra wasm-opt arguments index.html gives Trunk.
pub fn wasm_opt_params(index_html: &str) -> Vec<String> {
    index_html
        .split("data-wasm-opt-params=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|params| params.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The crate a symbol belongs to: the first path segment, looking through
/// `<impl ...>` and `<T as Trait>` wrappers.
pub fn crate_of(symbol: &str) -> String {
    if symbol.starts_with("data segment") {
        return "(data: strings and tables)".into();
    }
    let mut trimmed = symbol;
    loop {
        let next = trimmed
            .trim_start_matches(['<', '&', '('])
            .trim_start_matches("mut ")
            .trim_start_matches("dyn ");
        if next == trimmed {
            break;
        }
        trimmed = next;
    }
    // `<T as tachys::view::Render>::build`: the trait's crate did the work.
    if let Some((left, right)) = trimmed.split_once(" as ")
        && !left.contains("::")
    {
        return crate_of(right);
    }
    match trimmed.split_once("::") {
        Some((head, _)) => {
            // std's crates carry a hash: `core[abc123]`.
            let head = head.split('[').next().unwrap_or(head);
            if !head.is_empty() && head.chars().all(|c| c.is_alphanumeric() || c == '_') {
                head.to_string()
            } else {
                "(other: glue, tables, imports)".into()
            }
        }
        None => "(other: glue, tables, imports)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{crate_of, wasm_opt_params};

    #[test]
    fn wasm_opt_params_come_from_index_html() {
        let html = r#"<link data-trunk rel="rust" data-wasm-opt="z" data-wasm-opt-params="--flatten --rereloop -Oz" />"#;
        assert_eq!(wasm_opt_params(html), ["--flatten", "--rereloop", "-Oz"]);
        assert!(wasm_opt_params("<link data-trunk rel=\"rust\" />").is_empty());
    }

    #[test]
    fn crates_are_read_from_symbols() {
        assert_eq!(crate_of("tachys::view::Render::build::h1"), "tachys");
        assert_eq!(
            crate_of("<either_of::EitherOf4<A,B,C,D> as leptos_router::ChooseView>::choose"),
            "either_of"
        );
        assert_eq!(
            crate_of("<&mut serde_json::de::Deserializer<R>>::x"),
            "serde_json"
        );
        assert_eq!(crate_of("core[a543996e6e7dbf1e]::fmt::write"), "core");
        assert_eq!(
            crate_of("data segment \".rodata\""),
            "(data: strings and tables)"
        );
        assert_eq!(crate_of("elem[0]"), "(other: glue, tables, imports)");
        assert_eq!(crate_of("<T as tachys::view::Render>::build"), "tachys");
        assert_eq!(crate_of("<(A,B) as tachys::view::Render>::build"), "tachys");
    }
}
