//! The figures: executed instructions (SysTick under `-icount shift=0`),
//! peak stack (painting) and peak heap (a high-water-mark allocator).

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::SYST;
use cortex_m::peripheral::syst::SystClkSource;
use cortex_m_rt::exception;

/// SysTick counts the 25 MHz system clock of mps2-an386. With QEMU's
/// `-icount shift=0` one instruction takes 1 ns of virtual time, so one tick
/// is 40 instructions. The boot calibration prints a check of that.
pub const INSTRUCTIONS_PER_TICK: u64 = 40;
const RELOAD: u32 = 0x00FF_FFFF;

static WRAPS: AtomicU32 = AtomicU32::new(0);

#[exception]
fn SysTick() {
    WRAPS.fetch_add(1, Ordering::Relaxed);
}

/// Starts the free-running SysTick counter (wraps counted in the interrupt).
pub fn start_counter(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
    // The counter reads 0 until its first reload: wait for it, or the first
    // reading would count a whole period.
    while SYST::get_current() == 0 {}
}

/// Instructions executed since [`start_counter`] (40 per tick).
pub fn instructions() -> u64 {
    loop {
        let before = WRAPS.load(Ordering::Relaxed);
        let current = SYST::get_current();
        if WRAPS.load(Ordering::Relaxed) == before {
            let ticks = u64::from(before) * (u64::from(RELOAD) + 1) + u64::from(RELOAD - current);
            return ticks * INSTRUCTIONS_PER_TICK;
        }
    }
}

unsafe extern "C" {
    /// Start of the free RAM above `.bss`/`.uninit` (cortex-m-rt): the stack
    /// grows down towards it.
    static mut __sheap: u32;
    /// Initial stack pointer (cortex-m-rt): the top of RAM.
    static _stack_start: u32;
}

const PAINT: u32 = 0xC0DE_CAFE;
/// Painted from this depth below the top of RAM up to the current stack
/// pointer; far more than any run uses. A fixed bottom, so that a scan from
/// any frame sees the same painted region.
const PAINT_SPAN: usize = 192 * 1024;

fn stack_top() -> usize {
    (&raw const _stack_start) as usize
}

fn paint_bottom() -> usize {
    stack_top()
        .saturating_sub(PAINT_SPAN)
        .max((&raw mut __sheap) as usize)
}

/// Paints the free stack below the current frame (re-run it to restart the
/// high-water mark).
#[inline(never)]
pub fn paint_stack() {
    let sp = cortex_m::register::msp::read() as usize;
    // Keep clear of this function's own frame.
    let top = (sp - 256) & !3;
    let mut p = paint_bottom() & !3;
    while p < top {
        // SAFETY: [paint_bottom, sp - 256) is unused stack RAM: above the
        // heap and statics, below every live frame.
        unsafe { core::ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}

/// Deepest stack use (bytes below the top of RAM) since the last paint.
pub fn stack_peak() -> usize {
    let mut p = paint_bottom() & !3;
    let top = stack_top();
    while p < top {
        // SAFETY: reads inside the stack region.
        if unsafe { core::ptr::read_volatile(p as *const u32) } != PAINT {
            break;
        }
        p += 4;
    }
    top - p
}

#[cfg(feature = "alloc")]
pub use heap::{HEAP_SIZE, heap_peak, init_heap, reset_heap_peak};

#[cfg(feature = "alloc")]
mod heap {
    use core::alloc::{GlobalAlloc, Layout};
    use core::mem::MaybeUninit;
    use core::sync::atomic::{AtomicUsize, Ordering};

    use embedded_alloc::LlffHeap;

    /// The heap arena (a static in `.bss`).
    pub const HEAP_SIZE: usize = 24 * 1024;
    static mut HEAP_MEM: [MaybeUninit<u8>; HEAP_SIZE] = [MaybeUninit::uninit(); HEAP_SIZE];

    /// `embedded-alloc`'s linked-list heap plus the bytes in use and their
    /// high-water mark (requested sizes, without the allocator's overhead).
    struct Tracking {
        heap: LlffHeap,
        used: AtomicUsize,
        peak: AtomicUsize,
    }

    #[global_allocator]
    static HEAP: Tracking = Tracking {
        heap: LlffHeap::empty(),
        used: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    };

    // SAFETY: forwards to LlffHeap; only counts on top.
    unsafe impl GlobalAlloc for Tracking {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: same contract as ours.
            let p = unsafe { self.heap.alloc(layout) };
            if !p.is_null() {
                let now = self.used.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
                self.peak.fetch_max(now, Ordering::Relaxed);
            }
            p
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            self.used.fetch_sub(layout.size(), Ordering::Relaxed);
            // SAFETY: same contract as ours.
            unsafe { self.heap.dealloc(ptr, layout) };
        }
    }

    /// Hands the arena to the allocator (once, first thing in `main`).
    pub fn init_heap() {
        // SAFETY: called once before any allocation; the arena is used by
        // nothing else.
        unsafe { HEAP.heap.init((&raw mut HEAP_MEM) as usize, HEAP_SIZE) };
    }

    /// Peak bytes allocated since the last reset.
    pub fn heap_peak() -> usize {
        HEAP.peak.load(Ordering::Relaxed)
    }

    /// Restarts the high-water mark at the bytes in use now.
    pub fn reset_heap_peak() -> usize {
        let used = HEAP.used.load(Ordering::Relaxed);
        HEAP.peak.store(used, Ordering::Relaxed);
        used
    }
}

/// Without `alloc` there is no heap.
#[cfg(not(feature = "alloc"))]
pub const HEAP_SIZE: usize = 0;

/// Without `alloc` there is no heap.
#[cfg(not(feature = "alloc"))]
pub fn heap_peak() -> usize {
    0
}

/// Without `alloc` there is no heap.
#[cfg(not(feature = "alloc"))]
pub fn reset_heap_peak() -> usize {
    0
}
