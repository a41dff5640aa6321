//! Work spread over threads that still gets done when no thread can be started: a query worker
//! renders exports under an address-space limit, where a new thread's stack may not fit.

use std::thread::{Builder, ScopedJoinHandle};

/// The number of cores this process may use (1 where the system does not tell).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Runs `work` on every item, the first on the calling thread and each other on a thread of its
/// own, and returns the results in the order of `items`. An item whose thread cannot be started
/// is worked on by the calling thread once the others are done, so the results do not depend on
/// how many threads started. A panic in `work` is resumed here.
pub(crate) fn map<T: Send, R: Send>(items: &mut [T], work: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    map_starting(items, work, |_| true)
}

/// [`map`], starting a thread for item `i` only if `may_start(i)` (tests refuse some, as a
/// process at its limit would).
fn map_starting<T: Send, R: Send>(
    items: &mut [T],
    work: impl Fn(&mut T) -> R + Sync,
    may_start: impl Fn(usize) -> bool,
) -> Vec<R> {
    let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
    let mut refused = Vec::new();
    std::thread::scope(|scope| {
        let work = &work;
        let mut items = items.iter_mut().enumerate();
        let first = items.next();
        let mut running: Vec<(usize, ScopedJoinHandle<'_, R>)> = Vec::new();
        for (i, item) in items {
            let started = if may_start(i) {
                Builder::new().spawn_scoped(scope, move || work(item)).ok()
            } else {
                None
            };
            match started {
                Some(thread) => running.push((i, thread)),
                None => refused.push(i),
            }
        }
        if let Some((i, item)) = first {
            results[i] = Some(work(item));
        }
        for (i, thread) in running {
            let result = thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            results[i] = Some(result);
        }
    });
    for i in refused {
        if let Some(item) = items.get_mut(i) {
            results[i] = Some(work(item));
        }
    }
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_whichever_threads_start() {
        let expected: Vec<u64> = (0..7u64).map(|n| n * n + 1).collect();
        for refuse in [0b000_0000, 0b111_1110, 0b010_1010, 0b100_0001] {
            let mut items: Vec<u64> = (0..7).collect();
            let squares = map_starting(
                &mut items,
                |n| {
                    *n = *n * *n;
                    *n + 1
                },
                |i| refuse & (1 << i) == 0,
            );
            assert_eq!(squares, expected, "refused {refuse:b}");
            // Each item was worked on exactly once.
            assert_eq!(items, (0..7).map(|n| n * n).collect::<Vec<u64>>());
        }
        assert!(map(&mut Vec::<u8>::new(), |_| 1).is_empty());
    }
}
