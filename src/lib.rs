//! vChat History: browse a vChat shop's customer conversations, 30 a page.
//!
//! `docs/architecture.md` shows how the parts fit: configuration → API client → session and
//! screens → views, with the embedding protocol beside them.

pub mod api;
mod app;
mod browser;
mod components;
mod format;
mod hooks;
mod i18n;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod property;
mod screens;
mod search;
mod session;
mod store;

use app::{App, Mode};
use browser::{config::Config, crash, idle::next_task};
use leptos::{mount, prelude::*};
use wasm_bindgen::JsCast;

/// A host page marks the element to mount into with this attribute.
const MOUNT_POINT: &str = "[data-vchat-history]";
/// The app's own `index.html` says it is the app's page with this tag; on any other page
/// without a mount point, the app leaves the page alone.
const OWN_PAGE: &str = "meta[name=\"vchat-history:page\"]";

/// Starts the app: in the host page's marked element if there is exactly one, as the whole page
/// on its own `index.html`, and not at all otherwise.
///
/// In a task after the one that instantiated the wasm (8-12 ms on this machine; `embed.js`
/// compiles it in the tasks before, as it arrives), and each step of drawing the app in a task
/// of its own (`App`), so that none reaches the 50 ms Lighthouse counts as long on its 4× slower
/// CPU.
pub fn start() {
    crash::install();
    next_task(take_over);
}

fn take_over() {
    let document = document();
    let mount_points: Vec<web_sys::HtmlElement> = document
        .query_selector_all(MOUNT_POINT)
        .map(|list| {
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into().ok())
                .collect()
        })
        .unwrap_or_default();
    match &mount_points[..] {
        [] if document.query_selector(OWN_PAGE).ok().flatten().is_some() => {
            let config = Config::from_meta(&document);
            if let Some(body) = document.body() {
                crash::set_root(body.into());
            }
            next_task(|| mount::mount_to_body(move || view! { <App config mode=Mode::Page /> }));
        }
        [] => {}
        [element] => match Config::from_element(element) {
            Ok(config) => {
                crash::set_root(element.clone().into());
                let element = element.clone();
                next_task(move || {
                    let app = mount::mount_to(element.clone(), move || {
                        view! { <App config mode=Mode::Mounted /> }
                    });
                    unmount_on_request(&element, app);
                });
            }
            Err(_) => refuse(element, |t| t.start_refused_api_elsewhere),
        },
        // An element injected elsewhere in the page could take the app over: start in none.
        several => {
            for element in several {
                refuse(element, |t| t.start_refused_several);
            }
        }
    }
}

/// Where the worker that writes Excel files is (`embed.js` says, once the app runs).
pub fn xlsx_worker(url: String) {
    browser::xlsx::set_worker_url(url);
}

/// The host page removes the app by dispatching `vchat-history:unmount` on its element: the app
/// then removes its view and every listener it added to the page.
fn unmount_on_request<M: leptos::tachys::view::Mountable + 'static>(
    element: &web_sys::HtmlElement,
    app: mount::UnmountHandle<M>,
) {
    let app = std::cell::Cell::new(Some(app));
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || drop(app.take()));
    // Heard once, and then gone with the rest of the app's listeners.
    let once = web_sys::AddEventListenerOptions::new();
    once.set_once(true);
    let _ = element.add_event_listener_with_callback_and_add_event_listener_options(
        "vchat-history:unmount",
        listener.as_ref().unchecked_ref(),
        &once,
    );
    // The browser holds the only reference to it from here.
    listener.forget();
}

/// Says in the mount point, in both languages (the app has not started), why it did not start.
fn refuse(element: &web_sys::HtmlElement, why: i18n::Pick) {
    let text = i18n::Lang::ALL.map(|lang| why(lang.strings())).join(" / ");
    element.set_text_content(Some(&text));
    let _ = element.set_attribute("role", "alert");
}
