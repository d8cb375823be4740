//! Where the admin is, in the address bar: the list page (`?page=N`), the open conversation
//! (`&c=<customer id>`) and the search (`&q=<words>`, `&leads=1`), kept in step with the
//! browser's history, so reload, back/forward and a copied link all lead back.
//!
//! A few lines over the History API instead of a router: the app has one screen, and this keeps
//! the relative `?page=N` links working under whatever path the app is served from. Measured for
//! size: the same URL sync on leptos_router 0.8 (`Router`, `use_query_map`, `use_navigate`) made
//! the bundle 14.6 KiB gzip larger (172.4 against 157.8 KiB).

use crate::app::Mode;
use leptos::{ev, prelude::*};
use std::time::Duration;
use web_sys::UrlSearchParams;

/// The query parameters: the app's own page owns its URL; in a host page the app keeps to
/// parameters of its own, leaving the host's `page` (or `c`) alone.
#[derive(Clone, Copy)]
struct Params {
    page: &'static str,
    conversation: &'static str,
    query: &'static str,
    leads: &'static str,
}

impl Params {
    fn of(mode: Mode) -> Params {
        match mode {
            Mode::Page => Params {
                page: "page",
                conversation: "c",
                query: "q",
                leads: "leads",
            },
            Mode::Mounted => Params {
                page: "vch-page",
                conversation: "vch-c",
                query: "vch-q",
                leads: "vch-leads",
            },
        }
    }
}

/// What the URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub page: u32,
    /// The customer id of the open conversation.
    pub conversation: Option<u64>,
}

/// What the list is narrowed to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// The words typed into the search field, as typed.
    pub text: String,
    /// Only customers who left a phone number.
    pub leads: bool,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.leads
    }
}

/// The place and the search in the URL; changing them goes through [`HistoryUrl::go`] and
/// [`HistoryUrl::search_for`].
#[derive(Clone, Copy)]
pub struct HistoryUrl(
    RwSignal<Place>,
    RwSignal<Search>,
    Params,
    /// The address bar's update for the words being typed, waiting for a pause.
    StoredValue<Option<TimeoutHandle>>,
);

/// How long typing pauses before the address bar follows: `replaceState` took 2.5 ms of each
/// keystroke (of about 15), and browsers throttle it when called for every key.
const WRITE_SEARCH_AFTER: Duration = Duration::from_millis(300);

impl HistoryUrl {
    /// Reads the current URL and follows the back and forward buttons.
    pub fn provide(mode: Mode) -> HistoryUrl {
        let params = Params::of(mode);
        let url = HistoryUrl(
            RwSignal::new(current(params)),
            RwSignal::new(current_search(params)),
            params,
            StoredValue::new(None),
        );
        let handle = window_event_listener(ev::popstate, move |_| {
            // The entry left behind keeps what it had; the one arrived at says what to show.
            if let Some(Some(pending)) = url.3.try_update_value(Option::take) {
                pending.clear();
            }
            url.0.set(current(params));
            url.1.set(current_search(params));
        });
        on_cleanup(move || handle.remove());
        provide_context(url);
        url
    }

    pub fn page(self) -> u32 {
        self.0.with(|place| place.page)
    }

    pub fn conversation(self) -> Option<u64> {
        self.0.with(|place| place.conversation)
    }

    pub fn search(self) -> Search {
        self.1.get()
    }

    /// Narrows the list to `search` at once, the open conversation staying open. A search that
    /// starts makes a history entry (back returns to the list); typing on replaces it once the
    /// typing pauses, so back does not step through every keystroke.
    pub fn search_for(self, search: Search) {
        let starts = !self.1.with_untracked(Search::is_active);
        self.1.set(search);
        if let Some(Some(pending)) = self.3.try_update_value(Option::take) {
            pending.clear();
        }
        if starts {
            self.write_search(true);
        } else {
            let pending = set_timeout_with_handle(
                move || {
                    self.3.try_set_value(None);
                    self.write_search(false);
                },
                WRITE_SEARCH_AFTER,
            );
            self.3.set_value(pending.ok());
        }
    }

    /// Writes a search still waiting for a pause, before the URL changes otherwise.
    fn flush(self) {
        if let Some(Some(pending)) = self.3.try_update_value(Option::take) {
            pending.clear();
            self.write_search(false);
        }
    }

    /// The search into the address bar: a new entry (`push`), or in place of the current one.
    fn write_search(self, push: bool) {
        let Some(params) = search_params().or_else(|| UrlSearchParams::new().ok()) else {
            return;
        };
        let Params { query, leads, .. } = self.2;
        let search = self.1.get_untracked();
        match search.text.as_str() {
            "" => params.delete(query),
            text => params.set(query, text),
        }
        match search.leads {
            true => params.set(leads, "1"),
            false => params.delete(leads),
        }
        let href = format!("?{}", String::from(params.to_string()));
        if let Ok(history) = window().history() {
            let url = Some(href.as_str());
            let _ = if push {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
            } else {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", url)
            };
        }
    }

    /// A new history entry for `place`, as following a link would make.
    pub fn go(self, place: Place) {
        self.flush();
        let pushed = window().history().and_then(|history| {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.href(place)))
        });
        if pushed.is_ok() {
            self.0.set(place);
        }
    }

    /// List page `page`, the open conversation staying open.
    pub fn go_to_page(self, page: u32) {
        self.go(Place {
            page,
            ..self.0.get_untracked()
        });
    }

    /// Opens the conversation with the customer `id`, or closes the one open (`None`).
    pub fn open(self, conversation: Option<u64>) {
        self.go(Place {
            conversation,
            ..self.0.get_untracked()
        });
    }
}

pub fn use_history_url() -> HistoryUrl {
    expect_context()
}

/// A plain left click on one of the app's links: the app moves there itself. With a modifier
/// (new tab, new window, download) or another button, the browser does what it does with links.
pub fn is_plain_click(ev: &web_sys::MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

impl HistoryUrl {
    /// The URL of `place`, relative to the current path, with the other query parameters kept.
    pub fn href(self, place: Place) -> String {
        let Params {
            page, conversation, ..
        } = self.2;
        let Some(params) = search_params().or_else(|| UrlSearchParams::new().ok()) else {
            return match place.conversation {
                Some(id) => format!("?{page}={}&{conversation}={id}", place.page),
                None => format!("?{page}={}", place.page),
            };
        };
        params.set(page, &place.page.to_string());
        match place.conversation {
            Some(id) => params.set(conversation, &id.to_string()),
            None => params.delete(conversation),
        }
        format!("?{}", String::from(params.to_string()))
    }
}

fn current(params: Params) -> Place {
    let search = search_params();
    let get = |name| search.as_ref().and_then(|p| p.get(name));
    Place {
        page: page_number(get(params.page).as_deref()),
        conversation: get(params.conversation)
            .and_then(|id| id.trim().parse().ok())
            .filter(|&id| id > 0),
    }
}

fn current_search(params: Params) -> Search {
    let search = search_params();
    let get = |name| search.as_ref().and_then(|p| p.get(name));
    Search {
        text: get(params.query).unwrap_or_default(),
        leads: get(params.leads).is_some_and(|v| v == "1"),
    }
}

fn search_params() -> Option<UrlSearchParams> {
    UrlSearchParams::new_with_str(&window().location().search().ok()?).ok()
}

/// `?page=N` as a page number; anything else is page 1.
pub fn page_number(param: Option<&str>) -> u32 {
    param
        .and_then(|p| p.trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::page_number;

    #[test]
    fn page_numbers_come_from_the_query_or_default_to_one() {
        assert_eq!(page_number(Some("7")), 7);
        assert_eq!(page_number(Some(" 2 ")), 2);
        for bad in [
            None,
            Some(""),
            Some("0"),
            Some("-1"),
            Some("abc"),
            Some("99999999999"),
        ] {
            assert_eq!(page_number(bad), 1, "{bad:?}");
        }
    }
}
