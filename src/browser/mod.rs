//! What touches the browser around the app: run-time configuration, storage, the place in the URL
//! (page, open conversation, search), the message protocol with an embedding page, the crash
//! screen, the inert parsing of markup in messages, saving an exported file, the worker that
//! writes Excel files, whether the page is visible, work for idle time, and User Timing measures.

pub mod config;
pub mod crash;
pub mod download;
pub mod embedding;
pub mod history_url;
pub mod idle;
pub mod inert_html;
pub mod storage;
pub mod timing;
pub mod visibility;
pub mod xlsx;
