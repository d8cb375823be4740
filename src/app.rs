//! The shell: builds the app's contexts (configuration, API client, language, session, the place in the URL),
//! connects the embedding page if any, and shows the screen for the session.

use crate::{
    api::{ApiClient, Credentials},
    browser::{
        config::Config,
        embedding,
        history_url::HistoryUrl,
        idle::{next_task, when_idle},
        storage,
    },
    components::Header,
    format::time,
    hooks::use_warm_up,
    i18n::I18n,
    screens::{History, SignIn, Typed},
    search::response::Hours,
    session::{Session, SessionState},
};
use leptos::{either::Either, prelude::*};

/// Where the app runs, which decides what of the page around it the app may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Its own page (`index.html`), possibly in a host's `<iframe>`: the document is the app's.
    Page,
    /// Mounted into an element of a host page: the document is the host's.
    Mounted,
}

/// Draws the app's screens over two more tasks, the rest of the app out of sight until then
/// and `index.html`'s first screen showing meanwhile: the warm-up set up, then the screens drawn
/// and shown. Built in the task that mounted it, the app was the last long task Lighthouse saw
/// (20-24 ms on this machine, over 50 ms on its 4× slower CPU), and its Time to Interactive
/// came when it ended.
fn show_in_steps(
    mode: Mode,
    shown: RwSignal<bool>,
    typed: StoredValue<Option<Typed>>,
    warm_up: impl FnOnce() + 'static,
) {
    let owner = Owner::current();
    next_task(move || {
        // Not if the app is gone meanwhile.
        let (Some(owner), Some(false)) = (owner, shown.try_get_untracked()) else {
            return;
        };
        owner.with(warm_up);
        next_task(move || {
            // What was typed into the first screen carries over.
            let document = document();
            let boot = document.get_element_by_id("vchat-history-boot");
            if let (Mode::Page, Some(boot)) = (mode, boot) {
                typed.try_set_value(Some(Typed::read(&document)));
                boot.remove();
            }
            shown.try_set(true);
        });
    });
}

/// How many conversations came in that the admin has not been shown (the history screen's
/// `newer`): written by the signed-in screen, shown in the tab's title.
#[derive(Clone, Copy)]
pub struct TitleCount(pub RwSignal<usize>);

#[component]
pub fn App(
    /// The run-time configuration.
    config: Config,
    /// Where the app runs.
    mode: Mode,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let typed = StoredValue::new(None);
    provide_context(typed);
    let theme = config.theme.attribute();
    let framed = embedding::is_framed();
    let fill = mode == Mode::Page && !framed;
    provide_context(mode);
    // Response times count the shop's hours in the admin's zone, as it is now.
    let now = (js_sys::Date::now() / 1000.0) as i64;
    provide_context(Hours {
        offset: time::offset_minutes(now) * 60,
        ..config.shop_hours
    });
    let api = ApiClient::new(&config);
    provide_context(api.clone());
    let lang = RwSignal::new(storage::stored_lang().unwrap_or_default());
    let i18n = I18n(lang);
    provide_context(i18n);
    let stranger = embedding::framed_by_stranger(&config);
    let session = SessionState::provide(
        api,
        if stranger {
            None
        } else {
            storage::restore_session()
        },
        &config,
    );
    let url = HistoryUrl::provide(mode);
    // The crash screen's browser test makes the running app panic; only in that test's build.
    #[cfg(feature = "crash-test")]
    {
        let trigger = window_event_listener(
            leptos::ev::Custom::<web_sys::Event>::new("vchat-history:test-panic"),
            |_| panic!("the crash screen's test"),
        );
        on_cleanup(move || trigger.remove());
    }
    let root = NodeRef::new();
    embedding::connect(&config, session, url, root);

    if mode == Mode::Page {
        let count = RwSignal::new(0);
        provide_context(TitleCount(count));
        Effect::new(move |_| {
            let lang = lang.get();
            let document = document();
            if let Some(html) = document.document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
            let title = lang.strings().app_title;
            match count.get() {
                0 => document.set_title(title),
                n => document.set_title(&format!("({n}) {title}")),
            }
        });
    }

    // While a sign-in is checked, its history screen is built out of sight, in the time the
    // request takes: the reply then has only its rows to draw. Built after the reply, the
    // screen put 35-50 ms between the reply and the rows.
    let current = Memo::new(move |_| session.session());
    let signed_in = Memo::new(move |_| session.is_signed_in());
    // Until the admin is signed in, what signing in draws is drawn out of sight, to have its
    // code compiled; the screen, unverified, asks vChat nothing. Not once a sign-in is being
    // checked (a quick admin, a host's credentials): its own screen is built then, and a second
    // one would only hold up the reply.
    let warm_up = move || {
        use_warm_up(signed_in.into(), move || {
            current.with_untracked(Option::is_none).then(|| {
                let credentials = Credentials {
                    sso_id: 0,
                    hash: String::new(),
                };
                view! { <History credentials remember=false verified=false /> }
            })
        })
    };
    show_in_steps(mode, shown, typed, warm_up);
    // Accepted, the form is hidden at once and removed when the browser is idle after the next
    // frame: removed then and there, with the focus in it, it cost 3 ms between sign-in's reply
    // and its rows, the browser laying the old screen out to move the focus.
    let (keep_form, set_keep_form) = signal(!signed_in.get_untracked());
    Effect::new(move |_| {
        if !signed_in.get() {
            // Only a change: setting it again would draw a new, empty form.
            if !keep_form.get_untracked() {
                set_keep_form.set(true);
            }
            return;
        }
        request_animation_frame(move || {
            when_idle(move |_| {
                if signed_in.try_get_untracked() == Some(true) {
                    set_keep_form.try_set(false);
                }
            });
        });
    });
    let screen = move || {
        shown.get().then(|| {
            view! {
                {move || current.get().map(|Session { credentials, remember }| view! {
                    <div class="vch-screen" hidden=move || !signed_in.get()>
                        <History credentials remember verified=signed_in />
                    </div>
                })}
                {move || keep_form.get().then(|| view! {
                    <div class="vch-screen" hidden=move || signed_in.get()>
                        <SignIn />
                    </div>
                })}
            }
        })
    };

    view! {
        <div class="vchat-history" hidden=move || !shown.get() class:vch-fill=fill class:vch-framed=framed node_ref=root data-theme=theme lang=move || lang.get().tag()>
            <Header />
            {stranger.then(|| view! { <p class="vch-note vch-main" role="status">{i18n.text(|t| t.framed_by_stranger)}</p> })}
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
