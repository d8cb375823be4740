//! What the app keeps in the browser's storage: the session (`localStorage` when the admin asked
//! to be remembered, `sessionStorage`, gone with the tab, otherwise) and the chosen language.
//! Never customer data.

use crate::{
    api::Credentials,
    i18n::Lang,
    session::{parse_admin_id, parse_hash, Session},
};
use web_sys::Storage;

const SESSION_KEY: &str = "vchat-history.session";
const LANG_KEY: &str = "vchat-history.lang";

/// The session a previous visit left, if any (and still well-formed).
pub fn restore_session() -> Option<Session> {
    [(local(), true), (tab(), false)]
        .into_iter()
        .find_map(|(storage, remember)| {
            let credentials = decode(&storage?.get_item(SESSION_KEY).ok()??)?;
            Some(Session {
                credentials,
                remember,
            })
        })
}

pub fn save_session(session: &Session) {
    forget_session();
    let storage = if session.remember { local() } else { tab() };
    if let Some(storage) = storage {
        // Storage can be full or disabled; the session then lasts as long as the page.
        let _ = storage.set_item(SESSION_KEY, &encode(&session.credentials));
    }
}

/// Removes the session from both storages.
pub fn forget_session() {
    for storage in [local(), tab()].into_iter().flatten() {
        let _ = storage.remove_item(SESSION_KEY);
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
}
