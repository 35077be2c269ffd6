//! The heap the core still needs (RSA moduli, X.509 parsing), served from a
//! region the app hands over once, with a readable high-water mark.
//!
//! It is the global allocator of the firmware build (`target_os = "none"`)
//! and of a host build with the `region-heap` feature; a plain host build
//! uses the system allocator and `threeds_heap_init` refuses.

use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, Ordering};

use linked_list_allocator::Heap;

use crate::status::{THREEDS_ERR_HEAP, THREEDS_ERR_NULL_POINTER, THREEDS_OK};

/// The smallest region `threeds_heap_init` accepts. Size the region from
/// `threeds_heap_high_water` on your own traffic (the core's own peak for an
/// RSA DS key and a PS256 chain is in `docs/firmware.md`), plus margin for
/// the allocator's block overhead.
pub const THREEDS_HEAP_MIN: usize = 1024;

/// A first-fit allocator over one region, behind a spin lock (allocation
/// never happens in an interrupt handler of this library), counting the
/// bytes in use and their peak.
pub struct RegionHeap {
    locked: AtomicBool,
    inner: core::cell::UnsafeCell<Inner>,
}

struct Inner {
    heap: Heap,
    ready: bool,
    used: usize,
    peak: usize,
}

// SAFETY: every access to `inner` happens while `locked` is held (see `with`).
unsafe impl Sync for RegionHeap {}

impl RegionHeap {
    /// An allocator without a region: every allocation fails until `init`.
    pub const fn new() -> Self {
        Self {
            locked: AtomicBool::new(false),
            inner: core::cell::UnsafeCell::new(Inner {
                heap: Heap::empty(),
                ready: false,
                used: 0,
                peak: 0,
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        // SAFETY: the lock is held, so this is the only reference to `inner`.
        let r = f(unsafe { &mut *self.inner.get() });
        self.locked.store(false, Ordering::Release);
        r
    }

    /// Hands `len` bytes at `mem` to the allocator, once.
    ///
    /// # Safety
    /// `mem` is writable for `len` bytes, used by nothing else, and stays
    /// valid for the rest of the program.
    pub unsafe fn init(&self, mem: *mut u8, len: usize) -> i32 {
        if mem.is_null() {
            return THREEDS_ERR_NULL_POINTER;
        }
        if len < THREEDS_HEAP_MIN {
            return THREEDS_ERR_HEAP;
        }
        self.with(|inner| {
            if inner.ready {
                return THREEDS_ERR_HEAP;
            }
            // SAFETY: the region is exclusively ours for the program's life (contract).
            unsafe { inner.heap.init(mem, len) };
            inner.ready = true;
            THREEDS_OK
        })
    }

    /// Bytes in use now.
    pub fn used(&self) -> usize {
        self.with(|i| i.used)
    }

    /// The most bytes ever in use at once.
    pub fn high_water(&self) -> usize {
        self.with(|i| i.peak)
    }

    /// The region's size (0 before `init`).
    pub fn size(&self) -> usize {
        self.with(|i| if i.ready { i.heap.size() } else { 0 })
    }
}

impl Default for RegionHeap {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: allocations come from the region only, each block is handed out
// once until deallocated with the same layout (the linked-list heap's
// contract), and the lock serialises all access.
unsafe impl GlobalAlloc for RegionHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.with(|i| match i.heap.allocate_first_fit(layout) {
            Ok(p) => {
                i.used = i.used.saturating_add(layout.size());
                i.peak = i.peak.max(i.used);
                p.as_ptr()
            }
            Err(()) => core::ptr::null_mut(),
        })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(p) = NonNull::new(ptr) {
            self.with(|i| {
                // SAFETY: `p` was returned by `alloc` with `layout` (GlobalAlloc contract).
                unsafe { i.heap.deallocate(p, layout) };
                i.used = i.used.saturating_sub(layout.size());
            });
        }
    }
}

/// True when [`HEAP`] is the global allocator of this build.
const REGION_IS_GLOBAL: bool = cfg!(any(feature = "region-heap", target_os = "none"));

#[cfg(any(feature = "region-heap", target_os = "none"))]
#[global_allocator]
static HEAP: RegionHeap = RegionHeap::new();

#[cfg(not(any(feature = "region-heap", target_os = "none")))]
static HEAP: RegionHeap = RegionHeap::new();

/// Hands the library its heap region, once, before any other call
/// (firmware builds, and host builds with the `region-heap` feature).
///
/// Returns `THREEDS_ERR_HEAP` when a region was already set, the region is
/// smaller than `THREEDS_HEAP_MIN`, or this build uses the system allocator.
///
/// # Safety
/// `mem` is writable for `len` bytes, used by nothing else, and stays valid
/// (and untouched by the app) for the rest of the program.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_heap_init(mem: *mut core::ffi::c_void, len: usize) -> i32 {
    if !REGION_IS_GLOBAL {
        return THREEDS_ERR_HEAP;
    }
    // SAFETY: forwarded contract.
    crate::guard::guarded(|| unsafe { HEAP.init(mem.cast(), len) })
}

/// The most heap bytes ever in use at once (0 with the system allocator).
#[unsafe(no_mangle)]
pub extern "C" fn threeds_heap_high_water() -> usize {
    HEAP.high_water()
}

/// Heap bytes in use now (0 with the system allocator).
#[unsafe(no_mangle)]
pub extern "C" fn threeds_heap_used() -> usize {
    HEAP.used()
}
