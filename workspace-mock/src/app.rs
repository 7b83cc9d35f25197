//! The API as an axum `Router`: one route and one handler per operation, at
//! the root and under `--prefix`. What every request goes through first
//! (latency, `X-Mock-Fault`, `--error-rate`, `--require-token`) is one
//! middleware; CORS is tower-http's. Extractors reject with the service's
//! own WKS errors, never with axum's plain-text ones.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, RawPathParams, Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderName, ORIGIN};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};

use crate::terminals;
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::data::{self, Binding, Desktop, Eip};
use crate::error::WksError;
use crate::query::{DesktopQuery, EipQuery, ListQuery};
use crate::{Config, Dropped, MAX_BODY_BYTES, Mock};

const LIST: &str = "/v2/{project_id}/terminals/binding-desktops";
const BATCH_DELETE: &str = "/v2/{project_id}/terminals/binding-desktops/batch-delete";
const POLICY: &str = "/v2/{project_id}/terminals/binding-desktops/config";
const BIND: &str = "/v2/{project_id}/eips/binding";
const UNBIND: &str = "/v2/{project_id}/eips/unbinding";
const EIPS: &str = "/v2/{project_id}/eips";
const DESKTOPS: &str = "/v2/{project_id}/desktops";

/// `desktop_ids` of an unbind: 1 to this many.
pub const MAX_UNBIND: usize = 100;

pub fn router(mock: Arc<Mock>) -> Router {
    let api = Router::new()
        // HEAD is refused like every method the API does not list.
        .route(
            LIST,
            get(list)
                .post(terminals::create)
                .put(terminals::update)
                .head(wrong_method)
                .fallback(wrong_method),
        )
        .route(
            BATCH_DELETE,
            post(terminals::batch_delete).fallback(wrong_method),
        )
        .route(
            POLICY,
            get(terminals::policy)
                .post(terminals::set_policy)
                .head(wrong_method)
                .fallback(wrong_method),
        )
        .route(BIND, post(bind).fallback(wrong_method))
        .route(UNBIND, post(unbind).fallback(wrong_method))
        .route(
            EIPS,
            get(list_eips).head(wrong_method).fallback(wrong_method),
        )
        .route(
            DESKTOPS,
            get(list_desktops).head(wrong_method).fallback(wrong_method),
        )
        .route("/v2/{project_id}/{*operation}", any(unknown_operation));
    let prefix = mock
        .config
        .prefix
        .as_deref()
        .map(|prefix| prefix.trim_end_matches('/'))
        .filter(|prefix| !prefix.is_empty());
    let api = match prefix {
        Some(prefix) => api.clone().nest(prefix, api),
        None => api,
    };
    api.fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&mock), checks))
        .layer(cors(&mock.config))
        .layer(middleware::from_fn(preflight_no_content))
        .with_state(mock)
}

fn cors(config: &Config) -> CorsLayer {
    let origins = config.allow_origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origins
                .iter()
                .any(|allowed| allowed == "*" || allowed.as_bytes() == origin.as_bytes())
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::OPTIONS])
        .allow_headers([
            CONTENT_TYPE,
            HeaderName::from_static("x-auth-token"),
            HeaderName::from_static("x-mock-fault"),
        ])
        .vary([ORIGIN])
}

/// tower-http answers a preflight with `200`; the mock says `204 No Content`.
async fn preflight_no_content(request: Request, next: Next) -> Response {
    let preflight = request.method() == Method::OPTIONS;
    let mut response = next.run(request).await;
    if preflight {
        *response.status_mut() = StatusCode::NO_CONTENT;
    }
    response
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

/// Latency, faults, `--error-rate` and `--require-token`, in that order,
/// before any route (so an unknown path needs the token too).
async fn checks(State(mock): State<Arc<Mock>>, request: Request, next: Next) -> Response {
    let config = &mock.config;
    if config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(config.latency_ms)).await;
    }
    let fault = match request.headers().get("x-mock-fault").map(|v| v.to_str()) {
        None => Fault::default(),
        Some(Ok(text)) => match Fault::parse(text) {
            Ok(fault) => fault,
            Err(err) => return err.into_response(),
        },
        Some(Err(_)) => return bad_fault("(not ASCII)").into_response(),
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.drop {
        let mut response = Response::default();
        response.extensions_mut().insert(Dropped);
        return response;
    }
    if let Some(status) = fault.status {
        if fault.html {
            let status_code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            let page = PROXY_PAGE.replace("{status}", &status.to_string());
            return (status_code, [(CONTENT_TYPE, "text/html")], page).into_response();
        }
        return WksError::new(
            status,
            "WKS.0500",
            format!("Injected error with status {status}."),
        )
        .into_response();
    }
    match fault.body.as_deref() {
        Some("garbage") => {
            return ([(CONTENT_TYPE, "text/plain")], "this is not JSON").into_response();
        }
        Some(_) => return json(r#"{"bind_list":"nope"}"#.into()),
        None => {}
    }
    if config.error_rate > 0.0 {
        let n = mock.requests.fetch_add(1, Ordering::Relaxed);
        let draw = data::Rng::new(config.seed ^ n.wrapping_mul(0x2545_F491_4F6C_DD1D)).unit();
        if draw < config.error_rate {
            return WksError::new(500, "WKS.0500", "Injected internal error (--error-rate).")
                .into_response();
        }
    }
    if let Some(token) = &config.require_token {
        let given = request.headers().get("x-auth-token").map(|v| v.as_bytes());
        if given != Some(token.as_bytes()) {
            return WksError::new(401, "WKS.0401", "The request has no valid X-Auth-Token.")
                .into_response();
        }
    }
    next.run(request).await
}

fn json(body: String) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}

/// The `{project_id}` of the path is one `--project-id` allows (else 403).
/// The router lets a parameter be empty; an empty project is no API (404).
pub struct AllowedProject;

impl FromRequestParts<Arc<Mock>> for AllowedProject {
    type Rejection = WksError;

    async fn from_request_parts(parts: &mut Parts, mock: &Arc<Mock>) -> Result<Self, WksError> {
        let params = RawPathParams::from_request_parts(parts, mock)
            .await
            .map_err(|_| WksError::invalid("The project ID in the path is not valid UTF-8."))?;
        let project = params
            .iter()
            .find(|(name, _)| *name == "project_id")
            .map_or("", |(_, value)| value);
        if project.is_empty() {
            let Ok(OriginalUri(uri)) = OriginalUri::from_request_parts(parts, mock).await;
            return Err(no_api(uri.path()));
        }
        match &mock.config.project_id {
            Some(only) if project != only => Err(WksError::new(
                403,
                "WKS.0403",
                format!("Project {project} is not the project of this token."),
            )),
            _ => Ok(AllowedProject),
        }
    }
}

/// The list query, read as the service reads it (see `query`).
impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = WksError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WksError> {
        ListQuery::parse(parts.uri.query().unwrap_or_default())
    }
}

/// The EIP list query (see `query`).
impl<S: Send + Sync> FromRequestParts<S> for EipQuery {
    type Rejection = WksError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WksError> {
        EipQuery::parse(parts.uri.query().unwrap_or_default())
    }
}

/// The desktop list query (see `query`).
impl<S: Send + Sync> FromRequestParts<S> for DesktopQuery {
    type Rejection = WksError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WksError> {
        DesktopQuery::parse(parts.uri.query().unwrap_or_default())
    }
}

/// A write's body: `Content-Type: application/json` (parameters such as
/// `charset` allowed), at most `MAX_BODY_BYTES`, valid JSON.
pub async fn json_body(request: Request, limit: usize) -> Result<serde_json::Value, WksError> {
    let json_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return Err(WksError::new(
            400,
            "WKS.0003",
            "Content-Type must be application/json.",
        ));
    }
    let body = read_body(request.into_body(), limit).await?;
    serde_json::from_slice(&body)
        .map_err(|_| WksError::new(400, "WKS.0002", "The request body is not valid JSON."))
}

/// A string of 1 to 255 characters.
fn id_text(value: &str) -> bool {
    !value.is_empty() && value.chars().count() <= 255
}

/// The bind body: `application/json` with `eip_id` and `desktop_id`, each a
/// string of 1 to 255 characters.
struct BindRequest {
    eip_id: String,
    desktop_id: String,
}

impl<S: Send + Sync> FromRequest<S> for BindRequest {
    type Rejection = WksError;

    async fn from_request(request: Request, _: &S) -> Result<Self, WksError> {
        let value = json_body(request, MAX_BODY_BYTES).await?;
        let field = |name: &str| -> Result<String, WksError> {
            match value.get(name) {
                Some(serde_json::Value::String(s)) if id_text(s) => Ok(s.clone()),
                Some(serde_json::Value::String(_)) => Err(WksError::invalid(format!(
                    "Parameter {name} must be 1 to 255 characters."
                ))),
                Some(_) => Err(WksError::invalid(format!(
                    "Parameter {name} must be a string."
                ))),
                None => Err(WksError::invalid(format!("Parameter {name} is required."))),
            }
        };
        Ok(BindRequest {
            eip_id: field("eip_id")?,
            desktop_id: field("desktop_id")?,
        })
    }
}

/// The unbind body: `application/json` with `desktop_ids`, 1 to
/// `MAX_UNBIND` strings of 1 to 255 characters.
struct UnbindRequest {
    desktop_ids: Vec<String>,
}

impl<S: Send + Sync> FromRequest<S> for UnbindRequest {
    type Rejection = WksError;

    async fn from_request(request: Request, _: &S) -> Result<Self, WksError> {
        let value = json_body(request, MAX_BODY_BYTES).await?;
        let not_strings =
            || WksError::invalid("Parameter desktop_ids must be an array of strings.");
        let entries = match value.get("desktop_ids") {
            None | Some(serde_json::Value::Null) => {
                return Err(WksError::invalid("Parameter desktop_ids is required."));
            }
            Some(serde_json::Value::Array(entries)) => entries,
            Some(_) => return Err(not_strings()),
        };
        if entries.is_empty() || entries.len() > MAX_UNBIND {
            return Err(WksError::invalid(format!(
                "Parameter desktop_ids must have 1 to {MAX_UNBIND} entries, not {}.",
                entries.len()
            )));
        }
        let desktop_ids = entries
            .iter()
            .map(|entry| match entry {
                serde_json::Value::String(id) if id_text(id) => Ok(id.clone()),
                serde_json::Value::String(_) => Err(WksError::invalid(
                    "Each entry of desktop_ids must be 1 to 255 characters.",
                )),
                _ => Err(not_strings()),
            })
            .collect::<Result<_, _>>()?;
        Ok(UnbindRequest { desktop_ids })
    }
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, WksError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.downcast_ref::<LengthLimitError>().is_some() => Err(WksError::new(
            413,
            "WKS.0004",
            format!("The request body is larger than {limit} bytes."),
        )),
        Err(_) => Err(WksError::new(
            400,
            "WKS.0002",
            "The request body could not be read.",
        )),
    }
}

/// `GET /v2/{project_id}/terminals/binding-desktops`
async fn list(State(mock): State<Arc<Mock>>, _: AllowedProject, query: ListQuery) -> Response {
    let state = mock.lock();
    let matching: Vec<&Binding> = state
        .terminal_bindings()
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
    json(body.to_string())
}

/// `POST /v2/{project_id}/eips/binding`: `200` with an empty body.
async fn bind(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    request: BindRequest,
) -> Result<StatusCode, WksError> {
    let BindRequest { eip_id, desktop_id } = request;
    if mock.world.desktop(&desktop_id).is_none() {
        return Err(WksError::new(
            400,
            "WKS.0101",
            format!("Desktop {desktop_id} does not exist."),
        ));
    }
    if !mock.world.has_eip(&eip_id) {
        return Err(WksError::new(
            400,
            "WKS.0102",
            format!("EIP {eip_id} does not exist."),
        ));
    }
    let mut state = mock.lock();
    if let Some(bound_to) = state.eip_bindings.get(&eip_id) {
        return Err(WksError::new(
            400,
            "WKS.0103",
            format!("EIP {eip_id} is already bound to desktop {bound_to}."),
        ));
    }
    if let Some((eip, _)) = state.eip_bindings.iter().find(|(_, d)| **d == desktop_id) {
        return Err(WksError::new(
            400,
            "WKS.0104",
            format!("Desktop {desktop_id} already has EIP {eip}."),
        ));
    }
    let mut next = state.clone();
    next.eip_bindings.insert(eip_id, desktop_id);
    mock.persist(&next).map_err(not_saved)?;
    *state = next;
    Ok(StatusCode::OK)
}

fn not_saved(problem: String) -> WksError {
    WksError::new(
        500,
        "WKS.0500",
        format!("The binding could not be saved: {problem}"),
    )
}

/// `POST /v2/{project_id}/eips/unbinding`: `200` with an empty body. All or
/// nothing: the first listed desktop that does not exist or holds no EIP
/// is named in a 400 and no binding changes.
async fn unbind(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    request: UnbindRequest,
) -> Result<StatusCode, WksError> {
    let mut state = mock.lock();
    for desktop_id in &request.desktop_ids {
        if mock.world.desktop(desktop_id).is_none() {
            return Err(WksError::new(
                400,
                "WKS.0101",
                format!("Desktop {desktop_id} does not exist."),
            ));
        }
        if !state.eip_bindings.values().any(|d| d == desktop_id) {
            return Err(WksError::new(
                400,
                "WKS.0105",
                format!("Desktop {desktop_id} has no EIP."),
            ));
        }
    }
    let mut next = state.clone();
    next.eip_bindings
        .retain(|_, desktop| !request.desktop_ids.contains(desktop));
    mock.persist(&next).map_err(not_saved)?;
    *state = next;
    Ok(StatusCode::OK)
}

/// An EIP as the list returns it; the `attached_*` fields are left out
/// while it is unbound.
#[derive(serde::Serialize)]
struct EipView<'a> {
    id: &'a str,
    address: &'a str,
    eip_charge_mode: &'a str,
    bandwidth_size: u32,
    create_time: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attached_desktop_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attached_desktop_name: Option<&'a str>,
    enterprise_project_id: &'a str,
}

/// `GET /v2/{project_id}/eips`: sorted by address; without `limit`, every
/// match from `offset` on.
async fn list_eips(State(mock): State<Arc<Mock>>, _: AllowedProject, query: EipQuery) -> Response {
    let bindings = mock.eip_bindings();
    let matching: Vec<(&Eip, Option<&Desktop>)> = mock
        .world
        .eips
        .iter()
        .map(|eip| {
            let attached = bindings
                .get(&eip.id)
                .and_then(|desktop_id| mock.world.desktop(desktop_id));
            (eip, attached)
        })
        .filter(|(eip, attached)| query.matches(eip, *attached))
        .collect();
    let page: Vec<EipView> = matching
        .iter()
        .skip(query.offset)
        .take(query.limit.unwrap_or(usize::MAX))
        .map(|(eip, attached)| EipView {
            id: &eip.id,
            address: &eip.address,
            eip_charge_mode: eip.charge_mode,
            bandwidth_size: eip.bandwidth_size,
            create_time: &eip.create_time,
            attached_desktop_id: attached.map(|d| d.desktop_id.as_str()),
            attached_desktop_name: attached.map(|d| d.computer_name.as_str()),
            enterprise_project_id: &eip.enterprise_project_id,
        })
        .collect();
    json_of(&EipPage {
        total_count: matching.len(),
        eips: page,
    })
}

/// The pages of the EIP and desktop lists, with the fields in the order of
/// the API page.
#[derive(serde::Serialize)]
struct EipPage<'a> {
    total_count: usize,
    eips: Vec<EipView<'a>>,
}

#[derive(serde::Serialize)]
struct DesktopPage<'a> {
    total_count: usize,
    desktops: Vec<&'a Desktop>,
}

pub fn json_of(value: &impl serde::Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => json(body),
        Err(err) => WksError::new(
            500,
            "WKS.0500",
            format!("The answer could not be written: {err}"),
        )
        .into_response(),
    }
}

/// `GET /v2/{project_id}/desktops`: sorted by name, then ID.
async fn list_desktops(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    query: DesktopQuery,
) -> Response {
    let matching: Vec<&Desktop> = mock
        .world
        .desktops
        .iter()
        .filter(|d| query.matches(d))
        .collect();
    let total_count = matching.len();
    let desktops = matching
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    json_of(&DesktopPage {
        total_count,
        desktops,
    })
}

async fn wrong_method(_: AllowedProject, method: Method) -> WksError {
    WksError::new(
        405,
        "WKS.0405",
        format!("Method {method} is not allowed here."),
    )
}

/// Another operation under a project: the project is checked first, as the
/// service does.
async fn unknown_operation(_: AllowedProject, OriginalUri(uri): OriginalUri) -> WksError {
    no_api(uri.path())
}

async fn not_found(OriginalUri(uri): OriginalUri) -> WksError {
    no_api(uri.path())
}

fn no_api(path: &str) -> WksError {
    WksError::new(404, "WKS.0404", format!("No API at {path}."))
}
