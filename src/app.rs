//! The shell: contexts, the header with language and sign-out, and the screen for the session.

use crate::{
    config::Config,
    history::History,
    i18n::{use_i18n, I18n, Lang},
    session,
    sign_in::SignIn,
    state::{use_app, AppState},
    url::PageUrl,
};
use leptos::{either::Either, prelude::*};

const LANG_KEY: &str = "vchat-history.lang";

#[component]
pub fn App() -> impl IntoView {
    provide_context(Config::from_document());
    let lang = RwSignal::new(stored_lang().unwrap_or_default());
    provide_context(I18n(lang));
    let state = AppState::new(session::restore());
    provide_context(state);
    PageUrl::provide();

    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            document.set_title(lang.strings().app_title);
        }
    });

    let credentials = Memo::new(move |_| {
        state
            .session
            .read()
            .as_ref()
            .map(|session| session.credentials.clone())
    });

    view! {
        <div class="vchat-history">
                <Header />
                <main class="vch-main">
                    {move || match credentials.get() {
                        Some(credentials) => Either::Left(view! { <History credentials /> }),
                        None => Either::Right(view! { <SignIn /> }),
                    }}
                </main>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let admin_id = move || state.session.read().as_ref().map(|s| s.credentials.sso_id);
    view! {
        <header class="vch-header">
            <h1 class="vch-title">{i18n.text(|t| t.app_title)}</h1>
            <div class="vch-header-tools">
                <LanguagePicker />
                {move || {
                    admin_id()
                        .map(|id| {
                            view! {
                                <span class="vch-admin">{move || (i18n.t().signed_in_as)(id)}</span>
                                <button
                                    type="button"
                                    class="vch-button vch-quiet"
                                    on:click=move |_| state.sign_out()
                                >
                                    {i18n.text(|t| t.sign_out)}
                                </button>
                            }
                        })
                }}
            </div>
        </header>
    }
}

#[component]
fn LanguagePicker() -> impl IntoView {
    let I18n(lang) = use_i18n();
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            lang.set(chosen);
            if let Some(storage) = session::local() {
                let _ = storage.set_item(LANG_KEY, chosen.tag());
            }
        }
    };
    view! {
        <label class="vch-lang">
            <span class="vch-visually-hidden">{move || lang.get().strings().language}</span>
            <select on:change=on_change>
                {Lang::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.tag() selected=move || lang.get() == option>
                                {option.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

fn stored_lang() -> Option<Lang> {
    Lang::from_tag(&session::local()?.get_item(LANG_KEY).ok()??)
}
