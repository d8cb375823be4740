//! Paging controls. Every page is a real link to `?page=N` (it can be opened in a new tab);
//! a plain click moves within the app without reloading it. An open conversation stays open.

use crate::{
    browser::history_url::{is_plain_click, use_history_url},
    i18n::use_i18n,
    search::location::{page_number, Place},
};
use leptos::prelude::*;
use web_sys::MouseEvent;

#[component]
pub fn Pager(page: Memo<u32>, #[prop(into)] is_last: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_history_url();
    let jump_to = RwSignal::new(String::new());
    let jump_invalid = RwSignal::new(false);
    let on_jump = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let text = jump_to.get_untracked();
        let number = page_number(Some(&text));
        jump_invalid.set(number.to_string() != text.trim());
        if !jump_invalid.get_untracked() {
            jump_to.set(String::new());
            url.go_to_page(number);
        }
    };
    view! {
        <nav class="vch-pager" aria-label=i18n.text(|t| t.pagination)>
            <div class="vch-pager-links">
                <PageLink number=1u32 disabled=Signal::derive(move || page.get() <= 1)>
                    "« " {i18n.text(|t| t.first_page)}
                </PageLink>
                <PageLink number=Signal::derive(move || page.get().saturating_sub(1).max(1)) disabled=Signal::derive(move || page.get() <= 1)>
                    "‹ " {i18n.text(|t| t.previous_page)}
                </PageLink>
                <span class="vch-current" aria-current="page">{move || (i18n.t().page_n)(page.get())}</span>
                <PageLink number=Signal::derive(move || page.get().saturating_add(1)) disabled=is_last>
                    {i18n.text(|t| t.next_page)} " ›"
                </PageLink>
            </div>
            {move || is_last.get().then(|| view! { <p class="vch-muted" role="status">{i18n.text(|t| t.last_page_note)}</p> })}
            <form class="vch-jump" on:submit=on_jump novalidate>
                <label for="vch-jump">{i18n.text(|t| t.go_to_page)}</label>
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
                <button type="submit" class="vch-button">{i18n.text(|t| t.go)}</button>
                <p id="vch-jump-help" class="vch-help vch-invalid" hidden=move || !jump_invalid.get()>
                    {i18n.text(|t| t.page_number_invalid)}
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
    let url = use_history_url();
    let on_click = move |ev: MouseEvent| {
        if is_plain_click(&ev) && !disabled.get_untracked() {
            ev.prevent_default();
            url.go_to_page(number.get_untracked());
        }
    };
    view! {
        <a
            class="vch-button"
            role="link"
            href=move || {
                (!disabled.get())
                    .then(|| {
                        url.href(Place {
                            page: number.get(),
                            conversation: url.conversation(),
                        })
                    })
            }
            aria-disabled=move || disabled.get().then_some("true")
            on:click=on_click
        >
            {children()}
        </a>
    }
}
