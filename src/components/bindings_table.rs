use leptos::prelude::*;

use super::CopyButton;
use crate::api::TerminalBinding;

/// Descriptions longer than this are cut, with the full text one click away.
const DESCRIPTION_PREVIEW_CHARS: usize = 80;

/// The "Terminal bindings" table. Every value is a text node.
#[component]
pub fn BindingsTable(
    rows: Vec<TerminalBinding>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="bindings" aria-busy=move || busy.get().then_some("true") class:busy=busy>
                <caption>"Terminal bindings"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Desktop name"</th>
                        <th scope="col">"MAC address"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Binding ID"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| view! { <BindingRow row /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn BindingRow(row: TerminalBinding) -> impl IntoView {
    let description = if row.description.chars().count() > DESCRIPTION_PREVIEW_CHARS {
        let preview: String = row
            .description
            .chars()
            .take(DESCRIPTION_PREVIEW_CHARS)
            .collect();
        view! {
            <details class="description">
                <summary>{preview} "…"</summary>
                <p>{row.description}</p>
            </details>
        }
        .into_any()
    } else {
        row.description.into_any()
    };
    let mac_label = format!("MAC address {}", row.mac);
    let id_label = format!("binding ID {}", row.id);
    view! {
        <tr>
            <td class="name">{row.desktop_name}</td>
            <td class="mono">
                <span>{row.mac.clone()}</span>
                {(!row.mac.is_empty()).then(|| view! { <CopyButton text=row.mac what=mac_label /> })}
            </td>
            <td>{description}</td>
            <td class="mono">
                <span>{row.id.clone()}</span>
                {(!row.id.is_empty()).then(|| view! { <CopyButton text=row.id what=id_label /> })}
            </td>
        </tr>
    }
}
