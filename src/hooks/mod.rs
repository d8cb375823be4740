//! Reusable behaviours of the screens, one hook per file, each saying why it exists. What is
//! fetched loads through one [`Loader`] into a [`Load`] state; the hooks that load take the
//! [`crate::api::Api`] as a parameter, so their tests run on the host against a fake
//! (`testing.rs`).

mod account;
mod loader;
#[cfg(all(test, not(target_arch = "wasm32")))]
pub mod testing;
mod use_export;
mod use_full_history;
mod use_history_page;
mod use_news;
mod use_response_times;
mod use_search;
mod use_shortcuts;
mod use_statistics;
mod use_thread;
mod use_warm_up;

pub use account::Account;
pub use loader::{Load, Loader};
pub use use_export::{use_export, Export, Exporter, Format, Saving};
pub use use_full_history::{use_full_history, FullHistory, Keeping, Loading};
pub use use_history_page::{use_history_page, Loaded};
pub use use_news::{use_news, News};
pub use use_response_times::{use_response_times, Analysis, ResponseTimes, Timelines};
pub use use_search::{use_search, ListView, SearchState};
pub use use_shortcuts::{use_shortcuts, Shortcut};
pub use use_statistics::{use_statistics, Counted};
pub use use_thread::{use_thread, Thread};
pub use use_warm_up::use_warm_up;
