//! The tenant's binding policy as the admin reads and changes it: the
//! state lines of the "Binding policy" section, the limit field's check,
//! and what a change does for every terminal of the tenant, said in the
//! dialog before it is saved. Pure.

use crate::api::binding_writes::BindingPolicy;
use crate::i18n::{t, tf};

/// The automatic binding limit: 1 to this many desktops per terminal.
pub const MAX_AUTOMATIC_LIMIT: u64 = 100;

/// "Terminal binding: On", "Automatic binding: Off", "Automatic binding
/// limit: 1".
pub fn state_lines(policy: &BindingPolicy) -> [String; 3] {
    [
        if policy.binding {
            t("Terminal binding: On")
        } else {
            t("Terminal binding: Off")
        }
        .to_owned(),
        if policy.automatic {
            t("Automatic binding: On")
        } else {
            t("Automatic binding: Off")
        }
        .to_owned(),
        tf("Automatic binding limit: {0}", &[&policy.automatic_limit]),
    ]
}

/// The limit as typed: a whole number from 1 to 100.
pub fn check_limit(text: &str) -> Result<u64, String> {
    let max = MAX_AUTOMATIC_LIMIT;
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|limit| (1..=max).contains(limit))
        .ok_or_else(|| tf("must be a whole number from 1 to {0}.", &[&max]))
}

/// What saving `next` over `current` does, one sentence per change.
pub fn change_effects(current: &BindingPolicy, next: &BindingPolicy) -> Vec<String> {
    let mut effects = Vec::new();
    match (current.binding, next.binding) {
        (false, true) => effects.push(
            t("Turns terminal binding on: every terminal of the tenant \
            can then reach only the desktops it is bound to, and a terminal without a binding \
            reaches none.")
            .to_owned(),
        ),
        (true, false) => effects.push(
            t("Turns terminal binding off: every terminal of the \
            tenant can reach every desktop again. The bindings are kept for when it is turned \
            on.")
            .to_owned(),
        ),
        _ => {}
    }
    let (limit, now) = (next.automatic_limit, current.automatic_limit);
    match (current.automatic, next.automatic) {
        (false, true) => effects.push(if limit == 1 {
            tf(
                "Turns automatic binding on: a terminal that signs in to a desktop is bound to \
                it, up to {0} desktop per terminal.",
                &[&limit],
            )
        } else {
            tf(
                "Turns automatic binding on: a terminal that signs in to a desktop is bound to \
                it, up to {0} desktops per terminal.",
                &[&limit],
            )
        }),
        (true, false) => effects.push(
            t("Turns automatic binding off: terminals are bound only \
            by an admin from now on; bindings made so far are kept.")
            .to_owned(),
        ),
        (true, true) if now != limit => effects.push(if limit == 1 {
            tf(
                "Binds each terminal automatically to at most {0} desktop (now {1}).",
                &[&limit, &now],
            )
        } else {
            tf(
                "Binds each terminal automatically to at most {0} desktops (now {1}).",
                &[&limit, &now],
            )
        }),
        _ => {}
    }
    if !next.automatic && now != limit {
        effects.push(tf(
            "Sets the automatic binding limit to {0}, used when automatic binding \
            is on.",
            &[&limit],
        ));
    }
    if effects.is_empty() {
        effects.push(t("Nothing changes.").to_owned());
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(binding: bool, automatic: bool, automatic_limit: u64) -> BindingPolicy {
        BindingPolicy {
            binding,
            automatic,
            automatic_limit,
        }
    }

    #[test]
    fn the_state_as_the_section_shows_it() {
        assert_eq!(
            state_lines(&policy(true, false, 1)),
            [
                "Terminal binding: On",
                "Automatic binding: Off",
                "Automatic binding limit: 1"
            ]
        );
    }

    #[test]
    fn the_limit_is_1_to_100() {
        assert_eq!(check_limit(" 3 "), Ok(3));
        assert_eq!(check_limit("100"), Ok(100));
        for bad in ["0", "101", "", "1.5", "-1", "x"] {
            assert!(check_limit(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_change_is_said() {
        let effects = change_effects(&policy(true, false, 1), &policy(false, true, 2));
        assert_eq!(effects.len(), 2);
        assert!(effects[0].starts_with("Turns terminal binding off: every terminal"));
        assert!(effects[1].contains("up to 2 desktops per terminal"));
        let effects = change_effects(&policy(false, true, 3), &policy(true, false, 3));
        assert!(effects[0].starts_with("Turns terminal binding on"));
        assert!(effects[1].starts_with("Turns automatic binding off"));
        assert_eq!(
            change_effects(&policy(true, true, 3), &policy(true, true, 1)),
            ["Binds each terminal automatically to at most 1 desktop (now 3)."]
        );
        assert_eq!(
            change_effects(&policy(true, false, 3), &policy(true, false, 5)),
            ["Sets the automatic binding limit to 5, used when automatic binding is on."]
        );
        assert_eq!(
            change_effects(&policy(true, false, 1), &policy(true, false, 1)),
            ["Nothing changes."]
        );
    }
}
