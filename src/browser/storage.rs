//! What the app keeps in the browser's storage: the session (`localStorage` when the admin asked
//! to be remembered, `sessionStorage`, gone with the tab, otherwise), until it expires, and beside
//! it the admin's last visit; the chosen language; and, for a moment, word to the other tabs that
//! the admin signed out. Never customer data.

use crate::{
    api::Credentials,
    i18n::Lang,
    search::visit::Visit,
    session::{parse_admin_id, parse_hash, Session},
};
use web_sys::Storage;

const SESSION_KEY: &str = "vchat-history.session";
const VISIT_KEY: &str = "vchat-history.visit";
const LANG_KEY: &str = "vchat-history.lang";
/// Set and at once removed on sign-out: the other tabs hear it as a `storage` event.
pub const SIGNED_OUT_KEY: &str = "vchat-history.signed-out";

const DAY_MS: u64 = 86_400_000;

/// The session a previous visit left, if any, still well-formed and not expired. One that has
/// expired or cannot be read is erased where it was found: it may hold a hash, which must not
/// outstay its session in a storage the whole origin reads.
pub fn restore_session() -> Option<Session> {
    let now = js_sys::Date::now() as u64;
    [(local(), true), (tab(), false)]
        .into_iter()
        .find_map(|(storage, remember)| {
            let storage = storage?;
            let stored = storage.get_item(SESSION_KEY).ok()??;
            let Some(credentials) = decode(&stored, now) else {
                let _ = storage.remove_item(SESSION_KEY);
                return None;
            };
            Some(Session {
                credentials,
                remember,
            })
        })
}

/// Keeps the session for `days` at most, in one storage: the other loses any session and last
/// visit it held.
pub fn save_session(session: &Session, days: u32) {
    let (storage, other) = if session.remember {
        (local(), tab())
    } else {
        (tab(), local())
    };
    if let Some(other) = other {
        let _ = other.remove_item(SESSION_KEY);
        let _ = other.remove_item(VISIT_KEY);
    }
    if let Some(storage) = storage {
        let expires = js_sys::Date::now() as u64 + u64::from(days) * DAY_MS;
        // Storage can be full or disabled; the session then lasts as long as the page.
        if storage
            .set_item(SESSION_KEY, &encode(&session.credentials, expires))
            .is_err()
        {
            let _ = storage.remove_item(SESSION_KEY);
        }
    }
}

/// Tells the other tabs of this origin that admin `admin_id` signed out.
pub fn announce_sign_out(admin_id: u64) {
    if let Some(storage) = local() {
        let _ = storage.set_item(SIGNED_OUT_KEY, &admin_id.to_string());
        let _ = storage.remove_item(SIGNED_OUT_KEY);
    }
}

/// Removes the session (and the last visit, which belongs with it) from both storages.
pub fn forget_session() {
    for storage in [local(), tab()].into_iter().flatten() {
        let _ = storage.remove_item(SESSION_KEY);
        let _ = storage.remove_item(VISIT_KEY);
    }
}

/// The last visit, from where a session `remember`ed (or not) is kept.
pub fn stored_visit(remember: bool) -> Option<Visit> {
    let storage = if remember { local() } else { tab() }?;
    Visit::decode(&storage.get_item(VISIT_KEY).ok()??)
}

/// Keeps `visit` where the session is.
pub fn store_visit(visit: &Visit, remember: bool) {
    if let Some(storage) = if remember { local() } else { tab() } {
        let _ = storage.set_item(VISIT_KEY, &visit.encode());
    }
}

pub fn stored_lang() -> Option<Lang> {
    Lang::from_tag(&local()?.get_item(LANG_KEY).ok()??)
}

pub fn store_lang(lang: Lang) {
    if let Some(storage) = local() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}

/// `<admin id>\n<expiry, ms since 1970>\n<hash>`: neither number has a line break, so the hash is
/// everything after the second. Whole numbers: formatting and parsing a float would add 25 KiB of
/// gzip to the app (measured: 222.5 against 197.1 KiB).
fn encode(credentials: &Credentials, expires: u64) -> String {
    format!("{}\n{}\n{}", credentials.sso_id, expires, credentials.hash)
}

fn decode(text: &str, now: u64) -> Option<Credentials> {
    let (sso_id, rest) = text.split_once('\n')?;
    let (expires, hash) = rest.split_once('\n')?;
    let expires: u64 = expires.parse().ok()?;
    (now < expires).then_some(())?;
    Some(Credentials {
        sso_id: parse_admin_id(sso_id).ok()?,
        hash: parse_hash(hash)?,
    })
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn tab() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_credentials_round_trip_until_they_expire_and_bad_ones_are_dropped() {
        let credentials = Credentials {
            sso_id: 218,
            hash: "a\nb c".into(),
        };
        let stored = encode(&credentials, 2_000);
        assert_eq!(decode(&stored, 1_999), Some(credentials));
        assert_eq!(decode(&stored, 2_000), None);
        for bad in [
            "",
            "218",
            "218\n",
            "218\nhash",
            "x\n9000000000000000\nhash",
            "0\n9000000000000000\nhash",
            "218\n9e15\nhash",
            "218\nsoon\nhash",
            "218\n9000000000000000\n ",
            "{\"sso_id\":218}",
        ] {
            assert_eq!(decode(bad, 0), None, "{bad:?}");
        }
    }
}
