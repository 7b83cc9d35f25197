//! Installs the toolchain pieces the build and the tests need, each only
//! when missing or at the wrong version, so a second run installs nothing.

use std::fs;

use crate::cmd::{self, command, output, run, which};

const TRUNK_VERSION_REQ: &str = "~0.21";
const TRUNK_SERIES: &str = "trunk 0.21.";
/// Debian's binaryen is too old (its wasm fails at start); Trunk.toml pins 132.
const BINARYEN_VERSION: &str = "132";
const AXE_CORE_VERSION: &str = "4.14.1";
const TERSER_VERSION: &str = "5.51.2";
/// Huawei's official Python SDK for Workspace, the version
/// `shared/api/more-operations.md` was read from.
pub const HUAWEI_SDK: &str = "huaweicloudsdkworkspace==3.1.219";
/// Where Debian's nginx module packages install their modules.
const NGINX_MODULES: &str = "/usr/lib/nginx/modules";

pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(command("rustup").args(["target", "list", "--installed"]));
    if installed.is_some_and(|list| list.lines().any(|l| l.trim() == "wasm32-unknown-unknown")) {
        return Ok(());
    }
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

pub fn ensure_trunk() -> Result<(), String> {
    let version = output(command("trunk").arg("--version"));
    if version.is_some_and(|v| v.trim().starts_with(TRUNK_SERIES)) {
        return Ok(());
    }
    println!("Installing trunk {TRUNK_VERSION_REQ} (takes several minutes, once)");
    run(command("cargo").args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION_REQ,
        "--locked",
    ]))
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String, String> {
    let lock = fs::read_to_string(cmd::root().join("Cargo.lock"))
        .map_err(|err| format!("cannot read Cargo.lock: {err}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

pub fn ensure_wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen_version()?;
    let installed = output(command("wasm-bindgen").arg("--version"));
    let runner = which("wasm-bindgen-test-runner").is_some();
    if runner && installed.is_some_and(|v| v.trim() == format!("wasm-bindgen {version}")) {
        return Ok(());
    }
    println!(
        "Installing wasm-bindgen-cli {version} (matches Cargo.lock; takes a few minutes, once)"
    );
    // `--locked` fails for wasm-bindgen-cli; the exact version is pinned instead.
    run(command("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={version}"),
    ]))
}

pub fn ensure_wasm_opt() -> Result<(), String> {
    let wanted = format!("version {BINARYEN_VERSION}");
    let installed = cmd::npm_bin_dir("binaryen").join("wasm-opt");
    let version = output(command(&installed.to_string_lossy()).arg("--version"));
    if version.is_some_and(|v| v.contains(&wanted)) {
        return Ok(());
    }
    npm_install("binaryen", &format!("binaryen@{BINARYEN_VERSION}"))
}

/// axe-core, the accessibility checker the end-to-end suite runs in pages.
pub fn ensure_axe_core() -> Result<std::path::PathBuf, String> {
    let script = cmd::npm_prefix("axe-core")
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js");
    if !script.is_file() {
        npm_install("axe-core", &format!("axe-core@{AXE_CORE_VERSION}"))?;
    }
    Ok(script)
}

fn npm_install(prefix: &str, spec: &str) -> Result<(), String> {
    ensure_apt(&[("npm", "npm")])?;
    let dir = cmd::npm_prefix(prefix);
    fs::create_dir_all(&dir).map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
    println!("Installing {spec} (npm) into {}", dir.display());
    run(command("npm").args([
        "install",
        "--prefix",
        &dir.to_string_lossy(),
        "--no-audit",
        "--no-fund",
        "--no-save",
        spec,
    ]))
}

/// terser, which minifies wasm-bindgen's JS glue in release builds.
pub fn ensure_terser() -> Result<std::path::PathBuf, String> {
    let terser = cmd::npm_bin_dir("terser").join("terser");
    if output(command(&terser.to_string_lossy()).arg("--version"))
        .is_some_and(|v| v.contains(TERSER_VERSION))
    {
        return Ok(terser);
    }
    npm_install("terser", &format!("terser@{TERSER_VERSION}"))?;
    Ok(terser)
}

/// A Python virtual environment holding Huawei's Workspace SDK; returns its
/// `python`.
pub fn ensure_huawei_sdk() -> Result<std::path::PathBuf, String> {
    let dir = cmd::tools_dir().join("huawei-sdk-3.1.219");
    let python = dir.join("bin").join("python");
    let has_sdk = |python: &std::path::Path| {
        output(command(&python.to_string_lossy()).args(["-c", "import huaweicloudsdkworkspace"]))
            .is_some()
    };
    if has_sdk(&python) {
        return Ok(python);
    }
    ensure_apt(&[("python3", "python3")])?;
    // `venv` needs `ensurepip`, which Debian ships in python3-venv.
    if output(command("python3").args(["-c", "import ensurepip, venv"])).is_none() {
        apt_install(&["python3-venv"])?;
    }
    println!("Installing {HUAWEI_SDK} (pip) into {}", dir.display());
    run(command("python3").args(["-m", "venv"]).arg(&dir))?;
    run(command(&python.to_string_lossy()).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        HUAWEI_SDK,
    ]))?;
    if has_sdk(&python) {
        Ok(python)
    } else {
        Err(format!(
            "{HUAWEI_SDK} did not install into {}",
            dir.display()
        ))
    }
}

/// twiggy, for the per-crate size breakdown.
pub fn ensure_twiggy() -> Result<(), String> {
    if output(command("twiggy").arg("--version")).is_some() {
        return Ok(());
    }
    run(command("cargo").args(["install", "twiggy", "--locked"]))
}

/// Chromium and its driver for the browser tests.
pub fn ensure_chromium() -> Result<(), String> {
    ensure_apt(&[
        ("chromium", "chromium"),
        ("chromedriver", "chromium-driver"),
    ])
}

/// Installs Debian packages whose program is missing. Needs root; anyone
/// else gets the exact command to run.
pub fn ensure_apt(programs: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = programs
        .iter()
        .filter(|(program, _)| which(program).is_none())
        .map(|(_, package)| *package)
        .collect();
    apt_install(&missing)
}

/// nginx's brotli static module (Debian package), so the end-to-end suite
/// serves the `.br` files as a deployment with the module would.
pub fn ensure_nginx_brotli_module() -> Result<std::path::PathBuf, String> {
    let module = std::path::Path::new(NGINX_MODULES).join("ngx_http_brotli_static_module.so");
    if !module.is_file() {
        apt_install(&["libnginx-mod-http-brotli-static"])?;
    }
    Ok(module)
}

/// A font with Chinese glyphs, so that the end-to-end run's screenshots of
/// the Chinese console show characters (Debian's Chromium has none).
pub fn ensure_chinese_font() -> Result<(), String> {
    let font = std::path::Path::new("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    if font.is_file() {
        return Ok(());
    }
    apt_install(&["fonts-wqy-microhei"])
}

fn apt_install(missing: &[&str]) -> Result<(), String> {
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "missing {list}; install with: sudo apt-get update && sudo apt-get install -y {list}"
        ));
    }
    run(command("apt-get").arg("update"))?;
    run(command("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn is_root() -> bool {
    output(std::process::Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// What building the console needs; `release` adds wasm-opt.
pub fn ensure_build_tools(release: bool) -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    if release {
        ensure_wasm_opt()?;
        ensure_terser()?;
    }
    Ok(())
}
