//! Keyboard shortcuts of the history screen, heard on the document (or, mounted, on the app's
//! element only).

use crate::app::Mode;
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

/// A keyboard shortcut of the history screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// `j`, or `↓` within the list.
    NextConversation,
    /// `k`, or `↑` within the list.
    PreviousConversation,
    /// `Esc`.
    Close,
    /// `n`.
    NextPage,
    /// `p`.
    PreviousPage,
    /// `?`.
    Help,
    /// `/`: to the search field.
    Search,
}

/// Calls `on_shortcut` for the keys of [`Shortcut`], as inboxes have them, so the history can be
/// worked through without the mouse. Never while the admin types in a field, never with a
/// modifier key held (the browser's own shortcuts), and only for keys pressed in the app: in a
/// host page (mounted mode) keys pressed elsewhere on the page stay the host's.
pub fn use_shortcuts(on_shortcut: impl Fn(Shortcut, &KeyboardEvent) + 'static) {
    let mode = use_context::<Mode>().unwrap_or(Mode::Page);
    let handle = window_event_listener(ev::keydown, move |event: KeyboardEvent| {
        if event.default_prevented() || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let in_app = target.closest(".vchat-history").ok().flatten().is_some();
        let on_page = mode == Mode::Page && target.local_name() == "body";
        if !(in_app || on_page) || is_typing(&target) {
            return;
        }
        let in_list = target.closest(".vch-list").ok().flatten().is_some();
        let shortcut = match event.key().as_str() {
            "j" => Shortcut::NextConversation,
            "ArrowDown" if in_list => Shortcut::NextConversation,
            "k" => Shortcut::PreviousConversation,
            "ArrowUp" if in_list => Shortcut::PreviousConversation,
            "Escape" => Shortcut::Close,
            "n" => Shortcut::NextPage,
            "p" => Shortcut::PreviousPage,
            "?" => Shortcut::Help,
            "/" => Shortcut::Search,
            _ => return,
        };
        on_shortcut(shortcut, &event);
    });
    on_cleanup(move || handle.remove());
}

/// Keys typed into a field, or into a dialog, are the field's.
fn is_typing(target: &Element) -> bool {
    matches!(
        target.local_name().as_str(),
        "input" | "textarea" | "select"
    ) || target
        .closest("[contenteditable], dialog")
        .ok()
        .flatten()
        .is_some()
}
