//! One module per page. Each wires signals to markup; what it computes comes
//! from `query`, `validation`, `config` and `api`.

mod bind_eip;
#[cfg(feature = "manage-bindings")]
mod binding_policy;
mod bindings;
mod eips;
#[cfg(feature = "manage-bindings")]
mod import_bindings;
mod not_found;
mod settings;

pub use bind_eip::BindEipPage;
#[cfg(feature = "manage-bindings")]
pub use binding_policy::BindingPolicySection;
pub use bindings::BindingsPage;
pub use eips::EipsPage;
#[cfg(feature = "manage-bindings")]
pub use import_bindings::ImportBindingsPage;
pub use not_found::NotFoundPage;
pub use settings::SettingsPage;
