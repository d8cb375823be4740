//! An open conversation: who the customer is and how to reach them, then its messages grouped by
//! day, oldest at the top, with older pages loaded above on request. All text comes from
//! strangers and is rendered as text; only `http`/`https` URLs become links.
//!
//! Parts that come and go are always rendered and shown with `hidden`, and the parts are plain
//! functions rather than components: each reactive view closure and each component adds its own
//! copy of Leptos' rendering code.

use super::{customer_name, maybe_link, ErrorAlert};
use crate::{
    api::{use_api, ApiError, Conversation, Message, ThreadKey, Writer},
    browser::{
        history_url::{is_plain_click, use_history_url},
        inert_html::message_pieces,
    },
    format::{
        links::{mailto_href, tel_href, web_url},
        rich_text::Piece,
        time,
    },
    hooks::{use_thread, Load, Thread},
    i18n::use_i18n,
    search::{
        location::Place,
        response::{By, Reply},
    },
};
use leptos::{either::Either, html, prelude::*};

/// The thread pane: it loads the conversation's messages ([`use_thread`]) and owns their scroll
/// container, where it opens at the newest and keeps the admin's reading position when older
/// messages arrive above.
#[component]
pub fn ThreadView(
    /// The conversation, as its row in the list shows it.
    conversation: Conversation,
    /// The admin signed in.
    admin_id: u64,
    /// Closes the thread (the close and back buttons; `Esc` is the caller's).
    #[prop(into)]
    on_close: Callback<()>,
    /// The same person's other conversations (their number or e-mail shared), newest first.
    #[prop(into)]
    others: Signal<Vec<Conversation>>,
    /// The conversation's first reply, once its messages were read for the response times.
    #[prop(optional, into)]
    first_response: Option<Signal<Option<Reply>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let customer_id = conversation.customer_id;
    let scroller = NodeRef::<html::Div>::new();
    // Where the admin reads, as the distance from the bottom, while older messages go above.
    let reading = StoredValue::new(None::<i32>);
    let key = ThreadKey {
        customer_id,
        hash: conversation.hash.clone(),
    };
    let thread = use_thread(use_api(), admin_id, key, move || {
        if let Some(scroller) = scroller.try_get_untracked().flatten() {
            reading.set_value(Some(scroller.scroll_height() - scroller.scroll_top()));
        }
    });
    // "In / Lưu PDF": every older page first, then the browser's print dialog, whose print
    // stylesheet keeps the customer and the conversation only.
    let printing = RwSignal::new(false);
    Effect::new(move |_| {
        if !printing.get() {
            return;
        }
        let whole = thread
            .state
            .with(|s| matches!(s, Load::Ready(m) if m.reached_start));
        if whole {
            printing.set(false);
            let _ = window().print();
        } else if !thread.whole.get() {
            // Called off.
            printing.set(false);
        }
    });
    let print = move |_| {
        printing.set(true);
        thread.load_all(true);
    };
    let heading = NodeRef::<html::H2>::new();
    // Opening moves focus here, so a keyboard or screen reader user lands in the thread; but
    // only when the admin is working in the app, not when a link opens it with the page (in a
    // host page, focus is the host's).
    Effect::new(move |_| {
        let in_app = document()
            .active_element()
            .and_then(|active| active.closest(".vchat-history").ok().flatten())
            .is_some();
        if let Some(heading) = heading.get().filter(|_| in_app) {
            let _ = heading.focus();
        }
    });

    view! {
        <section class="vch-thread" aria-labelledby="vch-thread-title">
            <div class="vch-thread-head">
                <button type="button" class="vch-button vch-quiet vch-back" on:click=move |_| on_close.run(())>
                    "‹ " {i18n.text(|t| t.back_to_list)}
                </button>
                <h2 id="vch-thread-title" tabindex="-1" node_ref=heading>
                    {
                        let name = conversation.name.clone();
                        move || customer_name(&name, customer_id, i18n.t())
                    }
                </h2>
                <button type="button" class="vch-button vch-quiet vch-print" on:click=print>
                    {i18n.text(|t| t.print)}
                </button>
                <button type="button" class="vch-button vch-quiet vch-close" on:click=move |_| on_close.run(())
                    aria-label=i18n.text(|t| t.close_thread) aria-keyshortcuts="Escape">
                    "✕"
                </button>
            </div>
            {contact(conversation)}
            {first_response.map(|reply| view! {
                <p class="vch-muted vch-first-answer" hidden=move || reply.with(Option::is_none)>
                    {move || reply.get().map(|reply| {
                        let t = i18n.t();
                        let who = match reply.by {
                            By::Agent(id) => (t.support)(id),
                            By::Shop | By::Customer => t.shop_account.to_owned(),
                        };
                        (t.first_answer)(&(t.duration)(reply.waited), &who)
                    })}
                </p>
            })}
            {same_person(others)}
            {messages(thread, customer_id, scroller, reading)}
        </section>
    }
}

/// The customer's id and contact details, with a button that copies the phone number.
fn contact(conversation: Conversation) -> impl IntoView {
    let i18n = use_i18n();
    let Conversation {
        customer_id,
        phone,
        email,
        address,
        ..
    } = conversation;
    let phone = phone.trim().to_owned();
    let email = email.trim().to_owned();
    let copied = RwSignal::new(None::<bool>);
    let copy = {
        let phone = phone.clone();
        move |_| {
            let promise = window().navigator().clipboard().write_text(&phone);
            leptos::task::spawn_local(async move {
                let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(Some(done));
            });
        }
    };
    view! {
        <ul class="vch-contact vch-thread-contact" role="list">
            <li class="vch-muted">{i18n.format(|t, id| (t.customer_id)(id), customer_id)}</li>
            <li hidden=phone.is_empty()>
                <span class="vch-visually-hidden">{i18n.text(|t| t.phone)} ": "</span>
                {maybe_link(tel_href(&phone), phone.clone())} " "
                <button type="button" class="vch-button vch-quiet vch-copy" on:click=copy>
                    {i18n.text(|t| t.copy_phone)}
                </button>
                <span role="status" class="vch-muted">
                    {move || copied.get().map(|done| if done { i18n.t().copied } else { i18n.t().copy_failed })}
                </span>
            </li>
            <li hidden=email.is_empty()>
                <span class="vch-visually-hidden">{i18n.text(|t| t.email)} ": "</span>
                {maybe_link(mailto_href(&email), email.clone())}
            </li>
            <li hidden=address.trim().is_empty()>
                <span class="vch-visually-hidden">{i18n.text(|t| t.address)} ": "</span>
                {address.trim().to_owned()}
            </li>
        </ul>
    }
}

/// The same person's other conversations, each opening here as from the list.
fn same_person(others: Signal<Vec<Conversation>>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_history_url();
    let title = move || (i18n.t().other_conversations)(others.with(Vec::len));
    view! {
        <nav class="vch-others" hidden=move || others.with(Vec::is_empty) aria-label=title>
            <p class="vch-muted">{title}</p>
            <ul role="list">
                {move || {
                    let t = i18n.t();
                    others.get().into_iter().map(|c| {
                        let id = c.customer_id;
                        let href = url.href(Place { page: url.page(), conversation: Some(id) });
                        let when = c.last_message.and_then(|m| m.time).map(|secs| format!(" · {}", time::local(secs, t.locale)));
                        let open = move |ev: web_sys::MouseEvent| {
                            if is_plain_click(&ev) {
                                ev.prevent_default();
                                url.open(Some(id));
                            }
                        };
                        view! { <li><a href=href on:click=open>{customer_name(&c.name, id, t)}</a>{when}</li> }
                    }).collect_view()
                }}
            </ul>
        </nav>
    }
}

fn messages(
    thread: Thread,
    customer_id: u64,
    scroller: NodeRef<html::Div>,
    reading: StoredValue<Option<i32>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = thread.state;
    let shown = Memo::new(move |_| state.with(|s| s.value().cloned()).unwrap_or_default());
    // After the messages change: back to the same place (noted by `use_thread`'s callback), or
    // to the newest when the thread opens. The pane may be gone by the next frame.
    Effect::new(move |_| {
        shown.track();
        request_animation_frame(move || {
            if let Some(scroller) = scroller.try_get_untracked().flatten() {
                let from_bottom = reading
                    .try_update_value(Option::take)
                    .flatten()
                    .unwrap_or(0);
                scroller.set_scroll_top(scroller.scroll_height() - from_bottom);
            }
        });
    });
    let reached_start = move || shown.with(|m| m.reached_start);
    let empty = move || shown.with(|m| m.messages.is_empty());
    let loading = move || state.with(Load::is_loading);
    // Loading with messages shown: an older page.
    let loading_older = move || state.with(|s| s.is_loading() && s.value().is_some());
    let loading_first = move || state.with(|s| s.is_loading() && s.value().is_none());
    let error = Memo::new(move |_| state.with(|s| s.error().cloned()));
    let days = move || {
        shown.with(|m| {
            by_day(&m.messages)
                .into_iter()
                .map(|(day, messages)| self::day(day, messages, customer_id))
                .collect_view()
        })
    };
    let problem = move || {
        error.with(|error| match error {
            Some(ApiError::Refused(_)) => i18n.t().thread_refused.to_owned(),
            Some(other) => i18n.t().error(other),
            None => String::new(),
        })
    };

    view! {
        <div class="vch-load vch-printing" role="status" hidden=move || !thread.whole.get()>
            <p class="vch-note">{move || (i18n.t().print_loading)(shown.with(|m| m.messages.len()))}</p>
            <button type="button" class="vch-button vch-quiet" on:click=move |_| thread.load_all(false)>
                {i18n.text(|t| t.print_cancel)}
            </button>
        </div>
        <div class="vch-thread-messages" node_ref=scroller tabindex="0" role="region" aria-label=i18n.text(|t| t.messages)
            aria-busy=move || loading().to_string()>
            <p class="vch-start" role="status" hidden=move || !reached_start() || empty()>
                {i18n.text(|t| t.conversation_start)}
            </p>
            <button type="button" class="vch-button vch-older" on:click=move |_| thread.load_older()
                hidden=move || reached_start() || empty() disabled=loading
                aria-busy=move || loading_older().to_string()>
                {move || if loading_older() { i18n.t().loading } else { i18n.t().load_older }}
            </button>
            <p class="vch-muted vch-loading" role="status" hidden=move || !loading_first()>
                {i18n.text(|t| t.loading)}
            </p>
            {days}
            <p class="vch-muted" role="status"
                hidden=move || !(reached_start() && empty() && error.with(Option::is_none))>
                {i18n.text(|t| t.no_messages)}
            </p>
            {move || error.with(Option::is_some).then(|| view! {
                <ErrorAlert title=|t| t.thread_error_title message=problem on_retry=move || thread.retry() />
            })}
        </div>
    }
}

/// A day's messages under its heading: "Hôm nay", "Hôm qua", or the date.
fn day(day: Option<i64>, messages: Vec<Message>, customer_id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let first_time = messages.first().and_then(|m| m.time);
    let label = move || {
        let today = time::local_day((js_sys::Date::now() / 1000.0) as i64);
        match (day, first_time) {
            (Some(day), _) if day == today => i18n.t().today.to_owned(),
            (Some(day), _) if day == today - 1 => i18n.t().yesterday.to_owned(),
            (Some(_), Some(secs)) => time::full_date(secs, i18n.t().locale),
            _ => i18n.t().undated.to_owned(),
        }
    };
    view! {
        <section class="vch-day">
            <h3 class="vch-day-label">{label}</h3>
            <ol class="vch-messages" role="list">
                {messages.into_iter().map(|message| message_item(message, customer_id)).collect_view()}
            </ol>
        </section>
    }
}

fn message_item(message: Message, customer_id: u64) -> impl IntoView {
    let i18n = use_i18n();
    let (class, who) = match Writer::of(&message, customer_id) {
        Writer::System => (
            "vch-msg vch-msg-system",
            i18n.format(|t, _| t.system_message.to_owned(), 0),
        ),
        Writer::Customer => (
            "vch-msg vch-msg-customer",
            i18n.format(|t, _| t.customer.to_owned(), 0),
        ),
        Writer::Agent(agent) => (
            "vch-msg vch-msg-shop",
            i18n.format(|t, id| (t.support)(id), agent),
        ),
        Writer::Shop => (
            "vch-msg vch-msg-shop",
            i18n.format(|t, _| t.shop.to_owned(), 0),
        ),
    };
    let secs = message.time.unwrap_or(0);
    let source = web_url(&message.link).map(str::to_owned);
    let text = message_pieces(&message.text)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => Either::Left(text),
            Piece::Link { href, text, host } => Either::Right(view! {
                <a href=href target="_blank" rel="noopener noreferrer nofollow">{text}</a>
                {host.map(|host| format!(" ({host})")).unwrap_or_default()}
            }),
        })
        .collect_view();
    view! {
        <li class=class>
            <p class="vch-who">{who}</p>
            <p class="vch-bubble">{text}</p>
            <p class="vch-meta">
                <time datetime=time::iso(secs) hidden=message.time.is_none()>
                    {i18n.format(|t, secs| time::time_of_day(secs as i64, t.locale), secs as u64)}
                </time>
                " "
                {source.map(|href| view! {
                    <a href=href target="_blank" rel="noopener noreferrer nofollow" class="vch-source">
                        {i18n.text(|t| t.sent_from)}
                    </a>
                })}
            </p>
        </li>
    }
}

/// Messages (oldest first) in runs of the same local day; undated ones are their own run.
fn by_day(messages: &[Message]) -> Vec<(Option<i64>, Vec<Message>)> {
    let mut days: Vec<(Option<i64>, Vec<Message>)> = Vec::new();
    for message in messages {
        let day = message.time.map(time::local_day);
        match days.last_mut() {
            Some((last, run)) if *last == day => run.push(message.clone()),
            _ => days.push((day, vec![message.clone()])),
        }
    }
    days
}
