/// Default cap on the response head (status line, headers, final blank line), in bytes.
///
/// ACS responses carry a handful of short headers; 8 KiB matches common server limits.
/// The effective cap is also bounded by the scratch buffer the head is parsed in.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Default cap on the number of header fields in a response head (and, separately, in a
/// chunked trailer section).
pub const MAX_HEADERS: usize = 64;

/// Default cap on one chunk-size line (hex size plus chunk extensions, without CRLF).
pub const MAX_CHUNK_LINE_BYTES: usize = 256;

/// Default cap on interim (`1xx`) responses skipped before the final one.
pub const MAX_INTERIM_RESPONSES: usize = 4;

/// Parser limits. The body limit is not here: it is the length of the caller's body buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum bytes of a response head, see [`MAX_HEADER_BYTES`]. Also caps the chunked
    /// trailer section.
    pub max_header_bytes: usize,
    /// Maximum header fields, see [`MAX_HEADERS`].
    pub max_headers: usize,
    /// Maximum chunk-size line length, see [`MAX_CHUNK_LINE_BYTES`].
    pub max_chunk_line_bytes: usize,
    /// Maximum skipped `1xx` responses, see [`MAX_INTERIM_RESPONSES`].
    pub max_interim_responses: usize,
}

impl Limits {
    /// The documented defaults.
    pub const DEFAULT: Self = Self {
        max_header_bytes: MAX_HEADER_BYTES,
        max_headers: MAX_HEADERS,
        max_chunk_line_bytes: MAX_CHUNK_LINE_BYTES,
        max_interim_responses: MAX_INTERIM_RESPONSES,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
