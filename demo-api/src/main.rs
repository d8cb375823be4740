//! A stand-in for vChat: `POST /hischat.php` for a generated demo account, answered the way
//! vChat's PHP answers, plus the built app (`dist/`) on the same origin, and a demo admin portal
//! (`/portal/`) that embeds it.
//!
//! Usage: `demo-api [--port 8787] [--host 127.0.0.1] [--dist dist]`

mod data;
mod faults;
mod hostile;
mod php;
mod portal;
// The app's own wire types, compiled here too: one definition of what vChat sends, without
// building the browser app into the server.
#[path = "../../src/api/wire.rs"]
mod wire;

use axum::{
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use data::{Customer, ADMIN_HASH, ADMIN_ID};
use faults::{Fault, Faults, Rule};
use serde_json::json;
use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};
use tower_http::{compression::CompressionLayer, services::ServeDir};
use wire::{Conversation, HischatReply, PAGE_SIZE};

struct Demo {
    customers: Vec<Customer>,
    faults: Faults,
    /// The newest message's time; the rest are spaced out before it.
    now: u64,
}

/// PHP's default content type, which vChat does not change for its JSON.
const PHP_CONTENT_TYPE: &str = "text/html; charset=UTF-8";

#[tokio::main]
async fn main() {
    let options = Options::from_args();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let demo = Arc::new(Demo {
        customers: data::generate(),
        faults: Faults::default(),
        now,
    });
    let index = portal::AppIndex::new(options.dist.join("index.html"), options.port);
    let app = Router::new()
        .route("/hischat.php", post(hischat))
        .route("/avatars/{file}", get(avatar))
        .route("/__demo/faults", post(add_fault).delete(clear_faults))
        .with_state(demo)
        .merge(portal::routes())
        .route("/", get(portal::app_index).with_state(index.clone()))
        .route(
            "/index.html",
            get(portal::app_index).with_state(index.clone()),
        )
        .fallback_service(
            ServeDir::new(&options.dist).fallback(get(portal::app_index).with_state(index)),
        )
        .layer(middleware::from_fn(cache_headers))
        .layer(CompressionLayer::new());

    let address = SocketAddr::new(options.host, options.port);
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("demo-api: cannot listen on {address}: {error}");
            std::process::exit(1);
        }
    };
    println!("vChat History demo: http://{address}/");
    println!(
        "  demo portal embedding it: http://localhost:{}/portal/",
        options.port
    );
    println!("  admin id (sso_id): {ADMIN_ID}");
    println!("  hash:              {ADMIN_HASH}");
    println!(
        "  {} conversations, {PAGE_SIZE} a page; serving the app from {}",
        data::CONVERSATIONS,
        options.dist.display()
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("demo-api: {error}");
        std::process::exit(1);
    }
}

async fn hischat(State(demo): State<Arc<Demo>>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let fields = php::post_fields(content_type, &body);
    let field = |name: &str| fields.get(name).cloned().flatten();
    let page = field("page").map_or(0, |p| php::intval(&p)).max(1);

    let fault = demo.faults.take(page);
    if let Some((Fault::Delay, ms)) = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let reply = match fault {
        Some((Fault::Http500, _)) => return php_error(StatusCode::INTERNAL_SERVER_ERROR),
        Some((Fault::Http502, _)) => return php_error(StatusCode::BAD_GATEWAY),
        Some((Fault::Http503, _)) => return php_error(StatusCode::SERVICE_UNAVAILABLE),
        Some((Fault::Html, _)) => return php_error(StatusCode::OK),
        Some((Fault::WrongShape, _)) => {
            return php_text(r#"{"result":"ok","data":{"rows":[]}}"#.into())
        }
        Some((Fault::Refuse, _)) => refusal(),
        Some((Fault::Hang, _)) => {
            tokio::time::sleep(Duration::from_secs(600)).await;
            refusal()
        }
        Some((Fault::Huge, _)) => return huge_reply(),
        Some((Fault::RefuseEcho, _)) => HischatReply::refused(format!(
            "Sai ma bao mat: {}",
            field("hash").unwrap_or_default()
        )),
        _ => answer(
            &demo,
            field("sso_id").map_or(0, |id| php::intval(&id)),
            &field("hash").unwrap_or_default(),
            page,
            &origin(&headers),
        ),
    };
    let text = match fault {
        Some((Fault::BadRow, _)) => with_bad_first_row(&reply),
        _ => serde_json::to_string(&reply).unwrap_or_default(),
    };
    match fault {
        Some((Fault::Truncated, _)) => {
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            php_text(text[..cut].to_owned())
        }
        _ => php_text(text),
    }
}

/// What vChat answers the account `sso_id`, `hash` for `page` (from 1).
fn answer(demo: &Demo, sso_id: i64, hash: &str, page: i64, origin: &str) -> HischatReply {
    let account = |id: u64, key: &str| sso_id == id as i64 && hash == key;
    if account(ADMIN_ID, ADMIN_HASH) {
        let rows = demo
            .customers
            .iter()
            .map(|c| data::conversation(c, origin, demo.now));
        HischatReply::page(paged(rows, page))
    } else if account(hostile::ADMIN_ID, hostile::ADMIN_HASH) {
        HischatReply::page(paged(hostile::conversations(), page))
    } else {
        refusal()
    }
}

/// Page `page` (from 1) of `rows`.
fn paged(rows: impl IntoIterator<Item = Conversation>, page: i64) -> Vec<Conversation> {
    let start = usize::try_from(page - 1)
        .unwrap_or(usize::MAX)
        .saturating_mul(PAGE_SIZE);
    rows.into_iter().skip(start).take(PAGE_SIZE).collect()
}

fn refusal() -> HischatReply {
    HischatReply::refused("Khong co ma bao mat")
}

/// The reply with its first conversation replaced by one that cannot be read (no customer id):
/// a fault, so written by hand rather than from the wire types.
fn with_bad_first_row(reply: &HischatReply) -> String {
    let mut reply = serde_json::to_value(reply).unwrap_or_default();
    if let Some(first) = reply.pointer_mut("/history/0") {
        *first = json!({ "use_name": "no customer id", "last_msg": "" });
    }
    reply.to_string()
}

/// A JSON reply that starts like a page and goes on with blanks for 6 MB, streamed.
fn huge_reply() -> Response {
    let start = Bytes::from_static(br#"{"error":"","status":1,"history":["#);
    let blanks = Bytes::from(vec![b' '; 64 * 1024]);
    let pieces = std::iter::once(start).chain(std::iter::repeat_n(blanks, 96));
    let body = Body::from_stream(futures_util::stream::iter(
        pieces.map(Ok::<_, std::convert::Infallible>),
    ));
    ([(header::CONTENT_TYPE, PHP_CONTENT_TYPE)], body).into_response()
}

fn php_text(body: String) -> Response {
    ([(header::CONTENT_TYPE, PHP_CONTENT_TYPE)], body).into_response()
}

fn php_error(status: StatusCode) -> Response {
    let page = "<!DOCTYPE html><html><head><title>Error</title></head><body>\
                <h1>Server error</h1><br />\n<b>Fatal error</b>: Uncaught mysqli_sql_exception: \
                Too many connections in /var/www/vchat/hischat.php on line 12</body></html>";
    (status, [(header::CONTENT_TYPE, PHP_CONTENT_TYPE)], page).into_response()
}

/// Avatars are served here so the demo needs no outside host; the URL is absolute, as vChat's
/// are. The page's origin comes from the browser's `Origin` header, which survives a proxy such as
/// `trunk serve`'s, where `Host` names this server instead.
fn origin(headers: &HeaderMap) -> String {
    let plain = |value: &&str| {
        value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".:-[]/".contains(c))
    };
    let from_origin = headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
        .filter(plain)
        .map(str::to_owned);
    let from_host = || {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(plain)
            .unwrap_or("127.0.0.1");
        format!("http://{host}")
    };
    from_origin.unwrap_or_else(from_host)
}

async fn avatar(State(demo): State<Arc<Demo>>, Path(file): Path<String>) -> Response {
    let svg = match file.as_str() {
        "guest.svg" => Some(data::GUEST_SVG.to_owned()),
        _ => file
            .strip_suffix(".svg")
            .and_then(|id| id.parse().ok())
            .and_then(|id| data::avatar_svg(id, &demo.customers)),
    };
    match svg {
        Some(svg) => ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn add_fault(State(demo): State<Arc<Demo>>, Json(rule): Json<Rule>) -> StatusCode {
    demo.faults.add(rule);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(demo): State<Arc<Demo>>) -> StatusCode {
    demo.faults.clear();
    StatusCode::NO_CONTENT
}

/// Trunk names assets with a content hash, so they may be cached for good; everything else
/// (`index.html`, `embed.js`) must always be asked for again. Assets may be loaded by host pages
/// on other origins, hence CORS.
async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `name-<16 hex digits>[_bg].(js|wasm|css)`, as Trunk writes them.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hash = stem.rsplit_once('-').map_or("", |(_, hash)| hash);
    matches!(ext, "js" | "wasm" | "css")
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

struct Options {
    host: std::net::IpAddr,
    port: u16,
    dist: PathBuf,
}

impl Options {
    fn from_args() -> Options {
        let mut options = Options {
            host: [127, 0, 0, 1].into(),
            port: 8787,
            dist: PathBuf::from("dist"),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next();
            let ok = match (flag.as_str(), value) {
                ("--port", Some(v)) => v.parse().map(|p| options.port = p).is_ok(),
                ("--host", Some(v)) => v.parse().map(|h| options.host = h).is_ok(),
                ("--dist", Some(v)) => {
                    options.dist = v.into();
                    true
                }
                _ => false,
            };
            if !ok {
                eprintln!("usage: demo-api [--port 8787] [--host 127.0.0.1] [--dist dist]");
                std::process::exit(2);
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::{History, Row};

    /// Every reply the demo can give, for every page of both accounts and past their ends, reads
    /// back, through the app's own wire types, as exactly what it was built from.
    #[test]
    fn every_reply_reads_back_as_the_data_it_was_built_from() {
        let demo = Demo {
            customers: data::generate(),
            faults: Faults::default(),
            now: 1_800_000_000,
        };
        let mut replies = vec![refusal(), HischatReply::refused("Sai ma bao mat: <b>x</b>")];
        for (id, hash) in [
            (ADMIN_ID, ADMIN_HASH),
            (hostile::ADMIN_ID, hostile::ADMIN_HASH),
            (ADMIN_ID, "wrong"),
        ] {
            for page in 1..=17 {
                replies.push(answer(
                    &demo,
                    id as i64,
                    hash,
                    page,
                    "http://127.0.0.1:8787",
                ));
            }
        }
        let mut conversations = 0;
        for reply in &replies {
            let text = serde_json::to_string(reply).expect("written");
            let read: HischatReply = serde_json::from_str(&text).expect("read");
            assert_eq!(&read, reply, "{text}");
            if let History::Rows(rows) = &read.history {
                conversations += rows.iter().filter(|r| matches!(r, Row::Read(_))).count();
            }
        }
        assert_eq!(
            conversations,
            data::CONVERSATIONS + hostile::conversations().len()
        );
    }

    /// The loose form of vChat's documentation: numbers where it has numbers, digit strings where
    /// it has strings.
    #[test]
    fn replies_are_written_in_vchats_loose_form() {
        let demo = Demo {
            customers: data::generate(),
            faults: Faults::default(),
            now: 1_800_000_000,
        };
        let reply = answer(&demo, ADMIN_ID as i64, ADMIN_HASH, 1, "http://x");
        let written = serde_json::to_value(&reply).expect("written");
        let row = &written["history"][0];
        assert!(row["uss_sso_id"].is_u64() && row["online"].is_u64() && row["pro"].is_u64());
        let message = &row["last_msg"][0];
        for key in [
            "cha_id",
            "cha_time",
            "cha_min_id",
            "cha_support_id",
            "cha_ip",
        ] {
            assert!(message[key].is_string(), "{key}");
        }
        assert!(message["cha_owner_id"].is_u64());
        let refused = serde_json::to_value(refusal()).expect("written");
        assert_eq!(refused["history"], "");
        assert_eq!(refused["status"], 0);
    }

    #[test]
    fn only_hashed_assets_are_cached_for_good() {
        assert!(is_hashed_asset("/vchat-history-ad0a0bb3b08be3be_bg.wasm"));
        assert!(is_hashed_asset(
            "/tools/x/vchat-history-ad0a0bb3b08be3be.js"
        ));
        assert!(is_hashed_asset("/main-ad249c1b40dfc2f8.css"));
        for path in [
            "/embed.js",
            "/index.html",
            "/",
            "/main.css",
            "/x-ad249c1b40dfc2fz.css",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }
}
