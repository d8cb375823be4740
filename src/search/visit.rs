//! The admin's visits, for what is new since the last one: a visit goes on while the admin comes
//! back within [`VISIT_GAP`] (a reload, another tab), and what is new in the next one is what
//! came after the last time the admin was seen.

/// Longer away than this, and the admin's next coming is a new visit.
pub const VISIT_GAP: i64 = 30 * 60;

/// A visit, as kept beside the session (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    pub admin: u64,
    /// What came later than this is new; `None` on the admin's first visit in this browser,
    /// when nothing is.
    pub since: Option<i64>,
    /// When the admin was last seen.
    pub seen: i64,
}

impl Visit {
    /// The visit of `admin` at `now`, after the one `stored` (any admin's) if any.
    pub fn begin(stored: Option<Visit>, admin: u64, now: i64) -> Visit {
        match stored {
            Some(last) if last.admin == admin && now - last.seen < VISIT_GAP => Visit {
                seen: now.max(last.seen),
                ..last
            },
            Some(last) if last.admin == admin => Visit {
                admin,
                since: Some(last.seen),
                seen: now,
            },
            _ => Visit {
                admin,
                since: None,
                seen: now,
            },
        }
    }

    /// A conversation whose latest message came at `time` is new in this visit.
    pub fn is_new(&self, time: Option<i64>) -> bool {
        self.since
            .zip(time)
            .is_some_and(|(since, time)| time > since)
    }

    /// `<admin>\n<since, or nothing>\n<seen>`: whole numbers (see `browser/storage.rs`).
    pub fn encode(&self) -> String {
        let since = self.since.map(|s| s.to_string()).unwrap_or_default();
        format!("{}\n{since}\n{}", self.admin, self.seen)
    }

    pub fn decode(text: &str) -> Option<Visit> {
        let mut parts = text.split('\n');
        let admin = parts.next()?.parse().ok()?;
        let since = match parts.next()? {
            "" => None,
            since => Some(since.parse().ok()?),
        };
        let seen = parts.next()?.parse().ok()?;
        parts
            .next()
            .is_none()
            .then_some(Visit { admin, since, seen })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_goes_on_within_the_gap_and_the_next_one_starts_from_the_last_seen() {
        let first = Visit::begin(None, 218, 1_000);
        assert_eq!(first.since, None);
        assert!(
            !first.is_new(Some(5_000)),
            "nothing is new on a first visit"
        );
        // Back after 10 minutes: the same visit.
        let again = Visit::begin(Some(first), 218, 1_600);
        assert_eq!((again.since, again.seen), (None, 1_600));
        // Back the next day: what came after 1,600 is new.
        let next = Visit::begin(Some(again), 218, 90_000);
        assert_eq!((next.since, next.seen), (Some(1_600), 90_000));
        assert!(next.is_new(Some(1_601)));
        assert!(!next.is_new(Some(1_600)));
        assert!(!next.is_new(None));
        // A reload keeps what is new.
        assert_eq!(Visit::begin(Some(next), 218, 90_060).since, Some(1_600));
        // Another admin: a first visit.
        assert_eq!(Visit::begin(Some(next), 2026, 90_060).since, None);
        // A clock put back does not shorten what was seen.
        assert_eq!(Visit::begin(Some(next), 218, 89_000).seen, 90_000);
    }

    #[test]
    fn visits_read_back_and_odd_ones_are_none() {
        for visit in [
            Visit {
                admin: 218,
                since: None,
                seen: 5,
            },
            Visit {
                admin: 2026,
                since: Some(-3),
                seen: 1_796_000_000,
            },
        ] {
            assert_eq!(Visit::decode(&visit.encode()), Some(visit));
        }
        for odd in ["", "218", "218\n\n", "x\n\n5", "218\n1.5\n5", "218\n\n5\n6"] {
            assert_eq!(Visit::decode(odd), None, "{odd:?}");
        }
    }
}
