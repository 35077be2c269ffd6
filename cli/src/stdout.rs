//! Lines to stdout. `println!` panics when the reader has gone
//! (`threeds demo | head`); a command-line tool instead ends quietly with
//! the status a tool killed by SIGPIPE has (141), which `set -o pipefail`
//! scripts already expect. Any other write failure (a full disk behind a
//! redirect) is reported once and ends with `EX_IOERR`.

use std::io::{self, Write};
use std::process;

/// Status of a process that wrote to a closed pipe: 128 + SIGPIPE.
const BROKEN_PIPE: i32 = 141;
/// sysexits.h `EX_IOERR`.
const IO_ERROR: i32 = 74;

/// Writes one line; does not return if stdout is gone.
pub(crate) fn write_line(args: core::fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    let written = out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() == io::ErrorKind::BrokenPipe {
            process::exit(BROKEN_PIPE);
        }
        eprintln!("threeds: cannot write to stdout: {e}");
        process::exit(IO_ERROR);
    }
}

/// `println!` that ends the process quietly on a closed pipe.
macro_rules! outln {
    () => {
        $crate::stdout::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::stdout::write_line(format_args!($($arg)*))
    };
}
pub(crate) use outln;
