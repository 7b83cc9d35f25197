//! The "Theme" control: System follows the browser's
//! `prefers-color-scheme`; Light and Dark hold whatever the system says.
//! The choice is kept per browser under `browser::THEME_KEY` and shown as
//! `data-theme` on `<html>` (the stylesheet's only switch); `src/early.js`
//! applies the saved one before the wasm has arrived, so a dark choice
//! never starts white.

use crate::i18n::t;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// In the order the control lists them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// What the control shows.
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => t("System"),
            Theme::Light => t("Light"),
            Theme::Dark => t("Dark"),
        }
    }

    /// What is stored and what the `<option>` carries.
    pub fn value(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// A stored or chosen value; anything unknown (an older or edited
    /// entry) follows the system.
    pub fn from_value(value: Option<&str>) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|theme| Some(theme.value()) == value)
            .unwrap_or_default()
    }

    /// `data-theme` on `<html>`: none for System, so that the stylesheet's
    /// `prefers-color-scheme` decides.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light | Theme::Dark => Some(self.value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_and_anything_else_follows_the_system() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_value(Some(theme.value())), theme);
        }
        for other in [None, Some(""), Some("Dark"), Some("dark "), Some("auto")] {
            assert_eq!(Theme::from_value(other), Theme::System, "{other:?}");
        }
    }

    #[test]
    fn only_an_explicit_choice_marks_the_page() {
        assert_eq!(Theme::System.attribute(), None);
        assert_eq!(Theme::Light.attribute(), Some("light"));
        assert_eq!(Theme::Dark.attribute(), Some("dark"));
        let labels: Vec<_> = Theme::ALL.iter().map(|t| t.label()).collect();
        assert_eq!(labels, ["System", "Light", "Dark"]);
    }
}
