//! Running the conversion's parts (one per kind of record, [`super::PARTS`]) on one thread per
//! core while a consumer takes their quads in a fixed order.

use super::{PARTS, Quads};
use crate::model::Dataset;
use oxigraph::model::Quad;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

/// Converts `dataset` in parts, one per kind of record, on one thread per core, and hands
/// `consume` the parts in a fixed order: part `i` is waited for only once `consume` has taken
/// every part before it, so a consumer that loads a store works while later parts are still
/// being converted. The order does not depend on the scheduling: the quads come in the order
/// of [`super::to_unsorted_quads`].
///
/// No more threads than cores: more would only compete for them, and under glibc's allocator
/// (the library's embedders may use it) each thread that allocates may reserve an arena of
/// 64 MiB of address space.
pub fn in_parts<R>(
    dataset: &Dataset,
    consume: impl FnOnce(&mut dyn Iterator<Item = Vec<Quad>>) -> R,
) -> R {
    let threads = crate::threads::cores().min(PARTS.len());
    let (senders, receivers): (Vec<_>, Vec<_>) = PARTS
        .iter()
        .map(|_| {
            let (sender, receiver) = mpsc::sync_channel::<Vec<Quad>>(1);
            (Some(sender), receiver)
        })
        .unzip();
    let senders = Mutex::new(senders);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (next, senders) = (&next, &senders);
            // Parts are taken in increasing order, so the part `consume` waits for has always
            // been started; a channel holds its one part, so sending never blocks.
            scope.spawn(move || {
                let _guard = HangUpOnPanic(senders);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(part) = PARTS.get(i) else {
                        return;
                    };
                    let sender = lock(senders).get_mut(i).and_then(Option::take);
                    let mut out = Quads::default();
                    part(&mut out, dataset);
                    if let Some(sender) = sender {
                        // The receiver is gone only if `consume` stopped early.
                        let _ = sender.send(out.quads);
                    }
                }
            });
        }
        // A part that never comes (its thread panicked) ends the iteration; the scope then
        // re-raises the panic.
        let mut parts = receivers.into_iter().map_while(|part| part.recv().ok());
        consume(&mut parts)
    })
}

/// One sender per part, taken by the thread that converts it.
type Senders = Vec<Option<mpsc::SyncSender<Vec<Quad>>>>;
type PartSenders = Mutex<Senders>;

fn lock(senders: &PartSenders) -> std::sync::MutexGuard<'_, Senders> {
    senders
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Drops every part's sender if a conversion thread panics, so that the consumer stops waiting
/// for parts that will never come instead of waiting forever.
struct HangUpOnPanic<'a>(&'a PartSenders);

impl Drop for HangUpOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.0).clear();
        }
    }
}
