use wasm_bindgen::JsCast;
use web_sys::Element;

use super::dom::{El, column_headers, copy_button, draw_table, el, set_checked, text_el};
use crate::api::TerminalBinding;
use crate::i18n::{t, tf};

/// Descriptions longer than this are cut, with the full text one click away.
const DESCRIPTION_PREVIEW_CHARS: usize = 80;

/// The "Terminal bindings" table drawn into `holder`, with the ticks of
/// now (the page keeps them up to date); every value is a text node. Its
/// controls report to the page's listeners by binding ID (`data-action`
/// "tick", "tick-all", "edit").
pub fn bindings_table(holder: &Element, rows: &[TerminalBinding], ticked: &[TerminalBinding]) {
    let is_ticked = |row: &TerminalBinding| ticked.iter().any(|t| t.id == row.id);
    let all = el("input")
        .attr("type", "checkbox")
        .attr("aria-label", t("Select all on this page"))
        .attr("data-action", "tick-all");
    set_checked(&all.0, !rows.is_empty() && rows.iter().all(is_ticked));
    let head = el("tr")
        .child(el("th").attr("scope", "col").child(all))
        .children(column_headers(&[
            t("Desktop name"),
            t("MAC address"),
            t("Description"),
            t("Binding ID"),
        ]))
        .child(
            el("th")
                .attr("scope", "col")
                .child(text_el("span", t("Actions")).class("visually-hidden")),
        );
    let body = draw_table(holder, "bindings", t("Terminal bindings"), head);
    let template = row_template();
    for row in rows {
        if let Ok(tr) = template.0.clone_node_with_deep(true) {
            fill_row(tr.unchecked_ref(), row, is_ticked(row));
            let _ = body.append_with_node_1(&tr);
        }
    }
}

/// One row drawn once and cloned for every row: a row then costs a clone
/// and a few texts instead of a dozen new elements (README, Speed).
fn row_template() -> El {
    let copyable = || {
        el("td")
            .class("mono")
            .child(el("span"))
            .child(copy_button(""))
    };
    let tick = el("input")
        .attr("type", "checkbox")
        .attr("data-action", "tick");
    let edit = el("button")
        .attr("type", "button")
        .attr("data-action", "edit")
        .text(t("Edit"));
    el("tr").children([
        el("td").child(tick),
        el("td").class("name"),
        copyable(),
        el("td"),
        copyable(),
        el("td").child(edit),
    ])
}

fn fill_row(tr: &Element, row: &TerminalBinding, ticked: bool) {
    let select = tr.first_element_child();
    let name = select.as_ref().and_then(Element::next_element_sibling);
    let mac = name.as_ref().and_then(Element::next_element_sibling);
    let description = mac.as_ref().and_then(Element::next_element_sibling);
    let id = description.as_ref().and_then(Element::next_element_sibling);
    if let Some(name) = name {
        name.set_text_content(Some(&row.desktop_name));
    }
    fill_copyable(mac, &row.mac, |mac| tf("Copy MAC address {0}", &[&mac]));
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
    fill_copyable(id.clone(), &row.id, |id| tf("Copy binding ID {0}", &[&id]));
    if let Some(tick) = select.and_then(|cell| cell.first_element_child()) {
        name_control(
            &tick,
            tf("Select {0} {1}", &[&row.desktop_name, &row.mac]),
            row,
        );
        set_checked(&tick, ticked);
    }
    let actions = id.and_then(|cell| cell.next_element_sibling());
    if let Some(edit) = actions.and_then(|cell| cell.first_element_child()) {
        name_control(
            &edit,
            tf("Edit {0} {1}", &[&row.desktop_name, &row.mac]),
            row,
        );
    }
}

/// A row's control carries its binding ID and is named for the row, like
/// "Edit dsk-01 AA-BB-CC-DD-EE-01".
fn name_control(control: &Element, name: String, row: &TerminalBinding) {
    let _ = control.set_attribute("data-id", &row.id);
    let _ = control.set_attribute("aria-label", &name);
}

/// The value, and a copy button named for it by `name` (none for an
/// empty value).
fn fill_copyable(cell: Option<Element>, value: &str, name: impl Fn(&str) -> String) {
    let Some(value_at) = cell.as_ref().and_then(Element::first_element_child) else {
        return;
    };
    value_at.set_text_content(Some(value));
    let Some(button) = value_at.next_element_sibling() else {
        return;
    };
    if value.is_empty() {
        button.remove();
    } else {
        let _ = button.set_attribute("aria-label", &name(value));
    }
}
