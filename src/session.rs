//! The signed-in admin: validating what they typed, and keeping it in the browser's storage:
//! `localStorage` when they asked to be remembered, `sessionStorage` (gone with the tab) otherwise.

use crate::api::Credentials;
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

/// The session a previous visit left, if any (and still well-formed).
pub fn restore() -> Option<Session> {
    [(local(), true), (tab(), false)]
        .into_iter()
        .find_map(|(storage, remember)| {
            let credentials = decode(&storage?.get_item(STORAGE_KEY).ok()??)?;
            Some(Session {
                credentials,
                remember,
            })
        })
}

pub fn save(session: &Session) {
    forget();
    let storage = if session.remember { local() } else { tab() };
    if let Some(storage) = storage {
        // Storage can be full or disabled; the session then lasts as long as the page.
        let _ = storage.set_item(STORAGE_KEY, &encode(&session.credentials));
    }
}

/// `<admin id>\n<hash>`: the id has no line break, so the hash is everything after the first.
fn encode(credentials: &Credentials) -> String {
    format!("{}\n{}", credentials.sso_id, credentials.hash)
}

fn decode(text: &str) -> Option<Credentials> {
    let (sso_id, hash) = text.split_once('\n')?;
    Some(Credentials {
        sso_id: parse_admin_id(sso_id).ok()?,
        hash: parse_hash(hash)?,
    })
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
    fn stored_credentials_round_trip_and_bad_ones_are_dropped() {
        let credentials = Credentials {
            sso_id: 218,
            hash: "a\nb c".into(),
        };
        assert_eq!(decode(&encode(&credentials)), Some(credentials));
        for bad in ["", "218", "218\n", "x\nhash", "0\nhash", "{\"sso_id\":218}"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hashes_are_trimmed_and_required() {
        assert_eq!(parse_hash("  abc123 ").as_deref(), Some("abc123"));
        assert_eq!(parse_hash(" \t "), None);
    }
}
