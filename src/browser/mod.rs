//! What touches the browser around the app: run-time configuration, storage, the place in the URL
//! (page and open conversation), the message protocol with an embedding page, the crash screen,
//! and the inert parsing of markup in messages.

pub mod config;
pub mod crash;
pub mod embedding;
pub mod history_url;
pub mod inert_html;
pub mod storage;
