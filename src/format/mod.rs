//! Turning data into what the screen shows: times ("3 ngày trước", dates) and safe link targets.

pub mod links;
pub mod time;
