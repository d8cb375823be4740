//! Who is signed in: one [`Auth`] state, how a session starts (signing in checks the
//! credentials by loading page 1) and how it ends, with its reason. What is kept in the browser
//! goes out as [`Keep`] commands, so the state is tested on the host.

use crate::{
    api::{Api, ApiError, Cancel, Credentials, Page},
    browser::{config::Config, storage},
    hooks::Loader,
    store::idb,
};
use leptos::{ev, prelude::*, task::spawn_local};
use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub credentials: Credentials,
    pub remember: bool,
}

/// Who is signed in.
#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    /// The form shows, with why, if the last session ended or the last sign-in failed.
    SignedOut { reason: Option<Reason> },
    /// A sign-in's credentials are checked by loading page 1. Once its request has left,
    /// `building` is set: the history screen for them is built out of sight meanwhile. A host
    /// page may hand credentials over while an admin is signed in: that session goes on until
    /// the new one starts (and if the new one fails).
    Checking {
        session: Session,
        building: bool,
        signed_in: Option<Session>,
    },
    /// vChat accepted the credentials; `first_page` is the page 1 that checked them (none for a
    /// session a previous visit left).
    SignedIn {
        session: Session,
        first_page: Option<Arc<Page>>,
    },
}

/// Why no one is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    SignedOut,
    /// vChat stopped accepting the hash, with its (redacted) reason.
    Refused(String),
    /// The last sign-in failed.
    Failed(ApiError),
}

/// What the session asks the browser to keep or forget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Keep this session for `days` at most.
    Save(Session, u32),
    /// Forget the kept session.
    Forget,
    /// Tell the other tabs that this admin signed out.
    SignedOut(u64),
}

type Check = Pin<Box<dyn Future<Output = Result<Page, ApiError>>>>;

/// What the session needs of the [`Api`], its type erased (the state is provided as context).
struct Checker {
    /// Asks vChat for page 1 with the credentials.
    page_one: Box<dyn Fn(Credentials, Cancel) -> Check>,
    /// A task later.
    later: Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>,
}

/// The app-wide session state, provided as context; its signal is written here only.
#[derive(Clone, Copy)]
pub struct SessionState {
    auth: RwSignal<Auth>,
    /// The admin id last signed in with or tried, to fill in the form again.
    last_admin_id: RwSignal<Option<u64>>,
    /// The sign-in request in flight, which signing out calls off.
    signing_in: Loader,
    api: StoredValue<Checker, LocalStorage>,
    keep: UnsyncCallback<Keep>,
    allow_remember: bool,
    days: u32,
}

impl SessionState {
    /// Starts with the session a previous visit left, if any, signs out here when the admin signs
    /// out in another tab, and provides the state as context.
    pub fn provide(api: impl Api, restored: Option<Session>, config: &Config) -> SessionState {
        let nothing_restored = restored.is_none();
        let state = SessionState::new(
            api,
            restored,
            config.allow_remember,
            config.session_days,
            |keep| match keep {
                Keep::Save(session, days) => {
                    // Only a remembered admin's history is kept: another's goes now.
                    if !session.remember {
                        spawn_local(idb::erase());
                    }
                    storage::save_session(&session, days);
                }
                Keep::Forget => {
                    storage::forget_session();
                    spawn_local(idb::erase());
                }
                Keep::SignedOut(admin_id) => storage::announce_sign_out(admin_id),
            },
        );
        // No session left (signed out, expired, never remembered): no history either.
        if nothing_restored {
            spawn_local(idb::erase());
        }
        let listener = window_event_listener(ev::storage, move |event| {
            let signed_out = event.key().as_deref() == Some(storage::SIGNED_OUT_KEY);
            let admin = event.new_value().and_then(|id| id.parse::<u64>().ok());
            if signed_out && admin.is_some() && admin == state.admin_id_untracked() {
                state.end(Reason::SignedOut);
            }
        });
        on_cleanup(move || listener.remove());
        provide_context(state);
        state
    }

    /// The state alone: `keep` does what it asks of the browser.
    pub fn new(
        api: impl Api,
        restored: Option<Session>,
        allow_remember: bool,
        days: u32,
        keep: impl Fn(Keep) + 'static,
    ) -> SessionState {
        let checker = Checker {
            page_one: Box::new({
                let api = api.clone();
                move |credentials, cancel| {
                    let api = api.clone();
                    Box::pin(async move { api.page(&credentials, 1, &cancel).await })
                }
            }),
            later: Box::new(move || {
                let api = api.clone();
                Box::pin(async move { api.sleep(Duration::ZERO).await })
            }),
        };
        SessionState {
            last_admin_id: RwSignal::new(restored.as_ref().map(|s| s.credentials.sso_id)),
            auth: RwSignal::new(match restored {
                Some(session) => Auth::SignedIn {
                    session,
                    first_page: None,
                },
                None => Auth::SignedOut { reason: None },
            }),
            signing_in: Loader::new(),
            api: StoredValue::new_local(checker),
            keep: UnsyncCallback::new(keep),
            allow_remember,
            days,
        }
    }

    /// "Remember me" may be offered: for how many days a remembered session lasts.
    pub fn remember_days(self) -> Option<u32> {
        self.allow_remember.then_some(self.days)
    }

    /// The credentials of the history to show: the session's, or while a sign-in is checked,
    /// the ones being checked once their request has left (that history is built out of sight
    /// meanwhile).
    /// The session the history screen is for: the one on, or the one being checked once its
    /// screen is being built.
    pub fn session(self) -> Option<Session> {
        self.auth.with(|auth| match auth {
            Auth::SignedIn { session, .. }
            | Auth::Checking {
                signed_in: Some(session),
                ..
            }
            | Auth::Checking {
                session,
                building: true,
                ..
            } => Some(session.clone()),
            _ => None,
        })
    }

    /// The session's credentials have been accepted (a sign-in is not just being checked).
    pub fn is_signed_in(self) -> bool {
        self.auth.with(|auth| signed_in_admin(auth).is_some())
    }

    pub fn admin_id(self) -> Option<u64> {
        self.auth.with(signed_in_admin)
    }

    fn admin_id_untracked(self) -> Option<u64> {
        self.auth.with_untracked(signed_in_admin)
    }

    /// Why no one is signed in, if someone was or tried.
    pub fn reason(self) -> Option<Reason> {
        self.auth.with(|auth| match auth {
            Auth::SignedOut { reason } => reason.clone(),
            _ => None,
        })
    }

    pub fn last_admin_id(self) -> Option<u64> {
        self.last_admin_id.get()
    }

    /// Credentials are being checked.
    pub fn is_signing_in(self) -> bool {
        self.auth.with(|auth| matches!(auth, Auth::Checking { .. }))
    }

    /// Checks the credentials by loading page 1, then starts the session with it. Used by the
    /// sign-in form and by a host page handing credentials over; ignored while one is checked.
    pub fn sign_in(self, wanted: Session) {
        if self
            .auth
            .with_untracked(|auth| matches!(auth, Auth::Checking { .. }))
        {
            return;
        }
        let session = Session {
            remember: wanted.remember && self.allow_remember,
            ..wanted
        };
        self.last_admin_id.set(Some(session.credentials.sso_id));
        self.auth.update(|auth| {
            let signed_in = match std::mem::replace(auth, Auth::SignedOut { reason: None }) {
                Auth::SignedIn { session, .. } => Some(session),
                _ => None,
            };
            *auth = Auth::Checking {
                session: session.clone(),
                building: false,
                signed_in,
            };
        });
        let (credentials, days) = (session.credentials.clone(), self.days);
        let page_one = move |cancel| {
            self.api
                .with_value(|api| (api.page_one)(credentials, cancel))
        };
        self.signing_in.spawn_now(page_one, move |result| {
            self.auth.update(|auth| {
                *auth = match (
                    result,
                    std::mem::replace(auth, Auth::SignedOut { reason: None }),
                ) {
                    (Ok(page), _) => {
                        self.keep.run(Keep::Save(session.clone(), days));
                        Auth::SignedIn {
                            session,
                            first_page: Some(Arc::new(page)),
                        }
                    }
                    (
                        Err(_),
                        Auth::Checking {
                            signed_in: Some(session),
                            ..
                        },
                    ) => Auth::SignedIn {
                        session,
                        first_page: None,
                    },
                    (Err(error), _) => Auth::SignedOut {
                        reason: Some(Reason::Failed(error)),
                    },
                }
            });
        });
        // Build the screen in a task after the request left, so that building it never delays
        // the request (which left 11 ms later when the screen was built first).
        let later = self.api.with_value(|api| (api.later)());
        spawn_local(async move {
            later.await;
            self.auth.try_update(|auth| {
                if let Auth::Checking { building, .. } = auth {
                    *building = true;
                }
            });
        });
    }

    /// Page 1 of this sign-in, if it was just loaded for `credentials`.
    pub fn first_page(self, credentials: &Credentials) -> Option<Arc<Page>> {
        self.auth.with_untracked(|auth| match auth {
            Auth::SignedIn {
                session,
                first_page: Some(page),
            } if session.credentials == *credentials => Some(page.clone()),
            _ => None,
        })
    }

    /// What to tell the admin on the sign-in form: why the session ended, or why the last attempt
    /// failed.
    pub fn problem(self) -> Option<ApiError> {
        match self.reason()? {
            Reason::Refused(reason) => Some(ApiError::Refused(reason)),
            Reason::Failed(error) => Some(error),
            Reason::SignedOut => None,
        }
    }

    /// The admin signs out; a sign-in still being checked is called off, so it cannot start the
    /// session afterwards.
    pub fn sign_out(self) {
        self.signing_in.cancel();
        if let Some(id) = self.admin_id_untracked() {
            self.keep.run(Keep::SignedOut(id));
        }
        self.end(Reason::SignedOut);
    }

    /// vChat refused the stored hash: back to the form, with the reason and the admin id.
    pub fn refused(self, reason: String) {
        self.end(Reason::Refused(reason));
    }

    fn end(self, reason: Reason) {
        self.keep.run(Keep::Forget);
        self.auth.set(Auth::SignedOut {
            reason: Some(reason),
        });
    }
}

/// The admin of the session that is on, if any.
fn signed_in_admin(auth: &Auth) -> Option<u64> {
    match auth {
        Auth::SignedIn { session, .. }
        | Auth::Checking {
            signed_in: Some(session),
            ..
        } => Some(session.credentials.sso_id),
        _ => None,
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

    #[cfg(not(target_arch = "wasm32"))]
    mod state {
        use super::*;
        use crate::hooks::testing::{credentials, Clock, FakeApi, Harness};
        use std::{cell::RefCell, rc::Rc};

        struct Fixture {
            harness: Harness,
            clock: Clock,
            api: FakeApi,
            kept: Rc<RefCell<Vec<Keep>>>,
            state: SessionState,
        }

        fn fixture(restored: Option<Session>, allow_remember: bool) -> Fixture {
            let harness = Harness::new();
            let clock = Clock::default();
            let api = FakeApi::new(&clock, 95);
            let kept = Rc::new(RefCell::new(Vec::new()));
            let keep = {
                let kept = kept.clone();
                move |keep| kept.borrow_mut().push(keep)
            };
            let state = SessionState::new(api.clone(), restored, allow_remember, 30, keep);
            Fixture {
                harness,
                clock,
                api,
                kept,
                state,
            }
        }

        fn session(remember: bool) -> Session {
            Session {
                credentials: credentials(),
                remember,
            }
        }

        #[test]
        fn a_sign_in_is_checked_with_page_one_which_starts_the_session() {
            let f = fixture(None, true);
            assert_eq!(
                f.state.auth.get_untracked(),
                Auth::SignedOut { reason: None }
            );
            f.state.sign_in(session(true));
            f.state.sign_in(session(false));
            assert_eq!(f.api.pages_sent(), [1], "sent at once, and once");
            let checking = |building| Auth::Checking {
                session: session(true),
                building,
                signed_in: None,
            };
            assert_eq!(f.state.auth.get_untracked(), checking(false));
            assert_eq!(
                f.state.session().map(|s| s.credentials),
                None,
                "nothing built before the request left"
            );
            f.clock.next_task(&f.harness);
            assert_eq!(f.state.auth.get_untracked(), checking(true));
            assert_eq!(
                f.state.session().map(|s| s.credentials),
                Some(credentials())
            );
            assert!(!f.state.is_signed_in() && f.state.is_signing_in());
            f.clock.advance(&f.harness, 100);
            assert!(f.state.is_signed_in());
            assert_eq!(f.state.admin_id(), Some(218));
            let first = f.state.first_page(&credentials()).map(|p| (*p).clone());
            assert_eq!(first, Some(f.api.history_page(1)));
            assert_eq!(*f.kept.borrow(), [Keep::Save(session(true), 30)]);
        }

        #[test]
        fn a_failed_or_refused_sign_in_says_why_and_keeps_nothing() {
            let f = fixture(None, false);
            f.api
                .state()
                .failing
                .borrow_mut()
                .insert(1, ApiError::Status(500));
            f.state.sign_in(session(true));
            f.clock.advance(&f.harness, 100);
            assert_eq!(f.state.problem(), Some(ApiError::Status(500)));
            assert_eq!(f.state.last_admin_id(), Some(218));
            assert!(f.kept.borrow().is_empty());

            let refused = ApiError::Refused("Sai mã".into());
            f.api
                .state()
                .failing
                .borrow_mut()
                .insert(1, refused.clone());
            f.state.sign_in(session(true));
            assert_eq!(f.state.problem(), None, "not while checking");
            f.clock.advance(&f.harness, 100);
            assert_eq!(f.state.problem(), Some(refused));

            // Without `allow-remember`, a session is never remembered.
            f.api.state().failing.borrow_mut().clear();
            f.state.sign_in(session(true));
            f.clock.advance(&f.harness, 100);
            assert_eq!(*f.kept.borrow(), [Keep::Save(session(false), 30)]);
        }

        #[test]
        fn credentials_handed_over_while_signed_in_leave_the_session_on_until_they_pass() {
            let other = Session {
                credentials: Credentials {
                    sso_id: 219,
                    hash: "other".into(),
                },
                remember: false,
            };
            let f = fixture(Some(other.clone()), true);
            f.api
                .state()
                .failing
                .borrow_mut()
                .insert(1, ApiError::Network);
            f.state.sign_in(session(false));
            f.harness.run();
            assert!(f.state.is_signing_in());
            assert_eq!(f.state.admin_id(), Some(219));
            assert_eq!(
                f.state.session().map(|s| s.credentials).map(|c| c.sso_id),
                Some(219)
            );
            f.clock.advance(&f.harness, 100);
            assert_eq!(
                f.state.auth.get_untracked(),
                Auth::SignedIn {
                    session: other,
                    first_page: None
                },
                "failed: the session goes on"
            );
            f.api.state().failing.borrow_mut().clear();
            f.state.sign_in(session(false));
            f.clock.advance(&f.harness, 100);
            assert_eq!(f.state.admin_id(), Some(218));
        }

        #[test]
        fn signing_out_while_checking_calls_the_sign_in_off() {
            let f = fixture(None, true);
            f.state.sign_in(session(true));
            f.clock.advance(&f.harness, 50);
            f.state.sign_out();
            f.clock.advance(&f.harness, 100);
            assert!(f.api.state().sent.borrow()[0].cancel.is_cancelled());
            assert_eq!(f.state.reason(), Some(Reason::SignedOut));
            assert_eq!(f.state.session().map(|s| s.credentials), None);
            assert_eq!(*f.kept.borrow(), [Keep::Forget]);
        }

        #[test]
        fn a_refusal_or_a_sign_out_ends_the_session_and_forgets_it() {
            let f = fixture(Some(session(true)), true);
            assert_eq!(f.state.admin_id(), Some(218));
            assert_eq!(
                f.state.first_page(&credentials()),
                None,
                "restored: none in hand"
            );
            f.state.refused("Hết hạn".into());
            assert_eq!(f.state.admin_id(), None);
            assert_eq!(f.state.problem(), Some(ApiError::Refused("Hết hạn".into())));
            assert_eq!(*f.kept.borrow(), [Keep::Forget]);

            let f = fixture(Some(session(false)), true);
            f.state.sign_out();
            assert_eq!(f.state.problem(), None);
            assert_eq!(f.state.reason(), Some(Reason::SignedOut));
            assert_eq!(*f.kept.borrow(), [Keep::SignedOut(218), Keep::Forget]);
        }
    }

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
