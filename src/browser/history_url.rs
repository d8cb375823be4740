//! Where the admin is, in the address bar: the list page (`?page=N`), the open conversation
//! (`&c=<customer id>`), the search and filters (`&q=<words>&leads=1&agent=…&from=…`) and the
//! statistics view (`&view=stats`), kept in step with the browser's history, so reload,
//! back/forward and a copied link all lead back.
//!
//! A few lines over the History API instead of a router: the app has one screen, and this keeps
//! the relative `?page=N` links working under whatever path the app is served from. Measured for
//! size: the same URL sync on leptos_router 0.8 (`Router`, `use_query_map`, `use_navigate`) made
//! the bundle 14.6 KiB gzip larger (172.4 against 157.8 KiB).

use crate::{app::Mode, format::time, search::filter::Filter};
use leptos::{ev, prelude::*};
use std::time::Duration;
use web_sys::UrlSearchParams;

/// The query parameters: the app's own page owns its URL; in a host page the app keeps to
/// parameters of its own (`vch-page`, `vch-q`, …), leaving the host's `page` (or `q`) alone.
#[derive(Clone, Copy)]
struct Params {
    prefix: &'static str,
}

impl Params {
    fn of(mode: Mode) -> Params {
        Params {
            prefix: match mode {
                Mode::Page => "",
                Mode::Mounted => "vch-",
            },
        }
    }

    fn key(self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

/// What the URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub page: u32,
    /// The customer id of the open conversation.
    pub conversation: Option<u64>,
}

/// What the list is narrowed to, and whether the statistics show instead of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// The words typed into the search field, as typed.
    pub text: String,
    /// Only customers who left a phone number.
    pub leads: bool,
    /// Only this support agent's conversations (`0`: without one).
    pub agent: Option<u64>,
    /// The last message on or after this day (days from 1970-01-01, the admin's calendar).
    pub from: Option<i64>,
    /// The last message on or before this day.
    pub to: Option<i64>,
    pub online: bool,
    pub member: bool,
    /// A part of the product page's address.
    pub product: String,
    /// The statistics view (`view=stats`).
    pub stats: bool,
}

impl Search {
    /// Words or a filter narrow the list.
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.has_filters()
    }

    pub fn has_filters(&self) -> bool {
        self.leads
            || self.agent.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.online
            || self.member
            || !self.product.trim().is_empty()
    }

    /// The filters, with the days as the admin's midnights.
    pub fn filter(&self) -> Filter {
        Filter {
            leads: self.leads,
            agent: self.agent,
            since: self.from.map(time::local_midnight),
            until: self.to.map(|day| time::local_midnight(day + 1)),
            online: self.online,
            member: self.member,
            product: self.product.trim().to_owned(),
        }
    }

    /// The same words and view, without filters.
    pub fn without_filters(&self) -> Search {
        Search {
            text: self.text.clone(),
            stats: self.stats,
            ..Search::default()
        }
    }

    /// The URL's parameters (before the mode's prefix) and their values; `None` removes one.
    fn pairs(&self) -> [(&'static str, Option<String>); 9] {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.trim().is_empty());
        let flag = |on: bool| on.then(|| "1".to_owned());
        [
            ("q", text(&self.text)),
            ("leads", flag(self.leads)),
            ("agent", self.agent.map(|a| a.to_string())),
            ("from", self.from.map(time::date_text)),
            ("to", self.to.map(time::date_text)),
            ("online", flag(self.online)),
            ("member", flag(self.member)),
            ("product", text(&self.product)),
            ("view", self.stats.then(|| "stats".to_owned())),
        ]
    }

    /// The search the URL's parameters (`get`, before the mode's prefix) name; anything
    /// unreadable is left out.
    fn read(get: impl Fn(&str) -> Option<String>) -> Search {
        let flag = |name| get(name).is_some_and(|v| v == "1");
        Search {
            text: get("q").unwrap_or_default(),
            leads: flag("leads"),
            agent: get("agent").and_then(|a| a.trim().parse().ok()),
            from: get("from").and_then(|d| time::parse_date(&d)),
            to: get("to").and_then(|d| time::parse_date(&d)),
            online: flag("online"),
            member: flag("member"),
            product: get("product").unwrap_or_default(),
            stats: get("view").is_some_and(|v| v == "stats"),
        }
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
            url.drop_pending();
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
        if starts {
            // The entry being left gets what it showed.
            self.flush();
        } else {
            // Typing on: the address bar waits for this search instead. Writing the one before
            // it here wrote the address bar at every keystroke after the first.
            self.drop_pending();
        }
        self.1.set(search);
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
        if self.drop_pending() {
            self.write_search(false);
        }
    }

    /// Calls off the address bar's update waiting for a pause; whether there was one.
    fn drop_pending(self) -> bool {
        let pending = self.3.try_update_value(Option::take).flatten();
        if let Some(pending) = &pending {
            pending.clear();
        }
        pending.is_some()
    }

    /// The search into the address bar: a new entry (`push`), or in place of the current one.
    fn write_search(self, push: bool) {
        let Some(params) = search_params().or_else(|| UrlSearchParams::new().ok()) else {
            return;
        };
        for (name, value) in self.1.with_untracked(Search::pairs) {
            match value {
                Some(value) => params.set(&self.2.key(name), &value),
                None => params.delete(&self.2.key(name)),
            }
        }
        let href = format!("?{}{}", String::from(params.to_string()), fragment());
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
    /// The URL of `place`, relative to the current path, with the other query parameters and
    /// the fragment kept (a hash-routed host page keeps its route).
    pub fn href(self, place: Place) -> String {
        let (page, conversation) = (self.2.key("page"), self.2.key("c"));
        let Some(params) = search_params().or_else(|| UrlSearchParams::new().ok()) else {
            return match place.conversation {
                Some(id) => format!("?{page}={}&{conversation}={id}{}", place.page, fragment()),
                None => format!("?{page}={}{}", place.page, fragment()),
            };
        };
        params.set(&page, &place.page.to_string());
        match place.conversation {
            Some(id) => params.set(&conversation, &id.to_string()),
            None => params.delete(&conversation),
        }
        format!("?{}{}", String::from(params.to_string()), fragment())
    }
}

fn current(params: Params) -> Place {
    let search = search_params();
    let get = |name| search.as_ref().and_then(|p| p.get(name));
    Place {
        page: page_number(get(&params.key("page")).as_deref()),
        conversation: get(&params.key("c"))
            .and_then(|id| id.trim().parse().ok())
            .filter(|&id| id > 0),
    }
}

fn current_search(params: Params) -> Search {
    let search = search_params();
    Search::read(|name| search.as_ref().and_then(|p| p.get(&params.key(name))))
}

/// The page's `#fragment`, `#` included, or nothing: a URL made of a query alone would drop it.
fn fragment() -> String {
    window().location().hash().unwrap_or_default()
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
    use super::{page_number, Search};

    #[test]
    fn a_search_reads_back_from_its_parameters() {
        let search = Search {
            text: "nguyễn 0913".into(),
            leads: true,
            agent: Some(0),
            from: Some(20_400),
            to: Some(20_419),
            online: true,
            member: true,
            product: "meiji".into(),
            stats: true,
        };
        let pairs = search.pairs();
        let read = Search::read(|name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.clone())
        });
        assert_eq!(read, search);
        assert!(Search::default().pairs().iter().all(|(_, v)| v.is_none()));
        let odd = Search::read(|name| {
            Some(
                match name {
                    "from" => "2026-02-30",
                    "agent" => "x",
                    "view" => "list",
                    _ => "0",
                }
                .to_owned(),
            )
        });
        assert_eq!(
            (odd.from, odd.agent, odd.stats, odd.leads),
            (None, None, false, false)
        );
    }

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
