//! App-wide state shared through context: the operator's `config.json`,
//! this browser's saved settings and the session token. Pages ask it for an
//! [`ApiConfig`] and render the [`ConfigProblem`] when there is none.

use leptos::prelude::*;

use serde_json::Value;

use crate::api::{ApiError, BindEipRequest};
use crate::browser::{self, Area, RECENT_BINDINGS_KEY, SETTINGS_KEY, TOKEN_KEY};
use crate::components::Write;
use crate::config::{ApiConfig, ConfigProblem, DeployConfig, SavedSettings, resolve};
use crate::i18n::{t, tf};
use crate::json::{self, Member};
use crate::unbinding::{Outcome, Target, Unbinding};

/// Where loading `config.json` stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeployLoad {
    Loading,
    Ready(DeployConfig),
    /// The message names the file and the problem.
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub deploy: RwSignal<DeployLoad>,
    /// Without profiles, this browser's saved settings; with profiles, set
    /// after a save only to tell readers of `saved_settings` to read again.
    pub saved: RwSignal<SavedSettings>,
    /// The profile this tab uses, by name: the URL's `?profile=` once seen
    /// (`components::profile_select` keeps it), else none.
    pub profile: RwSignal<Option<String>>,
    /// The profile this browser used last, as it was when the tab opened
    /// (later choices in other tabs do not move this one).
    pub remembered_profile: StoredValue<Option<String>>,
    pub auth_token: RwSignal<Option<String>>,
    /// Saved settings that could not be used; shown on the Settings page.
    pub settings_warning: RwSignal<Option<String>>,
    pub base_path: StoredValue<String>,
    /// EIP bindings tried in this tab, newest first. Lives here, not in the
    /// page, so a request that finishes after the admin left is recorded.
    pub eip_activity: RwSignal<Vec<EipActivity>>,
    /// The bind POST: `pending()`, `input()` (the request running) and
    /// `value()` (its outcome) outlive the page, like the activity list.
    pub bind_eip: Write<BindEipRequest, Result<BindEipRequest, ApiError>>,
    /// The latest bind as "Copy as curl" gives it.
    pub bind_eip_curl: RwSignal<Option<String>>,
    /// The latest binding policy change and import, likewise.
    pub binding_policy_curl: RwSignal<Option<String>>,
    pub import_curl: RwSignal<Option<String>>,
    /// The latest unbinding run from the EIP list; it goes on, and is
    /// reported, when the admin leaves the page.
    pub unbinding: RwSignal<Option<Unbinding>>,
    /// The binding policy POST; its outcome outlives the page.
    pub binding_policy: Write<
        crate::api::binding_writes::BindingPolicy,
        Result<crate::api::binding_writes::BindingPolicy, ApiError>,
    >,
    /// The CSV import's create: the text being imported while it runs,
    /// then the outcome of every line; both outlive the page.
    pub import: Write<std::sync::Arc<str>, std::sync::Arc<crate::import::ImportDone>>,
}

/// One bind attempt, for the page's recent-activity list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EipActivity {
    pub eip_id: String,
    pub desktop_id: String,
    /// None when bound; the error in one line otherwise.
    pub error: Option<String>,
}

impl EipActivity {
    /// The list as kept in sessionStorage.
    pub fn list_to_json(list: &[EipActivity]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|entry| {
                json::object_text(&[
                    ("eip_id", Some(Member::Text(&entry.eip_id))),
                    ("desktop_id", Some(Member::Text(&entry.desktop_id))),
                    ("error", entry.error.as_deref().map(Member::Text)),
                ])
            })
            .collect();
        json::array_text(&items)
    }

    /// Reads what `list_to_json` wrote; entries that do not read are dropped.
    pub fn list_from_json(text: &str) -> Vec<EipActivity> {
        let Ok(Value::Array(items)) = json::parse(text) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                let item = item.as_object()?;
                Some(EipActivity {
                    eip_id: json::optional_text(item, "eip_id").ok()??,
                    desktop_id: json::optional_text(item, "desktop_id").ok()??,
                    error: json::optional_text(item, "error").ok()?,
                })
            })
            .take(MAX_ACTIVITY)
            .collect()
    }
}

/// Most entries kept in the recent-activity list.
const MAX_ACTIVITY: usize = 20;

/// Records an outcome, newest first, and keeps it for this tab.
fn record_eip_activity(activity: RwSignal<Vec<EipActivity>>, entry: EipActivity) {
    activity.update(|list| {
        list.insert(0, entry);
        list.truncate(MAX_ACTIVITY);
    });
    let json = activity.with_untracked(|list| EipActivity::list_to_json(list));
    let _ = browser::write(Area::Session, RECENT_BINDINGS_KEY, &json);
}

impl AppState {
    /// Binds an EIP: one POST, never retried; the outcome is recorded
    /// whether or not the page is still open.
    pub fn bind_eip(&self, config: ApiConfig, request: BindEipRequest) {
        let activity = self.eip_activity;
        self.bind_eip_curl.set(Some(browser::curl_command(
            crate::api::Method::Post,
            &crate::api::bind_eip_url(&config),
            Some(&request.to_json()),
        )));
        let send = {
            let request = request.clone();
            async move {
                let result = crate::api::bind_eip(&config, &request).await;
                record_eip_activity(
                    activity,
                    EipActivity {
                        eip_id: request.eip_id.clone(),
                        desktop_id: request.desktop_id.clone(),
                        error: result.as_ref().err().map(ApiError::summary),
                    },
                );
                result.map(|()| request)
            }
        };
        self.bind_eip.dispatch(request, send);
    }

    /// Sets the binding policy: one POST, never retried.
    pub fn set_binding_policy(
        &self,
        config: ApiConfig,
        policy: crate::api::binding_writes::BindingPolicy,
    ) {
        self.binding_policy_curl.set(Some(browser::curl_command(
            crate::api::Method::Post,
            &crate::api::binding_policy_url(&config),
            Some(&policy.to_json()),
        )));
        let send = {
            let policy = policy.clone();
            async move {
                crate::api::client::set_binding_policy(&config, &policy)
                    .await
                    .map(|()| policy)
            }
        };
        self.binding_policy.dispatch(policy, send);
    }

    /// Imports the ready lines of `lines`, read from `text`: one create,
    /// never retried; the outcome is recorded whether or not the page is
    /// still open.
    pub fn import_bindings(
        &self,
        config: ApiConfig,
        text: String,
        lines: Vec<crate::bindings_csv::ImportLine>,
    ) {
        let request = crate::import::create_request(&lines);
        self.import_curl.set(Some(browser::curl_command(
            crate::api::Method::Post,
            &crate::api::binding_desktops_url(&config),
            Some(&request.to_json()),
        )));
        let running: std::sync::Arc<str> = std::sync::Arc::from(text.as_str());
        let send = async move {
            let result = crate::api::client::create_bindings(&config, &request).await;
            std::sync::Arc::new(crate::import::ImportDone::new(text, lines, result))
        };
        self.import.dispatch(running, send);
    }

    /// Unbinds the targets' EIPs, one request after another; a failure
    /// stops the rest (never retried). Callers check that no run is going.
    pub fn unbind_eips(&self, config: ApiConfig, targets: Vec<Target>) {
        let unbinding = self.unbinding;
        let run = Unbinding::new(targets);
        let requests = run.requests();
        unbinding.set(Some(run));
        leptos::task::spawn_local(async move {
            for (index, request) in requests.iter().enumerate() {
                let record = |outcome| {
                    unbinding.try_update(|run| {
                        if let Some(run) = run {
                            run.record(index, outcome)
                        }
                    })
                };
                record(Outcome::Sending);
                let result = crate::api::unbind_eips(&config, request).await;
                let failed = result.is_err();
                record(match result {
                    Ok(()) => Outcome::Done,
                    Err(error) => Outcome::Failed(error),
                });
                if failed {
                    break;
                }
            }
        });
    }

    /// True while an unbinding run has requests not yet answered.
    pub fn unbinding_running(&self) -> bool {
        self.unbinding
            .with(|run| run.as_ref().is_some_and(|run| !run.finished()))
    }

    /// Reads this browser's settings; `config.json` starts loading separately.
    pub fn from_browser(base_path: String) -> Self {
        let (saved, settings_warning) = match browser::read(Area::Local, SETTINGS_KEY) {
            Ok(None) => (SavedSettings::default(), None),
            Ok(Some(text)) => match SavedSettings::parse(&text) {
                Ok(saved) => (saved, None),
                Err(problem) => (
                    SavedSettings::default(),
                    Some(tf(
                        "{0}, so the defaults from config.json apply.",
                        &[&problem],
                    )),
                ),
            },
            Err(problem) => (
                SavedSettings::default(),
                Some(tf("Settings cannot be saved: {0}.", &[&problem])),
            ),
        };
        let auth_token = browser::read(Area::Session, TOKEN_KEY).ok().flatten();
        let eip_activity = RwSignal::new(
            browser::read(Area::Session, RECENT_BINDINGS_KEY)
                .ok()
                .flatten()
                .map(|json| EipActivity::list_from_json(&json))
                .unwrap_or_default(),
        );
        AppState {
            deploy: RwSignal::new(DeployLoad::Loading),
            saved: RwSignal::new(saved),
            profile: RwSignal::new(browser::url_param(crate::profiles::PROFILE_PARAM)),
            remembered_profile: StoredValue::new(
                browser::read(Area::Local, browser::PROFILE_KEY)
                    .ok()
                    .flatten(),
            ),
            auth_token: RwSignal::new(auth_token.filter(|t| !t.is_empty())),
            settings_warning: RwSignal::new(settings_warning),
            base_path: StoredValue::new(base_path),
            eip_activity,
            bind_eip: Write::new(),
            bind_eip_curl: RwSignal::new(None),
            binding_policy_curl: RwSignal::new(None),
            import_curl: RwSignal::new(None),
            unbinding: RwSignal::new(None),
            binding_policy: Write::new(),
            import: Write::new(),
        }
    }

    /// The settings that apply now (reactive), or why there are none.
    pub fn api_config(&self) -> Option<Result<ApiConfig, ConfigProblem>> {
        let token = self.auth_token.get();
        let profile = self.current_profile();
        let saved = self.saved_for(profile.as_ref());
        self.deploy.with(|deploy| match deploy {
            DeployLoad::Loading => None,
            DeployLoad::Ready(config) => {
                let config = config.for_profile(profile.as_ref());
                Some(resolve(Ok(&config), &saved, token.as_deref()))
            }
            DeployLoad::Failed(problem) => Some(resolve(Err(problem), &saved, token.as_deref())),
        })
    }

    /// `config.json`'s profiles (reactive); empty without them.
    pub fn profiles(&self) -> Vec<crate::profiles::Profile> {
        self.deploy.with(|deploy| match deploy {
            DeployLoad::Ready(config) => config.profiles.clone(),
            _ => Vec::new(),
        })
    }

    /// The profile in use (reactive): this tab's, else the one this
    /// browser used last, else the first; none without profiles.
    pub fn current_profile(&self) -> Option<crate::profiles::Profile> {
        let tab = self.profile.get();
        self.deploy.with(|deploy| {
            let DeployLoad::Ready(config) = deploy else {
                return None;
            };
            self.remembered_profile.with_value(|remembered| {
                crate::profiles::current(&config.profiles, tab.as_deref(), remembered.as_deref())
                    .cloned()
            })
        })
    }

    /// Where Settings for the profile in use are kept (reactive).
    pub fn settings_key(&self) -> String {
        crate::profiles::settings_key(SETTINGS_KEY, self.current_profile().as_ref())
    }

    /// This browser's saved settings for the profile in use (reactive).
    pub fn saved_settings(&self) -> SavedSettings {
        self.saved_for(self.current_profile().as_ref())
    }

    fn saved_for(&self, profile: Option<&crate::profiles::Profile>) -> SavedSettings {
        let saved = self.saved.get();
        match profile {
            None => saved,
            Some(profile) => {
                let key = crate::profiles::settings_key(SETTINGS_KEY, Some(profile));
                browser::read(Area::Local, &key)
                    .ok()
                    .flatten()
                    .and_then(|text| SavedSettings::parse(&text).ok())
                    .unwrap_or_default()
            }
        }
    }

    /// `config.json`'s defaults for the profile in use (reactive).
    pub fn deploy_config(&self) -> Option<DeployConfig> {
        let profile = self.current_profile();
        self.deploy.with(|deploy| match deploy {
            DeployLoad::Ready(config) => Some(config.for_profile(profile.as_ref())),
            _ => None,
        })
    }

    /// `config.json` under the site's base path.
    pub fn config_url(&self) -> String {
        format!("{}config.json", self.base_path.get_value())
    }
}

pub fn use_app_state() -> AppState {
    match use_context::<AppState>() {
        Some(state) => state,
        // Only reachable if a component is mounted outside `App` (tests do
        // that through `provide_app_state`); fall back to a fresh state.
        None => {
            let state = AppState::from_browser(browser::base_path());
            provide_context(state);
            state
        }
    }
}

/// Fetches `config.json` (through `api::client`, like every request) and
/// records the outcome.
pub async fn load_deploy_config(state: AppState) {
    let outcome = match crate::api::client::site_file(&state.config_url()).await {
        Ok((status, text)) if (200..300).contains(&status) => match DeployConfig::parse(&text) {
            Ok(config) => DeployLoad::Ready(config),
            // The sentence ends the problem: its own full stop ("." or "。") goes.
            Err(problem) => DeployLoad::Failed(tf(
                "config.json is not usable: {0}.",
                &[&problem.trim_end_matches(['.', '。'])],
            )),
        },
        Ok((status, _)) => DeployLoad::Failed(tf(
            "config.json could not be loaded: the server answered HTTP {0}.",
            &[&status],
        )),
        Err(ApiError::Network { detail, .. }) => {
            DeployLoad::Failed(tf("config.json could not be fetched ({0}).", &[&detail]))
        }
        Err(ApiError::Redirect { .. }) => DeployLoad::Failed(
            t(
                "config.json could not be loaded: the server answered with a redirect, usually \
                 to a sign-in page. Reload the console to sign in again.",
            )
            .into(),
        ),
        Err(ApiError::Timeout { timeout_ms, .. }) => DeployLoad::Failed(tf(
            "config.json could not be loaded: no answer within {0}.",
            &[&crate::api::error::format_duration(timeout_ms)],
        )),
        Err(other) => DeployLoad::Failed(tf(
            "config.json could not be loaded: {0}",
            &[&other.headline()],
        )),
    };
    state.deploy.set(outcome);
}

#[cfg(test)]
mod tests {
    use super::EipActivity;

    #[test]
    fn recent_activity_round_trip() {
        let list = vec![
            EipActivity {
                eip_id: "eip-1".into(),
                desktop_id: "d\"1".into(),
                error: Some("WKS.0001 bad".into()),
            },
            EipActivity {
                eip_id: "eip-2".into(),
                desktop_id: "d2".into(),
                error: None,
            },
        ];
        let text = EipActivity::list_to_json(&list);
        assert_eq!(EipActivity::list_from_json(&text), list);
    }

    #[test]
    fn unreadable_activity_is_dropped() {
        assert!(EipActivity::list_from_json("not json").is_empty());
        assert!(EipActivity::list_from_json(r#"{"eip_id": "x"}"#).is_empty());
        let kept = EipActivity::list_from_json(
            r#"[{"eip_id": "a"}, 5, {"eip_id": "b", "desktop_id": "c", "error": 1},
                {"eip_id": "e", "desktop_id": "f"}]"#,
        );
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].eip_id, "e");
    }
}
