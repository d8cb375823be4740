//! The demo's host pages, and the app's `index.html` as the demo serves it: allowing the demo
//! portal's origins to frame the app and hand it credentials.

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::get,
    Router,
};
use std::{path::PathBuf, sync::Arc};

/// The portal is opened on `localhost` and frames the app from `127.0.0.1`: two origins, as a
/// real portal and the app would have, on one demo server. Only `localhost` may frame the app.
pub fn routes() -> Router {
    Router::new()
        .route(
            "/portal/",
            get(|| async { Html(include_str!("../portal/index.html")) }),
        )
        .route(
            "/portal/mount.html",
            get(|| async { Html(include_str!("../portal/mount.html")) }),
        )
        .route(
            "/portal/host.html",
            get(|| async { Html(include_str!("../portal/host.html")) }),
        )
}

#[derive(Clone)]
pub struct AppIndex(Arc<(PathBuf, String)>);

impl AppIndex {
    pub fn new(path: PathBuf, port: u16) -> AppIndex {
        let origins = format!("http://localhost:{port}");
        AppIndex(Arc::new((path, origins)))
    }
}

pub async fn app_index(State(index): State<AppIndex>) -> Response {
    let (path, origins) = &*index.0;
    match tokio::fs::read_to_string(path).await {
        Ok(html) => {
            let html = html.replace(
                r#"<meta name="vchat-history:allowed-origins" content="" />"#,
                &format!(r#"<meta name="vchat-history:allowed-origins" content="{origins}" />"#),
            );
            // Only the demo's own pages may frame the app: its portal, and the message playground
            // opened on the other loopback name (a host the app itself must refuse to talk to).
            let framing = format!(
                "frame-ancestors 'self' {origins} {}",
                origins.replace("localhost", "127.0.0.1")
            );
            ([(header::CONTENT_SECURITY_POLICY, framing)], Html(html)).into_response()
        }
        Err(_) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "{} is missing: build the app first (scripts/build)",
                path.display()
            ),
        )
            .into_response(),
    }
}
