//! What the hooks' host tests run on: a reactive owner and an executor that runs until nothing
//! is left to do ([`Harness`]), a clock the test moves on ([`Clock`]), a fake vChat
//! ([`FakeApi`]) that answers after a set time and writes down every request, and a fake of the
//! store kept between visits ([`FakeStore`]).

use crate::api::{Api, ApiError, Cancel, Conversation, Credentials, Message, Messages, Page};
use crate::api::{ThreadKey, MESSAGES_PER_PAGE, PAGE_SIZE};
use crate::hooks::Account;
use crate::search::{index::Seen, response::Timeline};
use crate::store::{Kept, State, Store, StoreError};
use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use futures::{
    executor::{LocalPool, LocalSpawner},
    task::LocalSpawnExt,
};
use leptos::prelude::*;
use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
    future::Future,
    pin::Pin,
    rc::Rc,
    sync::Arc,
    task::{Context, Poll, Waker},
    time::Duration,
};

thread_local! {
    static POOL: RefCell<LocalPool> = RefCell::new(LocalPool::new());
    static SPAWNER: LocalSpawner = POOL.with(|pool| pool.borrow().spawner());
}

/// Every task of the test's thread goes to its pool, which [`Harness::run`] runs.
struct ThreadPool;

impl CustomExecutor for ThreadPool {
    fn spawn(&self, future: PinnedFuture<()>) {
        SPAWNER.with(|spawner| spawner.spawn_local(future).ok());
    }

    fn spawn_local(&self, future: PinnedLocalFuture<()>) {
        SPAWNER.with(|spawner| spawner.spawn_local(future).ok());
    }

    fn poll_local(&self) {}
}

/// The reactive owner of a test, on an executor of its own thread.
pub struct Harness {
    owner: Owner,
}

impl Harness {
    pub fn new() -> Harness {
        // The executor functions are set once for the process, and they find this thread's pool;
        // each thread sets its own, so only the first call succeeds.
        let _ = Executor::init_local_custom_executor(ThreadPool);
        // A root of its own: each harness of a test (each tab) ends alone.
        let owner = Owner::new_root(None);
        owner.set();
        Harness { owner }
    }

    /// Runs every task, effects included, until none can go on.
    pub fn run(&self) {
        POOL.with(|pool| pool.borrow_mut().run_until_stalled());
    }

    /// Ends everything made in the test (as leaving the screen or signing out does).
    pub fn end(&self) {
        self.owner.cleanup();
        self.run();
    }
}

/// A clock that moves only when the test says.
#[derive(Clone, Default)]
pub struct Clock(Rc<ClockState>);

#[derive(Default)]
struct ClockState {
    now: Cell<f64>,
    sleepers: RefCell<Vec<(f64, Waker)>>,
}

impl Clock {
    pub fn now(&self) -> f64 {
        self.0.now.get()
    }

    /// Waits `duration`; for no time, until the next task ([`Clock::next_task`], or any
    /// advance), as a browser's does.
    pub fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        Sleep {
            clock: self.clone(),
            until: self.now() + duration.as_secs_f64() * 1000.0,
            task_later: duration.is_zero(),
        }
    }

    /// Runs one more task of the browser's: what is under way first, then those waiting for
    /// no time, and what they start.
    pub fn next_task(&self, harness: &Harness) {
        harness.run();
        self.wake_until(self.now());
        harness.run();
    }

    /// Wakes every sleeper due at `at` or before.
    fn wake_until(&self, at: f64) {
        let due: Vec<Waker> = {
            let mut sleepers = self.0.sleepers.borrow_mut();
            let (due, rest) = sleepers.drain(..).partition(|(when, _)| *when <= at);
            *sleepers = rest;
            due.into_iter().map(|(_, waker)| waker).collect()
        };
        due.into_iter().for_each(Waker::wake);
    }

    /// Moves `ms` milliseconds on, waking each sleeper at its time and running what it starts.
    pub fn advance(&self, harness: &Harness, ms: u64) {
        let target = self.now() + ms as f64;
        harness.run();
        loop {
            let next = self
                .0
                .sleepers
                .borrow()
                .iter()
                .map(|(at, _)| *at)
                .filter(|at| *at <= target)
                .min_by(f64::total_cmp);
            let Some(next) = next else { break };
            self.0.now.set(next.max(self.now()));
            self.wake_until(next);
            harness.run();
        }
        self.0.now.set(target);
        harness.run();
    }
}

struct Sleep {
    clock: Clock,
    until: f64,
    /// Not ready before the next task, even for no time; cleared once waiting.
    task_later: bool,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.clock.now() >= self.until && !std::mem::take(&mut self.task_later) {
            return Poll::Ready(());
        }
        let waker = cx.waker().clone();
        self.clock.0.sleepers.borrow_mut().push((self.until, waker));
        Poll::Pending
    }
}

/// A request the fake received.
#[derive(Clone, Debug)]
pub struct Sent {
    /// `/hischat.php` page, or `/chistory.php` page with the customer.
    pub page: u32,
    pub customer: Option<u64>,
    pub at: f64,
    pub cancel: Cancel,
}

/// vChat with a history of `conversations` conversations (customer ids 1, 2, … newest first),
/// each with `messages` messages, answering every request after `latency_ms`.
#[derive(Clone)]
pub struct FakeApi(Rc<FakeState>);

pub struct FakeState {
    pub clock: Clock,
    pub conversations: Cell<usize>,
    pub messages: Cell<usize>,
    pub latency_ms: Cell<u64>,
    pub interval_ms: Cell<u64>,
    /// How often page 1 is asked again (`Api::refresh_every`); never by default.
    pub refresh: Cell<Option<Duration>>,
    /// Requests not answered yet.
    pub in_flight: Cell<usize>,
    /// Pages (of the history, or of any conversation) that fail with this error, every time.
    pub failing: RefCell<HashMap<u32, ApiError>>,
    pub sent: RefCell<Vec<Sent>>,
    /// Added to every page of the history: the history moved on between two requests.
    pub edition: Cell<u64>,
    /// New customers (ids 1,000,001, …) who wrote since: listed first, the newest on top.
    pub arrived: Cell<usize>,
}

impl FakeApi {
    pub fn new(clock: &Clock, conversations: usize) -> FakeApi {
        FakeApi(Rc::new(FakeState {
            clock: clock.clone(),
            conversations: Cell::new(conversations),
            messages: Cell::new(0),
            latency_ms: Cell::new(100),
            interval_ms: Cell::new(400),
            refresh: Cell::new(None),
            in_flight: Cell::new(0),
            failing: RefCell::default(),
            sent: RefCell::default(),
            edition: Cell::new(0),
            arrived: Cell::new(0),
        }))
    }

    pub fn state(&self) -> &FakeState {
        &self.0
    }

    /// The history pages asked for, in order.
    pub fn pages_sent(&self) -> Vec<u32> {
        self.sent(|s| s.customer.is_none())
    }

    /// The message pages asked for, in order.
    pub fn message_pages_sent(&self) -> Vec<u32> {
        self.sent(|s| s.customer.is_some())
    }

    fn sent(&self, which: impl Fn(&Sent) -> bool) -> Vec<u32> {
        let sent = self.0.sent.borrow();
        sent.iter().filter(|s| which(s)).map(|s| s.page).collect()
    }

    /// The requests not called off.
    pub fn answered(&self) -> usize {
        let sent = self.0.sent.borrow();
        sent.iter().filter(|s| !s.cancel.is_cancelled()).count()
    }

    /// Page `number` as vChat would send it now.
    pub fn history_page(&self, number: u32) -> Page {
        let arrived = self.0.arrived.get();
        let total = self.0.conversations.get() + arrived;
        let first = (number as usize - 1) * PAGE_SIZE;
        let edition = self.0.edition.get();
        Page {
            conversations: (first..total.min(first + PAGE_SIZE))
                .map(|at| {
                    let id = match at.checked_sub(arrived) {
                        Some(old) => old as u64 + 1,
                        None => 1_000_000 + (arrived - at) as u64,
                    };
                    Conversation {
                        customer_id: id,
                        name: format!("Khách {id}"),
                        hash: format!("h{id}"),
                        last_message: Some(Message {
                            id: id + edition,
                            ..Message::default()
                        }),
                        ..Conversation::default()
                    }
                })
                .collect(),
            skipped: 0,
        }
    }

    async fn answer<T>(
        &self,
        page: u32,
        customer: Option<u64>,
        cancel: &Cancel,
        reply: impl FnOnce() -> T,
    ) -> Result<T, ApiError> {
        let state = &self.0;
        state.sent.borrow_mut().push(Sent {
            page,
            customer,
            at: state.clock.now(),
            cancel: cancel.clone(),
        });
        state.in_flight.set(state.in_flight.get() + 1);
        state
            .clock
            .sleep(Duration::from_millis(state.latency_ms.get()))
            .await;
        state.in_flight.set(state.in_flight.get() - 1);
        if cancel.is_cancelled() {
            return Err(ApiError::Cancelled);
        }
        match state.failing.borrow().get(&page) {
            Some(error) => Err(error.clone()),
            None => Ok(reply()),
        }
    }
}

impl Api for FakeApi {
    async fn page(&self, _: &Credentials, page: u32, cancel: &Cancel) -> Result<Page, ApiError> {
        self.answer(page, None, cancel, || self.history_page(page))
            .await
    }

    async fn messages(
        &self,
        _: u64,
        key: &ThreadKey,
        page: u32,
        cancel: &Cancel,
    ) -> Result<Messages, ApiError> {
        let customer = key.customer_id;
        self.answer(page, Some(customer), cancel, || {
            // Message ids count from the oldest (1); page 1 is the newest.
            let total = self.0.messages.get() as u64;
            let per_page = u64::from(MESSAGES_PER_PAGE);
            let newest = total.saturating_sub(u64::from(page - 1) * per_page);
            let oldest = newest.saturating_sub(per_page);
            Messages {
                messages: (oldest + 1..=newest)
                    .map(|id| Message {
                        id,
                        writer_id: customer,
                        ..Message::default()
                    })
                    .collect(),
                skipped: 0,
                support_id: 0,
            }
        })
        .await
    }

    fn load_interval(&self) -> Duration {
        Duration::from_millis(self.0.interval_ms.get())
    }

    fn refresh_every(&self) -> Option<Duration> {
        self.0.refresh.get()
    }

    fn busy(&self) -> bool {
        self.0.in_flight.get() > 0
    }

    fn now(&self) -> f64 {
        self.0.clock.now()
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        self.0.clock.sleep(duration)
    }
}

/// The store kept between visits, in memory: what it keeps outlives the hooks that use it, as
/// IndexedDB outlives a page. Each [`FakeStore::tab`] of one store is a tab of one browser.
#[derive(Clone, Default)]
pub struct FakeStore {
    shared: Rc<FakeStoreState>,
    tab: usize,
}

type Heard = Rc<dyn Fn(u32, Page)>;

#[derive(Default)]
pub struct FakeStoreState {
    pub kept: RefCell<Option<Kept>>,
    pub timelines: RefCell<HashMap<u64, Timeline>>,
    /// The browser refuses storage.
    pub refuse: Cell<bool>,
    /// Reading what was kept waits until [`FakeStore::open`] (a slow disk, a busy browser); the
    /// readers waiting.
    pub held: Cell<bool>,
    opening: RefCell<Vec<Waker>>,
    pub saves: Cell<usize>,
    tabs: Cell<usize>,
    /// A tab's turn at asking vChat is taken; the tabs waiting for it.
    taken: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
    listeners: RefCell<Vec<(usize, Heard)>>,
}

/// A tab's turn with the fake: the next waiting tab's once dropped.
pub struct FakeTurn(Rc<FakeStoreState>);

impl Drop for FakeTurn {
    fn drop(&mut self) {
        self.0.taken.set(false);
        let waiting = std::mem::take(&mut *self.0.waiting.borrow_mut());
        waiting.into_iter().for_each(Waker::wake);
    }
}

/// A tab hearing the others, until dropped.
pub struct FakeListening(Rc<FakeStoreState>, usize);

impl Drop for FakeListening {
    fn drop(&mut self) {
        self.0
            .listeners
            .borrow_mut()
            .retain(|(tab, _)| *tab != self.1);
    }
}

struct TakeTurn(Rc<FakeStoreState>);

impl Future for TakeTurn {
    type Output = FakeTurn;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<FakeTurn> {
        if self.0.taken.replace(true) {
            self.0.waiting.borrow_mut().push(cx.waker().clone());
            return Poll::Pending;
        }
        Poll::Ready(FakeTurn(self.0.clone()))
    }
}

impl FakeStore {
    pub fn state(&self) -> &FakeStoreState {
        &self.shared
    }

    /// What was kept can be read now.
    pub fn open(&self) {
        self.shared.held.set(false);
        let waiting = std::mem::take(&mut *self.shared.opening.borrow_mut());
        waiting.into_iter().for_each(Waker::wake);
    }

    /// Another tab of the same browser.
    pub fn tab(&self) -> FakeStore {
        let tabs = self.shared.tabs.get() + 1;
        self.shared.tabs.set(tabs);
        FakeStore {
            shared: self.shared.clone(),
            tab: tabs,
        }
    }

    /// The customers kept, in order of id.
    pub fn ids(&self) -> Vec<u64> {
        let kept = self.shared.kept.borrow();
        let mut ids: Vec<u64> = kept
            .iter()
            .flat_map(|k| k.records.iter().map(|(c, _)| c.customer_id))
            .collect();
        ids.sort_unstable();
        ids
    }
}

impl Store for FakeStore {
    type Turn = FakeTurn;
    type Listening = FakeListening;

    fn turn(&self) -> impl Future<Output = FakeTurn> {
        TakeTurn(self.shared.clone())
    }

    fn announce(&self, number: u32, page: &Page) {
        let listeners: Vec<Heard> = self
            .shared
            .listeners
            .borrow()
            .iter()
            .filter(|(tab, _)| *tab != self.tab)
            .map(|(_, heard)| heard.clone())
            .collect();
        for heard in listeners {
            heard(number, page.clone());
        }
    }

    fn listen(&self, heard: impl Fn(u32, Page) + 'static) -> FakeListening {
        self.shared
            .listeners
            .borrow_mut()
            .push((self.tab, Rc::new(heard)));
        FakeListening(self.shared.clone(), self.tab)
    }

    async fn load(&self) -> Result<Option<Kept>, StoreError> {
        std::future::poll_fn(|cx| {
            if self.shared.held.get() {
                self.shared.opening.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await;
        if self.shared.refuse.get() {
            return Err(StoreError);
        }
        Ok(self.shared.kept.borrow().clone())
    }

    async fn save(
        &self,
        records: Vec<(Conversation, Seen)>,
        state: State,
    ) -> Result<(), StoreError> {
        if self.shared.refuse.get() {
            return Err(StoreError);
        }
        self.shared.saves.set(self.shared.saves.get() + 1);
        let mut kept = self.shared.kept.borrow_mut();
        let kept = kept.get_or_insert_with(Kept::default);
        for (c, seen) in records {
            kept.records
                .retain(|(known, _)| known.customer_id != c.customer_id);
            kept.records.push((c, seen));
        }
        kept.state = state;
        Ok(())
    }

    async fn load_timelines(&self) -> Result<Vec<(u64, Timeline)>, StoreError> {
        if self.shared.refuse.get() {
            return Err(StoreError);
        }
        let kept = self.shared.timelines.borrow();
        Ok(kept.iter().map(|(id, t)| (*id, t.clone())).collect())
    }

    async fn save_timelines(&self, timelines: Vec<(u64, Timeline)>) -> Result<(), StoreError> {
        if self.shared.refuse.get() {
            return Err(StoreError);
        }
        self.shared.timelines.borrow_mut().extend(timelines);
        Ok(())
    }
}

/// The account the hooks load for: verified or not, with the sign-in's page 1 if in hand; each
/// refusal's reason goes into `refused`.
pub fn account(
    verified: Signal<bool>,
    first_page: Option<Arc<Page>>,
    refused: RwSignal<Vec<String>>,
) -> Account {
    Account {
        credentials: credentials(),
        verified,
        first_page: Signal::derive(move || first_page.clone()),
        on_refused: Callback::new(move |reason| refused.update(|r| r.push(reason))),
    }
}

/// Credentials for the fake.
pub fn credentials() -> Credentials {
    Credentials {
        sso_id: 218,
        hash: "secret".into(),
    }
}
