//! What the address bar names, as plain data: the list page and the open conversation
//! ([`Place`]), the words, the filters and the view ([`Search`]), each with its query parameters
//! (`?page=3&c=156509782`, `&q=…&leads=1&agent=…&from=…&view=stats`). `browser/history_url.rs`
//! keeps them in step with the browser's history.

use crate::{format::time, search::filter::Filter};

/// Where the admin is in the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub page: u32,
    /// The customer id of the open conversation.
    pub conversation: Option<u64>,
}

impl Place {
    /// The place the parameters (`get`, before any prefix) name: page 1 and no conversation
    /// where they name none or cannot be read.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Place {
        Place {
            page: page_number(get("page").as_deref()),
            conversation: get("c")
                .and_then(|id| id.trim().parse().ok())
                .filter(|&id| id > 0),
        }
    }

    /// Its parameters and their values; `None` removes one.
    pub fn to_pairs(self) -> [(&'static str, Option<String>); 2] {
        [
            ("page", Some(self.page.to_string())),
            ("c", self.conversation.map(|id| id.to_string())),
        ]
    }
}

/// `?page=N` as a page number; anything else is page 1.
pub fn page_number(param: Option<&str>) -> u32 {
    param
        .and_then(|p| p.trim().parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

/// What shows in the list's place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The conversations (a page of the history, or the results of a search).
    #[default]
    List,
    /// Their statistics (`view=stats`).
    Stats,
}

/// What the list is narrowed to, and what shows in its place.
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
    /// Only conversations waiting for an answer.
    pub waiting: bool,
    /// A part of the product page's address.
    pub product: String,
    /// Only conversations whose first response took longer than this many seconds of shop
    /// hours (`slow=3600`).
    pub slow: Option<i64>,
    pub view: View,
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
            || self.waiting
            || !self.product.trim().is_empty()
            || self.slow.is_some()
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
            waiting: self.waiting,
            product: self.product.trim().to_owned(),
            slower_than: self.slow,
        }
    }

    /// The same words and view, without filters.
    pub fn without_filters(&self) -> Search {
        Search {
            text: self.text.clone(),
            view: self.view,
            ..Search::default()
        }
    }

    /// Its parameters (before any prefix) and their values; `None` removes one. Blank words
    /// and a blank product are none.
    pub fn to_pairs(&self) -> [(&'static str, Option<String>); 11] {
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
            ("waiting", flag(self.waiting)),
            ("product", text(&self.product)),
            ("slow", self.slow.map(|s| s.to_string())),
            (
                "view",
                (self.view == View::Stats).then(|| "stats".to_owned()),
            ),
        ]
    }

    /// The search the parameters (`get`, before any prefix) name; anything unreadable is left
    /// out.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Search {
        let flag = |name| get(name).is_some_and(|v| v == "1");
        Search {
            text: get("q").unwrap_or_default(),
            leads: flag("leads"),
            agent: get("agent").and_then(|a| a.trim().parse().ok()),
            from: get("from").and_then(|d| time::parse_date(&d)),
            to: get("to").and_then(|d| time::parse_date(&d)),
            online: flag("online"),
            member: flag("member"),
            waiting: flag("waiting"),
            product: get("product").unwrap_or_default(),
            slow: get("slow")
                .and_then(|s| s.trim().parse().ok())
                .filter(|&s| s > 0),
            view: match get("view").as_deref() {
                Some("stats") => View::Stats,
                _ => View::List,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader of `pairs` as a query would hold them.
    fn reader<const N: usize>(
        pairs: [(&'static str, Option<String>); N],
    ) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.clone())
        }
    }

    #[test]
    fn a_search_reads_back_from_its_parameters_and_odd_ones_are_left_out() {
        let search = Search {
            text: "nguyễn 0913".into(),
            leads: true,
            agent: Some(0),
            from: Some(20_400),
            to: Some(20_419),
            online: true,
            member: true,
            waiting: true,
            product: "meiji".into(),
            slow: Some(3_600),
            view: View::Stats,
        };
        assert_eq!(Search::from_pairs(reader(search.to_pairs())), search);
        assert!(Search::default()
            .to_pairs()
            .iter()
            .all(|(_, v)| v.is_none()));
        let odd = Search::from_pairs(|name| {
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
            (odd.from, odd.agent, odd.view, odd.leads),
            (None, None, View::List, false)
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
        let odd = Place::from_pairs(|name| Some(if name == "c" { "0" } else { "x" }.into()));
        assert_eq!(
            odd,
            Place {
                page: 1,
                conversation: None
            }
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        /// Words as a field holds them: blank words are no words.
        fn words() -> impl Strategy<Value = String> {
            ".{0,12}".prop_map(|t| {
                if t.trim().is_empty() {
                    String::new()
                } else {
                    t
                }
            })
        }

        /// Days from 0001-01-01 to 9999-12-31, the dates a date field writes.
        fn day() -> impl Strategy<Value = Option<i64>> {
            proptest::option::of(-719_162i64..=2_932_896)
        }

        fn search() -> impl Strategy<Value = Search> {
            (
                (words(), any::<bool>(), proptest::option::of(any::<u64>())),
                (day(), day(), any::<bool>(), any::<bool>()),
                (
                    words(),
                    any::<bool>(),
                    proptest::option::of(1i64..),
                    prop_oneof![Just(View::List), Just(View::Stats)],
                ),
            )
                .prop_map(
                    |(
                        (text, leads, agent),
                        (from, to, online, member),
                        (product, waiting, slow, view),
                    )| {
                        Search {
                            text,
                            leads,
                            agent,
                            from,
                            to,
                            online,
                            member,
                            waiting,
                            product,
                            slow,
                            view,
                        }
                    },
                )
        }

        proptest! {
            #![proptest_config(crate::property::config())]

            #[test]
            fn every_search_reads_back_from_its_parameters(search in search()) {
                prop_assert_eq!(Search::from_pairs(reader(search.to_pairs())), search);
            }

            #[test]
            fn every_place_reads_back_from_its_parameters(
                page in 1u32..,
                conversation in proptest::option::of(1u64..),
            ) {
                let place = Place { page, conversation };
                prop_assert_eq!(Place::from_pairs(reader(place.to_pairs())), place);
            }
        }
    }
}
