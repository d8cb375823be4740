//! The history screen's views that are parts of their own (`browser/split.rs`): the thread pane
//! and the statistics, which not every visit opens (and the filters' controls, a part of
//! `components/filters.rs`). Each is fetched ahead once the browser is idle after sign-in
//! ([`fetch_ahead`]), so that opening it does not wait for its code.

use crate::{
    api::Conversation,
    browser::split::part,
    components::{fetch_filters, PartView, ResponseView, StatsView, ThreadView},
    hooks::{FullHistory, Loading, ResponseTimes, Statistics},
    search::response::{Hours, Reply},
};
use leptos::prelude::*;
use std::sync::Arc;

part!(thread, preload fetch_thread; fn thread(
    conversation: Conversation,
    admin_id: u64,
    on_close: Callback<()>,
    others: Signal<Vec<Conversation>>,
    first_response: Signal<Option<Reply>>,
) -> AnyView {
    view! { <ThreadView conversation admin_id on_close others first_response /> }.into_any()
});

part!(stats, preload fetch_stats; fn stats(
    statistics: Statistics,
    full: FullHistory,
    times: ResponseTimes,
    hours: Hours,
) -> AnyView {
    let complete = Signal::derive(move || full.loading.get() == Loading::Complete);
    view! {
        <StatsView stats=statistics.stats counting=statistics.counting complete />
        <ResponseView times figures=statistics.figures hours />
    }
    .into_any()
});

/// The thread pane of `conversation`, for `<Part>`.
pub fn thread_view(
    conversation: Conversation,
    admin_id: u64,
    on_close: Callback<()>,
    others: Signal<Vec<Conversation>>,
    first_response: Signal<Option<Reply>>,
) -> PartView {
    Arc::new(move || {
        let conversation = conversation.clone();
        Box::pin(thread(
            conversation,
            admin_id,
            on_close,
            others,
            first_response,
        ))
    })
}

/// The statistics and the response times, for `<Part>`.
pub fn stats_view(
    statistics: Statistics,
    full: FullHistory,
    times: ResponseTimes,
    hours: Hours,
) -> PartView {
    Arc::new(move || Box::pin(stats(statistics, full, times, hours)))
}

/// Fetches the parts ahead, one after the other, when the browser is idle.
pub fn fetch_ahead() {
    crate::browser::idle::when_idle(|_| {
        leptos::task::spawn_local(async {
            // A part that cannot be fetched now is fetched again when it is opened.
            let _ = fetch_thread().await;
            let _ = fetch_stats().await;
            let _ = fetch_filters().await;
        });
    });
}
