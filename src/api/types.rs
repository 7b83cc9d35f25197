//! Request and response bodies of the Workspace API operations the console
//! calls, named as the API names them. Unknown fields are ignored; missing or `null` text
//! fields read as empty so one odd row cannot hide a whole page.

use serde_json::Value;

use crate::i18n::{t, tf};
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
    fn from_json(row: &Object) -> Result<Self, String> {
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
        Ok(ListBindingsResponse {
            total_num: required_count(object, "total_num")?,
            bind_list: rows(object, "bind_list", TerminalBinding::from_json)?,
        })
    }
}

/// One page of a list, as an answer counts it.
pub trait ListAnswer {
    /// Every row that matches, on all pages.
    fn total(&self) -> u64;
    /// The rows on this page.
    fn rows(&self) -> usize;
}

impl ListAnswer for ListBindingsResponse {
    fn total(&self) -> u64 {
        self.total_num
    }
    fn rows(&self) -> usize {
        self.bind_list.len()
    }
}

impl ListAnswer for ListEipsResponse {
    fn total(&self) -> u64 {
        self.total_count
    }
    fn rows(&self) -> usize {
        self.eips.len()
    }
}

impl ListAnswer for ListDesktopsResponse {
    fn total(&self) -> u64 {
        self.total_count
    }
    fn rows(&self) -> usize {
        self.desktops.len()
    }
}

/// A count every list answer must carry: without it no status line or
/// page count can be right.
fn required_count(object: &Object, key: &str) -> Result<u64, String> {
    json::optional_whole_number(object, key)?.ok_or_else(|| tf("\"{0}\" is missing", &[&key]))
}

/// The rows of a list answer (absent: none); the error names the row.
fn rows<T>(
    object: &Object,
    key: &str,
    read: fn(&Object) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    match json::present(object, key) {
        None => Ok(Vec::new()),
        Some(Value::Array(rows)) => rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                row.as_object()
                    .ok_or_else(|| t("it is not an object").to_string())
                    .and_then(read)
                    .map_err(|problem| {
                        tf("row {0} of \"{1}\": {2}", &[&(index + 1), &key, &problem])
                    })
            })
            .collect(),
        Some(_) => Err(tf("\"{0}\" is not a list", &[&key])),
    }
}

/// One row of `GET /v2/{project_id}/eips` (`Eips`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Eip {
    pub id: String,
    pub address: String,
    /// `traffic` or `bandwidth`.
    pub eip_charge_mode: String,
    /// Mbit/s; absent in odd answers.
    pub bandwidth_size: Option<u64>,
    /// `yyyy-MM-ddTHH:mm:ssZ`, UTC.
    pub create_time: String,
    /// Empty when the EIP is not bound.
    pub attached_desktop_id: String,
    pub attached_desktop_name: String,
}

impl Eip {
    fn from_json(row: &Object) -> Result<Self, String> {
        Ok(Eip {
            id: json::text_or_empty(row, "id")?,
            address: json::text_or_empty(row, "address")?,
            eip_charge_mode: json::text_or_empty(row, "eip_charge_mode")?,
            bandwidth_size: json::optional_whole_number(row, "bandwidth_size")?,
            create_time: json::text_or_empty(row, "create_time")?,
            attached_desktop_id: json::text_or_empty(row, "attached_desktop_id")?,
            attached_desktop_name: json::text_or_empty(row, "attached_desktop_name")?,
        })
    }

    pub fn is_bound(&self) -> bool {
        !self.attached_desktop_id.is_empty()
    }
}

/// Response of `GET /v2/{project_id}/eips` (ListDesktopsEips).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListEipsResponse {
    pub total_count: u64,
    pub eips: Vec<Eip>,
}

impl ListEipsResponse {
    pub fn from_json(object: &Object) -> Result<Self, String> {
        Ok(ListEipsResponse {
            total_count: required_count(object, "total_count")?,
            eips: rows(object, "eips", Eip::from_json)?,
        })
    }
}

/// A desktop as `GET /v2/{project_id}/desktops` lists it (the fields the
/// console shows of `SimpleDesktopInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Desktop {
    pub desktop_id: String,
    pub computer_name: String,
    pub ip_address: String,
    pub status: String,
}

impl Desktop {
    fn from_json(row: &Object) -> Result<Self, String> {
        Ok(Desktop {
            desktop_id: json::text_or_empty(row, "desktop_id")?,
            computer_name: json::text_or_empty(row, "computer_name")?,
            ip_address: json::text_or_empty(row, "ip_address")?,
            status: json::text_or_empty(row, "status")?,
        })
    }
}

/// Response of `GET /v2/{project_id}/desktops` (ListDesktops).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListDesktopsResponse {
    pub total_count: u64,
    pub desktops: Vec<Desktop>,
}

impl ListDesktopsResponse {
    pub fn from_json(object: &Object) -> Result<Self, String> {
        Ok(ListDesktopsResponse {
            total_count: required_count(object, "total_count")?,
            desktops: rows(object, "desktops", Desktop::from_json)?,
        })
    }
}

/// Body of `POST /v2/{project_id}/eips/unbinding`: EIPs are unbound by
/// the desktop that holds them (1–100 per request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnbindEipsRequest {
    pub desktop_ids: Vec<String>,
}

/// Most desktops one unbinding request takes.
pub const MAX_UNBIND_PER_REQUEST: usize = 100;

impl UnbindEipsRequest {
    pub fn to_json(&self) -> String {
        json::object_text(&[("desktop_ids", Some(Member::TextList(&self.desktop_ids)))])
    }

    /// The requests for `desktop_ids`, at most 100 desktops each, in order.
    pub fn batches(desktop_ids: &[String]) -> Vec<UnbindEipsRequest> {
        desktop_ids
            .chunks(MAX_UNBIND_PER_REQUEST)
            .map(|chunk| UnbindEipsRequest {
                desktop_ids: chunk.to_vec(),
            })
            .collect()
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

    #[test]
    fn reads_an_eip_list() {
        let object = json::parse_object(
            r#"{"total_count": 2, "eips": [
                {"id": "e1", "address": "119.3.0.1", "eip_charge_mode": "bandwidth",
                 "bandwidth_size": 5, "create_time": "2024-05-01T08:30:00Z",
                 "attached_desktop_id": "d1", "attached_desktop_name": "dsk-1",
                 "enterprise_project_id": "0"},
                {"id": "e2", "address": "119.3.0.2", "eip_charge_mode": "traffic",
                 "bandwidth_size": 10, "create_time": "2024-05-02T00:00:00Z",
                 "attached_desktop_id": null}
            ]}"#,
        )
        .unwrap();
        let list = ListEipsResponse::from_json(&object).unwrap();
        assert_eq!(list.total_count, 2);
        assert!(list.eips[0].is_bound());
        assert_eq!(list.eips[0].bandwidth_size, Some(5));
        assert!(!list.eips[1].is_bound());
        let missing = json::parse_object(r#"{"eips": []}"#).unwrap();
        assert_eq!(
            ListEipsResponse::from_json(&missing),
            Err("\"total_count\" is missing".into())
        );
        let bad_row =
            json::parse_object(r#"{"total_count": 1, "eips": [{"address": 7}]}"#).unwrap();
        assert_eq!(
            ListEipsResponse::from_json(&bad_row),
            Err("row 1 of \"eips\": \"address\" is not text".into())
        );
    }

    #[test]
    fn reads_a_desktop_list() {
        let object = json::parse_object(
            r#"{"total_count": 1, "desktops": [{"desktop_id": "d1", "computer_name": "dsk-1",
                "ip_address": "192.168.0.5", "status": "ACTIVE", "user_name": "u"}]}"#,
        )
        .unwrap();
        let list = ListDesktopsResponse::from_json(&object).unwrap();
        assert_eq!(list.desktops[0].computer_name, "dsk-1");
        assert_eq!(list.desktops[0].ip_address, "192.168.0.5");
    }

    #[test]
    fn unbinding_goes_in_requests_of_at_most_100_desktops() {
        let ids: Vec<String> = (0..250).map(|i| format!("d{i}")).collect();
        let batches = UnbindEipsRequest::batches(&ids);
        assert_eq!(
            batches
                .iter()
                .map(|b| b.desktop_ids.len())
                .collect::<Vec<_>>(),
            [100, 100, 50]
        );
        assert_eq!(batches[2].desktop_ids[0], "d200");
        let one = UnbindEipsRequest {
            desktop_ids: vec!["a\"b".into()],
        };
        assert_eq!(one.to_json(), r#"{"desktop_ids":["a\"b"]}"#);
    }
}
