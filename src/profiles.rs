//! Regions and projects: `config.json` may list `profiles`, each a name,
//! an `api_base_url`, a `project_id` and an optional `region`. The one in
//! use is named in the URL (`?profile=`, so a shared link opens the same
//! project), else the one this browser used last, else the first. Settings
//! saved in this browser apply to one profile each. Without `profiles`,
//! `config.json`'s own keys are the one and only profile, as before.

use serde_json::Value;

use crate::config::{check_base_url, check_project_id};
use crate::i18n::tf;
use crate::json::Object;

/// The URL's query key.
pub const PROFILE_PARAM: &str = "profile";
const MAX_PROFILES: usize = 100;
const MAX_NAME_CHARS: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub api_base_url: String,
    pub project_id: String,
    pub region: Option<String>,
}

/// `config.json`'s `profiles`: empty when absent. The error names the
/// profile and the key at fault.
pub fn parse_profiles(object: &Object) -> Result<Vec<Profile>, String> {
    let items = match crate::json::present(object, "profiles") {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= MAX_PROFILES => items,
        Some(_) => {
            return Err(tf(
                "\"profiles\" must be a list of at most {0} profiles",
                &[&MAX_PROFILES],
            ));
        }
    };
    let mut profiles: Vec<Profile> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let number = index + 1;
        let Value::Object(item) = item else {
            return Err(tf(
                "profile {0} in \"profiles\" must be an object",
                &[&number],
            ));
        };
        let text = |key: &str| match crate::json::present(item, key) {
            Some(Value::String(value)) => Some(value.trim().to_owned()),
            _ => None,
        };
        let name = text("name").unwrap_or_default();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(tf(
                "profile {0} in \"profiles\" needs a \"name\" of 1 to {1} characters",
                &[&number, &MAX_NAME_CHARS],
            ));
        }
        if profiles.iter().any(|p| p.name == name) {
            return Err(tf(
                "two profiles in \"profiles\" are named \"{0}\"",
                &[&name],
            ));
        }
        let at_fault = |key: &str, problem: String| {
            tf("profile \"{0}\": \"{1}\" {2}", &[&name, &key, &problem])
        };
        let api_base_url = check_base_url(&text("api_base_url").unwrap_or_default())
            .map_err(|problem| at_fault("api_base_url", problem))?;
        let project_id = check_project_id(&text("project_id").unwrap_or_default())
            .map_err(|problem| at_fault("project_id", problem))?;
        let region = text("region").filter(|region| !region.is_empty());
        if region.as_deref().is_some_and(|region| {
            region.len() > 64
                || !region
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }) {
            return Err(at_fault(
                "region",
                tf("must be 1 to 64 letters, digits, _ or -.", &[]),
            ));
        }
        profiles.push(Profile {
            name,
            api_base_url,
            project_id,
            region,
        });
    }
    Ok(profiles)
}

/// The profile in use: the one the URL names, else the one this browser
/// used last, else the first; none without profiles.
pub fn current<'a>(
    profiles: &'a [Profile],
    in_url: Option<&str>,
    remembered: Option<&str>,
) -> Option<&'a Profile> {
    let named = |name: Option<&str>| profiles.iter().find(|p| Some(p.name.as_str()) == name);
    named(in_url)
        .or_else(|| named(remembered))
        .or(profiles.first())
}

/// Where this browser keeps its Settings for `profile` (`base` without
/// profiles, so a single-profile console keeps what it saved before).
pub fn settings_key(base: &str, profile: Option<&Profile>) -> String {
    match profile {
        None => base.to_owned(),
        Some(profile) => format!("{base}:{}", profile.name),
    }
}

/// `search` (a URL's `?...`, as the browser has it) naming `profile`: any
/// other `profile` pair goes, the rest stays as it was; a switch to another
/// project also starts again at its first page (`keep_offset` false).
pub fn search_with_profile(search: &str, profile: &str, keep_offset: bool) -> String {
    let mut pairs: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && key != PROFILE_PARAM && (keep_offset || key != "offset")
        })
        .map(str::to_owned)
        .collect();
    pairs.push(format!(
        "{PROFILE_PARAM}={}",
        crate::api::url::encode_component(profile)
    ));
    format!("?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Profile>, String> {
        parse_profiles(&crate::json::parse_object(text).unwrap())
    }

    const TWO: &str = r#"{"profiles": [
        {"name": "Beijing prod", "api_base_url": "/api-bj", "project_id": "p-bj", "region": "cn-north-4"},
        {"name": "Shanghai", "api_base_url": "https://proxy.example/sh/", "project_id": " p_sh "}
    ]}"#;

    #[test]
    fn profiles_are_read_with_their_keys_checked() {
        let profiles = parse(TWO).unwrap();
        assert_eq!(profiles.len(), 2);
        assert_eq!(profiles[0].name, "Beijing prod");
        assert_eq!(profiles[0].region.as_deref(), Some("cn-north-4"));
        assert_eq!(profiles[1].api_base_url, "https://proxy.example/sh/");
        assert_eq!(profiles[1].project_id, "p_sh");
        assert_eq!(profiles[1].region, None);
        assert_eq!(parse(r#"{"api_base_url": "/api"}"#).unwrap(), vec![]);
        assert_eq!(parse(r#"{"profiles": null}"#).unwrap(), vec![]);
    }

    #[test]
    fn a_bad_profile_is_named_with_its_key() {
        let cases = [
            (r#"{"profiles": {}}"#, "\"profiles\" must be a list"),
            (
                r#"{"profiles": [1]}"#,
                "profile 1 in \"profiles\" must be an object",
            ),
            (
                r#"{"profiles": [{"api_base_url": "/a", "project_id": "p"}]}"#,
                "profile 1 in \"profiles\" needs a \"name\"",
            ),
            (
                r#"{"profiles": [{"name": "a", "api_base_url": "/a", "project_id": "p"},
                                 {"name": " a ", "api_base_url": "/b", "project_id": "q"}]}"#,
                "two profiles in \"profiles\" are named \"a\"",
            ),
            (
                r#"{"profiles": [{"name": "a", "api_base_url": "ftp://x", "project_id": "p"}]}"#,
                "profile \"a\": \"api_base_url\" must be an http",
            ),
            (
                r#"{"profiles": [{"name": "a", "api_base_url": "/a"}]}"#,
                "profile \"a\": \"project_id\" is required.",
            ),
            (
                r#"{"profiles": [{"name": "a", "api_base_url": "/a", "project_id": "p", "region": "cn north"}]}"#,
                "profile \"a\": \"region\" must be 1 to 64",
            ),
        ];
        for (text, expected) in cases {
            let problem = parse(text).unwrap_err();
            assert!(problem.starts_with(expected), "{text}: {problem}");
        }
        let many = format!(
            r#"{{"profiles": [{}]}}"#,
            vec![r#"{"name": "x"}"#; 101].join(",")
        );
        assert!(parse(&many).unwrap_err().contains("at most 100"));
    }

    #[test]
    fn the_url_wins_then_the_last_used_then_the_first() {
        let profiles = parse(TWO).unwrap();
        let name = |p: Option<&Profile>| p.map(|p| p.name.clone());
        assert_eq!(
            name(current(&profiles, Some("Shanghai"), Some("Beijing prod"))).as_deref(),
            Some("Shanghai")
        );
        assert_eq!(
            name(current(&profiles, Some("Nowhere"), Some("Shanghai"))).as_deref(),
            Some("Shanghai")
        );
        assert_eq!(
            name(current(&profiles, None, Some("gone"))).as_deref(),
            Some("Beijing prod")
        );
        assert_eq!(current(&[], Some("Shanghai"), None), None);
    }

    #[test]
    fn the_url_names_the_profile_and_keeps_everything_else() {
        assert_eq!(
            search_with_profile("", "Beijing prod", true),
            "?profile=Beijing%20prod"
        );
        assert_eq!(
            search_with_profile(
                "?computer_name=fin%20o&offset=40&profile=a&limit=50",
                "上海",
                true
            ),
            "?computer_name=fin%20o&offset=40&limit=50&profile=%E4%B8%8A%E6%B5%B7"
        );
        assert_eq!(
            search_with_profile("?offset=40&profile=a&profile=b&limit=50&", "a&b=c", false),
            "?limit=50&profile=a%26b%3Dc"
        );
    }

    #[test]
    fn each_profile_keeps_its_own_settings() {
        let profiles = parse(TWO).unwrap();
        assert_eq!(settings_key("s", None), "s");
        assert_eq!(settings_key("s", Some(&profiles[0])), "s:Beijing prod");
        assert_ne!(
            settings_key("s", Some(&profiles[0])),
            settings_key("s", Some(&profiles[1]))
        );
    }
}
