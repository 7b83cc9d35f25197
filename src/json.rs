//! JSON is read and written the same way everywhere: one parse into a
//! `serde_json::Value`, then each field taken out by name, with the
//! problem named after the key. A derived deserializer per type cost about
//! 1 KB gzip of wasm each; this is one code path for all of them.

use serde_json::{Map, Value};

use crate::i18n::tf;

pub type Object = Map<String, Value>;

/// Why a text is not a JSON object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotAnObject {
    /// Not JSON at all (an HTML page, a cut-off body): the parser's message,
    /// with line and column.
    Syntax(String),
    /// JSON, but an array, a string, a number…
    OtherValue,
}

pub fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|err| err.to_string())
}

pub fn parse_object(text: &str) -> Result<Object, NotAnObject> {
    match parse(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(NotAnObject::OtherValue),
        Err(message) => Err(NotAnObject::Syntax(message)),
    }
}

/// The value of `key`; `null` counts as absent.
pub fn present<'a>(object: &'a Object, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|value| !value.is_null())
}

/// Text that may be absent (read as empty); any other type is a problem.
pub fn text_or_empty(object: &Object, key: &str) -> Result<String, String> {
    match present(object, key) {
        None => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(tf("\"{0}\" is not text", &[&key])),
    }
}

/// Optional text; any other type is a problem.
pub fn optional_text(object: &Object, key: &str) -> Result<Option<String>, String> {
    match present(object, key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(tf("\"{0}\" is not text", &[&key])),
    }
}

/// Optional whole number; a negative, fractional or other value is a problem.
pub fn optional_whole_number(object: &Object, key: &str) -> Result<Option<u64>, String> {
    match present(object, key) {
        None => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| tf("\"{0}\" is not a whole number", &[&key])),
    }
}

/// A field shown as text whatever its type: text as it is, a whole number
/// as its digits (IAM sends `"code": 401`); blank text and anything else
/// count as absent.
pub fn display_text(object: &Object, key: &str) -> Option<String> {
    match present(object, key)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        Value::Number(number) => number.as_u64().map(|n| n.to_string()),
        _ => None,
    }
}

/// A value written into a JSON object.
#[derive(Clone, Copy, Debug)]
pub enum Member<'a> {
    Text(&'a str),
    WholeNumber(u64),
    /// An array of strings.
    TextList(&'a [String]),
}

/// Compact JSON for an object, members in the order given (the order a
/// person reading a request log expects); `None` members are left out.
/// serde_json escapes each string.
pub fn object_text(members: &[(&str, Option<Member>)]) -> String {
    let members: Vec<String> = members
        .iter()
        .filter_map(|(key, value)| {
            let value = match (*value)? {
                Member::Text(text) => quoted(text),
                Member::WholeNumber(number) => number.to_string(),
                Member::TextList(items) => {
                    let items: Vec<String> = items.iter().map(|item| quoted(item)).collect();
                    array_text(&items)
                }
            };
            Some(format!("{}:{value}", quoted(key)))
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

/// Compact JSON for an array of JSON texts.
pub fn array_text(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(text: &str) -> Object {
        parse_object(text).unwrap()
    }

    #[test]
    fn objects_and_other_values() {
        assert!(parse_object(r#"{"a": 1}"#).is_ok());
        assert_eq!(parse_object("[1]"), Err(NotAnObject::OtherValue));
        assert_eq!(parse_object("\"a\""), Err(NotAnObject::OtherValue));
        match parse_object("{\"a\": ") {
            Err(NotAnObject::Syntax(message)) => assert!(message.contains("line 1"), "{message}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_object("<html>"),
            Err(NotAnObject::Syntax(_))
        ));
    }

    #[test]
    fn null_is_absent() {
        let o = object(r#"{"a": null, "b": "x", "c": 7}"#);
        assert_eq!(present(&o, "a"), None);
        assert_eq!(text_or_empty(&o, "a"), Ok(String::new()));
        assert_eq!(text_or_empty(&o, "missing"), Ok(String::new()));
        assert_eq!(text_or_empty(&o, "b"), Ok("x".into()));
        assert_eq!(text_or_empty(&o, "c"), Err("\"c\" is not text".into()));
        assert_eq!(optional_text(&o, "a"), Ok(None));
        assert_eq!(optional_text(&o, "b"), Ok(Some("x".into())));
    }

    #[test]
    fn whole_numbers_only() {
        let o = object(r#"{"n": 30000, "neg": -1, "frac": 1.5, "s": "5"}"#);
        assert_eq!(optional_whole_number(&o, "n"), Ok(Some(30000)));
        assert_eq!(optional_whole_number(&o, "missing"), Ok(None));
        for key in ["neg", "frac", "s"] {
            assert!(optional_whole_number(&o, key).is_err(), "{key}");
        }
    }

    #[test]
    fn display_text_keeps_digits_and_drops_blanks() {
        let o = object(r#"{"code": 401, "msg": "  ", "f": 1.5, "t": true, "s": "WKS.0001"}"#);
        assert_eq!(display_text(&o, "code").as_deref(), Some("401"));
        assert_eq!(display_text(&o, "s").as_deref(), Some("WKS.0001"));
        for key in ["msg", "f", "t", "missing"] {
            assert_eq!(display_text(&o, key), None, "{key}");
        }
    }

    #[test]
    fn writes_compact_objects_in_order_and_escapes() {
        let text = object_text(&[
            ("z", Some(Member::Text("x\"y\n"))),
            ("b", None),
            ("a", Some(Member::Text("<é>"))),
            ("n", Some(Member::WholeNumber(30000))),
        ]);
        assert_eq!(text, r#"{"z":"x\"y\n","a":"<é>","n":30000}"#);
        assert_eq!(object_text(&[]), "{}");
        let list = array_text(&[text.clone(), text]);
        let parsed = parse(&list).unwrap();
        assert_eq!(parsed[1]["z"], "x\"y\n");
        assert_eq!(array_text(&[]), "[]");
    }
}
