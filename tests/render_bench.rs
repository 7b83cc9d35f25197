//! Render timings of the bindings table against plain DOM calls inserting
//! the same rows, as medians. A benchmark, not a test: it asserts nothing
//! about time. Run by `cargo xtask bench` (release build, `--features bench`).
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

mod common;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use workspace_console::api::TerminalBinding;
use workspace_console::components::bindings_table;

wasm_bindgen_test_configure!(run_in_browser);

/// Samples per figure; each figure is their median.
const SAMPLES: usize = 11;
/// Operations timed together as one sample. A garbage collection pause
/// (about 6 ms) comes every other page of rows or so: timed one by one, the
/// median would say only on which side of it each draw fell, so a sample
/// times a run of draws and each way pays for the garbage it makes.
const BATCH: usize = 8;

fn rows(count: usize, seed: usize) -> Vec<TerminalBinding> {
    (0..count)
        .map(|i| TerminalBinding {
            id: format!("{:032x}", i * 7919 + seed),
            mac: format!(
                "AA-BB-CC-{:02X}-{:02X}-{:02X}",
                seed % 256,
                i / 256 % 256,
                i % 256
            ),
            desktop_name: format!("dsk-{seed}-{i:05}"),
            description: format!("Development, floor {}, desk {}", i % 12, i % 80),
        })
        .collect()
}

fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or_default()
}

fn fresh_root() -> HtmlElement {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Forces style and layout, so the time includes what the browser does
/// before it can paint.
fn layout(root: &HtmlElement) {
    let _ = root.offset_height();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values[values.len() / 2]
}

/// Median milliseconds to draw `count` rows into a new results area
/// (create) and to draw the next page of rows over them (replace).
///
/// Between samples the browser gets its turn: a page that never answers
/// for 30 s is given up by the WebDriver.
async fn times(count: usize, draw: impl Fn(&HtmlElement, &[TerminalBinding])) -> (f64, f64) {
    let pages: Vec<_> = (0..=BATCH).map(|seed| rows(count, seed)).collect();
    let (mut create, mut replace) = (Vec::new(), Vec::new());
    for _ in 0..SAMPLES {
        common::sleep(0).await;
        let roots: Vec<_> = (0..BATCH).map(|_| fresh_root()).collect();
        let start = now();
        for (root, page) in roots.iter().zip(&pages) {
            draw(root, page);
            layout(root);
        }
        create.push((now() - start) / BATCH as f64);
        for root in &roots[1..] {
            root.remove();
        }
        let start = now();
        for page in &pages[1..] {
            draw(&roots[0], page);
            layout(&roots[0]);
        }
        replace.push((now() - start) / BATCH as f64);
        roots[0].remove();
    }
    (median(create), median(replace))
}

/// As the list page draws a page of rows: the table drawn into the results
/// area, then kept when the next page arrives, its rows replaced.
async fn console_times(count: usize) -> (f64, f64) {
    times(count, |root, page| bindings_table(root, page, &[])).await
}

/// The same table an admin sees: a checkbox, four cells (two with a copy
/// button) and an Edit button per row, each control named.
fn plain_dom_fill(tbody: &web_sys::Element, data: &[TerminalBinding]) {
    let doc = document();
    for row in data {
        let tr = doc.create_element("tr").unwrap();
        let td = doc.create_element("td").unwrap();
        let tick = doc.create_element("input").unwrap();
        tick.set_attribute("type", "checkbox").unwrap();
        tick.set_attribute(
            "aria-label",
            &format!("Select {} {}", row.desktop_name, row.mac),
        )
        .unwrap();
        td.append_child(&tick).unwrap();
        tr.append_child(&td).unwrap();
        for (text, copy) in [
            (&row.desktop_name, false),
            (&row.mac, true),
            (&row.description, false),
            (&row.id, true),
        ] {
            let td = doc.create_element("td").unwrap();
            let span = doc.create_element("span").unwrap();
            span.set_text_content(Some(text));
            td.append_child(&span).unwrap();
            if copy {
                let button = doc.create_element("button").unwrap();
                button.set_text_content(Some("Copy"));
                td.append_child(&button).unwrap();
            }
            tr.append_child(&td).unwrap();
        }
        let td = doc.create_element("td").unwrap();
        let edit = doc.create_element("button").unwrap();
        edit.set_text_content(Some("Edit"));
        edit.set_attribute(
            "aria-label",
            &format!("Edit {} {}", row.desktop_name, row.mac),
        )
        .unwrap();
        td.append_child(&edit).unwrap();
        tr.append_child(&td).unwrap();
        tbody.append_child(&tr).unwrap();
    }
}

/// The table's frame written once as markup, then the rows by DOM calls
/// into its body, emptied for the next page.
async fn plain_dom_times(count: usize) -> (f64, f64) {
    times(count, |root, page| {
        let tbody = match root.query_selector("tbody").unwrap() {
            Some(tbody) => tbody,
            None => {
                root.set_inner_html(
                    "<div class=\"table-wrap\"><table class=\"bindings\"><caption>Terminal bindings</caption>\
                     <thead><tr><th><input type=\"checkbox\" aria-label=\"Select all on this page\"></th>\
                     <th>Desktop name</th><th>MAC address</th><th>Description</th><th>Binding ID</th><th>Actions</th></tr></thead>\
                     <tbody></tbody></table></div>",
                );
                root.query_selector("tbody").unwrap().unwrap()
            }
        };
        tbody.set_text_content(None);
        plain_dom_fill(&tbody, page);
    })
    .await
}

#[wasm_bindgen_test]
async fn render_bindings_table() {
    let mut lines = vec![format!(
        "BENCH {:<26} {:>10} {:>10} {:>7}",
        "table render (median ms)", "console", "plain DOM", "ratio"
    )];
    // Both paths once, unmeasured: the first calls compile and warm up
    // the code, which would otherwise be charged to whichever runs first.
    console_times(100).await;
    plain_dom_times(100).await;
    for count in [100, 1000] {
        let (console_create, console_replace) = console_times(count).await;
        let (dom_create, dom_replace) = plain_dom_times(count).await;
        for (what, ours, base) in [
            ("create", console_create, dom_create),
            ("replace", console_replace, dom_replace),
        ] {
            lines.push(format!(
                "BENCH {:<26} {ours:>10.2} {base:>10.2} {:>7.2}",
                format!("{count} rows, {what}"),
                ours / base.max(0.001)
            ));
        }
    }
    for line in lines {
        web_sys::console::log_1(&line.into());
    }
}
