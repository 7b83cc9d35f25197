//! A mock of the two Huawei Cloud Workspace API operations the console
//! uses, for demos and browser tests. Plain hyper: the mock must be able to
//! drop a connection without answering, which a router framework hides.

pub mod data;
pub mod error;
pub mod query;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::data::{Binding, DESKTOPS, EIPS};
use crate::error::WksError;
use crate::query::ListQuery;

pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Everything the command line can set.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    /// Routes are served at the root and under this prefix (e.g. `/workspace-api`).
    pub prefix: Option<String>,
    /// When set, other project IDs are refused.
    pub project_id: Option<String>,
    pub seed: u64,
    pub bindings: usize,
    pub latency_ms: u64,
    pub error_rate: f64,
    pub require_token: Option<String>,
    pub allow_origins: Vec<String>,
    pub state_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            prefix: None,
            project_id: None,
            seed: 42,
            bindings: 523,
            latency_ms: 0,
            error_rate: 0.0,
            require_token: None,
            allow_origins: Vec::new(),
            state_file: None,
        }
    }
}

/// EIP bindings made through the API, persisted with `--state`.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedState {
    /// EIP id → desktop id.
    pub eip_bindings: BTreeMap<String, String>,
}

pub struct Mock {
    config: Config,
    bindings: Vec<Binding>,
    state: Mutex<SavedState>,
    requests: AtomicU64,
}

impl Mock {
    /// Seeds the data and loads `--state` if it exists. A corrupt state file
    /// is an error: silently starting empty would hide it.
    pub fn new(config: Config) -> Result<Self, String> {
        let state = match &config.state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|err| format!("cannot read state file {}: {err}", path.display()))?;
                serde_json::from_str(&text)
                    .map_err(|err| format!("state file {} is not valid: {err}", path.display()))?
            }
            _ => SavedState {
                eip_bindings: data::initial_eip_bindings().into_iter().collect(),
            },
        };
        Ok(Mock {
            bindings: data::seed_bindings(config.seed, config.bindings),
            config,
            state: Mutex::new(state),
            requests: AtomicU64::new(0),
        })
    }

    pub fn eip_bindings(&self) -> BTreeMap<String, String> {
        self.lock().eip_bindings.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SavedState> {
        // A poisoned lock only means another request panicked mid-update;
        // the map itself is still consistent.
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    fn persist(&self, state: &SavedState) -> Result<(), String> {
        let Some(path) = &self.config.state_file else {
            return Ok(());
        };
        let json = serde_json::to_string_pretty(state).map_err(|err| err.to_string())?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, json).map_err(|err| err.to_string())?;
        std::fs::rename(&tmp, path).map_err(|err| err.to_string())
    }
}

/// Binds the listener, prints the ready line, then serves until the
/// returned future is dropped or `shutdown` resolves.
pub async fn serve(
    config: Config,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), String> {
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", config.listen))?;
    let addr = listener.local_addr().map_err(|err| err.to_string())?;
    let mock = Arc::new(Mock::new(config)?);
    println!("workspace-mock listening on http://{addr}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    run(listener, mock, shutdown).await;
    Ok(())
}

/// Serves on an already bound listener (tests use this with port 0).
pub async fn run(
    listener: TcpListener,
    mock: Arc<Mock>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let mock = Arc::clone(&mock);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let mock = Arc::clone(&mock);
                async move { handle(&mock, request).await }
            });
            // An error here is a client gone or a deliberate drop.
            // A client that never finishes its headers is cut off.
            let _ = http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Returned by the service to make hyper close the connection unanswered.
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

type Reply = Response<Full<Bytes>>;

async fn handle(mock: &Mock, request: Request<Incoming>) -> Result<Reply, Dropped> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let raw_query = request.uri().query().unwrap_or_default().to_owned();
    let origin = request
        .headers()
        .get("origin")
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);

    let outcome = respond(mock, request).await;
    let line_query = if raw_query.is_empty() {
        String::new()
    } else {
        format!("?{raw_query}")
    };
    let ms = started.elapsed().as_millis();
    match outcome {
        Err(Dropped) => {
            println!("{method} {path}{line_query} dropped {ms}ms");
            Err(Dropped)
        }
        Ok(mut reply) => {
            println!(
                "{method} {path}{line_query} {} {ms}ms",
                reply.status().as_u16()
            );
            add_cors(&mock.config, origin.as_deref(), &mut reply);
            Ok(reply)
        }
    }
}

fn json_reply(status: u16, body: String) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(body)));
    *reply.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    reply
}

fn error_reply(err: &WksError) -> Reply {
    json_reply(err.status, err.body())
}

fn add_cors(config: &Config, origin: Option<&str>, reply: &mut Reply) {
    let Some(origin) = origin else { return };
    let allowed = config.allow_origins.iter().any(|o| o == "*" || o == origin);
    if !allowed {
        return;
    }
    let headers = reply.headers_mut();
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert("access-control-allow-origin", value);
    }
    headers.insert("vary", HeaderValue::from_static("Origin"));
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("Content-Type, X-Auth-Token, X-Mock-Fault"),
    );
}

/// What `X-Mock-Fault` asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fault {
    pub status: Option<u16>,
    pub html: bool,
    pub delay_ms: u64,
    pub drop: bool,
    pub body: Option<String>,
}

impl Fault {
    /// `status=502;html`, `delay=3000`, `drop`, `body=garbage|schema`.
    pub fn parse(header: &str) -> Result<Fault, WksError> {
        let mut fault = Fault::default();
        for directive in header.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            let (key, value) = directive.split_once('=').unwrap_or((directive, ""));
            match (key.trim(), value.trim()) {
                ("status", v) => {
                    fault.status = Some(
                        v.parse::<u16>()
                            .ok()
                            .filter(|s| (100..=599).contains(s))
                            .ok_or_else(|| bad_fault(directive))?,
                    )
                }
                ("html", "") => fault.html = true,
                ("drop", "") => fault.drop = true,
                ("delay", v) => {
                    fault.delay_ms = v
                        .parse::<u64>()
                        .ok()
                        .filter(|ms| *ms <= 600_000)
                        .ok_or_else(|| bad_fault(directive))?
                }
                ("body", v @ ("garbage" | "schema")) => fault.body = Some(v.to_owned()),
                _ => return Err(bad_fault(directive)),
            }
        }
        Ok(fault)
    }
}

fn bad_fault(directive: &str) -> WksError {
    WksError::new(
        400,
        "WKS.0900",
        format!("X-Mock-Fault directive {directive:?} is not understood."),
    )
}

const PROXY_PAGE: &str = "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

async fn respond(mock: &Mock, request: Request<Incoming>) -> Result<Reply, Dropped> {
    let config = &mock.config;
    if request.method() == Method::OPTIONS {
        let mut reply = Response::new(Full::new(Bytes::new()));
        *reply.status_mut() = hyper::StatusCode::NO_CONTENT;
        return Ok(reply);
    }
    if config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(config.latency_ms)).await;
    }
    let fault = match request.headers().get("x-mock-fault").map(|v| v.to_str()) {
        None => Fault::default(),
        Some(Ok(text)) => match Fault::parse(text) {
            Ok(fault) => fault,
            Err(err) => return Ok(error_reply(&err)),
        },
        Some(Err(_)) => return Ok(error_reply(&bad_fault("(not ASCII)"))),
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.drop {
        return Err(Dropped);
    }
    if let Some(status) = fault.status {
        if fault.html {
            let mut reply = Response::new(Full::new(Bytes::from(
                PROXY_PAGE.replace("{status}", &status.to_string()),
            )));
            *reply.status_mut() =
                hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
            reply
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
            return Ok(reply);
        }
        return Ok(error_reply(&WksError::new(
            status,
            "WKS.0500",
            format!("Injected error with status {status}."),
        )));
    }
    match fault.body.as_deref() {
        Some("garbage") => {
            let mut reply = Response::new(Full::new(Bytes::from_static(b"this is not JSON")));
            reply
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
            return Ok(reply);
        }
        Some(_) => return Ok(json_reply(200, r#"{"bind_list":"nope"}"#.into())),
        None => {}
    }
    if config.error_rate > 0.0 {
        let n = mock.requests.fetch_add(1, Ordering::Relaxed);
        let draw = data::Rng::new(config.seed ^ n.wrapping_mul(0x2545_F491_4F6C_DD1D)).unit();
        if draw < config.error_rate {
            return Ok(error_reply(&WksError::new(
                500,
                "WKS.0500",
                "Injected internal error (--error-rate).",
            )));
        }
    }
    if let Some(token) = &config.require_token {
        let given = request.headers().get("x-auth-token").map(|v| v.as_bytes());
        if given != Some(token.as_bytes()) {
            return Ok(error_reply(&WksError::new(
                401,
                "WKS.0401",
                "The request has no valid X-Auth-Token.",
            )));
        }
    }
    Ok(route(mock, request).await)
}

/// `/v2/{project_id}/...` at the root or under the prefix.
fn split_route<'a>(config: &Config, path: &'a str) -> Option<(&'a str, &'a str)> {
    let path = match &config.prefix {
        Some(prefix) => path
            .strip_prefix(prefix.trim_end_matches('/'))
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(path),
        None => path,
    };
    let rest = path.strip_prefix("/v2/")?;
    let (project, operation) = rest.split_once('/')?;
    (!project.is_empty()).then_some((project, operation))
}

async fn route(mock: &Mock, request: Request<Incoming>) -> Reply {
    let path = request.uri().path().to_owned();
    let Some((project, operation)) = split_route(&mock.config, &path) else {
        return not_found(&path);
    };
    if let Some(only) = &mock.config.project_id
        && project != only
    {
        return error_reply(&WksError::new(
            403,
            "WKS.0403",
            format!("Project {project} is not the project of this token."),
        ));
    }
    match (request.method(), operation.trim_end_matches('/')) {
        (&Method::GET, "terminals/binding-desktops") => {
            list(mock, request.uri().query().unwrap_or_default())
        }
        (&Method::POST, "eips/binding") => bind(mock, request).await,
        (_, "terminals/binding-desktops" | "eips/binding") => error_reply(&WksError::new(
            405,
            "WKS.0405",
            format!("Method {} is not allowed here.", request.method()),
        )),
        _ => not_found(&path),
    }
}

fn not_found(path: &str) -> Reply {
    error_reply(&WksError::new(
        404,
        "WKS.0404",
        format!("No API at {path}."),
    ))
}

fn list(mock: &Mock, raw_query: &str) -> Reply {
    let query = match ListQuery::parse(raw_query) {
        Ok(query) => query,
        Err(err) => return error_reply(&err),
    };
    let matching: Vec<&Binding> = mock
        .bindings
        .iter()
        .filter(|b| query.matches(&b.desktop_name, &b.mac))
        .collect();
    let total = matching.len();
    let body = if query.count_only {
        serde_json::json!({ "total_num": total })
    } else {
        let page: Vec<&&Binding> = matching
            .iter()
            .skip(query.offset)
            .take(query.limit)
            .collect();
        serde_json::json!({ "bind_list": page, "total_num": total })
    };
    json_reply(200, body.to_string())
}

async fn bind(mock: &Mock, request: Request<Incoming>) -> Reply {
    let json_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return error_reply(&WksError::new(
            400,
            "WKS.0003",
            "Content-Type must be application/json.",
        ));
    }
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(err)
            if err
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            return error_reply(&WksError::new(
                413,
                "WKS.0004",
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            ));
        }
        Err(_) => {
            return error_reply(&WksError::new(
                400,
                "WKS.0002",
                "The request body could not be read.",
            ));
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(_) => {
            return error_reply(&WksError::new(
                400,
                "WKS.0002",
                "The request body is not valid JSON.",
            ));
        }
    };
    let field = |name: &str| -> Result<String, WksError> {
        match value.get(name) {
            Some(serde_json::Value::String(s)) if !s.is_empty() && s.chars().count() <= 255 => {
                Ok(s.clone())
            }
            Some(serde_json::Value::String(_)) => Err(WksError::invalid(format!(
                "Parameter {name} must be 1 to 255 characters."
            ))),
            Some(_) => Err(WksError::invalid(format!(
                "Parameter {name} must be a string."
            ))),
            None => Err(WksError::invalid(format!("Parameter {name} is required."))),
        }
    };
    let (eip_id, desktop_id) = match (field("eip_id"), field("desktop_id")) {
        (Ok(eip), Ok(desktop)) => (eip, desktop),
        (Err(err), _) | (_, Err(err)) => return error_reply(&err),
    };
    if !DESKTOPS.iter().any(|(id, _)| *id == desktop_id) {
        return error_reply(&WksError::new(
            400,
            "WKS.0101",
            format!("Desktop {desktop_id} does not exist."),
        ));
    }
    if !EIPS.contains(&eip_id.as_str()) {
        return error_reply(&WksError::new(
            400,
            "WKS.0102",
            format!("EIP {eip_id} does not exist."),
        ));
    }
    let mut state = mock.lock();
    if let Some(bound_to) = state.eip_bindings.get(&eip_id) {
        return error_reply(&WksError::new(
            400,
            "WKS.0103",
            format!("EIP {eip_id} is already bound to desktop {bound_to}."),
        ));
    }
    if let Some((eip, _)) = state.eip_bindings.iter().find(|(_, d)| **d == desktop_id) {
        return error_reply(&WksError::new(
            400,
            "WKS.0104",
            format!("Desktop {desktop_id} already has EIP {eip}."),
        ));
    }
    let mut next = state.clone();
    next.eip_bindings.insert(eip_id, desktop_id);
    if let Err(problem) = mock.persist(&next) {
        return error_reply(&WksError::new(
            500,
            "WKS.0500",
            format!("The binding could not be saved: {problem}"),
        ));
    }
    *state = next;
    let mut reply = Response::new(Full::new(Bytes::new()));
    *reply.status_mut() = hyper::StatusCode::OK;
    reply
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
