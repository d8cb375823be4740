//! The history kept in the browser's IndexedDB, through `indexed_db_futures`: one database for
//! the admin, `vchat-history.<admin id>`, and only one (opening it deletes any other admin's):
//! a `conversations` store keyed by customer id (each value the text of [`super::encode`]) and
//! a `state` store with the loading's [`State`] under one key, and a `timelines` store keyed by
//! customer id (each value the text of [`response::encode`]: who wrote when, never the texts).
//!
//! Each call opens the database and closes it when done, so no tab holds a connection that
//! would hold up another tab's erasing it.
//!
//! The tabs take turns at asking vChat with the Web Lock `vchat-history` (`navigator.locks`,
//! which web-sys has only behind an unstable flag, so it is reached by name), and tell each
//! other the pages they got on the `BroadcastChannel` `vchat-history`.

use super::{decode, decode_note, encode, encode_note, Kept, State, Store, StoreError};
use crate::{
    api::{Conversation, Page},
    search::{
        index::Seen,
        response::{self, Timeline},
    },
};
use indexed_db_futures::{database::Database, prelude::*, transaction::TransactionMode};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, BroadcastChannel, MessageEvent};

/// The Web Lock and the channel, and the start of every database's name.
const NAME: &str = "vchat-history";
const CONVERSATIONS: &str = "conversations";
const STATE: &str = "state";
/// Who wrote when in each conversation read for the response times (`search/response.rs`).
const TIMELINES: &str = "timelines";
const STATE_KEY: &str = "state";

/// The history of the admin `admin` in IndexedDB, and this tab's line to the others.
#[derive(Clone, Debug)]
pub struct IdbStore {
    admin: u64,
    /// Announcing on the channel the tab listens on: a channel never hears itself.
    channel: Option<BroadcastChannel>,
}

impl IdbStore {
    pub fn new(admin: u64) -> IdbStore {
        IdbStore {
            admin,
            channel: BroadcastChannel::new(NAME).ok(),
        }
    }
}

/// This tab's turn at asking vChat: the Web Lock, held until dropped. A turn still waited for
/// when dropped is withdrawn.
pub struct Turn {
    release: Option<Function>,
    withdraw: Option<AbortController>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(withdraw) = &self.withdraw {
            withdraw.abort();
        }
        if let Some(release) = &self.release {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Hearing the other tabs, until dropped.
pub struct Listening {
    channel: Option<BroadcastChannel>,
    _heard: Option<Closure<dyn FnMut(MessageEvent)>>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        if let Some(channel) = &self.channel {
            channel.set_onmessage(None);
        }
    }
}

/// A promise and the function that resolves it.
fn promise() -> (Promise, Option<Function>) {
    let mut resolve = None;
    let promise = Promise::new(&mut |done, _| resolve = Some(done));
    (promise, resolve)
}

/// Asks for the lock `name`; resolves once it is held. Browsers without Web Locks: at once.
async fn lock(name: &str) -> Turn {
    let (held, release) = promise();
    let mut turn = Turn {
        release,
        withdraw: None,
    };
    let locks = web_sys::window()
        .and_then(|window| Reflect::get(&window.navigator(), &"locks".into()).ok())
        .filter(JsValue::is_object);
    let request = locks.as_ref().and_then(|locks| {
        Reflect::get(locks, &"request".into())
            .ok()?
            .dyn_into::<Function>()
            .ok()
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        return turn;
    };
    let withdraw = AbortController::new().ok();
    let options = Object::new();
    if let Some(withdraw) = &withdraw {
        let _ = Reflect::set(&options, &"signal".into(), &withdraw.signal());
    }
    let (granted, grant) = promise();
    let callback = Closure::once_into_js(move |_lock: JsValue| {
        if let Some(grant) = &grant {
            let _ = grant.call0(&JsValue::NULL);
        }
        held
    });
    let Ok(asked) = request.call3(&locks, &name.into(), &options, &callback) else {
        return turn;
    };
    // A withdrawn request rejects: that is expected, not an error to report.
    if let Ok(asked) = asked.dyn_into::<Promise>() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(asked).await;
        });
    }
    turn.withdraw = withdraw;
    let _ = JsFuture::from(granted).await;
    turn
}

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(_: indexed_db_futures::error::Error) -> StoreError {
        StoreError
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(_: indexed_db_futures::error::OpenDbError) -> StoreError {
        StoreError
    }
}

fn database(admin: u64) -> String {
    format!("{NAME}.{admin}")
}

async fn open(admin: u64) -> Result<Database, StoreError> {
    let db = Database::open(database(admin))
        .with_version(2u8)
        .with_on_upgrade_needed(|event, db| {
            if event.old_version() < 1.0 {
                db.create_object_store(CONVERSATIONS).build()?;
                db.create_object_store(STATE).build()?;
            }
            if event.old_version() < 2.0 {
                db.create_object_store(TIMELINES).build()?;
            }
            Ok(())
        })
        .await?;
    Ok(db)
}

impl Store for IdbStore {
    type Turn = Turn;
    type Listening = Listening;

    async fn turn(&self) -> Turn {
        lock(NAME).await
    }

    fn announce(&self, number: u32, page: &Page) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&encode_note(self.admin, number, page).into());
        }
    }

    fn listen(&self, heard: impl Fn(u32, Page) + 'static) -> Listening {
        let admin = self.admin;
        let heard = self.channel.as_ref().map(|channel| {
            let heard = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let note = event.data().as_string();
                if let Some((number, page)) = note.and_then(|note| decode_note(&note, admin)) {
                    heard(number, page);
                }
            });
            channel.set_onmessage(Some(heard.as_ref().unchecked_ref()));
            heard
        });
        Listening {
            channel: self.channel.clone(),
            _heard: heard,
        }
    }

    async fn load(&self) -> Result<Option<Kept>, StoreError> {
        erase_all_but(Some(self.admin)).await;
        let db = open(self.admin).await?;
        let kept = read(&db, self.admin).await;
        db.close();
        kept
    }

    async fn save(
        &self,
        records: Vec<(Conversation, Seen)>,
        state: State,
    ) -> Result<(), StoreError> {
        let db = open(self.admin).await?;
        let saved = write(&db, &records, state).await;
        db.close();
        saved
    }

    async fn load_timelines(&self) -> Result<Vec<(u64, Timeline)>, StoreError> {
        let db = open(self.admin).await?;
        let read = async {
            let tx = db.transaction(TIMELINES).build()?;
            let texts = tx
                .object_store(TIMELINES)?
                .get_all::<String>()
                .primitive()?
                .await?;
            let read = texts
                .filter_map(|text| response::decode(&text.ok()?))
                .collect();
            Ok::<_, StoreError>(read)
        }
        .await;
        db.close();
        read
    }

    async fn save_timelines(&self, timelines: Vec<(u64, Timeline)>) -> Result<(), StoreError> {
        let db = open(self.admin).await?;
        let saved = async {
            let tx = db
                .transaction(TIMELINES)
                .with_mode(TransactionMode::Readwrite)
                .build()?;
            let store = tx.object_store(TIMELINES)?;
            for (id, timeline) in &timelines {
                store
                    .put(response::encode(*id, timeline))
                    .with_key(*id as f64)
                    .primitive()?;
            }
            tx.commit().await?;
            Ok::<_, StoreError>(())
        }
        .await;
        db.close();
        saved
    }
}

async fn read(db: &Database, admin: u64) -> Result<Option<Kept>, StoreError> {
    let tx = db
        .transaction([CONVERSATIONS, STATE])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let state: Option<String> = tx.object_store(STATE)?.get(STATE_KEY).primitive()?.await?;
    let state = state.and_then(|text| serde_json::from_str::<State>(&text).ok());
    let conversations = tx.object_store(CONVERSATIONS)?;
    let Some(state) = state.filter(|state| state.admin == admin) else {
        // Another admin's history, or one whose state cannot be read: not this admin's to see.
        conversations.clear()?;
        tx.object_store(STATE)?.clear()?;
        tx.commit().await?;
        return Ok(None);
    };
    let texts = conversations.get_all::<String>().primitive()?.await?;
    let records = texts
        .filter_map(|text| decode(&text.ok()?))
        .collect::<Vec<_>>();
    tx.commit().await?;
    Ok(Some(Kept { records, state }))
}

async fn write(
    db: &Database,
    records: &[(Conversation, Seen)],
    state: State,
) -> Result<(), StoreError> {
    let tx = db
        .transaction([CONVERSATIONS, STATE])
        .with_mode(TransactionMode::Readwrite)
        .build()?;
    let conversations = tx.object_store(CONVERSATIONS)?;
    for (conversation, seen) in records {
        conversations
            .put(encode(conversation, *seen))
            .with_key(conversation.customer_id as f64)
            .primitive()?;
    }
    let state = serde_json::to_string(&state).map_err(|_| StoreError)?;
    tx.object_store(STATE)?
        .put(state)
        .with_key(STATE_KEY)
        .primitive()?;
    tx.commit().await?;
    Ok(())
}

/// Erases the kept history, whoever's it is. Best effort: a browser that refuses storage has
/// none to erase.
pub async fn erase() {
    erase_all_but(None).await;
}

/// The names of the databases that hold a history (`indexedDB.databases()`, reached by name:
/// web-sys has it only behind an unstable flag). None where the browser cannot list them.
async fn kept_histories() -> Vec<String> {
    let listing = web_sys::window()
        .and_then(|window| Reflect::get(&window, &"indexedDB".into()).ok())
        .filter(JsValue::is_object)
        .and_then(|factory| {
            let databases = Reflect::get(&factory, &"databases".into()).ok()?;
            let databases = databases.dyn_into::<Function>().ok()?;
            databases.call0(&factory).ok()?.dyn_into::<Promise>().ok()
        });
    let Some(listing) = listing else {
        return Vec::new();
    };
    let listed = JsFuture::from(listing).await.unwrap_or_default();
    js_sys::Array::from(&listed)
        .iter()
        .filter_map(|details| Reflect::get(&details, &"name".into()).ok()?.as_string())
        .filter(|name| name.starts_with(NAME))
        .collect()
}

/// Deletes the databases of every admin's history but `keep`'s.
async fn erase_all_but(keep: Option<u64>) {
    let kept = keep.map(database);
    for name in kept_histories().await {
        if Some(&name) != kept.as_ref() {
            if let Ok(request) = Database::delete_by_name(&name) {
                let _ = request.await;
            }
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::api::Message;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn record(id: u64, text: &str) -> (Conversation, Seen) {
        let conversation = Conversation {
            customer_id: id,
            name: format!("Khách {id}"),
            last_message: Some(Message {
                id,
                text: text.into(),
                time: Some(1_436_149_648),
                ..Message::default()
            }),
            ..Conversation::default()
        };
        (conversation, Seen { page: 1, at: 7 })
    }

    fn state(admin: u64, through: u32) -> State {
        State {
            admin,
            through,
            complete: false,
            synced: 9,
        }
    }

    #[wasm_bindgen_test]
    async fn the_history_is_kept_for_its_admin_only_and_erased() {
        erase().await;
        let admin = IdbStore::new(218);
        assert_eq!(admin.load().await, Ok(None));
        admin
            .save(vec![record(1, "chào"), record(2, "giá?")], state(218, 1))
            .await
            .expect("saved");
        // A customer who wrote again is one record, replaced.
        admin
            .save(vec![record(2, "còn hàng không?")], state(218, 2))
            .await
            .expect("saved");
        let kept = admin.load().await.expect("read").expect("kept");
        assert_eq!(kept.state, state(218, 2));
        let mut records = kept.records;
        records.sort_by_key(|(c, _)| c.customer_id);
        assert_eq!(records, [record(1, "chào"), record(2, "còn hàng không?")]);

        // Another admin sees nothing of it, and it is gone for the first one too.
        assert_eq!(IdbStore::new(219).load().await, Ok(None));
        assert_eq!(admin.load().await, Ok(None));

        admin
            .save(vec![record(3, "ok")], state(218, 1))
            .await
            .expect("saved");
        erase().await;
        assert_eq!(admin.load().await, Ok(None));
    }
}
