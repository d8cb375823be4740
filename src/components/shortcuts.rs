//! The list of keyboard shortcuts, in a dialog that `?` (or its button) opens.

use crate::i18n::{use_i18n, Pick};
use leptos::{html, prelude::*};

#[component]
pub fn Shortcuts(
    /// The dialog element, which the caller opens with `show_modal()`.
    dialog: NodeRef<html::Dialog>,
) -> impl IntoView {
    let i18n = use_i18n();
    let keys: [(&str, Pick); 7] = [
        ("j / ↓", |t| t.key_next),
        ("k / ↑", |t| t.key_previous),
        ("Enter", |t| t.key_open),
        ("Esc", |t| t.key_close),
        ("n / p", |t| t.key_pages),
        ("/", |t| t.key_search),
        ("?", |t| t.key_help),
    ];
    view! {
        <dialog class="vch-dialog" node_ref=dialog aria-labelledby="vch-shortcuts-title">
            <h2 id="vch-shortcuts-title">{i18n.text(|t| t.shortcuts)}</h2>
            <dl class="vch-keys">
                {keys
                    .into_iter()
                    .map(|(key, what)| view! { <dt><kbd>{key}</kbd></dt><dd>{i18n.text(what)}</dd> })
                    .collect_view()}
            </dl>
            <button type="button" class="vch-button vch-primary"
                on:click=move |_| { if let Some(dialog) = dialog.get_untracked() { dialog.close(); } }>
                {i18n.text(|t| t.close_thread)}
            </button>
        </dialog>
    }
}
