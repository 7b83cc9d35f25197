//! Errors in the service's own shape: a status and
//! `{"error_code": "WKS.xxxx", "error_msg": "..."}`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WksError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl WksError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        WksError {
            status,
            code,
            message: message.into(),
        }
    }

    /// A parameter the API rejects.
    pub fn invalid(message: impl Into<String>) -> Self {
        WksError::new(400, "WKS.0001", message)
    }

    pub fn body(&self) -> String {
        serde_json::json!({ "error_code": self.code, "error_msg": self.message }).to_string()
    }
}

impl axum::response::IntoResponse for WksError {
    fn into_response(self) -> axum::response::Response {
        let status =
            axum::http::StatusCode::from_u16(self.status).unwrap_or(axum::http::StatusCode::OK);
        (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.body(),
        )
            .into_response()
    }
}
