//! "Xuất CSV" and "Xuất Excel": what is exported, and when, for a history that may still be
//! loading; and the Excel file, written apart, which may take a moment or fail.

use super::{FullHistory, Loading};
use crate::search::location::Search;
use leptos::{prelude::*, task::spawn_local};
use std::{future::Future, pin::Pin};

/// The kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Excel,
}

/// How an export the admin asked for goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Idle,
    /// Waiting for the whole history to load, to export all of it.
    Waiting(Format),
    /// The file is being written.
    Writing,
    /// The file could not be written; it may be asked for again.
    Failed,
}

/// What saving a file took.
pub enum Saving {
    /// Saved at once.
    Done,
    /// Being written: `true` once offered to the admin, `false` if it could not be written.
    Writing(Pin<Box<dyn Future<Output = bool>>>),
}

/// The state of [`use_export`], with its commands.
#[derive(Clone, Copy)]
pub struct Exporter {
    pub state: ReadSignal<Export>,
    set_state: WriteSignal<Export>,
    full: FullHistory,
    searching: Memo<bool>,
    search: Memo<Search>,
    save: UnsyncCallback<(Search, Format), Saving>,
    /// The last file asked for, for a retry.
    last: StoredValue<Option<(Search, Format)>>,
    /// Counts the files written, so that one called off reports nothing.
    writing: StoredValue<u32>,
}

impl Exporter {
    /// Saves what the search finds at once; with no search, the whole history: at once if it is
    /// loaded, else once it is (its loading starts, and the admin may save what has loaded or
    /// call the export off meanwhile).
    pub fn export(self, format: Format) {
        if self.searching.get_untracked() || self.full.loading.get_untracked() == Loading::Complete
        {
            self.save(self.search.get_untracked(), format);
        } else {
            self.set_state.set(Export::Waiting(format));
            self.full.start();
        }
    }

    /// Saves the history loaded so far, without waiting for the rest.
    pub fn save_loaded(self) {
        let format = match self.state.get_untracked() {
            Export::Waiting(format) => format,
            _ => Format::Csv,
        };
        self.save(Search::default(), format);
    }

    /// Writes the file that failed again.
    pub fn retry(self) {
        if let Some((search, format)) = self.last.get_value() {
            self.save(search, format);
        }
    }

    pub fn cancel(self) {
        self.writing.update_value(|n| *n += 1);
        self.set_state.set(Export::Idle);
    }

    fn save(self, search: Search, format: Format) {
        self.last.set_value(Some((search.clone(), format)));
        match self.save.run((search, format)) {
            Saving::Done => self.set_state.set(Export::Idle),
            Saving::Writing(file) => {
                self.set_state.set(Export::Writing);
                self.writing.update_value(|n| *n += 1);
                let this = self.writing.get_value();
                spawn_local(async move {
                    let written = file.await;
                    // Still this file's export, and still on screen.
                    if self.writing.try_get_value() == Some(this) {
                        self.set_state.try_set(if written {
                            Export::Idle
                        } else {
                            Export::Failed
                        });
                    }
                });
            }
        }
    }
}

/// Exports what `search` finds in the loaded history (`full`) through `save`; an export of the
/// whole history, asked for while it is not all loaded, waits for it. It is of the whole history
/// whatever the admin searches for meanwhile.
pub fn use_export(
    full: FullHistory,
    search: Memo<Search>,
    searching: Memo<bool>,
    save: impl Fn(Search, Format) -> Saving + 'static,
) -> Exporter {
    let (state, set_state) = signal(Export::Idle);
    let exporter = Exporter {
        state,
        set_state,
        full,
        searching,
        search,
        save: UnsyncCallback::new(move |(search, format)| save(search, format)),
        last: StoredValue::new(None),
        writing: StoredValue::new(0),
    };
    Effect::new(move |_| {
        if matches!(state.get(), Export::Waiting(_)) && full.loading.get() == Loading::Complete {
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
        /// Each file asked for.
        saved: Rc<RefCell<Vec<(Search, Format)>>>,
        /// How the next Excel files' writing ends, last first; none: never.
        written: Rc<RefCell<Vec<bool>>>,
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
        let written = Rc::new(RefCell::new(Vec::new()));
        let save = {
            let saved = saved.clone();
            let written = written.clone();
            move |search, format| {
                saved.borrow_mut().push((search, format));
                match (format, written.borrow_mut().pop()) {
                    (Format::Excel, Some(written)) => {
                        Saving::Writing(Box::pin(std::future::ready(written)))
                    }
                    (Format::Excel, None) => Saving::Writing(Box::pin(std::future::pending())),
                    (Format::Csv, _) => Saving::Done,
                }
            }
        };
        let exporter = use_export(full, read, searching, save);
        harness.run();
        Screen {
            harness,
            clock,
            api,
            search,
            saved,
            written,
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
        s.exporter.export(Format::Csv);
        assert_eq!(*s.saved.borrow(), [(words("Nguyễn"), Format::Csv)]);
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);
        assert!(s.api.pages_sent().is_empty());

        s.search.set(Search::default());
        s.harness.run();
        s.exporter.export(Format::Csv);
        assert_eq!(
            s.exporter.state.get_untracked(),
            Export::Waiting(Format::Csv)
        );
        assert_eq!(s.full.loading.get_untracked(), Loading::Running);
        // A search meanwhile does not change what the waiting export saves.
        s.search.set(words("Trần"));
        s.clock.advance(&s.harness, 10_000);
        assert_eq!(s.api.pages_sent(), [1, 2, 3, 4]);
        assert_eq!(s.saved.borrow()[1..], [(Search::default(), Format::Csv)]);
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);

        // Loaded: at once.
        s.search.set(Search::default());
        s.harness.run();
        s.exporter.export(Format::Csv);
        assert_eq!(s.saved.borrow().len(), 3);
    }

    #[test]
    fn a_waiting_export_saves_what_has_loaded_or_is_called_off() {
        let s = screen();
        s.exporter.export(Format::Csv);
        s.clock.advance(&s.harness, 500);
        s.exporter.save_loaded();
        assert_eq!(*s.saved.borrow(), [(Search::default(), Format::Csv)]);
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);

        s.exporter.export(Format::Csv);
        s.exporter.cancel();
        s.clock.advance(&s.harness, 10_000);
        assert_eq!(s.full.loading.get_untracked(), Loading::Complete);
        assert_eq!(s.saved.borrow().len(), 1, "called off: nothing more saved");
    }

    #[test]
    fn an_excel_file_is_written_apart_and_may_fail_be_retried_or_called_off() {
        let s = screen();
        s.search.set(words("Nguyễn"));
        s.harness.run();
        // Written: back to idle.
        s.written.borrow_mut().push(true);
        s.exporter.export(Format::Excel);
        assert_eq!(s.exporter.state.get_untracked(), Export::Writing);
        s.harness.run();
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);
        // Failed, then retried with the same search, whatever is typed meanwhile.
        s.written.borrow_mut().push(false);
        s.exporter.export(Format::Excel);
        s.harness.run();
        assert_eq!(s.exporter.state.get_untracked(), Export::Failed);
        s.search.set(words("Trần"));
        s.harness.run();
        s.written.borrow_mut().push(true);
        s.exporter.retry();
        s.harness.run();
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);
        assert_eq!(
            s.saved.borrow()[2],
            (words("Nguyễn"), Format::Excel),
            "the retry writes the file that failed"
        );
        // Called off while it is written: nothing more reported.
        s.exporter.export(Format::Excel);
        assert_eq!(s.exporter.state.get_untracked(), Export::Writing);
        s.exporter.cancel();
        s.harness.run();
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);

        // The whole history waits for its loading, in the format asked for.
        s.search.set(Search::default());
        s.harness.run();
        s.written.borrow_mut().push(true);
        s.exporter.export(Format::Excel);
        assert_eq!(
            s.exporter.state.get_untracked(),
            Export::Waiting(Format::Excel)
        );
        s.clock.advance(&s.harness, 10_000);
        assert_eq!(
            s.saved.borrow().last(),
            Some(&(Search::default(), Format::Excel))
        );
        assert_eq!(s.exporter.state.get_untracked(), Export::Idle);
    }
}
