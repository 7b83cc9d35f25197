//! Splitting the wasm at the app's lazy routes (`--features split`), as a
//! step of `release-assets`, after Trunk has built: the wasm cargo linked
//! (with `--emit-relocs`, `.cargo/config.toml`) is cut by
//! `wasm_split_cli_support` into the main module and one wasm file per
//! lazy route (plus the code they share), the main module goes through
//! wasm-bindgen again (keeping the exports the chunks link to) and the
//! same wasm-opt as Trunk's, and Trunk's JS glue and wasm are replaced.
//! Chunks and their loader get content-hashed names, so they can be cached
//! for good like every other asset.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::assets::replace_integrity;
use crate::cmd::{self, command};

/// The name the glue imports the chunk loader by; renamed once hashed.
const LOADER_LINK: &str = "./__wasm_split.______________________.js";

/// Splits when the wasm cargo built has split points; returns whether it
/// did. Release builds get wasm-opt here, once, split or not: index.html
/// turns Trunk's off (`data-wasm-opt="0"`), which would only have
/// optimised a wasm that is then replaced.
pub fn split(dir: &Path, release: bool) -> Result<bool, String> {
    let raw_path = cargo_wasm(release);
    let raw = fs::read(&raw_path).map_err(|err| format!("{}: {err}", raw_path.display()))?;
    let glue_name = trunk_glue(dir)?;
    let glue_stem = glue_name.trim_end_matches(".js").to_owned();
    let wasm_name = format!("{glue_stem}_bg.wasm");
    if !contains(&raw, b"__wasm_split") {
        if release {
            let wasm = dir.join(&wasm_name);
            let before = fs::read(&wasm).map_err(|err| format!("{}: {err}", wasm.display()))?;
            optimise_main(&wasm)?;
            let after = fs::read(&wasm).map_err(|err| format!("{}: {err}", wasm.display()))?;
            let index_path = dir.join("index.html");
            let index = replace_integrity(&read_text(&index_path)?, &before, &after);
            write(&index_path, index.as_bytes())?;
        }
        return Ok(false);
    }

    let work = cmd::root().join("target").join("split");
    let _ = fs::remove_dir_all(&work);
    let chunks_dir = work.join("chunks");
    fs::create_dir_all(&chunks_dir).map_err(|err| err.to_string())?;
    let main_path = work.join("main.wasm");
    let main_module = format!("./{glue_name}");
    let mut options = wasm_split_cli_support::Options::new(&raw);
    options.output_dir = &chunks_dir;
    options.main_out_path = &main_path;
    options.main_module = &main_module;
    options.link_name = LOADER_LINK;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|err| format!("splitting the wasm failed: {err:#}"))?;

    let bindgen = work.join("bindgen");
    cmd::run(
        command("wasm-bindgen")
            .args(["--target", "web", "--keep-lld-exports", "--no-demangle"])
            .args(["--no-typescript", "--out-dir"])
            .arg(&bindgen)
            .args(["--out-name", &glue_stem])
            .arg(&main_path),
    )?;
    let main_wasm = bindgen.join(&wasm_name);
    let mut glue = read_text(&bindgen.join(&glue_name))?;
    if release {
        optimise_main(&main_wasm)?;
    }

    // Chunks, then the loader that names them, then the glue that names it.
    let mut loader = read_text(&chunks_dir.join(LOADER_LINK.trim_start_matches("./")))?;
    for chunk in &split.split_modules {
        if release {
            wasm_opt(chunk, &["-Oz".to_owned()])?;
        }
        let bytes = fs::read(chunk).map_err(|err| format!("{}: {err}", chunk.display()))?;
        let old = file_name(chunk);
        let new = format!("{}-{}.wasm", chunk_label(&old), short_hash(&bytes));
        loader = loader.replace(&format!("./{old}"), &format!("./{new}"));
        write(&dir.join(&new), &bytes)?;
    }
    let loader_name = format!("wasm-split-{}.js", short_hash(loader.as_bytes()));
    write(&dir.join(&loader_name), loader.as_bytes())?;
    // Only where the glue imports it: the wasm still names the module by
    // its link name, the key of the glue's imports object.
    glue = glue.replace(
        &format!("from \"{LOADER_LINK}\""),
        &format!("from \"./{loader_name}\""),
    );

    // Trunk's files replaced, index.html's integrity hashes following them.
    let index_path = dir.join("index.html");
    let mut index = read_text(&index_path)?;
    for (name, bytes) in [
        (glue_name.as_str(), glue.into_bytes()),
        (
            wasm_name.as_str(),
            fs::read(&main_wasm).map_err(|err| err.to_string())?,
        ),
    ] {
        let path = dir.join(name);
        let before = fs::read(&path).map_err(|err| format!("{}: {err}", path.display()))?;
        index = replace_integrity(&index, &before, &bytes);
        write(&path, &bytes)?;
    }
    write(&index_path, index.as_bytes())?;
    Ok(true)
}

/// Where cargo put the wasm Trunk built from.
fn cargo_wasm(release: bool) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| cmd::root().join("target"));
    target
        .join("wasm32-unknown-unknown")
        .join(if release { "release" } else { "debug" })
        .join("workspace-console.wasm")
}

/// Trunk's JS glue in `dir`: `workspace-console-<hash>.js`.
fn trunk_glue(dir: &Path) -> Result<String, String> {
    let entries = fs::read_dir(dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    entries
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("workspace-console") && name.ends_with(".js"))
        .ok_or_else(|| format!("no workspace-console*.js in {}", dir.display()))
}

/// `split___settings_route_view_801…` → `settings` (a lazy route);
/// `split_manage_bindings_163…` → `manage-bindings` (a lazy function);
/// `chunk_4` → `chunk-4`.
pub fn chunk_label(file: &str) -> String {
    let stem = file.trim_end_matches(".wasm");
    let label = if let Some(rest) = stem.strip_prefix("split___") {
        rest.split("_route_view").next().unwrap_or(rest)
    } else if let Some(rest) = stem.strip_prefix("split_") {
        // The macro ends the name with a hash of where it was used.
        rest.rsplit_once('_')
            .filter(|(_, hash)| hash.bytes().all(|b| b.is_ascii_digit()))
            .map_or(rest, |(name, _)| name)
    } else {
        stem
    };
    label.replace('_', "-")
}

fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `-Oz`, then the passes the source index.html names (Trunk's output no
/// longer carries the attribute).
fn optimise_main(path: &Path) -> Result<(), String> {
    let index = read_text(&cmd::root().join("index.html"))?;
    let mut params = vec!["-Oz".to_owned()];
    params.extend(crate::size::wasm_opt_params(&index));
    wasm_opt(path, &params)
}

fn wasm_opt(path: &Path, params: &[String]) -> Result<(), String> {
    let wasm_opt = cmd::npm_bin_dir("binaryen").join("wasm-opt");
    cmd::run(
        command(&wasm_opt.to_string_lossy())
            .args(params)
            .arg("--enable-reference-types")
            .arg(path)
            .arg("-o")
            .arg(path),
    )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_text(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|err| format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::chunk_label;

    #[test]
    fn chunks_are_named_after_their_route() {
        assert_eq!(
            chunk_label("split___settings_route_view_8018301959302012853.wasm"),
            "settings"
        );
        assert_eq!(
            chunk_label("split___bind_eip_route_view_26984823.wasm"),
            "bind-eip"
        );
        assert_eq!(chunk_label("chunk_4.wasm"), "chunk-4");
        assert_eq!(
            chunk_label("split_manage_bindings_16341961889976620296.wasm"),
            "manage-bindings"
        );
    }
}
