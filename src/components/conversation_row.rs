//! One conversation in the list. All its text comes from strangers: it is rendered as text only,
//! and URLs become links or images only when they are `http`/`https`.

use crate::{
    api::{customer_page, is_waiting, Conversation},
    browser::history_url::{is_plain_click, use_history_url},
    format::{
        links::{mailto_href, tel_href, web_url},
        time,
    },
    i18n::Strings,
    search::{lead, location::Place, query::Query, response::Reply},
};
use leptos::{either::Either, prelude::*};
use std::sync::Arc;
use web_sys::MouseEvent;

/// The customer's name as shown: trimmed, or "Khách <id>" when there is none.
pub fn customer_name(name: &str, customer_id: u64, t: &Strings) -> String {
    match name.trim() {
        "" => (t.guest)(customer_id),
        name => name.to_owned(),
    }
}

/// A row of the list; its name is the link that opens the conversation (`?page=N&c=<id>`). A
/// guest's row shows the name and number the guest left in the message (a lead), the number as
/// a `tel:` link in today's form.
///
/// Its texts are plain, in the language `t` is: the list is drawn again when the language
/// changes. A reactive text each (about 15 a row) made drawing a page of 30 rows the slowest
/// step of paging.
#[component]
pub fn ConversationRow(
    conversation: Conversation,
    /// The conversation is the one open.
    #[prop(into)]
    open: Signal<bool>,
    /// The list page the row is on.
    page: u32,
    /// The texts of the current language.
    t: &'static Strings,
    /// The search the row was found by: what it matches is marked, and follows the search as
    /// the admin types, without drawing the row again.
    #[prop(optional, into)]
    query: Option<Signal<Arc<Query>>>,
    /// The conversation is new since the admin's last visit, and not opened yet ("Mới").
    #[prop(optional, into)]
    fresh: Option<Signal<bool>>,
    /// How many other conversations the same person has had ("Đã nhắn 3 lần").
    #[prop(optional, into)]
    repeats: Option<Signal<usize>>,
    /// The first reply, once the messages were read ("Trả lời sau 20 phút", in shop hours).
    #[prop(optional, into)]
    first_response: Option<Signal<Option<Reply>>>,
) -> impl IntoView {
    let url = use_history_url();
    let waiting = is_waiting(&conversation);
    let page_seen = customer_page(&conversation)
        .and_then(web_url)
        .map(str::to_owned);
    let Conversation {
        customer_id,
        name,
        online,
        email,
        phone,
        address,
        avatar,
        product_id,
        vatgia_user,
        support_id,
        last_message,
        ..
    } = conversation;
    let initial = name
        .trim()
        .chars()
        .find(|c| !c.is_ascii_punctuation() && !c.is_whitespace())
        .map(String::from)
        .unwrap_or_else(|| "?".into());
    let href = url.href(Place {
        page,
        conversation: Some(customer_id),
    });
    let on_click = move |ev: MouseEvent| {
        if is_plain_click(&ev) {
            ev.prevent_default();
            url.open(Some(customer_id));
        }
    };

    let contact = (!phone.trim().is_empty() || !email.trim().is_empty() || !address.trim().is_empty())
        .then(|| {
            view! {
                <ul class="vch-contact" role="list">
                    {part((!phone.trim().is_empty()).then(|| view! {
                        <li><span class="vch-visually-hidden">{label(t.phone)}</span>
                            {maybe_link(tel_href(&phone), mark(phone.trim(), true, query))}</li>
                    }))}
                    {part((!email.trim().is_empty()).then(|| view! {
                        <li><span class="vch-visually-hidden">{label(t.email)}</span>
                            {maybe_link(mailto_href(&email), mark(email.trim(), false, query))}</li>
                    }))}
                    {part((!address.trim().is_empty()).then(|| view! {
                        <li><span class="vch-visually-hidden">{label(t.address)}</span>{mark(address.trim(), false, query)}</li>
                    }))}
                </ul>
            }
        });

    let lead = last_message
        .as_ref()
        .and_then(|m| lead::parse(&m.text))
        .map(|lead| {
            view! {
                <p class="vch-lead">
                    <span class="vch-muted">{label(t.lead_left)}</span>
                    {part((!lead.name.is_empty()).then(|| view! { <span class="vch-lead-name">{mark(&lead.name, false, query)}</span> " · " }))}
                    <a href=format!("tel:{}", lead.phone)>{mark(&lead.phone, true, query)}</a>
                    {part((lead.written != lead.phone).then(|| view! { <span class="vch-muted">{format!(" ({})", (t.lead_written)(&lead.written))}</span> }))}
                </p>
            }
        });

    let now = (js_sys::Date::now() / 1000.0) as i64;
    let time = last_message.as_ref().and_then(|m| m.time);
    // The shop's to-do: said in words, not only by colour.
    let waiting = waiting.then(|| {
        let text = time.map_or_else(
            || t.waiting.to_owned(),
            |secs| (t.waiting_for)(time::ago(secs, now)),
        );
        view! { <span class="vch-badge vch-waiting">{text}</span> }
    });
    let message = last_message.map(|message| {
        let when = message.time.map(|secs| {
            let ago = time::ago(secs, now);
            view! {
                <time datetime=time::iso(secs)>
                    {format!("{} · {}", time::local(secs, t.locale), (t.ago)(ago))}
                </time>
            }
        });
        let link = page_seen.map(|url| {
            view! {
                <a href=url target="_blank" rel="noopener noreferrer" class="vch-source">
                    {t.written_from}
                </a>
            }
        });
        view! {
            <p class="vch-message">{mark(&message.text, false, query)}</p>
            <p class="vch-meta">{part(when)} {part(link)}</p>
        }
    });

    view! {
        <li class="vch-row" class:vch-row-open=move || open.get()>
            <Avatar url=web_url(&avatar).map(str::to_owned) initial />
            <div class="vch-body">
                <div class="vch-name-line">
                    <h3 class="vch-name">
                        <a class="vch-open" href=href on:click=on_click data-customer=customer_id aria-current=move || open.get().then_some("true")>
                            {mark(&customer_name(&name, customer_id, t), false, query)}
                        </a>
                    </h3>
                    <span class="vch-presence" class:vch-online=online
                        title=if online { t.online } else { t.offline }>
                        <span class="vch-visually-hidden">{if online { t.online } else { t.offline }}</span>
                    </span>
                    {part((product_id > 0).then(|| view! { <span class="vch-badge">{(t.product)(product_id)}</span> }))}
                    {part(vatgia_user.then(|| view! { <span class="vch-badge">{t.vatgia_user}</span> }))}
                    {part((support_id > 0).then(|| view! { <span class="vch-badge">{(t.support)(support_id)}</span> }))}
                    {part(waiting)}
                    {part(fresh.map(|fresh| view! {
                        <span class="vch-badge vch-new" hidden=move || !fresh.get()>{t.new_badge}</span>
                    }))}
                    {part(repeats.map(|n| view! {
                        <span class="vch-badge" hidden=move || n.get() == 0>{move || (t.repeat_badge)(n.get() + 1)}</span>
                    }))}
                    {part(first_response.map(|reply| view! {
                        <span class="vch-badge" hidden=move || reply.with(Option::is_none)>
                            {move || reply.get().map(|reply| (t.answered_after)(&(t.duration)(reply.waited)))}
                        </span>
                    }))}
                </div>
                <p class="vch-muted vch-customer-id">{(t.customer_id)(customer_id)}</p>
                {part(contact)}
                {part(lead)}
                {match message {
                    Some(message) => Either::Left(message),
                    None => Either::Right(view! { <p class="vch-muted">{t.no_message}</p> }),
                }}
            </div>
        </li>
    }
}

/// The avatar when its URL is safe and loads; otherwise the name's initial.
#[component]
fn Avatar(url: Option<String>, initial: String) -> impl IntoView {
    let failed = RwSignal::new(false);
    move || match url.clone().filter(|_| !failed.get()) {
        Some(url) => Either::Left(view! {
            // `src` last: each attribute set after it (`referrerpolicy`, `loading`) starts
            // loading the image again, 1 ms a page of cached avatars.
            <img class="vch-avatar" alt="" width="48" height="48" loading="lazy"
                referrerpolicy="no-referrer" src=url on:error=move |_| failed.set(true) />
        }),
        None => Either::Right(
            view! { <span class="vch-avatar vch-initial" aria-hidden="true">{initial.clone()}</span> },
        ),
    }
}

/// `part` where there is one, and nothing where there is none. An `Option` leaves a comment
/// where it is `None`, to draw the part there later; a row's parts are drawn once, and the
/// comments were 4 a row, 2 calls into the DOM each.
fn part<V>(part: Option<V>) -> Either<V, [V; 0]> {
    // An empty array is the one view that leaves nothing in the document (`()` leaves a comment).
    part.map_or(Either::Right([]), Either::Left)
}

/// A label and its colon, as one text: each text of a row is a call into the DOM, and a page
/// draws 30 rows.
fn label(name: &str) -> String {
    format!("{name}: ")
}

/// `text`, with what the search matches in `<mark>` (a phone number whole, when the search
/// names it in any form).
fn mark(text: &str, phone: bool, query: Option<Signal<Arc<Query>>>) -> impl IntoView {
    let text = text.to_owned();
    match query {
        None => Either::Left(text.clone()),
        Some(query) => Either::Right(move || query.with(|q| marked(&text, phone, q))),
    }
}

fn marked(text: &str, phone: bool, query: &Query) -> Vec<Either<String, impl IntoView>> {
    let marks = if phone && query.names_phone(text) {
        std::iter::once(0..text.len()).collect()
    } else {
        query.marks(text)
    };
    let mut parts = Vec::with_capacity(2 * marks.len() + 1);
    let mut at = 0;
    for range in marks {
        let before = text.get(at..range.start).unwrap_or_default().to_owned();
        let inside = text.get(range.clone()).unwrap_or_default().to_owned();
        parts.push(Either::Left(before));
        parts.push(Either::Right(view! { <mark>{inside}</mark> }));
        at = range.end;
    }
    parts.push(Either::Left(text.get(at..).unwrap_or_default().to_owned()));
    parts
}

/// A link when the target is safe (`tel:`, `mailto:` built by `format::links`), else the text.
pub fn maybe_link(href: Option<String>, text: impl IntoView) -> impl IntoView {
    match href {
        Some(href) => Either::Left(view! { <a href=href>{text}</a> }),
        None => Either::Right(text),
    }
}
