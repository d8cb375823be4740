//! Faults the tests switch on to see how the app copes: `POST /__demo/faults` with
//! `{"fault": "http500", "page": 2, "times": 1}` (page and times optional; `"endpoint":
//! "chistory"` for `/chistory.php`, whose `page` is then the page of messages), `DELETE` to clear.

use serde::Deserialize;
use std::sync::Mutex;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// These HTTP statuses, with a server's error page.
    Http500,
    Http502,
    Http503,
    /// An HTML error page with status 200.
    Html,
    /// The real reply, cut off halfway.
    Truncated,
    /// Valid JSON that is not a history reply.
    WrongShape,
    /// The real reply with its first conversation replaced by one that cannot be read.
    BadRow,
    /// `status: 0`, as when the hash stops being valid.
    Refuse,
    /// Refuses the sign-in with an error text that echoes the hash it was sent.
    RefuseEcho,
    /// Never answer (well past any client timeout).
    Hang,
    /// A reply of 6 MB, sent in pieces without announcing its length, as a runaway server would.
    Huge,
    /// Answer normally after `ms` milliseconds.
    Delay,
    /// `307 Temporary Redirect` to `location`, which keeps the method and the body: a browser
    /// that followed it would post the credentials there.
    Redirect,
}

/// Which endpoint a rule hits.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    #[default]
    Hischat,
    Chistory,
}

#[derive(Debug, Deserialize)]
pub struct Rule {
    pub fault: Fault,
    /// `/hischat.php` when absent.
    #[serde(default)]
    pub endpoint: Endpoint,
    /// Only requests for this page; all pages when absent.
    pub page: Option<i64>,
    /// How many requests it hits before it lapses; until cleared when absent.
    pub times: Option<u32>,
    #[serde(default)]
    pub ms: u64,
    /// Where `redirect` sends the request.
    #[serde(default)]
    pub location: String,
}

/// What a rule does to the request it hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub fault: Fault,
    pub ms: u64,
    pub location: String,
}

#[derive(Default)]
pub struct Faults(Mutex<Vec<Rule>>);

impl Faults {
    pub fn add(&self, rule: Rule) {
        self.rules().push(rule);
    }

    pub fn clear(&self) {
        self.rules().clear();
    }

    /// The fault (with its delay or location) for a request to `endpoint` for `page`, using up
    /// one of its `times`.
    pub fn take(&self, endpoint: Endpoint, page: i64) -> Option<Hit> {
        let mut rules = self.rules();
        let index = rules
            .iter()
            .position(|r| r.endpoint == endpoint && r.page.is_none_or(|p| p == page))?;
        let rule = &mut rules[index];
        let hit = Hit {
            fault: rule.fault,
            ms: rule.ms,
            location: rule.location.clone(),
        };
        match &mut rule.times {
            Some(1) => {
                rules.remove(index);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(hit)
    }

    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        // A panic while holding the lock cannot leave the list half-changed, so go on with it.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> Rule {
        serde_json::from_str(json).expect("a rule")
    }

    #[test]
    fn rules_match_pages_and_lapse() {
        let faults = Faults::default();
        faults.add(rule(r#"{"fault":"http500","page":2,"times":2}"#));
        faults.add(rule(r#"{"fault":"delay","ms":50}"#));
        faults.add(rule(
            r#"{"fault":"redirect","endpoint":"chistory","page":4,"location":"http://x/"}"#,
        ));
        faults.add(rule(r#"{"fault":"refuse","endpoint":"chistory"}"#));
        let hit = |fault, ms| Some((fault, ms));
        let hischat = |page| {
            faults
                .take(Endpoint::Hischat, page)
                .map(|h| (h.fault, h.ms))
        };
        assert_eq!(hischat(1), hit(Fault::Delay, 50));
        assert_eq!(hischat(2), hit(Fault::Http500, 0));
        assert_eq!(hischat(2), hit(Fault::Http500, 0));
        assert_eq!(hischat(2), hit(Fault::Delay, 50));
        assert_eq!(
            faults.take(Endpoint::Chistory, 4),
            Some(Hit {
                fault: Fault::Redirect,
                ms: 0,
                location: "http://x/".into()
            })
        );
        assert_eq!(
            faults.take(Endpoint::Chistory, 3).map(|h| h.fault),
            Some(Fault::Refuse)
        );
        faults.clear();
        assert_eq!(hischat(2), None);
        assert!(serde_json::from_str::<Rule>(r#"{"fault":"nonsense"}"#).is_err());
    }
}
