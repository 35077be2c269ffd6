//! Emulated Cortex-M4F firmware (QEMU `mps2-an386`): complete 3DS
//! transactions with `threeds-core`, the ACS side replayed from a recording.
//!
//! Prints, over semihosting, the instructions of every core call, the peak
//! stack and heap of every transaction, and exits 0 when every produced
//! message equals the recording and every transaction ends with the
//! recorded `transStatus`; non-zero on a mismatch or a panic.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use panic_semihosting as _;

#[cfg(feature = "defmt")]
mod logging;
mod measure;
mod script;
#[cfg(feature = "cm4-selftest")]
mod selftest;
mod transcript;

#[entry]
fn main() -> ! {
    #[cfg(feature = "alloc")]
    measure::init_heap();
    let Some(peripherals) = cortex_m::Peripherals::take() else {
        hprintln!("FAIL: peripherals taken");
        exit(false);
    };
    measure::start_counter(peripherals.SYST);

    // `asm::delay(n)` runs n rounds of a two-instruction loop: 2n instructions.
    let start = measure::instructions();
    cortex_m::asm::delay(4_000_000);
    let calibration = measure::instructions() - start;
    hprintln!(
        "calibration: asm::delay(4000000) = {} k instructions (expect 8000: 2 per round, under -icount shift=0)",
        calibration / 1000
    );

    let mut failures = 0u32;
    #[cfg(feature = "cm4-selftest")]
    if !selftest::run() {
        failures += 1;
    }
    let mut runs = 0u32;
    let mut max = script::Figures::default();
    let mut transcript_bytes = 0usize;
    transcript::for_each(|t| {
        runs += 1;
        transcript_bytes += t.data_len();
        hprintln!(
            "txn {} ({}, {} exchanges)",
            t.name,
            if t.gcm { "A128GCM" } else { "A128CBC-HS256" },
            t.exchanges.len()
        );
        match script::run(t) {
            Ok(f) => {
                hprintln!(
                    "  OK {}: {} k instructions, peak stack {} B, peak heap {} B",
                    t.name,
                    f.instructions / 1000,
                    f.stack,
                    f.heap
                );
                max.instructions = max.instructions.max(f.instructions);
                max.stack = max.stack.max(f.stack);
                max.heap = max.heap.max(f.heap);
            }
            Err(e) => {
                failures += 1;
                hprintln!("  FAIL {}: {}", t.name, e);
            }
        }
    });
    hprintln!("figure transcript_bytes {}", transcript_bytes);
    hprintln!("figure heap_arena {}", measure::HEAP_SIZE);
    hprintln!("figure peak_stack {}", max.stack);
    hprintln!("figure peak_heap {}", max.heap);
    hprintln!("figure max_txn_instructions {}", max.instructions);
    #[cfg(feature = "defmt")]
    {
        let (frames, bytes) = logging::totals();
        hprintln!("figure defmt_frames {}", frames);
        hprintln!("figure defmt_bytes {}", bytes);
    }
    if failures == 0 && runs > 0 {
        hprintln!("ALL OK ({} transactions)", runs);
    } else {
        hprintln!("FAILED ({} of {} transactions)", failures, runs);
    }
    exit(failures == 0 && runs > 0)
}

/// Ends the emulation with exit status 0 (`ok`) or 1.
fn exit(ok: bool) -> ! {
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Not reached under QEMU; on a board without a debugger, sleep.
    loop {
        cortex_m::asm::wfi();
    }
}
