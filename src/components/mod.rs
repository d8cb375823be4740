//! The parts screens are built from.

mod conversation_row;
mod header;
mod pager;

pub use conversation_row::ConversationRow;
pub use header::Header;
pub use pager::{PageLink, Pager};
