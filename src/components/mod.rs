//! The parts screens are built from.

mod conversation_row;
mod header;
mod pager;
mod shortcuts;
mod thread;

pub use conversation_row::{customer_name, maybe_link, ConversationRow};
pub use header::Header;
pub use pager::{PageLink, Pager};
pub use shortcuts::Shortcuts;
pub use thread::ThreadView;
