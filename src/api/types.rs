//! Request and response bodies of the two Workspace API operations, named as
//! the API names them. Unknown fields are ignored; missing or `null` text
//! fields read as empty so one odd row cannot hide a whole page.

use serde_json::Value;

use crate::json::{self, Member, Object};

/// One row of `GET /v2/{project_id}/terminals/binding-desktops`
/// (`TerminalsBindingDesktopsInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TerminalBinding {
    pub id: String,
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

impl TerminalBinding {
    fn from_json(row: &Value) -> Result<Self, String> {
        let row = row.as_object().ok_or("it is not an object")?;
        Ok(TerminalBinding {
            id: json::text_or_empty(row, "id")?,
            mac: json::text_or_empty(row, "mac")?,
            desktop_name: json::text_or_empty(row, "desktop_name")?,
            description: json::text_or_empty(row, "description")?,
        })
    }
}

/// Response of the list operation. `total_num` is required: without it no
/// status line or page count can be right, so its absence is a schema error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListBindingsResponse {
    pub bind_list: Vec<TerminalBinding>,
    pub total_num: u64,
}

impl ListBindingsResponse {
    /// Reads the response object; the error names the field at fault.
    pub fn from_json(object: &Object) -> Result<Self, String> {
        let total_num =
            json::optional_whole_number(object, "total_num")?.ok_or("\"total_num\" is missing")?;
        let bind_list = match json::present(object, "bind_list") {
            None => Vec::new(),
            Some(Value::Array(rows)) => rows
                .iter()
                .enumerate()
                .map(|(index, row)| {
                    TerminalBinding::from_json(row)
                        .map_err(|problem| format!("row {} of \"bind_list\": {problem}", index + 1))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("\"bind_list\" is not a list".into()),
        };
        Ok(ListBindingsResponse {
            bind_list,
            total_num,
        })
    }
}

/// Body of `POST /v2/{project_id}/eips/binding`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindEipRequest {
    pub eip_id: String,
    pub desktop_id: String,
}

impl BindEipRequest {
    pub fn to_json(&self) -> String {
        json::object_text(&[
            ("eip_id", Some(Member::Text(&self.eip_id))),
            ("desktop_id", Some(Member::Text(&self.desktop_id))),
        ])
    }
}

/// The error body Huawei Cloud services return. API Gateway and IAM errors
/// sometimes nest it as `{"error": {"code", "message"}}`; both are read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub error_code: Option<String>,
    pub error_msg: Option<String>,
    pub error_detail: Option<String>,
    pub encoded_authorization_message: Option<String>,
    pub request_id: Option<String>,
}

impl ErrorBody {
    /// Reads an error body; `None` when it is not a JSON object or carries
    /// none of the known fields (then it is not a Huawei error body).
    pub fn parse(body: &str) -> Option<Self> {
        let object = json::parse_object(body).ok()?;
        let nested = json::present(&object, "error").and_then(Value::as_object);
        let nested_field = |key| nested.and_then(|n| json::display_text(n, key));
        let parsed = ErrorBody {
            error_code: json::display_text(&object, "error_code").or_else(|| nested_field("code")),
            error_msg: json::display_text(&object, "error_msg").or_else(|| nested_field("message")),
            error_detail: json::display_text(&object, "error_detail"),
            encoded_authorization_message: json::display_text(
                &object,
                "encoded_authorization_message",
            ),
            request_id: json::display_text(&object, "request_id"),
        };
        (parsed != ErrorBody::default()).then_some(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(body: &str) -> Result<ListBindingsResponse, String> {
        ListBindingsResponse::from_json(&json::parse_object(body).unwrap())
    }

    #[test]
    fn reads_the_documented_example() {
        let body = r#"{
          "bind_list" : [ {
            "id" : "8ac225c2781edb0d01781edde3f4xxxx",
            "mac" : "AA-BB-CC-DD-EE-FF",
            "desktop_name" : "test01",
            "description" : "test"
          } ],
          "total_num" : 1
        }"#;
        let parsed = list(body).unwrap();
        assert_eq!(parsed.total_num, 1);
        assert_eq!(parsed.bind_list[0].desktop_name, "test01");
        assert_eq!(parsed.bind_list[0].mac, "AA-BB-CC-DD-EE-FF");
    }

    #[test]
    fn tolerates_unknown_missing_and_null_fields() {
        let body = r#"{"total_num": 2, "extra": true, "bind_list": [
            {"id": "a", "mac": null, "desktop_name": "d", "new_field": 1},
            {"id": "b"}
        ]}"#;
        let parsed = list(body).unwrap();
        assert_eq!(parsed.bind_list.len(), 2);
        assert_eq!(parsed.bind_list[0].mac, "");
        assert_eq!(parsed.bind_list[1].description, "");
    }

    #[test]
    fn count_only_response_without_list_is_valid() {
        let parsed = list(r#"{"total_num": 523, "bind_list": null}"#).unwrap();
        assert!(parsed.bind_list.is_empty());
        assert_eq!(parsed.total_num, 523);
    }

    #[test]
    fn missing_total_or_wrong_types_are_errors() {
        assert_eq!(
            list(r#"{"bind_list": []}"#),
            Err("\"total_num\" is missing".into())
        );
        assert_eq!(
            list(r#"{"bind_list": "x", "total_num": 1}"#),
            Err("\"bind_list\" is not a list".into())
        );
        assert_eq!(
            list(r#"{"total_num": -1}"#),
            Err("\"total_num\" is not a whole number".into())
        );
        assert_eq!(
            list(r#"{"total_num": 2, "bind_list": [{"id": "a"}, {"mac": 5}]}"#),
            Err("row 2 of \"bind_list\": \"mac\" is not text".into())
        );
        assert_eq!(
            list(r#"{"total_num": 1, "bind_list": ["a"]}"#),
            Err("row 1 of \"bind_list\": it is not an object".into())
        );
    }

    #[test]
    fn bind_request_body_is_exactly_the_two_ids() {
        let body = BindEipRequest {
            eip_id: "e\"1".into(),
            desktop_id: "d1".into(),
        }
        .to_json();
        assert_eq!(body, r#"{"eip_id":"e\"1","desktop_id":"d1"}"#);
    }

    #[test]
    fn error_body_flat_and_nested() {
        let flat = ErrorBody::parse(
            r#"{"error_code":"WKS.0001","error_msg":"bad","error_detail":"offset","encoded_authorization_message":"xyz","request_id":"r1"}"#,
        )
        .unwrap();
        assert_eq!(flat.error_code.as_deref(), Some("WKS.0001"));
        assert_eq!(flat.encoded_authorization_message.as_deref(), Some("xyz"));
        assert_eq!(flat.request_id.as_deref(), Some("r1"));

        let nested =
            ErrorBody::parse(r#"{"error":{"code":401,"message":"token expired"}}"#).unwrap();
        assert_eq!(nested.error_code.as_deref(), Some("401"));
        assert_eq!(nested.error_msg.as_deref(), Some("token expired"));
    }

    #[test]
    fn json_without_error_fields_is_not_an_error_body() {
        assert_eq!(ErrorBody::parse(r#"{"status":"down"}"#), None);
        assert_eq!(ErrorBody::parse("[1,2]"), None);
        assert_eq!(ErrorBody::parse("<html>"), None);
        assert_eq!(ErrorBody::parse(r#"{"error_code": ""}"#), None);
        assert_eq!(ErrorBody::parse(r#"{"error": "denied"}"#), None);
    }
}
