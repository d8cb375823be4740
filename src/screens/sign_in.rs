//! The sign-in form. Submitting verifies the credentials by loading page 1, which is then shown.

use crate::{
    api::Credentials,
    browser::idle::when_idle,
    format::time,
    i18n::use_i18n,
    session::{parse_admin_id, parse_hash, use_session, AdminIdProblem, Session},
};
use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

/// What the admin typed into `index.html`'s first screen before the app had loaded, where, and
/// whether they sent it.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    admin_id: String,
    hash: String,
    remember: bool,
    /// The field the cursor was in: `Some(true)` the hash, `Some(false)` the admin id.
    in_hash: Option<bool>,
    /// The form was sent (`embed.js` marks it `data-sent`): the app sends it once it runs.
    sent: bool,
}

impl Typed {
    pub fn read(document: &web_sys::Document) -> Typed {
        let value = |id: &str| {
            document
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|input| input.value())
                .unwrap_or_default()
        };
        let remember = document
            .get_element_by_id("vch-boot-remember")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|input| input.checked());
        let in_hash = document
            .active_element()
            .and_then(|e| match e.id().as_str() {
                "vch-boot-hash" => Some(true),
                "vch-boot-admin-id" => Some(false),
                _ => None,
            });
        let sent = document
            .query_selector("#vchat-history-boot form[data-sent]")
            .ok()
            .flatten()
            .is_some();
        Typed {
            admin_id: value("vch-boot-admin-id"),
            hash: value("vch-boot-hash"),
            remember,
            in_hash,
            sent,
        }
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_session();

    // Taken once: after a sign-out the form starts empty again.
    let typed = use_context::<StoredValue<Option<Typed>>>()
        .and_then(|typed| typed.try_update_value(Option::take).flatten())
        .unwrap_or_default();
    let admin_id = RwSignal::new(typed.admin_id);
    // In idle time: loading the locale's data took 21-33 ms here, and in a timer task of its own
    // it was the start's last long task to Lighthouse (Time to Interactive 2.3-3.5 s; 1.1-2.35 s
    // in idle time). A sign-in sent before then builds the formatter with its rows.
    when_idle(move |_| time::prepare(i18n.t().locale));
    // Filled in with the admin id last used; a host page may also hand over credentials while
    // the form is shown: show whose they were.
    Effect::new(move |_| {
        if let Some(id) = state.last_admin_id() {
            admin_id.set(id.to_string());
        }
    });
    let hash = RwSignal::new(typed.hash);
    let remember = RwSignal::new(typed.remember);
    let show_hash = RwSignal::new(false);
    // Inline messages appear once a field was left or the form was submitted, not while typing.
    let id_touched = RwSignal::new(false);
    let hash_touched = RwSignal::new(false);
    let busy = Signal::derive(move || state.is_signing_in());
    let id_input = NodeRef::<html::Input>::new();
    let hash_input = NodeRef::<html::Input>::new();
    // The cursor goes on where it was.
    if let Some(in_hash) = typed.in_hash {
        Effect::new(move |_| {
            let input = if in_hash {
                hash_input.get()
            } else {
                id_input.get()
            };
            if let Some(input) = input {
                let _ = input.focus();
            }
        });
    }

    let id_message = move || {
        let problem = parse_admin_id(&admin_id.read()).err()?;
        id_touched.get().then(|| match problem {
            AdminIdProblem::Missing => i18n.t().admin_id_missing,
            AdminIdProblem::Invalid => i18n.t().admin_id_invalid,
        })
    };
    let hash_message = move || {
        (hash_touched.get() && parse_hash(&hash.read()).is_none()).then(|| i18n.t().hash_missing)
    };

    let submit = move || {
        id_touched.set(true);
        hash_touched.set(true);
        let sso_id = match parse_admin_id(&admin_id.get_untracked()) {
            Ok(id) => id,
            Err(_) => return focus(id_input),
        };
        let Some(hash) = parse_hash(&hash.get_untracked()) else {
            return focus(hash_input);
        };
        state.sign_in(Session {
            credentials: Credentials { sso_id, hash },
            remember: remember.get_untracked(),
        });
    };
    // Sent before the app had loaded: sent now, once the form is in the document to take the
    // focus if something is missing (the app is mounted in the task that runs this). A task
    // rather than `queue_microtask`, which added 2 KiB of wasm.
    if let (true, Some(owner)) = (typed.sent, Owner::current()) {
        leptos::task::spawn_local(async move { owner.with(submit) });
    }

    let failure = move || state.problem().map(|error| i18n.t().error(&error));

    view! {
        <section class="vch-card vch-sign-in" aria-labelledby="vch-sign-in-title">
            <h2 id="vch-sign-in-title">{i18n.text(|t| t.sign_in_title)}</h2>
            <p class="vch-muted">{i18n.text(|t| t.sign_in_intro)}</p>
            {move || failure().map(|text| view! { <p class="vch-alert" role="alert">{text}</p> })}
            <form on:submit=move |ev| { ev.prevent_default(); submit() } novalidate>
                <div class="vch-field">
                    <label for="vch-admin-id">{i18n.text(|t| t.admin_id)}</label>
                    <input
                        id="vch-admin-id"
                        node_ref=id_input
                        type="text"
                        inputmode="numeric"
                        autocomplete="username"
                        required
                        bind:value=admin_id
                        on:blur=move |_| id_touched.set(true)
                        aria-invalid=move || id_message().is_some().to_string()
                        aria-describedby="vch-admin-id-help"
                    />
                    <p id="vch-admin-id-help" class="vch-help" class:vch-invalid=move || id_message().is_some()>
                        {move || id_message().unwrap_or(i18n.t().admin_id_hint)}
                    </p>
                </div>
                <div class="vch-field">
                    <label for="vch-hash">{i18n.text(|t| t.hash)}</label>
                    <div class="vch-secret">
                        <input
                            id="vch-hash"
                            node_ref=hash_input
                            type=move || if show_hash.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            spellcheck="false"
                            autocapitalize="off"
                            required
                            bind:value=hash
                            on:blur=move |_| hash_touched.set(true)
                            aria-invalid=move || hash_message().is_some().to_string()
                            aria-describedby="vch-hash-help"
                        />
                        <button
                            type="button"
                            class="vch-button vch-quiet"
                            aria-controls="vch-hash"
                            aria-pressed=move || show_hash.get().to_string()
                            on:click=move |_| show_hash.update(|shown| *shown = !*shown)
                        >
                            {move || if show_hash.get() { i18n.t().hide_hash } else { i18n.t().show_hash }}
                        </button>
                    </div>
                    <p id="vch-hash-help" class="vch-help" class:vch-invalid=move || hash_message().is_some()>
                        {move || hash_message().unwrap_or(i18n.t().hash_hint)}
                    </p>
                </div>
                {state.remember_days().map(|days| view! {
                    <div class="vch-field vch-remember">
                        <input id="vch-remember" type="checkbox" bind:checked=remember aria-describedby="vch-remember-help" />
                        <label for="vch-remember">{i18n.text(|t| t.remember_me)}</label>
                        <p id="vch-remember-help" class="vch-help">{i18n.format(|t, days| (t.remember_me_hint)(days), u64::from(days))}</p>
                    </div>
                })}
                <button type="submit" class="vch-button vch-primary" disabled=busy aria-busy=move || busy.get().to_string()>
                    {move || if busy.get() { i18n.t().signing_in } else { i18n.t().sign_in }}
                </button>
            </form>
        </section>
    }
}

fn focus(input: NodeRef<html::Input>) {
    if let Some(input) = input.get_untracked() {
        let _ = input.focus();
    }
}

#[cfg(test)]
mod tests {
    use crate::{browser::config::DEFAULT_SESSION_DAYS, i18n::Lang};

    /// `index.html` draws the first screen before the app exists, so it cannot take its texts
    /// from `i18n`: they must stay the same as the app's Vietnamese ones, which replace them.
    #[test]
    fn the_first_screen_says_what_the_app_says() {
        let page = include_str!("../../index.html");
        let t = Lang::Vi.strings();
        let remember_hint = (t.remember_me_hint)(u64::from(DEFAULT_SESSION_DAYS));
        for text in [
            t.app_title,
            t.language,
            Lang::Vi.name(),
            Lang::En.name(),
            t.sign_in_title,
            t.sign_in_intro,
            t.admin_id,
            t.admin_id_hint,
            t.hash,
            t.show_hash,
            t.hash_hint,
            t.remember_me,
            &remember_hint,
            t.sign_in,
            t.loading,
        ] {
            assert!(page.contains(text), "index.html lacks {text:?}");
        }
    }
}
