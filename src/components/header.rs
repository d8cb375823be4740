//! The app's header: its title, the language picker, and who is signed in with a way out.

use crate::{
    browser::storage,
    i18n::{use_i18n, I18n, Lang},
    session::use_session,
};
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <header class="vch-header">
            <h1 class="vch-title" id="vch-app-title">{i18n.text(|t| t.app_title)}</h1>
            <div class="vch-header-tools">
                <LanguagePicker />
                {move || {
                    session
                        .admin_id()
                        .map(|id| {
                            view! {
                                <span class="vch-admin">{i18n.format(|t, id| (t.signed_in_as)(id), id)}</span>
                                <button
                                    type="button"
                                    class="vch-button vch-quiet"
                                    on:click=move |_| session.sign_out()
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

/// Each language offered in its own name; the choice is remembered on this device.
#[component]
fn LanguagePicker() -> impl IntoView {
    let I18n(lang) = use_i18n();
    let on_change = move |ev| {
        if let Some(chosen) = Lang::from_tag(&event_target_value(&ev)) {
            lang.set(chosen);
            storage::store_lang(chosen);
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
