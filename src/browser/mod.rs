//! What touches the browser around the app: run-time configuration, storage, the page number in
//! the URL, the message protocol with an embedding page, and the crash screen.

pub mod config;
pub mod crash;
pub mod embedding;
pub mod page_url;
pub mod storage;
