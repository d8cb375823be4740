//! Calling a request off.

use std::{cell::Cell, cell::RefCell, rc::Rc};
use web_sys::AbortController;

/// Calls a request off: the one in flight when the admin moves on, or at sign-out. Each request
/// gets its own; a request called off ends in [`super::ApiError::Cancelled`], which the loader
/// ([`crate::hooks::Loader`]) keeps from its callers.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Rc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    cancelled: Cell<bool>,
    /// Stops the download of the request it was handed to; none on the host, where tests send
    /// requests to a fake.
    download: RefCell<Option<AbortController>>,
}

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.cancelled.set(true);
        if let Some(download) = self.0.download.borrow_mut().take() {
            download.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }

    /// Calling off from now on also stops `download`; at once if already called off.
    pub fn stops(&self, download: AbortController) {
        if self.is_cancelled() {
            download.abort();
        } else {
            *self.0.download.borrow_mut() = Some(download);
        }
    }
}
