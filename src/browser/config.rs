//! Run-time settings, so one build can be pointed at any vChat server without rebuilding: from
//! `<meta name="vchat-history:KEY">` tags on the app's own page, or from `data-KEY` attributes of
//! the element a host page mounts the app into.

use crate::search::response::Hours;
use std::time::Duration;

/// The endpoint when none is set: vChat's path on the page's own origin. Absolute, so an app
/// served under a sub-path does not silently call `<sub-path>/hischat.php`.
const DEFAULT_API_URL: &str = "/hischat.php";
/// The endpoint of a conversation's messages, likewise.
const DEFAULT_THREAD_API_URL: &str = "/chistory.php";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
pub(crate) const DEFAULT_SESSION_DAYS: u32 = 30;
/// Loading the whole history asks for at most 2.5 pages a second: gentle on vChat, and under the
/// 5 requests a second that `deploy/nginx.conf` lets through, with room for the admin's own.
const DEFAULT_LOAD_INTERVAL: Duration = Duration::from_millis(400);
/// Page 1 is asked again this often while the admin looks at it.
const DEFAULT_REFRESH: Duration = Duration::from_secs(30);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `/hischat.php`: the history, a page of conversations at a time.
    pub api_url: String,
    /// `/chistory.php`: a conversation's messages.
    pub thread_api_url: String,
    pub timeout: Duration,
    /// The least time between two requests of the loading of the whole history
    /// (`load-interval-ms`).
    pub load_interval: Duration,
    /// How often page 1 is asked again while the admin looks at it (`refresh-seconds`, 30 by
    /// default; 0 turns it off).
    pub refresh: Option<Duration>,
    /// The shop's opening hours, which response times count (`shop-hours`, `08:00-22:00` by
    /// default, `00:00-24:00` for always); the zone's offset is the browser's, set at start.
    pub shop_hours: Hours,
    /// Origins whose pages may embed the app in a frame and hand it credentials.
    pub allowed_origins: Vec<String>,
    pub theme: Theme,
    /// How long a remembered session lasts (`session-days`, 30 by default).
    pub session_days: u32,
    /// "Remember me" is offered: on the app's own page by default, in a host page only when the
    /// host allows it (`data-allow-remember="true"`), since the secret would outlive the tab.
    pub allow_remember: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Light or dark, as the system prefers.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The value of the app root's `data-theme`, when it overrides the system's preference.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

impl Config {
    /// The settings of the app's own page.
    pub fn from_meta(document: &web_sys::Document) -> Config {
        Config::from_lookup(
            |key| {
                document
                    .query_selector(&format!("meta[name=\"vchat-history:{key}\"]"))
                    .ok()??
                    .get_attribute("content")
            },
            true,
        )
    }

    /// The settings a host page wrote on the element it mounts the app into. Anything on a host
    /// page may have been injected into it (sanitisers keep `data-*`), so the API must stay on
    /// the page's own origin: the session's hash goes there, and vChat, which sends no CORS
    /// headers, can only be reached through a proxy on that origin anyway.
    pub fn from_element(element: &web_sys::Element) -> Result<Config, ElsewhereApi> {
        let config =
            Config::from_lookup(|key| element.get_attribute(&format!("data-{key}")), false);
        if [&config.api_url, &config.thread_api_url]
            .into_iter()
            .all(|url| on_this_origin(url))
        {
            Ok(config)
        } else {
            Err(ElsewhereApi)
        }
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>, remember_by_default: bool) -> Config {
        let url = |key: &str, default: &str| {
            get(key)
                .map(|url| url.trim().to_owned())
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let api_url = url("api-url", DEFAULT_API_URL);
        let thread_api_url = url("thread-api-url", DEFAULT_THREAD_API_URL);
        let timeout = get("timeout-ms")
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map_or(DEFAULT_TIMEOUT, Duration::from_millis);
        let load_interval = get("load-interval-ms")
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .map_or(DEFAULT_LOAD_INTERVAL, Duration::from_millis);
        let refresh = get("refresh-seconds")
            .and_then(|seconds| seconds.trim().parse::<u64>().ok())
            .map_or(Some(DEFAULT_REFRESH), |seconds| {
                (seconds > 0).then(|| Duration::from_secs(seconds))
            });
        let shop_hours = Hours::parse(get("shop-hours").as_deref(), 0);
        let allowed_origins = get("allowed-origins")
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(origin)
            .collect();
        let theme = match get("theme").as_deref().map(str::trim) {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::Auto,
        };
        let session_days = get("session-days")
            .and_then(|days| days.trim().parse::<u32>().ok())
            .filter(|days| (1..=365).contains(days))
            .unwrap_or(DEFAULT_SESSION_DAYS);
        let allow_remember = match get("allow-remember").as_deref().map(str::trim) {
            Some("true") => true,
            Some("false") => false,
            _ => remember_by_default,
        };
        Config {
            api_url,
            thread_api_url,
            session_days,
            allow_remember,
            timeout,
            load_interval,
            refresh,
            shop_hours,
            allowed_origins,
            theme,
        }
    }
}

/// A mounted app's API URL names another origin.
#[derive(Debug)]
pub struct ElsewhereApi;

/// The URL, resolved as `fetch` would, is on the page's origin.
fn on_this_origin(url: &str) -> bool {
    let location = web_sys::window().map(|w| w.location());
    let (Some(Ok(href)), Some(Ok(origin))) = (
        location.as_ref().map(|l| l.href()),
        location.as_ref().map(|l| l.origin()),
    ) else {
        return false;
    };
    web_sys::Url::new_with_base(url, &href).is_ok_and(|url| url.origin() == origin)
}

/// `scheme://host[:port]` as browsers write `event.origin`; anything else (paths, `*`) is
/// dropped, so a typo cannot open the app to every site.
fn origin(text: &str) -> Option<String> {
    let origin = text.strip_suffix('/').unwrap_or(text).to_ascii_lowercase();
    let (scheme, host) = origin.split_once("://")?;
    let valid = matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    valid.then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Config {
        let map: HashMap<_, _> = pairs.iter().copied().collect();
        Config::from_lookup(|key| map.get(key).map(|v| v.to_string()), true)
    }

    #[test]
    fn defaults_to_the_same_origin_endpoint_and_fifteen_seconds() {
        let defaults = config(&[]);
        assert_eq!(defaults.api_url, "/hischat.php");
        assert_eq!(defaults.thread_api_url, "/chistory.php");
        assert_eq!(defaults.timeout, Duration::from_secs(15));
        assert_eq!(defaults.load_interval, Duration::from_millis(400));
        assert_eq!(defaults.refresh, Some(Duration::from_secs(30)));
        assert_eq!(defaults.shop_hours, Hours::parse(Some("08:00-22:00"), 0));
        assert!(defaults.allowed_origins.is_empty());
        assert_eq!(defaults.theme, Theme::Auto);
        assert_eq!((defaults.session_days, defaults.allow_remember), (30, true));
        let odd = config(&[
            ("api-url", "  "),
            ("timeout-ms", "x"),
            ("theme", "pink"),
            ("session-days", "0"),
            ("allow-remember", "maybe"),
            ("load-interval-ms", "-5"),
            ("refresh-seconds", "soon"),
        ]);
        assert_eq!(odd, defaults);
        assert_eq!(config(&[("timeout-ms", "0")]), defaults);
    }

    #[test]
    fn reads_the_given_values() {
        let config = config(&[
            ("api-url", " https://chat.example.vn/hischat.php "),
            ("thread-api-url", "https://chat.example.vn/chistory.php"),
            ("timeout-ms", "2500"),
            ("theme", "dark"),
            ("session-days", "7"),
            ("allow-remember", "false"),
            ("load-interval-ms", "0"),
            ("refresh-seconds", "0"),
            ("shop-hours", "07:30-21:00"),
        ]);
        assert_eq!(config.api_url, "https://chat.example.vn/hischat.php");
        assert_eq!(
            config.thread_api_url,
            "https://chat.example.vn/chistory.php"
        );
        assert_eq!(config.timeout, Duration::from_millis(2500));
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!((config.session_days, config.allow_remember), (7, false));
        assert_eq!(config.load_interval, Duration::ZERO);
        assert_eq!(config.refresh, None, "0 turns it off");
        assert_eq!(config.shop_hours, Hours::parse(Some("07:30-21:00"), 0));
    }

    #[test]
    fn only_exact_origins_are_allowed() {
        let config = config(&[(
            "allowed-origins",
            "https://portal.shop.vn  http://localhost:8787/ * https://x.vn/path javascript://x \
             HTTPS://Admin.Shop.VN",
        )]);
        assert_eq!(
            config.allowed_origins,
            [
                "https://portal.shop.vn",
                "http://localhost:8787",
                "https://admin.shop.vn"
            ]
        );
    }
}
