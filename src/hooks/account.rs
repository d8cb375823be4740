//! What the history hooks need of the session they load for.

use crate::api::{Credentials, Page};
use leptos::prelude::*;
use std::sync::Arc;

/// The admin whose history loads, as the session hands it to the hooks.
#[derive(Clone)]
pub struct Account {
    pub credentials: Credentials,
    /// vChat accepted the credentials. Until then (a sign-in being checked) the hooks ask vChat
    /// nothing.
    pub verified: Signal<bool>,
    /// Page 1 of the sign-in that verified the credentials, already in hand: shown without
    /// asking again.
    pub first_page: Signal<Option<Arc<Page>>>,
    /// vChat refused the hash, with its (redacted) reason: the session ends.
    pub on_refused: Callback<String>,
}
