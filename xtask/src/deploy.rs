//! `cargo xtask deploy-config`: renders `deploy/nginx/console.conf.template`
//! for a built `dist/`, with the Content-Security-Policy hash of Trunk's
//! inline loader, the admins' authentication and the include that adds the
//! API token. Every value that goes into the file is checked first: none
//! can add nginx syntax of its own.

use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::cmd;

/// Debian's CA bundle (package ca-certificates): what the upstream's TLS
/// certificate is verified against unless `--upstream-ca` says otherwise.
pub const SYSTEM_CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// What nginx adds the token for, said whenever `--auth` is missing.
const NO_AUTH: &str = "deploy-config needs --auth: nginx adds the Workspace token to every API \
call it forwards, so anyone who can reach this console acts with the token's Workspace rights \
(listing the project's terminal bindings and binding EIPs to its desktops) without proving who \
they are. Say who may use it: --auth basic --htpasswd FILE (nginx asks for a user and password), \
--auth request --auth-url URL (your SSO or introspection endpoint checks each request), \
--auth allow --allow CIDR (only these networks; repeatable), or --auth external (another layer \
in front of nginx authenticates every request).";

pub struct Options {
    pub dist: PathBuf,
    pub out: PathBuf,
    pub listen: String,
    pub server_name: String,
    pub base_path: String,
    pub api_path: String,
    pub upstream: String,
    /// The CA bundle the upstream's certificate is verified against.
    pub upstream_ca: PathBuf,
    /// Origin of an absolute `api_base_url`, for `connect-src`.
    pub api_origin: Option<String>,
    /// A file holding the raw token; the rendered include adds it as X-Auth-Token.
    pub token_file: Option<PathBuf>,
    /// Who may use the console; `None` is refused.
    pub auth: Option<Auth>,
    /// Site-specific `location` blocks appended to the server.
    pub extra_locations: String,
    /// Send the `.br` files (needs nginx's brotli static module).
    pub brotli_static: bool,
}

/// How admins are authenticated in front of the console (pages and API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// nginx's `auth_basic` with this user file.
    Basic { htpasswd: PathBuf },
    /// nginx's `auth_request` to this URL (verified against `ca`).
    Request { url: String, ca: PathBuf },
    /// Only these addresses or networks.
    Allow { sources: Vec<String> },
    /// Another layer in front of nginx authenticates every request.
    External,
}

impl Default for Options {
    /// The defaults of the command line, with no option given.
    fn default() -> Self {
        use clap::{Args as _, FromArgMatches};
        let matches = Args::augment_args(clap::Command::new("deploy-config"))
            .get_matches_from(["deploy-config"]);
        let args = Args::from_arg_matches(&matches).expect("the defaults parse");
        Options::try_from(args).expect("the defaults are consistent")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthMode {
    /// User and password from an htpasswd file (--htpasswd)
    Basic,
    /// Each request checked by your SSO or introspection endpoint (--auth-url)
    Request,
    /// Only these client addresses (--allow, repeatable)
    Allow,
    /// Another layer in front of nginx authenticates every request
    External,
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
    /// Path forwarded to the Workspace API (letters, digits, `/`, `_`, `-`)
    #[arg(long, value_name = "PATH", default_value = "/console/api/")]
    api_path: String,
    /// The Workspace API endpoint, e.g. https://workspace.ap-southeast-1.myhuaweicloud.com/
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8787/")]
    upstream: String,
    /// CA bundle the upstream's TLS certificate must chain to [default: /etc/ssl/certs/ca-certificates.crt]
    #[arg(long, value_name = "FILE")]
    upstream_ca: Option<PathBuf>,
    /// Origin of an absolute `api_base_url`, allowed in the CSP's connect-src
    #[arg(long, value_name = "ORIGIN")]
    api_origin: Option<String>,
    /// File holding the token nginx adds as X-Auth-Token
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Who may use the console (required: whoever reaches it acts with the token)
    #[arg(long, value_enum, value_name = "MODE")]
    auth: Option<AuthMode>,
    /// htpasswd file for --auth basic
    #[arg(long, value_name = "FILE", required_if_eq("auth", "basic"))]
    htpasswd: Option<PathBuf>,
    /// URL of the check for --auth request (2xx lets a request through, 401 or 403 refuses it)
    #[arg(long, value_name = "URL", required_if_eq("auth", "request"))]
    auth_url: Option<String>,
    /// CA bundle the --auth-url certificate must chain to [default: /etc/ssl/certs/ca-certificates.crt]
    #[arg(long, value_name = "FILE")]
    auth_ca: Option<PathBuf>,
    /// Address or network (CIDR) allowed by --auth allow; repeatable
    #[arg(long = "allow", value_name = "CIDR", required_if_eq("auth", "allow"))]
    allow: Vec<String>,
    /// Send the .br files too (needs nginx's brotli static module)
    #[arg(long)]
    brotli_static: bool,
}

impl TryFrom<Args> for Options {
    type Error = String;

    fn try_from(args: Args) -> Result<Options, String> {
        let mode = args.auth;
        let misplaced = [
            ("--htpasswd", args.htpasswd.is_some(), AuthMode::Basic),
            ("--auth-url", args.auth_url.is_some(), AuthMode::Request),
            ("--auth-ca", args.auth_ca.is_some(), AuthMode::Request),
            ("--allow", !args.allow.is_empty(), AuthMode::Allow),
        ];
        for (flag, given, wanted) in misplaced {
            if given && mode != Some(wanted) {
                let wanted = format!("{wanted:?}").to_lowercase();
                return Err(format!("{flag} goes with --auth {wanted}"));
            }
        }
        let system_ca = || PathBuf::from(SYSTEM_CA_BUNDLE);
        let auth = match mode {
            None => None,
            Some(AuthMode::Basic) => Some(Auth::Basic {
                htpasswd: args.htpasswd.ok_or("--auth basic needs --htpasswd FILE")?,
            }),
            Some(AuthMode::Request) => Some(Auth::Request {
                url: args.auth_url.ok_or("--auth request needs --auth-url URL")?,
                ca: args.auth_ca.unwrap_or_else(system_ca),
            }),
            Some(AuthMode::Allow) => Some(Auth::Allow {
                sources: args.allow,
            }),
            Some(AuthMode::External) => Some(Auth::External),
        };
        Ok(Options {
            dist: args.dist.unwrap_or_else(|| cmd::root().join("dist")),
            out: args.out,
            listen: args.listen,
            server_name: args.server_name,
            base_path: args.base_path,
            api_path: args.api_path,
            upstream: args.upstream,
            upstream_ca: args.upstream_ca.unwrap_or_else(system_ca),
            api_origin: args.api_origin,
            token_file: args.token_file,
            auth,
            extra_locations: String::new(),
            brotli_static: args.brotli_static,
        })
    }
}

pub fn run(args: Args) -> Result<(), String> {
    let written = write(&Options::try_from(args)?)?;
    for path in written {
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Renders the server block and the token include next to it; returns the
/// files written. Nothing is written when a value is refused.
pub fn write(options: &Options) -> Result<Vec<PathBuf>, String> {
    let token_line = match &options.token_file {
        Some(file) => {
            let token =
                fs::read(file).map_err(|err| format!("token file {}: {err}", file.display()))?;
            let token = String::from_utf8(token).map_err(|_| {
                format!(
                    "the token file {} is not text (UTF-8); a token is one line of ASCII",
                    file.display()
                )
            })?;
            token_directive(&token)?
        }
        None => "# No token: the upstream authenticates requests some other way.\n".into(),
    };
    let mut needed = Vec::new();
    if options.upstream.starts_with("https://") {
        needed.push(("--upstream-ca", &options.upstream_ca));
    }
    match &options.auth {
        Some(Auth::Basic { htpasswd }) => needed.push(("--htpasswd", htpasswd)),
        Some(Auth::Request { url, ca }) if url.starts_with("https://") => {
            needed.push(("--auth-ca", ca))
        }
        _ => {}
    }
    for (flag, file) in needed {
        if !file.is_file() {
            return Err(format!("{flag} {}: no such file", file.display()));
        }
    }

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
    let config = render(options, &token_include)?;
    write_private(&token_include, &token_line)?;
    fs::write(&options.out, config).map_err(|err| format!("{}: {err}", options.out.display()))?;
    Ok(vec![options.out.clone(), token_include])
}

/// The include's line for a token file's contents. nginx reads `$` in a
/// quoted value as a variable and `\` as an escape, a quote would end the
/// value, and whitespace, control characters and non-ASCII have no place
/// in a header: each is refused, named with its position (counted from 1).
/// A trailing line break is fine.
pub fn token_directive(contents: &str) -> Result<String, String> {
    let token = contents.trim_end_matches(['\n', '\r']);
    if token.is_empty() {
        return Err("the token file is empty".into());
    }
    for (index, c) in token.chars().enumerate() {
        let problem = match c {
            '$' => "which nginx would read as a variable",
            '"' | '\'' => "which would end the quoted value in nginx's configuration",
            '\\' => "which nginx would read as an escape character",
            '\n' | '\r' => "but a token is one line (only a trailing line break is allowed)",
            c if c.is_whitespace() => "but a token holds no whitespace",
            c if c.is_control() => "a control character, which has no place in a header",
            c if !c.is_ascii() => "which is not ASCII and has no place in a header",
            _ => continue,
        };
        let shown = if c.is_ascii() {
            format!("'{}'", c.escape_default())
        } else {
            format!("'{}' (U+{:04X})", c.escape_debug(), u32::from(c))
        };
        return Err(format!(
            "the token file holds {shown} at position {}, {problem}",
            index + 1
        ));
    }
    Ok(format!("proxy_set_header X-Auth-Token \"{token}\";\n"))
}

pub fn render(options: &Options, token_include: &Path) -> Result<String, String> {
    let template_path = template_path();
    let template = fs::read_to_string(&template_path)
        .map_err(|err| format!("{}: {err}", template_path.display()))?;
    let dist = options
        .dist
        .canonicalize()
        .map_err(|err| format!("dist {}: {err}", options.dist.display()))?;
    let index = fs::read_to_string(dist.join("index.html"))
        .map_err(|err| format!("{}/index.html: {err} (build first)", dist.display()))?;
    render_template(&template, &index, &dist, options, token_include)
}

pub fn template_path() -> PathBuf {
    cmd::root()
        .join("deploy")
        .join("nginx")
        .join("console.conf.template")
}

/// Fills the template in; reads nothing but its arguments.
pub fn render_template(
    template: &str,
    index_html: &str,
    dist: &Path,
    options: &Options,
    token_include: &Path,
) -> Result<String, String> {
    for (flag, value) in [
        ("--base", &options.base_path),
        ("--api-path", &options.api_path),
    ] {
        check_path(flag, value)?;
    }
    if options.api_path == options.base_path {
        return Err("--api-path must differ from --base".into());
    }
    check_value("--listen", &options.listen, true)?;
    check_value("--server-name", &options.server_name, true)?;
    check_url("--upstream", &options.upstream)?;
    check_file("--upstream-ca", &options.upstream_ca)?;
    check_file("--dist", dist)?;
    check_file("the token include", token_include)?;
    if let Some(origin) = &options.api_origin {
        check_origin(origin)?;
    }
    let (auth, auth_location) = match &options.auth {
        None => return Err(NO_AUTH.into()),
        Some(auth) => auth_directives(auth)?,
    };
    let csp = content_security_policy(index_html, options.api_origin.as_deref());
    let host_map = host_map(&options.server_name);
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
        ("{{UPSTREAM_CA}}", options.upstream_ca.display().to_string()),
        ("{{TOKEN_INCLUDE}}", token_include.display().to_string()),
        ("{{CSP}}", csp),
        ("{{HOST_MAP}}", host_map),
        ("{{AUTH}}", auth),
        ("{{AUTH_LOCATION}}", auth_location),
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
    let mut config = template.to_string();
    for (placeholder, value) in values {
        config = config.replace(placeholder, &value);
    }
    Ok(config)
}

/// `$console_other_host`: 1 unless the request's host is one of the server
/// names (matched as nginx matches `server_name`: exact, wildcard, regex).
/// A catch-all server (`_`) cannot tell, and says so.
fn host_map(server_name: &str) -> String {
    let names: Vec<&str> = server_name.split_whitespace().collect();
    let mut map = String::from("map $host $console_other_host {\n");
    if names.iter().any(|name| matches!(*name, "_" | "*")) {
        map.push_str(
            "    # server_name _ answers any host name: render with --server-name NAME\n    \
             # to refuse the others.\n    default \"\";\n",
        );
    } else {
        map.push_str("    hostnames;\n    default 1;\n");
        for name in names {
            map.push_str(&format!("    {name} 0;\n"));
        }
    }
    map.push('}');
    map
}

/// The server-level directives of an authentication mode, and the internal
/// location `--auth request` needs.
fn auth_directives(auth: &Auth) -> Result<(String, String), String> {
    Ok(match auth {
        Auth::Basic { htpasswd } => {
            check_file("--htpasswd", htpasswd)?;
            (
                format!(
                    "    auth_basic \"Workspace console\";\n    auth_basic_user_file {};",
                    htpasswd.display()
                ),
                String::new(),
            )
        }
        Auth::Request { url, ca } => {
            check_url("--auth-url", url)?;
            check_file("--auth-ca", ca)?;
            (
                "    # Each request is first checked by a subrequest to the operator's\n    \
                 # endpoint: 2xx lets it through, 401 or 403 refuses it.\n    \
                 auth_request /_console_auth;"
                    .into(),
                format!(
                    "\n    location = /_console_auth {{\n        internal;\n        \
                     proxy_pass {url};\n        proxy_pass_request_body off;\n        \
                     proxy_set_header Content-Length \"\";\n        \
                     proxy_set_header X-Original-URI $request_uri;\n        \
                     proxy_set_header X-Original-Method $request_method;\n        \
                     proxy_ssl_server_name on;\n        proxy_ssl_verify on;\n        \
                     proxy_ssl_verify_depth 4;\n        \
                     proxy_ssl_trusted_certificate {};\n    }}\n",
                    ca.display()
                ),
            )
        }
        Auth::Allow { sources } => {
            if sources.is_empty() {
                return Err("--auth allow needs at least one --allow CIDR".into());
            }
            let mut lines = String::new();
            for source in sources {
                check_cidr(source)?;
                lines.push_str(&format!("    allow {source};\n"));
            }
            lines.push_str("    deny all;");
            (lines, String::new())
        }
        Auth::External => (
            "    # None here: another layer in front of this server authenticates every\n    \
             # request (--auth external). Whoever reaches nginx directly acts with the token."
                .into(),
            String::new(),
        ),
    })
}

/// Base and API paths: `/`-started and -ended, letters, digits, `/`, `_`
/// and `-` only (the API path goes into a regular expression).
fn check_path(flag: &str, value: &str) -> Result<(), String> {
    if !value.starts_with('/') || !value.ends_with('/') {
        return Err(format!("{flag} must start and end with /"));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-')))
    {
        return Err(format!(
            "{flag} {value:?} holds {c:?}; only letters, digits, '/', '_' and '-' are allowed"
        ));
    }
    if value.contains("//") {
        return Err(format!("{flag} {value:?} holds an empty segment (//)"));
    }
    Ok(())
}

/// A value that goes into a directive as is: no character nginx would
/// read as syntax, a variable or an escape; spaces only where `spaces`.
fn check_value(flag: &str, value: &str, spaces: bool) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("{flag} is empty"));
    }
    if let Some(c) = value.chars().find(|&c| {
        !c.is_ascii()
            || c.is_ascii_control()
            || matches!(c, ';' | '{' | '}' | '$' | '#' | '"' | '\'' | '\\')
            || (c == ' ' && !spaces)
    }) {
        return Err(format!(
            "{flag} {value:?} holds {c:?}, which nginx would read as configuration"
        ));
    }
    Ok(())
}

fn check_file(flag: &str, path: &Path) -> Result<(), String> {
    let shown = path.display().to_string();
    check_value(flag, &shown, false)
        .map_err(|_| format!("{flag} {shown:?}: the path must be ASCII without spaces, quotes, ';', '{{', '}}', '$', '#' or '\\'"))
}

fn check_url(flag: &str, value: &str) -> Result<(), String> {
    check_value(flag, value, false)?;
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| format!("{flag} {value:?} must start with https:// or http://"))?;
    match rest.find('/') {
        Some(0) | None => Err(format!(
            "{flag} {value:?} must name a host and a path (at least a final /)"
        )),
        Some(_) => Ok(()),
    }
}

fn check_origin(value: &str) -> Result<(), String> {
    check_value("--api-origin", value, false)?;
    let host = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .unwrap_or_default();
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err(format!(
            "--api-origin {value:?} must be an origin: scheme and host (and port), no path"
        ));
    }
    Ok(())
}

/// An address or network for `allow`: `10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`.
fn check_cidr(value: &str) -> Result<(), String> {
    let (address, prefix) = match value.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (value, None),
    };
    let bad = || format!("--allow {value:?} is not an address or a network (CIDR)");
    let address: IpAddr = address.parse().map_err(|_| bad())?;
    if let Some(prefix) = prefix {
        let bits: u8 = prefix.parse().map_err(|_| bad())?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        if bits > max {
            return Err(bad());
        }
    }
    Ok(())
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

    const INDEX: &str = "<script type=module>x</script>";

    fn options(auth: Auth) -> Options {
        Options {
            auth: Some(auth),
            ..Options::default()
        }
    }

    fn basic() -> Options {
        options(Auth::Basic {
            htpasswd: "/etc/nginx/console.htpasswd".into(),
        })
    }

    /// The repository's template rendered with these options (no files read
    /// but the template).
    fn rendered(options: &Options) -> Result<String, String> {
        let template = fs::read_to_string(template_path()).unwrap();
        render_template(
            &template,
            INDEX,
            Path::new("/srv/console/dist"),
            options,
            Path::new("/etc/nginx/console-auth-token.conf"),
        )
    }

    /// The text of the block that starts at the first line beginning with
    /// `head` (after indentation), braces inside quotes skipped.
    fn block<'a>(config: &'a str, head: &str) -> &'a str {
        let start = config
            .lines()
            .find(|line| line.trim_start().starts_with(head))
            .map(|line| line.as_ptr() as usize - config.as_ptr() as usize)
            .unwrap_or_else(|| panic!("no block {head:?} in\n{config}"));
        let (mut depth, mut quoted) = (0, false);
        for (offset, c) in config[start..].char_indices() {
            match c {
                '"' => quoted = !quoted,
                '{' if !quoted => depth += 1,
                '}' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        return &config[start..start + offset + 1];
                    }
                }
                _ => {}
            }
        }
        panic!("block {head:?} is not closed");
    }

    /// The directives of a block (its own lines, comments dropped), trimmed.
    fn directives(block: &str) -> Vec<String> {
        block
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_string)
            .collect()
    }

    /// An nginx `map`, evaluated as nginx does: exact strings first, then
    /// regular expressions (`~`, `~*`) in order, else the default.
    struct Map {
        entries: Vec<(String, String)>,
    }

    impl Map {
        fn of(config: &str, variable: &str) -> Map {
            let head = config
                .lines()
                .map(str::trim_start)
                .find(|line| line.starts_with("map ") && line.contains(&format!(" {variable} {{")))
                .unwrap_or_else(|| panic!("no map for {variable}"));
            let body = block(config, head);
            let entries = body
                .lines()
                .skip(1)
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#') && *line != "}")
                .map(|line| {
                    let line = line.strip_suffix(';').expect(line);
                    let (key, value) = if let Some(rest) = line.strip_prefix('"') {
                        let end = rest.find("\" ").expect(line);
                        (rest[..end].to_string(), rest[end + 2..].trim().to_string())
                    } else {
                        let (key, value) = line.split_once(char::is_whitespace).expect(line);
                        (key.to_string(), value.trim().to_string())
                    };
                    (key, value.trim_matches('"').to_string())
                })
                .collect();
            Map { entries }
        }

        fn get(&self, input: &str) -> String {
            for (key, value) in &self.entries {
                if !key.starts_with('~') && key != "default" && key == input {
                    return value.clone();
                }
            }
            for (key, value) in &self.entries {
                let pattern = if let Some(p) = key.strip_prefix("~*") {
                    format!("(?i){p}")
                } else if let Some(p) = key.strip_prefix('~') {
                    p.to_string()
                } else {
                    continue;
                };
                if regex::Regex::new(&pattern).unwrap().is_match(input) {
                    return value.clone();
                }
            }
            self.entries
                .iter()
                .find(|(key, _)| key == "default")
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        }

        fn regexes(&self) -> Vec<(&str, &str)> {
            self.entries
                .iter()
                .filter(|(key, _)| key.starts_with('~'))
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect()
        }
    }

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
        fs::write(dist.join("index.html"), INDEX).unwrap();
        let include = dist.join("token.conf");
        let mut options = Options {
            dist: dist.clone(),
            ..basic()
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

    #[test]
    fn only_the_operations_the_console_calls_are_forwarded() {
        let config = rendered(&basic()).unwrap();
        let operations = Map::of(&config, "$console_api_operation");
        assert_eq!(
            operations.regexes(),
            vec![
                (
                    "~^GET /console/api/v2/[A-Za-z0-9_-]{1,64}/terminals/binding-desktops$",
                    "list_bindings"
                ),
                (
                    "~^POST /console/api/v2/[A-Za-z0-9_-]{1,64}/terminals/binding-desktops$",
                    "create_bindings"
                ),
                (
                    "~^PUT /console/api/v2/[A-Za-z0-9_-]{1,64}/terminals/binding-desktops$",
                    "update_binding"
                ),
                (
                    "~^POST /console/api/v2/[A-Za-z0-9_-]{1,64}/terminals/binding-desktops/batch-delete$",
                    "delete_bindings"
                ),
                (
                    "~^GET /console/api/v2/[A-Za-z0-9_-]{1,64}/terminals/binding-desktops/config$",
                    "binding_policy"
                ),
                (
                    "~^POST /console/api/v2/[A-Za-z0-9_-]{1,64}/terminals/binding-desktops/config$",
                    "set_binding_policy"
                ),
                (
                    "~^POST /console/api/v2/[A-Za-z0-9_-]{1,64}/eips/binding$",
                    "bind_eip"
                ),
                (
                    "~^GET /console/api/v2/[A-Za-z0-9_-]{1,64}/eips$",
                    "list_eips"
                ),
                (
                    "~^POST /console/api/v2/[A-Za-z0-9_-]{1,64}/eips/unbinding$",
                    "unbind_eips"
                ),
                (
                    "~^GET /console/api/v2/[A-Za-z0-9_-]{1,64}/desktops$",
                    "list_desktops"
                ),
            ]
        );
        let list = "/console/api/v2/0a1b_c-D/terminals/binding-desktops";
        assert_eq!(operations.get(&format!("GET {list}")), "list_bindings");
        assert_eq!(operations.get(&format!("POST {list}")), "create_bindings");
        assert_eq!(operations.get(&format!("PUT {list}")), "update_binding");
        assert_eq!(
            operations.get(&format!("POST {list}/batch-delete")),
            "delete_bindings"
        );
        assert_eq!(
            operations.get(&format!("GET {list}/config")),
            "binding_policy"
        );
        assert_eq!(
            operations.get(&format!("POST {list}/config")),
            "set_binding_policy"
        );
        assert_eq!(
            operations.get("POST /console/api/v2/p/eips/binding"),
            "bind_eip"
        );
        assert_eq!(operations.get("GET /console/api/v2/p/eips"), "list_eips");
        assert_eq!(
            operations.get("POST /console/api/v2/p/eips/unbinding"),
            "unbind_eips"
        );
        assert_eq!(
            operations.get("GET /console/api/v2/p/desktops"),
            "list_desktops"
        );
        for refused in [
            format!("GET {list}/batch-delete"),
            format!("PUT {list}/batch-delete"),
            format!("DELETE {list}"),
            format!("PATCH {list}"),
            format!("PUT {list}/"),
            format!("PUT {list}/config"),
            format!("DELETE {list}/config"),
            format!("POST {list}/config/x"),
            format!("POST {list}/x"),
            format!("HEAD {list}"),
            format!("GET {list}/"),
            "POST /console/api/v2/p/eips".into(),
            "GET /console/api/v2/p/eips/binding".into(),
            "GET /console/api/v2/p/eips/unbinding".into(),
            "GET /console/api/v2/p/eips/".into(),
            "POST /console/api/v2/p/desktops".into(),
            "GET /console/api/v2/p/desktops/x".into(),
            "GET /console/api/v2/a.b/terminals/binding-desktops".into(),
            format!(
                "GET /console/api/v2/{}/terminals/binding-desktops",
                "p".repeat(65)
            ),
            "GET /console/api/v3/p/terminals/binding-desktops".into(),
        ] {
            assert_eq!(operations.get(&refused), "", "{refused}");
        }
        // The API location refuses everything else before proxy_pass.
        let api = directives(block(&config, "location /console/api/ "));
        assert_eq!(
            api[1..4],
            ["if ($console_api_refused) {", "return 403;", "}"]
        );
        assert!(api.iter().position(|d| d.starts_with("proxy_pass ")) > Some(3));
    }

    #[test]
    fn only_a_create_may_carry_a_large_body() {
        let config = rendered(&basic()).unwrap();
        let too_large = Map::of(&config, "$console_api_body_too_large");
        // An import of 8,000 lines at their longest, every character one
        // JSON writes as \u00XX (line, MAC and the keys take about 75 bytes).
        let worst_create = 8000 * (75 + (100 + 255) * 6);
        let limit = block(&config, "location /console/api/ ");
        assert!(limit.contains("client_max_body_size 20m;"), "{limit}");
        assert!(worst_create < 20 * 1024 * 1024);
        assert_eq!(
            too_large.get(&format!("create_bindings {worst_create}")),
            ""
        );
        // A delete of 8,000 IDs of 32 characters is well under 1 MB.
        let delete = 8000 * (32 + 3) + 20;
        assert_eq!(too_large.get(&format!("delete_bindings {delete}")), "");
        for operation in [
            "delete_bindings",
            "update_binding",
            "bind_eip",
            "set_binding_policy",
        ] {
            assert_eq!(
                too_large.get(&format!("{operation} 999999")),
                "",
                "{operation}"
            );
            assert_eq!(
                too_large.get(&format!("{operation} 1000000")),
                "1",
                "{operation}"
            );
        }
        assert_eq!(too_large.get("list_bindings "), "");
        let api = directives(block(&config, "location /console/api/ "));
        assert_eq!(
            api[4..7],
            ["if ($console_api_body_too_large) {", "return 413;", "}"]
        );
    }

    #[test]
    fn the_api_path_goes_into_the_allowlist_and_is_checked() {
        let mut options = basic();
        options.api_path = "/wks_api-1/".into();
        let config = rendered(&options).unwrap();
        let operations = Map::of(&config, "$console_api_operation");
        assert_eq!(
            operations.get("POST /wks_api-1/v2/p/eips/binding"),
            "bind_eip"
        );
        assert_eq!(operations.get("POST /console/api/v2/p/eips/binding"), "");
        for bad in [
            "/a.b/", "/api", "api/", "/a$b/", "/a b/", "/(.*)/", "//", "/a//b/",
        ] {
            options.api_path = bad.into();
            let err = rendered(&options).unwrap_err();
            assert!(err.starts_with("--api-path"), "{bad}: {err}");
        }
    }

    #[test]
    fn writes_need_json_from_the_consoles_own_pages() {
        let config = rendered(&basic()).unwrap();
        let refused = Map::of(&config, "$console_api_refused");
        let source = config
            .lines()
            .find(|line| line.contains("$console_api_refused {"))
            .unwrap();
        assert!(
            source.contains(
                "\"$console_api_operation|$request_method|$http_sec_fetch_site|\
                 $console_same_origin|$content_type\""
            ),
            "{source}"
        );
        let check = |operation: &str, method: &str, site: &str, same: &str, ty: &str| {
            refused.get(&format!("{operation}|{method}|{site}|{same}|{ty}")) == "1"
        };
        // Reads of an allowlisted operation pass; anything not allowlisted is refused.
        assert!(!check("list_bindings", "GET", "", "", ""));
        assert!(!check("list_bindings", "GET", "cross-site", "", ""));
        assert!(check("", "GET", "same-origin", "1", ""));
        assert!(check("", "POST", "same-origin", "1", "application/json"));
        // Writes: same-origin and JSON.
        for ty in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=UTF-8",
        ] {
            assert!(!check("bind_eip", "POST", "same-origin", "", ty), "{ty}");
            assert!(!check("bind_eip", "POST", "same-origin", "1", ty), "{ty}");
            // Without Sec-Fetch-Site, the Origin must be this server's.
            assert!(!check("bind_eip", "POST", "", "1", ty), "{ty}");
            assert!(check("bind_eip", "POST", "", "", ty), "{ty}");
            // A present Sec-Fetch-Site other than same-origin is refused.
            for site in ["cross-site", "same-site", "none", "x"] {
                assert!(check("bind_eip", "POST", site, "1", ty), "{site} {ty}");
            }
        }
        for ty in [
            "",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonx",
            "application/json; x=1",
            "text/plain; application/json",
        ] {
            assert!(check("bind_eip", "POST", "same-origin", "1", ty), "{ty:?}");
        }
        // The Origin comparison: this server's own scheme and Host.
        let same_origin = block(&config, "map \"$http_origin $scheme://$http_host\"");
        assert!(
            same_origin.contains("\"~^(\\S+) \\1$\" 1;"),
            "{same_origin}"
        );
    }

    #[test]
    fn each_auth_mode_renders_its_directives_in_the_server_block() {
        let server_level = |config: &str| -> Vec<String> {
            let server = block(config, "server {");
            let before_locations = &server[..server.find("\n    location").unwrap()];
            directives(before_locations)
        };
        let config = rendered(&basic()).unwrap();
        let server = server_level(&config);
        assert!(server.contains(&"auth_basic \"Workspace console\";".to_string()));
        assert!(server.contains(&"auth_basic_user_file /etc/nginx/console.htpasswd;".to_string()));

        let config = rendered(&options(Auth::Request {
            url: "https://sso.example.com/check".into(),
            ca: SYSTEM_CA_BUNDLE.into(),
        }))
        .unwrap();
        assert!(server_level(&config).contains(&"auth_request /_console_auth;".to_string()));
        let check = directives(block(&config, "location = /_console_auth "));
        for wanted in [
            "internal;",
            "proxy_pass https://sso.example.com/check;",
            "proxy_pass_request_body off;",
            "proxy_set_header X-Original-URI $request_uri;",
            "proxy_ssl_verify on;",
            "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;",
        ] {
            assert!(check.contains(&wanted.to_string()), "{wanted}: {check:?}");
        }
        assert!(
            !check
                .iter()
                .any(|d| d.contains("X-Auth-Token") || d.contains("include"))
        );

        let config = rendered(&options(Auth::Allow {
            sources: vec![
                "10.0.0.0/8".into(),
                "2001:db8::/32".into(),
                "192.0.2.7".into(),
            ],
        }))
        .unwrap();
        let server = server_level(&config);
        let access: Vec<&String> = server
            .iter()
            .filter(|d| d.starts_with("allow ") || d.starts_with("deny "))
            .collect();
        assert_eq!(
            access,
            [
                "allow 10.0.0.0/8;",
                "allow 2001:db8::/32;",
                "allow 192.0.2.7;",
                "deny all;"
            ]
        );

        let config = rendered(&options(Auth::External)).unwrap();
        let server = block(&config, "server {");
        assert!(server.contains("another layer in front of this server authenticates"));
        assert!(!server.contains("auth_basic") && !server.contains("auth_request"));

        let err = rendered(&Options::default()).unwrap_err();
        assert!(err.contains("--auth"), "{err}");
        assert!(err.contains("anyone who can reach this console"), "{err}");
        assert!(err.contains("binding EIPs"), "{err}");
    }

    #[test]
    fn auth_options_are_checked() {
        for (auth, wanted) in [
            (Auth::Allow { sources: vec![] }, "at least one"),
            (
                Auth::Allow {
                    sources: vec!["10.0.0.0/33".into()],
                },
                "not an address",
            ),
            (
                Auth::Allow {
                    sources: vec!["all; allow x".into()],
                },
                "not an address",
            ),
            (
                Auth::Request {
                    url: "sso.example.com/check".into(),
                    ca: SYSTEM_CA_BUNDLE.into(),
                },
                "https://",
            ),
            (
                Auth::Request {
                    url: "https://sso/$host".into(),
                    ca: SYSTEM_CA_BUNDLE.into(),
                },
                "'$'",
            ),
            (
                Auth::Basic {
                    htpasswd: "/a b".into(),
                },
                "--htpasswd",
            ),
        ] {
            let err = rendered(&options(auth.clone())).unwrap_err();
            assert!(err.contains(wanted), "{auth:?}: {err}");
        }
        // Flags of another mode are refused on the command line.
        use clap::{Args as _, FromArgMatches};
        let parse = |line: &[&str]| -> Result<Options, String> {
            let matches = Args::augment_args(clap::Command::new("deploy-config"))
                .try_get_matches_from(line)
                .map_err(|err| err.to_string())?;
            Options::try_from(Args::from_arg_matches(&matches).unwrap())
        };
        let err = parse(&["x", "--auth", "external", "--htpasswd", "f"])
            .err()
            .unwrap();
        assert!(err.contains("--htpasswd goes with --auth basic"), "{err}");
        let err = parse(&["x", "--auth", "basic"]).err().unwrap();
        assert!(err.contains("--htpasswd"), "{err}");
        let parsed = parse(&[
            "x",
            "--auth",
            "allow",
            "--allow",
            "10.0.0.0/8",
            "--allow",
            "::1",
        ]);
        assert_eq!(
            parsed.unwrap().auth,
            Some(Auth::Allow {
                sources: vec!["10.0.0.0/8".into(), "::1".into()]
            })
        );
    }

    #[test]
    fn values_cannot_add_nginx_syntax() {
        type Change = fn(&mut Options);
        let cases: [(Change, &str); 6] = [
            (|o| o.listen = "80; include /etc/passwd".into(), "--listen"),
            (|o| o.server_name = "a.example.com}".into(), "--server-name"),
            (|o| o.upstream = "https://h/$host".into(), "--upstream"),
            (|o| o.upstream = "ftp://h/".into(), "--upstream"),
            (
                |o| o.api_origin = Some("https://a.example.com\"; x".into()),
                "--api-origin",
            ),
            (|o| o.base_path = "/con$ole/".into(), "--base"),
        ];
        for (change, flag) in cases {
            let mut options = basic();
            change(&mut options);
            let err = rendered(&options).unwrap_err();
            assert!(err.starts_with(flag), "{flag}: {err}");
        }
        let mut options = basic();
        options.listen = "443 ssl".into();
        assert!(rendered(&options).unwrap().contains("listen 443 ssl;"));
    }

    #[test]
    fn other_host_names_are_refused_when_the_server_has_names() {
        let mut options = basic();
        options.server_name = "console.example.com *.console.example.org".into();
        let config = rendered(&options).unwrap();
        let hosts = directives(block(&config, "map $host $console_other_host "));
        assert_eq!(
            hosts[1..],
            [
                "hostnames;",
                "default 1;",
                "console.example.com 0;",
                "*.console.example.org 0;",
                "}"
            ]
        );
        let server = directives(block(&config, "server {"));
        assert_eq!(
            server[4..7],
            ["if ($console_other_host) {", "return 421;", "}"]
        );
        // A catch-all server cannot tell; the comment says how to.
        let config = rendered(&basic()).unwrap();
        let hosts = block(&config, "map $host $console_other_host ");
        assert!(hosts.contains("render with --server-name NAME"), "{hosts}");
        assert_eq!(directives(hosts)[1..], ["default \"\";", "}"]);
    }

    #[test]
    fn the_upstream_certificate_is_verified() {
        let config = rendered(&basic()).unwrap();
        let api = directives(block(&config, "location /console/api/ "));
        for wanted in [
            "proxy_ssl_server_name on;",
            "proxy_ssl_verify on;",
            "proxy_ssl_verify_depth 4;",
            "proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;",
        ] {
            assert!(api.contains(&wanted.to_string()), "{wanted}: {api:?}");
        }
        let mut options = basic();
        options.upstream_ca = "/etc/nginx/huawei-ca.pem".into();
        let config = rendered(&options).unwrap();
        assert!(config.contains("proxy_ssl_trusted_certificate /etc/nginx/huawei-ca.pem;"));
    }

    #[test]
    fn a_token_nginx_would_interpret_is_refused_with_the_character_named() {
        assert_eq!(
            token_directive("abc-DEF_123+/=\n").unwrap(),
            "proxy_set_header X-Auth-Token \"abc-DEF_123+/=\";\n"
        );
        assert_eq!(
            token_directive("abc\r\n").unwrap(),
            "proxy_set_header X-Auth-Token \"abc\";\n"
        );
        for (token, wanted) in [
            (
                "abc$host",
                "the token file holds '$' at position 4, which nginx would read as a variable",
            ),
            ("ab\"c", "'\\\"' at position 3"),
            ("ab'c", "'\\'' at position 3"),
            ("a\\bc", "'\\\\' at position 2"),
            (
                "abc def",
                "' ' at position 4, but a token holds no whitespace",
            ),
            (" abc", "' ' at position 1"),
            ("abc\tdef", "'\\t' at position 4"),
            ("abc\ndef\n", "'\\n' at position 4, but a token is one line"),
            ("abc\u{1}", "'\\u{1}' at position 4"),
            ("abé", "'é' (U+00E9) at position 3, which is not ASCII"),
            ("\n", "the token file is empty"),
        ] {
            let err = token_directive(token).unwrap_err();
            assert!(err.contains(wanted), "{token:?}: {err}");
        }
    }

    #[test]
    fn api_answers_carry_security_headers_and_no_cookies_either_way() {
        let config = rendered(&basic()).unwrap();
        let api = directives(block(&config, "location /console/api/ "));
        for wanted in [
            "proxy_hide_header Content-Security-Policy;",
            "proxy_hide_header X-Content-Type-Options;",
            "proxy_hide_header X-Frame-Options;",
            "proxy_hide_header Set-Cookie;",
            "add_header Content-Security-Policy \"default-src 'none'; sandbox\" always;",
            "add_header X-Content-Type-Options \"nosniff\" always;",
            "add_header X-Frame-Options \"DENY\" always;",
            "proxy_set_header Cookie \"\";",
            "proxy_set_header Authorization \"\";",
            "include /etc/nginx/console-auth-token.conf;",
        ] {
            assert!(api.contains(&wanted.to_string()), "{wanted}: {api:?}");
        }
    }

    #[test]
    fn missing_assets_are_404_and_app_routes_get_index_html() {
        let config = rendered(&basic()).unwrap();
        let pages = directives(block(&config, "location /console/ "));
        assert!(
            pages.contains(&"try_files $uri @console_app;".to_string()),
            "{pages:?}"
        );
        assert!(
            pages
                .iter()
                .any(|d| d.starts_with("add_header Content-Security-Policy \"default-src 'self'"))
        );
        let app = directives(block(&config, "location @console_app "));
        let at = |wanted: &str| {
            app.iter()
                .position(|d| d == wanted)
                .unwrap_or_else(|| panic!("{wanted}: {app:?}"))
        };
        assert_eq!(at("return 404;"), at("if ($console_missing_asset) {") + 1);
        assert!(at("rewrite ^ /console/index.html last;") > at("return 404;"));
        assert!(at("add_header X-Content-Type-Options \"nosniff\" always;") > 0);
        let missing = Map::of(&config, "$console_missing_asset");
        for asset in [
            "/console/missing-0123.wasm",
            "/console/a.js",
            "/console/s.CSS",
            "/console/x.json",
        ] {
            assert_eq!(missing.get(asset), "1", "{asset}");
        }
        for route in [
            "/console/bindings",
            "/console/eips/bind",
            "/console/",
            "/console/wasm",
        ] {
            assert_eq!(missing.get(route), "", "{route}");
        }
    }

    #[test]
    fn the_request_line_fits_the_apps_longest_url() {
        let config = rendered(&basic()).unwrap();
        let server = directives(block(&config, "server {"));
        assert!(
            server.contains(&"large_client_header_buffers 4 16k;".to_string()),
            "{server:?}"
        );
    }

    /// The app refuses an API URL over `MAX_REQUEST_LINE_BYTES`; the
    /// template's buffer must hold exactly that many bytes.
    #[test]
    fn the_templates_buffer_is_the_apps_limit() {
        let template = fs::read_to_string(template_path()).unwrap();
        let buffer = template
            .lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix("large_client_header_buffers "))
            .and_then(|rest| rest.strip_suffix(';'))
            .and_then(|rest| rest.split_whitespace().nth(1))
            .expect("large_client_header_buffers N SIZE; in the template");
        let buffer_bytes: usize = match buffer.strip_suffix('k') {
            Some(kib) => kib.parse::<usize>().unwrap() * 1024,
            None => buffer.parse().unwrap(),
        };
        let url_rs = cmd::root().join("src").join("api").join("url.rs");
        let source = fs::read_to_string(&url_rs).unwrap();
        let app_limit: usize = source
            .lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix("pub const MAX_REQUEST_LINE_BYTES: usize = "))
            .and_then(|rest| rest.strip_suffix(';'))
            .map(|figure| figure.replace('_', "").parse().unwrap())
            .expect("pub const MAX_REQUEST_LINE_BYTES: usize = N; in src/api/url.rs");
        assert_eq!(buffer_bytes, app_limit);
    }
}
