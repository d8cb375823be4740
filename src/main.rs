//! vChat History: browse a vChat shop's customer conversations, 30 a page.

mod api;
mod app;
mod config;
mod conversation;
mod crash;
mod history;
mod host;
mod i18n;
mod links;
mod pager;
mod session;
mod sign_in;
mod state;
mod time;
mod url;

use app::{App, Mode};
use config::Config;
use leptos::{mount, prelude::*};
use wasm_bindgen::JsCast;

/// A host page marks the element to mount into with this attribute.
const MOUNT_POINT: &str = "[data-vchat-history]";

fn main() {
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
