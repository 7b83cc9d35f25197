//! The app shell: state, `config.json` loading, the route table and the
//! navigation every page shares.

use leptos::prelude::*;

use crate::components::{AppLink, HeaderControls};
use leptos::task::spawn_local;
use leptos_router::components::{FlatRoutes, Redirect, Route, Router};
use leptos_router::path;
use leptos_router::{Lazy, LazyRoute};

use crate::browser;
use crate::i18n::t;
use crate::pages::{
    BindEipPage, BindingsPage, EipsPage, ImportBindingsPage, NotFoundPage, SettingsPage,
};
use crate::routes;
use crate::state::{AppState, DeployLoad, load_deploy_config};

#[component]
pub fn App() -> impl IntoView {
    let base_path = browser::base_path();
    let state = AppState::from_browser(base_path.clone());
    provide_context(state);
    spawn_local(load_deploy_config(state));

    // The router matches paths under the site's base (`/console` when built
    // with `--public-url /console/`); "" when served from `/`.
    let router_base = base_path.trim_end_matches('/').to_owned();

    view! {
        <Router base=router_base>
            <header class="top">
                <span class="brand">{t("Workspace console")}</span>
                <nav aria-label=t("Main")>
                    <AppLink href=routes::BINDINGS>{t("Bindings")}</AppLink>
                    <AppLink href=routes::EIPS>{t("EIPs")}</AppLink>
                    <AppLink href=routes::BIND_EIP>{t("Bind EIP")}</AppLink>
                    <AppLink href=routes::SETTINGS>{t("Settings")}</AppLink>
                </nav>
                <HeaderControls />
            </header>
            <main>
                <DeployConfigNotice />
                <FlatRoutes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path=routes::BINDINGS /> } />
                    <Route path=routes::BINDINGS_MATCH view=BindingsPage />
                    <Route path=routes::BIND_EIP_MATCH view={Lazy::<BindEipRoute>::new()} />
                    <Route path=routes::EIPS_MATCH view={Lazy::<EipsRoute>::new()} />
                    <Route path=routes::SETTINGS_MATCH view={Lazy::<SettingsRoute>::new()} />
                    <Route path=routes::BINDINGS_IMPORT_MATCH view={Lazy::<ImportBindingsRoute>::new()} />
                </FlatRoutes>
            </main>
        </Router>
    }
}

/// Names `config.json` and its problem on every page, so the operator sees
/// it wherever the admin is.
#[component]
fn DeployConfigNotice() -> impl IntoView {
    let state = crate::state::use_app_state();
    move || {
        match state.deploy.get() {
            DeployLoad::Loading => Some(
                view! { <p class="loading" role="status">{t("Loading configuration…")}</p> }
                    .into_any(),
            ),
            DeployLoad::Failed(problem) => {
                // One sentence around its link: the link goes where `{0}` is.
                let sentence = t("Ask the operator to fix config.json, or enter the API \
                                  settings for this browser in {0}.");
                let (before, after) = sentence.split_once("{0}").unwrap_or((sentence, ""));
                Some(
                    view! {
                        <div class="alert error" role="alert">
                            <p>{problem}</p>
                            <p>
                                {before}
                                <AppLink href=routes::SETTINGS>{t("Settings")}</AppLink>
                                {after}
                            </p>
                        </div>
                    }
                    .into_any(),
                )
            }
            DeployLoad::Ready(_) => None,
        }
    }
}

// Pages other than the bindings list are lazy routes: with `--features
// split` (every Trunk build) each becomes a split point, its code a wasm file
// of its own fetched when the page first opens (README, size table);
// without it they are ordinary routes (the macro wants `view` sync, the
// trait without it a future).
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[cfg(feature = "split")]
        #[leptos_router::lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                view! { <$page /> }.into_any()
            }
        }

        #[cfg(not(feature = "split"))]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(this: Self) -> AnyView {
                let $route = this;
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(BindEipRoute, BindEipPage);
lazy_page!(EipsRoute, EipsPage);
lazy_page!(SettingsRoute, SettingsPage);
lazy_page!(ImportBindingsRoute, ImportBindingsPage);
