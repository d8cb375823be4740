//! Turning data into what the screen shows: times ("3 ngày trước", dates), safe link targets, and
//! message text as text and links.

pub mod csv;
pub mod links;
pub mod number;
pub mod rich_text;
pub mod time;
