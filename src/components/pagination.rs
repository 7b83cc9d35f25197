use leptos::prelude::*;

use crate::query::{PAGE_SIZES, PageWindow};

/// Previous/Next, "Page x of y" and the page size, in a landmark named
/// "Pagination".
#[component]
pub fn Pagination(
    #[prop(into)] window: Signal<PageWindow>,
    on_offset: Callback<u32>,
    on_limit: Callback<u32>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let previous = move || window.get().previous_offset();
    let next = move || window.get().next_offset();
    view! {
        <nav class="pagination" aria-label="Pagination">
            <button
                type="button"
                disabled=move || previous().is_none()
                on:click=move |_| {
                    if let Some(offset) = previous() {
                        on_offset.run(offset)
                    }
                }
            >
                "Previous page"
            </button>
            <span class="page-of">
                {move || {
                    let w = window.get();
                    format!("Page {} of {}", w.page(), w.page_count())
                }}
            </span>
            <button
                type="button"
                disabled=move || next().is_none()
                on:click=move |_| {
                    if let Some(offset) = next() {
                        on_offset.run(offset)
                    }
                }
            >
                "Next page"
            </button>
            <label for="rows-per-page">"Rows per page"</label>
            <select
                id="rows-per-page"
                aria-busy=move || busy.get().then_some("true")
                on:change=move |ev| {
                    if let Ok(limit) = event_target_value(&ev).parse::<u32>() {
                        on_limit.run(limit)
                    }
                }
            >
                {PAGE_SIZES
                    .iter()
                    .map(|size| {
                        let size = *size;
                        view! {
                            <option
                                value=size.to_string()
                                prop:selected=move || window.get().limit == size
                            >
                                {size.to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </nav>
    }
}
