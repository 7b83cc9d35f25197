//! `cargo xtask deploy-config`: renders `deploy/nginx/console.conf.template`
//! for a built `dist/`, with the Content-Security-Policy hash of Trunk's
//! inline loader and the include that adds the API token.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::cmd;

pub struct Options {
    pub dist: PathBuf,
    pub out: PathBuf,
    pub listen: String,
    pub server_name: String,
    pub base_path: String,
    pub api_path: String,
    pub upstream: String,
    /// Origin of an absolute `api_base_url`, for `connect-src`.
    pub api_origin: Option<String>,
    /// A file holding the raw token; the rendered include adds it as X-Auth-Token.
    pub token_file: Option<PathBuf>,
    /// Site-specific `location` blocks appended to the server.
    pub extra_locations: String,
    /// Send the `.br` files (needs nginx's brotli static module).
    pub brotli_static: bool,
}

impl Default for Options {
    /// The defaults of the command line, with no option given.
    fn default() -> Self {
        use clap::{Args as _, FromArgMatches};
        let matches = Args::augment_args(clap::Command::new("deploy-config"))
            .get_matches_from(["deploy-config"]);
        let args = Args::from_arg_matches(&matches).expect("the defaults parse");
        Options::from(args)
    }
}

/// `cargo xtask deploy-config`: what an operator chooses.
#[derive(clap::Args)]
pub struct Args {
    /// The built site [default: dist/ in the workspace]
    #[arg(long, value_name = "DIR")]
    dist: Option<PathBuf>,
    /// Where to write the server block (the token include goes beside it)
    #[arg(long, value_name = "FILE", default_value = "console.conf")]
    out: PathBuf,
    /// nginx `listen` value
    #[arg(long, value_name = "PORT", default_value = "8080")]
    listen: String,
    /// nginx `server_name` value
    #[arg(long, value_name = "NAME", default_value = "_")]
    server_name: String,
    /// Path the console is served from
    #[arg(long = "base", value_name = "PATH", default_value = "/console/")]
    base_path: String,
    /// Path forwarded to the Workspace API
    #[arg(long, value_name = "PATH", default_value = "/console/api/")]
    api_path: String,
    /// The Workspace API endpoint, e.g. https://workspace.ap-southeast-1.myhuaweicloud.com/
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8787/")]
    upstream: String,
    /// Origin of an absolute `api_base_url`, allowed in the CSP's connect-src
    #[arg(long, value_name = "ORIGIN")]
    api_origin: Option<String>,
    /// File holding the token nginx adds as X-Auth-Token
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Send the .br files too (needs nginx's brotli static module)
    #[arg(long)]
    brotli_static: bool,
}

impl From<Args> for Options {
    fn from(args: Args) -> Options {
        Options {
            dist: args.dist.unwrap_or_else(|| cmd::root().join("dist")),
            out: args.out,
            listen: args.listen,
            server_name: args.server_name,
            base_path: args.base_path,
            api_path: args.api_path,
            upstream: args.upstream,
            api_origin: args.api_origin,
            token_file: args.token_file,
            extra_locations: String::new(),
            brotli_static: args.brotli_static,
        }
    }
}

pub fn run(args: Args) -> Result<(), String> {
    let written = write(&Options::from(args))?;
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Renders the server block and the token include next to it; returns the
/// files written.
pub fn write(options: &Options) -> Result<Vec<PathBuf>, String> {
    let dir = options
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    fs::create_dir_all(&dir).map_err(|err| format!("{}: {err}", dir.display()))?;
    let dir = dir
        .canonicalize()
        .map_err(|err| format!("{}: {err}", dir.display()))?;
    let token_include = dir.join("console-auth-token.conf");
    let token_line = match &options.token_file {
        Some(file) => {
            let token = fs::read_to_string(file)
                .map_err(|err| format!("token file {}: {err}", file.display()))?;
            let token = token.trim();
            if token.is_empty()
                || !token
                    .chars()
                    .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
            {
                return Err("the token file must hold one token without spaces or quotes".into());
            }
            format!("proxy_set_header X-Auth-Token \"{token}\";\n")
        }
        None => "# No token: the upstream authenticates requests some other way.\n".into(),
    };
    write_private(&token_include, &token_line)?;

    let config = render(options, &token_include)?;
    fs::write(&options.out, config).map_err(|err| format!("{}: {err}", options.out.display()))?;
    Ok(vec![options.out.clone(), token_include])
}

pub fn render(options: &Options, token_include: &Path) -> Result<String, String> {
    let template_path = cmd::root()
        .join("deploy")
        .join("nginx")
        .join("console.conf.template");
    let template = fs::read_to_string(&template_path)
        .map_err(|err| format!("{}: {err}", template_path.display()))?;
    for (name, value) in [
        ("--base", &options.base_path),
        ("--api-path", &options.api_path),
    ] {
        if !value.starts_with('/') || !value.ends_with('/') {
            return Err(format!("{name} must start and end with /"));
        }
    }
    let dist = options
        .dist
        .canonicalize()
        .map_err(|err| format!("dist {}: {err}", options.dist.display()))?;
    let index = fs::read_to_string(dist.join("index.html"))
        .map_err(|err| format!("{}/index.html: {err} (build first)", dist.display()))?;
    let csp = content_security_policy(&index, options.api_origin.as_deref());
    let values = [
        ("{{LISTEN}}", options.listen.clone()),
        ("{{SERVER_NAME}}", options.server_name.clone()),
        ("{{DIST_DIR}}", dist.display().to_string()),
        (
            "{{BASE_PATH_NO_SLASH}}",
            options.base_path.trim_end_matches('/').to_string(),
        ),
        ("{{BASE_PATH}}", options.base_path.clone()),
        ("{{API_PATH}}", options.api_path.clone()),
        ("{{UPSTREAM}}", options.upstream.clone()),
        ("{{TOKEN_INCLUDE}}", token_include.display().to_string()),
        ("{{CSP}}", csp),
        ("{{EXTRA_LOCATIONS}}", options.extra_locations.clone()),
        (
            "{{BROTLI_STATIC}}",
            if options.brotli_static {
                "    brotli_static on;".into()
            } else {
                "    # With nginx's brotli static module (Debian: libnginx-mod-http-brotli-static),\n    \
                 # render with --brotli-static to send the .br files too.".into()
            },
        ),
    ];
    let mut config = template;
    for (placeholder, value) in values {
        config = config.replace(placeholder, &value);
    }
    Ok(config)
}

/// Scripts only from the site and the exact inline loader Trunk wrote; no
/// inline script otherwise, the wasm compiled from the site, requests only
/// to the site (and the API's origin when it is elsewhere).
pub fn content_security_policy(index_html: &str, api_origin: Option<&str>) -> String {
    let hashes: Vec<String> = inline_scripts(index_html)
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let connect = match api_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".into(),
    };
    format!(
        "default-src 'self'; script-src 'self' {} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src {connect}; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

/// The bodies of `<script>` elements without `src`, exactly as written.
pub fn inline_scripts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(body_start[..close].to_string());
        }
        rest = &body_start[close..];
    }
    out
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|err| format!("{}: {err}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|err| format!("{}: {err}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|err| format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loader_is_hashed_and_external_scripts_are_not() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/x.js\"></script></head>";
        let scripts = inline_scripts(html);
        assert_eq!(scripts, vec!["\nimport init from '/a.js';\n".to_string()]);
        let csp = content_security_policy(html, None);
        assert!(csp.contains("script-src 'self' 'sha256-"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("connect-src 'self';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        let with_api = content_security_policy(html, Some("https://proxy.example.com"));
        assert!(with_api.contains("connect-src 'self' https://proxy.example.com;"));
    }

    #[test]
    fn every_placeholder_is_filled_and_brotli_is_opt_in() {
        let dist = std::env::temp_dir().join(format!("deploy-test-{}", std::process::id()));
        fs::create_dir_all(&dist).unwrap();
        fs::write(dist.join("index.html"), "<script type=module>x</script>").unwrap();
        let include = dist.join("token.conf");
        let mut options = Options {
            dist: dist.clone(),
            ..Options::default()
        };
        let plain = render(&options, &include).unwrap();
        let unfilled = plain
            .lines()
            .filter(|line| !line.trim_start().starts_with('#') && line.contains("{{"));
        assert_eq!(unfilled.count(), 0, "{plain}");
        assert!(plain.contains("gzip_static on;"));
        assert!(!plain.contains("\n    brotli_static on;"));
        options.brotli_static = true;
        let brotli = render(&options, &include).unwrap();
        assert!(brotli.contains("\n    brotli_static on;"));
        let _ = fs::remove_dir_all(&dist);
    }
}
