//! Reusable behaviours of the screens, one hook per file, each saying why it exists.

mod use_full_history;
mod use_history_page;
mod use_search;
mod use_shortcuts;
mod use_thread;
mod use_warm_up;

pub use use_full_history::{use_full_history, FullHistory, Loading};
pub use use_history_page::{use_history_page, Loaded};
pub use use_search::{use_search, SearchState};
pub use use_shortcuts::{use_shortcuts, Shortcut};
pub use use_thread::{use_thread, Thread};
pub use use_warm_up::use_warm_up;
