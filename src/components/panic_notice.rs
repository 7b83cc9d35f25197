//! A panic must never leave a blank page: the hook logs it to the console
//! (with the Rust message) and puts a readable notice into the page.

use std::panic;

const NOTICE_ID: &str = "panic-notice";

pub fn install() {
    panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_notice();
    }));
}

/// Plain DOM calls: after a panic the reactive runtime cannot be trusted.
/// Shown once, however many panics follow.
pub fn show_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(NOTICE_ID).is_some() {
        return;
    }
    let (Ok(notice), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    notice.set_id(NOTICE_ID);
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("class", "panic-notice");
    let text = crate::i18n::t(
        "The console hit an internal error and stopped responding. \
        Reload the page to continue; what you typed may be lost. Details are in the browser's \
        developer console.",
    );
    notice.set_text_content(Some(text));
    let _ = body.prepend_with_node_1(&notice);
}
