//! Bodies of the terminal-binding writes (create, update, batch delete,
//! the binding policy) and of their answers, named as the API names them
//! (`shared/api/more-operations.md`). Pure; read and written through
//! `json` like every body. For the binding management still to come.

use serde_json::Value;

use crate::i18n::tf;
use crate::json::{self, Member, Object};

/// One line of a create: `line` is the file line it came from, so that
/// the API's answer can name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindLine {
    pub line: u64,
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

/// Body of `POST /v2/{project_id}/terminals/binding-desktops`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateBindingsRequest {
    pub bind_list: Vec<BindLine>,
}

impl CreateBindingsRequest {
    pub fn to_json(&self) -> String {
        let lines: Vec<String> = self
            .bind_list
            .iter()
            .map(|line| {
                json::object_text(&[
                    ("line", Some(Member::WholeNumber(line.line))),
                    ("mac", Some(Member::Text(&line.mac))),
                    ("desktop_name", Some(Member::Text(&line.desktop_name))),
                    ("description", Some(Member::Text(&line.description))),
                ])
            })
            .collect();
        format!("{{\"bind_list\":{}}}", json::array_text(&lines))
    }
}

/// A line a create refused, from the `bind_result_list` of its 400.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefusedLine {
    pub line: Option<u64>,
    pub mac: String,
    pub code: String,
    pub message: String,
}

/// The refused lines an error body names; none when it names none (or is
/// not JSON: the error itself says what happened).
pub fn refused_lines(body: &str) -> Vec<RefusedLine> {
    let Ok(object) = json::parse_object(body) else {
        return Vec::new();
    };
    let Some(Value::Array(rows)) = json::present(&object, "bind_result_list") else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(Value::as_object)
        .map(|row| RefusedLine {
            line: json::optional_whole_number(row, "line").ok().flatten(),
            mac: json::display_text(row, "mac").unwrap_or_default(),
            code: json::display_text(row, "validation_result_code").unwrap_or_default(),
            message: json::display_text(row, "validation_result_msg").unwrap_or_default(),
        })
        .collect()
}

/// Body of `PUT /v2/{project_id}/terminals/binding-desktops`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateBindingRequest {
    pub id: String,
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

impl UpdateBindingRequest {
    pub fn to_json(&self) -> String {
        json::object_text(&[
            ("id", Some(Member::Text(&self.id))),
            ("mac", Some(Member::Text(&self.mac))),
            ("desktop_name", Some(Member::Text(&self.desktop_name))),
            ("description", Some(Member::Text(&self.description))),
        ])
    }
}

/// Body of `POST /v2/{project_id}/terminals/binding-desktops/batch-delete`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteBindingsRequest {
    pub id_list: Vec<String>,
}

impl DeleteBindingsRequest {
    pub fn to_json(&self) -> String {
        json::object_text(&[("id_list", Some(Member::TextList(&self.id_list)))])
    }
}

/// What a delete says of one ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteOutcome {
    pub id: String,
    pub code: String,
    pub message: String,
}

impl DeleteOutcome {
    /// The API pages give no success code: no code, or a code whose digits
    /// are all zero (`WKS.0000`, `0`), counts as deleted; any other is the
    /// reason it was not.
    pub fn deleted(&self) -> bool {
        let digits = self.code.rsplit('.').next().unwrap_or_default();
        self.code.trim().is_empty() || (!digits.is_empty() && digits.bytes().all(|b| b == b'0'))
    }
}

/// Answer of a batch delete: an outcome per ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteBindingsResponse {
    pub result_list: Vec<DeleteOutcome>,
}

impl DeleteBindingsResponse {
    pub fn from_json(object: &Object) -> Result<Self, String> {
        let rows = match json::present(object, "result_list") {
            Some(Value::Array(rows)) => rows,
            Some(_) => return Err(tf("\"{0}\" is not a list", &[&"result_list"])),
            None => return Err(tf("\"{0}\" is missing", &[&"result_list"])),
        };
        let result_list = rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                let (number, list) = (index + 1, "result_list");
                let row = row
                    .as_object()
                    .ok_or_else(|| tf("row {0} of \"{1}\" is not an object", &[&number, &list]))?;
                Ok(DeleteOutcome {
                    id: json::text_or_empty(row, "id")?,
                    code: json::display_text(row, "delete_result_code").unwrap_or_default(),
                    message: json::display_text(row, "delete_result_msg").unwrap_or_default(),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(DeleteBindingsResponse { result_list })
    }

    /// The outcome for `id`, if the answer names it.
    pub fn outcome(&self, id: &str) -> Option<&DeleteOutcome> {
        self.result_list.iter().find(|outcome| outcome.id == id)
    }
}

/// The tenant's binding policy (`.../binding-desktops/config`), as the
/// console shows and sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingPolicy {
    /// `tc_bind_switch`: terminals reach only the desktops they are bound to.
    pub binding: bool,
    /// `tc_auto_bind_switch`: a terminal's first sign-in binds it.
    pub automatic: bool,
    /// `tc_auto_bind_max`: desktops one terminal is bound to automatically.
    pub automatic_limit: u64,
}

fn switch(object: &Object, key: &str) -> Result<Option<bool>, String> {
    match json::present(object, key) {
        None => Ok(None),
        Some(Value::String(value)) if value == "ON" => Ok(Some(true)),
        Some(Value::String(value)) if value == "OFF" => Ok(Some(false)),
        Some(_) => Err(tf("\"{0}\" is neither \"ON\" nor \"OFF\"", &[&key])),
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "ON" } else { "OFF" }
}

impl BindingPolicy {
    /// `tc_bind_switch` is required; the others default as the API page
    /// says (automatic binding off, a limit of 1).
    pub fn from_json(object: &Object) -> Result<Self, String> {
        Ok(BindingPolicy {
            binding: switch(object, "tc_bind_switch")?
                .ok_or_else(|| tf("\"{0}\" is missing", &[&"tc_bind_switch"]))?,
            automatic: switch(object, "tc_auto_bind_switch")?.unwrap_or(false),
            automatic_limit: json::optional_whole_number(object, "tc_auto_bind_max")?.unwrap_or(1),
        })
    }

    pub fn to_json(&self) -> String {
        json::object_text(&[
            ("tc_bind_switch", Some(Member::Text(on_off(self.binding)))),
            (
                "tc_auto_bind_switch",
                Some(Member::Text(on_off(self.automatic))),
            ),
            (
                "tc_auto_bind_max",
                Some(Member::WholeNumber(self.automatic_limit)),
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(text: &str) -> Object {
        json::parse_object(text).unwrap()
    }

    #[test]
    fn create_body_as_the_contract_shows_it() {
        let request = CreateBindingsRequest {
            bind_list: vec![BindLine {
                line: 1,
                mac: "AA-BB-CC-DD-EE-FF".into(),
                desktop_name: "dsk \"1\"".into(),
                description: "".into(),
            }],
        };
        assert_eq!(
            request.to_json(),
            r#"{"bind_list":[{"line":1,"mac":"AA-BB-CC-DD-EE-FF","desktop_name":"dsk \"1\"","description":""}]}"#
        );
        let empty = CreateBindingsRequest { bind_list: vec![] };
        assert_eq!(empty.to_json(), r#"{"bind_list":[]}"#);
    }

    #[test]
    fn refused_lines_of_a_create() {
        let body = r#"{"error_code": "WKS.0200", "error_msg": "2 of 3 lines",
            "bind_result_list": [
              {"line": 2, "mac": "x", "validation_result_code": "WKS.0201", "validation_result_msg": "bad MAC"},
              {"mac": "AA-BB-CC-DD-EE-01", "validation_result_code": 204, "validation_result_msg": "bound"},
              "not an object"
            ]}"#;
        let lines = refused_lines(body);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].line, Some(2));
        assert_eq!(lines[0].code, "WKS.0201");
        assert_eq!(lines[1].line, None);
        assert_eq!(lines[1].code, "204");
        assert!(refused_lines("<html>").is_empty());
        assert!(refused_lines(r#"{"error_code": "WKS.0001"}"#).is_empty());
    }

    #[test]
    fn update_and_delete_bodies() {
        let update = UpdateBindingRequest {
            id: "b1".into(),
            mac: "AA-BB-CC-DD-EE-01".into(),
            desktop_name: "dsk".into(),
            description: "d".into(),
        };
        assert_eq!(
            update.to_json(),
            r#"{"id":"b1","mac":"AA-BB-CC-DD-EE-01","desktop_name":"dsk","description":"d"}"#
        );
        let delete = DeleteBindingsRequest {
            id_list: vec!["a".into(), "b".into()],
        };
        assert_eq!(delete.to_json(), r#"{"id_list":["a","b"]}"#);
    }

    #[test]
    fn delete_outcomes() {
        let answer = DeleteBindingsResponse::from_json(&object(
            r#"{"result_list": [
                {"id": "a", "delete_result_code": "WKS.0000", "delete_result_msg": "Deleted."},
                {"id": "b", "delete_result_code": "WKS.0206", "delete_result_msg": "gone"},
                {"id": "c"},
                {"id": "d", "delete_result_code": "0"},
                {"id": "e", "delete_result_code": "WKS.00010001"}
            ]}"#,
        ))
        .unwrap();
        let deleted: Vec<(&str, bool)> = answer
            .result_list
            .iter()
            .map(|o| (o.id.as_str(), o.deleted()))
            .collect();
        assert_eq!(
            deleted,
            [
                ("a", true),
                ("b", false),
                ("c", true),
                ("d", true),
                ("e", false)
            ]
        );
        assert_eq!(
            answer.outcome("b").map(|o| o.message.as_str()),
            Some("gone")
        );
        assert!(DeleteBindingsResponse::from_json(&object("{}")).is_err());
        assert!(DeleteBindingsResponse::from_json(&object(r#"{"result_list": [1]}"#)).is_err());
    }

    #[test]
    fn binding_policy_both_ways() {
        let policy = BindingPolicy::from_json(&object(
            r#"{"tc_bind_switch": "ON", "tc_auto_bind_switch": "OFF", "tc_auto_bind_max": 3}"#,
        ))
        .unwrap();
        assert_eq!(
            policy,
            BindingPolicy {
                binding: true,
                automatic: false,
                automatic_limit: 3
            }
        );
        assert_eq!(
            policy.to_json(),
            r#"{"tc_bind_switch":"ON","tc_auto_bind_switch":"OFF","tc_auto_bind_max":3}"#
        );
        let defaults = BindingPolicy::from_json(&object(r#"{"tc_bind_switch": "OFF"}"#)).unwrap();
        assert_eq!((defaults.automatic, defaults.automatic_limit), (false, 1));
        for bad in [
            "{}",
            r#"{"tc_bind_switch": "on"}"#,
            r#"{"tc_bind_switch": "ON", "tc_auto_bind_max": -1}"#,
        ] {
            assert!(BindingPolicy::from_json(&object(bad)).is_err(), "{bad}");
        }
    }
}
