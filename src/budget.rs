//! The budget of the file being analysed: a deadline, and a cap on the
//! memory its syntax trees hold.
//!
//! Every stage that can run long on hostile input checks the deadline:
//! tree-sitter's progress callback, the model walk, each rule, the
//! interpreter every few thousand steps, and each decoded layer. The parser's
//! callback also checks the memory cap. When either is passed, the stage stops
//! where it is, the findings made so far are kept, and the file is reported
//! as not completely analysed.
//!
//! A worker analyses one file at a time on one thread, so the budget is
//! thread-local: the interpreter and the folds deep under a rule read it
//! without a parameter threaded through every call.

use std::cell::Cell;
use std::time::{Duration, Instant};

/// Which budget a file ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The deadline passed while this stage ran.
    Time(&'static str),
    /// The syntax trees passed the memory cap (bytes held).
    ParseMemory(usize),
}

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static PARSE_MEMORY: Cell<Option<usize>> = const { Cell::new(None) };
    /// The first budget missed, for the report.
    static MISSED: Cell<Option<Miss>> = const { Cell::new(None) };
}

/// The budget of one file on this thread, from [`start`] until dropped.
#[must_use = "the budget ends when the guard is dropped"]
pub struct Guard {
    outer: (Option<Instant>, Option<usize>, Option<Miss>),
}

/// Gives the file analysed on this thread `time` and `parse_memory` bytes of
/// syntax trees (no limit when `None` or zero).
pub fn start(time: Option<Duration>, parse_memory: Option<usize>) -> Guard {
    let deadline = time
        .filter(|l| !l.is_zero())
        .and_then(|l| Instant::now().checked_add(l));
    Guard {
        outer: (
            DEADLINE.with(|d| d.replace(deadline)),
            PARSE_MEMORY.with(|p| p.replace(parse_memory.filter(|&m| m > 0))),
            MISSED.with(|m| m.replace(None)),
        ),
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.outer.0));
        PARSE_MEMORY.with(|p| p.set(self.outer.1));
        MISSED.with(|m| m.set(self.outer.2));
    }
}

/// Whether the file is out of budget (once out, it stays out); `stage`
/// names what was running, kept when it is the first to notice the deadline.
pub fn expired(stage: &'static str) -> bool {
    if MISSED.with(Cell::get).is_some() {
        return true;
    }
    let Some(deadline) = DEADLINE.with(Cell::get) else {
        return false;
    };
    if Instant::now() < deadline {
        return false;
    }
    MISSED.with(|m| m.set(Some(Miss::Time(stage))));
    true
}

/// Whether a parse that may hold `bytes` fits under the memory cap on
/// trees (ruff's parser cannot be stopped midway, so it is only given
/// files whose worst case fits).
pub fn parse_may_hold(bytes: usize) -> bool {
    PARSE_MEMORY.with(Cell::get).is_none_or(|cap| bytes <= cap)
}

/// [`expired`], plus the memory cap on trees, for the parser to ask.
pub fn parse_over(held: usize) -> bool {
    if let Some(cap) = PARSE_MEMORY.with(Cell::get)
        && held > cap
    {
        MISSED.with(|m| m.set(Some(Miss::ParseMemory(held))));
        return true;
    }
    expired("parsing")
}

/// The budget the file ran out of, if it did.
pub fn missed() -> Option<Miss> {
    MISSED.with(Cell::get)
}

/// Moves the deadline `by` later: time the file spent waiting for its turn
/// is not time it was analysed.
pub fn extend(by: Duration) {
    DEADLINE.with(|d| d.set(d.get().and_then(|t| t.checked_add(by))));
}

/// Time left before the deadline (`None` when there is none).
pub fn remaining() -> Option<Duration> {
    DEADLINE
        .with(Cell::get)
        .map(|d| d.saturating_duration_since(Instant::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_limit_never_expires() {
        let _g = start(None, None);
        assert!(!expired("test"));
        assert!(!parse_over(usize::MAX));
        assert_eq!(remaining(), None);
        let _z = start(Some(Duration::ZERO), Some(0));
        assert!(!expired("test"), "zero means no limit");
        assert!(!parse_over(usize::MAX));
    }

    #[test]
    fn waiting_for_a_turn_moves_the_deadline() {
        let _g = start(Some(Duration::from_millis(30)), None);
        extend(Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(60));
        assert!(!expired("test"), "the wait was added to the deadline");
        assert!(remaining().is_some_and(|r| r > Duration::from_secs(59)));
        let _none = start(None, None);
        extend(Duration::from_secs(1));
        assert_eq!(remaining(), None, "no deadline stays none");
    }

    #[test]
    fn a_passed_deadline_names_the_first_stage_and_ends_with_the_guard() {
        {
            let _g = start(Some(Duration::from_nanos(1)), None);
            std::thread::sleep(Duration::from_millis(2));
            assert!(expired("parse"));
            assert!(expired("rules"));
            assert_eq!(missed(), Some(Miss::Time("parse")));
        }
        assert_eq!(missed(), None);
        assert!(!expired("after"));
    }

    #[test]
    fn trees_over_the_memory_cap_stop_the_parse() {
        let _g = start(None, Some(1000));
        assert!(!parse_over(1000));
        assert!(parse_over(1001));
        assert_eq!(missed(), Some(Miss::ParseMemory(1001)));
        assert!(expired("rules"), "the rest of the file stops too");
    }
}
