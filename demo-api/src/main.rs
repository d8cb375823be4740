//! A stand-in for vChat: `POST /hischat.php` for a generated demo account, answered the way
//! vChat's PHP answers, plus the built app (`dist/`) on the same origin, and a demo admin portal
//! (`/portal/`) that embeds it.
//!
//! Usage: `demo-api [--port 8787] [--host 127.0.0.1] [--dist dist]`

mod avatar;
mod data;
mod faults;
mod hostile;
mod leads;
mod php;
mod portal;
mod threads;
mod timed;
// The app's own wire types: one definition of what vChat sends, without building the browser
// app into the server.
use vchat_wire as wire;

use axum::{
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use data::{
    Account, ADMIN_HASH, ADMIN_ID, HUGE_ADMIN_HASH, HUGE_ADMIN_ID, LARGE_ADMIN_HASH, LARGE_ADMIN_ID,
};
use faults::{Endpoint, Fault, Faults, Hit, Rule};
use serde_json::json;
use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, PoisonError, RwLock, RwLockReadGuard},
    time::{Duration, SystemTime, UNIX_EPOCH},
};
use tower_http::{compression::CompressionLayer, services::ServeDir};
use wire::{ChistoryReply, HischatReply, PAGE_SIZE};

struct Demo {
    history: RwLock<History>,
    faults: Faults,
    /// The headers of the last API request (`/__demo/last-request`).
    last_request: std::sync::Mutex<Vec<(String, String)>>,
}

impl Demo {
    fn history(&self) -> RwLockReadGuard<'_, History> {
        self.history.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The accounts' conversations, which the tests' switch moves on (`/__demo/history`).
struct History {
    accounts: Vec<Account>,
    /// The newest message's time; the rest are spaced out before it.
    now: u64,
    /// Seconds the history moved on since the start.
    moved_on: u64,
    /// New messages since the start.
    newcomers: u64,
}

impl History {
    fn new(now: u64) -> History {
        let mut accounts = data::accounts();
        accounts.push(data::Account {
            id: timed::ADMIN_ID,
            hash: timed::ADMIN_HASH,
            customers: timed::customers(now),
        });
        History {
            accounts,
            now,
            moved_on: 0,
            newcomers: 0,
        }
    }
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
        history: RwLock::new(History::new(now)),
        faults: Faults::default(),
        last_request: Default::default(),
    });
    let index = portal::AppIndex::new(options.dist.join("index.html"), options.port);
    let app = Router::new()
        .route("/hischat.php", post(hischat))
        .route("/chistory.php", post(chistory))
        .route("/avatars/{file}", get(avatar))
        .merge(test_switches(&options))
        .with_state(demo)
        .merge(portal::routes())
        .route("/", get(portal::app_index).with_state(index.clone()))
        .route(
            "/index.html",
            get(portal::app_index).with_state(index.clone()),
        )
        .fallback_service(
            ServeDir::new(&options.dist)
                .precompressed_gzip()
                .fallback(get(portal::app_index).with_state(index)),
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
    println!(
        "  large account with leads: admin id {LARGE_ADMIN_ID}, hash {LARGE_ADMIN_HASH} ({} conversations)",
        data::LARGE_CONVERSATIONS
    );
    println!(
        "  huge account: admin id {HUGE_ADMIN_ID}, hash {HUGE_ADMIN_HASH} ({} conversations)",
        data::HUGE_CONVERSATIONS
    );
    println!(
        "  flower shop, answers that take known times: admin id {}, hash {}",
        timed::ADMIN_ID,
        timed::ADMIN_HASH
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
    remember_request(&demo, &headers);
    let form = Form::read(&headers, &body);
    let page = form.int("page").max(1);
    let fault = demo.faults.take(Endpoint::Hischat, page);
    respond(
        fault,
        "/history/0",
        |reason| to_json(&HischatReply::refused(reason)),
        || {
            to_json(&answer(
                &demo.history(),
                form.int("sso_id"),
                &form.text("hash"),
                page,
                &origin(&headers),
            ))
        },
        &form.text("hash"),
    )
    .await
}

async fn chistory(State(demo): State<Arc<Demo>>, headers: HeaderMap, body: Bytes) -> Response {
    remember_request(&demo, &headers);
    let form = Form::read(&headers, &body);
    let page = form.int("page").max(1);
    let fault = demo.faults.take(Endpoint::Chistory, page);
    respond(
        fault,
        "/msg/0",
        |reason| to_json(&ChistoryReply::refused(reason)),
        || {
            let limit = Some(form.int("limit")).filter(|&n| n > 0).unwrap_or(50);
            to_json(&thread(
                &demo.history(),
                (form.int("send_id"), form.int("to_id"), &form.text("hash")),
                usize::try_from(page).unwrap_or(usize::MAX),
                usize::try_from(limit.min(500)).unwrap_or(50),
                form.text("groupmsg").trim() == "0",
            ))
        },
        &form.text("hash"),
    )
    .await
}

/// A request's form fields, as PHP's `$_POST` holds them.
struct Form(std::collections::HashMap<String, Option<String>>);

impl Form {
    fn read(headers: &HeaderMap, body: &[u8]) -> Form {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        Form(php::post_fields(content_type, body))
    }

    fn text(&self, name: &str) -> String {
        self.0.get(name).cloned().flatten().unwrap_or_default()
    }

    /// PHP's `intval`, 0 when absent.
    fn int(&self, name: &str) -> i64 {
        php::intval(&self.text(name))
    }
}

fn to_json(reply: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(reply).unwrap_or_default()
}

/// The reply, or what the fault switched on for this request makes of it: `list` points at the
/// reply's list (for `bad-row`), `refused` writes the endpoint's refusal, and `hash` is what
/// `refuse-echo` quotes.
async fn respond(
    hit: Option<Hit>,
    list: &str,
    refused: impl Fn(String) -> serde_json::Value,
    answer: impl FnOnce() -> serde_json::Value,
    hash: &str,
) -> Response {
    let refusal = || refused("Khong co ma bao mat".to_owned());
    let fault = hit.as_ref().map(|h| (h.fault, h.ms));
    let reply = match fault {
        Some((Fault::Http500, _)) => return php_error(StatusCode::INTERNAL_SERVER_ERROR),
        Some((Fault::Http502, _)) => return php_error(StatusCode::BAD_GATEWAY),
        Some((Fault::Http503, _)) => return php_error(StatusCode::SERVICE_UNAVAILABLE),
        Some((Fault::Html, _)) => return php_error(StatusCode::OK),
        Some((Fault::WrongShape, _)) => {
            return php_text(r#"{"result":"ok","data":{"rows":[]}}"#.into())
        }
        Some((Fault::Huge, _)) => return huge_reply(),
        Some((Fault::Redirect, _)) => {
            let location = hit.map(|h| h.location).unwrap_or_default();
            return (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
        Some((Fault::Refuse, _)) => refusal(),
        Some((Fault::Hang, _)) => {
            tokio::time::sleep(Duration::from_secs(600)).await;
            refusal()
        }
        Some((Fault::RefuseEcho, _)) => refused(format!("Sai ma bao mat: {hash}")),
        Some((Fault::Delay, ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            answer()
        }
        Some((Fault::BadRow, _)) => {
            // A fault, so written by hand rather than from the wire types.
            let mut reply = answer();
            if let Some(first) = reply.pointer_mut(list) {
                *first = json!({ "use_name": "unreadable", "last_msg": "", "cha_time": "x" });
            }
            reply
        }
        Some((Fault::Truncated, _)) | None => answer(),
    };
    let text = reply.to_string();
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
fn answer(history: &History, sso_id: i64, hash: &str, page: i64, origin: &str) -> HischatReply {
    let account = |id: u64, key: &str| sso_id == id as i64 && hash == key;
    if let Some(found) = history.accounts.iter().find(|a| account(a.id, a.hash)) {
        let rows = paged(&found.customers, page)
            .iter()
            .map(|c| data::conversation(c, origin, history.now));
        HischatReply::page(rows.collect())
    } else if account(hostile::ADMIN_ID, hostile::ADMIN_HASH) {
        HischatReply::page(paged(&hostile::conversations(), page).to_vec())
    } else {
        refusal()
    }
}

/// The messages of conversation `to_id` of account `send_id` that `hash` opens, or vChat's
/// refusal of a hash that does not.
fn thread(
    history: &History,
    (send_id, to_id, hash): (i64, i64, &str),
    page: usize,
    limit: usize,
    html: bool,
) -> ChistoryReply {
    let messages = if let Some(account) = history.accounts.iter().find(|a| a.id as i64 == send_id) {
        account
            .customers
            .iter()
            .find(|c| c.id as i64 == to_id && c.hash == hash)
            .map(|c| threads::messages(c, history.now))
    } else if send_id == hostile::ADMIN_ID as i64 {
        hostile::conversations()
            .iter()
            .find(|c| c.customer_id as i64 == to_id && c.hash == hash)
            .map(threads::hostile_messages)
    } else {
        None
    };
    match messages {
        Some(messages) => ChistoryReply::page(
            threads::page(&messages, page, limit, html),
            threads::AGENT_ID,
        ),
        None => ChistoryReply::refused("Hash failed"),
    }
}

/// Page `page` (from 1) of `rows`.
fn paged<T>(rows: &[T], page: i64) -> &[T] {
    let start = usize::try_from(page - 1)
        .unwrap_or(usize::MAX)
        .saturating_mul(PAGE_SIZE);
    let rest = rows.get(start..).unwrap_or_default();
    rest.get(..PAGE_SIZE).unwrap_or(rest)
}

fn refusal() -> HischatReply {
    HischatReply::refused("Khong co ma bao mat")
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
    (
        [
            (header::CONTENT_TYPE, PHP_CONTENT_TYPE),
            // As a PHP script with a session answers; a proxy in front must not pass it on.
            (header::SET_COOKIE, "PHPSESSID=demo5e5510n; path=/"),
        ],
        body,
    )
        .into_response()
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
    let image = match file.as_str() {
        "guest.gif" => Some(avatar::guest()),
        _ => file
            .strip_suffix(".gif")
            .and_then(|id| id.parse::<u64>().ok())
            .filter(|id| {
                demo.history()
                    .accounts
                    .iter()
                    .any(|a| a.customers.iter().any(|c| c.id == *id && !c.guest))
            })
            .map(avatar::member),
    };
    match image {
        Some(image) => ([(header::CONTENT_TYPE, "image/gif")], image).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The tests' switches, only when started with `--test-switches`: anyone who can reach them can
/// make the demo misbehave.
fn test_switches(options: &Options) -> Router<Arc<Demo>> {
    if !options.test_switches {
        return Router::new();
    }
    Router::new()
        .route("/__demo/faults", post(add_fault).delete(clear_faults))
        .route("/__demo/last-request", get(last_request))
        .route("/__demo/history", post(move_on).delete(start_over))
}

/// What `/__demo/history` changes in the account `admin`'s history: `add` new customers write,
/// then the customers at `wrote_again` (positions in the list now, from 0) write again.
#[derive(serde::Deserialize)]
struct MoveOn {
    admin: u64,
    #[serde(default)]
    add: usize,
    #[serde(default)]
    wrote_again: Vec<usize>,
}

/// The history as it was at the start.
async fn start_over(State(demo): State<Arc<Demo>>) -> StatusCode {
    let mut history = demo.history.write().unwrap_or_else(PoisonError::into_inner);
    let start = history.now - history.moved_on;
    *history = History::new(start);
    StatusCode::NO_CONTENT
}

/// The history moves on, as between two visits: a minute for each new message, each going to
/// the top of the list; every other message keeps its time.
async fn move_on(State(demo): State<Arc<Demo>>, Json(change): Json<MoveOn>) -> StatusCode {
    let mut history = demo.history.write().unwrap_or_else(PoisonError::into_inner);
    let History {
        accounts,
        now,
        moved_on,
        newcomers,
    } = &mut *history;
    if !accounts.iter().any(|a| a.id == change.admin) {
        return StatusCode::NOT_FOUND;
    }
    let step = 60 * (change.add + change.wrote_again.len()) as u64;
    *now += step;
    *moved_on += step;
    for customer in accounts.iter_mut().flat_map(|a| &mut a.customers) {
        customer.age += step;
    }
    let Some(account) = accounts.iter_mut().find(|a| a.id == change.admin) else {
        return StatusCode::NOT_FOUND;
    };
    let mut at_top = Vec::new();
    for _ in 0..change.add {
        *newcomers += 1;
        at_top.extend(data::newcomer(account.id, *newcomers));
    }
    let mut positions = change.wrote_again;
    positions.sort_unstable();
    positions.dedup();
    for &at in positions.iter().rev() {
        if at < account.customers.len() {
            let mut customer = account.customers.remove(at);
            *newcomers += 1;
            data::write_again(&mut customer, *newcomers);
            at_top.push(customer);
        }
    }
    // The latest message first, a minute apart.
    for (k, customer) in at_top.iter_mut().rev().enumerate() {
        customer.age = 40 + 60 * k as u64;
    }
    at_top.reverse();
    account.customers.splice(0..0, at_top);
    StatusCode::NO_CONTENT
}

/// The headers of the last API request, as `{"name": "value"}`: what a proxy let through.
async fn last_request(State(demo): State<Arc<Demo>>) -> Json<serde_json::Value> {
    let headers = demo
        .last_request
        .lock()
        .map(|h| h.clone())
        .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
    Json(serde_json::Value::Object(
        headers
            .into_iter()
            .map(|(name, value)| (name, serde_json::Value::String(value)))
            .collect(),
    ))
}

fn remember_request(demo: &Demo, headers: &HeaderMap) {
    let seen = headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    match demo.last_request.lock() {
        Ok(mut last) => *last = seen,
        Err(poisoned) => *poisoned.into_inner() = seen,
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
/// (`index.html`, `embed.js`) must always be asked for again. The scripts, styles and wasm may be
/// loaded by host pages on other origins, hence CORS for them, and for nothing else (not the API).
async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let hashed = is_hashed_asset(&path);
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    if hashed || path.ends_with("/embed.js") {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
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
    /// `/__demo/…`: the fault switches and what the last API request carried, for the tests.
    test_switches: bool,
}

impl Options {
    fn from_args() -> Options {
        let mut options = Options {
            host: [127, 0, 0, 1].into(),
            port: 8787,
            dist: PathBuf::from("dist"),
            test_switches: false,
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            if flag == "--test-switches" {
                options.test_switches = true;
                continue;
            }
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
                eprintln!(
                    "usage: demo-api [--port 8787] [--host 127.0.0.1] [--dist dist] [--test-switches]"
                );
                std::process::exit(2);
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::{Conversation, Item, List};

    fn history() -> History {
        History::new(1_800_000_000)
    }

    #[tokio::test]
    async fn the_history_moves_on_new_and_returning_customers_first_the_rest_unchanged() {
        let demo = Arc::new(Demo {
            history: RwLock::new(history()),
            faults: Faults::default(),
            last_request: Default::default(),
        });
        let page = |number| -> Vec<Conversation> {
            let reply = answer(&demo.history(), ADMIN_ID as i64, ADMIN_HASH, number, "x");
            match reply.history {
                List::Items(rows) => rows
                    .into_iter()
                    .filter_map(|row| match row {
                        Item::Read(c) => Some(c),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let before: Vec<Conversation> = (1..=15).flat_map(page).collect();
        let change = MoveOn {
            admin: ADMIN_ID,
            add: 2,
            wrote_again: vec![100, 5],
        };
        assert_eq!(
            move_on(State(demo.clone()), Json(change)).await,
            StatusCode::NO_CONTENT
        );
        let after: Vec<Conversation> = (1..=15).flat_map(page).collect();
        assert_eq!(after.len(), before.len() + 2);
        let ids: Vec<u64> = after.iter().take(4).map(|c| c.customer_id).collect();
        // The last to write first: customer 5 (of the list before), 100, then the two new ones.
        assert_eq!(
            ids,
            [
                before[5].customer_id,
                before[100].customer_id,
                900_000_002,
                900_000_001
            ]
        );
        let time = |c: &Conversation| c.last_message.as_ref().and_then(|m| m.time);
        assert!(
            after.windows(2).all(|w| time(&w[0]) > time(&w[1])),
            "newest first"
        );
        let unchanged = |c: &&Conversation| c.customer_id != ids[0] && c.customer_id != ids[1];
        assert_eq!(
            after.iter().skip(4).collect::<Vec<_>>(),
            before.iter().filter(unchanged).collect::<Vec<_>>()
        );
        assert_eq!(
            start_over(State(demo.clone())).await,
            StatusCode::NO_CONTENT
        );
        assert_eq!((1..=15).flat_map(page).collect::<Vec<_>>(), before);
    }

    #[tokio::test]
    async fn the_test_switches_exist_only_when_asked_for() {
        use tower::ServiceExt;
        for (asked, status) in [
            (false, StatusCode::NOT_FOUND),
            (true, StatusCode::NO_CONTENT),
        ] {
            let options = Options {
                host: [127, 0, 0, 1].into(),
                port: 0,
                dist: PathBuf::new(),
                test_switches: asked,
            };
            let demo = Arc::new(Demo {
                history: RwLock::new(history()),
                faults: Faults::default(),
                last_request: Default::default(),
            });
            let request = axum::http::Request::delete("/__demo/faults")
                .body(Body::empty())
                .expect("a request");
            let response = test_switches(&options)
                .with_state(demo)
                .oneshot(request)
                .await
                .expect("a response");
            assert_eq!(response.status(), status);
        }
    }

    /// Every reply the demo can give, for every page of both accounts and past their ends, reads
    /// back, through the app's own wire types, as exactly what it was built from.
    #[test]
    fn every_reply_reads_back_as_the_data_it_was_built_from() {
        let demo = history();
        let mut replies = vec![refusal(), HischatReply::refused("Sai ma bao mat: <b>x</b>")];
        for (id, hash) in [
            (ADMIN_ID, ADMIN_HASH),
            (LARGE_ADMIN_ID, LARGE_ADMIN_HASH),
            (hostile::ADMIN_ID, hostile::ADMIN_HASH),
            (ADMIN_ID, "wrong"),
        ] {
            for page in 1..=101 {
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
            if let List::Items(rows) = &read.history {
                conversations += rows.iter().filter(|r| matches!(r, Item::Read(_))).count();
            }
        }
        assert_eq!(
            conversations,
            data::CONVERSATIONS + data::LARGE_CONVERSATIONS + hostile::conversations().len()
        );
    }

    /// The same for `/chistory.php`: every page of every demo thread, in both text modes, and
    /// the refusal of a wrong conversation hash.
    #[test]
    fn every_thread_page_reads_back_as_the_data_it_was_built_from() {
        let mut demo = history();
        // The huge account's threads are made as the others' are: reading 30,000 of them adds
        // nothing but minutes.
        demo.accounts.retain(|a| a.id != HUGE_ADMIN_ID);
        let mut accounts: Vec<(i64, Vec<(i64, String)>)> = demo
            .accounts
            .iter()
            .map(|a| {
                let keys = a.customers.iter().map(|c| (c.id as i64, c.hash.clone()));
                (a.id as i64, keys.collect())
            })
            .collect();
        accounts.extend([
            (
                hostile::ADMIN_ID as i64,
                hostile::conversations()
                    .into_iter()
                    .map(|c| (c.customer_id as i64, c.hash))
                    .collect(),
            ),
            (
                ADMIN_ID as i64,
                vec![(demo.accounts[0].customers[0].id as i64, "wrong".into())],
            ),
        ]);
        let mut messages = 0;
        for (admin, conversations) in &accounts {
            for (customer, hash) in conversations {
                for html in [false, true] {
                    for page in 1.. {
                        let reply = thread(&demo, (*admin, *customer, hash), page, 50, html);
                        let text = serde_json::to_string(&reply).expect("written");
                        let read: ChistoryReply = serde_json::from_str(&text).expect("read");
                        assert_eq!(read, reply, "{text}");
                        let count = match &read.msg {
                            List::Items(items) => items.len(),
                            _ => 0,
                        };
                        messages += count;
                        if count < 50 {
                            break;
                        }
                    }
                }
            }
        }
        let expected: usize = demo
            .accounts
            .iter()
            .flat_map(|a| &a.customers)
            .map(|c| threads::messages(c, demo.now).len())
            .sum::<usize>()
            + hostile::conversations()
                .iter()
                .map(|c| threads::hostile_messages(c).len())
                .sum::<usize>();
        assert_eq!(messages, 2 * expected);
        let refused = serde_json::to_value(ChistoryReply::refused("Hash failed")).expect("written");
        assert_eq!(
            refused,
            json!({ "error": "Hash failed", "support_online": 0, "support_id": 0, "msg": "", "status": 0 })
        );
    }

    /// The loose form of vChat's documentation: numbers where it has numbers, digit strings where
    /// it has strings.
    #[test]
    fn replies_are_written_in_vchats_loose_form() {
        let demo = history();
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
