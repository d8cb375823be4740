//! The parts screens are built from.

mod bar_chart;
mod conversation_row;
mod error_alert;
mod filters;
mod first_screen;
mod header;
mod load_status;
mod pager;
mod ranked_bars;
mod response_view;
mod search_bar;
mod shortcuts;
mod stats_view;
mod thread;

pub use bar_chart::BarChart;
pub use conversation_row::{customer_name, maybe_link, ConversationRow};
pub use error_alert::ErrorAlert;
pub use filters::Filters;
pub use first_screen::FirstScreen;
pub use header::Header;
pub use load_status::LoadStatus;
pub use pager::{PageLink, Pager};
pub use ranked_bars::{Ranked, RankedBars};
pub use response_view::ResponseView;
pub use search_bar::SearchBar;
pub use shortcuts::Shortcuts;
pub use stats_view::StatsView;
pub use thread::ThreadView;
