//! The one place the console talks HTTP (gloo-net over `fetch`): adds the
//! token, enforces the timeout with an `AbortController`, never follows a
//! redirect (the token would go along), and turns every outcome into a
//! value through the pure classifiers in `error`.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use web_sys::{AbortController, RequestCache, RequestRedirect, ResponseType};

use super::binding_writes::{
    BindingPolicy, CreateBindingsRequest, DeleteBindingsRequest, DeleteBindingsResponse,
    RefusedLine, UpdateBindingRequest, refused_lines,
};
use super::error::{ApiError, Method, read_empty, read_json};
use super::types::{
    BindEipRequest, ListAnswer, ListBindingsResponse, ListDesktopsResponse, ListEipsResponse,
    UnbindEipsRequest,
};
use crate::config::{ApiConfig, DEFAULT_TIMEOUT_MS};
use crate::eip_query::EipsQuery;
use crate::json::Object;
use crate::query::{BindingsQuery, check_page_answer};

/// The headers every request carries; a body is JSON; the token goes in
/// `TOKEN_HEADER` when this browser has one (else the proxy adds it).
/// "Copy as curl" writes the same ones (`crate::curl`).
pub const ACCEPT: (&str, &str) = ("Accept", "application/json");
pub const CONTENT_TYPE: (&str, &str) = ("Content-Type", "application/json");
pub const TOKEN_HEADER: &str = "X-Auth-Token";

/// Lists bindings. `cancel` lets the caller abort a superseded request.
pub async fn list_bindings(
    config: &ApiConfig,
    query: &BindingsQuery,
    cancel: Option<AbortController>,
) -> Result<ListBindingsResponse, ApiError> {
    let url = super::list_bindings_url(config, query);
    get_page(
        config,
        &url,
        query.limit,
        ListBindingsResponse::from_json,
        cancel,
    )
    .await
}

/// Lists EIPs.
pub async fn list_eips(
    config: &ApiConfig,
    query: &EipsQuery,
    cancel: Option<AbortController>,
) -> Result<ListEipsResponse, ApiError> {
    let url = super::list_eips_url(config, query);
    get_page(
        config,
        &url,
        query.limit,
        ListEipsResponse::from_json,
        cancel,
    )
    .await
}

/// Every unbound EIP, for the bind form's picker.
pub async fn unbound_eips(
    config: &ApiConfig,
    cancel: Option<AbortController>,
) -> Result<ListEipsResponse, ApiError> {
    let url = super::unbound_eips_url(config);
    let (status, body) = send(config, Method::Get, &url, None, cancel).await?;
    read_json(Method::Get, status, &body, ListEipsResponse::from_json)
}

/// Desktops whose name contains `computer_name`, at most ten.
pub async fn find_desktops(
    config: &ApiConfig,
    computer_name: &str,
    cancel: Option<AbortController>,
) -> Result<ListDesktopsResponse, ApiError> {
    let url = super::find_desktops_url(config, computer_name);
    let limit = super::DESKTOP_MATCHES;
    get_page(config, &url, limit, ListDesktopsResponse::from_json, cancel).await
}

/// One page of a list, held to what was asked: more rows than `limit`, or
/// a total below the rows, is not that page (and 100,000 rows for a page of
/// 20 would freeze the tab), so nothing of it is shown.
async fn get_page<T: ListAnswer>(
    config: &ApiConfig,
    url: &str,
    limit: u32,
    read: fn(&Object) -> Result<T, String>,
    cancel: Option<AbortController>,
) -> Result<T, ApiError> {
    let (status, body) = send(config, Method::Get, url, None, cancel).await?;
    let answer = read_json(Method::Get, status, &body, read)?;
    check_page_answer(limit, answer.rows(), answer.total())
        .map_err(|detail| ApiError::Malformed { status, detail })?;
    Ok(answer)
}

/// Unbinds the EIPs of up to 100 desktops. Never retried.
pub async fn unbind_eips(config: &ApiConfig, request: &UnbindEipsRequest) -> Result<(), ApiError> {
    let url = super::unbind_eips_url(config);
    let (status, body) = send(config, Method::Post, &url, Some(request.to_json()), None).await?;
    read_empty(Method::Post, status, &body)
}

/// The tenant's binding policy.
pub async fn binding_policy(
    config: &ApiConfig,
    cancel: Option<AbortController>,
) -> Result<BindingPolicy, ApiError> {
    let url = super::binding_policy_url(config);
    let (status, body) = send(config, Method::Get, &url, None, cancel).await?;
    read_json(Method::Get, status, &body, BindingPolicy::from_json)
}

/// Sets the tenant's binding policy. Never retried.
pub async fn set_binding_policy(
    config: &ApiConfig,
    policy: &BindingPolicy,
) -> Result<(), ApiError> {
    let url = super::binding_policy_url(config);
    let (status, body) = send(config, Method::Post, &url, Some(policy.to_json()), None).await?;
    read_empty(Method::Post, status, &body)
}

/// Creates terminal bindings, all or none. Never retried. A refusal comes
/// with the lines the API names in its `bind_result_list` (none when it
/// names none).
pub async fn create_bindings(
    config: &ApiConfig,
    request: &CreateBindingsRequest,
) -> Result<(), (ApiError, Vec<RefusedLine>)> {
    let url = super::binding_desktops_url(config);
    let (status, body) = send(config, Method::Post, &url, Some(request.to_json()), None)
        .await
        .map_err(|error| (error, Vec::new()))?;
    read_empty(Method::Post, status, &body).map_err(|error| (error, refused_lines(&body)))
}

/// Changes one binding. Never retried.
pub async fn update_binding(
    config: &ApiConfig,
    request: &UpdateBindingRequest,
) -> Result<(), ApiError> {
    let url = super::binding_desktops_url(config);
    let (status, body) = send(config, Method::Put, &url, Some(request.to_json()), None).await?;
    read_empty(Method::Put, status, &body)
}

/// Deletes bindings by ID; the answer says, per ID, whether it was. Never
/// retried.
pub async fn delete_bindings(
    config: &ApiConfig,
    request: &DeleteBindingsRequest,
) -> Result<DeleteBindingsResponse, ApiError> {
    let url = super::delete_bindings_url(config);
    let (status, body) = send(config, Method::Post, &url, Some(request.to_json()), None).await?;
    read_json(
        Method::Post,
        status,
        &body,
        DeleteBindingsResponse::from_json,
    )
}

/// Binds an EIP. Never retried: a write that timed out may have happened.
pub async fn bind_eip(config: &ApiConfig, request: &BindEipRequest) -> Result<(), ApiError> {
    let url = super::bind_eip_url(config);
    let (status, body) = send(config, Method::Post, &url, Some(request.to_json()), None).await?;
    read_empty(Method::Post, status, &body)
}

/// A text file of the console's own site (`config.json`), revalidated with
/// the server, under the default timeout; no token goes with it.
pub async fn site_file(url: &str) -> Result<(u16, String), ApiError> {
    let site = ApiConfig {
        base_url: url.to_owned(),
        project_id: String::new(),
        auth_token: None,
        timeout_ms: DEFAULT_TIMEOUT_MS,
    };
    send(&site, Method::Get, url, None, None).await
}

async fn send(
    config: &ApiConfig,
    method: Method,
    url: &str,
    json_body: Option<String>,
    cancel: Option<AbortController>,
) -> Result<(u16, String), ApiError> {
    let network_error = |detail: String| ApiError::Network {
        base_url: config.base_url.clone(),
        detail,
    };
    let controller = match cancel {
        Some(controller) => controller,
        None => AbortController::new().map_err(|err| network_error(js_text(&err)))?,
    };
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = Rc::clone(&timed_out);
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            Duration::from_millis(u64::from(config.timeout_ms)),
        )
        .ok()
    };
    let on_failure = |err: gloo_net::Error| {
        if timed_out.get() {
            ApiError::Timeout {
                method,
                timeout_ms: config.timeout_ms,
            }
        } else {
            network_error(err.to_string())
        }
    };

    let mut builder: RequestBuilder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
    };
    builder = builder
        .abort_signal(Some(&controller.signal()))
        .redirect(RequestRedirect::Manual)
        .cache(RequestCache::NoCache)
        .header(ACCEPT.0, ACCEPT.1);
    if let Some(token) = &config.auth_token {
        builder = builder.header(TOKEN_HEADER, token);
    }
    let request = match json_body {
        Some(body) => builder
            .header(CONTENT_TYPE.0, CONTENT_TYPE.1)
            .body(body)
            .map_err(on_failure)?,
        None => builder.build().map_err(on_failure)?,
    };

    let result = async {
        let response = request.send().await.map_err(on_failure)?;
        let status = response.status();
        if response.type_() == ResponseType::Opaqueredirect || (300..400).contains(&status) {
            return Err(ApiError::Redirect { method, status });
        }
        // The body is read under the same timeout: a proxy can stall mid-body.
        let body = response.text().await.map_err(on_failure)?;
        Ok((status, body))
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    result
}

fn js_text(value: &wasm_bindgen::JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            js_sys::JSON::stringify(value)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_else(|| crate::i18n::t("unknown error").into())
}
