//! Unbinding EIPs, as the EIP list runs it: the EIPs the admin confirmed,
//! sent by their desktops in requests of at most 100, one after another, and
//! what the admin is told about each request. Pure: the page sends, this
//! module says what was sent and what came of it.

use crate::api::types::MAX_UNBIND_PER_REQUEST;
use crate::api::{ApiError, UnbindEipsRequest};
use crate::i18n::{t, tf, tk};
use crate::query::thousands;

// Texts too long to sit in their `tf` call's line.
const QUESTION_ONE: &str =
    tk("Unbind EIP {0} from desktop {1}? The desktop loses this public address at once.");
const QUESTION_MANY: &str =
    tk("Unbind these {0} EIPs from their desktops? Each desktop loses its public address at once.");
const NO_LONGER_BOUND_ONE: &str = tk("EIP {0} is no longer bound to desktop {1}.");
const NOT_UNBOUND_ONE: &str = tk("EIP {0} was not unbound from desktop {1}: {2}");
const FAILED_ONE: &str = tk("Request {0} of {1} ({2} EIP): failed, not retried: {3}");
const FAILED_MANY: &str = tk("Request {0} of {1} ({2} EIPs): failed, not retried: {3}");
const SKIPPED_ONE: &str =
    tk("Request {0} of {1} ({2} EIP): not sent, because an earlier request failed.");
const SKIPPED_MANY: &str =
    tk("Request {0} of {1} ({2} EIPs): not sent, because an earlier request failed.");

/// A bound EIP the admin chose to unbind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub eip_id: String,
    pub address: String,
    pub desktop_id: String,
    pub desktop_name: String,
}

impl Target {
    /// The desktop as the admin knows it: its name, else its ID.
    pub fn desktop(&self) -> &str {
        if self.desktop_name.is_empty() {
            &self.desktop_id
        } else {
            &self.desktop_name
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not sent yet.
    Waiting,
    Sending,
    Done,
    /// Failed; never retried.
    Failed(ApiError),
    /// Not sent, because an earlier request failed.
    Skipped,
}

/// One run of unbinding: the targets in order, and one outcome per request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unbinding {
    pub targets: Vec<Target>,
    pub outcomes: Vec<Outcome>,
}

impl Unbinding {
    pub fn new(targets: Vec<Target>) -> Self {
        let requests = targets.len().div_ceil(MAX_UNBIND_PER_REQUEST);
        Unbinding {
            targets,
            outcomes: vec![Outcome::Waiting; requests],
        }
    }

    /// The requests to send, in order (a desktop holds one EIP, so the same
    /// desktop is never sent twice).
    pub fn requests(&self) -> Vec<UnbindEipsRequest> {
        let desktop_ids: Vec<String> = self
            .targets
            .iter()
            .map(|target| target.desktop_id.clone())
            .collect();
        UnbindEipsRequest::batches(&desktop_ids)
    }

    /// Records the outcome of request `index`; after a failure the requests
    /// not sent yet are skipped (the admin decides what to do next).
    pub fn record(&mut self, index: usize, outcome: Outcome) {
        let failed = matches!(outcome, Outcome::Failed(_));
        if let Some(slot) = self.outcomes.get_mut(index) {
            *slot = outcome;
        }
        if failed {
            for later in self.outcomes.iter_mut().skip(index + 1) {
                *later = Outcome::Skipped;
            }
        }
    }

    /// The error of the request that failed, if one did.
    pub fn failure(&self) -> Option<&ApiError> {
        self.outcomes.iter().find_map(|outcome| match outcome {
            Outcome::Failed(error) => Some(error),
            _ => None,
        })
    }

    /// The targets of requests that did not unbind (failed or not sent):
    /// what stays selected for the admin to look at again.
    pub fn not_unbound(&self) -> Vec<Target> {
        self.targets
            .chunks(MAX_UNBIND_PER_REQUEST)
            .zip(&self.outcomes)
            .filter(|(_, outcome)| !matches!(outcome, Outcome::Done))
            .flat_map(|(targets, _)| targets.iter().cloned())
            .collect()
    }

    pub fn finished(&self) -> bool {
        !self
            .outcomes
            .iter()
            .any(|outcome| matches!(outcome, Outcome::Waiting | Outcome::Sending))
    }

    /// What the dialog's heading says: "Unbind EIP" or "Unbind 3 EIPs".
    pub fn dialog_title(targets: &[Target]) -> String {
        match targets.len() {
            1 => t("Unbind EIP").into(),
            n => tf("Unbind {0} EIPs", &[&thousands(n as u64)]),
        }
    }

    /// What the dialog asks.
    pub fn question(targets: &[Target]) -> String {
        match targets {
            [one] => tf(QUESTION_ONE, &[&one.address, &one.desktop()]),
            many => tf(QUESTION_MANY, &[&thousands(many.len() as u64)]),
        }
    }

    /// One line per request, as the status region reads them.
    pub fn report(&self) -> Vec<String> {
        if let [one] = self.targets.as_slice() {
            let (address, desktop) = (&one.address, one.desktop());
            let line = match self.outcomes.first() {
                Some(Outcome::Done) => tf(NO_LONGER_BOUND_ONE, &[address, &desktop]),
                Some(Outcome::Failed(error)) => {
                    let summary = error.summary();
                    tf(NOT_UNBOUND_ONE, &[address, &desktop, &summary])
                }
                _ => tf("Unbinding EIP {0} from desktop {1}…", &[address, &desktop]),
            };
            return vec![line];
        }
        let count = self.outcomes.len();
        self.outcomes
            .iter()
            .enumerate()
            .map(|(index, outcome)| {
                let first = index * MAX_UNBIND_PER_REQUEST;
                let size = (self.targets.len() - first).min(MAX_UNBIND_PER_REQUEST);
                // Each line whole, in the singular and the plural.
                let (number, size_text) = (index + 1, thousands(size as u64));
                let one = size == 1;
                let args: [&dyn std::fmt::Display; 3] = [&number, &count, &size_text];
                match outcome {
                    Outcome::Waiting if one => tf("Request {0} of {1} ({2} EIP): waiting.", &args),
                    Outcome::Waiting => tf("Request {0} of {1} ({2} EIPs): waiting.", &args),
                    Outcome::Sending if one => tf("Request {0} of {1} ({2} EIP): sending…", &args),
                    Outcome::Sending => tf("Request {0} of {1} ({2} EIPs): sending…", &args),
                    Outcome::Done if one => tf("Request {0} of {1} ({2} EIP): unbound.", &args),
                    Outcome::Done => tf("Request {0} of {1} ({2} EIPs): unbound.", &args),
                    Outcome::Failed(error) => {
                        let summary = error.summary();
                        let args: [&dyn std::fmt::Display; 4] =
                            [&number, &count, &size_text, &summary];
                        tf(if one { FAILED_ONE } else { FAILED_MANY }, &args)
                    }
                    Outcome::Skipped if one => tf(SKIPPED_ONE, &args),
                    Outcome::Skipped => tf(SKIPPED_MANY, &args),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(n: usize) -> Vec<Target> {
        (0..n)
            .map(|i| Target {
                eip_id: format!("e{i}"),
                address: format!("10.0.{}.{}", i / 256, i % 256),
                desktop_id: format!("d{i}"),
                desktop_name: if i == 0 {
                    String::new()
                } else {
                    format!("dsk-{i}")
                },
            })
            .collect()
    }

    #[test]
    fn requests_hold_at_most_100_desktops_in_order() {
        let run = Unbinding::new(targets(250));
        let requests = run.requests();
        let sizes: Vec<usize> = requests.iter().map(|r| r.desktop_ids.len()).collect();
        assert_eq!(sizes, [100, 100, 50]);
        assert_eq!(requests[1].desktop_ids[0], "d100");
        assert_eq!(run.outcomes.len(), 3);
        assert_eq!(Unbinding::new(targets(100)).requests().len(), 1);
        assert_eq!(Unbinding::new(targets(101)).requests().len(), 2);
    }

    #[test]
    fn a_failure_stops_the_requests_after_it() {
        let mut run = Unbinding::new(targets(250));
        run.record(0, Outcome::Done);
        assert!(!run.finished());
        let timeout = ApiError::Timeout {
            method: crate::api::Method::Post,
            timeout_ms: 30_000,
        };
        run.record(1, Outcome::Failed(timeout.clone()));
        assert_eq!(run.failure(), Some(&timeout));
        let left = run.not_unbound();
        assert_eq!(left.len(), 150);
        assert_eq!(left[0].desktop_id, "d100");
        assert!(run.finished());
        assert_eq!(
            run.report(),
            [
                "Request 1 of 3 (100 EIPs): unbound.".to_string(),
                format!(
                    "Request 2 of 3 (100 EIPs): failed, not retried: {}",
                    timeout.headline()
                ),
                "Request 3 of 3 (50 EIPs): not sent, because an earlier request failed."
                    .to_string(),
            ]
        );
    }

    #[test]
    fn one_eip_is_named_with_its_desktop() {
        let one = targets(2)[1..].to_vec();
        assert_eq!(Unbinding::dialog_title(&one), "Unbind EIP");
        assert_eq!(
            Unbinding::question(&one),
            "Unbind EIP 10.0.0.1 from desktop dsk-1? The desktop loses this public address at once."
        );
        let mut run = Unbinding::new(one);
        assert_eq!(run.report(), ["Unbinding EIP 10.0.0.1 from desktop dsk-1…"]);
        run.record(0, Outcome::Done);
        assert_eq!(
            run.report(),
            ["EIP 10.0.0.1 is no longer bound to desktop dsk-1."]
        );
        // A desktop without a name in the answer is named by its ID.
        let unnamed = targets(1);
        assert!(Unbinding::question(&unnamed).contains("from desktop d0?"));
    }

    #[test]
    fn several_are_counted() {
        let many = targets(1200);
        assert_eq!(Unbinding::dialog_title(&many), "Unbind 1,200 EIPs");
        assert!(Unbinding::question(&many).starts_with("Unbind these 1,200 EIPs"));
        let mut run = Unbinding::new(targets(101));
        run.record(0, Outcome::Sending);
        assert_eq!(
            run.report(),
            [
                "Request 1 of 2 (100 EIPs): sending…",
                "Request 2 of 2 (1 EIP): waiting."
            ]
        );
    }
}
