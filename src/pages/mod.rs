//! One module per page. Each wires signals to markup; what it computes comes
//! from `query`, `validation`, `config` and `api`.

mod bind_eip;
mod bindings;
mod not_found;
mod settings;

pub use bind_eip::BindEipPage;
pub use bindings::BindingsPage;
pub use not_found::NotFoundPage;
pub use settings::SettingsPage;
