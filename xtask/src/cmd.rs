//! Running commands: the project root, PATH with the installed tools, and
//! readable failures.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Where tools that are not cargo binaries are installed (binaryen from npm).
pub fn tools_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(|| root().join("target"));
    cache.join("workspace-console-tools")
}

/// Each npm tool has its own prefix: one `npm install --prefix` prunes
/// packages another one put there.
pub fn npm_prefix(package: &str) -> PathBuf {
    tools_dir().join(package)
}

pub fn npm_bin_dir(package: &str) -> PathBuf {
    npm_prefix(package).join("node_modules").join(".bin")
}

/// `$CARGO_HOME/bin`, where `cargo install` puts binaries.
pub fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// PATH with the cargo bin dir and the npm tools in front, so the pinned
/// versions win over whatever else the machine has.
pub fn tool_path() -> OsString {
    let mut dirs = vec![npm_bin_dir("binaryen"), cargo_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command run from the project root with the tool PATH.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

/// Runs to completion with inherited output; Err names the command.
pub fn run(command: &mut Command) -> Result<(), String> {
    let shown = describe(command);
    println!("==> {shown}");
    let status = command
        .status()
        .map_err(|err| format!("could not start `{shown}`: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs quietly and returns stdout, or None if it could not run or failed.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Finds a program on the tool PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&tool_path())
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
