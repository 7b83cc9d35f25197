//! The latest of a series of requests (a list's GETs, a picker's
//! searches): starting one aborts the one before it, only the latest one's
//! answer is taken, and the one running is aborted when its page goes.

use leptos::prelude::*;
use web_sys::AbortController;

#[derive(Clone, Copy)]
pub struct Latest {
    ticket: StoredValue<u64>,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
}

impl Latest {
    pub fn new() -> Self {
        let latest = Latest {
            ticket: StoredValue::new(0),
            in_flight: StoredValue::new_local(None),
        };
        on_cleanup(move || {
            if let Some(Some(running)) = latest.in_flight.try_get_value() {
                running.abort();
            }
        });
        latest
    }

    /// Aborts the request running, so that no answer still to come is taken.
    pub fn stop(&self) {
        if let Some(older) = self.in_flight.get_value() {
            older.abort();
        }
        self.ticket.update_value(|ticket| *ticket += 1);
    }

    /// A new request: the older one stopped; its ticket and the controller
    /// that aborts it.
    pub fn start(&self) -> (u64, Option<AbortController>) {
        self.stop();
        let cancel = AbortController::new().ok();
        self.in_flight.set_value(cancel.clone());
        (self.ticket.get_value(), cancel)
    }

    /// True while the request with this ticket is the latest one and its
    /// page is still there.
    pub fn is_latest(&self, ticket: u64) -> bool {
        self.ticket.try_get_value() == Some(ticket)
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}
