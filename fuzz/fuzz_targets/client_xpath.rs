//! Input: `path NUL message` (several paths may precede the message, each ended by NUL).
#![no_main]
use threeds_core::client::xpath;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = data.split(|&b| b == 0).collect();
    let message = parts.pop().unwrap_or_default();
    for p in parts.iter().filter_map(|p| std::str::from_utf8(p).ok()) {
        let _ = xpath::check_syntax(p);
        let _ = xpath::join("/json/acsUiType", p);
        if let Ok(c) = xpath::select(message, p) {
            let _ = (
                c.depth(),
                c.parent(),
                c.current().map(|e| {
                    (
                        e.text(),
                        e.sub_tree(),
                        e.child_count(),
                        e.children().count(),
                        e.child(0),
                    )
                }),
            );
        }
    }
});
