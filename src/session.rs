//! The signed-in admin: validating what they typed, and keeping it in the browser's storage:
//! `localStorage` when they asked to be remembered, `sessionStorage` (gone with the tab) otherwise.

use crate::api::Credentials;
use serde::{Deserialize, Serialize};
use web_sys::Storage;

const STORAGE_KEY: &str = "vchat-history.session";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub credentials: Credentials,
    pub remember: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminIdProblem {
    Missing,
    Invalid,
}

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

#[derive(Serialize, Deserialize)]
struct Stored {
    sso_id: u64,
    hash: String,
}

/// The session a previous visit left, if any (and still well-formed).
pub fn restore() -> Option<Session> {
    [(local(), true), (tab(), false)]
        .into_iter()
        .find_map(|(storage, remember)| {
            let text = storage?.get_item(STORAGE_KEY).ok()??;
            let stored: Stored = serde_json::from_str(&text).ok()?;
            let hash = parse_hash(&stored.hash)?;
            (stored.sso_id > 0).then_some(Session {
                credentials: Credentials {
                    sso_id: stored.sso_id,
                    hash,
                },
                remember,
            })
        })
}

pub fn save(session: &Session) {
    forget();
    let stored = Stored {
        sso_id: session.credentials.sso_id,
        hash: session.credentials.hash.clone(),
    };
    let storage = if session.remember { local() } else { tab() };
    if let (Some(storage), Ok(text)) = (storage, serde_json::to_string(&stored)) {
        // Storage can be full or disabled; the session then lasts as long as the page.
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// Removes the session from both storages.
pub fn forget() {
    for storage in [local(), tab()].into_iter().flatten() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

pub fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn tab() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
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
