//! Parallel maps that stay on the calling thread for small inputs.
//!
//! A batch is a list of independent notes of similar cost, so scoped
//! threads taking the next item from a shared counter keep every core busy
//! without a work-stealing pool: rayon and its three crossbeam crates cost
//! a clean build 5 s of compiling for nothing a note needs. For a single
//! note (an editor hook running `verbale render`) no thread is started.
//!
//! `VERBALE_THREADS` sets how many threads a map uses (by default one per
//! core); `VERBALE_THREADS=1` builds on the calling thread alone.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Fewer items than this are mapped on the calling thread.
pub const NOTES: usize = 2;

/// Fewer items than this, each cheap (parsing a note, hashing a file),
/// are mapped on the calling thread.
pub const CHEAP: usize = 32;

/// `VERBALE_THREADS` set to something other than a thread count.
#[derive(Debug, thiserror::Error)]
#[error("VERBALE_THREADS must be a whole number of threads, 1 or more, not {0:?}")]
pub struct ThreadsError(pub String);

/// The thread count `VERBALE_THREADS` asks for, if it is set. The binary
/// refuses a bad value before it starts, rather than quietly using every
/// core when the user asked for something else.
pub fn requested_threads() -> Result<Option<usize>, ThreadsError> {
    let Some(value) = std::env::var_os("VERBALE_THREADS") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(ThreadsError(text.into_owned())),
    }
}

/// How many threads a map may use.
fn threads() -> usize {
    requested_threads()
        .ok()
        .flatten()
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `items.iter().map(f).collect()`, in parallel when there are at least
/// `min` items; the results are in the order of `items`. A panic in `f`
/// is passed on to the caller once every thread has stopped.
pub fn map<T: Sync, R: Send>(items: &[T], min: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
    if items.len() < min || threads < 2 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        let mut panicked = None;
        for done in std::iter::once(Ok(mine)).chain(helpers.into_iter().map(|h| h.join())) {
            match done {
                Ok(done) => {
                    for (i, r) in done {
                        slots[i] = Some(r);
                    }
                }
                Err(payload) => panicked = Some(payload),
            }
        }
        if let Some(payload) = panicked {
            std::panic::resume_unwind(payload);
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every item is taken by exactly one thread"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let squares = map(&items, 2, |&i| u64::from(i) * u64::from(i));
        assert_eq!(
            squares,
            items
                .iter()
                .map(|&i| u64::from(i) * u64::from(i))
                .collect::<Vec<_>>()
        );
        assert_eq!(map(&items[..1], 2, |&i| i + 1), vec![1]);
        assert!(map(&[] as &[u32], 2, |&i| i).is_empty());
    }

    #[test]
    fn a_panic_in_one_item_reaches_the_caller() {
        let items: Vec<u32> = (0..64).collect();
        let caught = std::panic::catch_unwind(|| {
            map(&items, 2, |&i| {
                assert_ne!(i, 40, "item forty");
                i
            })
        });
        assert!(caught.is_err());
    }
}
