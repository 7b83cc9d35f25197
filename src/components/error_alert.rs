use leptos::prelude::*;

use super::CopyButton;
use crate::api::ApiError;

/// Shows an API error part by part: a plain headline, then the HTTP status,
/// the Huawei error fields and, collapsed, the encoded authorization message.
#[component]
pub fn ErrorAlert(
    error: ApiError,
    /// Offers "Retry" when given (never for a POST).
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let headline = error.headline();
    let status = error.status();
    let (body, excerpt, detail) = match &error {
        ApiError::Service { body, .. } => (Some(body.clone()), None, None),
        ApiError::UnexpectedBody { excerpt, .. } => (None, Some(excerpt.clone()), None),
        ApiError::Malformed { .. } => (None, None, None),
        ApiError::Network { detail, .. } => (None, None, Some(detail.clone())),
        ApiError::Timeout { .. } | ApiError::Redirect { .. } => (None, None, None),
    };
    let body = body.unwrap_or_default();
    let row = |term: &'static str, value: Option<String>| {
        value.map(|value| view! { <dt>{term}</dt><dd>{value}</dd> })
    };
    let encoded = body.encoded_authorization_message.clone();

    view! {
        <div class="alert error" role="alert">
            <p class="headline">{headline}</p>
            <dl class="error-fields">
                {row("HTTP status", status.map(|s| s.to_string()))}
                {row("Error code", body.error_code.clone())}
                {row("Message", body.error_msg.clone())}
                {row("Detail", body.error_detail.clone())}
                {row("Request ID", body.request_id.clone())}
                {row("Response excerpt", excerpt.filter(|e| !e.is_empty()))}
                {row("Browser message", detail)}
            </dl>
            {encoded
                .map(|message| {
                    view! {
                        <details class="encoded-message">
                            <summary>"Encoded authorization message"</summary>
                            <p>
                                "Decode it with STS decode-authorization-message to see why access was denied."
                            </p>
                            <pre class="encoded">{message.clone()}</pre>
                            <CopyButton text=message what="encoded authorization message" />
                        </details>
                    }
                })}
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" on:click=move |_| retry.run(())>
                            "Retry"
                        </button>
                    }
                })}
        </div>
    }
}
