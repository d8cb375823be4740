//! "Xuất CSV": what is exported, and when, for a history that may still be loading.

use super::{FullHistory, Loading};
use crate::search::location::Search;
use leptos::prelude::*;

/// How an export the admin asked for goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Idle,
    /// Waiting for the whole history to load, to export all of it.
    Waiting,
}

/// The state of [`use_export`], with its commands.
#[derive(Clone, Copy)]
pub struct Exporter {
    pub state: ReadSignal<Export>,
    set_state: WriteSignal<Export>,
    full: FullHistory,
    searching: Memo<bool>,
    search: Memo<Search>,
    save: UnsyncCallback<Search>,
}

impl Exporter {
    /// Saves what the search finds at once; with no search, the whole history: at once if it is
    /// loaded, else once it is (its loading starts, and the admin may save what has loaded or
    /// call the export off meanwhile).
    pub fn export(self) {
        if self.searching.get_untracked() || self.full.loading.get_untracked() == Loading::Complete
        {
            self.save.run(self.search.get_untracked());
        } else {
            self.set_state.set(Export::Waiting);
            self.full.start();
        }
    }

    /// Saves the history loaded so far, without waiting for the rest.
    pub fn save_loaded(self) {
        self.set_state.set(Export::Idle);
        self.save.run(Search::default());
    }

    pub fn cancel(self) {
        self.set_state.set(Export::Idle);
    }
}

/// Exports what `search` finds in the loaded history (`full`) through `save`; an export of the
/// whole history, asked for while it is not all loaded, waits for it. It is of the whole history
/// whatever the admin searches for meanwhile.
pub fn use_export(
    full: FullHistory,
    search: Memo<Search>,
    searching: Memo<bool>,
    save: impl Fn(Search) + 'static,
) -> Exporter {
    let (state, set_state) = signal(Export::Idle);
    let exporter = Exporter {
        state,
        set_state,
        full,
        searching,
        search,
        save: UnsyncCallback::new(save),
    };
    Effect::new(move |_| {
        if state.get() == Export::Waiting && full.loading.get() == Loading::Complete {
            exporter.save_loaded();
        }
    });
    exporter
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::hooks::{
        testing::{account, Clock, FakeApi, FakeStore, Harness},
        use_full_history,
    };
    use std::{cell::RefCell, rc::Rc};

    struct Screen {
        harness: Harness,
        clock: Clock,
        api: FakeApi,
        search: RwSignal<Search>,
        saved: Rc<RefCell<Vec<Search>>>,
        full: FullHistory,
        exporter: Exporter,
    }

    /// The export of a history of 95 conversations (4 pages), none loaded.
    fn screen() -> Screen {
        let harness = Harness::new();
        let clock = Clock::default();
        let api = FakeApi::new(&clock, 95);
        let account = account(Signal::stored(true), None, RwSignal::new(Vec::new()));
        let full = use_full_history(
            api.clone(),
            account,
            signal(None).0,
            Signal::stored(1),
            None::<FakeStore>,
        );
        let search = RwSignal::new(Search::default());
        let (read, searching) = (
            Memo::new(move |_| search.get()),
            Memo::new(move |_| search.with(Search::is_active)),
        );
        let saved = Rc::new(RefCell::new(Vec::new()));
        let save = {
            let saved = saved.clone();
            move |search| saved.borrow_mut().push(search)
        };
        let exporter = use_export(full, read, searching, save);
        harness.run();
        Screen {
            harness,
            clock,
            api,
            search,
            saved,
            full,
            exporter,
        }
    }

    fn words(text: &str) -> Search {
        Search {
            text: text.into(),
            ..Search::default()
        }
    }

    #[test]
    fn a_search_is_saved_at_once_and_the_whole_history_once_it_has_loaded() {
        let s = screen();
        s.search.set(words("Nguyễn"));
        s.harness.run();
        s.exporter.export();
        assert_eq!(*s.saved.borrow(), [words("Nguyễn")]);
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);
        assert!(s.api.pages_sent().is_empty());

        s.search.set(Search::default());
        s.harness.run();
        s.exporter.export();
        assert_eq!(s.exporter.state.get_untracked(), Export::Waiting);
        assert_eq!(s.full.loading.get_untracked(), Loading::Running);
        // A search meanwhile does not change what the waiting export saves.
        s.search.set(words("Trần"));
        s.clock.advance(&s.harness, 10_000);
        assert_eq!(s.api.pages_sent(), [1, 2, 3, 4]);
        assert_eq!(s.saved.borrow()[1..], [Search::default()]);
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);

        // Loaded: at once.
        s.search.set(Search::default());
        s.harness.run();
        s.exporter.export();
        assert_eq!(s.saved.borrow().len(), 3);
    }

    #[test]
    fn a_waiting_export_saves_what_has_loaded_or_is_called_off() {
        let s = screen();
        s.exporter.export();
        s.clock.advance(&s.harness, 500);
        s.exporter.save_loaded();
        assert_eq!(*s.saved.borrow(), [Search::default()]);
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);

        s.exporter.export();
        s.exporter.cancel();
        s.clock.advance(&s.harness, 10_000);
        assert_eq!(s.full.loading.get_untracked(), Loading::Complete);
        assert_eq!(s.saved.borrow().len(), 1, "called off: nothing more saved");
    }
}
