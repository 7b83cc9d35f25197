use leptos::html;
use leptos::prelude::*;

use super::dom::{El, action_of, copy_button, copy_clicked, el, mount, text_el};
use crate::api::ApiError;
use crate::i18n::t;

/// Shows an API error part by part: a plain headline, then the HTTP status,
/// the Huawei error fields and, collapsed, the encoded authorization message.
#[component]
pub fn ErrorAlert(
    error: ApiError,
    /// Offers "Retry" when given (never for a POST).
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let holder = NodeRef::<html::Div>::new();
    mount(holder, vec![error_alert(&error, on_retry.is_some())]);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if copy_clicked(&ev) {
            return;
        }
        if let (Some((action, _)), Some(retry)) = (action_of(&ev), on_retry)
            && action == "retry"
        {
            retry.run(());
        }
    };
    view! { <div node_ref=holder on:click=on_click></div> }
}

/// The alert as plain DOM; a "Retry" button reports `retry` to its
/// container.
pub fn error_alert(error: &ApiError, retry: bool) -> El {
    let (body, excerpt, detail) = match error {
        ApiError::Service { body, .. } => (Some(body.clone()), None, None),
        ApiError::UnexpectedBody { excerpt, .. } => (None, Some(excerpt.clone()), None),
        ApiError::Malformed { .. } => (None, None, None),
        ApiError::Network { detail, .. } => (None, None, Some(detail.clone())),
        ApiError::Timeout { .. } | ApiError::Redirect { .. } => (None, None, None),
    };
    let body = body.unwrap_or_default();
    let rows = [
        (t("HTTP status"), error.status().map(|s| s.to_string())),
        (t("Error code"), body.error_code.clone()),
        (t("Message"), body.error_msg.clone()),
        (t("Detail"), body.error_detail.clone()),
        (t("Request ID"), body.request_id.clone()),
        (t("Response excerpt"), excerpt.filter(|e| !e.is_empty())),
        (t("Browser message"), detail),
    ];
    let fields = el("dl").class("error-fields").children(
        rows.into_iter()
            .filter_map(|(term, value)| Some([text_el("dt", term), text_el("dd", &value?)]))
            .flatten(),
    );
    let mut alert = el("div")
        .class("alert error")
        .attr("role", "alert")
        .child(text_el("p", &error.headline()).class("headline"))
        .child(fields);
    if let Some(message) = &body.encoded_authorization_message {
        let decode = t(
            "Decode it with STS decode-authorization-message to see why access \
                        was denied.",
        );
        alert = alert.child(
            el("details")
                .class("encoded-message")
                .child(text_el("summary", t("Encoded authorization message")))
                .child(text_el("p", decode))
                .child(text_el("pre", message).class("encoded"))
                .child(copy_button(t("encoded authorization message"))),
        );
    }
    if retry {
        alert = alert.child(
            el("button")
                .attr("type", "button")
                .attr("data-action", "retry")
                .text(t("Retry")),
        );
    }
    alert
}
