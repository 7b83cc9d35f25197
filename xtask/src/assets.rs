//! `cargo xtask release-assets DIR`: the last step of a release build (a
//! Trunk post-build hook). Minifies wasm-bindgen's JS glue, which Trunk's
//! own minifier cannot parse, keeps the subresource-integrity hashes in
//! index.html true, and writes `.gz` and `.br` beside every file a server
//! may send precompressed.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::cmd::{self, command};
use crate::size::{brotli, gzip};
use crate::tools;

#[derive(clap::Args)]
pub struct Args {
    /// The built site (default: dist/)
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Trunk's profile: a debug build is only split, not minified
    #[arg(long, default_value = "release")]
    profile: String,
}

pub fn run(args: Args) -> Result<(), String> {
    let dir = args.dir.unwrap_or_else(|| cmd::root().join("dist"));
    let release = args.profile == "release";
    crate::split::split(&dir, release)?;
    if release {
        minify_glue(&dir)?;
        compress(&dir)?;
    }
    Ok(())
}

/// Minifies each `.js` file with terser and rewrites its integrity hashes
/// in index.html (the browser refuses a file whose hash does not match).
fn minify_glue(dir: &Path) -> Result<(), String> {
    let terser = tools::ensure_terser()?;
    let index_path = dir.join("index.html");
    let mut index = read_text(&index_path)?;
    for path in files_with_extension(dir, "js")? {
        let before = read(&path)?;
        cmd::run(
            command(&terser.to_string_lossy())
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&path),
        )?;
        let after = read(&path)?;
        index = replace_integrity(&index, &before, &after);
    }
    fs::write(&index_path, index).map_err(|err| format!("{}: {err}", index_path.display()))
}

/// Swaps every SRI digest of `before` (sha256, sha384 or sha512, as Trunk
/// may write any of them) for the same digest of `after`.
pub fn replace_integrity(html: &str, before: &[u8], after: &[u8]) -> String {
    let b64 = |digest: &[u8]| base64::engine::general_purpose::STANDARD.encode(digest);
    let pairs = [
        (
            format!("sha256-{}", b64(&Sha256::digest(before))),
            format!("sha256-{}", b64(&Sha256::digest(after))),
        ),
        (
            format!("sha384-{}", b64(&Sha384::digest(before))),
            format!("sha384-{}", b64(&Sha384::digest(after))),
        ),
        (
            format!("sha512-{}", b64(&Sha512::digest(before))),
            format!("sha512-{}", b64(&Sha512::digest(after))),
        ),
    ];
    pairs
        .iter()
        .fold(html.to_owned(), |html, (old, new)| html.replace(old, new))
}

/// Writes `.gz` and `.br` beside every compressible file in `dir`, for
/// servers that send precompressed files (nginx `gzip_static`).
fn compress(dir: &Path) -> Result<(), String> {
    for extension in ["html", "js", "wasm", "css"] {
        // Not config.json: operators edit it after deployment, and a stale
        // config.json.gz would be served in its place.
        for path in files_with_extension(dir, extension)? {
            let bytes = read(&path)?;
            for (suffix, packed) in [("gz", gzip(&bytes)?), ("br", brotli(&bytes)?)] {
                let mut target = path.clone().into_os_string();
                target.push(".");
                target.push(suffix);
                fs::write(&target, packed).map_err(|err| format!("{target:?}: {err}"))?;
            }
        }
    }
    Ok(())
}

fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|err| format!("{}: {err}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::replace_integrity;

    #[test]
    fn integrity_follows_the_minified_file() {
        let html = "<link href=/app.js integrity=sha384-OLD rel=modulepreload>";
        // sha384 of "a", base64.
        let before_hash = "sha384-VKWbnyKwuAiA2EJ+VIt8I6vYc0huHwNdzpzWl+hRdQM8qojm1XvDXvrgta/TFF8x";
        let html = html.replace("sha384-OLD", before_hash);
        let updated = replace_integrity(&html, b"a", b"b");
        assert!(!updated.contains(before_hash), "{updated}");
        assert!(updated.contains("integrity=sha384-"), "{updated}");
        assert_eq!(replace_integrity(&updated, b"b", b"b"), updated);
    }
}
