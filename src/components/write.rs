//! A write to production (a POST or PUT) as the pages use it: the request
//! running, its outcome, and a count of finished writes, in signals that
//! live as long as their owner (the app, so an outcome that arrives after
//! the admin left is still recorded).
//!
//! Hand-written rather than Leptos' `Action`, which gives the same
//! `pending`/`input`/`value`/`version` but costs 4,367 bytes gzip more
//! (README, size table).

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

pub struct Write<I: Send + Sync + 'static, O: Send + Sync + 'static> {
    input: RwSignal<Option<I>>,
    value: RwSignal<Option<O>>,
    version: RwSignal<usize>,
}

impl<I: Send + Sync + 'static, O: Send + Sync + 'static> Clone for Write<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I: Send + Sync + 'static, O: Send + Sync + 'static> Copy for Write<I, O> {}

impl<I: Clone + Send + Sync + 'static, O: Clone + Send + Sync + 'static> Write<I, O> {
    pub fn new() -> Self {
        Write {
            input: RwSignal::new(None),
            value: RwSignal::new(None),
            version: RwSignal::new(0),
        }
    }

    /// Sends once: the caller's future is never retried. Callers check
    /// `pending()` first; a write sent meanwhile would be a second one.
    pub fn dispatch(&self, input: I, send: impl Future<Output = O> + 'static) {
        let this = *self;
        this.input.set(Some(input));
        spawn_local(async move {
            let outcome = send.await;
            this.input.try_set(None);
            this.value.try_set(Some(outcome));
            this.version.try_update(|finished| *finished += 1);
        });
    }

    pub fn pending(&self) -> bool {
        self.input.with(Option::is_some)
    }

    /// The input of the write running now.
    pub fn input(&self) -> Option<I> {
        self.input.get()
    }

    /// The outcome of the last write that finished.
    pub fn value(&self) -> Option<O> {
        self.value.get()
    }

    /// How many writes have finished.
    pub fn version(&self) -> usize {
        self.version.get()
    }

    pub fn version_untracked(&self) -> usize {
        self.version.get_untracked()
    }

    pub fn pending_untracked(&self) -> bool {
        self.input.with_untracked(Option::is_some)
    }
}

impl<I: Clone + Send + Sync + 'static, O: Clone + Send + Sync + 'static> Default for Write<I, O> {
    fn default() -> Self {
        Self::new()
    }
}
