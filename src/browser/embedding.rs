//! Talking with the page that embeds the app in an `<iframe>`, through `postMessage` only.
//!
//! Out, to the embedding origin only, and only if it is allowed: `vchat-history:ready` (send
//! credentials now), `vchat-history:height` (`height`),
//! `vchat-history:signed-in` (`ssoId`), `vchat-history:signed-out`,
//! `vchat-history:session-refused` (`reason`) and `vchat-history:page-changed` (`page`).
//! In, from the framing window itself and that origin only: `{type: "vchat-history:sign-in",
//! ssoId, hash, remember?}`, held to the sign-in form's rules; anything else is ignored.

use super::{config::Config, history_url::HistoryUrl};
use crate::{
    api::Credentials,
    session::{parse_admin_id, parse_hash, Reason, Session, SessionState},
};
use js_sys::{Object, Reflect};
use leptos::{ev, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{DomStringList, Element, MessageEvent, ResizeObserver, Window};

const PREFIX: &str = "vchat-history:";

/// Starts listening to the host and reporting to it, if the app is framed by an allowed origin.
pub fn connect(
    config: &Config,
    session: SessionState,
    url: HistoryUrl,
    root: NodeRef<leptos::html::Div>,
) {
    let Some(parent) = framing_parent() else {
        return;
    };
    let Some(host_origin) = host_origin(&config.allowed_origins) else {
        return;
    };
    let host = StoredValue::new_local(Host {
        parent,
        origin: host_origin.clone(),
    });

    let listener = window_event_listener(ev::message, move |event: MessageEvent| {
        // From the framing page itself: not from another of its frames or windows, whatever
        // their origin.
        let from_parent = event.source().is_some_and(|source| {
            host.try_with_value(|host| JsValue::from(source) == JsValue::from(&host.parent))
                .unwrap_or(false)
        });
        if !from_parent || event.origin() != host_origin {
            return;
        }
        if let Some(request) = sign_in_request(&event.data()) {
            session.sign_in(request);
        }
    });
    on_cleanup(move || listener.remove());
    host.with_value(|host| host.post(message("ready", &[])));

    Effect::new(move |was_signed_in: Option<bool>| {
        let admin_id = session.admin_id();
        let signed_in = admin_id.is_some();
        if was_signed_in != Some(signed_in) {
            let message = match admin_id {
                Some(id) => message("signed-in", &[("ssoId", (id as f64).into())]),
                // Only the end of a session the host heard start.
                None if was_signed_in != Some(true) => None,
                None => match session.reason() {
                    Some(Reason::Refused(reason)) => {
                        message("session-refused", &[("reason", reason.into())])
                    }
                    _ => message("signed-out", &[]),
                },
            };
            host.with_value(|host| host.post(message));
        }
        signed_in
    });
    Effect::new(move |previous: Option<u32>| {
        let page = url.page();
        if previous.is_some_and(|p| p != page) {
            host.with_value(|host| host.post(message("page-changed", &[("page", page.into())])));
        }
        page
    });
    Effect::new(move |_| {
        if let Some(root) = root.get() {
            report_height(root.into(), host);
        }
    });
}

struct Host {
    parent: Window,
    origin: String,
}

impl Host {
    fn post(&self, message: Option<JsValue>) {
        if let Some(message) = message {
            let _ = self.parent.post_message(&message, &self.origin);
        }
    }
}

/// The app's height on every change, so the host can size the frame to fit.
fn report_height(root: Element, host: StoredValue<Host, LocalStorage>) {
    let callback = Closure::<dyn Fn()>::new({
        let root = root.clone();
        move || {
            let height = root.get_bounding_client_rect().height().ceil();
            host.try_with_value(|host| host.post(message("height", &[("height", height.into())])));
        }
    });
    let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    observer.observe(&root);
    let observer = SendWrapper::new((observer, callback));
    on_cleanup(move || observer.0.disconnect());
}

pub fn is_framed() -> bool {
    framing_parent().is_some()
}

/// The frame's parent window, if the app is in a frame at all.
fn framing_parent() -> Option<Window> {
    let window = window();
    let parent = window.parent().ok()??;
    (parent != window).then_some(parent)
}

/// The app is in a frame of a page that is not allowed to embed it: it then talks to no one and
/// opens no stored session there.
pub fn framed_by_stranger(config: &Config) -> bool {
    framing_parent().is_some() && host_origin(&config.allowed_origins).is_none()
}

/// The embedding page's origin, if it is allowed: from `location.ancestorOrigins` where the
/// browser has it (the referrer could name a page the frame has left), else from the referrer.
fn host_origin(allowed: &[String]) -> Option<String> {
    // Not in every browser (nor in web-sys), hence looked up by name.
    let ancestors = Reflect::get(&window().location(), &"ancestorOrigins".into())
        .ok()
        .and_then(|list| list.dyn_into::<DomStringList>().ok());
    let origin = match ancestors {
        Some(list) => list.item(0),
        None => web_sys::Url::new(&document().referrer())
            .ok()
            .map(|url| url.origin()),
    };
    origin.filter(|origin| allowed.contains(origin))
}

/// A sign-in request from the host, held to the same rules as the form.
fn sign_in_request(data: &JsValue) -> Option<Session> {
    let field = |name: &str| Reflect::get(data, &name.into()).ok();
    if field("type")?.as_string()? != format!("{PREFIX}sign-in") {
        return None;
    }
    // A number, or digits in a string; the form's rules apply either way.
    let sso_id = field("ssoId")?;
    let sso_id = match sso_id.as_f64() {
        Some(n) if n.fract() == 0.0 && (1.0..9.0e15).contains(&n) => n as u64,
        Some(_) => return None,
        None => parse_admin_id(&sso_id.as_string()?).ok()?,
    };
    Some(Session {
        credentials: Credentials {
            sso_id,
            hash: parse_hash(&field("hash")?.as_string()?)?,
        },
        remember: field("remember").is_some_and(|r| r.is_truthy()),
    })
}

fn message(kind: &str, fields: &[(&str, JsValue)]) -> Option<JsValue> {
    let object = Object::new();
    Reflect::set(&object, &"type".into(), &format!("{PREFIX}{kind}").into()).ok()?;
    for (key, value) in fields {
        Reflect::set(&object, &(*key).into(), value).ok()?;
    }
    Some(object.into())
}
