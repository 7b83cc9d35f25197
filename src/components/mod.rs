//! UI pieces shared by the pages. They take signals and render markup; the
//! logic they show comes from the pure modules.

pub mod app_link;
pub mod bindings_table;
pub mod config_required;
pub mod copy_curl;
pub mod dialog;
pub mod dom;
pub mod error_alert;
pub mod field;
pub mod header_controls;
pub mod latest;
pub mod list_page;
pub mod panic_notice;
pub mod pickers;
pub mod profile_select;
pub mod write;

pub use app_link::AppLink;
pub use bindings_table::bindings_table;
pub use config_required::{ConfigRequired, WithApiConfig};
pub use copy_curl::CopyCurl;
pub use dialog::{ConfirmDialog, FormDialog};
pub use error_alert::ErrorAlert;
pub use field::{CheckboxField, TextField};
pub use header_controls::HeaderControls;
pub use list_page::{ListFilters, ListPage, ListResults};
pub use write::Write;
