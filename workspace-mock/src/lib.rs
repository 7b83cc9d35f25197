//! A mock of the Huawei Cloud Workspace API operations the console uses,
//! for demos and browser tests. The API is an axum `Router` (see
//! `app`); this file holds the command line, the state, and the connection
//! loop, which serves the router through hyper itself so that a request can
//! be dropped unanswered and a body left unread is drained before answering.

pub mod app;
pub mod data;
pub mod error;
pub mod query;
pub mod terminals;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::Uri;
use axum::http::uri::PathAndQuery;
use bytes::Bytes;
use clap::Parser;
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::data::{Binding, World};

pub use crate::app::Fault;

pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What is left of a body after the answer is ready is read and discarded
/// up to this many bytes, for at most `DRAIN_TIME`.
pub const DRAIN_BYTES: usize = 16 * 1024 * 1024;
pub const DRAIN_TIME: Duration = Duration::from_secs(5);

/// Everything the command line can set; `--help` is generated from it.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "workspace-mock",
    about = "A mock of the Huawei Cloud Workspace API (terminal bindings, EIPs, desktops)",
    after_help = "Per request, the header X-Mock-Fault takes ;-separated directives:\n  \
                  status=502  html  delay=3000  drop  body=garbage  body=schema",
    args_override_self = true
)]
pub struct Config {
    /// Address to listen on (port 0 picks one)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Also serve the API under PATH (e.g. /workspace-api); the root keeps working
    #[arg(long, value_name = "PATH", value_parser = parse_prefix)]
    pub prefix: Option<String>,
    /// Accept only this project ID (default: any)
    #[arg(long, value_name = "ID")]
    pub project_id: Option<String>,
    /// Seed of the generated bindings, desktops and EIPs
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// Number of generated bindings
    #[arg(long, value_name = "N", default_value_t = 523)]
    pub bindings: usize,
    /// Delay every answer by N ms
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub latency_ms: u64,
    /// Answer this fraction (0.0-1.0) of requests with a 500 WKS error
    #[arg(long, value_name = "F", default_value_t = 0.0, value_parser = parse_rate)]
    pub error_rate: f64,
    /// Refuse requests without X-Auth-Token: TOKEN (401)
    #[arg(long, value_name = "TOKEN")]
    pub require_token: Option<String>,
    /// Send CORS headers for ORIGIN (repeatable; * for any)
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// Keep EIP bindings in FILE across restarts
    #[arg(long = "state", value_name = "FILE")]
    pub state_file: Option<PathBuf>,
}

impl Default for Config {
    /// The defaults of the command line.
    fn default() -> Self {
        Config::parse_from(["workspace-mock"])
    }
}

fn parse_prefix(text: &str) -> Result<String, String> {
    if !text.starts_with('/') {
        Err("must start with /".into())
    } else if text.contains(['{', '}', '*']) {
        // The router would read these as parameters.
        Err("must not contain {, } or *".into())
    } else {
        Ok(text.to_owned())
    }
}

fn parse_rate(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|rate| (0.0..=1.0).contains(rate))
        .ok_or_else(|| "must be from 0.0 to 1.0".into())
}

/// What the API changes, persisted with `--state`.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedState {
    /// EIP id → desktop id.
    pub eip_bindings: BTreeMap<String, String>,
    /// The terminal bindings, sorted as the list returns them; absent in a
    /// file written before they could change: then the seeded ones.
    #[serde(default)]
    pub terminal_bindings: Option<Vec<Binding>>,
    /// The tenant's binding policy (`.../binding-desktops/config`).
    #[serde(default)]
    pub binding_policy: terminals::BindingPolicy,
    /// Bindings created so far, for the next one's ID.
    #[serde(default)]
    pub created_bindings: u64,
}

impl SavedState {
    pub fn terminal_bindings(&self) -> &[Binding] {
        self.terminal_bindings.as_deref().unwrap_or_default()
    }
}

pub struct Mock {
    config: Config,
    world: World,
    state: Mutex<SavedState>,
    requests: AtomicU64,
}

impl Mock {
    /// Seeds the data and loads `--state` if it exists. A corrupt state file
    /// is an error: silently starting empty would hide it. So is one that
    /// names an EIP or desktop the seed does not have, or breaks the rule of
    /// one EIP per desktop (a file written with another `--seed`).
    pub fn new(config: Config) -> Result<Self, String> {
        let world = data::seed_world(config.seed);
        let state = match &config.state_file {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|err| format!("cannot read state file {}: {err}", path.display()))?;
                let state: SavedState = serde_json::from_str(&text)
                    .map_err(|err| format!("state file {} is not valid: {err}", path.display()))?;
                check_state(&state, &world, config.seed).map_err(|problem| {
                    format!("state file {} is not valid: {problem}", path.display())
                })?;
                state
            }
            _ => SavedState {
                eip_bindings: world.initial_bindings.iter().cloned().collect(),
                ..SavedState::default()
            },
        };
        let mut state = state;
        if state.terminal_bindings.is_none() {
            state.terminal_bindings = Some(data::seed_bindings(config.seed, config.bindings));
        }
        Ok(Mock {
            world,
            config,
            state: Mutex::new(state),
            requests: AtomicU64::new(0),
        })
    }

    /// The seeded desktops and EIPs (their bindings are in `eip_bindings`).
    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn eip_bindings(&self) -> BTreeMap<String, String> {
        self.lock().eip_bindings.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SavedState> {
        // A poisoned lock only means another request panicked mid-update;
        // the map itself is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
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

/// Every EIP and desktop of a saved state exists, and no desktop holds two
/// EIPs.
fn check_state(state: &SavedState, world: &World, seed: u64) -> Result<(), String> {
    let mut desktops = std::collections::HashSet::new();
    for (eip, desktop) in &state.eip_bindings {
        if !world.has_eip(eip) {
            return Err(format!("EIP {eip} is not in the data of seed {seed}"));
        }
        if world.desktop(desktop).is_none() {
            return Err(format!(
                "desktop {desktop} is not in the data of seed {seed}"
            ));
        }
        if !desktops.insert(desktop) {
            return Err(format!("desktop {desktop} holds more than one EIP"));
        }
    }
    terminals::check_saved(state)?;
    Ok(())
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
    let app = app::router(mock);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let app = app.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(app.clone(), request));
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

/// Returned by the service to make hyper close the connection unanswered;
/// the router asks for it with this marker in the response's extensions.
#[derive(Clone, Copy, Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

/// One request: route it, drain what the handler left of the body, log it.
async fn handle(app: Router, request: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let line_query = match request.uri().query() {
        Some(query) if !query.is_empty() => format!("?{query}"),
        _ => String::new(),
    };
    let (mut parts, body) = request.into_parts();
    trim_trailing_slashes(&mut parts.uri);
    let body = SharedBody(Arc::new(Mutex::new(body)));
    let request = Request::from_parts(parts, Body::new(body.clone()));
    let Ok(response) = app.oneshot(request).await;
    let ms = || started.elapsed().as_millis();
    if response.extensions().get::<Dropped>().is_some() {
        println!("{method} {path}{line_query} dropped {}ms", ms());
        return Err(Dropped);
    }
    body.drain().await;
    println!(
        "{method} {path}{line_query} {} {}ms",
        response.status().as_u16(),
        ms()
    );
    Ok(response)
}

/// `/v2/p/eips/binding/` is served as `/v2/p/eips/binding`.
fn trim_trailing_slashes(uri: &mut Uri) {
    let trimmed = uri.path().trim_end_matches('/');
    if trimmed.is_empty() || trimmed.len() == uri.path().len() {
        return;
    }
    let rebuilt = match uri.query() {
        Some(query) => format!("{trimmed}?{query}"),
        None => trimmed.to_owned(),
    };
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = rebuilt.parse::<PathAndQuery>().ok();
    if let Ok(new) = Uri::from_parts(parts) {
        *uri = new;
    }
}

/// The request body, shared by the handler and the connection. Closing a
/// connection with unread bytes resets it, and a client still writing its
/// body never sees the answer; so what the handler left unread (an early
/// error, a 413) is read and discarded first, as nginx's lingering close does.
#[derive(Clone)]
struct SharedBody(Arc<Mutex<Incoming>>);

impl SharedBody {
    async fn drain(mut self) {
        let mut left = DRAIN_BYTES;
        let discard = async {
            while left > 0
                && let Some(Ok(frame)) = self.frame().await
            {
                left = left.saturating_sub(frame.data_ref().map_or(0, Bytes::len));
            }
        };
        let _ = tokio::time::timeout(DRAIN_TIME, discard).await;
    }
}

impl hyper::body::Body for SharedBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let mut body = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Pin::new(&mut *body).poll_frame(cx)
    }
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
