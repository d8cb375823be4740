//! If the app ever panics, the page must not just freeze. A panic stops the WebAssembly module
//! for good (release builds abort), so the hook shows a plain message and a way to reload, made
//! with the DOM directly: nothing of the app's own machinery can be trusted to run after it.

use std::panic::PanicHookInfo;

const MESSAGE_VI: &str =
    "Đã xảy ra lỗi ngoài dự kiến. Hãy tải lại trang để tiếp tục; phiên đăng nhập vẫn được giữ.";
const MESSAGE_EN: &str = "Something went wrong. Reload the page to continue; you stay signed in.";
const RELOAD: &str = "Tải lại trang / Reload";

pub fn install() {
    std::panic::set_hook(Box::new(on_panic));
}

thread_local! {
    /// The element the app lives in: the host's mount point, or the app's own page's body.
    static ROOT: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
}

/// Where the crash screen goes: the app's own element, never another element of the page that
/// happens to match a selector.
pub fn set_root(root: web_sys::Element) {
    ROOT.with(|slot| *slot.borrow_mut() = Some(root));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    // Where, not what: a panic message could carry data the app was handling.
    if let Some(location) = info.location() {
        web_sys::console::error_1(
            &format!(
                "vChat History stopped at {}:{}",
                location.file(),
                location.line()
            )
            .into(),
        );
    }
    show();
}

/// Replaces the app with the message; before the app exists, adds it to the page, whose own
/// content (possibly a host portal's) stays.
fn show() -> Option<()> {
    let document = web_sys::window()?.document()?;
    let panel = document.create_element("div").ok()?;
    panel.set_class_name("vch-crash");
    panel.set_attribute("role", "alert").ok()?;
    for text in [MESSAGE_VI, MESSAGE_EN] {
        let line = document.create_element("p").ok()?;
        line.set_text_content(Some(text));
        panel.append_child(&line).ok()?;
    }
    // A link to this very page reloads it without running any script, so CSP allows it too.
    let reload = document.create_element("a").ok()?;
    reload.set_class_name("vch-button vch-primary");
    reload
        .set_attribute("href", &web_sys::window()?.location().href().ok()?)
        .ok()?;
    reload.set_text_content(Some(RELOAD));
    panel.append_child(&reload).ok()?;
    match ROOT.with(|slot| slot.borrow().clone()) {
        Some(root) => {
            root.set_text_content(None);
            root.append_child(&panel).ok()?;
        }
        None => {
            document.body()?.append_child(&panel).ok()?;
        }
    }
    Some(())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_crash_screen_replaces_the_app_and_offers_a_reload() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let body = document.body().expect("a body");
        let root = document.create_element("div").expect("an element");
        root.set_class_name("vchat-history");
        root.set_inner_html("<main><p>frozen list</p></main>");
        body.append_child(&root).expect("appended");
        // A host element that only looks like the app's stays as it is.
        let lookalike = document.create_element("div").expect("an element");
        lookalike.set_class_name("vchat-history");
        lookalike.set_text_content(Some("host content"));
        body.insert_before(&lookalike, body.first_child().as_ref())
            .expect("inserted");
        set_root(root.clone());

        show();
        assert_eq!(lookalike.text_content().as_deref(), Some("host content"));
        lookalike.remove();

        let text = root.text_content().unwrap_or_default();
        assert!(!text.contains("frozen list"));
        assert!(text.contains(MESSAGE_VI) && text.contains(MESSAGE_EN));
        let alert = root
            .query_selector("[role=alert]")
            .ok()
            .flatten()
            .expect("an alert");
        let reload = alert
            .query_selector("a")
            .ok()
            .flatten()
            .expect("a reload link");
        let here = web_sys::window()
            .expect("a window")
            .location()
            .href()
            .expect("a URL");
        assert_eq!(reload.get_attribute("href"), Some(here));
        assert_eq!(reload.text_content().as_deref(), Some(RELOAD));
    }

    #[wasm_bindgen_test]
    fn before_the_app_exists_the_message_joins_the_page_and_leaves_it_whole() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        ROOT.with(|slot| slot.borrow_mut().take());
        let body = document.body().expect("a body");
        let before = body.child_element_count();
        show();
        assert_eq!(body.child_element_count(), before + 1);
        let panel = body.last_element_child().expect("the message");
        assert!(panel
            .text_content()
            .unwrap_or_default()
            .contains(MESSAGE_EN));
        panel.remove();
    }
}
