//! vChat History: browse a vChat shop's customer conversations, 30 a page.

mod api;
mod app;
mod config;
mod conversation;
mod history;
mod i18n;
mod links;
mod pager;
mod session;
mod sign_in;
mod state;
mod time;
mod url;

fn main() {
    // index.html shows a loading line until the app is ready to take over.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("vchat-history-boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
