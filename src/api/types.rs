//! Request and response bodies of the two Workspace API operations, named as
//! the API names them. Unknown fields are ignored; missing or `null` text
//! fields read as empty so one odd row cannot hide a whole page.

use serde::{Deserialize, Deserializer, Serialize};

/// One row of `GET /v2/{project_id}/terminals/binding-desktops`
/// (`TerminalsBindingDesktopsInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct TerminalBinding {
    #[serde(default, deserialize_with = "text_or_null")]
    pub id: String,
    #[serde(default, deserialize_with = "text_or_null")]
    pub mac: String,
    #[serde(default, deserialize_with = "text_or_null")]
    pub desktop_name: String,
    #[serde(default, deserialize_with = "text_or_null")]
    pub description: String,
}

/// Response of the list operation. `total_num` is required: without it no
/// status line or page count can be right, so its absence is a schema error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ListBindingsResponse {
    #[serde(default, deserialize_with = "list_or_null")]
    pub bind_list: Vec<TerminalBinding>,
    pub total_num: u64,
}

/// Body of `POST /v2/{project_id}/eips/binding`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BindEipRequest {
    pub eip_id: String,
    pub desktop_id: String,
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
    /// Reads an error body; `None` when the JSON carries none of the known
    /// fields (then it is not a Huawei error body).
    pub fn parse(body: &str) -> Option<Self> {
        #[derive(Deserialize)]
        struct Flat {
            #[serde(default, deserialize_with = "scalar_text")]
            error_code: Option<String>,
            #[serde(default, deserialize_with = "scalar_text")]
            error_msg: Option<String>,
            #[serde(default, deserialize_with = "scalar_text")]
            error_detail: Option<String>,
            #[serde(default, deserialize_with = "scalar_text")]
            encoded_authorization_message: Option<String>,
            #[serde(default, deserialize_with = "scalar_text")]
            request_id: Option<String>,
            #[serde(default)]
            error: Option<Nested>,
        }
        #[derive(Deserialize)]
        struct Nested {
            #[serde(default, deserialize_with = "scalar_text")]
            code: Option<String>,
            #[serde(default, deserialize_with = "scalar_text")]
            message: Option<String>,
        }

        // serde would also read a struct from a JSON array.
        if !body.trim_start().starts_with('{') {
            return None;
        }
        let flat: Flat = serde_json::from_str(body).ok()?;
        let nested = flat.error;
        let parsed = ErrorBody {
            error_code: flat
                .error_code
                .or_else(|| nested.as_ref().and_then(|n| n.code.clone())),
            error_msg: flat
                .error_msg
                .or_else(|| nested.as_ref().and_then(|n| n.message.clone())),
            error_detail: flat.error_detail,
            encoded_authorization_message: flat.encoded_authorization_message,
            request_id: flat.request_id,
        };
        (parsed != ErrorBody::default()).then_some(parsed)
    }
}

fn text_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

fn list_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TerminalBinding>, D::Error> {
    Ok(Option::<Vec<TerminalBinding>>::deserialize(d)?.unwrap_or_default())
}

/// Error fields are shown as text; a number (IAM sends `"code": 401`) is
/// kept as its digits, an empty string as absent.
fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<JsonScalar>::deserialize(d)? {
        Some(JsonScalar::Text(s)) if !s.trim().is_empty() => Some(s),
        Some(JsonScalar::Whole(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A JSON value read only as far as the console needs: text, a whole
/// number, or anything else. Smaller than `serde_json::Value` or an
/// untagged enum, which buffer the whole value first.
#[derive(Debug, PartialEq)]
pub(crate) enum JsonScalar {
    Text(String),
    Whole(u64),
    Other,
}

impl<'de> Deserialize<'de> for JsonScalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = JsonScalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Text(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Whole(v))
            }
            fn visit_i64<E>(self, _: i64) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Other)
            }
            fn visit_unit<E>(self) -> Result<JsonScalar, E> {
                Ok(JsonScalar::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonScalar, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(JsonScalar::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<JsonScalar, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(JsonScalar::Other)
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let parsed: ListBindingsResponse = serde_json::from_str(body).unwrap();
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
        let parsed: ListBindingsResponse = serde_json::from_str(body).unwrap();
        assert_eq!(parsed.bind_list.len(), 2);
        assert_eq!(parsed.bind_list[0].mac, "");
        assert_eq!(parsed.bind_list[1].description, "");
    }

    #[test]
    fn count_only_response_without_list_is_valid() {
        let parsed: ListBindingsResponse = serde_json::from_str(r#"{"total_num": 523}"#).unwrap();
        assert!(parsed.bind_list.is_empty());
        assert_eq!(parsed.total_num, 523);
    }

    #[test]
    fn missing_total_or_wrong_types_are_errors() {
        assert!(serde_json::from_str::<ListBindingsResponse>(r#"{"bind_list": []}"#).is_err());
        assert!(
            serde_json::from_str::<ListBindingsResponse>(r#"{"bind_list": "x", "total_num": 1}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<ListBindingsResponse>(r#"{"total_num": -1}"#).is_err());
    }

    #[test]
    fn bind_request_body_is_exactly_the_two_ids() {
        let body = serde_json::to_string(&BindEipRequest {
            eip_id: "e\"1".into(),
            desktop_id: "d1".into(),
        })
        .unwrap();
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
    }
}
