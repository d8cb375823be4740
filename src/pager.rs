//! Paging controls. Every page is a link to `?page=N`, so the router keeps the URL, the browser
//! history and the screen in step.

use crate::{history::page_number, i18n::use_i18n};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate},
    NavigateOptions,
};

#[component]
pub fn Pager(page: Memo<u32>, #[prop(into)] is_last: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let href = page_href();
    let jump_to = RwSignal::new(String::new());
    let jump_invalid = RwSignal::new(false);
    let on_jump = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let text = jump_to.get_untracked();
        let number = page_number(Some(&text));
        jump_invalid.set(number.to_string() != text.trim());
        if !jump_invalid.get_untracked() {
            jump_to.set(String::new());
            navigate(&href(number), NavigateOptions::default());
        }
    };
    view! {
        <nav class="vch-pager" aria-label=move || i18n.t().pagination>
            <div class="vch-pager-links">
                <PageLink number=1u32 disabled=Signal::derive(move || page.get() <= 1)>
                    "« " {move || i18n.t().first_page}
                </PageLink>
                <PageLink number=Signal::derive(move || page.get().saturating_sub(1).max(1)) disabled=Signal::derive(move || page.get() <= 1)>
                    "‹ " {move || i18n.t().previous_page}
                </PageLink>
                <span class="vch-current" aria-current="page">{move || (i18n.t().page_n)(page.get())}</span>
                <PageLink number=Signal::derive(move || page.get().saturating_add(1)) disabled=is_last>
                    {move || i18n.t().next_page} " ›"
                </PageLink>
            </div>
            {move || is_last.get().then(|| view! { <p class="vch-muted" role="status">{move || i18n.t().last_page_note}</p> })}
            <form class="vch-jump" on:submit=on_jump novalidate>
                <label for="vch-jump">{move || i18n.t().go_to_page}</label>
                <input
                    id="vch-jump"
                    type="number"
                    min="1"
                    step="1"
                    inputmode="numeric"
                    placeholder=move || page.get().to_string()
                    bind:value=jump_to
                    aria-invalid=move || jump_invalid.get().to_string()
                    aria-describedby="vch-jump-help"
                />
                <button type="submit" class="vch-button">{move || i18n.t().go}</button>
                <p id="vch-jump-help" class="vch-help vch-invalid" hidden=move || !jump_invalid.get()>
                    {move || i18n.t().page_number_invalid}
                </p>
            </form>
        </nav>
    }
}

/// A link to page `number`; when disabled it stays in place, announced as unavailable.
#[component]
pub fn PageLink(
    #[prop(into)] number: Signal<u32>,
    #[prop(optional, into)] disabled: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let href = page_href();
    view! {
        <a
            class="vch-button"
            role="link"
            href=move || (!disabled.get()).then(|| href(number.get()))
            aria-disabled=move || disabled.get().then_some("true")
        >
            {children()}
        </a>
    }
}

/// The current path with `?page=N`, so the app works under whatever path it is served from.
fn page_href() -> impl Fn(u32) -> String + Clone + Send + Sync + 'static {
    let path = use_location().pathname;
    move |number| format!("{}?page={number}", path.get_untracked())
}
