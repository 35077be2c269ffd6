//! The embedded TLS record guard (`platform-embedded/src/tls/record_guard.rs`)
//! against a model written here: the server's bytes are cut into reads of
//! the sizes the input picks, and the guard must refuse exactly when a record
//! header says `application_data` with a body shorter than the 17 bytes of a
//! TLS 1.3 protected record, whatever the cuts.
#![no_main]

/// The model: walk whole records over the concatenated stream.
fn model(stream: &[u8]) -> Result<(), ()> {
    let mut i = 0usize;
    while let Some(h) = stream.get(i..i + 5) {
        let len = usize::from(u16::from_be_bytes([h[3], h[4]]));
        if h[0] == 23 && len < 17 {
            return Err(());
        }
        i += 5 + len;
    }
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Byte 0: the read size pattern (1–16 bytes, or everything at once).
    let Some((&cut, stream)) = data.split_first() else {
        return;
    };
    let size = usize::from(cut % 17);
    let chunks: Vec<&[u8]> = if size == 0 {
        vec![stream]
    } else {
        stream.chunks(size).collect()
    };
    let got = threeds_embedded::tls::record_guard_inspect_all(&chunks);
    assert_eq!(got, model(stream), "cut {size}");
});
