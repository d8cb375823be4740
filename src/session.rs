//! Who is signed in: the session, how one starts (signing in, an [`Action`] that checks the
//! credentials by loading page 1) and how it ends, with its reason.

use crate::{
    api::{start_now, use_api, ApiError, Cancel, Credentials, Page},
    browser::{config::Config, storage},
};
use leptos::{ev, prelude::*};
use std::{sync::Arc, time::Duration};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub credentials: Credentials,
    pub remember: bool,
}

/// Why the last session ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    SignedOut,
    /// vChat stopped accepting the hash, with its (redacted) reason.
    Refused(String),
}

/// A sign-in that succeeded: its session, and page 1, which checked it and is shown at once.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub session: Session,
    pub first_page: Arc<Page>,
}

/// The app-wide session state, provided as context. Each signal is written here only.
#[derive(Clone, Copy)]
pub struct SessionState {
    session: RwSignal<Option<Session>>,
    /// Cleared when a sign-in starts, so the form shows that attempt's outcome instead.
    ended: RwSignal<Option<SessionEnd>>,
    /// The admin id last signed in with or tried, to fill in the form again.
    last_admin_id: RwSignal<Option<u64>>,
    sign_in: Action<Session, Result<SignedIn, ApiError>>,
    /// The credentials a sign-in checks, from just after its request left until it is answered.
    checking: RwSignal<Option<Credentials>>,
    /// The sign-in request in flight, which signing out calls off.
    signing_in: StoredValue<Cancel, LocalStorage>,
    allow_remember: bool,
    days: u32,
}

impl SessionState {
    /// Starts with the session a previous visit left, if any, and provides the state as context.
    pub fn provide(restored: Option<Session>, config: &Config) -> SessionState {
        let (days, allow_remember) = (config.session_days, config.allow_remember);
        let api = use_api();
        let signing_in = StoredValue::new_local(Cancel::new());
        let session = RwSignal::new(restored);
        // A sign-in that succeeded starts the session before the action's own state changes, so
        // that the history screen built while it was checked (see `credentials`) lives on;
        // failures stay in the action's value for the form, and a cancelled one (signed out
        // meanwhile) changes nothing.
        let sign_in = Action::new_local(move |wanted: &Session| {
            let wanted = Session {
                remember: wanted.remember && allow_remember,
                ..wanted.clone()
            };
            let (api, cancel) = (api.clone(), Cancel::new());
            signing_in.set_value(cancel.clone());
            let credentials = wanted.credentials.clone();
            let request = start_now(async move { api.page(&credentials, 1, &cancel).await });
            async move {
                let first_page = request.await?;
                storage::save_session(&wanted, days);
                session.try_set(Some(wanted.clone()));
                Ok(SignedIn {
                    session: wanted,
                    first_page: Arc::new(first_page),
                })
            }
        });
        let state = SessionState {
            last_admin_id: RwSignal::new(
                session.with_untracked(|s| s.as_ref().map(|s| s.credentials.sso_id)),
            ),
            session,
            ended: RwSignal::new(None),
            sign_in,
            checking: RwSignal::new(None),
            signing_in,
            allow_remember,
            days,
        };
        // Set a task after the sign-in started, so that building the screen for the credentials
        // never delays their request (which left 11 ms later when the screen was built first).
        Effect::new(move |_| {
            if !sign_in.pending().get() {
                state.checking.set(None);
                return;
            }
            let timer = set_timeout_with_handle(
                move || {
                    let wanted = sign_in.input().get_untracked();
                    state.checking.set(wanted.map(|s| s.credentials));
                },
                Duration::ZERO,
            )
            .ok();
            // Answered (or the app unmounted) before the timer: nothing to build.
            on_cleanup(move || {
                if let Some(timer) = timer {
                    timer.clear();
                }
            });
        });
        // Signing out in another tab signs out here too.
        let listener = window_event_listener(ev::storage, move |event| {
            let signed_out = event.key().as_deref() == Some(storage::SIGNED_OUT_KEY);
            let admin = event.new_value().and_then(|id| id.parse::<u64>().ok());
            if signed_out && admin.is_some() && admin == state.admin_id_untracked() {
                state.end(SessionEnd::SignedOut);
            }
        });
        on_cleanup(move || listener.remove());
        provide_context(state);
        state
    }

    /// "Remember me" may be offered: for how many days a remembered session lasts.
    pub fn remember_days(self) -> Option<u32> {
        self.allow_remember.then_some(self.days)
    }

    /// The credentials of the history to show: the session's, or while a sign-in is checked,
    /// the ones being checked (that history is built out of sight meanwhile).
    pub fn credentials(self) -> Option<Credentials> {
        self.session
            .with(|s| s.as_ref().map(|s| s.credentials.clone()))
            .or_else(|| self.checking.get())
    }

    /// The session's credentials have been accepted (a sign-in is not just being checked).
    pub fn is_signed_in(self) -> bool {
        self.session.with(Option::is_some)
    }

    pub fn admin_id(self) -> Option<u64> {
        self.session
            .with(|s| s.as_ref().map(|s| s.credentials.sso_id))
    }

    pub fn ended(self) -> Option<SessionEnd> {
        self.ended.get()
    }

    pub fn last_admin_id(self) -> Option<u64> {
        self.last_admin_id.get()
    }

    /// Credentials are being checked.
    pub fn is_signing_in(self) -> bool {
        self.sign_in.pending().get()
    }

    /// Checks the credentials by loading page 1, then starts the session with it. Used by the
    /// sign-in form and by a host page handing credentials over; ignored while one is checked.
    pub fn sign_in(self, session: Session) {
        if self.sign_in.pending().get_untracked() {
            return;
        }
        self.ended.set(None);
        self.last_admin_id.set(Some(session.credentials.sso_id));
        self.sign_in.dispatch_local(session);
    }

    /// Page 1 of this sign-in, if it was just loaded for `credentials`.
    pub fn first_page(self, credentials: &Credentials) -> Option<Arc<Page>> {
        self.sign_in.value().with_untracked(|value| match value {
            Some(Ok(signed_in)) if signed_in.session.credentials == *credentials => {
                Some(signed_in.first_page.clone())
            }
            _ => None,
        })
    }

    /// What to tell the admin on the sign-in form: why the session ended, or why the last attempt
    /// failed.
    pub fn problem(self) -> Option<ApiError> {
        match self.ended.get() {
            Some(SessionEnd::Refused(reason)) => Some(ApiError::Refused(reason)),
            Some(SessionEnd::SignedOut) => None,
            None if self.sign_in.pending().get() => None,
            None => match self.sign_in.value().get() {
                Some(Err(ApiError::Cancelled)) | Some(Ok(_)) | None => None,
                Some(Err(error)) => Some(error),
            },
        }
    }

    /// The admin signs out; a sign-in still being checked is called off, so it cannot start the
    /// session afterwards.
    pub fn sign_out(self) {
        self.signing_in.with_value(Cancel::cancel);
        if let Some(id) = self.admin_id_untracked() {
            storage::announce_sign_out(id);
        }
        self.end(SessionEnd::SignedOut);
    }

    fn admin_id_untracked(self) -> Option<u64> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.credentials.sso_id))
    }

    /// vChat refused the stored hash: back to the form, with the reason and the admin id.
    pub fn refused(self, reason: String) {
        self.end(SessionEnd::Refused(reason));
    }

    fn end(self, reason: SessionEnd) {
        storage::forget_session();
        self.ended.set(Some(reason));
        self.session.set(None);
    }
}

pub fn use_session() -> SessionState {
    expect_context()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminIdProblem {
    Missing,
    Invalid,
}

/// The admin id as typed (or handed over by a host page): a positive whole number.
pub fn parse_admin_id(input: &str) -> Result<u64, AdminIdProblem> {
    match input.trim() {
        "" => Err(AdminIdProblem::Missing),
        digits if digits.bytes().all(|b| b.is_ascii_digit()) => digits
            .parse()
            .ok()
            .filter(|&id| id > 0)
            .ok_or(AdminIdProblem::Invalid),
        _ => Err(AdminIdProblem::Invalid),
    }
}

/// The hash, trimmed, if anything is left.
pub fn parse_hash(input: &str) -> Option<String> {
    Some(input.trim())
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_ids_are_positive_whole_numbers() {
        assert_eq!(parse_admin_id(" 218 "), Ok(218));
        assert_eq!(parse_admin_id(""), Err(AdminIdProblem::Missing));
        assert_eq!(parse_admin_id("   "), Err(AdminIdProblem::Missing));
        for bad in [
            "0",
            "-5",
            "+5",
            "21.8",
            "2e3",
            "abc",
            "99999999999999999999999",
            "1 2",
        ] {
            assert_eq!(parse_admin_id(bad), Err(AdminIdProblem::Invalid), "{bad}");
        }
    }

    #[test]
    fn hashes_are_trimmed_and_required() {
        assert_eq!(parse_hash("  abc123 ").as_deref(), Some("abc123"));
        assert_eq!(parse_hash(" \t "), None);
    }
}
