//! The parts screens are built from.

mod conversation_row;
mod header;
mod load_status;
mod pager;
mod search_bar;
mod shortcuts;
mod thread;

pub use conversation_row::{customer_name, maybe_link, ConversationRow};
pub use header::Header;
pub use load_status::LoadStatus;
pub use pager::{PageLink, Pager};
pub use search_bar::SearchBar;
pub use shortcuts::Shortcuts;
pub use thread::ThreadView;
