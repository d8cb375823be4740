//! The screens: the sign-in form, and the history once signed in.

mod history;
mod sign_in;

pub use history::History;
pub use sign_in::{SignIn, Typed};
