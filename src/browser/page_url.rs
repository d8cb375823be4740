//! The page number in the address bar (`?page=N`), kept in step with the browser's history.
//!
//! A few lines over the History API instead of a router: the app has one screen, and this keeps
//! the relative `?page=N` links working under whatever path the app is served from. Measured for
//! size: the same URL sync on leptos_router 0.8 (`Router`, `use_query_map`, `use_navigate`) made
//! the bundle 14.6 KiB gzip larger (172.4 against 157.8 KiB).

use leptos::{ev, prelude::*};
use web_sys::UrlSearchParams;

const PARAM: &str = "page";

/// The page the URL names; changing it goes through [`PageUrl::go`].
#[derive(Clone, Copy)]
pub struct PageUrl(RwSignal<u32>);

impl PageUrl {
    /// Reads the current URL and follows the back and forward buttons.
    pub fn provide() -> PageUrl {
        let url = PageUrl(RwSignal::new(current()));
        let handle = window_event_listener(ev::popstate, move |_| url.0.set(current()));
        on_cleanup(move || handle.remove());
        provide_context(url);
        url
    }

    pub fn page(self) -> u32 {
        self.0.get()
    }

    /// A new history entry for page `number`, as following a link would make.
    pub fn go(self, number: u32) {
        let pushed = window().history().and_then(|history| {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href(number)))
        });
        if pushed.is_ok() {
            self.0.set(number);
        }
    }
}

pub fn use_page_url() -> PageUrl {
    expect_context()
}

/// `?page=N` with the other query parameters kept, relative to the current path.
pub fn href(number: u32) -> String {
    match search_params() {
        Some(params) => {
            params.set(PARAM, &number.to_string());
            format!("?{}", String::from(params.to_string()))
        }
        None => format!("?{PARAM}={number}"),
    }
}

fn current() -> u32 {
    page_number(search_params().and_then(|p| p.get(PARAM)).as_deref())
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
