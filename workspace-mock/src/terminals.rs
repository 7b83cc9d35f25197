//! Managing terminal bindings: create (one line or thousands), update,
//! batch delete, and the tenant's binding policy. The rules the API pages
//! give (MAC pattern, name length, 8,000 lines, the per-line
//! `bind_result_list` of a refused create, a result per ID of a delete)
//! are checked here; where the pages are silent the choice is the mock's
//! and the README says so.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::app::{AllowedProject, json_body, json_of};
use crate::data::Binding;
use crate::error::WksError;
use crate::query::is_mac;
use crate::{Mock, SavedState};

/// Lines of one create, and IDs of one delete: at most this many.
pub const MAX_LINES: usize = 8000;
/// `desktop_name` of a binding: 1 to this many characters.
pub const MAX_NAME_CHARS: usize = 100;
/// `description` of a binding: at most this many characters.
pub const MAX_DESCRIPTION_CHARS: usize = 255;
/// A create of 8,000 lines at their longest fits.
pub const MAX_CREATE_BYTES: usize = 4 * 1024 * 1024;
/// `tc_auto_bind_max`: 1 to this many desktops per terminal.
pub const MAX_AUTO_BIND: u64 = 100;

/// The policy answered by `GET .../config` and set by `POST .../config`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BindingPolicy {
    /// `ON`: a terminal reaches only the desktops it is bound to.
    pub tc_bind_switch: String,
    /// `ON`: a terminal's first sign-in binds it.
    pub tc_auto_bind_switch: String,
    /// Desktops a terminal is bound to automatically, at most.
    pub tc_auto_bind_max: u64,
}

impl Default for BindingPolicy {
    fn default() -> Self {
        BindingPolicy {
            tc_bind_switch: "ON".into(),
            tc_auto_bind_switch: "OFF".into(),
            tc_auto_bind_max: 1,
        }
    }
}

/// A saved state's bindings and policy are ones the API could have made.
pub fn check_saved(state: &SavedState) -> Result<(), String> {
    let mut macs = HashSet::new();
    let mut ids = HashSet::new();
    for binding in state.terminal_bindings() {
        if !is_mac(&binding.mac) || !macs.insert(binding.mac.to_ascii_uppercase()) {
            return Err(format!(
                "terminal binding {} has an invalid or repeated MAC",
                binding.id
            ));
        }
        if !ids.insert(binding.id.as_str()) {
            return Err(format!("terminal binding ID {} is repeated", binding.id));
        }
    }
    let policy = &state.binding_policy;
    if ![&policy.tc_bind_switch, &policy.tc_auto_bind_switch]
        .iter()
        .all(|switch| matches!(switch.as_str(), "ON" | "OFF"))
        || !(1..=MAX_AUTO_BIND).contains(&policy.tc_auto_bind_max)
    {
        return Err("the binding policy is not valid".into());
    }
    Ok(())
}

/// The order the list returns: by desktop name, then MAC.
fn sort(bindings: &mut [Binding]) {
    bindings.sort_by(|a, b| {
        (a.desktop_name.as_str(), a.mac.as_str()).cmp(&(b.desktop_name.as_str(), b.mac.as_str()))
    });
}

fn text<'a>(object: &'a Value, name: &str) -> Result<Option<&'a str>, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("Parameter {name} must be a string.")),
    }
}

/// One binding's fields as a create line or an update sends them.
struct Fields {
    mac: String,
    desktop_name: String,
    description: String,
}

/// Checks a binding's fields: the MAC pattern of the API
/// (`^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$`), a name of 1 to 100 and a
/// description of at most 255 characters. The error is a code and a message.
fn fields(object: &Value) -> Result<Fields, (&'static str, String)> {
    let invalid = |message: String| ("WKS.0001", message);
    let mac = text(object, "mac").map_err(invalid)?;
    let desktop_name = text(object, "desktop_name").map_err(invalid)?;
    let description = text(object, "description").map_err(invalid)?;
    let Some(mac) = mac else {
        return Err(invalid("Parameter mac is required.".into()));
    };
    if !is_mac(mac) {
        return Err((
            "WKS.0201",
            format!("MAC address {mac:?} does not match AA-BB-CC-DD-EE-FF."),
        ));
    }
    let desktop_name = desktop_name.unwrap_or_default();
    let name_chars = desktop_name.chars().count();
    if name_chars == 0 || name_chars > MAX_NAME_CHARS {
        return Err((
            "WKS.0202",
            format!("Parameter desktop_name must be 1 to {MAX_NAME_CHARS} characters."),
        ));
    }
    let description = description.unwrap_or_default();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err((
            "WKS.0203",
            format!("Parameter description must be at most {MAX_DESCRIPTION_CHARS} characters."),
        ));
    }
    Ok(Fields {
        mac: mac.to_owned(),
        desktop_name: desktop_name.to_owned(),
        description: description.to_owned(),
    })
}

/// The array `name` of a body: present, and of 1 (or, with `empty_ok`, 0)
/// to `MAX_LINES` entries.
fn entries<'a>(body: &'a Value, name: &str, empty_ok: bool) -> Result<&'a [Value], WksError> {
    let entries = match body.get(name) {
        None | Some(Value::Null) => {
            return Err(WksError::invalid(format!("Parameter {name} is required.")));
        }
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            return Err(WksError::invalid(format!(
                "Parameter {name} must be an array."
            )));
        }
    };
    let least = usize::from(!empty_ok);
    if entries.len() < least || entries.len() > MAX_LINES {
        return Err(WksError::invalid(format!(
            "Parameter {name} must have {least} to {MAX_LINES} entries, not {}.",
            entries.len()
        )));
    }
    Ok(entries)
}

/// A create's body, read up to `MAX_CREATE_BYTES`.
pub struct CreateRequest(Value);

impl<S: Send + Sync> FromRequest<S> for CreateRequest {
    type Rejection = WksError;

    async fn from_request(request: Request, _: &S) -> Result<Self, WksError> {
        json_body(request, MAX_CREATE_BYTES)
            .await
            .map(CreateRequest)
    }
}

/// A body of the other writes, read up to the usual limit.
pub struct Body(Value);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = WksError;

    async fn from_request(request: Request, _: &S) -> Result<Self, WksError> {
        json_body(request, crate::MAX_BODY_BYTES).await.map(Body)
    }
}

fn not_saved(problem: String) -> WksError {
    WksError::new(
        500,
        "WKS.0500",
        format!("The change could not be saved: {problem}"),
    )
}

/// `POST /v2/{project_id}/terminals/binding-desktops`: `200` with an empty
/// body. All or nothing: a line that is not valid, names a MAC already
/// bound, or repeats a MAC of an earlier line makes a `400 WKS.0200` whose
/// `bind_result_list` holds every such line (its `line`, fields,
/// `validation_result_code` and `validation_result_msg`), and nothing is
/// created. The API pages do not say whether the valid lines are created
/// anyway; with this reading a fixed file can simply be sent again.
pub async fn create(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    CreateRequest(body): CreateRequest,
) -> Result<StatusCode, Response> {
    let lines = entries(&body, "bind_list", true).map_err(IntoResponse::into_response)?;
    let mut state = mock.lock();
    let bound: HashSet<String> = state
        .terminal_bindings()
        .iter()
        .map(|b| b.mac.to_ascii_uppercase())
        .collect();
    let mut seen = HashSet::new();
    let mut created = Vec::new();
    let mut refused = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if !line.is_object() {
            return Err(WksError::invalid(format!(
                "Entry {} of bind_list must be an object.",
                index + 1
            ))
            .into_response());
        }
        let number = match line.get("line") {
            None | Some(Value::Null) => Value::from(index + 1),
            Some(Value::Number(n)) if n.is_u64() => Value::Number(n.clone()),
            Some(_) => {
                return Err(WksError::invalid(format!(
                    "Parameter line of entry {} must be a whole number.",
                    index + 1
                ))
                .into_response());
            }
        };
        let outcome = fields(line).and_then(|fields| {
            let key = fields.mac.to_ascii_uppercase();
            if bound.contains(&key) {
                Err((
                    "WKS.0204",
                    format!("MAC address {} is already bound.", fields.mac),
                ))
            } else if !seen.insert(key) {
                Err((
                    "WKS.0205",
                    format!("MAC address {} is in an earlier line too.", fields.mac),
                ))
            } else {
                Ok(fields)
            }
        });
        match outcome {
            Ok(fields) => created.push(fields),
            Err((code, message)) => refused.push(json!({
                "line": number,
                "mac": line.get("mac").cloned().unwrap_or(Value::Null),
                "desktop_name": line.get("desktop_name").cloned().unwrap_or(Value::Null),
                "description": line.get("description").cloned().unwrap_or(Value::Null),
                "validation_result_code": code,
                "validation_result_msg": message,
            })),
        }
    }
    if !refused.is_empty() {
        let body = json!({
            "error_code": "WKS.0200",
            "error_msg": format!(
                "{} of {} lines cannot be bound; nothing was created.",
                refused.len(),
                lines.len()
            ),
            "bind_result_list": refused,
        });
        return Err((StatusCode::BAD_REQUEST, json_of(&body)).into_response());
    }
    let mut next = state.clone();
    let seed = mock.config.seed;
    let bindings = next.terminal_bindings.get_or_insert_with(Vec::new);
    for fields in created {
        next.created_bindings += 1;
        bindings.push(Binding {
            id: new_id(seed, next.created_bindings),
            mac: fields.mac,
            desktop_name: fields.desktop_name,
            description: fields.description,
        });
    }
    sort(bindings);
    mock.persist(&next)
        .map_err(|problem| not_saved(problem).into_response())?;
    *state = next;
    Ok(StatusCode::OK)
}

/// The ID of the `n`th binding created: 32 hex digits, like the seeded ones.
fn new_id(seed: u64, n: u64) -> String {
    let mut rng = crate::data::Rng::new(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

/// `PUT /v2/{project_id}/terminals/binding-desktops`: `200` with an empty
/// body. `id` must name a binding (else `400 WKS.0206`: the API answers a
/// missing resource with a 400); the MAC may not be another binding's.
pub async fn update(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    Body(body): Body,
) -> Result<StatusCode, WksError> {
    let id = match text(&body, "id").map_err(WksError::invalid)? {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => return Err(WksError::invalid("Parameter id is required.")),
    };
    let fields = fields(&body).map_err(|(code, message)| WksError::new(400, code, message))?;
    let mut state = mock.lock();
    let bindings = state.terminal_bindings();
    let Some(index) = bindings.iter().position(|b| b.id == id) else {
        return Err(WksError::new(
            400,
            "WKS.0206",
            format!("Terminal binding {id} does not exist."),
        ));
    };
    if bindings
        .iter()
        .any(|b| b.id != id && b.mac.eq_ignore_ascii_case(&fields.mac))
    {
        return Err(WksError::new(
            400,
            "WKS.0204",
            format!("MAC address {} is already bound.", fields.mac),
        ));
    }
    let mut next = state.clone();
    let bindings = next.terminal_bindings.get_or_insert_with(Vec::new);
    bindings[index] = Binding {
        id,
        mac: fields.mac,
        desktop_name: fields.desktop_name,
        description: fields.description,
    };
    sort(bindings);
    mock.persist(&next).map_err(not_saved)?;
    *state = next;
    Ok(StatusCode::OK)
}

/// What a delete's `result_list` says of an ID that was deleted.
pub const DELETED: &str = "WKS.0000";

/// `POST /v2/{project_id}/terminals/binding-desktops/batch-delete`: `200`
/// with a `result_list` entry per listed ID, in the order given: deleted
/// (`WKS.0000`) or not found (`WKS.0206`). An ID listed twice is deleted
/// once; its second entry is not found.
pub async fn batch_delete(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    Body(body): Body,
) -> Result<Response, WksError> {
    let ids = entries(&body, "id_list", false)?
        .iter()
        .map(|id| match id {
            Value::String(id) if !id.is_empty() && id.chars().count() <= 255 => Ok(id.as_str()),
            _ => Err(WksError::invalid(
                "Each entry of id_list must be a string of 1 to 255 characters.",
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut state = mock.lock();
    let mut next = state.clone();
    let bindings = next.terminal_bindings.get_or_insert_with(Vec::new);
    let results: Vec<Value> = ids
        .iter()
        .map(|id| match bindings.iter().position(|b| b.id == *id) {
            Some(index) => {
                bindings.remove(index);
                json!({"id": id, "delete_result_code": DELETED, "delete_result_msg": "Deleted."})
            }
            None => json!({
                "id": id,
                "delete_result_code": "WKS.0206",
                "delete_result_msg": format!("Terminal binding {id} does not exist."),
            }),
        })
        .collect();
    mock.persist(&next).map_err(not_saved)?;
    *state = next;
    Ok(json_of(&json!({ "result_list": results })))
}

/// `GET /v2/{project_id}/terminals/binding-desktops/config`.
pub async fn policy(State(mock): State<Arc<Mock>>, _: AllowedProject) -> Response {
    json_of(&mock.lock().binding_policy)
}

/// `POST /v2/{project_id}/terminals/binding-desktops/config`: `200` with an
/// empty body. `tc_bind_switch` is required; the others keep their value
/// when left out. Switches are `ON` or `OFF`; `tc_auto_bind_max` is a whole
/// number from 1 to 100.
pub async fn set_policy(
    State(mock): State<Arc<Mock>>,
    _: AllowedProject,
    Body(body): Body,
) -> Result<StatusCode, WksError> {
    let switch = |name: &str| -> Result<Option<String>, WksError> {
        match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(value)) if value == "ON" || value == "OFF" => {
                Ok(Some(value.clone()))
            }
            Some(_) => Err(WksError::invalid(format!(
                "Parameter {name} must be ON or OFF."
            ))),
        }
    };
    let bind = switch("tc_bind_switch")?
        .ok_or_else(|| WksError::invalid("Parameter tc_bind_switch is required."))?;
    let auto_bind = switch("tc_auto_bind_switch")?;
    let auto_bind_max = match body.get("tc_auto_bind_max") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .filter(|n| (1..=MAX_AUTO_BIND).contains(n))
                .ok_or_else(|| {
                    WksError::invalid(format!(
                        "Parameter tc_auto_bind_max must be a whole number from 1 to {MAX_AUTO_BIND}."
                    ))
                })?,
        ),
    };
    let mut state = mock.lock();
    let mut next = state.clone();
    next.binding_policy.tc_bind_switch = bind;
    if let Some(auto_bind) = auto_bind {
        next.binding_policy.tc_auto_bind_switch = auto_bind;
    }
    if let Some(max) = auto_bind_max {
        next.binding_policy.tc_auto_bind_max = max;
    }
    mock.persist(&next).map_err(not_saved)?;
    *state = next;
    Ok(StatusCode::OK)
}
