//! What the parser holds: tree-sitter's allocations, counted per thread.
//!
//! A syntax tree costs about 125 bytes a node, and dense code has more than
//! one node a byte: 20 MB of `a=b+c(d,[e]);` is a 3.6 GB tree. The largest
//! Python files of the popular packages stay under 30 MB of tree, so a cap
//! far above that stops only files built to exhaust memory. tree-sitter lets a
//! program supply its allocator; this one adds each block's size to a count
//! of the thread that allocates it, and the parse's progress callback stops
//! the parse when the count passes the cap.
//!
//! Each block carries its size in a 16-byte header (keeping malloc's 16-byte
//! alignment), so `free` and `realloc` know what they return. A tree is
//! created, read and dropped on one worker thread, so per-thread counts stay
//! true.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::Once;

const HEADER: usize = 16;

thread_local! {
    static HELD: Cell<isize> = const { Cell::new(0) };
}

/// Bytes tree-sitter holds for this thread now.
pub fn held() -> usize {
    HELD.with(Cell::get).max(0) as usize
}

/// Installs the counting allocator, before tree-sitter allocates anything:
/// a block must be freed by the allocator that made it.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: called once, before the first parser exists (every parser
        // comes from `python::parser`, which calls this first), so no block
        // allocated by the default allocator reaches these functions.
        unsafe {
            tree_sitter::set_allocator(Some(tree_sitter::Allocator {
                malloc,
                calloc,
                realloc,
                free,
            }));
        }
    });
}

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, HEADER).ok()
}

fn count(delta: isize) {
    // `try_with`: a thread being torn down may still free a tree.
    let _ = HELD.try_with(|h| h.set(h.get().wrapping_add(delta)));
}

/// Writes the header in front of a fresh block and returns the user part.
unsafe fn finish(block: *mut u8, size: usize) -> *mut c_void {
    if block.is_null() {
        // tree-sitter aborts the process when an allocation fails, as the
        // default allocator's would.
        return std::ptr::null_mut();
    }
    count(size as isize);
    // SAFETY: the block has room for the header and is 16-byte aligned.
    unsafe {
        (block as *mut usize).write(size);
        block.add(HEADER) as *mut c_void
    }
}

/// The block and its size behind a pointer this allocator handed out.
unsafe fn block_of(ptr: *mut c_void) -> (*mut u8, usize) {
    // SAFETY: `ptr` came from `finish`, HEADER bytes into its block.
    unsafe {
        let block = (ptr as *mut u8).sub(HEADER);
        (block, (block as *const usize).read())
    }
}

unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
    let Some(l) = layout(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the layout has a non-zero size (the header).
    unsafe { finish(System.alloc(l), size) }
}

unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
    let Some(l) = n
        .checked_mul(size)
        .and_then(|total| layout(total).map(|l| (l, total)))
    else {
        return std::ptr::null_mut();
    };
    // SAFETY: as for `malloc`.
    unsafe { finish(System.alloc_zeroed(l.0), l.1) }
}

unsafe extern "C" fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
    if ptr.is_null() {
        // SAFETY: realloc(NULL, n) is malloc(n).
        return unsafe { malloc(size) };
    }
    let Some(new) = layout(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: `ptr` is ours; its old layout is rebuilt from the header.
    unsafe {
        let (block, old) = block_of(ptr);
        let old_layout = Layout::from_size_align_unchecked(old + HEADER, HEADER);
        let moved = System.realloc(block, old_layout, new.size());
        if moved.is_null() {
            return std::ptr::null_mut();
        }
        count(-(old as isize));
        finish(moved, size)
    }
}

unsafe extern "C" fn free(ptr: *mut c_void) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: `ptr` is ours; its layout is rebuilt from the header.
    unsafe {
        let (block, size) = block_of(ptr);
        count(-(size as isize));
        System.dealloc(
            block,
            Layout::from_size_align_unchecked(size + HEADER, HEADER),
        );
    }
}

/// Every Rust allocation of the process, counted per thread as for
/// tree-sitter's: what lets the decoder interpreter see how much its values
/// hold. Python values are heavy (a 40,000-tuple list a five-line test
/// builds is megabytes), and the step budget alone let one ordinary file
/// hold 60 MB, so two such files on two workers set the peak of a sweep.
pub struct CountingHeap;

thread_local! {
    static HEAP: Cell<isize> = const { Cell::new(0) };
    static HEAP_PEAK: Cell<isize> = const { Cell::new(0) };
}

/// Starts a new high-water mark of this thread's heap; returns the heap now.
pub fn heap_mark() -> isize {
    let now = heap();
    let _ = HEAP_PEAK.try_with(|p| p.set(now));
    now
}

/// The most this thread's heap has held since [`heap_mark`].
pub fn heap_peak() -> isize {
    HEAP_PEAK.try_with(Cell::get).unwrap_or(0)
}

/// Bytes this thread allocated and has not freed (blocks it freed that
/// another thread made count against it, so only differences over a short
/// stretch of one thread's work mean anything).
pub fn heap() -> isize {
    HEAP.try_with(Cell::get).unwrap_or(0)
}

fn heap_count(delta: isize) {
    let _ = HEAP.try_with(|h| {
        let now = h.get().wrapping_add(delta);
        h.set(now);
        if delta > 0 {
            let _ = HEAP_PEAK.try_with(|p| p.set(p.get().max(now)));
        }
    });
}

/// Heavy work is bounded across the workers: an item above a few hundred
/// KB (its bytes, its syntax tree, an archive's members) and an evaluation
/// of the decoder interpreter past [`SHARED_HEAP`] each hold tens of MB, so
/// without a bound a machine's peak is that times its number of workers,
/// and a long sweep meets the moment when all are heavy at once.
///
/// Evaluations take one turn: a worker takes it when its evaluation turns
/// heavy and keeps it until its item is done ([`TurnScope`]). Heavy items
/// have [`HEAVY_ITEMS_AT_ONCE`] places, taken before the item is read. A
/// single turn for both cost a fifth of a 2-core scan of the benchmark tree
/// (a fifth of its bytes are in 311 files over 256 KB, which a folder walk
/// hands out in runs, so one worker waited for the other) and lowered no
/// peak. The order is always an item's place, then the evaluation turn, and
/// a holder of the turn never asks for a place, so no two workers wait on
/// each other. Time spent waiting is added to the file's deadline: waiting
/// never changes what a file's analysis finds.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// An evaluation holding more than this takes the heavy turn.
pub const SHARED_HEAP: isize = 8 << 20;

/// Heavy items analysed at once, whatever the number of workers: on two
/// workers, no wait.
pub const HEAVY_ITEMS_AT_ONCE: usize = 2;

/// Heavy items being analysed, and the wake-up for a worker waiting for a
/// place.
static HEAVY_ITEMS: (std::sync::Mutex<usize>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// One of the [`HEAVY_ITEMS_AT_ONCE`] places, given back when dropped, as
/// the evaluation turn's guard is.
struct Place;

impl Place {
    fn take() -> Place {
        let (count, freed) = &HEAVY_ITEMS;
        let mut taken = count
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *taken >= HEAVY_ITEMS_AT_ONCE {
            taken = freed
                .wait(taken)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *taken += 1;
        #[cfg(test)]
        turns::PLACES.began();
        Place
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        #[cfg(test)]
        turns::PLACES.ended();
        let (count, freed) = &HEAVY_ITEMS;
        *count
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) -= 1;
        freed.notify_one();
    }
}

thread_local! {
    static TURN_HELD: std::cell::RefCell<Option<std::sync::MutexGuard<'static, ()>>> =
        const { std::cell::RefCell::new(None) };
    /// The place this thread's item holds, if it is a heavy item.
    static PLACE_HELD: std::cell::RefCell<Option<Place>> =
        const { std::cell::RefCell::new(None) };
    /// Open [`TurnScope`]s: outside any (a test, a bench calling the
    /// interpreter directly) there is nothing to give the turn back.
    static TURN_SCOPES: Cell<usize> = const { Cell::new(0) };
}

/// Takes the heavy turn for this thread's current item, waiting for another
/// worker's item to finish if need be (at once when this thread holds it).
pub fn take_turn() {
    if TURN_SCOPES.try_with(Cell::get).unwrap_or(0) == 0 {
        return;
    }
    let _ = TURN_HELD.try_with(|held| {
        if held.borrow().is_some() {
            return;
        }
        let asked = std::time::Instant::now();
        let guard = TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        crate::budget::extend(asked.elapsed());
        #[cfg(test)]
        turns::TURN.began();
        *held.borrow_mut() = Some(guard);
        // The heavy moment sets a sweep's peak: it starts from live memory
        // only, every arena's free pages (the other workers' too) handed
        // back. (When big items took this turn too, a few hundred times a
        // tree, ten copies of the benchmark tree peaked at 102.5 MB with it,
        // 105 without.)
        release();
    });
}

/// Takes one of the [`HEAVY_ITEMS_AT_ONCE`] places for this thread's current
/// item, waiting for another worker's heavy item to finish if all are taken.
/// Called before a big item is read, never while holding the evaluation
/// turn.
pub fn take_heavy_item_place() {
    if TURN_SCOPES.try_with(Cell::get).unwrap_or(0) == 0 {
        return;
    }
    let _ = PLACE_HELD.try_with(|held| {
        if held.borrow().is_some() {
            return;
        }
        let asked = std::time::Instant::now();
        let place = Place::take();
        crate::budget::extend(asked.elapsed());
        *held.borrow_mut() = Some(place);
    });
}

/// Gives the heavy turn back when dropped, if it was taken after the scope
/// began: one around each item and each analysed file, so that no way out
/// of them (an error, a budget run out) keeps the others waiting.
#[must_use = "the turn is given back when the scope is dropped"]
pub struct TurnScope {
    held_before: bool,
}

impl TurnScope {
    pub fn begin() -> TurnScope {
        let _ = TURN_SCOPES.try_with(|n| n.set(n.get() + 1));
        TurnScope {
            held_before: TURN_HELD
                .try_with(|held| held.borrow().is_some())
                .unwrap_or(false)
                || PLACE_HELD
                    .try_with(|held| held.borrow().is_some())
                    .unwrap_or(false),
        }
    }
}

impl Drop for TurnScope {
    fn drop(&mut self) {
        let _ = TURN_SCOPES.try_with(|n| n.set(n.get().saturating_sub(1)));
        if !self.held_before {
            give_turn_back();
        }
    }
}

/// Ends this thread's heavy turn and gives its heavy item's place back, if
/// it holds them.
fn give_turn_back() {
    let _ = PLACE_HELD.try_with(|held| drop(held.borrow_mut().take()));
    let _ = TURN_HELD.try_with(|held| {
        let guard = held.borrow_mut().take();
        #[cfg(test)]
        if guard.is_some() {
            turns::TURN.ended();
        }
        drop(guard);
    });
}

/// How many heavy turns overlapped, for the tests.
#[cfg(test)]
pub mod turns {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// One bounded kind of heavy work: how often it began, and the most
    /// under way at once.
    pub struct Gauge {
        in_use: AtomicUsize,
        most: AtomicUsize,
        taken: AtomicUsize,
    }

    /// The decoder evaluations' single turn.
    pub static TURN: Gauge = Gauge::new();
    /// The heavy items' places.
    pub static PLACES: Gauge = Gauge::new();

    impl Gauge {
        const fn new() -> Gauge {
            Gauge {
                in_use: AtomicUsize::new(0),
                most: AtomicUsize::new(0),
                taken: AtomicUsize::new(0),
            }
        }

        pub(super) fn began(&self) {
            let now = self.in_use.fetch_add(1, Ordering::SeqCst) + 1;
            self.most.fetch_max(now, Ordering::SeqCst);
            self.taken.fetch_add(1, Ordering::SeqCst);
            // Long enough for another worker to reach its own heavy work.
            std::thread::sleep(std::time::Duration::from_millis(20));
        }

        pub(super) fn ended(&self) {
            self.in_use.fetch_sub(1, Ordering::SeqCst);
        }

        /// How often it began so far, and the most under way at once.
        pub fn seen(&self) -> (usize, usize) {
            (
                self.taken.load(Ordering::SeqCst),
                self.most.load(Ordering::SeqCst),
            )
        }
    }
}

/// Makes glibc give large blocks back to the system as soon as they are
/// freed. By default a freed block of up to 32 MB raises the size below
/// which blocks come from the thread's arena instead of their own mapping,
/// and an arena only shrinks from its top: after a few medium files (a
/// source file read whole, its syntax tree's arrays, a big joined string)
/// each worker's arena held tens of MB of free pages, and a sweep's resident
/// memory crept up with the number of files (112 MB on the benchmark tree,
/// 86 MB with these two settings, at the same speed). Fixing both
/// thresholds keeps blocks above 256 KB in their own mappings, returned on
/// free, and trims an arena whose free top passes 1 MB.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's thresholds; no memory is touched.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 20);
    }
}

/// Hands freed memory back to the system. glibc keeps what a thread freed
/// in that thread's arena, so without this each worker's resident memory
/// stays at the most its heaviest file ever took, and a long sweep, whose
/// workers all meet the heaviest files sooner or later, ends at the sum of
/// those: peak memory grew with the tree. Called after a heavy file, and
/// before one when the heavy turn is taken.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of glibc's arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

// SAFETY: every call goes to the system allocator unchanged; the counter is
// a const-initialised thread-local without destructor, so touching it never
// allocates.
unsafe impl GlobalAlloc for CountingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            heap_count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            heap_count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        heap_count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            heap_count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rust_allocations_are_counted_per_thread() {
        let before = super::heap();
        let block = vec![0u8; 4 << 20];
        assert!(super::heap() >= before + (4 << 20));
        drop(block);
        assert!(super::heap() < before + (1 << 20));
    }

    #[test]
    fn a_tree_is_counted_while_it_lives() {
        let mut parser = crate::python::parser();
        let before = super::held();
        let source = "x = f(a, [b, c])\n".repeat(10_000);
        let tree = crate::python::parse_tree_sitter(&mut parser, source.as_bytes()).unwrap();
        let with_tree = super::held();
        assert!(
            with_tree > before + 1_000_000,
            "a 170 KB file makes a tree of megabytes: {before} -> {with_tree}"
        );
        drop(tree);
        parser.reset();
        assert!(super::held() < with_tree, "freed blocks are uncounted");
    }
}
