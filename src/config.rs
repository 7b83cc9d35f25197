//! Where the console finds its API: `config.json` (the operator's defaults,
//! read at start-up) overlaid with this browser's saved Settings. Pure: the
//! browser storage calls live in `browser`.

use serde_json::Value;

use crate::i18n::{t, tf};
use crate::json::{self, Member, NotAnObject};
use crate::profiles::Profile;
use crate::validation::FieldErrors;

pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
pub const MAX_TIMEOUT_SECONDS: u32 = 600;
const MAX_BASE_URL_LEN: usize = 2048;
const MAX_TOKEN_LEN: usize = 32 * 1024;

/// The operator's `config.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployConfig {
    pub api_base_url: String,
    pub project_id: Option<String>,
    pub request_timeout_ms: u32,
    /// Regions and projects to switch between; empty without `profiles`.
    pub profiles: Vec<Profile>,
}

impl DeployConfig {
    /// Parses and checks `config.json`. The error names the key at fault.
    pub fn parse(text: &str) -> Result<Self, String> {
        let object = match json::parse_object(text) {
            Ok(object) => object,
            Err(NotAnObject::Syntax(message)) => {
                return Err(tf("it is not valid JSON ({0})", &[&message]));
            }
            Err(NotAnObject::OtherValue) => {
                return Err(t(
                    "it must be a JSON object, such as {\"api_base_url\": \"/workspace-api\"}",
                )
                .into());
            }
        };

        let profiles = crate::profiles::parse_profiles(&object)?;
        let api_base_url = match (json::present(&object, "api_base_url"), profiles.first()) {
            (Some(Value::String(url)), _) => {
                check_base_url(url).map_err(|problem| format!("\"api_base_url\" {problem}"))?
            }
            (Some(_), _) => return Err(t("\"api_base_url\" must be a string").into()),
            // With profiles, each names its own.
            (None, Some(first)) => first.api_base_url.clone(),
            (None, None) => {
                return Err(t("the required key \"api_base_url\" is missing").into());
            }
        };
        let project_id = match json::present(&object, "project_id") {
            None => None,
            Some(Value::String(id)) if id.trim().is_empty() => None,
            Some(Value::String(id)) => {
                Some(check_project_id(id).map_err(|problem| format!("\"project_id\" {problem}"))?)
            }
            Some(_) => return Err(t("\"project_id\" must be a string").into()),
        };
        let request_timeout_ms = match json::present(&object, "request_timeout_ms")
            .map(Value::as_u64)
        {
            None => DEFAULT_TIMEOUT_MS,
            Some(Some(ms)) if (1..=u64::from(MAX_TIMEOUT_SECONDS) * 1000).contains(&ms) => {
                ms as u32
            }
            Some(_) => {
                return Err(
                    t("\"request_timeout_ms\" must be a whole number from 1 to 600000").into(),
                );
            }
        };
        Ok(DeployConfig {
            api_base_url,
            project_id,
            request_timeout_ms,
            profiles,
        })
    }

    /// The defaults for `profile` (its base URL and project), or these.
    pub fn for_profile(&self, profile: Option<&Profile>) -> DeployConfig {
        match profile {
            None => self.clone(),
            Some(profile) => DeployConfig {
                api_base_url: profile.api_base_url.clone(),
                project_id: Some(profile.project_id.clone()),
                ..self.clone()
            },
        }
    }
}

/// What this browser saved in Settings; `None` means "use config.json".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedSettings {
    pub api_base_url: Option<String>,
    pub project_id: Option<String>,
    pub request_timeout_ms: Option<u32>,
}

impl SavedSettings {
    /// Reads saved settings. Anything unreadable or no longer valid is
    /// dropped rather than trusted: the caller tells the admin.
    pub fn parse(text: &str) -> Result<Self, String> {
        let read = || {
            let object = json::parse_object(text).ok()?;
            Some(SavedSettings {
                api_base_url: json::optional_text(&object, "api_base_url").ok()?,
                project_id: json::optional_text(&object, "project_id").ok()?,
                request_timeout_ms: json::optional_whole_number(&object, "request_timeout_ms")
                    .ok()?
                    .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX)),
            })
        };
        let saved = read()
            .ok_or_else(|| t("the settings saved in this browser could not be read").to_string())?;
        let valid = saved
            .api_base_url
            .as_deref()
            .is_none_or(|u| check_base_url(u).is_ok())
            && saved
                .project_id
                .as_deref()
                .is_none_or(|p| check_project_id(p).is_ok())
            && saved
                .request_timeout_ms
                .is_none_or(|ms| (1..=MAX_TIMEOUT_SECONDS * 1000).contains(&ms));
        if valid {
            Ok(saved)
        } else {
            Err(t("the settings saved in this browser are not valid").into())
        }
    }

    /// The text kept in localStorage: only the keys that are set.
    pub fn to_json(&self) -> String {
        json::object_text(&[
            (
                "api_base_url",
                self.api_base_url.as_deref().map(Member::Text),
            ),
            ("project_id", self.project_id.as_deref().map(Member::Text)),
            (
                "request_timeout_ms",
                self.request_timeout_ms
                    .map(|ms| Member::WholeNumber(ms.into())),
            ),
        ])
    }

    pub fn is_empty(&self) -> bool {
        *self == SavedSettings::default()
    }
}

/// Everything one API call needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiConfig {
    pub base_url: String,
    pub project_id: String,
    pub auth_token: Option<String>,
    pub timeout_ms: u32,
}

/// Why no API call can be made yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// `config.json` could not be used and this browser has no API base URL.
    DeployConfig(String),
    /// No project ID in `config.json` nor in Settings.
    NoProjectId,
}

/// The settings that apply: this browser's saved values over `config.json`.
pub fn resolve(
    deploy: Result<&DeployConfig, &str>,
    saved: &SavedSettings,
    auth_token: Option<&str>,
) -> Result<ApiConfig, ConfigProblem> {
    let deploy_ok = deploy.ok();
    let base_url = saved
        .api_base_url
        .clone()
        .or_else(|| deploy_ok.map(|d| d.api_base_url.clone()));
    let Some(base_url) = base_url else {
        let problem = deploy.err().unwrap_or_default().to_owned();
        return Err(ConfigProblem::DeployConfig(problem));
    };
    let project_id = saved
        .project_id
        .clone()
        .or_else(|| deploy_ok.and_then(|d| d.project_id.clone()))
        .ok_or(ConfigProblem::NoProjectId)?;
    let timeout_ms = saved
        .request_timeout_ms
        .or(deploy_ok.map(|d| d.request_timeout_ms))
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    Ok(ApiConfig {
        base_url,
        project_id,
        auth_token: auth_token.filter(|t| !t.is_empty()).map(str::to_owned),
        timeout_ms,
    })
}

/// The Settings form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsForm {
    pub api_base_url: String,
    pub project_id: String,
    pub timeout_seconds: String,
    pub auth_token: String,
}

/// The Settings form's fields, in its order: the keys of its errors and
/// the ids of its controls.
pub const SETTINGS_FIELDS: [&str; 4] = [
    "api_base_url",
    "project_id",
    "timeout_seconds",
    "auth_token",
];

/// A valid form: what to save for this browser, and the token (for this
/// tab's session only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSettings {
    pub saved: SavedSettings,
    pub auth_token: Option<String>,
}

impl SettingsForm {
    /// The form as it opens: the values that apply now.
    pub fn current(
        deploy: Option<&DeployConfig>,
        saved: &SavedSettings,
        auth_token: Option<&str>,
    ) -> Self {
        let timeout_ms = saved
            .request_timeout_ms
            .or(deploy.map(|d| d.request_timeout_ms))
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        SettingsForm {
            api_base_url: saved
                .api_base_url
                .clone()
                .or_else(|| deploy.map(|d| d.api_base_url.clone()))
                .unwrap_or_default(),
            project_id: saved
                .project_id
                .clone()
                .or_else(|| deploy.and_then(|d| d.project_id.clone()))
                .unwrap_or_default(),
            // A timeout that is not whole seconds (config.json is in ms) is
            // shown rounded up, so saving unchanged never shortens it.
            timeout_seconds: timeout_ms.div_ceil(1000).to_string(),
            auth_token: auth_token.unwrap_or_default().to_owned(),
        }
    }

    /// Checks every field. Values equal to `config.json`'s are not saved as
    /// overrides, so a later change by the operator still reaches this browser.
    pub fn validate(&self, deploy: Option<&DeployConfig>) -> Result<ValidSettings, FieldErrors> {
        let base_url = check_base_url(&self.api_base_url);
        let project_id = check_project_id(&self.project_id);
        let timeout_ms = check_timeout_seconds(&self.timeout_seconds);
        let token = check_token(&self.auth_token);

        match (base_url, project_id, timeout_ms, token) {
            (Ok(base_url), Ok(project_id), Ok(timeout_ms), Ok(auth_token)) => {
                let deploy_timeout_seconds = deploy.map(|d| d.request_timeout_ms.div_ceil(1000));
                Ok(ValidSettings {
                    saved: SavedSettings {
                        api_base_url: (deploy.map(|d| &d.api_base_url) != Some(&base_url))
                            .then_some(base_url),
                        project_id: (deploy.and_then(|d| d.project_id.as_ref())
                            != Some(&project_id))
                        .then_some(project_id),
                        request_timeout_ms: (deploy_timeout_seconds != Some(timeout_ms / 1000))
                            .then_some(timeout_ms),
                    },
                    auth_token,
                })
            }
            (base_url, project_id, timeout_ms, token) => {
                Err(FieldErrors::of(SETTINGS_FIELDS.into_iter().zip([
                    base_url.err(),
                    project_id.err(),
                    timeout_ms.err(),
                    token.err(),
                ])))
            }
        }
    }
}

// The checks return the end of a sentence ("must be ..."): the Settings page
// puts the field label before it, config.json errors the key name.

/// An absolute `http://` or `https://` URL without user info, or a path
/// starting with exactly one `/` (not `//` nor `/\\`, which browsers read as
/// another host); returns the trimmed value. Backslashes, white space and
/// control characters are refused anywhere, since URL parsers drop or
/// reinterpret them. The value is never repeated in a message: it may hold
/// a password.
pub fn check_base_url(value: &str) -> Result<String, String> {
    let url = value.trim();
    if url.is_empty() {
        return Err(t("is required.").into());
    }
    if url.len() > MAX_BASE_URL_LEN {
        return Err(tf(
            "must be at most {0} characters long.",
            &[&MAX_BASE_URL_LEN],
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(t("must not contain spaces or control characters.").into());
    }
    if url.contains('\\') {
        return Err(t("must not contain a backslash (\\).").into());
    }
    if url.contains(['?', '#']) {
        return Err(t("must not contain a query (?) or fragment (#).").into());
    }
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match after_scheme {
        Some(rest) => {
            let authority = rest.split('/').next().unwrap_or_default();
            if authority.contains('@') {
                Err(
                    t("must not contain a user name or password; the proxy adds credentials.")
                        .into(),
                )
            } else if authority.is_empty() || authority.starts_with(':') {
                Err(t("must name a host after http:// or https://.").into())
            } else if authority.contains('%') || !authority.is_ascii() {
                Err(
                    t("must name its host in plain ASCII (punycode for international names).")
                        .into(),
                )
            } else {
                Ok(url.to_owned())
            }
        }
        None if url.starts_with("//") => {
            Err(t("must start with http://, https:// or a single /.").into())
        }
        None if url.starts_with('/') => Ok(url.to_owned()),
        None => Err(t("must be an http:// or https:// URL, or a path starting with /.").into()),
    }
}

/// 1–64 of `A–Z a–z 0–9 _ -`; returns the trimmed value.
pub fn check_project_id(value: &str) -> Result<String, String> {
    let id = value.trim();
    if id.is_empty() {
        return Err(t("is required.").into());
    }
    if id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(t("must be 1 to 64 letters, digits, _ or -.").into());
    }
    Ok(id.to_owned())
}

/// Whole seconds from 1 to 600; returns milliseconds.
pub fn check_timeout_seconds(value: &str) -> Result<u32, String> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|s| (1..=MAX_TIMEOUT_SECONDS).contains(s))
        .map(|s| s * 1000)
        .ok_or_else(|| {
            tf(
                "must be a whole number of seconds from 1 to {0}.",
                &[&MAX_TIMEOUT_SECONDS],
            )
        })
}

/// Optional; a header value cannot hold white space or control characters.
pub fn check_token(value: &str) -> Result<Option<String>, String> {
    let token = value.trim();
    if token.is_empty() {
        return Ok(None);
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(tf(
            "must be at most {0} characters long.",
            &[&MAX_TOKEN_LEN],
        ));
    }
    if !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err(t("must not contain spaces, line breaks or non-ASCII characters.").into());
    }
    Ok(Some(token.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deploy() -> DeployConfig {
        DeployConfig {
            api_base_url: "/workspace-api".into(),
            project_id: Some("proj1".into()),
            request_timeout_ms: 30_000,
            profiles: Vec::new(),
        }
    }

    #[test]
    fn with_profiles_the_top_level_url_is_not_needed() {
        let config = DeployConfig::parse(
            r#"{"profiles": [{"name": "bj", "api_base_url": "/api-bj", "project_id": "p1"},
                             {"name": "sh", "api_base_url": "/api-sh", "project_id": "p2"}],
                "request_timeout_ms": 5000}"#,
        )
        .unwrap();
        assert_eq!(config.profiles.len(), 2);
        let sh = config.for_profile(config.profiles.get(1));
        assert_eq!(sh.api_base_url, "/api-sh");
        assert_eq!(sh.project_id.as_deref(), Some("p2"));
        assert_eq!(sh.request_timeout_ms, 5000);
        assert_eq!(config.for_profile(None), config);
        let problem = DeployConfig::parse(r#"{"profiles": [{"name": "bj"}]}"#).unwrap_err();
        assert!(problem.contains("\"api_base_url\""), "{problem}");
        assert!(DeployConfig::parse(r#"{"profiles": []}"#).is_err());
    }

    #[test]
    fn config_json_minimal_and_full() {
        let minimal = DeployConfig::parse(r#"{"api_base_url": "/workspace-api"}"#).unwrap();
        assert_eq!(minimal.project_id, None);
        assert_eq!(minimal.request_timeout_ms, DEFAULT_TIMEOUT_MS);

        let full = DeployConfig::parse(
            r#"{"api_base_url": "https://proxy.example.com/ws/", "project_id": "abc_1",
                "request_timeout_ms": 5000, "unknown": [1]}"#,
        )
        .unwrap();
        assert_eq!(full.api_base_url, "https://proxy.example.com/ws/");
        assert_eq!(full.project_id.as_deref(), Some("abc_1"));
        assert_eq!(full.request_timeout_ms, 5000);
    }

    #[test]
    fn config_json_problems_name_the_key() {
        let cases = [
            ("<html>", "not valid JSON"),
            ("[]", "JSON object"),
            ("{}", "\"api_base_url\" is missing"),
            (
                r#"{"api_base_url": 3}"#,
                "\"api_base_url\" must be a string",
            ),
            (r#"{"api_base_url": "ftp://x"}"#, "\"api_base_url\" must be"),
            (
                r#"{"api_base_url": "/a", "project_id": "a/b"}"#,
                "\"project_id\"",
            ),
            (
                r#"{"api_base_url": "/a", "request_timeout_ms": 0}"#,
                "\"request_timeout_ms\"",
            ),
            (
                r#"{"api_base_url": "/a", "request_timeout_ms": 1.5}"#,
                "\"request_timeout_ms\"",
            ),
            (
                r#"{"api_base_url": "/a", "request_timeout_ms": "30"}"#,
                "\"request_timeout_ms\"",
            ),
        ];
        for (text, expected) in cases {
            let err = DeployConfig::parse(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn base_url_rules() {
        for ok in [
            "/workspace-api",
            "https://h.example.com",
            "http://127.0.0.1:8787/x/",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        assert_eq!(check_base_url("  /api  ").unwrap(), "/api");
        for bad in [
            "",
            "api",
            "//host/x",
            "https://",
            "/a b",
            "/a?x=1",
            "/a#f",
            "ftp://h",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example\\@good.example",
            "https:///evil.example",
            "https://:443/x",
            "https://user:s3cret@proxy.example.com/ws",
            "http://user@proxy.example.com",
            "https://evil%2Eexample/x",
            "/\tx",
            "HTTPS://proxy.example.com",
            "javascript:alert(1)",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        let with_password = check_base_url("https://admin:s3cret@proxy.example.com").unwrap_err();
        assert!(!with_password.contains("s3cret"), "{with_password}");
        assert!(with_password.contains("user name or password"));
    }

    #[test]
    fn project_id_and_timeout_rules() {
        assert!(check_project_id("0e69423d4400f4a82f67c0059a1e4cc8").is_ok());
        assert!(check_project_id(&"a".repeat(64)).is_ok());
        assert!(check_project_id(&"a".repeat(65)).is_err());
        assert!(check_project_id("a b").is_err());
        assert!(check_project_id("é").is_err());
        assert_eq!(check_timeout_seconds(" 30 "), Ok(30_000));
        assert_eq!(check_timeout_seconds("600"), Ok(600_000));
        for bad in ["0", "601", "-1", "1.5", "abc", ""] {
            assert!(check_timeout_seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn token_is_optional_and_header_safe() {
        assert_eq!(check_token("  "), Ok(None));
        assert_eq!(check_token(" MIIabc== "), Ok(Some("MIIabc==".into())));
        assert!(check_token("a b").is_err());
        assert!(check_token("a\nb").is_err());
        assert!(check_token("токен").is_err());
    }

    #[test]
    fn saved_settings_override_config_json() {
        let saved = SavedSettings {
            project_id: Some("mine".into()),
            ..Default::default()
        };
        let config = resolve(Ok(&deploy()), &saved, Some("tok")).unwrap();
        assert_eq!(config.base_url, "/workspace-api");
        assert_eq!(config.project_id, "mine");
        assert_eq!(config.auth_token.as_deref(), Some("tok"));
        assert_eq!(config.timeout_ms, 30_000);
    }

    #[test]
    fn resolve_explains_what_is_missing() {
        let no_project = DeployConfig {
            project_id: None,
            ..deploy()
        };
        assert_eq!(
            resolve(Ok(&no_project), &SavedSettings::default(), None),
            Err(ConfigProblem::NoProjectId)
        );
        assert_eq!(
            resolve(
                Err("config.json: HTTP 404"),
                &SavedSettings::default(),
                None
            ),
            Err(ConfigProblem::DeployConfig("config.json: HTTP 404".into()))
        );
        // A broken config.json does not lock out a browser that has its own settings.
        let own = SavedSettings {
            api_base_url: Some("/api".into()),
            project_id: Some("p".into()),
            request_timeout_ms: None,
        };
        let config = resolve(Err("broken"), &own, None).unwrap();
        assert_eq!(config.timeout_ms, DEFAULT_TIMEOUT_MS);
    }

    #[test]
    fn saving_unchanged_defaults_stores_no_override() {
        let form = SettingsForm::current(Some(&deploy()), &SavedSettings::default(), None);
        assert_eq!(form.timeout_seconds, "30");
        let valid = form.validate(Some(&deploy())).unwrap();
        assert!(valid.saved.is_empty());
        assert_eq!(valid.auth_token, None);
    }

    #[test]
    fn saving_changes_stores_only_the_changes() {
        let form = SettingsForm {
            api_base_url: "/workspace-api".into(),
            project_id: "other".into(),
            timeout_seconds: "5".into(),
            auth_token: "tok".into(),
        };
        let valid = form.validate(Some(&deploy())).unwrap();
        assert_eq!(valid.saved.api_base_url, None);
        assert_eq!(valid.saved.project_id.as_deref(), Some("other"));
        assert_eq!(valid.saved.request_timeout_ms, Some(5000));
        assert_eq!(valid.auth_token.as_deref(), Some("tok"));
    }

    #[test]
    fn every_wrong_field_gets_its_message() {
        let form = SettingsForm {
            api_base_url: "nope".into(),
            project_id: "".into(),
            timeout_seconds: "0".into(),
            auth_token: "a b".into(),
        };
        let errors = form.validate(None).unwrap_err();
        for field in SETTINGS_FIELDS {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn saved_settings_round_trip() {
        let full = SavedSettings {
            api_base_url: Some("https://proxy.example.com/ws".into()),
            project_id: Some("p_1".into()),
            request_timeout_ms: Some(45_000),
        };
        assert_eq!(SavedSettings::parse(&full.to_json()), Ok(full));
        let partial = SavedSettings {
            project_id: Some("abc".into()),
            ..SavedSettings::default()
        };
        assert_eq!(partial.to_json(), r#"{"project_id":"abc"}"#);
        assert_eq!(SavedSettings::parse(&partial.to_json()), Ok(partial));
        assert_eq!(SavedSettings::default().to_json(), "{}");
    }

    #[test]
    fn corrupt_or_invalid_saved_settings_are_rejected() {
        assert!(SavedSettings::parse("[]").is_err());
        assert!(SavedSettings::parse(r#"{"project_id": 5}"#).is_err());
        assert!(SavedSettings::parse(r#"{"request_timeout_ms": 99999999999}"#).is_err());
        assert!(SavedSettings::parse("{not json").is_err());
        assert!(SavedSettings::parse(r#"{"api_base_url": "javascript:alert(1)"}"#).is_err());
        assert!(SavedSettings::parse(r#"{"request_timeout_ms": 0}"#).is_err());
        assert_eq!(
            SavedSettings::parse(r#"{"project_id": "p", "future_key": 1}"#)
                .unwrap()
                .project_id
                .as_deref(),
            Some("p")
        );
    }
}
