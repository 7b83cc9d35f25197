//! The "Add binding" / "Edit binding" form: its fields checked as the API
//! would check them, and an API refusal put on the field it is about.
//! Pure; `pages::manage_bindings` wires it to the dialog.

use crate::validation::{FieldErrors, check_description, check_desktop_name, check_mac};

/// The fields' IDs (the filter form above the list has its own `mac`).
pub const MAC: &str = "binding-mac";
pub const DESKTOP_NAME: &str = "binding-desktop-name";
pub const DESCRIPTION: &str = "binding-description";

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

/// The form as the API takes it: the MAC as `AA-BB-CC-DD-EE-FF`, the
/// name and description without surrounding spaces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

pub fn check(typed: &Typed) -> Result<Checked, FieldErrors> {
    let mac = check_mac(&typed.mac);
    let desktop_name = typed.desktop_name.trim();
    let description = typed.description.trim();
    let name_problem = check_desktop_name(desktop_name).err();
    let description_problem = check_description(description).err();
    match mac {
        Ok(mac) if name_problem.is_none() && description_problem.is_none() => Ok(Checked {
            mac,
            desktop_name: desktop_name.to_owned(),
            description: description.to_owned(),
        }),
        mac => Err(FieldErrors::of([
            (MAC, mac.err()),
            (DESKTOP_NAME, name_problem),
            (DESCRIPTION, description_problem),
        ])),
    }
}

/// The field an API message is about, by the field it names (`mac`, "MAC
/// address", `desktop_name`, `description`); `None` when it names none,
/// and then the form shows it as a whole.
pub fn field_of(message: &str) -> Option<&'static str> {
    let message = message.to_lowercase().replace([' ', '-'], "_");
    [
        ("desktop_name", DESKTOP_NAME),
        ("description", DESCRIPTION),
        ("mac", MAC),
    ]
    .into_iter()
    .find(|(named, _)| message.contains(named))
    .map(|(_, field)| field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(mac: &str, desktop_name: &str, description: &str) -> Typed {
        Typed {
            mac: mac.into(),
            desktop_name: desktop_name.into(),
            description: description.into(),
        }
    }

    #[test]
    fn a_valid_form_as_the_api_takes_it() {
        assert_eq!(
            check(&typed(" aa:bb:cc:dd:ee:0f ", "  dsk-01 ", " lobby ")),
            Ok(Checked {
                mac: "AA-BB-CC-DD-EE-0F".into(),
                desktop_name: "dsk-01".into(),
                description: "lobby".into(),
            })
        );
        assert!(
            check(&typed(
                "AA-BB-CC-DD-EE-0F",
                &"n".repeat(100),
                &"d".repeat(255)
            ))
            .is_ok()
        );
    }

    #[test]
    fn every_field_with_a_problem_says_so_in_order() {
        let errors = check(&typed("AA-BB", "", &"d".repeat(256))).unwrap_err();
        assert_eq!(errors.first_field(), Some(MAC));
        assert!(errors.get(MAC).unwrap().contains("not a MAC address"));
        assert_eq!(
            errors.get(DESKTOP_NAME).as_deref(),
            Some("The desktop name is missing.")
        );
        assert!(errors.get(DESCRIPTION).unwrap().contains("256 characters"));
        let long = check(&typed("AA-BB-CC-DD-EE-0F", &"n".repeat(101), "")).unwrap_err();
        assert_eq!(long.first_field(), Some(DESKTOP_NAME));
        assert_eq!(long.get(MAC), None);
    }

    #[test]
    fn api_messages_go_to_the_field_they_name() {
        assert_eq!(
            field_of("MAC address AA-BB-CC-DD-EE-01 is already bound."),
            Some(MAC)
        );
        assert_eq!(field_of("Parameter mac is required."), Some(MAC));
        assert_eq!(
            field_of("Parameter desktop_name must be 1 to 100 characters."),
            Some(DESKTOP_NAME)
        );
        assert_eq!(field_of("The Desktop name is too long"), Some(DESKTOP_NAME));
        assert_eq!(
            field_of("Parameter description must be at most 255 characters."),
            Some(DESCRIPTION)
        );
        assert_eq!(field_of("Terminal binding 42 does not exist."), None);
    }
}
