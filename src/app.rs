//! The shell: contexts, the header with language and sign-out, and the screen for the session.

use crate::{
    config::Config,
    history::History,
    host,
    i18n::{use_i18n, I18n, Lang},
    session,
    sign_in::SignIn,
    state::{use_app, AppState},
    url::PageUrl,
};
use leptos::{either::Either, prelude::*};

const LANG_KEY: &str = "vchat-history.lang";

/// Where the app runs, which decides what of the page around it the app may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Its own page (`index.html`), possibly in a host's `<iframe>`: the document is the app's.
    Page,
    /// Mounted into an element of a host page: the document is the host's.
    Mounted,
}

#[component]
pub fn App(config: Config, mode: Mode) -> impl IntoView {
    let theme = config.theme.attribute();
    let fill = mode == Mode::Page && !host::is_framed();
    provide_context(config.clone());
    let lang = RwSignal::new(stored_lang().unwrap_or_default());
    provide_context(I18n(lang));
    let state = AppState::new(session::restore());
    provide_context(state);
    let url = PageUrl::provide();
    let root = NodeRef::new();
    host::connect(&config, state, url, root);

    if mode == Mode::Page {
        Effect::new(move |_| {
            let lang = lang.get();
            let document = document();
            if let Some(html) = document.document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
            document.set_title(lang.strings().app_title);
        });
    }

    let credentials = Memo::new(move |_| {
        state
            .session
            .read()
            .as_ref()
            .map(|session| session.credentials.clone())
    });
    let screen = move || match credentials.get() {
        Some(credentials) => Either::Left(view! { <History credentials /> }),
        None => Either::Right(view! { <SignIn /> }),
    };

    view! {
        <div class="vchat-history" class:vch-fill=fill node_ref=root data-theme=theme lang=move || lang.get().tag()>
            <Header />
            // A host page has its own <main>: mounted, the app is a region of it.
            {match mode {
                Mode::Page => Either::Left(view! { <main class="vch-main">{screen}</main> }),
                Mode::Mounted => {
                    Either::Right(
                        view! {
                            <section class="vch-main" aria-labelledby="vch-app-title">
                                {screen}
                            </section>
                        },
                    )
                }
            }}
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
            <h1 class="vch-title" id="vch-app-title">{i18n.text(|t| t.app_title)}</h1>
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
