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
mod screens;
mod session;

use app::{App, Mode};
use browser::{config::Config, crash};
use leptos::{mount, prelude::*};
use wasm_bindgen::JsCast;

/// A host page marks the element to mount into with this attribute.
const MOUNT_POINT: &str = "[data-vchat-history]";

/// Starts the app: in the host page's marked element if there is one, else as the whole page.
pub fn start() {
    crash::install();
    let document = document();
    // index.html shows a loading line until the app is ready to take over.
    if let Some(boot) = document.get_element_by_id("vchat-history-boot") {
        boot.remove();
    }
    let mount_point = document
        .query_selector(MOUNT_POINT)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    match mount_point {
        Some(element) => {
            let config = Config::from_element(&element);
            mount::mount_to(element, move || view! { <App config mode=Mode::Mounted /> }).forget();
        }
        None => {
            let config = Config::from_meta(&document);
            mount::mount_to_body(move || view! { <App config mode=Mode::Page /> });
        }
    }
}
