//! One module per page. Each wires signals to markup; what it computes comes
//! from `query`, `validation`, `config` and `api`.

mod bind_eip;
mod binding_policy;
mod bindings;
mod eips;
mod import_bindings;
mod manage_bindings;
mod not_found;
mod settings;

pub use bind_eip::BindEipPage;
pub use binding_policy::BindingPolicySection;
pub use bindings::BindingsPage;
pub use eips::EipsPage;
pub use import_bindings::ImportBindingsPage;
pub use manage_bindings::manage_bindings;
pub use not_found::NotFoundPage;
pub use settings::SettingsPage;
