use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{El, column_headers, copy_button, el, table, text_el};
use crate::api::TerminalBinding;

/// Descriptions longer than this are cut, with the full text one click away.
const DESCRIPTION_PREVIEW_CHARS: usize = 80;

/// The "Terminal bindings" table. Every value is a text node.
pub fn bindings_table(rows: &[TerminalBinding]) -> El {
    let body = el("tbody");
    let template = row_template();
    for row in rows {
        if let Ok(tr) = template.0.clone_node_with_deep(true) {
            fill_row(tr.unchecked_ref(), row);
            let _ = body.0.append_with_node_1(&tr);
        }
    }
    let head = el("tr").children(column_headers(&[
        "Desktop name",
        "MAC address",
        "Description",
        "Binding ID",
    ]));
    table("bindings", "Terminal bindings", head, body)
}

/// One row drawn once and cloned for every row: a row then costs a clone
/// and a few texts instead of a dozen new elements (README, Speed).
fn row_template() -> El {
    let copyable = || {
        el("td")
            .class("mono")
            .child(el("span"))
            .children(copy_button(""))
    };
    el("tr").children([el("td").class("name"), copyable(), el("td"), copyable()])
}

fn fill_row(tr: &Element, row: &TerminalBinding) {
    let name = tr.first_element_child();
    let mac = name.as_ref().and_then(Element::next_element_sibling);
    let description = mac.as_ref().and_then(Element::next_element_sibling);
    let id = description.as_ref().and_then(Element::next_element_sibling);
    if let Some(name) = name {
        name.set_text_content(Some(&row.desktop_name));
    }
    fill_copyable(mac, &row.mac, "MAC address");
    if let Some(description) = description {
        if row.description.chars().count() > DESCRIPTION_PREVIEW_CHARS {
            let preview: String = row
                .description
                .chars()
                .take(DESCRIPTION_PREVIEW_CHARS)
                .collect();
            let details = el("details")
                .class("description")
                .child(el("summary").text(&preview).text("…"))
                .child(text_el("p", &row.description));
            let _ = description.append_with_node_1(&details.0);
        } else {
            description.set_text_content(Some(&row.description));
        }
    }
    fill_copyable(id, &row.id, "binding ID");
}

/// The value, and a copy button named for it (none for an empty value).
fn fill_copyable(cell: Option<Element>, value: &str, what: &str) {
    let Some(value_at) = cell.as_ref().and_then(Element::first_element_child) else {
        return;
    };
    value_at.set_text_content(Some(value));
    let Some(button) = value_at.next_element_sibling() else {
        return;
    };
    if value.is_empty() {
        if let Some(outcome) = button.next_element_sibling() {
            outcome.remove();
        }
        button.remove();
    } else {
        let _ = button.set_attribute("aria-label", &format!("Copy {what} {value}"));
    }
}
