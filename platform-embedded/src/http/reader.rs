use threeds_core::platform::HttpResponse;

use super::{BodyDecoder, Framing, HttpError, Limits, Status, parse_response_head};

/// The sans-IO response state machine shared by the blocking and the async client.
///
/// The driver loop is: ask [`ResponseReader::read_buffer`] where to read, read from the
/// stream into it, report the count with [`ResponseReader::advance`] (or
/// [`ResponseReader::finish`] on end of stream) until it yields the response.
///
/// Two caller buffers: `scratch` holds the response head (so it bounds the header bytes
/// together with [`Limits::max_header_bytes`]) and later the raw body bytes before
/// decoding; `body` receives the decoded body and bounds its size.
#[derive(Debug, Clone)]
pub struct ResponseReader {
    limits: Limits,
    phase: Phase,
    interim: usize,
}

#[derive(Debug, Clone)]
enum Phase {
    Head {
        filled: usize,
    },
    Body {
        status: u16,
        body_len: usize,
        decoder: BodyDecoder,
    },
    Done,
}

impl ResponseReader {
    /// A reader expecting a response head.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            phase: Phase::Head { filled: 0 },
            interim: 0,
        }
    }

    /// The part of `scratch` the next stream read must fill.
    ///
    /// # Errors
    /// [`HttpError::BufferTooSmall`] for an empty scratch buffer,
    /// [`HttpError::HeadersTooLarge`] when the head filled the scratch buffer.
    pub fn read_buffer<'s>(&self, scratch: &'s mut [u8]) -> Result<&'s mut [u8], HttpError> {
        if scratch.is_empty() {
            return Err(HttpError::BufferTooSmall);
        }
        match self.phase {
            Phase::Head { filled } => {
                let cap = self.head_cap(scratch.len());
                match scratch.get_mut(filled..cap) {
                    Some(free) if !free.is_empty() => Ok(free),
                    _ => Err(HttpError::HeadersTooLarge),
                }
            }
            Phase::Body { .. } | Phase::Done => Ok(scratch),
        }
    }

    /// Processes `n` bytes just read into [`ResponseReader::read_buffer`]. Returns the
    /// response once the body is complete, `None` while more bytes are needed.
    ///
    /// # Errors
    /// Any [`HttpError`] of the head parser or body decoder.
    pub fn advance(
        &mut self,
        n: usize,
        scratch: &mut [u8],
        body: &mut [u8],
    ) -> Result<Option<HttpResponse>, HttpError> {
        match &mut self.phase {
            Phase::Head { filled } => {
                let filled = filled.saturating_add(n).min(scratch.len());
                self.phase = Phase::Head { filled };
                self.try_head(scratch, body)
            }
            Phase::Body {
                status,
                body_len,
                decoder,
            } => {
                let input = scratch.get(..n).unwrap_or(&[]);
                let out = body.get_mut(*body_len..).unwrap_or(&mut []);
                let progress = decoder.decode(input, out)?;
                *body_len = body_len.saturating_add(progress.written);
                if decoder.is_done() {
                    let response = HttpResponse {
                        status: *status,
                        body_len: *body_len,
                    };
                    self.phase = Phase::Done;
                    return Ok(Some(response));
                }
                Ok(None)
            }
            Phase::Done => Ok(None),
        }
    }

    /// Handles end of stream.
    ///
    /// # Errors
    /// [`HttpError::UnexpectedEof`] unless the body is delimited by the close.
    pub fn finish(&mut self) -> Result<HttpResponse, HttpError> {
        match &mut self.phase {
            Phase::Body {
                status,
                body_len,
                decoder,
            } => {
                decoder.finish()?;
                let response = HttpResponse {
                    status: *status,
                    body_len: *body_len,
                };
                self.phase = Phase::Done;
                Ok(response)
            }
            Phase::Head { .. } | Phase::Done => Err(HttpError::UnexpectedEof),
        }
    }

    fn head_cap(&self, scratch_len: usize) -> usize {
        self.limits.max_header_bytes.min(scratch_len)
    }

    /// Parses the buffered head; skips interim responses; hands leftover bytes to the body.
    fn try_head(
        &mut self,
        scratch: &mut [u8],
        body: &mut [u8],
    ) -> Result<Option<HttpResponse>, HttpError> {
        let limits = Limits {
            max_header_bytes: self.head_cap(scratch.len()),
            ..self.limits
        };
        loop {
            let Phase::Head { filled } = self.phase else {
                return Ok(None);
            };
            let (status, framing, head_len) =
                match parse_response_head(scratch.get(..filled).unwrap_or(&[]), &limits)? {
                    Status::Partial => return Ok(None),
                    Status::Complete(head) => (head.status, head.framing, head.len),
                };
            if (100..200).contains(&status) {
                // 100 Continue and friends precede the real response; 101 would switch protocols.
                self.interim = self.interim.saturating_add(1);
                if status == 101 || self.interim > self.limits.max_interim_responses {
                    return Err(HttpError::UnexpectedStatus);
                }
                scratch.copy_within(head_len..filled, 0);
                self.phase = Phase::Head {
                    filled: filled.saturating_sub(head_len),
                };
                continue;
            }
            if let Framing::Length(n) = framing
                && u64::try_from(body.len()).is_ok_and(|cap| n > cap)
            {
                return Err(HttpError::BodyTooLarge);
            }
            let mut decoder = BodyDecoder::new(framing, self.limits);
            let leftover = scratch.get(head_len..filled).unwrap_or(&[]);
            let progress = decoder.decode(leftover, body)?;
            if decoder.is_done() {
                self.phase = Phase::Done;
                return Ok(Some(HttpResponse {
                    status,
                    body_len: progress.written,
                }));
            }
            self.phase = Phase::Body {
                status,
                body_len: progress.written,
                decoder,
            };
            return Ok(None);
        }
    }
}
