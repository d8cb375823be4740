//! Reusable behaviours of the screens, one hook per file, each saying why it exists.

mod use_history_page;

pub use use_history_page::{use_history_page, Loaded};
