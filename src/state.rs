//! What the whole app shares: who is signed in and the page on screen.

use crate::{
    api::{self, ApiError, Page},
    config::Config,
    session::{self, Session},
};
use leptos::{prelude::*, task::spawn_local};
use std::sync::Arc;
use web_sys::AbortController;

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
    /// Shown on the sign-in form: why signing in failed, or why the server ended the session.
    pub sign_in_problem: RwSignal<Option<ApiError>>,
    /// Pre-fills the sign-in form after the server ends a session.
    pub last_admin_id: RwSignal<Option<u64>>,
    /// Credentials are being checked.
    pub signing_in: RwSignal<bool>,
}

impl AppState {
    pub fn new(session: Option<Session>) -> AppState {
        AppState {
            last_admin_id: RwSignal::new(session.as_ref().map(|s| s.credentials.sso_id)),
            session: RwSignal::new(session),
            loaded: RwSignal::new(None),
            sign_in_problem: RwSignal::new(None),
            signing_in: RwSignal::new(false),
        }
    }

    /// Checks the credentials by loading page 1, then signs in with it, or says why not. Used by
    /// the sign-in form and by a host page handing credentials over.
    pub fn verify(self, config: &Config, session: Session) {
        if self.signing_in.get_untracked() {
            return;
        }
        self.signing_in.set(true);
        self.sign_in_problem.set(None);
        self.last_admin_id.set(Some(session.credentials.sso_id));
        let config = config.clone();
        spawn_local(async move {
            let Ok(abort) = AbortController::new() else {
                return self.signing_in.set(false);
            };
            let result = api::fetch_page(
                &config.api_url,
                &session.credentials,
                1,
                config.timeout,
                &abort,
            )
            .await;
            match result {
                Ok(page) => self.sign_in(
                    session,
                    Loaded {
                        number: 1,
                        page: Arc::new(page),
                    },
                ),
                Err(error) => self.sign_in_problem.set(Some(error)),
            }
            self.signing_in.set(false);
        });
    }

    /// The credentials were just verified by loading `first`, which is kept for display.
    fn sign_in(self, session: Session, first: Loaded) {
        session::save(&session);
        self.sign_in_problem.set(None);
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
        self.sign_in_problem.set(reason);
        self.loaded.set(None);
        self.session.set(None);
    }
}

pub fn use_app() -> AppState {
    expect_context()
}
