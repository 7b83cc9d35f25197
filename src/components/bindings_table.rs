use super::dom::{El, column_headers, copy_button, el, table, text_el};
use crate::api::TerminalBinding;

/// Descriptions longer than this are cut, with the full text one click away.
const DESCRIPTION_PREVIEW_CHARS: usize = 80;

/// The "Terminal bindings" table. Every value is a text node.
pub fn bindings_table(rows: &[TerminalBinding]) -> El {
    let body = el("tbody").children(rows.iter().map(binding_row));
    let head = el("tr").children(column_headers(&[
        "Desktop name",
        "MAC address",
        "Description",
        "Binding ID",
    ]));
    table("bindings", "Terminal bindings", head, body)
}

fn binding_row(row: &TerminalBinding) -> El {
    let description = if row.description.chars().count() > DESCRIPTION_PREVIEW_CHARS {
        let preview: String = row
            .description
            .chars()
            .take(DESCRIPTION_PREVIEW_CHARS)
            .collect();
        el("td").child(
            el("details")
                .class("description")
                .child(el("summary").text(&preview).text("…"))
                .child(text_el("p", &row.description)),
        )
    } else {
        text_el("td", &row.description)
    };
    let copyable = |value: &str, what: &str| {
        let cell = el("td").class("mono").child(text_el("span", value));
        if value.is_empty() {
            cell
        } else {
            cell.children(copy_button(&format!("{what} {value}")))
        }
    };
    el("tr").children([
        text_el("td", &row.desktop_name).class("name"),
        copyable(&row.mac, "MAC address"),
        description,
        copyable(&row.id, "binding ID"),
    ])
}
