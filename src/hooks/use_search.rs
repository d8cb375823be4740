//! The search, the filters and the statistics view the URL names, applied to the loaded history.

use super::{Counted, FullHistory, Loading, ResponseTimes};
use crate::{
    api::{wire::sorted, Conversation},
    browser::{history_url::use_history_url, idle::after_paint, timing},
    format::time,
    search::{
        filter::Filter,
        index::{Found, HistoryIndex, Hit},
        location::{Search, View},
        query::Query,
        response::Hours,
        stats,
    },
};
use leptos::prelude::*;
use std::sync::Arc;

/// Results drawn at a time; "Hiện thêm kết quả" draws as many more.
const RESULTS_STEP: usize = 30;

/// What the list pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListView {
    /// The page of the history `?page=N` names.
    Page,
    /// What the words and filters find in the loaded history.
    Results,
    /// The statistics of what they find (`&view=stats`).
    Stats,
}

/// What the search words, the filters and the statistics view of the URL make of the loaded
/// history.
#[derive(Clone, Copy)]
pub struct SearchState {
    pub search: Memo<Search>,
    /// Words or a filter narrow the list.
    pub searching: Memo<bool>,
    pub view: Memo<ListView>,
    pub query: Memo<Arc<Query>>,
    /// Everything found, newest first, counted a frame after the first screenful is drawn;
    /// until then the count before (`None` before the first).
    pub found: ReadSignal<Option<Found>>,
    /// The support agents of the loaded history.
    pub agents: Memo<Vec<u64>>,
    /// What the statistics count, while they show ([`super::use_statistics`]).
    pub counted: Memo<Option<Counted>>,
    /// The results drawn. Only a change of these rows redraws them, not every page that arrives
    /// while loading.
    pub results: Memo<Vec<Conversation>>,
    /// More results are found than drawn.
    more: Memo<bool>,
    /// How many results are drawn, for the search it was raised for.
    drawn: RwSignal<(Search, usize)>,
}

impl SearchState {
    /// More results are found than drawn.
    pub fn has_more(self) -> bool {
        self.more.get()
    }

    /// Draws [`RESULTS_STEP`] more results.
    pub fn show_more(self) {
        let shown = self.results.with_untracked(Vec::len);
        self.drawn
            .set((self.search.get_untracked(), shown + RESULTS_STEP));
    }
}

/// Finds in the loaded history (`full`) what the URL's words and filters name, and says what the
/// statistics view counts, because vChat can do neither. Searching, filtering or the statistics
/// start loading the rest of the history, once: after a stop it waits for "Tải tiếp". The search
/// for the results drawn and the count of everything found are measured with User Timing
/// (`vchat-history:search`, `vchat-history:found`). Nothing is loaded before the
/// credentials are `verified`. The filter on the first response (`slow`) reads the response
/// times (`times`, counted in `hours`): a conversation not read yet does not pass it.
pub fn use_search(
    full: FullHistory,
    verified: Signal<bool>,
    times: ResponseTimes,
    hours: Hours,
) -> SearchState {
    let url = use_history_url();
    let search = Memo::new(move |_| url.search());
    let searching = Memo::new(move |_| search.with(Search::is_active));
    let view = Memo::new(move |_| match (search.with(|s| s.view), searching.get()) {
        (View::Stats, _) => ListView::Stats,
        (View::List, true) => ListView::Results,
        (View::List, false) => ListView::Page,
    });
    let showing_stats = move || view.get() == ListView::Stats;
    let query = Memo::new(move |_| Arc::new(search.with(|s| Query::parse(&s.text))));
    let filter = Memo::new(move |_| search.with(Search::filter));
    Effect::new(move |_| {
        if verified.get()
            && view.get() != ListView::Page
            && full.loading.get_untracked() == Loading::Idle
        {
            full.start();
        }
    });
    // The last search counted whole, kept so that a keystroke that narrows it reads only its
    // results: with 30,000 conversations a whole search took 11 ms a keystroke on a 2-core
    // machine.
    let last = StoredValue::new(None::<(u64, Arc<Query>, Filter, Found)>);
    // What a search with `filter` reads: the index, and the timelines for the first response.
    let track = move |filter: &Filter| {
        full.index.track();
        if filter.slower_than.is_some() {
            times.timelines.track();
        }
    };
    // What `query` and `filter` find, newest first, to `read` while it asks for more.
    let find = move |query: &Query, filter: &Filter, read: &mut dyn FnMut(Hit) -> bool| {
        track(filter);
        full.index.with_untracked(|index| {
            times.timelines.with_untracked(|t| {
                last.with_value(|last| {
                    let within = match last {
                        // What the first response filter let through changes as messages are
                        // read.
                        Some((version, earlier, was, found))
                            if *version == index.version()
                                && was == filter
                                && filter.slower_than.is_none()
                                && query.narrows(earlier) =>
                        {
                            Some(found)
                        }
                        _ => None,
                    };
                    let found = index.newest_first(within).filter(|(_, c, e)| {
                        query.matches(e)
                            && filter.matches(c, e)
                            && t.slower_than(c.customer_id, hours, filter.slower_than)
                    });
                    for (hit, ..) in found {
                        if !read(hit) {
                            break;
                        }
                    }
                })
            })
        });
    };
    let agents = Memo::new(move |_| {
        full.index.with(|index| {
            let agents: Vec<u64> = index
                .rows(&Query::default(), &Default::default())
                .map(|(c, _)| c.support_id)
                .filter(|&id| id > 0)
                .collect();
            let mut agents = sorted(agents, |&id| u128::from(id));
            agents.dedup();
            agents
        })
    });
    // What the statistics count, while they show.
    let counted = Memo::new(move |_| {
        if !showing_stats() {
            return None;
        }
        let range = search.with(|s| match (s.from, s.to) {
            (None, None) => None,
            (from, to) => {
                let today = time::local_day((js_sys::Date::now() / 1000.0) as i64);
                let to = to.unwrap_or(today);
                Some((from.unwrap_or(to - (stats::MAX_DAYS - 1)), to))
            }
        });
        Some(Counted {
            query: query.get(),
            filter: filter.get(),
            range,
        })
    });
    // How many results are drawn, for the search it was raised for.
    let drawn = RwSignal::new((Search::default(), RESULTS_STEP));
    let limit = move || {
        drawn.with(|(raised_for, n)| {
            if search.with(|s| s == raised_for) {
                *n
            } else {
                RESULTS_STEP
            }
        })
    };
    // The results drawn, and whether there are more: the first screenful is found in the
    // keystroke's task, reading the history newest first until it has them.
    let first = Memo::new(move |_| {
        if !searching.get() {
            return (Vec::new(), false);
        }
        let (query, filter, limit) = (query.get(), filter.get(), limit());
        timing::measure("search", || {
            let mut hits = Vec::with_capacity(limit + 1);
            find(&query, &filter, &mut |hit| {
                hits.push(hit);
                hits.len() <= limit
            });
            let more = hits.len() > limit;
            let rows = full.index.with_untracked(|index| {
                hits.iter()
                    .take(limit)
                    .filter_map(|&hit| index.get(hit).map(|(c, _)| c.clone()))
                    .collect::<Vec<_>>()
            });
            (rows, more)
        })
    });
    // Only a change of the rows drawn redraws them, not every page that arrives while loading.
    let results = Memo::new(move |_| first.with(|(rows, _)| rows.clone()));
    let more = Memo::new(move |_| first.with(|(_, more)| *more));
    // Everything found, counted once the frame showing the first screenful is painted: until
    // then the count before stays (`None` before the first).
    let (found, set_found) = signal(None::<Found>);
    let counting = StoredValue::new(0u64);
    Effect::new(move |_| {
        *counting.write_value() += 1;
        // The statistics view counts on its own.
        if view.get() != ListView::Results {
            set_found.set(None);
            return;
        }
        let (query, filter) = (query.get(), filter.get());
        track(&filter);
        let number = counting.get_value();
        after_paint(move || {
            if counting.try_get_value() != Some(number) {
                return;
            }
            let found = timing::measure("found", || {
                let mut hits = Vec::new();
                // A task of its own, with no observer: what it reads is tracked above.
                find(&query, &filter, &mut |hit| {
                    hits.push(hit);
                    true
                });
                Found {
                    hits,
                    searched: full.index.with_untracked(HistoryIndex::conversations),
                }
            });
            let version = full.index.with_untracked(HistoryIndex::version);
            last.set_value(Some((version, query, filter, found.clone())));
            set_found.set(Some(found));
        });
    });
    SearchState {
        search,
        searching,
        view,
        query,
        found,
        agents,
        counted,
        results,
        more,
        drawn,
    }
}
