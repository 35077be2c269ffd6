use super::{Framing, HttpError, Limits};

/// How far one [`BodyDecoder::decode`] call got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Input bytes used. Less than the input only once the body is complete (anything after
    /// the body is ignored: the connection is closed after one exchange).
    pub consumed: usize,
    /// Body bytes written to the start of the output.
    pub written: usize,
}

/// A sans-IO decoder for a response body: feed it the bytes that follow the head, in
/// fragments of any size, and it writes the payload into the caller's buffer.
#[derive(Debug, Clone)]
pub struct BodyDecoder {
    state: State,
    limits: Limits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Length { remaining: u64 },
    UntilClose,
    Chunk(Chunk),
    Done,
}

/// Position inside `Transfer-Encoding: chunked` (RFC 9112 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// Reading hex digits of the chunk size.
    Size {
        size: u64,
        digits: usize,
    },
    /// Whitespace after the size, before `;` or CR.
    SizeSpace {
        size: u64,
        line: usize,
    },
    /// Inside chunk extensions, which are skipped.
    Extension {
        size: u64,
        line: usize,
    },
    /// Saw CR after the size line.
    SizeLf {
        size: u64,
    },
    Data {
        remaining: u64,
    },
    DataCr,
    DataLf,
    /// At the start of a trailer line (or the final CRLF).
    TrailerStart {
        bytes: usize,
        fields: usize,
    },
    TrailerLine {
        bytes: usize,
        fields: usize,
    },
    TrailerLf {
        bytes: usize,
        fields: usize,
    },
    FinalLf,
}

impl BodyDecoder {
    /// A decoder for the given framing.
    pub fn new(framing: Framing, limits: Limits) -> Self {
        let state = match framing {
            Framing::Empty | Framing::Length(0) => State::Done,
            Framing::Length(n) => State::Length { remaining: n },
            Framing::Chunked => State::Chunk(Chunk::Size { size: 0, digits: 0 }),
            Framing::UntilClose => State::UntilClose,
        };
        Self { state, limits }
    }

    /// Whether the whole body has been decoded.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Decodes `input` into `out`. `out` is the remaining capacity of the body buffer:
    /// payload that does not fit is an error, not a reason to stop early.
    ///
    /// # Errors
    /// [`HttpError::BodyTooLarge`] when payload does not fit `out`;
    /// [`HttpError::MalformedChunk`], [`HttpError::ChunkLineTooLong`],
    /// [`HttpError::HeadersTooLarge`] / [`HttpError::TooManyHeaders`] (trailers) for bad
    /// chunked framing. After an error the decoder must not be used again.
    pub fn decode(&mut self, input: &[u8], out: &mut [u8]) -> Result<Progress, HttpError> {
        let mut consumed = 0usize;
        let mut written = 0usize;
        loop {
            let rest = input.get(consumed..).unwrap_or(&[]);
            if rest.is_empty() || self.state == State::Done {
                return Ok(Progress { consumed, written });
            }
            let space = out.get_mut(written..).unwrap_or(&mut []);
            match self.state {
                State::Done => {}
                State::Length { remaining } => {
                    let n = copy_payload(rest, space, remaining)?;
                    let left = remaining.saturating_sub(n as u64);
                    self.state = if left == 0 {
                        State::Done
                    } else {
                        State::Length { remaining: left }
                    };
                    consumed = consumed.saturating_add(n);
                    written = written.saturating_add(n);
                }
                State::UntilClose => {
                    let n = copy_payload(rest, space, u64::MAX)?;
                    consumed = consumed.saturating_add(n);
                    written = written.saturating_add(n);
                }
                State::Chunk(Chunk::Data { remaining }) => {
                    let n = copy_payload(rest, space, remaining)?;
                    let left = remaining.saturating_sub(n as u64);
                    self.state = State::Chunk(if left == 0 {
                        Chunk::DataCr
                    } else {
                        Chunk::Data { remaining: left }
                    });
                    consumed = consumed.saturating_add(n);
                    written = written.saturating_add(n);
                }
                State::Chunk(chunk) => {
                    let byte = rest.first().copied().unwrap_or(0);
                    self.state = self.chunk_byte(chunk, byte)?;
                    consumed = consumed.saturating_add(1);
                }
            }
        }
    }

    /// Tells the decoder the peer closed the connection.
    ///
    /// # Errors
    /// [`HttpError::UnexpectedEof`] unless the body was complete or delimited by the close.
    pub fn finish(&mut self) -> Result<(), HttpError> {
        match self.state {
            State::Done | State::UntilClose => {
                self.state = State::Done;
                Ok(())
            }
            _ => Err(HttpError::UnexpectedEof),
        }
    }

    /// One framing byte of the chunked encoding (everything except chunk data).
    fn chunk_byte(&self, chunk: Chunk, b: u8) -> Result<State, HttpError> {
        let max_line = self.limits.max_chunk_line_bytes;
        let next = match chunk {
            Chunk::Size { size, digits } => match hex_value(b) {
                Some(v) => {
                    let size = size
                        .checked_mul(16)
                        .and_then(|s| s.checked_add(u64::from(v)));
                    let digits = digits.saturating_add(1);
                    if digits > max_line {
                        return Err(HttpError::ChunkLineTooLong);
                    }
                    Chunk::Size {
                        size: size.ok_or(HttpError::MalformedChunk)?,
                        digits,
                    }
                }
                None if digits == 0 => return Err(HttpError::MalformedChunk),
                None => after_size(size, digits, b)?,
            },
            Chunk::SizeSpace { size, line } => after_size(size, bump(line, max_line)?, b)?,
            Chunk::Extension { size, line } => match b {
                b'\r' => Chunk::SizeLf { size },
                b'\t' => Chunk::Extension {
                    size,
                    line: bump(line, max_line)?,
                },
                b if b < 0x20 || b == 0x7f => return Err(HttpError::MalformedChunk),
                _ => Chunk::Extension {
                    size,
                    line: bump(line, max_line)?,
                },
            },
            Chunk::SizeLf { size } => match (b, size) {
                (b'\n', 0) => Chunk::TrailerStart {
                    bytes: 0,
                    fields: 0,
                },
                (b'\n', size) => Chunk::Data { remaining: size },
                _ => return Err(HttpError::MalformedChunk),
            },
            Chunk::Data { remaining } => Chunk::Data { remaining },
            Chunk::DataCr if b == b'\r' => Chunk::DataLf,
            Chunk::DataLf if b == b'\n' => Chunk::Size { size: 0, digits: 0 },
            Chunk::DataCr | Chunk::DataLf => return Err(HttpError::MalformedChunk),
            Chunk::TrailerStart { bytes, fields } => match b {
                b'\r' => Chunk::FinalLf,
                // Obsolete line folding, or a line without a field name.
                b' ' | b'\t' | b'\n' | b':' => return Err(HttpError::MalformedChunk),
                _ => {
                    let fields = fields.saturating_add(1);
                    if fields > self.limits.max_headers {
                        return Err(HttpError::TooManyHeaders);
                    }
                    self.trailer_byte(bytes, fields, b)?
                }
            },
            Chunk::TrailerLine { bytes, fields } => match b {
                b'\r' => Chunk::TrailerLf { bytes, fields },
                _ => self.trailer_byte(bytes, fields, b)?,
            },
            Chunk::TrailerLf { bytes, fields } if b == b'\n' => {
                Chunk::TrailerStart { bytes, fields }
            }
            Chunk::TrailerLf { .. } => return Err(HttpError::MalformedChunk),
            Chunk::FinalLf if b == b'\n' => return Ok(State::Done),
            Chunk::FinalLf => return Err(HttpError::MalformedChunk),
        };
        Ok(State::Chunk(next))
    }

    /// Trailer fields are counted against the header limits and otherwise skipped.
    fn trailer_byte(&self, bytes: usize, fields: usize, b: u8) -> Result<Chunk, HttpError> {
        if (b < 0x20 && b != b'\t') || b == 0x7f {
            return Err(HttpError::MalformedChunk);
        }
        let bytes = bytes.saturating_add(1);
        if bytes > self.limits.max_header_bytes {
            return Err(HttpError::HeadersTooLarge);
        }
        Ok(Chunk::TrailerLine { bytes, fields })
    }
}

/// The byte after at least one size digit: whitespace, an extension, or the line end.
fn after_size(size: u64, line: usize, b: u8) -> Result<Chunk, HttpError> {
    match b {
        b' ' | b'\t' => Ok(Chunk::SizeSpace { size, line }),
        b';' => Ok(Chunk::Extension { size, line }),
        b'\r' => Ok(Chunk::SizeLf { size }),
        _ => Err(HttpError::MalformedChunk),
    }
}

fn bump(line: usize, max: usize) -> Result<usize, HttpError> {
    let line = line.saturating_add(1);
    if line > max {
        Err(HttpError::ChunkLineTooLong)
    } else {
        Ok(line)
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b.saturating_sub(b'0')),
        b'a'..=b'f' => Some(b.saturating_sub(b'a').saturating_add(10)),
        b'A'..=b'F' => Some(b.saturating_sub(b'A').saturating_add(10)),
        _ => None,
    }
}

/// Copies up to `limit` payload bytes; input left over with no room is `BodyTooLarge`.
fn copy_payload(input: &[u8], out: &mut [u8], limit: u64) -> Result<usize, HttpError> {
    let want = usize::try_from(limit)
        .unwrap_or(usize::MAX)
        .min(input.len());
    if want > out.len() {
        return Err(HttpError::BodyTooLarge);
    }
    let (src, dst) = (
        input.get(..want).unwrap_or(&[]),
        out.get_mut(..want).unwrap_or(&mut []),
    );
    dst.copy_from_slice(src);
    Ok(want)
}
