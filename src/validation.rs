//! Checks the API would otherwise make with a 400: run before any request,
//! so the admin sees the problem on the field that has it.

use crate::i18n::{t, tf};

/// Longest string the Workspace API accepts in a parameter.
pub const MAX_VALUE_CHARS: usize = 255;
/// Most entries the API accepts in one array parameter.
pub const MAX_LIST_ENTRIES: usize = 255;

/// The messages of one form, one per field that is wrong, in the form's
/// order and keyed by the field's name (the API's name, also the control's
/// id). The form, the error display and the focus move all read this one list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// Collects the problems of a form's fields, given in the form's order.
    pub fn of(fields: impl IntoIterator<Item = (&'static str, Option<String>)>) -> Self {
        FieldErrors(
            fields
                .into_iter()
                .filter_map(|(field, problem)| Some((field, problem?)))
                .collect(),
        )
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, problem)| problem.clone())
    }

    /// The field the admin should fix first (where focus goes).
    pub fn first_field(&self) -> Option<&'static str> {
        self.0.first().map(|(field, _)| *field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Splits a list field on commas, white space and new lines; drops empty
/// entries and repeats, keeping the first-seen order.
pub fn split_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(|c: char| c == ',' || c.is_whitespace()) {
        if !part.is_empty() && !out.iter().any(|seen| seen == part) {
            out.push(part.to_owned());
        }
    }
    out
}

/// `aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF` and mixes → `AA-BB-CC-DD-EE-FF`,
/// the form the API's pattern `^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$` takes.
pub fn normalize_mac(value: &str) -> Option<String> {
    let value = value.trim();
    let groups: Vec<&str> = value.split(['-', ':']).collect();
    let valid = groups.len() == 6
        && groups
            .iter()
            .all(|g| g.len() == 2 && g.chars().all(|c| c.is_ascii_hexdigit()));
    valid.then(|| groups.join("-").to_ascii_uppercase())
}

/// A free-text value: at most 255 characters, no control characters.
pub fn check_text(value: &str) -> Result<(), String> {
    if value.chars().count() > MAX_VALUE_CHARS {
        Err(too_long())
    } else if value.chars().any(char::is_control) {
        Err(t("must not contain control characters.").into())
    } else {
        Ok(())
    }
}

fn too_long() -> String {
    tf("must be at most {0} characters long.", &[&MAX_VALUE_CHARS])
}

/// Checks one MAC; the message quotes the value so a long list stays usable.
pub fn check_mac(value: &str) -> Result<String, String> {
    normalize_mac(value).ok_or_else(|| {
        tf(
            "\"{0}\" is not a MAC address; use six pairs of hex digits such as \
            AA-BB-CC-DD-EE-FF.",
            &[&shorten(value, 40)],
        )
    })
}

/// Longest desktop name a binding takes.
pub const MAX_DESKTOP_NAME_CHARS: usize = 100;

/// A binding's desktop name: 1 to 100 characters.
pub fn check_desktop_name(value: &str) -> Result<(), String> {
    let max = MAX_DESKTOP_NAME_CHARS;
    match value.chars().count() {
        0 => Err(t("The desktop name is missing.").into()),
        chars if chars > max => Err(tf(
            "The desktop name has {0} characters; at most {1} are \
                                        allowed.",
            &[&chars, &max],
        )),
        _ => Ok(()),
    }
}

/// A binding's description: at most 255 characters.
pub fn check_description(value: &str) -> Result<(), String> {
    let (chars, max) = (value.chars().count(), MAX_VALUE_CHARS);
    if chars > max {
        return Err(tf(
            "The description has {0} characters; at most {1} are allowed.",
            &[&chars, &max],
        ));
    }
    Ok(())
}

/// Checks every entry of a list; normalises with `normalize` and drops
/// entries that become repeats.
pub fn check_list(
    values: &[String],
    normalize: impl Fn(&str) -> Result<String, String>,
) -> Result<Vec<String>, String> {
    let (entries, max) = (values.len(), MAX_LIST_ENTRIES);
    if entries > max {
        let problem = tf(
            "has {0} entries; at most {1} are allowed.",
            &[&entries, &max],
        );
        return Err(problem);
    }
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let normalized = normalize(value)?;
        if !out.contains(&normalized) {
            out.push(normalized);
        }
    }
    Ok(out)
}

/// A name-like value in a list: its problem quotes it.
pub fn check_list_text(value: &str) -> Result<String, String> {
    check_text(value)
        .map(|()| value.to_owned())
        // The admin's text goes last: `tf` fills `{0}` first, so a `{0}` typed
        // into a name is left as it is.
        .map_err(|problem| tf("\"{1}\" {0}", &[&problem, &shorten(value, 40)]))
}

/// An ID for the bind form: trimmed, required, at most 255 characters, no
/// white space or control characters inside.
pub fn check_id(value: &str) -> Result<String, String> {
    let id = value.trim();
    if id.is_empty() {
        Err(t("is required.").into())
    } else if id.chars().count() > MAX_VALUE_CHARS {
        Err(too_long())
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(t("must not contain spaces, line breaks or control characters.").into())
    } else {
        Ok(id.to_owned())
    }
}

fn shorten(value: &str, max: usize) -> String {
    if value.chars().count() > max {
        let mut cut: String = value.chars().take(max).collect();
        cut.push('…');
        cut
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas_spaces_and_new_lines() {
        assert_eq!(split_list(" a, b\nc\r\n\td,,a  "), vec!["a", "b", "c", "d"]);
        assert!(split_list(" , \n").is_empty());
    }

    #[test]
    fn macs_are_normalised() {
        assert_eq!(
            normalize_mac("aa:bb:cc:dd:ee:0f").as_deref(),
            Some("AA-BB-CC-DD-EE-0F")
        );
        assert_eq!(
            normalize_mac(" AA-bb-CC-dd-EE-ff ").as_deref(),
            Some("AA-BB-CC-DD-EE-FF")
        );
        for bad in [
            "",
            "AA-BB-CC-DD-EE",
            "AA-BB-CC-DD-EE-FF-00",
            "AABBCCDDEEFF",
            "GG-BB-CC-DD-EE-FF",
            "A-BB-CC-DD-EE-FFF",
            "ÄA-BB-CC-DD-EE-FF",
        ] {
            assert_eq!(normalize_mac(bad), None, "{bad}");
        }
    }

    #[test]
    fn list_checks_normalise_dedupe_and_limit() {
        let macs = vec![
            "aa:bb:cc:dd:ee:ff".to_string(),
            "AA-BB-CC-DD-EE-FF".to_string(),
        ];
        assert_eq!(
            check_list(&macs, check_mac).unwrap(),
            vec!["AA-BB-CC-DD-EE-FF"]
        );

        let bad = vec!["AA-BB-CC-DD-EE-FF".to_string(), "nope".to_string()];
        assert!(
            check_list(&bad, check_mac)
                .unwrap_err()
                .contains("\"nope\"")
        );

        let many: Vec<String> = (0..256).map(|i| format!("d{i}")).collect();
        assert!(
            check_list(&many, check_list_text)
                .unwrap_err()
                .contains("256 entries")
        );
        assert!(check_list(&many[..255], check_list_text).is_ok());
    }

    #[test]
    fn text_limits_count_characters_not_bytes() {
        assert!(check_text(&"桌".repeat(255)).is_ok());
        assert!(check_text(&"桌".repeat(256)).is_err());
        assert!(check_text("a\u{0}b").is_err());
    }

    #[test]
    fn ids_are_trimmed_and_checked() {
        assert_eq!(
            check_id("  450ca7d4-9603  ").as_deref(),
            Ok("450ca7d4-9603")
        );
        assert!(check_id("   ").is_err());
        assert!(check_id("a b").is_err());
        assert!(check_id("a\tb").is_err());
        assert!(check_id("a\u{7f}").is_err());
        assert!(check_id(&"x".repeat(255)).is_ok());
        assert!(check_id(&"x".repeat(256)).is_err());
    }

    #[test]
    fn field_errors_keep_the_form_order() {
        let errors = FieldErrors::of([
            ("a", None),
            ("b", Some("b is wrong".to_string())),
            ("c", Some("c is wrong".to_string())),
        ]);
        assert_eq!(errors.first_field(), Some("b"));
        assert_eq!(errors.get("c").as_deref(), Some("c is wrong"));
        assert_eq!(errors.get("a"), None);
        assert!(!errors.is_empty());
        assert!(FieldErrors::of([("a", None)]).is_empty());
    }
}
