//! Parallel maps that stay on the calling thread for small inputs: rayon
//! starts its threads on first use, and for a single note (an editor hook
//! running `verbale render`) starting them and letting them spin idle cost
//! more than the note.

use rayon::prelude::*;

/// Fewer items than this are mapped on the calling thread.
pub const NOTES: usize = 2;

/// Fewer items than this, each cheap (parsing a note, hashing a file),
/// are mapped on the calling thread.
pub const CHEAP: usize = 32;

/// `items.iter().map(f)`, in parallel when there are at least `min` items.
pub fn map<T: Sync, R: Send>(items: &[T], min: usize, f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < min {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}
