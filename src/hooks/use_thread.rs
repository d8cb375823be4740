use crate::api::{use_api, ApiError, Cancel, Message, ThreadKey};
use leptos::{prelude::*, task::spawn_local};

/// The state of [`use_thread`]: the messages of the open conversation, oldest first.
#[derive(Clone, Copy)]
pub struct Thread {
    pub messages: ReadSignal<Vec<Message>>,
    /// The conversation's first message is among them.
    pub reached_start: ReadSignal<bool>,
    /// A page is being loaded: the first (`Some(1)`) or an older one.
    pub loading: ReadSignal<Option<u32>>,
    pub error: ReadSignal<Option<ApiError>>,
    older: Trigger,
    retry: Trigger,
}

impl Thread {
    /// Loads the page of messages before the oldest shown.
    pub fn load_older(self) {
        self.older.notify();
    }

    /// Asks again for the page that failed.
    pub fn retry(self) {
        self.retry.notify();
    }
}

/// The messages of the conversation `key` opens, for the admin `admin_id`: the newest page when
/// it opens, older pages on [`Thread::load_older`]. Opening another conversation cancels the
/// request in flight and drops its reply. Its errors are its own: a refused conversation hash
/// does not end the admin's session, and messages already shown stay.
///
/// `before_prepend` runs just before older messages are added above the others, while the page
/// still shows the old ones: the view notes its reading position there.
pub fn use_thread(
    admin_id: u64,
    key: Memo<Option<ThreadKey>>,
    before_prepend: impl Fn() + 'static,
) -> Thread {
    let api = StoredValue::new(use_api());
    let (messages, set_messages) = signal(Vec::<Message>::new());
    let (reached_start, set_reached_start) = signal(false);
    let (loading, set_loading) = signal(None::<u32>);
    let (error, set_error) = signal(None::<ApiError>);
    let (older, retry) = (Trigger::new(), Trigger::new());
    // Pages of messages shown so far (1 is the newest).
    let pages = StoredValue::new(0u32);
    let in_flight = StoredValue::new_local(None::<Cancel>);
    let before_prepend = StoredValue::new_local(before_prepend);
    let cancel = move || {
        if let Some(Some(request)) = in_flight.try_update_value(Option::take) {
            request.cancel();
        }
    };
    on_cleanup(cancel);

    let load = move |key: ThreadKey, page: u32| {
        cancel();
        let request = Cancel::new();
        in_flight.set_value(Some(request.clone()));
        set_error.set(None);
        set_loading.set(Some(page));
        let api = api.get_value();
        spawn_local(async move {
            let result = api.messages(admin_id, &key, page, &request).await;
            if matches!(result, Err(ApiError::Cancelled)) {
                return;
            }
            in_flight.try_set_value(None);
            set_loading.try_set(None);
            match result {
                Ok(loaded) => {
                    pages.try_set_value(page);
                    set_reached_start.try_set(loaded.reaches_start());
                    if page == 1 {
                        set_messages.try_set(loaded.messages);
                    } else {
                        before_prepend.try_with_value(|note| note());
                        set_messages.try_update(|shown| prepend(shown, loaded.messages));
                    }
                }
                Err(other) => {
                    set_error.try_set(Some(other));
                }
            }
        });
    };

    // A conversation opens (or closes): start from its newest page.
    Effect::new(move |_| {
        let key = key.get();
        cancel();
        pages.set_value(0);
        set_messages.set(Vec::new());
        set_reached_start.set(false);
        set_error.set(None);
        set_loading.set(None);
        if let Some(key) = key {
            load(key, 1);
        }
    });
    // Older messages, or the page that failed, once more.
    Effect::new(move |initial: Option<()>| {
        older.track();
        retry.track();
        if initial.is_none() {
            return;
        }
        let busy = loading.get_untracked().is_some();
        let Some(key) = key.get_untracked() else {
            return;
        };
        if !busy && !reached_start.get_untracked() {
            load(key, pages.get_value() + 1);
        }
    });

    Thread {
        messages,
        reached_start,
        loading,
        error,
        older,
        retry,
    }
}

/// Older messages go above the shown ones; the history moves on while the admin reads, so a page
/// may repeat messages already shown, which are kept once.
fn prepend(shown: &mut Vec<Message>, older: Vec<Message>) {
    let mut merged: Vec<Message> = older
        .into_iter()
        .filter(|m| !shown.iter().any(|s| s.cha_id == m.cha_id && m.cha_id != 0))
        .collect();
    merged.append(shown);
    *shown = merged;
}
