//! Run-time settings, read from `<meta>` tags of the page that loads the app, so one build can be
//! pointed at any vChat server without rebuilding.

use std::time::Duration;

pub const API_URL_META: &str = "vchat-history:api-url";
pub const TIMEOUT_META: &str = "vchat-history:timeout-ms";

/// The endpoint when the page names none: vChat's path on the page's own origin. Absolute, so an
/// app served under a sub-path does not silently call `<sub-path>/hischat.php`.
const DEFAULT_API_URL: &str = "/hischat.php";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub api_url: String,
    pub timeout: Duration,
}

impl Config {
    pub fn from_document() -> Config {
        Config::from_values(meta(API_URL_META), meta(TIMEOUT_META))
    }

    fn from_values(api_url: Option<String>, timeout_ms: Option<String>) -> Config {
        let api_url = api_url
            .map(|url| url.trim().to_owned())
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| DEFAULT_API_URL.to_owned());
        let timeout = timeout_ms
            .and_then(|ms| ms.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
            .map_or(DEFAULT_TIMEOUT, Duration::from_millis);
        Config { api_url, timeout }
    }
}

fn meta(name: &str) -> Option<String> {
    let selector = format!("meta[name=\"{name}\"]");
    let element = web_sys::window()?
        .document()?
        .query_selector(&selector)
        .ok()??;
    element.get_attribute("content")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_the_same_origin_endpoint_and_fifteen_seconds() {
        let config = Config::from_values(None, None);
        assert_eq!(config.api_url, "/hischat.php");
        assert_eq!(config.timeout, Duration::from_secs(15));
        assert_eq!(
            Config::from_values(Some("  ".into()), Some("x".into())),
            config
        );
        assert_eq!(Config::from_values(None, Some("0".into())), config);
    }

    #[test]
    fn reads_the_given_values() {
        let config = Config::from_values(
            Some(" https://chat.example.vn/hischat.php ".into()),
            Some("2500".into()),
        );
        assert_eq!(config.api_url, "https://chat.example.vn/hischat.php");
        assert_eq!(config.timeout, Duration::from_millis(2500));
    }
}
