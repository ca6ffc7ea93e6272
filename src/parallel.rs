//! Work on several items at once (export files, periods) with the results
//! taken in their order, so that a parallel run gives exactly what a
//! sequential one would.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Result;

/// The stack of a worker thread: polars plans a query recursively, and a
/// long statement (`members_active`, eight breakdowns in one) overflowed
/// the default 2 MiB in a debug build.
const WORKER_STACK: usize = 32 << 20;

/// Runs `work` on every item with up to `workers` threads and hands the
/// results to `take` in the items' order. Items are started in order, so
/// when one fails every earlier item has been started: its own error, if
/// any, comes first, and the error returned is the first in item order,
/// whatever the timing. Nothing new starts after a failure.
pub fn in_order<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    work: impl Fn(&T) -> Result<R> + Sync,
    mut take: impl FnMut(R) -> Result<()>,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    std::thread::scope(|s| {
        let (send, receive) = mpsc::channel();
        for _ in 0..workers.clamp(1, items.len().max(1)) {
            let send = send.clone();
            let (next, failed, work) = (&next, &failed, &work);
            let spawned = std::thread::Builder::new().stack_size(WORKER_STACK).spawn_scoped(s, move || {
                while !failed.load(Ordering::SeqCst) {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let result = work(item);
                    if result.is_err() {
                        failed.store(true, Ordering::SeqCst);
                    }
                    if send.send((i, result)).is_err() {
                        break;
                    }
                }
            });
            if let Err(e) = spawned {
                failed.store(true, Ordering::SeqCst);
                return Err(anyhow::anyhow!("failed to start a worker thread: {e}"));
            }
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, result) in receive {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                due += 1;
                if let Err(e) = result.and_then(&mut take) {
                    failed.store(true, Ordering::SeqCst);
                    return Err(e);
                }
            }
        }
        Ok(())
    })
}

/// How many export files are checked at once, or periods computed at once:
/// one per core, at most two. Each file holds one month's export and its
/// kept rows in memory (about 0,6 GB for a million rows), each period its
/// query results; ingest takes files one at a time (each in two halves)
/// when two would not fit its memory budget (`ingest::files_at_once`).
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_and_the_first_error_in_order_wins() {
        let items: Vec<u64> = (0..40).collect();
        // Later items finish first: results still arrive in order.
        let slow = |&i: &u64| {
            std::thread::sleep(std::time::Duration::from_millis((40 - i) % 7));
            Ok(i * 10)
        };
        let mut got = Vec::new();
        in_order(&items, 3, slow, |r| {
            got.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(got, items.iter().map(|i| i * 10).collect::<Vec<_>>());

        // Items 5 and 9 fail, 9 sooner than 5: the error is 5's, and
        // everything before it was taken.
        let failing = |&i: &u64| {
            std::thread::sleep(std::time::Duration::from_millis(if i == 5 { 30 } else { 1 }));
            if i == 5 || i == 9 { anyhow::bail!("item {i}") } else { Ok(i) }
        };
        let mut taken = Vec::new();
        let err = in_order(&items, 2, failing, |r| {
            taken.push(r);
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "item 5");
        assert_eq!(taken, vec![0, 1, 2, 3, 4]);

        // An error from `take` stops the run too.
        let err = in_order(&items, 2, |&i| Ok(i), |r| if r == 3 { anyhow::bail!("took {r}") } else { Ok(()) });
        assert_eq!(err.unwrap_err().to_string(), "took 3");
    }
}
