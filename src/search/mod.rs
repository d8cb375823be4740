//! Finding customers in the loaded history: text folded the way a Vietnamese admin searches it,
//! phone numbers in every written form, the name and number a guest left in their first message,
//! the query and the filters that select them, what the address bar names (`location.rs`), their
//! statistics and their export, what is new since the admin's last visit (`visit.rs`), and how
//! fast the shop answers (`response.rs`).
//!
//! Plain Rust, unit-tested on the host with `cargo test`.

pub mod export;
pub mod filter;
pub mod fold;
pub mod index;
pub mod lead;
pub mod location;
pub mod phone;
pub mod query;
pub mod response;
pub mod stats;
pub mod visit;
