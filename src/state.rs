//! What the whole app shares: who is signed in and the page on screen.

use crate::{
    api::{ApiError, Page},
    session::{self, Session},
};
use leptos::prelude::*;
use std::sync::Arc;

/// A page as loaded, with the number it was asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub number: u32,
    pub page: Arc<Page>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub session: RwSignal<Option<Session>>,
    /// The rows on screen; kept while the next page loads or fails.
    pub loaded: RwSignal<Option<Loaded>>,
    /// Why the last session ended, shown on the sign-in form.
    pub ended_by: RwSignal<Option<ApiError>>,
    /// Pre-fills the sign-in form after the server ends a session.
    pub last_admin_id: RwSignal<Option<u64>>,
}

impl AppState {
    pub fn new(session: Option<Session>) -> AppState {
        AppState {
            last_admin_id: RwSignal::new(session.as_ref().map(|s| s.credentials.sso_id)),
            session: RwSignal::new(session),
            loaded: RwSignal::new(None),
            ended_by: RwSignal::new(None),
        }
    }

    /// The credentials were just verified by loading `first`, which is kept for display.
    pub fn sign_in(self, session: Session, first: Loaded) {
        session::save(&session);
        self.last_admin_id.set(Some(session.credentials.sso_id));
        self.ended_by.set(None);
        self.loaded.set(Some(first));
        self.session.set(Some(session));
    }

    pub fn sign_out(self) {
        self.end(None);
    }

    /// The server refused the stored hash: back to the form, with the reason and the admin id.
    pub fn refused(self, reason: ApiError) {
        self.end(Some(reason));
    }

    fn end(self, reason: Option<ApiError>) {
        session::forget();
        self.ended_by.set(reason);
        self.loaded.set(None);
        self.session.set(None);
    }
}

pub fn use_app() -> AppState {
    expect_context()
}
